"""The editorial workflow: the states of a story, the one transition table, and its guard.

Everything that moves a story (the admin's buttons, its list actions, the demo command,
tests) goes through the transition methods mixed into ``Article`` here, each of which calls
the one guarded ``_transition()``: it checks the table and the 三审 rules, saves, logs.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.proofreading.desk import unacknowledged_sensitive
from articles.workflow import roles
from articles.workflow.corrections import Correction
from articles.workflow.reviews import Approval, WorkflowEvent
from articles.workflow.signers import first_unsignable, signer_pool

# Sent inside the transition's transaction with the new WorkflowEvent; notices listen.
transitioned = Signal()


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    IN_REVIEW = "in_review", _("in review")
    RETURNED = "returned", _("returned")
    APPROVED = "approved", _("approved")
    PUBLISHED = "published", _("published")
    WITHDRAWN = "withdrawn", _("withdrawn")


class Action(models.TextChoices):
    SUBMIT = "submit", _("submit for review")
    RESUBMIT = "resubmit", _("resubmit")
    APPROVE = "approve", _("approve")
    RETURN = "return", _("return to author")
    PUBLISH = "publish", _("publish")
    UNPUBLISH = "unpublish", _("unpublish")
    WITHDRAW = "withdraw", _("withdraw")
    CORRECT = "correct", _("issue a correction")
    CLAIM = "claim", _("claim for the desk")


S = ArticleStatus
WRITERS = frozenset({roles.REPORTER, roles.PHOTOGRAPHER, roles.EDITOR, roles.CHIEF_EDITOR})
REVIEWERS = frozenset({roles.EDITOR, roles.CHIEF_EDITOR})
CHIEF = frozenset({roles.CHIEF_EDITOR})


@dataclass(frozen=True)
class Transition:
    source: str
    action: str
    roles: frozenset
    target: str
    authors_only: bool = False
    # The reviewer must be one who may sign the level the story waits for.
    at_level: bool = False
    comment_required: bool = False


# The one transition table: (state, action) -> who may, and where the story goes.
# Approving below the last review level keeps the story in review at the next level.
# Claiming (认领) leaves the state as it is and makes the claimant the story's desk editor.
TRANSITIONS = {
    (t.source, t.action): t
    for t in [
        Transition(S.DRAFT, Action.CLAIM, REVIEWERS, S.DRAFT),
        Transition(S.RETURNED, Action.CLAIM, REVIEWERS, S.RETURNED),
        Transition(S.DRAFT, Action.SUBMIT, WRITERS, S.IN_REVIEW, authors_only=True),
        Transition(S.RETURNED, Action.RESUBMIT, WRITERS, S.IN_REVIEW, authors_only=True),
        Transition(
            S.IN_REVIEW, Action.APPROVE, REVIEWERS, S.APPROVED, at_level=True,
            comment_required=True,
        ),
        Transition(
            S.IN_REVIEW, Action.RETURN, REVIEWERS, S.RETURNED, at_level=True,
            comment_required=True,
        ),
        Transition(S.APPROVED, Action.RETURN, CHIEF, S.RETURNED, comment_required=True),
        Transition(S.APPROVED, Action.PUBLISH, CHIEF, S.PUBLISHED),
        Transition(S.PUBLISHED, Action.UNPUBLISH, CHIEF, S.APPROVED),
        Transition(S.APPROVED, Action.WITHDRAW, CHIEF, S.WITHDRAWN, comment_required=True),
        Transition(S.PUBLISHED, Action.WITHDRAW, CHIEF, S.WITHDRAWN, comment_required=True),
        Transition(S.PUBLISHED, Action.CORRECT, CHIEF, S.PUBLISHED, comment_required=True),
    ]
}

# Who may edit a story's text in each state ("authors" = whoever wrote it, any role).
AUTHORS = "authors"
EDITABLE_BY = {
    S.DRAFT: AUTHORS,
    S.RETURNED: AUTHORS,
    S.IN_REVIEW: REVIEWERS,
    S.APPROVED: CHIEF,
    S.PUBLISHED: CHIEF,
    S.WITHDRAWN: frozenset(),
}
# Photographers attach photos to any story the readers do not have yet.
PHOTO_DESK_STATES = frozenset({S.DRAFT, S.RETURNED, S.IN_REVIEW, S.APPROVED})


class WorkflowError(Exception):
    """A transition that is not allowed; the message says why, in the newsroom's words."""


@dataclass(frozen=True)
class ReviewLevel:
    number: int
    label: str
    role: str


