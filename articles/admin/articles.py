"""The article admin: where the newsroom drafts, reviews and publishes all day."""

import reversion
from django.contrib import admin
from django.contrib.admin import helpers
from django.db import transaction
from django.db.models import Prefetch
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from articles.admin.forms import ArticleForm
from articles.admin.importing import ImportAdminMixin
from articles.admin.messages import ChineseHistoryMixin
from articles.admin.people import StaffNamesMixin
from articles.admin.photos import PhotoInline, WaitingForPictureFilter
from articles.admin.presence import PresenceAdminMixin
from articles.admin.proofreading import ProofreadingAdminMixin
from articles.admin.revisions import RevisionsAdminMixin
from articles.admin.workflow import WorkflowAdminMixin
from articles.importer.leads import add_bylines
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


def asked_once(request, article, right: str) -> bool:
    """``article.may_edit(user)`` (or another right) once per request and story state.

    The change form asks it for the form and again for each inline and each of its rows,
    and each answer reads the story's authors from the database.
    """
    answers = request.__dict__.setdefault("_article_rights", {})
    key = (right, article.pk, article.status, article.version)
    if key not in answers:
        answers[key] = getattr(article, right)(request.user)
    return answers[key]


class EditableWithArticle:
    """Inline rows change only while the user may edit the story itself."""

    def may(self, request, obj):
        return obj is None or asked_once(request, obj, "may_edit")

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

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person")  # each row's title


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
        return obj is None or asked_once(request, obj, "may_attach_photos")


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

    def has_view_permission(self, request, obj=None):
        # Nothing to show before the first correction: no empty table on every draft.
        if obj is None or not super().has_view_permission(request, obj):
            return False
        known = request.__dict__.setdefault("_has_corrections", {})
        if obj.pk not in known:
            known[obj.pk] = obj.corrections.exists()
        return known[obj.pk]


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
class ArticleAdmin(ChineseHistoryMixin, StaffNamesMixin, PresenceAdminMixin, ImportAdminMixin,
                   RevisionsAdminMixin, WorkflowAdminMixin, ProofreadingAdminMixin,
                   admin.ModelAdmin):
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
        (_("Print"), {"fields": ["dateline", "event_date", "edition_date", "page", "page_name",
                                 "staff_credits_shown"]}),
        (_("Republished (转载)"), {"classes": ["collapse"], "fields": [
            "is_republished", "republished_source", "republished_author", "republished_title",
        ]}),
        (_("Publishing"), {"fields": ["slug", "publish_at", "loaded_version"]}),
        CORRECTION_FIELDSET,
        (_("Workflow and provenance"), {"classes": ["collapse"], "fields": [
            "status", "review_level", "review_round", "published_at", "first_published_at",
            "version", "created_by_name", "updated_by_name", "source_file", "source_position",
        ]}),
    ]
    PROVENANCE = [
        "character_count", "staff_credits_shown", "status", "review_level", "review_round",
        "published_at", "first_published_at", "version", "created_by_name", "updated_by_name",
        "source_file",
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
        if obj is None or obj.status != ArticleStatus.PUBLISHED or not asked_once(
                request, obj, "may_edit"):
            sets = [s for s in sets if s is not CORRECTION_FIELDSET]
        if obj is not None and not self.has_change_permission(request, obj):
            # Read-only: the form's bookkeeping field would show as a row reading "None".
            sets = [(name, {**o, "fields": [f for f in o["fields"] if f != "loaded_version"]})
                    for name, o in sets]
        return sets

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not asked_once(request, obj, "may_edit"):
            return [*self.PROVENANCE, *self.CONTENT]
        return self.PROVENANCE

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return asked_once(request, obj, "may_attach_photos")  # may_edit implies it

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    @admin.display(description=_("characters"))
    def character_count(self, obj):
        return obj.character_count

    @admin.display(description=_("staff credits"))
    def staff_credits_shown(self, obj):
        # The page's staff lines as printed (编辑：甲　审核：乙): print credits, not logins.
        return "　".join(f"{label}：{name}" for label, name in obj.staff_credits) or "—"

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

    @admin.display(description=mark_safe('<input type="checkbox" id="action-toggle">'))
    def action_checkbox(self, obj):
        # Django's own input, written out: a widget template per row was a third of the list.
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME, obj.pk,
            format_html(_("Select this object for an action - {}"), str(obj)),
        )

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
        add_bylines(article, form.lead_people)
        # Follow the bylines and tags as saved, not as they were before the inlines ran.
        reversion.add_to_revision(article)
        data = form.cleaned_data
        if data.get("is_correction"):
            article.correct(
                request.user, data["correction_text"],
                print_edition_date=data.get("correction_print_edition_date"),
                print_page=data.get("correction_print_page"),
            )
