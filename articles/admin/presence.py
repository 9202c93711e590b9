"""在编: the change form tells each person who else has the story open (a heartbeat poll)."""

from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.views.decorators.http import require_POST

from articles.workflow import presence


class PresenceAdminMixin:
    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("<int:object_id>/presence/",
                 self.admin_site.admin_view(require_POST(self.presence_view)),
                 name=f"{prefix}_presence"),
            *super().get_urls(),
        ]

    def presence_view(self, request, object_id):
        """POST every poll_seconds() from an open change form; ``leave=1`` when it closes."""
        article = get_object_or_404(self.get_queryset(request), pk=object_id)
        if not self.has_view_or_change_permission(request, article):
            raise Http404
        if request.POST.get("leave"):
            presence.leave(article.pk, request.user)
            others = []
        else:
            editing = self.has_change_permission(request, article)
            others = presence.report(article.pk, request.user, editing)
        response = JsonResponse({"others": others, "poll": presence.poll_seconds()})
        response["Cache-Control"] = "no-store"
        return response
