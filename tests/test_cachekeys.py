"""Share links hit the page cache: parameters that cannot change a page are folded.

Each test proves which cache entry answers the way a reader can see it: a write that sends no
signal (``QuerySet.update``) leaves the cached page as it was, so an address answered from the
same entry still shows the old headline, and an address with an entry of its own the new one.
"""

import re

import pytest
from django.db.models import F

from articles.models import Article
from tests.readers_fixtures import (  # noqa: F401
    fresh_page_cache_fixture,
    newsroom_fixture,
    publish_story_fixture,
)

pytestmark = pytest.mark.django_db

WECHAT = "from=timeline&isappinstalled=0"
SHARE_LINKS = [
    WECHAT,
    "from=singlemessage&isappinstalled=0&scene=1&clicktime=1700000000&enterid=1700000000",
    "utm_source=weibo&utm_medium=social&utm_campaign=spring",
    "spm=a2c4g.11186623.0.0&share_token=3f9c2a&sharer_shareid=abc",
]


def change_silently(story, headline="悄悄改过的标题"):
    """A new version of the story that no signal announces: the page cache keeps its pages."""
    Article.objects.filter(pk=story.pk).update(headline=headline, version=F("version") + 1)


def canonical(response) -> str:
    return re.search(r'<link rel="canonical" href="([^"]+)">', response.content.decode()).group(1)


@pytest.mark.parametrize("query", SHARE_LINKS)
def test_a_share_link_is_served_from_the_plain_address_entry(client, publish_story, query):
    story = publish_story("原标题")
    url = story.get_absolute_url()
    assert "原标题" in client.get(url).content.decode()
    change_silently(story)
    shared = client.get(f"{url}?{query}")
    assert shared.status_code == 200
    assert "原标题" in shared.content.decode()


def test_the_first_reader_may_come_by_a_share_link(client, publish_story):
    story = publish_story("原标题")
    url = story.get_absolute_url()
    shared = client.get(f"{url}?{WECHAT}")
    change_silently(story)
    assert "原标题" in client.get(url).content.decode()
    # The page rendered for the share link names the plain address, so it can serve everyone.
    assert canonical(shared) == f"http://testserver{url}"
    assert f'content="http://testserver{url}"' in shared.content.decode()  # og:url
    assert "isappinstalled" not in shared.content.decode()


def test_an_article_page_folds_every_parameter_even_page(client, publish_story):
    story = publish_story("原标题")
    url = story.get_absolute_url()
    client.get(url)
    change_silently(story)
    for query in ("page=2", "anything=1", "q=工会"):
        answer = client.get(f"{url}?{query}")
        assert "原标题" in answer.content.decode(), query
        assert canonical(answer) == f"http://testserver{url}"


def test_page_keeps_its_own_entry_and_share_parameters_fold_beside_it(client, publish_story):
    story = publish_story("原标题")
    client.get("/sections/yaowen/")
    change_silently(story)
    assert "原标题" in client.get(f"/sections/yaowen/?{WECHAT}").content.decode()
    assert "悄悄改过的标题" in client.get("/sections/yaowen/?page=1").content.decode()
    change_silently(story, "又改过的标题")
    # page=1 with share parameters, in another order: the page=1 entry.
    folded = client.get("/sections/yaowen/?isappinstalled=0&page=1&utm_source=wechat")
    assert "悄悄改过的标题" in folded.content.decode()


def test_search_words_keep_their_own_entry(client, publish_story):
    warmth_story = publish_story("送温暖活动启动", body="慰问困难职工。").get_absolute_url()
    skills_story = publish_story("技能大赛开幕", body="选手同台比拼。").get_absolute_url()
    warmth = client.get("/search/", {"q": "送温暖"}).content.decode()
    skills = client.get("/search/", {"q": "技能", "from": "timeline"}).content.decode()
    assert warmth_story in warmth and skills_story not in warmth
    assert skills_story in skills and warmth_story not in skills


def test_an_unknown_parameter_off_the_article_page_keeps_its_own_entry(client, publish_story):
    story = publish_story("原标题")
    client.get("/")
    change_silently(story)
    assert "悄悄改过的标题" in client.get("/?edition=2").content.decode()


def test_pagination_links_leave_share_parameters_out(client, publish_story):
    for n in range(21):
        publish_story(f"第{n}条稿件", minutes_ago=n + 1)
    first = client.get(f"/sections/yaowen/?{WECHAT}&utm_source=x").content.decode()
    assert 'href="?page=2"' in first
    second = client.get(f"/sections/yaowen/?page=2&{WECHAT}").content.decode()
    assert 'href="/sections/yaowen/"' in second  # back to page 1: the plain address
    assert canonical(client.get("/sections/yaowen/?page=2&from=timeline")) == (
        "http://testserver/sections/yaowen/?page=2")
