from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from newsroom.health import healthz

handler400 = "newsroom.errors.bad_request"
handler500 = "newsroom.errors.server_error"
handler403 = "articles.access.permission_denied"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("", include("articles.urls")),
]

if settings.SERVE_MEDIA:
    # Photos from the local storage, only while their story is published (see
    # articles.photos.serving); production without it serves media from its storage.
    from django.urls import re_path

    from articles.photos.serving import serve_photo

    urlpatterns += [
        re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.*)$", serve_photo),
    ]
