"""What readers and editors see when the site turns them away: a locked login, a rate limit.

Also names django-axes' admin texts so that makemessages puts them in the newsroom's
Chinese catalogue (the library ships no Chinese translation).
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import NON_FIELD_ERRORS
from django.forms.utils import ErrorDict, ErrorList
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

AXES_ADMIN_TEXTS = [
    gettext_noop("access attempt"), gettext_noop("access attempts"),
    gettext_noop("access log"), gettext_noop("access logs"),
    gettext_noop("access failure"), gettext_noop("access failures"),
    gettext_noop("Failed Logins"), gettext_noop("Attempt Time"), gettext_noop("Locked Out"),
    gettext_noop("IP Address"), gettext_noop("User Agent"), gettext_noop("Path"),
    gettext_noop("Clean up expired attempts"), gettext_noop("Expires At"),
]


def lockout_response(request, original_response=None, credentials=None):
    """The admin's login page, saying the login is locked, how long for, and who can unlock it."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    form = AdminAuthenticationForm(request)
    message = "".join([
        _("Too many failed log-ins; log-in is locked for %(minutes)s minutes.")
        % {"minutes": minutes},
        _("A superuser can unlock it sooner under “access attempts”."),
    ])
    form._errors = ErrorDict({NON_FIELD_ERRORS: ErrorList([message])})
    context = {
        **admin.site.each_context(request),
        "title": _("Log in"),
        "form": form,
        "app_path": request.get_full_path(),
        "username": (credentials or {}).get("username", ""),
    }
    # Rendered here: django-axes returns it from its middleware, after the view stage.
    return TemplateResponse(
        request, "admin/login.html", context, status=settings.AXES_HTTP_RESPONSE_CODE
    ).render()


def too_many_requests(retry_after: int) -> HttpResponse:
    response = HttpResponse(
        _("Too many requests. Please try again in %(seconds)s seconds.")
        % {"seconds": retry_after},
        status=429, content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response


class LoginAttempts(AxesDatabaseHandler):
    """django-axes' database records, where a log-in clears only its own failures.

    Axes' own reset on success deletes every failure matching any lock-out parameter, so a
    log-in as ``reporter`` would clear the failures of everyone guessing from the same
    address, ``chief``'s among them. Here a log-in clears the failures recorded for its
    own user name from its own address; the rest keep counting towards both locks (per
    user name, per address).
    """

    def reset_user_attempts(self, request, credentials=None) -> int:
        count, _ = AccessAttempt.objects.filter(
            username=get_client_username(request, credentials),
            ip_address=request.axes_ip_address,
        ).delete()
        return count


def permission_denied(request, exception=None):
    """``handler403``: in Chinese, with the reason, in the admin's frame for the admin."""
    from articles.workflow import roles, roles_of

    held = "、".join(str(roles.LABELS[r]) for r in sorted(roles_of(request.user)))
    reason = str(exception or "") or (
        _("Your account (%(roles)s) may not open this page or do this.") % {"roles": held}
        if held else _("Your account holds no newsroom role that may open this page.")
    )
    context = {"reason": reason, "title": _("Access denied"),
               "site_name": settings.NEWSROOM_SITE_NAME}
    if request.path.startswith(reverse("admin:index")):
        context.update(admin.site.each_context(request))
        return TemplateResponse(request, "admin/403.html", context, status=403).render()
    return HttpResponse(render_to_string("403.html", context, request), status=403)
