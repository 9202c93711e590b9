import pytest

from tests.workflow_fixtures import desk, story_in  # noqa: F401 - desk is a fixture


@pytest.mark.django_db
@pytest.mark.parametrize(("state", "shown"), [("draft", False), ("in_review_1", False),
                                             ("approved", False), ("published", True),
                                             ("withdrawn", False)])
def test_view_on_site_only_for_live_stories(admin_client, desk, state, shown):  # noqa: F811
    article = story_in(state, desk)
    page = admin_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert ("在站点上查看" in page) is shown
