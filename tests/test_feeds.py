"""RSS and Atom feeds, read as a feed reader reads them."""

import feedparser
import pytest
from django.urls import reverse

from tests.readers_fixtures import (  # noqa: F401
    fresh_page_cache_fixture,
    newsroom_fixture,
    publish_story_fixture,
)

pytestmark = pytest.mark.django_db


def feed_urls(newsroom):
    union, group = newsroom["union"].slug, newsroom["retirees"].slug
    return {
        "rss": "/feeds/rss/",
        "atom": "/feeds/atom/",
        "section rss": "/sections/yaowen/rss/",
        "section atom": "/sections/yaowen/atom/",
        "union body rss": reverse("articles:union-body-rss", args=[union]),
        "union body atom": reverse("articles:union-body-atom", args=[union]),
        "beneficiary group rss": reverse("articles:beneficiary-group-rss", args=[group]),
        "beneficiary group atom": reverse("articles:beneficiary-group-atom", args=[group]),
    }


@pytest.mark.parametrize("name", [
    "rss", "atom", "section rss", "section atom", "union body rss", "union body atom",
    "beneficiary group rss", "beneficiary group atom",
])
def test_feeds_parse_cleanly_and_carry_the_stories(client, publish_story, newsroom, name):
    story = publish_story('劳模&工匠<进>社区', summary="摘要：为职工办实事。")
    publish_story("社会版稿件", section="shehui", tags=False, minutes_ago=5)
    response = client.get(feed_urls(newsroom)[name])
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.version in {"rss20", "atom10"}
    titles = [entry.title for entry in parsed.entries]
    assert titles[0] == story.headline
    entry = parsed.entries[0]
    assert entry.link == f"http://testserver{story.get_absolute_url()}"
    assert entry.summary == "摘要：为职工办实事。"
    assert entry.author == "白莹、刘换利"
    assert entry.published_parsed
    if name.startswith("section") or "union" in name or "group" in name:
        assert "社会版稿件" not in titles
    else:
        assert "社会版稿件" in titles


def test_feeds_of_unknown_sections_and_tags_are_not_found(client, db):
    assert client.get("/sections/nope/rss/").status_code == 404
    assert client.get("/union-bodies/nope/atom/").status_code == 404
