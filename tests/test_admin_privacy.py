"""Drafts stay private in the admin too (issue #11, 8): no admin URL reaches a hidden story."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from articles.models import Article
from tests.desk_fixtures import dress
from tests.workflow_fixtures import desk, story_in  # noqa: F401

STATES = ["draft", "in_review_1", "returned", "approved", "scheduled", "published", "withdrawn"]


def story(state, desk):  # noqa: F811
    if state == "scheduled":
        article = story_in("approved", desk)
        article.publish(desk["chief2"], at=timezone.now() + datetime.timedelta(days=1))
    else:
        article = story_in(state, desk)
    return dress(article, author=desk["reporter"])


# Who may open a story of desk['reporter'] in each state: the desk (editors, the chief,
# photographers, who add pictures to any story) sees every story; another reporter only
# what readers see.
SEES = {
    "reporter": set(STATES),
    "other_reporter": {"published"},
    "photographer": set(STATES),
    "editor": set(STATES),
    "chief": set(STATES),
}


def admin_urls(article):
    base = f"/admin/articles/article/{article.pk}"
    return {
        "change": f"{base}/change/",
        "history": f"{base}/history/",
        "revisions": f"{base}/revisions/",
        "preview": f"{base}/preview/",
        "review sheet": f"{base}/review-sheet/",
        "delete": f"{base}/delete/",
    }


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", sorted(SEES))
def test_no_admin_url_shows_a_story_the_user_may_not_see(client, desk, role, state):  # noqa: F811
    article = story(state, desk)
    client.force_login(desk[role])
    seen = state in SEES[role]
    for name, url in admin_urls(article).items():
        response = client.get(url)
        if name == "delete":
            assert response.status_code in (403, 404), url  # superusers only
            continue
        assert (response.status_code == 200) is seen, (url, response.status_code)
        if not seen:
            assert response.status_code in (302, 403, 404), (url, response.status_code)
            assert article.headline not in response.content.decode()
    # Searching the list and the autocomplete (a photo's story) never turn it up either.
    listing = client.get("/admin/articles/article/", {"q": "职工书屋"}).content.decode()
    assert (f"/admin/articles/article/{article.pk}/change/" in listing) is seen
    found = client.get("/admin/autocomplete/", {
        "app_label": "articles", "model_name": "photo", "field_name": "article",
        "term": "职工",
    })
    if found.status_code == 200:
        assert (str(article.pk) in [r["id"] for r in found.json()["results"]]) is seen


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", sorted(SEES))
def test_view_on_site_redirects_only_to_a_live_story_the_user_may_see(
    client, desk, role, state  # noqa: F811
):
    article = story(state, desk)
    client.force_login(desk[role])
    content_type = ContentType.objects.get_for_model(Article)
    response = client.get(f"/admin/r/{content_type.pk}/{article.pk}/")
    if state == "published":
        assert response.status_code == 302
        assert response["Location"].endswith(article.get_absolute_url())
    else:
        assert response.status_code == 404  # the public address spells the headline
        assert article.slug not in response.get("Location", "")


def test_the_desk_shows_a_reporter_only_their_own_scheduled_stories(client, desk):  # noqa: F811
    mine = story("scheduled", desk)
    client.force_login(desk["other_reporter"])
    page = client.get("/admin/").content.decode()
    assert mine.headline not in page
    client.force_login(desk["reporter"])
    assert mine.headline in client.get("/admin/").content.decode()
