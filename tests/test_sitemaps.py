"""sitemap.xml, the Google News sitemap and robots.txt, as crawlers read them."""

import datetime

import pytest
from django.utils import timezone
from lxml import etree

from articles.models import Article
from tests.readers_fixtures import (  # noqa: F401
    fresh_page_cache_fixture,
    newsroom_fixture,
    publish_story_fixture,
)

pytestmark = pytest.mark.django_db

SM = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS = "http://www.google.com/schemas/sitemap-news/0.9"
NS = {"sm": SM, "news": NEWS}


def xml(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert "xml" in response["Content-Type"]
    return etree.fromstring(response.content)


def test_sitemap_index_lists_story_and_page_sitemaps(client, publish_story):
    publish_story()
    index = xml(client, "/sitemap.xml")
    assert index.tag == f"{{{SM}}}sitemapindex"
    locations = index.xpath("//sm:sitemap/sm:loc/text()", namespaces=NS)
    assert locations == ["http://testserver/sitemap-stories.xml",
                         "http://testserver/sitemap-pages.xml"]


def test_story_sitemap_has_every_published_story_with_lastmod(client, publish_story):
    story = publish_story()
    root = xml(client, "/sitemap-stories.xml")
    assert root.tag == f"{{{SM}}}urlset"
    urls = root.xpath("//sm:url", namespaces=NS)
    assert [u.findtext(f"{{{SM}}}loc") for u in urls] == [
        f"http://testserver{story.get_absolute_url()}"]
    assert urls[0].findtext(f"{{{SM}}}lastmod")


def test_page_sitemap_has_sections_tags_and_people(client, publish_story, newsroom):
    publish_story()
    locations = set(xml(client, "/sitemap-pages.xml").xpath("//sm:loc/text()", namespaces=NS))
    for path in ["/", "/archive/", "/sections/yaowen/", newsroom["baiying"].get_absolute_url(),
                 f"/union-bodies/{newsroom['union'].slug}/",
                 f"/groups/{newsroom['retirees'].slug}/", "/archive/2026/1/17/"]:
        assert f"http://testserver{path}" in locations
    assert "http://testserver/sections/shehui/" not in locations  # nothing published there


def test_news_sitemap_has_the_last_two_days_with_google_news_elements(client, publish_story):
    fresh = publish_story("今天的新闻")
    publish_story("三天前的新闻", published_at=timezone.now() - datetime.timedelta(days=3))
    root = xml(client, "/news-sitemap.xml")
    urls = root.xpath("//sm:url", namespaces=NS)
    assert len(urls) == 1
    url = urls[0]
    assert url.findtext(f"{{{SM}}}loc") == f"http://testserver{fresh.get_absolute_url()}"
    assert url.xpath("news:news/news:publication/news:name/text()", namespaces=NS) == ["劳动午报"]
    assert url.xpath("news:news/news:publication/news:language/text()", namespaces=NS) == [
        "zh-cn"]
    published = url.xpath("string(news:news/news:publication_date)", namespaces=NS)
    assert datetime.datetime.fromisoformat(published) == fresh.published_at
    assert url.xpath("string(news:news/news:title)", namespaces=NS) == "今天的新闻"


def test_news_sitemap_escapes_headlines(client, publish_story):
    publish_story("职工&企业<共赢>")
    root = xml(client, "/news-sitemap.xml")
    assert root.xpath("string(//news:title)", namespaces=NS) == "职工&企业<共赢>"


def test_robots_txt_points_to_the_sitemaps_and_keeps_crawlers_out_of_the_desk(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Disallow: /admin/" in lines
    assert "Disallow: /search/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Sitemap: http://testserver/news-sitemap.xml" in lines


def test_unpublished_stories_stay_out_of_every_sitemap(client, publish_story):
    hidden = publish_story(status=Article.Status.DRAFT, published_at=None)
    for url in ["/sitemap-stories.xml", "/news-sitemap.xml"]:
        assert f"/articles/{hidden.pk}/" not in client.get(url).content.decode()
