"""Error pages that need no database: a database outage answers 503, not 500.

When the database goes away while someone saves in the admin, the save is rolled back
(it is one transaction) and the page hands back everything they typed, in a form that
saves it again once the database is back: an editor never loses a story to a restart.
"""

import sys

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve, reverse
from django.utils.cache import add_never_cache_headers

RETRY_AFTER_SECONDS = 30
# The admin's own bookkeeping in a change form: resubmitted, not shown.
FORMSET_COUNTS = ("-TOTAL_FORMS", "-INITIAL_FORMS", "-MIN_NUM_FORMS", "-MAX_NUM_FORMS")


def bad_request(request, exception):
    """``handler400``: an address or request no reader's browser would send, in Chinese."""
    return HttpResponse(
        render_to_string("400.html", {"site_name": settings.NEWSROOM_SITE_NAME}), status=400
    )


def server_error(request):
    """``handler500``: what was raised is still being handled, so it can be told apart."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        response = HttpResponse(
            render_to_string("503.html", {
                "site_name": settings.NEWSROOM_SITE_NAME,
                "action": request.get_full_path(),
                "fields": kept_fields(request),
            }),
            status=503,
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    else:
        response = HttpResponse(
            render_to_string("500.html", {"site_name": settings.NEWSROOM_SITE_NAME}), status=500
        )
    add_never_cache_headers(response)
    return response


def kept_fields(request) -> list[dict]:
    """What an admin form sent, to send again: [{name, label, value, shown}]. Never a password."""
    admin = reverse("admin:index")
    if request.method != "POST" or not request.path.startswith(admin):
        return []
    if request.path.startswith(reverse("admin:login")):
        return []
    model = edited_model(request.path)
    fields = []
    for name, values in request.POST.lists():
        if "password" in name:
            continue
        for value in values:
            shown = bool(value.strip()) and not (
                name == "csrfmiddlewaretoken" or name.endswith(FORMSET_COUNTS)
                or value.isdigit() or name.endswith("version")
            )
            fields.append({
                "name": name, "value": value, "shown": shown,
                "label": label(model, name) if shown else name,
                "long": "\n" in value or len(value) > 60,
            })
    return fields


def edited_model(path):
    """The model whose admin form this is; reading the URL conf needs no database."""
    try:
        model_admin = getattr(resolve(path).func, "model_admin", None)
    except Resolver404:
        return None
    return model_admin.model if model_admin else None


def label(model, name: str) -> str:
    """The form field's label as the form showed it: 正文, or 图片 2 · 图片说明 for an inline."""
    prefix, _, rest = name.partition("-")
    index, _, field = rest.partition("-")
    if index.isdigit() and model is not None:
        related = next((rel.related_model for rel in model._meta.related_objects
                        if rel.get_accessor_name() == prefix), None)
        if related is not None:
            return f"{related._meta.verbose_name} {int(index) + 1} · {label(related, field)}"
    for candidate in (name, name.rsplit("_", 1)[0]):  # publish_at_0: a split date and time
        try:
            return str(model._meta.get_field(candidate).verbose_name)
        except (FieldDoesNotExist, AttributeError):
            continue
    return name
