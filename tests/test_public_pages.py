"""The readers' pages, as a reader's browser requests them."""

import datetime
import json
import re

import pytest
from django.test import RequestFactory
from django.urls import reverse
from lxml import html as lxml_html

from articles.models import Article, Byline
from articles.site.views import render_article
from articles.workflow.corrections import Correction
from tests.readers_fixtures import (  # noqa: F401
    UNSEEN,
    fresh_page_cache_fixture,
    newsroom_fixture,
    publish_story_fixture,
)

pytestmark = pytest.mark.django_db


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


def test_article_page_shows_the_story_as_printed(client, publish_story, newsroom):
    story = publish_story(kicker="迎新春", subheadline="万名职工受益", photos=2,
                          dateline="1月16日")
    Correction.objects.create(article=story, text="原文中“朝阳区”应为“东城区”。")
    text = page(client, story.get_absolute_url())
    doc = lxml_html.fromstring(text)

    assert doc.xpath("string(//h1)") == "北京市总工会启动送温暖活动"
    assert "迎新春" in doc.xpath("string(//header[@class='story-head'])")
    assert "万名职工受益" in doc.xpath("string(//header[@class='story-head'])")
    byline = doc.xpath("//span[@class='byline']")[0]
    assert byline.text_content() == "本报讯（记者 白莹 通讯员 刘换利）"
    assert [a.get("href") for a in byline.xpath(".//a")] == [
        newsroom["baiying"].get_absolute_url(), newsroom["liu"].get_absolute_url()]
    paragraphs = [p.text_content() for p in doc.xpath("//div[@class='story-body']/p")]
    assert paragraphs[:3] == ["本报讯（记者 白莹 通讯员 刘换利）" + story.paragraphs[0],
                              *story.paragraphs[1:]]
    assert doc.xpath("string(//span[@class='dateline'])") == "1月16日"
    assert "责任编辑：王编辑" in text
    figures = doc.xpath("//figure")
    assert len(figures) == 2
    assert figures[0].xpath("string(.//img/@alt)") == "工会干部向职工发放慰问品1"
    assert "慰问现场1" in figures[0].xpath("string(.//figcaption)")
    assert "张良" in figures[0].xpath("string(.//figcaption)")
    assert doc.xpath("//time/@datetime")
    assert "原文中“朝阳区”应为“东城区”。" in doc.xpath("string(//section[@class='corrections'])")
    tag_links = doc.xpath("//nav[@class='tags']//a/@href")
    assert reverse("articles:union-body", args=[newsroom["union"].slug]) in tag_links
    assert reverse("articles:beneficiary-group", args=[newsroom["retirees"].slug]) in tag_links


def test_byline_with_correspondents_only(client, publish_story, newsroom):
    story = publish_story(bylines=False)
    story.bylines.create(person=newsroom["liu"], role="correspondent")
    doc = lxml_html.fromstring(page(client, story.get_absolute_url()))
    assert doc.xpath("string(//span[@class='byline'])") == "本报讯（通讯员 刘换利）"


def test_related_stories_rank_by_shared_tags(client, publish_story, newsroom):
    story = publish_story()
    both = publish_story("两个标签都相同", minutes_ago=30)
    one = publish_story("只有一个标签相同", minutes_ago=2, tags=False)
    one.union_bodies.add(newsroom["union"])
    unrelated = publish_story("毫无关系", tags=False)
    doc = lxml_html.fromstring(page(client, story.get_absolute_url()))
    related = doc.xpath("//aside[@class='related']//a/text()")
    assert related == [both.headline, one.headline]
    assert unrelated.headline not in related


@pytest.mark.parametrize("suffix", ["", "old-headline/"])
def test_other_addresses_redirect_permanently_to_the_canonical_one(client, publish_story, suffix):
    story = publish_story()
    response = client.get(f"/articles/{story.pk}/{suffix}")
    assert response.status_code == 301
    assert response["Location"] == story.get_absolute_url()


