"""Walk part of the imported seed through the real workflow as the demo users."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from articles.models import Article, WorkflowEvent
from articles.workflow import review_levels, roles

# Where imported stories end, in this order: the seed's one page (six stories) already fills
# every desk panel; "unclaimed" is left to the desk (认领).
PLAN = [
    "published", "scheduled", "in_review", "half_reviewed", "returned", "unclaimed",
    "published", "published", "published", "published", "draft",
]


class Command(BaseCommand):
    help = "Submit, review and publish part of the imported seed as the demo users (DEBUG only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("The demo workflow is for development only: refused with DEBUG off.")
        users = demo_users()
        if WorkflowEvent.objects.filter(actor=users["desk"]).exists():
            self.stdout.write("The demo workflow has run already; nothing to do.")
            return
        stories = list(
            Article.objects.filter(status=Article.Status.DRAFT, review_round=0,
                                   kind=Article.Kind.STORY)
            .exclude(source_file="").order_by("-edition_date", "source_file", "source_position")
            [: len(PLAN)]
        )
        if not stories:
            raise CommandError("No imported drafts to walk: run `manage.py import_seed` first.")
        for article, outcome in zip(stories, PLAN, strict=False):
            walk(article, outcome, users)
            self.stdout.write(f"  {outcome:<14} {article.headline}")
        self.stdout.write(f"Walked {len(stories)} stories through the workflow.")


def demo_users():
    names = {"desk": roles.EDITOR, "editor": roles.EDITOR, "editor2": roles.EDITOR,
             "chief": roles.CHIEF_EDITOR}
    found = {u.username: u for u in get_user_model().objects.filter(username__in=names)}
    missing = set(names) - set(found)
    if missing:
        raise CommandError(
            f"Demo users missing ({', '.join(sorted(missing))}): run `manage.py demo_accounts`."
        )
    return found


def reviewer_for(level, users, signed):
    """The demo user who signs a level: never one who signed another level already."""
    candidates = ["chief"] if level.role == roles.CHIEF_EDITOR else ["editor", "editor2"]
    return next(users[name] for name in candidates if name not in signed)


@transaction.atomic
def walk(article, outcome, users):
    if outcome == "unclaimed":
        return
    # Imported copy has no author login: the desk editor claims it (认领) and submits it.
    article.claim(users["desk"])
    if outcome == "draft":
        return
    article.submit(users["desk"])
    signed = set()
    for level in review_levels():
        if outcome == "in_review":
            return
        if outcome == "returned":
            article.return_to_author(users["editor"], "导语过长，请压缩到两句以内，并核实数字。")
            return
        reviewer = reviewer_for(level, users, signed)
        opinion = "同意刊发。" if level.role == roles.CHIEF_EDITOR else "同意，送下一级审核。"
        article.approve(reviewer, opinion)
        signed.add(reviewer.username)
        if outcome == "half_reviewed":
            return
    if outcome == "scheduled":
        article.publish(users["chief"], at=timezone.now() + datetime.timedelta(days=1))
    else:
        article.publish(users["chief"])
