"""The admin's workflow paths: buttons (POST views), list actions and the preview.

All of them call the model's transition methods; the rules live in articles.workflow.
"""

import datetime

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from articles.models import Article
from articles.site.views import render_article
from articles.workflow import (
    CHIEF,
    REVIEWERS,
    WRITERS,
    Action,
    ArticleStatus,
    WorkflowError,
    level,
    roles_of,
)
from articles.workflow.sheet import review_sheet

# Button labels and ids are stable: the browser tests find them by id.
BUTTONS = {
    Action.CLAIM: gettext_lazy("Claim for the desk"),
    Action.SUBMIT: gettext_lazy("Submit for review"),
    Action.RESUBMIT: gettext_lazy("Resubmit for review"),
    Action.APPROVE: gettext_lazy("Approve"),
    Action.RETURN: gettext_lazy("Return to author"),
    Action.PUBLISH: gettext_lazy("Publish"),
    Action.UNPUBLISH: gettext_lazy("Unpublish"),
    Action.WITHDRAW: gettext_lazy("Withdraw"),
    Action.CORRECT: gettext_lazy("Issue correction"),
}
NEEDS_COMMENT = {Action.RETURN, Action.WITHDRAW, Action.CORRECT, Action.APPROVE}
# The list actions, and the roles that may ever take them (the rest never see them).
BULK_ROLES = {
    "submit_selected": WRITERS,
    "claim_selected": REVIEWERS,
    "publish_selected": CHIEF,
    "unpublish_selected": CHIEF,
}


def parse_local_datetime(value: str) -> datetime.datetime | None:
    """A datetime-local input ("2025-01-16T18:00") in the newsroom's time zone."""
    if not value:
        return None
    try:
        naive = datetime.datetime.fromisoformat(value)
    except ValueError as error:
        raise WorkflowError(_("Give the time to publish as date and time.")) from error
    if timezone.is_aware(naive):
        return naive
    return timezone.make_aware(naive)


def run(article, user, action, data):
    """Call the transition method named by ``action`` with what the form sent."""
    comment = data.get("comment", "")
    if action == Action.CLAIM:
        return article.claim(user, comment)
    if action == Action.SUBMIT:
        return article.submit(user, comment)
    if action == Action.RESUBMIT:
        return article.resubmit(user, comment)
    if action == Action.APPROVE:
        return article.approve(user, comment)
    if action == Action.RETURN:
        return article.return_to_author(user, comment)
    if action == Action.PUBLISH:
        # Without the field (a list action) the story's own 发布时间 decides; the button's
        # field starts from it, and emptied means now.
        at = None
        if "publish_at" in data:
            at = parse_local_datetime(data["publish_at"]) or timezone.now()
            if data["publish_at"] and at <= timezone.now():
                raise WorkflowError(
                    _("The time to publish has passed: publish now or pick a later time.")
                )
        return article.publish(user, at=at, comment=comment)
    if action == Action.UNPUBLISH:
        return article.unpublish(user, comment)
    if action == Action.WITHDRAW:
        return article.withdraw(user, comment)
    if action == Action.CORRECT:
        return article.correct(user, comment)
    raise WorkflowError(_("Unknown action “%(action)s”.") % {"action": action})


def outcome(article) -> str:
    """What a transition left the story as, for the message shown after it."""
    if article.is_scheduled:
        return _("“%(headline)s” is scheduled: it goes live at %(time)s.") % {
            "headline": article.headline,
            "time": formats.date_format(timezone.localtime(article.published_at),
                                        "DATETIME_FORMAT"),
        }
    return _("“%(headline)s” is now %(status)s.") % {
        "headline": article.headline, "status": article.get_status_display(),
    }


def describe(event) -> str:
    waiting = level(event.level) if event.level else None
    text = f"{Action(event.action).label}"
    return f"{text}（{waiting.label}）" if waiting and event.action == Action.APPROVE else text


