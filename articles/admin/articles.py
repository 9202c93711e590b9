"""The article admin: where the newsroom drafts, reviews and publishes all day."""

import reversion
from django.contrib import admin
from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from articles.admin.forms import ArticleForm
from articles.admin.importing import ImportAdminMixin
from articles.admin.photos import PhotoInline, WaitingForPictureFilter
from articles.admin.proofreading import ProofreadingAdminMixin
from articles.admin.revisions import RevisionsAdminMixin
from articles.admin.workflow import WorkflowAdminMixin
from articles.models import (
    Article,
    Byline,
    Correction,
    TaggedBeneficiaryGroup,
    TaggedUnionBody,
)
from articles.site.caching import purge_deferred
from articles.site.search import indexing_deferred
from articles.workflow import (
    ArticleStatus,
    history,
    review_levels,
)


class EditableWithArticle:
    """Inline rows change only while the user may edit the story itself."""

    def may(self, request, obj):
        return obj is None or obj.may_edit(request.user)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self.may(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.may(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self.may(request, obj)


class BylineInline(EditableWithArticle, admin.TabularInline):
    model = Byline
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["person", "role", "position"]
    ordering = ["position", "id"]


class UnionBodyInline(EditableWithArticle, admin.TabularInline):
    model = TaggedUnionBody
    extra = 0
    autocomplete_fields = ["tag"]
    fields = ["tag", "found_from"]
    readonly_fields = ["found_from"]
    verbose_name = _("union body")
    verbose_name_plural = _("union bodies")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("tag", "content_object")

    @admin.display(description=_("found from"))
    def found_from(self, obj):
        """The phrases of the text the importer found the tag from (Article.tag_mentions)."""
        if obj.pk is None:
            return ""
        return "、".join(obj.content_object.tag_mentions.get(obj.tag.name, [])) or "—"


class BeneficiaryGroupInline(UnionBodyInline):
    model = TaggedBeneficiaryGroup
    verbose_name = _("beneficiary group")
    verbose_name_plural = _("beneficiary groups")


class ArticlePhotoInline(EditableWithArticle, PhotoInline):
    """Photographers attach photos to any story not yet published."""

    def may(self, request, obj):
        return obj is None or obj.may_attach_photos(request.user)


class CorrectionInline(admin.TabularInline):
    model = Correction
    extra = 0
    fields = ["text", "created_at", "issued_by", "print_edition_date", "print_page"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # issued through the workflow, never typed into a table

    def has_change_permission(self, request, obj=None):
        return False


class ReviewLevelFilter(admin.SimpleListFilter):
    title = _("review level")
    parameter_name = "level"

    def lookups(self, request, model_admin):
        return [(str(lv.number), lv.label) for lv in review_levels()]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(status=ArticleStatus.IN_REVIEW, review_level=self.value())
        return queryset


CORRECTION_FIELDSET = (_("Correction"), {"fields": [
    "is_correction", "correction_text", "correction_print_edition_date", "correction_print_page",
]})


@admin.register(Article)
class ArticleAdmin(ImportAdminMixin, RevisionsAdminMixin, WorkflowAdminMixin,
                   ProofreadingAdminMixin, admin.ModelAdmin):
    form = ArticleForm
    list_display = [
        "headline", "kind", "section", "status_shown", "level_shown", "byline_names",
        "edition_date", "updated_at",
    ]
    list_filter = [
        "status", ReviewLevelFilter, "kind", WaitingForPictureFilter, "section",
        "union_bodies", "beneficiary_groups",
        ("bylines__person", admin.RelatedOnlyFieldListFilter), "edition_date",
    ]
    search_fields = ["headline", "body", "bylines__person__name"]

    def view_on_site(self, obj):
        # Readers get a 404 for anything not live; the preview link covers the rest.
        return obj.get_absolute_url() if obj.is_live else None
    date_hierarchy = "edition_date"
    inlines = [BylineInline, ArticlePhotoInline, UnionBodyInline, BeneficiaryGroupInline,
               CorrectionInline]
    fieldsets = [
        (None, {"fields": ["kicker", "headline", "subheadline", "kind", "section"]}),
        (_("Text"), {"fields": ["body", "summary", "character_count"]}),
        (_("Print"), {"fields": ["dateline", "event_date", "edition_date", "page", "page_name"]}),
        (_("Republished (转载)"), {"classes": ["collapse"], "fields": [
            "is_republished", "republished_source", "republished_author", "republished_title",
        ]}),
        (_("Publishing"), {"fields": ["slug", "publish_at", "loaded_version"]}),
        CORRECTION_FIELDSET,
        (_("Workflow and provenance"), {"classes": ["collapse"], "fields": [
            "status", "review_level", "review_round", "published_at", "first_published_at",
            "version", "created_by", "updated_by", "source_file", "source_position",
        ]}),
    ]
    PROVENANCE = [
        "character_count", "status", "review_level", "review_round", "published_at",
        "first_published_at", "version", "created_by", "updated_by", "source_file",
        "source_position",
    ]
    CONTENT = ["kicker", "headline", "subheadline", "kind", "section", "body", "summary",
               "dateline", "event_date", "edition_date", "page", "page_name", "slug", "publish_at",
               "is_republished", "republished_source", "republished_author",
               "republished_title"]

    def get_queryset(self, request):
        articles = super().get_queryset(request).select_related("section").prefetch_related(
            Prefetch("bylines", queryset=Byline.objects.select_related("person"))
        )
        return articles.visible_to(request.user)

    def get_fieldsets(self, request, obj=None):
        sets = self.fieldsets
        if obj is None or obj.status != ArticleStatus.PUBLISHED or not obj.may_edit(request.user):
            sets = [s for s in sets if s is not CORRECTION_FIELDSET]
        return sets

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not obj.may_edit(request.user):
            return [*self.PROVENANCE, *self.CONTENT]
        return self.PROVENANCE

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return obj.may_edit(request.user) or obj.may_attach_photos(request.user)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    @admin.display(description=_("characters"))
    def character_count(self, obj):
        return obj.character_count

    @admin.display(description=_("status"), ordering="status")
    def status_shown(self, obj):
        if obj.is_scheduled:
            return _("scheduled for %(time)s") % {
                "time": admin.utils.display_for_value(obj.published_at, "")
            }
        return obj.get_status_display()

    @admin.display(description=_("review level"), ordering="review_level")
    def level_shown(self, obj):
        waiting = obj.current_level
        return waiting.label if waiting else "—"

    @admin.display(description=_("bylines"))
    def byline_names(self, obj):
        return "、".join(b.person.name for b in obj.bylines.all())

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # One transaction for the baseline, the story, its inline rows, revision and search
        # document: a save cut off (the database restarting) leaves nothing half-written.
        # The page cache is purged once, after the commit.
        with purge_deferred(), transaction.atomic():
            extra_context = dict(extra_context or {})
            article = self.get_object(request, object_id) if object_id else None
            if article is not None:
                if request.method == "POST":
                    history.record_baseline(article, request.user)
                extra_context.update(self.workflow_context(request, article))
                extra_context.update(self.proofreading_context(request, article))
            # A save writes the story, then each inline row: index it once, at the end.
            with indexing_deferred(), reversion.create_revision():
                reversion.set_user(request.user)
                return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article = form.instance
        # Follow the bylines and tags as saved, not as they were before the inlines ran.
        reversion.add_to_revision(article)
        data = form.cleaned_data
        if data.get("is_correction"):
            article.correct(
                request.user, data["correction_text"],
                print_edition_date=data.get("correction_print_edition_date"),
                print_page=data.get("correction_print_page"),
            )
