"""Story parts rendered once per version (articles/site/fragments.py), through HTTP.

A change anywhere in the news empties the page cache; these tests show that the parts of a
story outlive changes to other stories, and that every change to what a part shows (the
story, its bylines, photos, tags and corrections, the names of people, tags and sections)
shows on the next page.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Byline, Photo
from articles.site import fragments
from articles.site.caching import purge_public_pages
from articles.workflow.corrections import Correction
from tests.readers_fixtures import (  # noqa: F401
    fresh_page_cache_fixture,
    jpeg_upload,
    newsroom_fixture,
    publish_story_fixture,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def one_process_shares_its_cache(monkeypatch):
    """The test client is the only process: its memory cache is as shared as Redis."""
    monkeypatch.setattr(fragments, "shared_cache", lambda: True)


def test_without_a_shared_cache_parts_last_one_generation(client, publish_story, monkeypatch):
    monkeypatch.setattr(fragments, "shared_cache", lambda: False)
    story = publish_story("原标题")
    text(client, story.get_absolute_url())
    Article.objects.filter(pk=story.pk).update(headline="没有新版本的改动")
    purge_public_pages()  # what any other worker's change does to this one
    assert "没有新版本的改动" in text(client, story.get_absolute_url())


def text(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_a_story_part_outlives_edits_to_other_stories(client, publish_story):
    story = publish_story("原标题")
    other = publish_story("另一篇稿件", minutes_ago=5)
    assert "原标题" in text(client, story.get_absolute_url())
    assert "原标题" in text(client, "/")
    # No signal and no new version: only the parts kept for this version can show the old title.
    Article.objects.filter(pk=story.pk).update(headline="没有新版本的改动")
    other.headline = "另一篇改过了"
    other.save()  # a new generation: no page comes from the page cache
    assert "另一篇改过了" in text(client, "/")
    assert "原标题" in text(client, story.get_absolute_url())
    assert "原标题" in text(client, "/")
    story.refresh_from_db()
    story.headline = "编辑后的标题"
    story.save()
    assert "编辑后的标题" in text(client, story.get_absolute_url())
    assert "编辑后的标题" in text(client, "/")


def add_byline(story, newsroom):
    Byline.objects.create(article=story, person=newsroom["zhang"], role=Byline.Role.REPORTER,
                          position=5)
    return "张良"


def renamer(key, name):
    def rename(story, newsroom):
        newsroom[key].name = name
        newsroom[key].save()
        return name

    rename.__name__ = f"rename_{key}"
    return rename


rename_person = renamer("baiying", "白莹莹")
rename_tag = renamer("union", "北京市总工会（改名）")
rename_section = renamer("yaowen", "要闻版")


def add_correction(story, newsroom):
    Correction.objects.create(article=story, text="更正：日期有误。")
    return "更正：日期有误。"


def add_photo(story, newsroom):
    Photo.objects.create(article=story, image=jpeg_upload("new.jpg"), caption="新加的照片说明",
                         alt_text="新加的照片", photographer=newsroom["zhang"], position=9)
    return "新加的照片说明"


def add_tag(story, newsroom):
    from articles.tags import BeneficiaryGroup

    story.beneficiary_groups.add(BeneficiaryGroup.objects.create(name="试用群体", slug="shi-yong"))
    return "试用群体"


@pytest.mark.parametrize("change, article_only", [
    (add_byline, False), (rename_person, False), (rename_tag, True), (rename_section, True),
    (add_correction, True), (add_photo, True), (add_tag, True),
])
def test_every_change_to_what_a_part_shows_shows(client, publish_story, newsroom, change,
                                                 article_only):
    story = publish_story("原标题")
    url = story.get_absolute_url()
    text(client, url)
    text(client, "/")
    shown = change(story, newsroom)
    assert shown in text(client, url)
    if not article_only:
        assert shown in text(client, "/")


def test_removed_byline_and_tag_leave_the_page(client, publish_story, newsroom):
    story = publish_story("原标题")
    url = story.get_absolute_url()
    tag_link = f'href="/groups/{newsroom["retirees"].slug}/"'
    assert "刘换利" in text(client, url) and tag_link in text(client, url)
    story.bylines.filter(person=newsroom["liu"]).delete()
    story.beneficiary_groups.remove(newsroom["retirees"])
    page = text(client, url)
    assert "刘换利" not in page and tag_link not in page
    assert "刘换利" not in text(client, "/")


def test_a_withdrawn_related_story_leaves_at_once(client, publish_story):
    story = publish_story("主稿")
    related = publish_story("相关的稿件", minutes_ago=10)
    assert "相关的稿件" in text(client, story.get_absolute_url())
    related.status = Article.Status.WITHDRAWN
    related.save()
    assert "相关的稿件" not in text(client, story.get_absolute_url())


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


# Each page rendered with its stories' parts kept (the page cache missed): pinned, and fewer
# than on a cold cache (tests/test_public_pages.py), because the parts' queries are not made.
# A reporter with no published photo: the person page asks for no photos (has_photos).
WARM_QUERIES = {"article": 3, "home": 3, "section": 4, "union body": 4, "person": 4}


@pytest.mark.parametrize("name", WARM_QUERIES)
def test_pages_with_kept_parts_run_fewer_queries(client, publish_story, newsroom, name):
    from django.urls import reverse

    stories = [publish_story(f"第{n}篇", minutes_ago=n + 1, photos=1 if n == 0 else 0)
               for n in range(12)]
    url = {
        "article": stories[3].get_absolute_url(), "home": "/", "section": "/sections/yaowen/",
        "union body": reverse("articles:union-body", args=[newsroom["union"].slug]),
        "person": newsroom["baiying"].get_absolute_url(),
    }[name]
    cache.clear()
    cold = queries(client, url)
    purge_public_pages()  # the page misses, the parts are kept
    warm = queries(client, url)
    assert warm == WARM_QUERIES[name]
    assert warm < cold
