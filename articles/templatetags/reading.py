"""Template helpers for the readers' pages. They only read what the view prefetched."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

from articles.models import BylineRole
from articles.site.cachekeys import is_folded, kept_parameters

register = template.Library()

# The printed order: 本报讯（记者 白莹 通讯员 刘换利 实习生 …）
LEAD_ROLES = (BylineRole.REPORTER, BylineRole.CORRESPONDENT, BylineRole.INTERN)
# A card credits the photographers too: on photo news they are the only byline.
CARD_ROLES = (*LEAD_ROLES, BylineRole.PHOTOGRAPHER)
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def byline_groups(article, roles=LEAD_ROLES):
    """[(role label, [people])] for the lead, in the order the paper prints it."""
    bylines = list(article.bylines.all())
    groups = []
    for role in roles:
        people = [b.person for b in bylines if b.role == role]
        if people:
            groups.append((role.label, people))
    return groups


@register.filter
def card_byline_groups(article):
    return byline_groups(article, CARD_ROLES)


@register.filter
def people_in_role(article, role):
    return [b.person for b in article.bylines.all() if b.role == role]


@register.filter
def json_ld(data):
    """A JSON-LD block, escaped as ``json_script`` escapes: no text can close the element."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(JSON_SCRIPT_ESCAPES)),  # noqa: S308 - <, > and & escaped
    )


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """This page's address with ``?page=number`` (page 1 has none), other parameters kept."""
    request = context["request"]
    # The parameters the page cache folds stay out: a cached page links the same for everyone.
    query = [(name, value) for name, value in kept_parameters(request) if name != "page"]
    if number != 1:
        query.append(("page", number))
    return f"?{urlencode(query)}" if query else request.path


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """The page's one address: its path, plus ``?page=N`` beyond the first page."""
    request = context["request"]
    path = request.path
    page = "" if is_folded(request, "page") else request.GET.get("page", "")
    # Only a plausible page number: int() refuses 10,000 digits, and isdigit() admits '²'.
    if page.isascii() and page.isdigit() and len(page) <= 9 and int(page) > 1:
        path += f"?page={int(page)}"
    return request.build_absolute_uri(path)