LEVEL_LABELS = {
    2: [_("first review"), _("final review")],
    3: [_("first review"), _("second review"), _("final review")],
}


def review_levels() -> list[ReviewLevel]:
    """初审 and 复审 by editors, 终审 by the chief editor; NEWSROOM_REVIEW_LEVELS=2 drops 复审."""
    count = getattr(settings, "NEWSROOM_REVIEW_LEVELS", 3)
    labels = LEVEL_LABELS[count]
    return [
        ReviewLevel(n, labels[n - 1], roles.CHIEF_EDITOR if n == count else roles.EDITOR)
        for n in range(1, count + 1)
    ]


def level(number: int) -> ReviewLevel | None:
    levels = review_levels()
    return levels[number - 1] if 1 <= number <= len(levels) else None


def roles_of(user) -> frozenset:
    """The user's newsroom roles (a superuser has them all), cached on the user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    if user.is_superuser:
        return frozenset(roles.GROUP_NAMES)
    if not hasattr(user, "_newsroom_roles"):
        role_of_group = {name: role for role, name in roles.GROUP_NAMES.items()}
        names = user.groups.values_list("name", flat=True)
        user._newsroom_roles = frozenset(role_of_group[n] for n in names if n in role_of_group)
    return user._newsroom_roles


def can_sign(user, review_level: ReviewLevel | None) -> bool:
    """The level's own role signs it; the chief editor may also sign an editor's level."""
    held = roles_of(user)
    return review_level is not None and bool(held & {review_level.role, roles.CHIEF_EDITOR})


def written_by_q(user) -> Q:
    """The stories this user wrote, co-wrote or holds as desk editor (认领)."""
    return Q(created_by=user) | Q(desk_editor=user) | Q(bylines__person__user=user)


def awaiting_q(user) -> Q:
    """Stories in review at a level this user may sign."""
    numbers = [lv.number for lv in review_levels() if can_sign(user, lv)]
    return Q(status=S.IN_REVIEW, review_level__in=numbers)


class ArticleWorkflow:
    """Transition methods for ``Article``; each goes through ``_transition()``."""

    def is_written_by(self, user) -> bool:
        """An author now: creator, desk editor (认领) or in a byline. Decides who may edit."""
        if not user.is_authenticated or self.pk is None:
            return False
        return user.pk in {self.created_by_id, self.desk_editor_id} or (
            self.bylines.filter(person__user=user).exists()
        )

    # The next three read related rows through .all(), so that a list prefetching them
    # (the desk) asks the same question as the guard without a query per story.

    def authors_now(self) -> set:
        """Everyone who counts as an author today, former desk editors included."""
        people = {self.created_by_id, self.desk_editor_id}
        people |= {b.person.user_id for b in self.bylines.all()}
        people |= {e.actor_id for e in self.workflow_events.all() if e.action == Action.CLAIM}
        return people - {None}

    def active_logins(self) -> set:
        """The creator, desk editor and byline people whose login still works."""
        users = [self.created_by, self.desk_editor, *(b.person.user for b in self.bylines.all())]
        return {u.pk for u in users if u is not None and u.is_active}

    def review_authors(self) -> frozenset:
        """The authors fixed at submission: bylines edited during review change nothing."""
        return frozenset(user.pk for user in self.submitted_authors.all())

    def _signer_pool_cached(self):
        if getattr(self, "_signer_pool", None) is None:
            self._signer_pool = signer_pool()
        return self._signer_pool

    @property
    def current_level(self) -> ReviewLevel | None:
        return level(self.review_level) if self.status == S.IN_REVIEW else None

    @property
    def is_scheduled(self) -> bool:
        return (
            self.status == S.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    def may_edit(self, user) -> bool:
        if user.is_superuser:
            return True
        allowed = EDITABLE_BY.get(self.status, frozenset())
        if allowed == AUTHORS:
            return bool(roles_of(user) & WRITERS) and self.is_written_by(user)
        return bool(roles_of(user) & allowed)

    def may_attach_photos(self, user) -> bool:
        return self.may_edit(user) or (
            self.status in PHOTO_DESK_STATES and roles.PHOTOGRAPHER in roles_of(user)
        )

    def available_actions(self, user) -> list[str]:
        """The actions this user may take on this story right now (comments aside)."""
        return [
            action for (source, action) in TRANSITIONS
            if source == self.status and self.may(user, action)
        ]

    def may(self, user, action) -> bool:
        try:
            self.check_transition(user, action, comment="-")
        except WorkflowError:
            return False
        return True

    def check_transition(self, user, action, comment="") -> Transition:
        """The transition, if ``user`` may take it now; WorkflowError saying why if not."""
        transition = TRANSITIONS.get((self.status, action))
        if transition is None:
            raise WorkflowError(
                _("A story that is %(status)s cannot be given “%(action)s”.")
                % {"status": self.get_status_display(), "action": Action(action).label}
                if action in Action.values
                else _("Unknown action “%(action)s”.") % {"action": action}
            )
        if not roles_of(user) & transition.roles:
            raise WorkflowError(
                _("Only %(roles)s may %(action)s this story.")
                % {
                    "roles": "、".join(str(roles.LABELS[r]) for r in sorted(transition.roles)),
                    "action": Action(action).label,
                }
            )
        if transition.authors_only and not user.is_superuser and not self.is_written_by(user):
            raise WorkflowError(_("Only the story's authors may %(action)s it.")
                                % {"action": Action(action).label})
        if transition.comment_required and not comment.strip():
            if action == Action.APPROVE:
                raise WorkflowError(_("Every approval needs a written review opinion "
                                      "(a short 同意刊发 will do)."))
            raise WorkflowError(_("Say why: a comment is required to %(action)s a story.")
                                % {"action": Action(action).label})
        if transition.at_level:
            self._check_reviewer(user, action)
        if action == Action.CLAIM:
            self._check_claim(user)
        if action == Action.APPROVE and self.kind == self.Kind.PHOTO and not self.photos.all():
            raise WorkflowError(_("A photo story needs at least one photo before approval."))
        if action == Action.PUBLISH:
            missing = [str(p) for p in self.photos.all() if not p.alt_text.strip()]
            if missing:
                raise WorkflowError(
                    _("Every photo needs alt text before publishing; missing on: %(photos)s.")
                    % {"photos": "；".join(missing)}
                )
        if self._signs_off(action):
            terms = unacknowledged_sensitive(self)
            if terms:
                raise WorkflowError(
                    _("Sensitive terms wait for acknowledgement in the 校对 panel: %(terms)s.")
                    % {"terms": "、".join(terms)}
                )
        return transition

    def _signs_off(self, action) -> bool:
        """终审 (the last review level) and publishing: where a sensitive hit must be settled."""
        if action == Action.PUBLISH:
            return True
        return action == Action.APPROVE and self.review_level == len(review_levels())

    def _check_reviewer(self, user, action):
        waiting = self.current_level
        if not can_sign(user, waiting):
            raise WorkflowError(
                _("This story waits for %(level)s by a %(role)s.")
                % {"level": waiting.label, "role": roles.LABELS[waiting.role]}
                if waiting
                else _("This story waits for no review level.")
            )
        authors = self.review_authors()
        if user.pk in authors and action == Action.RETURN:
            raise WorkflowError(_("Returning a story is for its reviewers, not its authors."))
        if action != Action.APPROVE:
            return
        if user.pk in authors:
            raise WorkflowError(_("Nobody approves a story they wrote or co-wrote."))
        one_person = getattr(settings, "NEWSROOM_ONE_PERSON_DESK", False)
        signed = {
            a.reviewer_id: a.level for a in self.approvals.all()
            if a.round == self.review_round and a.level != waiting.number
        }
        if user.pk in signed and not one_person:
            raise WorkflowError(
                _("You already signed %(signed)s of this story; %(level)s needs another reviewer.")
                % {"signed": level(signed[user.pk]).label, "level": waiting.label}
            )
        barred = authors if one_person else authors | set(signed) | {user.pk}
        later = review_levels()[waiting.number:]
        stuck = first_unsignable(later, self._signer_pool_cached(), barred, one_person)
        if stuck:
            raise WorkflowError(
                _("If you sign %(level)s, nobody is left who may sign %(later)s: "
                  "leave %(level)s to another reviewer.")
                % {"level": waiting.label, "later": stuck.label}
            )

    def _check_claim(self, user):
        """认领: a story with no author login goes to the desk; the chief may take one over."""
        if self.desk_editor_id == user.pk:
            raise WorkflowError(_("You already hold this story as its desk editor."))
        held_by = self.desk_editor_id
        active = self.active_logins()
        if active - {held_by}:
            raise WorkflowError(
                _("This story has authors with logins: they take it through review.")
            )
        if held_by in active and roles.CHIEF_EDITOR not in roles_of(user):
            raise WorkflowError(
                _("Another desk editor holds this story; only the chief editor may take it over.")
            )
        one_person = getattr(settings, "NEWSROOM_ONE_PERSON_DESK", False)
        # The claimant becomes an author; whoever held the story before stays one.
        barred = frozenset(self.authors_now() | {user.pk})
        stuck = first_unsignable(review_levels(), self._signer_pool_cached(), barred, one_person)
        if stuck:
            raise WorkflowError(
                _("If you take this story, nobody is left who may sign its %(level)s.")
                % {"level": stuck.label}
            )

    # The transitions. Each names what changes; _transition() does the rest.

    def claim(self, user, comment=""):
        def take():
            self.desk_editor = user

        return self._transition(user, Action.CLAIM, comment, take)

    def submit(self, user, comment=""):
        return self._transition(user, Action.SUBMIT, comment, self._enter_review)

    def resubmit(self, user, comment=""):
        return self._transition(user, Action.RESUBMIT, comment, self._enter_review)

    def approve(self, user, comment=""):
        def sign():
            Approval.objects.create(
                article=self, round=self.review_round, level=self.review_level,
                reviewer=user, comment=comment,
            )
            if self.review_level < len(review_levels()):
                self.review_level += 1
                return S.IN_REVIEW
            self.review_level = 0
            return S.APPROVED

        return self._transition(user, Action.APPROVE, comment, sign)

    def return_to_author(self, user, comment):
        return self._transition(user, Action.RETURN, comment, self._leave_review)

    def publish(self, user, at=None, comment=""):
        """Publish at ``at``, by default the story's own 发布时间; now if that is not ahead.

        A scheduled story is published (readers' ``published()`` hides it until its time),
        so it goes live with no cron, and may be unpublished or withdrawn until then.
        """

        def go_live():
            now = timezone.now()
            when = at if at is not None else self.publish_at
            later = when is not None and when > now
            self.published_at = when if later else now
            self.publish_at = when if later else None
            if self.first_published_at is None:
                self.first_published_at = self.published_at

        return self._transition(user, Action.PUBLISH, comment, go_live)

    def unpublish(self, user, comment=""):
        def take_down():
            if self.first_published_at and self.first_published_at > timezone.now():
                self.first_published_at = None  # it was scheduled and never went live
            self.published_at = None
            self.publish_at = None

        return self._transition(user, Action.UNPUBLISH, comment, take_down)

    def withdraw(self, user, reason):
        return self._transition(user, Action.WITHDRAW, reason, None)

    def correct(self, user, text, print_edition_date=None, print_page=None):
        def record():
            Correction.objects.create(
                article=self, text=text.strip(), issued_by=user,
                print_edition_date=print_edition_date, print_page=print_page,
            )

        return self._transition(user, Action.CORRECT, text, record)

    def _enter_review(self):
        self.review_round += 1
        self.review_level = 1
        # Kept from every round: an author once is an author for good.
        self.submitted_authors.add(*self.authors_now())

    def _leave_review(self):
        self.review_level = 0

    STATE_FIELDS = [
        "status", "review_level", "review_round", "publish_at", "published_at",
        "first_published_at", "version", "desk_editor",
    ]

    def _transition(self, user, action, comment, change):
        """Check, change, save and log one transition, all or nothing."""
        with transaction.atomic():
            locked = type(self).objects.select_for_update().get(pk=self.pk)
            for name in self.STATE_FIELDS:
                attname = self._meta.get_field(name).attname
                setattr(self, attname, getattr(locked, attname))
            # Decide on what the database holds now, not on what a page loaded earlier.
            self._prefetched_objects_cache = {}
            self._signer_pool = None
            transition = self.check_transition(user, action, comment)
            source, level_before = self.status, self.review_level
            target = (change() if change else None) or transition.target
            self.status = target
            self.updated_by = user
            self.save(update_fields=[*self.STATE_FIELDS, "updated_by", "updated_at"])
            event = WorkflowEvent.objects.create(
                article=self, action=action, from_status=source, to_status=target,
                level=level_before or None, actor=user, comment=comment.strip(),
            )
            transitioned.send(sender=type(self), event=event)
            transaction.on_commit(lambda: logging.getLogger("newsroom.workflow").info(
                "Story %s: %s, %s -> %s by %s", self.pk, action, source, target, user,
                extra={"article": self.pk, "action": str(action), "from_status": str(source),
                       "to_status": str(target), "user": user.pk},
            ))
        return event
