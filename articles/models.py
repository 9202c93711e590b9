"""The newsroom's domain: people, sections, articles, their bylines and photos."""

import re
import uuid

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from articles import photos
from articles.proofreading.records import (  # noqa: F401 - models of this app
    IgnoredFinding,
    ProofreadingRound,
    SensitiveAcknowledgement,
    SensitiveTerm,
    WordListEntry,
)
from articles.site.shared import PageGeneration, RateCount  # noqa: F401 - models of this app
from articles.slugs import pinyin_slug, unique_slug
from articles.tags import (
    BeneficiaryGroup,
    TaggedBeneficiaryGroup,
    TaggedUnionBody,
    UnionBody,
)
from articles.workflow import (
    REVIEWERS,
    ArticleStatus,
    ArticleWorkflow,
    roles,
    roles_of,
    written_by_q,
)
from articles.workflow.corrections import Correction  # noqa: F401 - a model of this app
from articles.workflow.reviews import Approval, WorkflowEvent  # noqa: F401 - models of this app

__all__ = [
    "Article",
    "ArticleKind",
    "ArticleStatus",
    "BeneficiaryGroup",
    "Byline",
    "BylineRole",
    "Person",
    "Photo",
    "Section",
    "TaggedBeneficiaryGroup",
    "TaggedUnionBody",
    "UnionBody",
]

SUMMARY_LENGTH = 120
SENTENCE_END = re.compile(r"[。！？!?…]”?")


