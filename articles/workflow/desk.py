"""The desk on the admin index: each user's stories by what they need next."""

from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article, published_q
from articles.workflow import ArticleStatus, awaiting_q, roles_of, written_by_q

PANEL_SIZE = 10


@dataclass
class Panel:
    key: str
    title: str
    count: int
    articles: list


def panels(user) -> list[Panel]:
    if not roles_of(user):
        return []
    now = timezone.now()
    mine = Article.objects.filter(written_by_q(user)).values("pk")
    queries = [
        ("drafts", _("My drafts"), Q(pk__in=mine, status=ArticleStatus.DRAFT), "-updated_at"),
        ("returned", _("Returned to me"), Q(pk__in=mine, status=ArticleStatus.RETURNED),
         "-updated_at"),
        ("review", _("Awaiting my review"), awaiting_q(user) & ~Q(pk__in=mine), "updated_at"),
        ("scheduled", _("Scheduled"),
         Q(status=ArticleStatus.PUBLISHED, published_at__gt=now), "published_at"),
        ("published", _("Recently published"), published_q(), "-published_at"),
    ]
    result = []
    for key, title, condition, order in queries:
        stories = Article.objects.visible_to(user).filter(condition).select_related("section")
        shown = list(stories.order_by(order)[:PANEL_SIZE])
        result.append(Panel(key, title, stories.count(), shown))
    return result
