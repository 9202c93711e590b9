"""The demo walk: real transitions as the demo users, idempotent, development only."""

import pytest
from django.core.management import CommandError, call_command

from articles.management.commands.demo_accounts import create_demo_accounts
from articles.models import Article, WorkflowEvent


def imported(n):
    return [
        Article.objects.create(headline=f"导入稿件{i}", body="正文。", source_file="seed/1.txt",
                               source_position=i)
        for i in range(n)
    ]


def test_demo_workflow_fills_every_desk_panel(db, settings):
    settings.DEBUG = True
    create_demo_accounts()
    imported(12)
    call_command("demo_workflow")
    statuses = list(Article.objects.values_list("status", flat=True))
    assert statuses.count("published") == 6 and "returned" in statuses
    assert statuses.count("in_review") == 2 and statuses.count("draft") == 3
    assert Article.objects.filter(status="published", published_at__isnull=False).count() == 6
    assert any(a.is_scheduled for a in Article.objects.filter(status="published"))
    # Desk-owned: claimed by the desk editor, signed at all three levels by three people.
    walked = Article.objects.exclude(desk_editor=None)
    assert walked.count() == 10 and {a.desk_editor.username for a in walked} == {"desk"}
    assert Article.objects.filter(desk_editor=None, status="draft").count() == 2  # to claim
    assert set(Article.objects.values_list("created_by", flat=True)) == {None}
    for story in Article.objects.filter(status="published"):
        assert list(story.approvals.values_list("level", "reviewer__username")) == [
            (1, "editor"), (2, "editor2"), (3, "chief")
        ]
        assert all(a.comment for a in story.approvals.all())
    events = WorkflowEvent.objects.count()
    call_command("demo_workflow")
    assert WorkflowEvent.objects.count() == events


def test_demo_workflow_is_refused_with_debug_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("demo_workflow")
