"""The admin's proofreading: the word lists, the 三校 record, the 差错率 report, and the
校对 panel's buttons on the article change form (忽略, 确认, one-click fixes, rounds)."""

import reversion
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from articles.models import Article, ProofreadingRound, SensitiveTerm, WordListEntry
from articles.proofreading import CATEGORY_LABELS, desk, error_rate
from articles.workflow import REVIEWERS, history, roles, roles_of


def may_proofread(user) -> bool:
    return user.is_superuser or bool(roles_of(user) & {roles.PROOFREADER, *REVIEWERS})


def may_acknowledge(user) -> bool:
    """The chief editor signs 终审 and publishes: the one who lets a sensitive term stand."""
    return roles.CHIEF_EDITOR in roles_of(user)


class AddedByMixin:
    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(WordListEntry)
class WordListEntryAdmin(AddedByMixin, admin.ModelAdmin):
    list_display = ["found", "suggestion", "kind", "first_mention", "is_active", "shipped",
                    "created_by"]
    list_filter = ["kind", "is_active", "shipped", "first_mention"]
    search_fields = ["found", "suggestion", "note"]
    fields = ["kind", "found", "suggestion", "first_mention", "note", "is_active"]


@admin.register(SensitiveTerm)
class SensitiveTermAdmin(AddedByMixin, admin.ModelAdmin):
    """Only the chief editor's group holds this model's permissions (migration 0013_d)."""

    list_display = ["term", "note", "is_active", "created_by", "created_at"]
    list_filter = ["is_active"]
    search_fields = ["term", "note"]
    fields = ["term", "note", "is_active"]


@admin.register(ProofreadingRound)
class ProofreadingRoundAdmin(admin.ModelAdmin):
    list_display = ["article", "label_shown", "proofreader", "created_at", "text_errors",
                    "punctuation_errors", "number_errors", "fact_errors", "political_errors",
                    "after_publication"]
    list_filter = ["round", "after_publication", "created_at"]
    list_select_related = ["article", "proofreader"]
    search_fields = ["article__headline"]

    def has_add_permission(self, request):
        return False  # recorded from the story's 校对 panel, where the story is in view

    def has_change_permission(self, request, obj=None):
        return False  # a record of what was found: kept as recorded

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    @admin.display(description=gettext_lazy("round"), ordering="round")
    def label_shown(self, obj):
        return obj.label

    def get_urls(self):
        return [
            path("error-rate/", self.admin_site.admin_view(self.error_rate_view),
                 name="articles_error_rate"),
            *super().get_urls(),
        ]

    def error_rate_view(self, request):
        if not (request.user.is_superuser or roles_of(request.user) & REVIEWERS):
            raise PermissionDenied
        editions, months = error_rate.report(Article.objects.published())
        return TemplateResponse(request, "admin/articles/error_rate.html", {
            **self.admin_site.each_context(request),
            "title": _("Error rate (差错率)"),
            "editions": editions,
            "months": months,
            "limit": error_rate.LIMIT,
            "opts": self.model._meta,
        })


class ProofreadingAdminMixin:
    """The 校对 panel on the article change form and its POST views."""

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path("<int:object_id>/proofreading/<str:what>/",
                 view(require_POST(self.proofreading_view)), name=f"{prefix}_proofreading"),
            *super().get_urls(),
        ]

    def proofreading_context(self, request, article):
        result = desk.report(article)
        texts = {name: getattr(article, name) for name in desk.CHECKED_FIELDS}
        user = request.user
        return {
            "proofreading": {
                "open": [self._row(f, texts) for f in result.open],
                "ignored": [(self._row(f, texts), row) for f, row in result.ignored],
                "sensitive_open": result.sensitive_open,
                "acknowledged": result.acknowledged,
                "count": result.count,
                "rounds": list(article.proofreading_rounds.select_related("proofreader")),
                "round_choices": ProofreadingRound.Round.choices,
                "count_fields": [
                    (name, ProofreadingRound._meta.get_field(name).verbose_name)
                    for name in ProofreadingRound.COUNT_FIELDS.values()
                ],
                "may_fix": article.may_edit(user) and article.status != Article.Status.PUBLISHED,
                "may_ignore": article.may_edit(user) or may_proofread(user),
                "may_acknowledge": may_acknowledge(user),
                "may_record": may_proofread(user),
                "fix_url": reverse("admin:articles_article_proofreading",
                                   args=[article.pk, "fix"]),
                "ignore_url": reverse("admin:articles_article_proofreading",
                                      args=[article.pk, "ignore"]),
                "acknowledge_url": reverse("admin:articles_article_proofreading",
                                           args=[article.pk, "acknowledge"]),
                "round_url": reverse("admin:articles_article_proofreading",
                                     args=[article.pk, "round"]),
            }
        }

    @staticmethod
    def _row(item, texts):
        text = texts.get(item.field, "")
        start, end = item.start, item.end
        # Twenty characters each side, within the finding's paragraph.
        before = text[max(0, start - 20):start].rsplit("\n", 1)[-1]
        after = text[end:end + 20].split("\n", 1)[0]
        return {
            "finding": item,
            "category": CATEGORY_LABELS[item.category],
            "field": Article._meta.get_field(item.field).verbose_name,
            # Escaped pieces around a <mark>: imported text is never marked safe.
            "in_context": format_html("{}<mark>{}</mark>{}", before, text[start:end], after),
        }

    def proofreading_view(self, request, object_id, what):
        article = get_object_or_404(self.get_queryset(request), pk=object_id)
        user, data = request.user, request.POST
        change_url = reverse("admin:articles_article_change", args=[article.pk]) + "#proofreading"
        try:
            if what == "fix":
                if not article.may_edit(user):
                    raise PermissionDenied
                history.record_baseline(article, user)
                with reversion.create_revision():
                    reversion.set_user(user)
                    item = desk.fix(article, data.get("key", ""), user)
                    reversion.set_comment(_("Proofreading fix: %(found)s → %(fixed)s")
                                          % {"found": item.text, "fixed": item.suggestion})
                    reversion.add_to_revision(article)
                done = _("Fixed: %(found)s → %(fixed)s.") % {
                    "found": item.text, "fixed": item.suggestion}
            elif what == "ignore":
                if not (article.may_edit(user) or may_proofread(user)):
                    raise PermissionDenied
                row = desk.ignore(article, data.get("key", ""), user, data.get("reason", ""))
                done = _("Ignored “%(text)s”: %(reason)s") % {"text": row.text,
                                                             "reason": row.reason}
            elif what == "acknowledge":
                if not may_acknowledge(user):
                    raise PermissionDenied
                row = desk.acknowledge(article, data.get("term", ""), user,
                                       data.get("reason", ""))
                done = _("Sensitive term “%(term)s” acknowledged: %(reason)s") % {
                    "term": row.term, "reason": row.reason}
            elif what == "round":
                if not may_proofread(user):
                    raise PermissionDenied
                number = data.get("round")
                row = desk.record_round(
                    article, user, data, round_number=int(number) if number else None,
                    note=data.get("note", ""),
                )
                done = _("%(round)s recorded: %(total)d errors.") % {
                    "round": row.label, "total": row.total}
            else:
                raise PermissionDenied
        except (desk.ProofreadingError, ValueError) as refusal:
            message = str(refusal) if isinstance(refusal, desk.ProofreadingError) \
                else _("Give the error counts as whole numbers.")
            self.message_user(request, message, messages.ERROR)
            return HttpResponseRedirect(change_url)
        self.log_change(request, article, done)
        self.message_user(request, done, messages.SUCCESS)
        return HttpResponseRedirect(change_url)

