from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from newsroom.health import healthz

handler500 = "newsroom.errors.server_error"
handler403 = "articles.access.permission_denied"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("", include("articles.urls")),
]

if settings.SERVE_MEDIA:
    # Development and `make serve` only: production serves media from its storage (S3/CDN).
    from django.urls import re_path
    from django.views.static import serve

    urlpatterns += [
        re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.*)$", serve,
                {"document_root": settings.MEDIA_ROOT}),
    ]
