"""The newsroom's admin site: Django's own, with the desk on its index page.

Kept free of model imports: it is loaded while apps are still being set up.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import Http404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

# Headers of the admin's model tables that Django's own zh_Hans catalog leaves in English;
# named here so that `make messages` keeps their translations in ours.
UNTRANSLATED_BY_DJANGO = [
    gettext_noop("Model name"), gettext_noop("Add link"), gettext_noop("Change or view list link"),
]


class NewsroomAdminSite(admin.AdminSite):
    site_header = _("Newsroom")
    site_title = _("Newsroom")
    index_title = _("Desk")
    index_template = "admin/desk_index.html"

    def get_urls(self):
        # The "view on site" shortcut redirects to the public address, whose slug spells the
        # headline: it answers only for what the user may see and readers can open.
        urls = super().get_urls()
        for number, url in enumerate(urls):
            if getattr(url, "name", None) == "view_on_site":
                urls[number] = path(
                    "r/<int:content_type_id>/<path:object_id>/",
                    self.admin_view(self.view_on_site), name="view_on_site",
                )
        return urls

    def view_on_site(self, request, content_type_id, object_id):
        from django.contrib.contenttypes.models import ContentType
        from django.contrib.contenttypes.views import shortcut

        try:
            model = ContentType.objects.get_for_id(content_type_id).model_class()
            model_admin = self._registry.get(model)
            if model_admin is None:
                raise Http404
            obj = model_admin.get_object(request, object_id)
        # An id beyond the database's integers overflows in the driver (SQLite) before any lookup.
        except (ContentType.DoesNotExist, OverflowError) as missing:
            raise Http404 from missing
        if obj is None or not model_admin.has_view_or_change_permission(request, obj):
            raise Http404
        if not model_admin.get_view_on_site_url(obj):
            raise Http404
        return shortcut(request, content_type_id, object_id)

    def index(self, request, extra_context=None):
        from articles.proofreading.desk import open_counts
        from articles.workflow import REVIEWERS, roles_of
        from articles.workflow.desk import panels

        desk = panels(request.user)
        # Open proofreading findings per story, counted for all panels at once.
        counts = open_counts({a.pk: a for panel in desk for a in panel.articles}.values())
        for panel in desk:
            for article in panel.articles:
                article.open_findings = counts.get(article.pk, 0)
        may_see_rate = request.user.is_superuser or bool(roles_of(request.user) & REVIEWERS)
        return super().index(request, {
            "desk": desk, "show_error_rate": may_see_rate, **(extra_context or {}),
        })


class NewsroomAdminConfig(AdminConfig):
    default_site = "articles.admin_site.NewsroomAdminSite"
