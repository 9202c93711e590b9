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
        from articles.workflow.desk import panels

        return super().index(request, {"desk": panels(request.user), **(extra_context or {})})


class NewsroomAdminConfig(AdminConfig):
    default_site = "articles.admin_site.NewsroomAdminSite"
