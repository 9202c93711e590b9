"""RSS and Atom feeds, read as a feed reader reads them."""

import email.utils
import re
from urllib.parse import urlsplit

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone
from lxml import etree
from lxml import html as lxml_html

from articles.models import Article
from tests.readers_fixtures import (  # noqa: F401
    fresh_page_cache_fixture,
    newsroom_fixture,
    publish_story_fixture,
)

pytestmark = pytest.mark.django_db

ATOM = {"atom": "http://www.w3.org/2005/Atom"}
# RFC 4151: tag:authority,date:specific
TAG_URI = re.compile(r"^tag:[A-Za-z0-9][A-Za-z0-9.-]*,\d{4}(-\d{2}(-\d{2})?)?:[^\s#]+$")
FEEDS = ["rss", "atom", "section rss", "section atom", "union body rss", "union body atom",
         "beneficiary group rss", "beneficiary group atom"]


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


def feed(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return etree.fromstring(response.content)


def entry_ids(client, url) -> list[str]:
    doc = feed(client, url)
    return doc.xpath("//atom:entry/atom:id/text()", namespaces=ATOM) or doc.xpath(
        "//item/guid/text()")


@pytest.mark.parametrize("name", FEEDS)
def test_entry_ids_are_permanent_tag_uris(client, publish_story, newsroom, settings, name):
    settings.ALLOWED_HOSTS = ["testserver", "www.example.org"]
    story = publish_story()
    url = feed_urls(newsroom)[name]
    ids = entry_ids(client, url)
    assert len(ids) == 1 and TAG_URI.match(ids[0]), ids
    assert ids[0].endswith(f":articles/{story.pk}")
    # An edit, a new address and a second publication are still the same entry to a reader.
    story.headline, story.slug = "改过的标题", "gai-guo-de-biao-ti"
    story.status, story.published_at = Article.Status.PUBLISHED, timezone.now()
    story.save()
    assert entry_ids(client, url) == ids
    other_host = client.get(url, HTTP_HOST="www.example.org")
    assert ids[0].encode() in other_host.content


def summary_markup(doc):
    """What a reader renders as the entry's HTML summary, parsed as HTML."""
    text = (doc.xpath("string(//item/description)")
            or doc.xpath("string(//atom:entry/atom:summary[@type='html'])", namespaces=ATOM))
    return lxml_html.fragment_fromstring(text, create_parent="div")


@pytest.mark.parametrize("name", FEEDS)
def test_markup_in_headlines_and_summaries_reaches_readers_as_text(
    client, publish_story, newsroom, name
):
    headline = '<script>alert("x")</script>劳模&工匠'
    summary = '<b>加粗</b><img src=x onerror=alert(1)>职工 & 家属'
    publish_story(headline, summary=summary)
    doc = feed(client, feed_urls(newsroom)[name])
    rendered = summary_markup(doc)
    assert rendered.xpath("//script | //b | //img") == []
    assert rendered.text_content() == summary
    titles = doc.xpath("//item/title/text()") or doc.xpath(
        "//atom:entry/atom:title[not(@type) or @type='text']/text()", namespaces=ATOM)
    assert titles == [headline]  # plain text, as RSS and Atom's default type define it


def absolute(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


@pytest.mark.parametrize("name", FEEDS)
def test_feeds_keep_the_rules_of_their_specs(client, publish_story, newsroom, name):
    """The rules of RFC 4287 and RSS 2.0 that a schema cannot check (see tests/browser for it)."""
    publish_story(photos=1)
    publish_story("没有署名的稿件", bylines=False, minutes_ago=3)
    doc = feed(client, feed_urls(newsroom)[name])
    if name.endswith("atom"):
        entries = doc.xpath("atom:entry", namespaces=ATOM)
        assert len(entries) == 2
        ids = doc.xpath("//atom:id/text()", namespaces=ATOM)
        assert all(absolute(i) or TAG_URI.match(i) for i in ids), ids
        assert len(set(ids)) == len(ids)
        links = doc.xpath("//atom:link/@href", namespaces=ATOM)
        assert links and all(absolute(href) for href in links), links
        # 4.1.1: a feed without an author needs one in every entry.
        assert doc.xpath("atom:author/atom:name/text()", namespaces=ATOM) or all(
            e.xpath("atom:author", namespaces=ATOM) for e in entries)
        for entry in entries:  # 4.1.2: one id, title, updated; alternate link or content
            for child in ("id", "title", "updated"):
                assert len(entry.xpath(f"atom:{child}", namespaces=ATOM)) == 1, child
            assert entry.xpath("atom:link[@rel='alternate']", namespaces=ATOM)
    else:
        channel = doc.find("channel")
        for child in ("title", "link", "description"):
            assert (channel.findtext(child) or "").strip(), child
        assert absolute(channel.findtext("link"))
        self_link = channel.xpath("atom:link[@rel='self']/@href", namespaces=ATOM)
        assert len(self_link) == 1 and absolute(self_link[0])
        items = channel.findall("item")
        assert len(items) == 2
        guids = [item.findtext("guid") for item in items]
        assert all(TAG_URI.match(g) for g in guids) and len(set(guids)) == 2
        for item in items:
            assert item.find("guid").get("isPermaLink") == "false"
            assert absolute(item.findtext("link"))
            assert email.utils.parsedate_to_datetime(item.findtext("pubDate")).tzinfo
