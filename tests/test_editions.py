"""The 电子版: editions by date, their printed pages in order, and the archive calendar."""

import datetime
import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from lxml import html as lxml_html

from articles.models import Article
from tests.readers_fixtures import (  # noqa: F401
    UNSEEN,
    fresh_page_cache_fixture,
    newsroom_fixture,
    publish_story_fixture,
)

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 1, 17)


def doc(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return lxml_html.fromstring(response.content.decode()) if status == 200 else None


def texts(tree, xpath) -> list[str]:
    return [" ".join(node.text_content().split()) for node in tree.xpath(xpath)]


@pytest.fixture
def edition(publish_story):
    """One day's paper as the importer leaves it: pages, positions, 版名 on some pages only."""
    stories = {
        "lead": publish_story("头版头条", page=1, page_name="要闻", source_position=1),
        "second": publish_story("头版二条", page=1, page_name="要闻", source_position=2,
                                minutes_ago=9),
        # No 版名 from the importer: the page takes the section of most of its stories.
        "society": publish_story("社会版稿件", page=2, section="shehui", source_position=1),
        "society 2": publish_story("社会版二条", page=2, section="shehui", source_position=2),
        "odd one": publish_story("社会版上的要闻", page=2, source_position=3),
        "unpaged": publish_story("网络专稿", page=None),
        "draft": publish_story("未发稿件", page=3, **UNSEEN["draft"]),
    }
    publish_story("前一期", edition_date=DAY - datetime.timedelta(days=3), page=1)
    publish_story("后一期的草稿", edition_date=DAY + datetime.timedelta(days=1), page=1,
                  **UNSEEN["in review"])
    publish_story("后一期", edition_date=DAY + datetime.timedelta(days=2), page=1)
    return stories


def test_an_edition_lists_its_pages_in_order_with_their_stories_in_page_order(client, edition):
    page = doc(client, "/archive/2026/1/17/")
    assert texts(page, "//section[@class='printed-page']/h2") == [
        "第1版 要闻", "第2版 社会", "其他报道"]
    assert [texts(section, ".//ol/li/a") for section in page.xpath(
        "//section[@class='printed-page']")] == [
        ["头版头条", "头版二条"], ["社会版稿件", "社会版二条", "社会版上的要闻"], ["网络专稿"]]
    assert "未发稿件" not in page.text_content()
    assert page.xpath("//section[@class='printed-page']/h2/a/@href") == [
        "/archive/2026/1/17/1/", "/archive/2026/1/17/2/"]
    assert "共 2 版，6 篇报道" in page.text_content()


def test_from_any_page_the_previous_and_next_editions(client, edition):
    for url in ["/archive/2026/1/17/", "/archive/2026/1/17/1/", "/archive/2026/1/17/2/"]:
        page = doc(client, url)
        # The 18th has only a story in review: readers go from the 14th to the 19th.
        assert page.xpath("//nav[@class='edition-nav']//a[@rel='prev']/@href") == [
            "/archive/2026/1/14/"], url
        assert page.xpath("//nav[@class='edition-nav']//a[@rel='next']/@href") == [
            "/archive/2026/1/19/"], url
    first = doc(client, "/archive/2026/1/14/")
    assert first.xpath("//nav[@class='edition-nav']//a[@rel='prev']") == []
    doc(client, "/archive/2026/1/18/", status=404)


def test_a_printed_page_shows_its_stories_and_leads_to_the_others(client, edition):
    page = doc(client, "/archive/2026/1/17/2/")
    assert texts(page, "//h1") == ["第2版 社会"]
    assert texts(page, "//article[@class='card']//h2/a") == [
        "社会版稿件", "社会版二条", "社会版上的要闻"]
    assert texts(page, "//nav[@class='page-tabs']//a") == ["第1版 要闻", "第2版 社会"]
    assert page.xpath("//nav[@class='page-tabs']//a[@aria-current='page']/@href") == [
        "/archive/2026/1/17/2/"]
    assert page.xpath("//nav[@class='pagination']//a[@rel='prev']/@href") == [
        "/archive/2026/1/17/1/"]
    assert page.xpath("//nav[@class='pagination']//a[@rel='next']") == []
    doc(client, "/archive/2026/1/17/3/", status=404)  # only a draft is on page 3
    doc(client, "/archive/2026/1/17/0/", status=404)


def test_an_article_links_to_its_page_and_edition(client, edition):
    def links(story):
        return [(a.get("href"), " ".join(a.text_content().split())) for a in doc(
            client, story.get_absolute_url()).xpath("//span[@class='print-edition']/a")]

    assert links(edition["lead"]) == [
        ("/archive/2026/1/17/", "2026年1月17日出版"), ("/archive/2026/1/17/1/", "第1版 要闻")]
    assert links(edition["odd one"]) == [
        ("/archive/2026/1/17/", "2026年1月17日出版"), ("/archive/2026/1/17/2/", "第2版")]
    data = json.loads(doc(client, edition["lead"].get_absolute_url()).xpath(
        "string(//script[@type='application/ld+json'])"))
    assert (data["printEdition"], data["printPage"], data["printSection"]) == (
        "2026-01-17", "1", "要闻")
    unpaged = doc(client, edition["unpaged"].get_absolute_url())
    assert unpaged.xpath("//span[@class='print-edition']/a/@href") == ["/archive/2026/1/17/"]


def test_the_archive_calendar_links_every_edition_with_published_stories(client, edition,
                                                                         publish_story):
    publish_story("去年的报纸", edition_date=datetime.date(2025, 12, 31), page=1)
    publish_story("去年的草稿", edition_date=datetime.date(2024, 3, 1), **UNSEEN["draft"])
    latest = doc(client, reverse("articles:archive"))
    assert latest.xpath("//table[@class='calendar']//a/@href") == [
        "/archive/2026/1/14/", "/archive/2026/1/17/", "/archive/2026/1/19/"]
    assert texts(latest, "//table/caption") == ["2026年1月"]
    assert texts(latest, "//table/thead//th") == list("一二三四五六日")
    assert latest.xpath("//nav[@class='page-tabs']//a/@href") == [
        "/archive/2026/", "/archive/2025/"]
    earlier = doc(client, "/archive/2025/")
    assert earlier.xpath("//table[@class='calendar']//a/@href") == ["/archive/2025/12/31/"]
    assert texts(earlier, "//table[@class='calendar']//a") == ["31日，共 1 篇报道"]
    doc(client, "/archive/2024/", status=404)  # a draft's date is no edition
    doc(client, "/archive/99999999999999999999/", status=404)


def test_an_empty_archive_says_so(client, db):
    assert "暂无报道" in doc(client, reverse("articles:archive")).text_content()


@pytest.mark.parametrize("state", UNSEEN)
def test_an_edition_of_stories_readers_may_not_see_does_not_exist(client, publish_story, state):
    publish_story("看不到的稿件", page=1, **UNSEEN[state])
    doc(client, "/archive/2026/1/17/", status=404)
    doc(client, "/archive/2026/1/17/1/", status=404)
    assert doc(client, "/archive/").xpath("//table") == []


def test_a_printed_page_costs_the_same_queries_however_full_the_edition(
    client, publish_story, django_assert_num_queries
):
    publish_story("头版", page=1, photos=1)
    urls = ["/archive/2026/1/17/", "/archive/2026/1/17/1/", "/archive/", "/archive/2026/"]
    counts = {}
    for url in urls:
        cache.clear()  # a page from the cache would cost nothing
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts[url] = len(queries)
    for n in range(20):
        publish_story(f"稿件{n}", page=n % 5 + 1, photos=n % 2, section="shehui",
                      edition_date=DAY - datetime.timedelta(days=n % 4))
    for url in urls:
        cache.clear()
        with django_assert_num_queries(counts[url]):
            assert client.get(url).status_code == 200
    assert max(counts.values()) <= 6, counts
    assert Article.objects.count() == 21


def test_an_edition_without_page_numbers_lists_its_stories(client, publish_story):
    publish_story("未标版次的稿件", page=None)
    publish_story("另一篇", page=None, minutes_ago=3)
    page = doc(client, "/archive/2026/1/17/")
    assert texts(page, "//section[@class='printed-page']/h2") == ["本期报道"]
    assert "共 2 篇报道" in page.text_content() and "共 0 版" not in page.text_content()
