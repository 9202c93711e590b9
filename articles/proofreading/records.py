"""What the desk keeps about proofreading: word lists, ignored findings, acknowledged
sensitive hits and the 三校 rounds. Models of the articles app, kept with their capability."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class WordListEntry(models.Model):
    """A wrong form or a 规范表述: shipped with the product or added by the chief."""

    class Kind(models.TextChoices):
        WRONG_FORM = "wrong_form", _("wrong form")
        STANDARD_FORM = "standard_form", _("standard expression")

    kind = models.CharField(_("list"), max_length=20, choices=Kind.choices)
    found = models.CharField(_("text to find"), max_length=60)
    suggestion = models.CharField(
        _("write instead"), max_length=60, blank=True,
        help_text=_("Left empty for an expression the paper does not use at all."),
    )
    first_mention = models.BooleanField(
        _("full name at first mention"), default=False,
        help_text=_("The short form is fine once the full name (above) has come first."),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)
    shipped = models.BooleanField(_("shipped with the product"), default=False, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("added by"), null=True, blank=True,
        editable=False, on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        ordering = ["kind", "found"]
        verbose_name = _("word list entry")
        verbose_name_plural = _("word lists (wrong forms, standard expressions)")
        constraints = [
            models.UniqueConstraint(fields=["kind", "found"], name="one_entry_per_text"),
            models.CheckConstraint(condition=Q(kind__in=["wrong_form", "standard_form"]),
                                   name="wordlist_kind_valid"),
            models.CheckConstraint(condition=~Q(found=""), name="wordlist_found_not_empty"),
            models.CheckConstraint(condition=~Q(found=F("suggestion")),
                                   name="wordlist_suggestion_differs"),
            models.CheckConstraint(
                condition=~Q(kind="wrong_form") | ~Q(suggestion=""),
                name="wrong_form_has_right_form",
            ),
            models.CheckConstraint(
                condition=Q(first_mention=False) | ~Q(suggestion=""),
                name="first_mention_has_full_name",
            ),
        ]

    def __str__(self):
        return f"{self.found} → {self.suggestion}" if self.suggestion else self.found


class SensitiveTerm(models.Model):
    """Managed by the chief alone; a hit blocks 终审 and publishing until acknowledged."""

    term = models.CharField(_("term"), max_length=60, unique=True)
    note = models.CharField(_("note"), max_length=200, blank=True,
                            help_text=_("Shown to the signer beside the hit."))
    is_active = models.BooleanField(_("in use"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("added by"), null=True, blank=True,
        editable=False, on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        ordering = ["term"]
        verbose_name = _("sensitive term")
        verbose_name_plural = _("sensitive terms")
        constraints = [
            models.CheckConstraint(condition=~Q(term=""), name="sensitive_term_not_empty"),
        ]

    def __str__(self):
        return self.term


class IgnoredFinding(models.Model):
    """忽略: a finding the desk judged not an error, with the reason."""

    article = models.ForeignKey("articles.Article", verbose_name=_("article"),
                                on_delete=models.CASCADE, related_name="ignored_findings")
    key = models.CharField(_("finding"), max_length=32)
    rule = models.CharField(_("rule"), max_length=40)
    text = models.CharField(_("text found"), max_length=200)
    reason = models.TextField(_("reason"))
    ignored_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("ignored finding")
        verbose_name_plural = _("ignored findings")
        constraints = [
            models.UniqueConstraint(fields=["article", "key"], name="ignore_a_finding_once"),
            models.CheckConstraint(condition=~Q(reason=""), name="ignored_finding_has_reason"),
        ]

    def __str__(self):
        return f"{self.text}（{self.reason[:20]}）"


class SensitiveAcknowledgement(models.Model):
    """The signer read the sensitive term in context and lets it stand, saying why."""

    article = models.ForeignKey("articles.Article", verbose_name=_("article"),
                                on_delete=models.CASCADE, related_name="sensitive_acknowledgements")
    term = models.CharField(_("term"), max_length=60)
    reason = models.TextField(_("reason"))
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True,
                                        on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("sensitive term acknowledgement")
        verbose_name_plural = _("sensitive term acknowledgements")
        constraints = [
            models.UniqueConstraint(fields=["article", "term"], name="acknowledge_a_term_once"),
            models.CheckConstraint(condition=~Q(reason=""), name="acknowledgement_has_reason"),
        ]

    def __str__(self):
        return f"{self.term}：{self.reason[:20]}"


class ErrorCategory(models.TextChoices):
    """The categories of 编校差错 a proofreader counts."""

    TEXT = "text", _("wording")
    PUNCTUATION = "punctuation", _("punctuation")
    NUMBERS = "numbers", _("numbers")
    FACTS = "facts", _("facts")
    POLITICAL = "political", _("political")


class ProofreadingRound(models.Model):
    """一校, 二校 or 三校 of a story, or errors found in it after publication (见报后)."""

    class Round(models.IntegerChoices):
        FIRST = 1, _("first proofreading")
        SECOND = 2, _("second proofreading")
        THIRD = 3, _("third proofreading")

    article = models.ForeignKey("articles.Article", verbose_name=_("article"),
                                on_delete=models.CASCADE, related_name="proofreading_rounds")
    round = models.PositiveSmallIntegerField(
        _("round"), choices=Round.choices, null=True, blank=True,
        help_text=_("Empty for errors found after publication."),
    )
    proofreader = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("proofreader"),
                                    on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("proofread at"), auto_now_add=True, db_index=True)
    text_errors = models.PositiveSmallIntegerField(_("wording errors"), default=0)
    punctuation_errors = models.PositiveSmallIntegerField(_("punctuation errors"), default=0)
    number_errors = models.PositiveSmallIntegerField(_("number errors"), default=0)
    fact_errors = models.PositiveSmallIntegerField(_("factual errors"), default=0)
    political_errors = models.PositiveSmallIntegerField(_("political errors"), default=0)
    note = models.TextField(_("note"), blank=True)
    # Set from the story's state when recorded: errors in print count against 差错率.
    after_publication = models.BooleanField(_("after publication"), default=False,
                                            editable=False)

    COUNT_FIELDS = {
        ErrorCategory.TEXT: "text_errors",
        ErrorCategory.PUNCTUATION: "punctuation_errors",
        ErrorCategory.NUMBERS: "number_errors",
        ErrorCategory.FACTS: "fact_errors",
        ErrorCategory.POLITICAL: "political_errors",
    }

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("proofreading round")
        verbose_name_plural = _("proofreading rounds")
        constraints = [
            models.CheckConstraint(condition=Q(round__isnull=True) | Q(round__in=[1, 2, 3]),
                                   name="proofreading_round_valid"),
            models.CheckConstraint(
                condition=Q(after_publication=True) | Q(round__isnull=False),
                name="proofreading_round_before_publication",
            ),
            models.UniqueConstraint(
                fields=["article", "round"], condition=Q(round__isnull=False),
                name="one_proofreading_round_each",
            ),
        ]

    def __str__(self):
        return f"{self.label}：{self.total}"

    @property
    def label(self):
        return self.get_round_display() if self.round else _("after publication")

    @property
    def total(self) -> int:
        return sum(getattr(self, name) for name in self.COUNT_FIELDS.values())

    def counts(self):
        return [(ErrorCategory(c).label, getattr(self, name))
                for c, name in self.COUNT_FIELDS.items()]
