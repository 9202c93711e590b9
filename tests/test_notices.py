"""Review notices when several transitions share one transaction (as the demo walk does)."""

import pytest
from django.core import mail
from django.db import transaction

from articles.models import Article
from tests.workflow_fixtures import desk  # noqa: F401 - a fixture


# serialized_rollback: the role groups come from a migration and a flush would drop them.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_story_walked_through_every_level_at_once_sends_each_notice(desk):  # noqa: F811
    article = Article.objects.create(
        headline="班组长培训开班", body="今天，班组长培训开班。", created_by=desk["reporter"]
    )
    with transaction.atomic():
        article.submit(desk["reporter"])
        article.approve(desk["editor2"], "同意")
        article.approve(desk["editor3"], "同意")
        article.approve(desk["chief2"], "同意")
        article.publish(desk["chief2"])
        assert mail.outbox == []  # nothing leaves before the commit
    subjects = [m.subject for m in mail.outbox]
    assert any("初审" in s for s in subjects), subjects
    assert any("复审" in s for s in subjects), subjects
    assert any("终审" in s for s in subjects), subjects
    assert any(s.startswith("已发布") or "发布" in s for s in subjects), subjects