def test_home_groups_latest_stories_by_section_with_photo_news(client, publish_story):
    publish_story("要闻稿件", minutes_ago=5)
    publish_story("社会稿件", section="shehui", minutes_ago=1)
    photo = publish_story("图片新闻稿件", kind=Article.Kind.PHOTO, photos=1, minutes_ago=3)
    doc = lxml_html.fromstring(page(client, "/"))
    assert doc.xpath("string(//h1)") == "最新报道"
    assert "2026年1月17日" in doc.xpath("string(//p[@class='edition'])")
    desks = [s.xpath("string(h2)") for s in doc.xpath("//section[@class='desk']")]
    assert desks == ["要闻", "社会"]
    photo_news = doc.xpath("//section[@class='photo-news']")[0]
    assert photo_news.xpath(".//img/@src")
    assert photo.headline in photo_news.text_content()


def test_cards_credit_photographers_after_the_lead(client, publish_story, newsroom):
    story = publish_story("摄影报道稿件", kind=Article.Kind.PHOTO)
    story.bylines.create(person=newsroom["zhang"], role=Byline.Role.PHOTOGRAPHER, position=2)
    doc = lxml_html.fromstring(page(client, "/"))
    card = doc.xpath("//article[@class='card'][.//a[text()='摄影报道稿件']]")[0]
    groups = [g.text_content() for g in card.xpath(".//span[@class='byline-group']")]
    assert groups == ["记者 白莹", "通讯员 刘换利", "摄影记者 张良"]


def test_search_page_has_one_search_landmark(client, publish_story):
    publish_story()
    for path in ("/search/?q=工会", "/"):
        doc = lxml_html.fromstring(page(client, path))
        assert len(doc.xpath("//*[@role='search']")) == 1, path


def test_tag_page_lists_newest_first_with_count_and_aliases(client, publish_story, newsroom):
    older = publish_story("较早的稿件", minutes_ago=60)
    newer = publish_story("较新的稿件", minutes_ago=5)
    publish_story("未加标签", tags=False)
    doc = lxml_html.fromstring(
        page(client, reverse("articles:union-body", args=[newsroom["union"].slug])))
    assert doc.xpath("//h2[@class='card-title']/a/text()") == [newer.headline, older.headline]
    assert doc.xpath("string(//p[@class='count'])") == "共 2 篇报道"
    assert "市总工会" in doc.xpath("string(//p[@class='aliases'])")
    group = page(client, reverse("articles:beneficiary-group", args=[newsroom["retirees"].slug]))
    assert "较新的稿件" in group and "未加标签" not in group


def test_person_page_lists_their_stories_and_photos(client, publish_story, newsroom):
    story = publish_story(photos=1)
    reporter = page(client, newsroom["baiying"].get_absolute_url())
    assert story.headline in reporter
    photographer = lxml_html.fromstring(page(client, newsroom["zhang"].get_absolute_url()))
    assert photographer.xpath("//section[@class='photo-news']//img/@src")
    assert story.headline in photographer.text_content()


def test_person_without_published_work_is_not_found(client, newsroom):
    page(client, newsroom["baiying"].get_absolute_url(), status=404)


def test_archive_and_edition_pages(client, publish_story):
    publish_story("第一版头条", page=1)
    publish_story("第三版稿件", page=3)
    archive = lxml_html.fromstring(page(client, reverse("articles:archive")))
    assert archive.xpath("//table[@class='calendar']//a/@href") == ["/archive/2026/1/17/"]
    edition = lxml_html.fromstring(page(client, "/archive/2026/1/17/"))
    assert [h.text_content() for h in edition.xpath("//section/h2")] == [
        "第1版 要闻", "第3版 要闻"]
    page(client, "/archive/2026/1/18/", status=404)
    page(client, "/archive/2026/2/30/", status=404)


def test_lists_paginate_with_stable_addresses(client, publish_story):
    for n in range(23):
        publish_story(f"稿件{n:02d}", minutes_ago=n + 1, bylines=False, tags=False)
    first = lxml_html.fromstring(page(client, "/sections/yaowen/"))
    assert len(first.xpath("//article[@class='card']")) == 20
    assert first.xpath("//a[@rel='next']/@href") == ["?page=2"]
    second = lxml_html.fromstring(page(client, "/sections/yaowen/?page=2"))
    assert second.xpath("//h2[@class='card-title']/a/text()") == ["稿件20", "稿件21", "稿件22"]
    assert second.xpath("//link[@rel='canonical']/@href") == [
        "http://testserver/sections/yaowen/?page=2"]
    for bad in ["3", "0", "abc", "-1"]:
        page(client, f"/sections/yaowen/?page={bad}", status=404)


