"""The readers' site. Everything here reads through ``Article.objects.published()``."""

from articles.site.views.pages import (
    archive,
    article,
    beneficiary_group,
    edition,
    home,
    person,
    render_article,
    section,
    union_body,
)
from articles.site.views.search import search

__all__ = [
    "archive", "article", "beneficiary_group", "edition", "home", "person", "render_article",
    "search", "section", "union_body",
]
