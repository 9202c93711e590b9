"""The newsroom's admin site: Django's own, with the desk on its index page.

Kept free of model imports: it is loaded while apps are still being set up.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class NewsroomAdminSite(admin.AdminSite):
    site_header = _("Newsroom")
    site_title = _("Newsroom")
    index_title = _("Desk")
    index_template = "admin/desk_index.html"

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