def test_article_page_metadata_for_search_engines(client, publish_story):
    story = publish_story(photos=1, summary="北京市总工会为困难职工送去慰问金。")
    doc = lxml_html.fromstring(page(client, story.get_absolute_url()))
    canonical = f"http://testserver{story.get_absolute_url()}"
    assert doc.xpath("string(//title)") == "北京市总工会启动送温暖活动 - 劳动午报"
    assert doc.xpath("string(//meta[@name='description']/@content)") == story.summary
    assert doc.xpath("string(//link[@rel='canonical']/@href)") == canonical
    assert doc.xpath("string(//meta[@property='og:url']/@content)") == canonical
    assert doc.xpath("string(//meta[@property='og:type']/@content)") == "article"
    photo = story.photos.get()
    shared = f"http://testserver{photo.share_url}"
    assert photo.share_url != photo.image.url  # a rendition sized for sharing, not the original
    assert doc.xpath("string(//meta[@property='og:image']/@content)") == shared
    assert doc.xpath("string(//meta[@property='og:image:alt']/@content)") == photo.alt_text
    data = json.loads(doc.xpath("string(//script[@type='application/ld+json'])"))
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == story.headline
    assert data["datePublished"] and data["dateModified"]
    assert [a["name"] for a in data["author"]] == ["白莹", "刘换利"]
    assert all(a["@type"] == "Person" for a in data["author"])
    assert data["image"] == [shared]
    assert data["publisher"]["name"] == "劳动午报"


def test_json_ld_cannot_be_broken_out_of(client, publish_story):
    story = publish_story('</script><script>alert("x")</script>&')
    text = page(client, story.get_absolute_url())
    assert "<script>alert" not in text
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)
    assert json.loads(block.group(1))["headline"] == story.headline


def test_public_pages_have_no_inline_scripts(client, publish_story, newsroom):
    story = publish_story(photos=1)
    for url in ["/", story.get_absolute_url(), "/search/?q=工会", "/archive/",
                newsroom["baiying"].get_absolute_url()]:
        scripts = lxml_html.fromstring(page(client, url)).xpath("//script")
        assert all(s.get("type") == "application/ld+json" for s in scripts), url
        assert "style=" not in page(client, url)


def test_preview_renders_a_draft_with_the_public_template_never_cached(rf, publish_story):
    draft = publish_story(status=Article.Status.DRAFT, published_at=None)
    request = RequestFactory().get("/admin/preview/")
    response = render_article(request, draft, preview=True).render()
    text = response.content.decode()
    assert draft.headline in text
    assert '<meta name="robots" content="noindex, nofollow">' in text
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]


def listing_urls(newsroom):
    return [
        "/", "/sections/yaowen/", "/archive/", "/archive/2026/1/17/", "/search/?q=送温暖",
        newsroom["baiying"].get_absolute_url(),
        reverse("articles:union-body", args=[newsroom["union"].slug]),
        reverse("articles:beneficiary-group", args=[newsroom["retirees"].slug]),
        "/feeds/rss/", "/feeds/atom/", "/sections/yaowen/rss/",
        reverse("articles:union-body-atom", args=[newsroom["union"].slug]),
        "/sitemap-stories.xml", "/news-sitemap.xml",
    ]


@pytest.mark.parametrize("state", UNSEEN)
def test_stories_readers_may_not_see_are_nowhere(client, publish_story, newsroom, state):
    fields = dict(UNSEEN[state])
    publish_story("公开的稿件", minutes_ago=2)
    hidden = publish_story("不该出现的稿件", **fields)
    for url in [hidden.get_absolute_url(), f"/articles/{hidden.pk}/"]:
        assert client.get(url).status_code == 404, (state, url)
    for url in listing_urls(newsroom):
        response = client.get(url)
        assert response.status_code == 200, (state, url)
        text = response.content.decode()
        assert "不该出现的稿件" not in text, (state, url)
        assert f"/articles/{hidden.pk}/" not in text, (state, url)
    tag_page = page(client, reverse("articles:union-body", args=[newsroom["union"].slug]))
    assert "共 1 篇报道" in tag_page


