"""The readers' site. Everything here reads through ``Article.objects.published()``."""

from articles.site.views.editions import archive, edition, edition_page
from articles.site.views.pages import (
    article,
    beneficiary_group,
    home,
    person,
    render_article,
    section,
    union_body,
)
from articles.site.views.search import search

__all__ = [
    "archive", "article", "beneficiary_group", "edition", "edition_page", "home", "person",
    "render_article", "search", "section", "union_body",
]
