"""The desk on the admin index: each user's stories by what they need next.

The panels that offer work (待认领, 待我审核) list only what the user may do now: candidates
come from one query, then each is asked the transition guard's own question, with the rows
it reads prefetched and the desk's reviewers looked up once.
"""

from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Byline, published_q
from articles.proofreading.desk import sensitive_terms
from articles.workflow import (
    REVIEWERS,
    Action,
    ArticleStatus,
    awaiting_q,
    roles_of,
    written_by_q,
)
from articles.workflow.signers import signer_pool

PANEL_SIZE = 10


@dataclass
class Panel:
    key: str
    title: str
    count: int
    articles: list


def panels(user) -> list[Panel]:
    held = roles_of(user)
    if not held:
        return []
    now = timezone.now()
    mine = Article.objects.filter(written_by_q(user)).values("pk")
    scheduled = Q(status=ArticleStatus.PUBLISHED, published_at__gt=now)
    if not held & REVIEWERS and not user.is_superuser:
        scheduled &= Q(pk__in=mine)  # a reporter's desk shows no one else's unreleased story
    result = []
    if held & REVIEWERS:
        result.append(offered(
            "claim", _("To claim for the desk"), user, Action.CLAIM,
            Q(status__in=[ArticleStatus.DRAFT, ArticleStatus.RETURNED])
            & (Q(desk_editor=None) | Q(desk_editor__is_active=False))
            & (Q(created_by=None) | Q(created_by__is_active=False))
            & ~Q(bylines__person__user__is_active=True),
            "-edition_date",
        ))
    queries = [
        ("drafts", _("My drafts"), Q(pk__in=mine, status=ArticleStatus.DRAFT), "-updated_at"),
        ("returned", _("Returned to me"), Q(pk__in=mine, status=ArticleStatus.RETURNED),
         "-updated_at"),
        ("scheduled", _("Scheduled"), scheduled, "published_at"),
        ("published", _("Recently published"), published_q(), "-published_at"),
    ]
    for key, title, condition, order in queries:
        stories = Article.objects.visible_to(user).filter(condition).select_related("section")
        shown = list(stories.order_by(order)[:PANEL_SIZE])
        result.append(Panel(key, title, stories.count(), shown))
    result.insert(
        len(result) - 2,
        offered("review", _("Awaiting my review"), user, Action.APPROVE, awaiting_q(user),
                "updated_at"),
    )
    return result


def offered(key, title, user, action, candidates, order) -> Panel:
    """The candidates this user may take ``action`` on now, by the guard's own check."""
    stories = list(
        Article.objects.filter(candidates).distinct().order_by(order, "pk")
        .select_related("section", "created_by", "desk_editor")
        .prefetch_related(
            Prefetch("bylines", queryset=Byline.objects.select_related("person__user")),
            "workflow_events", "submitted_authors", "approvals", "photos",
            *(["sensitive_acknowledgements"] if action == Action.APPROVE else []),
        )
    )
    pool = signer_pool()
    # 终审 waits for sensitive hits to be acknowledged (issue 14): one list for all stories.
    terms = sensitive_terms() if action == Action.APPROVE and stories else None
    for article in stories:
        article._signer_pool = pool
        article._sensitive_terms = terms
    allowed = [article for article in stories if article.may(user, action)]
    return Panel(key, title, len(allowed), allowed[:PANEL_SIZE])
