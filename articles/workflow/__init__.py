"""Who may do what, when: the transition table, 三审, reviews, corrections and history."""

from articles.workflow.transitions import (
    AUTHORS,
    CHIEF,
    REVIEWERS,
    TRANSITIONS,
    WRITERS,
    Action,
    ArticleStatus,
    ArticleWorkflow,
    ReviewLevel,
    Transition,
    WorkflowError,
    awaiting_q,
    can_sign,
    level,
    review_levels,
    roles_of,
    transitioned,
    written_by_q,
)

__all__ = [
    "AUTHORS", "CHIEF", "REVIEWERS", "TRANSITIONS", "WRITERS", "Action", "ArticleStatus",
    "ArticleWorkflow", "ReviewLevel", "Transition", "WorkflowError", "awaiting_q", "can_sign",
    "level", "review_levels", "roles_of", "transitioned", "written_by_q",
]
