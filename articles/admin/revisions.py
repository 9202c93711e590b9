"""Revisions in the admin: the list, a diff of any two, and restoring one as a new revision."""

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from articles.workflow import WorkflowError, history
from articles.workflow.roles import display_name


class RevisionsAdminMixin:
    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path("<int:object_id>/revisions/", view(self.revisions_view),
                 name=f"{prefix}_revisions"),
            path("<int:object_id>/revisions/<int:version_id>/restore/",
                 view(require_POST(self.restore_view)), name=f"{prefix}_restore"),
            *super().get_urls(),
        ]

    def visible_article(self, request, object_id):
        article = get_object_or_404(self.get_queryset(request), pk=object_id)
        if not self.has_view_or_change_permission(request, article):
            raise Http404
        return article

    def revisions_view(self, request, object_id):
        article = self.visible_article(request, object_id)
        versions = list(history.revisions(article))
        by_id = {v.pk: v for v in versions}
        comparison = None
        older, newer = request.GET.get("a"), request.GET.get("b")
        if older and newer:
            try:
                a, b = by_id[int(older)], by_id[int(newer)]
            except (KeyError, ValueError) as error:
                raise Http404 from error
            if a.revision.date_created > b.revision.date_created:
                a, b = b, a
            shot_a, shot_b = history.snapshot(a), history.snapshot(b)
            comparison = {"a": shot_a, "b": shot_b, "rows": history.diff(shot_a, shot_b)}
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "article": article,
            "title": _("Revisions of “%(headline)s”") % {"headline": article.headline},
            "versions": [
                (v, history.body_characters(v), display_name(v.revision.user))
                for v in versions
            ],
            "comparison": comparison,
            "may_restore": article.may_edit(request.user),
        }
        return TemplateResponse(request, "admin/articles/article/revisions.html", context)

    def restore_view(self, request, object_id, version_id):
        article = self.visible_article(request, object_id)
        version = get_object_or_404(history.revisions(article), pk=version_id)
        try:
            history.restore(article, version, request.user, request.POST.get("loaded_version"))
        except WorkflowError as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
        else:
            self.log_change(request, article, _("Restored an earlier revision"))
            self.message_user(request, _("The revision was restored as a new revision."))
        return HttpResponseRedirect(reverse("admin:articles_article_revisions", args=[article.pk]))