# Page -> URL, for the query-count tests; the same bound whatever the size.
def counted_urls(newsroom, story):
    return {
        "home": "/",
        "article": story.get_absolute_url(),
        "section": "/sections/yaowen/",
        "union body": reverse("articles:union-body", args=[newsroom["union"].slug]),
        "beneficiary group": reverse(
            "articles:beneficiary-group", args=[newsroom["retirees"].slug]),
        "person": newsroom["baiying"].get_absolute_url(),
        "photographer": newsroom["zhang"].get_absolute_url(),
        "archive": "/archive/",
        "edition": "/archive/2026/1/17/",
        "edition page": "/archive/2026/1/17/1/",
        "archive year": "/archive/2026/",
        "search": "/search/?q=送温暖",
        "rss": "/feeds/rss/",
        "atom": "/feeds/atom/",
        "section feed": "/sections/yaowen/rss/",
        "tag feed": reverse("articles:union-body-rss", args=[newsroom["union"].slug]),
        "sitemap index": "/sitemap.xml",
        "story sitemap": "/sitemap-stories.xml",
        "page sitemap": "/sitemap-pages.xml",
        "news sitemap": "/news-sitemap.xml",
        "robots": "/robots.txt",
    }


MAX_QUERIES = 8
PAGES = [
    "home", "article", "section", "union body", "beneficiary group", "person", "photographer",
    "archive", "edition", "edition page", "archive year", "search", "rss", "atom", "section feed",
    "tag feed", "sitemap index", "story sitemap", "page sitemap", "news sitemap", "robots",
]


def queries_for(client, url):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()  # a rendered page from the cache would cost nothing
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return [q["sql"] for q in queries]


@pytest.mark.parametrize("name", PAGES)
def test_every_page_runs_a_fixed_number_of_queries(client, publish_story, newsroom, name):
    story = publish_story("送温暖第一篇", photos=1, kind=Article.Kind.PHOTO, page=1)
    story.bylines.create(person=newsroom["zhang"], role="reporter", position=3)
    url = counted_urls(newsroom, story)[name]
    small = queries_for(client, url)
    for n in range(12):
        extra = publish_story(f"送温暖第{n + 2}篇", minutes_ago=n + 2, photos=1 if n < 2 else 0,
                              page=n % 4 + 1,
                              edition_date=datetime.date(2026, 1, 17 - n % 3 + 1))
        extra.bylines.create(person=newsroom["zhang"], role="reporter", position=3)
        Correction.objects.create(article=extra, text=f"更正{n}")
    large = queries_for(client, url)
    assert len(small) <= MAX_QUERIES, small
    assert len(large) == len(small), (small, large)


def test_an_unknown_address_gets_a_chinese_404_page(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    doc = lxml_html.fromstring(response.content.decode())
    assert doc.xpath("string(//h1)") == "找不到这个页面"
    assert doc.xpath("//meta[@name='robots']/@content") == ["noindex"]


def test_photo_credits_read_as_the_paper_prints_them(client, publish_story):
    story = publish_story(photos=1)
    doc = lxml_html.fromstring(page(client, story.get_absolute_url()))
    assert doc.xpath("string(//span[@class='credit'])") == "（本报记者 张良 摄）"


def test_a_photographers_page_shows_their_published_photos_and_a_reporters_none(
        client, publish_story, newsroom):
    publish_story("有照片的稿件", photos=2)
    publish_story("草稿里的照片", photos=1, **UNSEEN["draft"])
    doc = lxml_html.fromstring(page(client, newsroom["zhang"].get_absolute_url()))
    assert doc.xpath("//section[@aria-labelledby='person-photos']//p/a/text()") == [
        "有照片的稿件", "有照片的稿件"]
    doc = lxml_html.fromstring(page(client, newsroom["baiying"].get_absolute_url()))
    assert not doc.xpath("//section[@aria-labelledby='person-photos']")
