"""Newsroom users in every role, and stories walked into each state by real transitions."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from articles.models import Article, Person
from articles.workflow import roles

STATES = [
    "draft", "in_review_1", "in_review_2", "in_review_3", "returned", "approved", "published",
    "withdrawn",
]
OPINION = "同意刊发"


def make_user(username, role=None, **extra):
    user = get_user_model().objects.create_user(
        username, f"{username}@example.org", "pw", is_staff=True, first_name=username, **extra
    )
    if role:
        user.groups.add(Group.objects.get(name=roles.GROUP_NAMES[role]))
    Person.objects.create(name=f"演示{username}", user=user)
    return user


@pytest.fixture
def desk(db):
    """One user per role; 'reporter' writes the stories, 'other_reporter' does not."""
    return {
        "reporter": make_user("reporter", roles.REPORTER),
        "other_reporter": make_user("other_reporter", roles.REPORTER),
        "photographer": make_user("photographer", roles.PHOTOGRAPHER),
        "editor": make_user("editor", roles.EDITOR),
        "editor2": make_user("editor2", roles.EDITOR),
        "editor3": make_user("editor3", roles.EDITOR),
        "chief": make_user("chief", roles.CHIEF_EDITOR),
        "chief2": make_user("chief2", roles.CHIEF_EDITOR),
        "superuser": make_user("boss", is_superuser=True),
    }


def story_in(state, desk, section=None, **fields):
    """A story by desk['reporter'] brought to ``state`` through the real transitions.

    初审 is signed by 'editor2', 复审 by 'editor3' and 终审 by 'chief2', so that 'editor'
    and 'chief' have signed nothing on it. With two levels, 'editor3' signs nothing.
    """
    article = Article.objects.create(
        headline="职工书屋开进社区", body="今天上午，职工书屋开进社区。\n第二段。",
        created_by=desk["reporter"], section=section, **fields,
    )
    if state == "draft":
        return article
    article.submit(desk["reporter"])
    if state == "in_review_1":
        return article
    if state == "returned":
        article.return_to_author(desk["editor2"], "请补充数据")
        return article
    article.approve(desk["editor2"], OPINION)
    if state == "in_review_2":
        return article
    if article.current_level.role == roles.EDITOR:
        article.approve(desk["editor3"], OPINION)
        if state == "in_review_3":
            return article
    article.approve(desk["chief2"], OPINION)
    if state == "approved":
        return article
    article.publish(desk["chief2"])
    if state == "published":
        return article
    article.withdraw(desk["chief2"], "内容有误")
    assert state == "withdrawn", state
    return article


def snapshot(article):
    """Everything a refused transition must leave as it was."""
    fresh = Article.objects.get(pk=article.pk)
    return {
        "status": fresh.status,
        "review_level": fresh.review_level,
        "review_round": fresh.review_round,
        "version": fresh.version,
        "published_at": fresh.published_at,
        "approvals": list(fresh.approvals.values_list("round", "level", "reviewer")),
        "events": fresh.workflow_events.count(),
        "corrections": fresh.corrections.count(),
    }