def cut_summary(paragraph: str, limit: int = SUMMARY_LENGTH) -> str:
    """The paragraph, or its longest run of whole sentences within ``limit`` characters."""
    paragraph = paragraph.strip()
    if len(paragraph) <= limit:
        return paragraph
    ends = [m.end() for m in SENTENCE_END.finditer(paragraph, 0, limit)]
    if ends:
        return paragraph[: ends[-1]]
    clause = max(paragraph.rfind(mark, 0, limit) for mark in "，；、,;")
    return (paragraph[:clause] if clause > limit // 2 else paragraph[: limit - 1]) + "…"


class Section(models.Model):
    name = models.CharField(_("name"), max_length=50, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:section", args=[self.slug])


class Person(models.Model):
    class Affiliation(models.TextChoices):
        STAFF = "staff", _("staff reporter")
        CORRESPONDENT = "correspondent", _("correspondent")

    name = models.CharField(_("name"), max_length=40, db_index=True)
    slug = models.SlugField(
        _("slug"), max_length=80, unique=True, blank=True,
        help_text=_("Part of the person's page address; set once, never changed."),
    )
    affiliation = models.CharField(
        _("affiliation"), max_length=20, choices=Affiliation.choices, default=Affiliation.STAFF
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("login"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="person",
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.CheckConstraint(
                condition=Q(affiliation__in=["staff", "correspondent"]),
                name="person_affiliation_valid",
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Person, self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:person", args=[self.slug])


class ArticleKind(models.TextChoices):
    STORY = "story", _("story")
    PHOTO = "photo", _("photo news")


class BylineRole(models.TextChoices):
    REPORTER = "reporter", _("reporter")
    CORRESPONDENT = "correspondent", _("correspondent")
    PHOTOGRAPHER = "photographer", _("photographer")
    EDITOR = "editor", _("editor")
    INTERN = "intern", _("intern")


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """All that readers may see: published, and not scheduled for later."""
        return self.filter(published_q())

    def visible_to(self, user):
        """What a newsroom user may open in the admin, by any URL.

        The desk (editors, the chief, photographers who picture any story, proofreaders who
        read every one) sees every story; everyone else their own stories and what readers
        see, never a scheduled one.
        """
        held = roles_of(user)
        if user.is_superuser or held & (REVIEWERS | {roles.PHOTOGRAPHER, roles.PROOFREADER}):
            return self
        own = Article.objects.filter(written_by_q(user)).values("pk")
        return self.filter(Q(pk__in=own) | published_q())

    def for_listing(self):
        return self.select_related("section").prefetch_related(
            models.Prefetch("bylines", queryset=Byline.objects.select_related("person")),
            models.Prefetch("photos", queryset=Photo.objects.select_related("photographer")),
        )

    def for_cards(self):
        """A list of cards: each card's bylines are read only when it is rendered
        (articles/site/fragments.py), and no list shows the body."""
        return self.select_related("section").defer("body", "tag_mentions")

    def for_article_page(self):
        return self.for_listing().prefetch_related(
            "union_bodies", "beneficiary_groups", "corrections"
        )

    def for_feed(self):
        return self.select_related("section").prefetch_related(
            models.Prefetch("bylines", queryset=Byline.objects.select_related("person")),
        )

    def for_teasers(self):
        """Headline links only (related stories, sitemaps): no bylines, no photos."""
        return self.only(
            "id", "slug", "kicker", "headline", "published_at", "updated_at", "edition_date"
        )


def published_q() -> Q:
    return Q(status=ArticleStatus.PUBLISHED, published_at__lte=timezone.now())


class Article(ArticleWorkflow, models.Model):
    Kind = ArticleKind
    Status = ArticleStatus

    kicker = models.CharField(_("kicker"), max_length=200, blank=True)
    headline = models.CharField(_("headline"), max_length=200)
    subheadline = models.CharField(_("subheadline"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.STORY)
    section = models.ForeignKey(
        Section, verbose_name=_("section"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="articles",
    )
    body = models.TextField(
        _("body"), blank=True, help_text=_("One paragraph per line, in order.")
    )
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("Left empty, the first paragraph is used.")
    )
    dateline = models.CharField(
        _("dateline"), max_length=40, blank=True, help_text=_("The date as printed, e.g. 1月16日.")
    )
    event_date = models.DateField(_("event date"), null=True, blank=True)
    edition_date = models.DateField(_("edition date"), null=True, blank=True, db_index=True)
    page = models.PositiveSmallIntegerField(_("page"), null=True, blank=True)
    page_name = models.CharField(
        _("page name"), max_length=40, blank=True,
        help_text=_("The printed page's name, e.g. 要闻."),
    )

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    review_level = models.PositiveSmallIntegerField(
        _("review level"), default=0, editable=False,
        help_text=_("The review level the story waits for while in review."),
    )
    review_round = models.PositiveSmallIntegerField(
        _("review round"), default=0, editable=False,
        help_text=_("How many times the story has been submitted for review."),
    )
    publish_at = models.DateTimeField(_("publish at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, editable=False)
    first_published_at = models.DateTimeField(_("first published at"), null=True, editable=False)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, editable=False,
        on_delete=models.SET_NULL, related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("updated by"), null=True, editable=False,
        on_delete=models.SET_NULL, related_name="+",
    )
    # The editor who took an imported story for the desk (认领); an author for separation of duties.
    desk_editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("desk editor"), null=True, blank=True,
        editable=False, on_delete=models.SET_NULL, related_name="desk_stories",
    )
    # Who counted as an author when the story went to review: fixed then, so that editing
    # bylines during review changes nothing about who may sign a level of it.
    submitted_authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("authors at submission"), blank=True,
        editable=False, related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    source_file = models.CharField(_("source file"), max_length=200, blank=True, editable=False)
    source_position = models.PositiveSmallIntegerField(
        _("position in source"), null=True, editable=False
    )
    source_hash = models.CharField(
        _("content hash at import"), max_length=64, blank=True, editable=False, db_index=True
    )
    # 转载: a story from another outlet shows where it came from, as the regulations ask.
    is_republished = models.BooleanField(_("republished (转载)"), default=False)
    republished_source = models.CharField(_("source"), max_length=100, blank=True)
    republished_author = models.CharField(_("original author"), max_length=100, blank=True)
    republished_title = models.CharField(_("original title"), max_length=200, blank=True)

    # Why the importer suggested each tag: tag name -> the phrases of the text it was found from.
    tag_mentions = models.JSONField(_("tag mentions"), default=dict, blank=True, editable=False)
    # The page's staff lines as printed, [label, name] each (编辑, 审核, 校对 …): print
    # credits, not logins; only the editing labels also become editor bylines.
    staff_credits = models.JSONField(_("staff credits"), default=list, blank=True, editable=False)

    union_bodies = TaggableManager(
        verbose_name=_("union bodies"), through=TaggedUnionBody, related_name="articles",
        blank=True, help_text="",
    )
    beneficiary_groups = TaggableManager(
        verbose_name=_("beneficiary groups"), through=TaggedBeneficiaryGroup,
        related_name="articles", blank=True, help_text="",
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [models.Index(fields=["status", "-published_at"], name="article_published_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["source_file", "source_position"],
                condition=~Q(source_file=""),
                name="unique_import_provenance",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ArticleStatus.values), name="article_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ArticleKind.values), name="article_kind_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=ArticleStatus.PUBLISHED) | Q(published_at__isnull=False),
                name="published_article_has_time",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="article_version_positive"),
            models.CheckConstraint(
                condition=Q(source_file="") | Q(source_position__isnull=False),
                name="import_provenance_complete",
            ),
            models.CheckConstraint(
                condition=Q(is_republished=False)
                | (~Q(republished_source="") & ~Q(republished_author="")
                   & ~Q(republished_title="")),
                name="republished_names_its_origin",
            ),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = pinyin_slug(self.headline, 100)
        if self.paragraphs and self.summary_follows_body():
            self.summary = cut_summary(self.paragraphs[0])
        if not self._state.adding:
            # Every write moves the version on, so a form loaded before it is known stale.
            self.version += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)
        self._loaded_body = self.__dict__.get("body")

    def get_absolute_url(self):
        return reverse("articles:article", args=[self.pk, self.slug])

    @classmethod
    def from_db(cls, db, field_names, values):
        article = super().from_db(db, field_names, values)
        # The body as loaded: whether the summary still follows it is told against this.
        article._loaded_body = article.__dict__.get("body")
        return article

    def summary_follows_body(self) -> bool:
        """Empty, or still the cut of the first paragraph as loaded: nobody wrote it by hand."""
        if not self.summary.strip():
            return True
        loaded = getattr(self, "_loaded_body", None)
        first = next((line.strip() for line in (loaded or "").splitlines() if line.strip()), "")
        return bool(first) and self.summary == cut_summary(first)

    @property
    def paragraphs(self) -> list[str]:
        return [line.strip() for line in self.body.splitlines() if line.strip()]

    @property
    def character_count(self) -> int:
        """字数: the length of the story in characters, as a Chinese newsroom counts it."""
        return sum(len(p) for p in self.paragraphs)

    @property
    def is_live(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )


class Byline(models.Model):
    Role = BylineRole

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="bylines"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="bylines"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("byline")
        verbose_name_plural = _("bylines")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "person", "role"], name="one_byline_per_person_and_role"
            ),
            models.CheckConstraint(
                condition=Q(role__in=BylineRole.values), name="byline_role_valid"
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()} {self.person}"


def photo_path(instance, filename):
    """A generated path: the uploaded file name may reveal more than it should."""
    today = timezone.localdate()
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "jpg"
    return f"photos/{today:%Y/%m/%d}/{uuid.uuid4().hex}.{extension}"


class Photo(models.Model):
    article = models.ForeignKey(
        Article, verbose_name=_("article"), null=True, blank=True,
        on_delete=models.CASCADE, related_name="photos",
    )
    image = models.ImageField(
        _("image"), upload_to=photo_path, width_field="width", height_field="height",
        db_index=True,  # the media view finds a photo by its file's name
    )
    width = models.PositiveIntegerField(_("width"), null=True, editable=False)
    height = models.PositiveIntegerField(_("height"), null=True, editable=False)
    caption = models.TextField(_("caption"), blank=True)
    alt_text = models.CharField(
        _("alt text"), max_length=250, blank=True,
        help_text=_("What the picture shows, for readers who cannot see it."),
    )
    photographer = models.ForeignKey(
        Person, verbose_name=_("photographer"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="photos",
    )
    # Not every picture is by someone on the desk: 新华社发, 受访者供图, 资料图片.
    credit = models.CharField(
        _("credit"), max_length=60, blank=True,
        help_text=_("When no photographer is named: the credit as printed, e.g. 新华社发, "
                    "受访者供图, 资料图片."),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    renditions = models.JSONField(_("renditions"), default=dict, blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, editable=False,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        constraints = [
            models.CheckConstraint(
                condition=Q(photographer__isnull=True) | Q(credit=""),
                name="photo_credit_is_a_person_or_text",
            ),
        ]

    def __str__(self):
        return self.caption[:40] or self.image.name

    def save(self, *args, **kwargs):
        if self.image and not self.image._committed:
            with photos.storing_upload(self):
                super().save(*args, **kwargs)
        else:
            super().save(*args, **kwargs)

    @property
    def srcset_webp(self) -> str:
        return photos.srcset(self, "webp")

    @property
    def srcset_jpeg(self) -> str:
        return photos.srcset(self, "jpeg")

    @property
    def src(self) -> str:
        """For browsers that ignore srcset: a mid-sized JPEG, or the original if none."""
        return photos.jpeg_url(self, width=960)

    @property
    def share_url(self) -> str:
        """For link previews (og:image) and feeds: the largest JPEG, never the full original."""
        return photos.jpeg_url(self, width=1600)

    @property
    def thumbnail_url(self) -> str:
        return photos.jpeg_url(self, width=0)

    @property
    def has_alt_text(self) -> bool:
        return bool(self.alt_text.strip())


class SearchDocument(models.Model):
    article = models.OneToOneField(
        Article, primary_key=True, on_delete=models.CASCADE, related_name="search_document"
    )
    headline = models.TextField(blank=True)
    display = models.TextField(blank=True)
    text = models.TextField(blank=True)
    tags = models.TextField(blank=True)
    vector = SearchVectorField(null=True)

    class Meta:
        verbose_name = "search document"

    def __str__(self):
        return self.headline