class WorkflowAdminMixin:
    """Workflow URLs, buttons and bulk actions for the article admin."""

    # No bulk approval: every signature carries an opinion on the one story it signs.
    actions = list(BULK_ROLES)

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "<int:object_id>/workflow/<str:action>/",
                self.admin_site.admin_view(require_POST(self.transition_view)),
                name=f"{prefix}_transition",
            ),
            path(
                "<int:object_id>/review-sheet/",
                self.admin_site.admin_view(self.review_sheet_view),
                name=f"{prefix}_review_sheet",
            ),
            # Not wrapped in admin_view: anonymous visitors get 404, not a login page.
            path("<int:object_id>/preview/", self.preview_view, name=f"{prefix}_preview"),
            *super().get_urls(),
        ]

    def transition_view(self, request, object_id, action):
        article = get_object_or_404(self.get_queryset(request), pk=object_id)
        change_url = reverse("admin:articles_article_change", args=[article.pk])
        try:
            event = run(article, request.user, action, request.POST)
        except WorkflowError as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
            return HttpResponseRedirect(change_url)
        self.log_change(request, article, describe(event))
        self.message_user(request, f"{describe(event)}：{outcome(article)}", messages.SUCCESS)
        if self.has_view_or_change_permission(request, article):
            return HttpResponseRedirect(change_url)
        return HttpResponseRedirect(reverse("admin:articles_article_changelist"))

    def preview_view(self, request, object_id):
        user = request.user
        if not (user.is_active and user.is_staff):
            raise Http404
        visible = self.get_queryset(request).values("pk")
        article = get_object_or_404(
            Article.objects.for_article_page().filter(pk__in=visible), pk=object_id
        )
        if not self.has_view_or_change_permission(request, article):
            raise Http404
        return render_article(request, article, preview=True)

    def review_sheet_view(self, request, object_id):
        """审稿单: one printable A4 page, for those who may see the story."""
        stories = self.get_queryset(request).select_related("desk_editor__person")
        article = get_object_or_404(stories, pk=object_id)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Review sheet"),
            "sheet": review_sheet(article),
        }
        return TemplateResponse(request, "admin/articles/article/review_sheet.html", context)

    @staticmethod
    def approve_refusal(user, article, available) -> str:
        """Why a reviewer is not offered the level the story waits for (the chief's trap …)."""
        if Action.APPROVE in available or article.status != ArticleStatus.IN_REVIEW:
            return ""
        if not roles_of(user) & REVIEWERS:
            return ""
        try:
            article.check_transition(user, Action.APPROVE, comment="-")
        except WorkflowError as refusal:
            return str(refusal)
        return ""

    def get_actions(self, request):
        actions = super().get_actions(request)
        held = roles_of(request.user)
        for name, allowed in BULK_ROLES.items():
            if name in actions and not request.user.is_superuser and not held & allowed:
                del actions[name]
        return actions

    def bulk(self, request, queryset, action):
        done, refused = 0, []
        for article in queryset:
            try:
                run(article, request.user, action, {})
            except WorkflowError as refusal:
                refused.append(f"“{article.headline}”：{refusal}")
                continue
            done += 1
            self.log_change(request, article, str(Action(action).label))
            if article.is_scheduled:
                self.message_user(request, outcome(article), messages.INFO)
        if done:
            self.message_user(
                request, _("%(action)s: %(count)d stories.")
                % {"action": Action(action).label, "count": done}, messages.SUCCESS,
            )
        for line in refused:
            self.message_user(request, line, messages.ERROR)

    @admin.action(description=gettext_lazy("Submit selected stories for review"))
    def submit_selected(self, request, queryset):
        self.bulk(request, queryset, Action.SUBMIT)

    @admin.action(description=gettext_lazy("Claim selected stories for the desk"))
    def claim_selected(self, request, queryset):
        self.bulk(request, queryset, Action.CLAIM)

    @admin.action(description=gettext_lazy("Publish selected stories (at their publish time)"))
    def publish_selected(self, request, queryset):
        self.bulk(request, queryset, Action.PUBLISH)

    @admin.action(description=gettext_lazy("Unpublish selected stories"))
    def unpublish_selected(self, request, queryset):
        self.bulk(request, queryset, Action.UNPUBLISH)

    def workflow_context(self, request, article):
        available = article.available_actions(request.user)
        return {
            "approve_refusal": self.approve_refusal(request.user, article, available),
            "workflow_buttons": [
                {
                    "action": action,
                    "label": BUTTONS[action],
                    "needs_comment": action in NEEDS_COMMENT,
                    "url": reverse("admin:articles_article_transition", args=[article.pk, action]),
                }
                for action in available
            ],
            "timeline": [
                {
                    "event": event,
                    "text": describe(event),
                    "from": ArticleStatus(event.from_status).label,
                    "to": ArticleStatus(event.to_status).label,
                }
                for event in article.workflow_events.select_related("actor")
            ],
            "approvals": list(article.approvals.select_related("reviewer")),
            "returned_comment": (
                article.workflow_events.filter(action=Action.RETURN).last()
                if article.status == article.Status.RETURNED else None
            ),
            "preview_url": reverse("admin:articles_article_preview", args=[article.pk]),
            "review_sheet_url": reverse("admin:articles_article_review_sheet", args=[article.pk]),
            "publish_at_initial": (
                timezone.localtime(article.publish_at).strftime("%Y-%m-%dT%H:%M")
                if article.publish_at and article.publish_at > timezone.now() else ""
            ),
        }
