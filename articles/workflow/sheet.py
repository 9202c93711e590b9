"""The 审稿单: one story's review on one printable page, built from the workflow's records."""

from dataclasses import dataclass, field

from articles.workflow.reviews import Approval, WorkflowEvent
from articles.workflow.transitions import Action, ArticleStatus, ReviewLevel, review_levels


def display_name(user) -> str:
    """A person as the newsroom knows them: their byline name, else their login's name."""
    if user is None:
        return "—"
    person = getattr(user, "person", None)
    return (person.name if person else "") or user.get_full_name() or user.get_username()


@dataclass
class Signature:
    level: ReviewLevel
    approval: Approval | None  # None: not signed (yet) in this round

    @property
    def signer(self) -> str:
        return display_name(self.approval.reviewer) if self.approval else ""


@dataclass
class ReviewSheet:
    article: object
    bylines: list
    desk_editor: str
    signatures: list[Signature]
    returns: list[WorkflowEvent]
    published: WorkflowEvent | None
    published_by: str
    # 校对 on the sheet: the 三校 rounds and each sensitive term the signer let stand, and why.
    proofreading_rounds: list = field(default_factory=list)
    acknowledgements: list = field(default_factory=list)

    @property
    def is_complete(self) -> bool:
        return all(s.approval for s in self.signatures)


def review_sheet(article) -> ReviewSheet:
    """The current round's signatures, every return, the last publication, the 三校 rounds and
    the acknowledged sensitive terms (5 queries)."""
    signed = {
        a.level: a for a in Approval.objects.filter(article=article, round=article.review_round)
        .select_related("reviewer__person")
    }
    events = list(
        WorkflowEvent.objects.filter(article=article, action__in=[Action.RETURN, Action.PUBLISH])
        .select_related("actor__person")
    )
    published = next((e for e in reversed(events) if e.action == Action.PUBLISH), None)
    if article.status not in (ArticleStatus.PUBLISHED, ArticleStatus.WITHDRAWN):
        published = None  # unpublished since: it waits to be published again
    desk_editor = article.desk_editor
    return ReviewSheet(
        article=article,
        bylines=list(article.bylines.all()),
        desk_editor=display_name(desk_editor) if desk_editor else "",
        signatures=[Signature(lv, signed.get(lv.number)) for lv in review_levels()],
        returns=[e for e in events if e.action == Action.RETURN],
        published=published,
        published_by=display_name(published.actor) if published else "",
        proofreading_rounds=list(
            article.proofreading_rounds.select_related("proofreader__person")
        ),
        acknowledgements=list(
            article.sensitive_acknowledgements.select_related("acknowledged_by__person")
        ),
    )
