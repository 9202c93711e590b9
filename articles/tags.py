"""The two controlled vocabularies, each a taggit tag model with its own through model."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from taggit.models import TagBase, TaggedItemBase

from articles.slugs import pinyin_slug


class Vocabulary(TagBase):
    """A tag with a canonical name, the other names it goes by and an editor's review."""

    aliases = models.JSONField(
        _("aliases"), default=list, blank=True,
        help_text=_("Other names or abbreviations of the same thing, e.g. 市总工会."),
    )
    reviewed = models.BooleanField(
        _("reviewed"), default=False,
        help_text=_("Tags found by the importer start unreviewed until an editor checks them."),
    )
    retired = models.BooleanField(
        _("retired"), default=False,
        help_text=_("A retired tag stays on the stories that have it, but the importer no "
                    "longer suggests it and editors can no longer add it."),
    )

    class Meta:
        abstract = True
        ordering = ["name"]

    def slugify(self, tag, i=None):
        slug = pinyin_slug(tag, 90)
        return f"{slug}-{i}" if i is not None else slug

    @property
    def all_names(self) -> list[str]:
        return [self.name, *self.aliases]


MAX_DEPTH = 12  # no real union hierarchy is this deep; a longer chain is a loop


class UnionBody(Vocabulary):
    """A trade union body; ``parent`` is the body above it (全总 → 市总工会 → 区总工会 → …)."""

    parent = models.ForeignKey(
        "self", verbose_name=_("parent union body"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="children",
        help_text=_("The union body directly above this one, e.g. 北京市总工会 above a "
                    "district federation."),
    )

    class Meta(Vocabulary.Meta):
        verbose_name = _("union body")
        verbose_name_plural = _("union bodies")
        constraints = [
            models.CheckConstraint(condition=~Q(parent=F("pk")),
                                   name="union_body_not_its_own_parent"),
        ]

    def ancestors(self) -> list["UnionBody"]:
        """The bodies above this one, nearest first (stops at a loop rather than spinning)."""
        chain, seen, body = [], {self.pk}, self.parent
        while body is not None and body.pk not in seen and len(chain) < MAX_DEPTH:
            chain.append(body)
            seen.add(body.pk)
            body = body.parent
        return chain

    def clean(self):
        super().clean()
        if self.parent_id is None:
            return
        if self.parent_id == self.pk:
            raise ValidationError({"parent": _("A union body cannot be its own parent.")})
        if self.pk is not None and self.pk in {b.pk for b in self.parent.ancestors()}:
            raise ValidationError({"parent": _(
                "%(parent)s is below %(body)s already: a body cannot be under its own "
                "subordinate."
            ) % {"parent": self.parent.name, "body": self.name}})
        if self.parent.retired:
            raise ValidationError({"parent": _("A retired union body cannot be a parent.")})


class BeneficiaryGroup(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = _("beneficiary group")
        verbose_name_plural = _("beneficiary groups")


class TaggedUnionBody(TaggedItemBase):
    content_object = models.ForeignKey("articles.Article", on_delete=models.CASCADE)
    tag = models.ForeignKey(
        UnionBody, verbose_name=_("union body"), on_delete=models.CASCADE,
        related_name="tagged_articles",
    )

    class Meta:
        verbose_name = _("union body")
        verbose_name_plural = _("union bodies")
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="unique_union_body_tag")
        ]


class TaggedBeneficiaryGroup(TaggedItemBase):
    content_object = models.ForeignKey("articles.Article", on_delete=models.CASCADE)
    tag = models.ForeignKey(
        BeneficiaryGroup, verbose_name=_("beneficiary group"), on_delete=models.CASCADE,
        related_name="tagged_articles",
    )

    class Meta:
        verbose_name = _("beneficiary group")
        verbose_name_plural = _("beneficiary groups")
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="unique_beneficiary_group_tag"
            )
        ]
