"""HTTP caching: validators, 304 answers, the page cache and its purge, through HTTP."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from articles.models import Article
from articles.workflow.corrections import Correction
from tests.readers_fixtures import (  # noqa: F401
    fresh_page_cache_fixture,
    newsroom_fixture,
    publish_story_fixture,
)

pytestmark = pytest.mark.django_db

PUBLIC_URLS = ["/", "/sections/yaowen/", "/archive/", "/search/?q=工会", "/feeds/rss/",
               "/sitemap.xml", "/news-sitemap.xml", "/robots.txt"]


@pytest.mark.parametrize("url", [*PUBLIC_URLS, "article"])
def test_anonymous_answers_are_cacheable_with_validators_and_304(client, publish_story, url):
    story = publish_story()
    url = story.get_absolute_url() if url == "article" else url
    first = client.get(url)
    assert first.status_code == 200
    # Kept by browsers and proxies, but asked again before each use: a withdrawal shows at once.
    assert first["Cache-Control"] == "public, no-cache"
    assert first.has_header("ETag")
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""


def test_article_page_has_last_modified_and_answers_if_modified_since(client, publish_story):
    story = publish_story()
    first = client.get(story.get_absolute_url())
    assert first.has_header("Last-Modified")
    again = client.get(story.get_absolute_url(), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 304


def test_pages_come_from_the_cache_until_something_changes(client, publish_story):
    story = publish_story("原标题")
    assert "原标题" in client.get(story.get_absolute_url()).content.decode()
    # A write that sends no signal: the cached page is still served, proving there is a cache.
    Article.objects.filter(pk=story.pk).update(headline="悄悄改过的标题")
    assert "原标题" in client.get(story.get_absolute_url()).content.decode()


def edit(story):
    story.headline = "编辑后的标题"
    story.save()


def unpublish(story):
    story.status, story.published_at = Article.Status.APPROVED, None
    story.save()


def withdraw(story):
    story.status = Article.Status.WITHDRAWN
    story.save()


def correct(story):
    Correction.objects.create(article=story, text="更正：人名有误。")


@pytest.mark.parametrize("change, on_home, on_article", [
    (edit, "编辑后的标题", "编辑后的标题"),
    (unpublish, None, 404),
    (withdraw, None, 404),
    (correct, "缓存中的稿件", "更正：人名有误。"),
])
def test_changes_purge_the_cached_pages(client, publish_story, change, on_home, on_article):
    story = publish_story("缓存中的稿件")
    url = story.get_absolute_url()
    assert "缓存中的稿件" in client.get("/").content.decode()
    assert client.get(url).status_code == 200
    change(story)
    home = client.get("/").content.decode()
    if on_home:
        assert on_home in home
    else:
        assert "缓存中的稿件" not in home
    response = client.get(url)
    if on_article == 404:
        assert response.status_code == 404
    else:
        assert on_article in response.content.decode()


def test_publishing_a_story_purges_the_lists(client, publish_story):
    publish_story("已经发布")
    draft = publish_story("刚刚发布", status=Article.Status.DRAFT, published_at=None)
    assert "刚刚发布" not in client.get("/").content.decode()
    draft.status, draft.published_at = Article.Status.PUBLISHED, timezone.now()
    draft.save()
    assert "刚刚发布" in client.get("/").content.decode()


def test_scheduled_story_appears_on_time_without_any_save(client, publish_story, time_machine):
    now = timezone.now()
    time_machine.move_to(now, tick=False)
    publish_story("定时稿件", published_at=now + datetime.timedelta(minutes=30))
    assert "定时稿件" not in client.get("/").content.decode()
    time_machine.move_to(now + datetime.timedelta(minutes=31), tick=False)
    assert "定时稿件" in client.get("/").content.decode()


def test_editors_get_fresh_private_pages(client, publish_story):
    user = get_user_model().objects.create_user("editor", password="pw", is_staff=True)
    story = publish_story("原标题")
    client.get(story.get_absolute_url())
    Article.objects.filter(pk=story.pk).update(headline="悄悄改过的标题")
    client.force_login(user)
    response = client.get(story.get_absolute_url())
    assert "悄悄改过的标题" in response.content.decode()
    assert "private" in response["Cache-Control"]


def test_a_purge_made_by_another_process_is_seen_at_the_next_check(client, publish_story,
                                                                    monkeypatch):
    """Another worker, a command or another server purges by writing the generation row."""
    from articles.site.shared import PageGeneration

    monkeypatch.setattr("articles.site.caching.GENERATION_CHECK_SECONDS", 3600)
    story = publish_story("原标题")
    assert "原标题" in client.get(story.get_absolute_url()).content.decode()
    Article.objects.filter(pk=story.pk).update(headline="别处改过的标题")  # no signal here
    PageGeneration.objects.filter(pk=1).update(token="written-by-another-process")
    assert "原标题" in client.get(story.get_absolute_url()).content.decode()  # not yet checked
    monkeypatch.setattr("articles.site.caching.GENERATION_CHECK_SECONDS", 0)
    assert "别处改过的标题" in client.get(story.get_absolute_url()).content.decode()


def test_the_first_process_past_a_scheduled_time_starts_the_next_generation_for_all(
    client, publish_story, time_machine
):
    from articles.site import caching
    from articles.site.shared import PageGeneration

    now = timezone.now()
    time_machine.move_to(now, tick=False)
    publish_story("定时稿件", published_at=now + datetime.timedelta(minutes=30))
    caching._new_generation()  # what the commit runs: the test's transaction never commits
    before = PageGeneration.objects.get()
    assert before.next_change_at == now + datetime.timedelta(minutes=30)
    assert "定时稿件" not in client.get("/").content.decode()
    time_machine.move_to(now + datetime.timedelta(minutes=31), tick=False)
    assert "定时稿件" in client.get("/").content.decode()
    after = PageGeneration.objects.get()
    assert after.token != before.token and after.next_change_at is None


def test_with_read_replicas_pages_rendered_just_after_a_change_are_not_kept(
    client, publish_story, monkeypatch, time_machine
):
    """A replica may lag behind the change: what it rendered must not outlive the lag."""
    from types import SimpleNamespace

    from articles.site import caching

    monkeypatch.setattr(caching, "routers", SimpleNamespace(replicas=lambda: ["replica_1"]))
    now = timezone.now()
    time_machine.move_to(now, tick=False)
    story = publish_story("原标题")
    assert "原标题" in client.get(story.get_absolute_url()).content.decode()
    Article.objects.filter(pk=story.pk).update(headline="副本追上后的标题")
    assert "副本追上后的标题" in client.get(story.get_absolute_url()).content.decode()
    time_machine.move_to(now + datetime.timedelta(seconds=caching.REPLICA_LAG_SECONDS + 1))
    assert "副本追上后的标题" in client.get(story.get_absolute_url()).content.decode()
    Article.objects.filter(pk=story.pk).update(headline="悄悄改过的标题")
    assert "副本追上后的标题" in client.get(story.get_absolute_url()).content.decode()  # kept


@pytest.mark.parametrize("url", [*PUBLIC_URLS, "article", "share link"])
def test_a_cached_page_is_answered_before_sessions_and_views_with_the_same_headers(
        client, publish_story, monkeypatch, settings, url):
    """CachedPagesMiddleware answers hits; the answer is the one the full stack gave."""
    from django.contrib.sessions.middleware import SessionMiddleware

    settings.RATE_LIMITS = {"search": 1000, "feeds": 1000}
    story = publish_story()
    url = {"article": story.get_absolute_url(),
           "share link": f"{story.get_absolute_url()}?from=timeline&isappinstalled=0"}.get(url, url)
    rendered = client.get(url)
    sessions_asked = []
    original = SessionMiddleware.process_request
    monkeypatch.setattr(SessionMiddleware, "process_request",
                        lambda self, request: sessions_asked.append(1) or original(self, request))
    hit = client.get(url)
    assert hit.content == rendered.content
    ignored = {"Date", "Set-Cookie"}
    assert {k: v for k, v in hit.headers.items() if k not in ignored} == {
        k: v for k, v in rendered.headers.items() if k not in ignored}
    # Search and feeds are rate-limited: every request, a hit too, goes through the count.
    limited = url.startswith(("/search/", "/feeds/"))
    assert bool(sessions_asked) == limited


def test_a_rate_limited_page_from_the_cache_still_counts(client, publish_story, settings):
    publish_story()
    settings.RATE_LIMITS = {"search": 2, "feeds": 2}
    statuses = [client.get("/search/?q=工会").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_with_a_shared_cache_each_worker_keeps_its_own_copy_and_a_purge_still_shows(
        client, publish_story, settings):
    """The local copy saves the shared cache's round trip; the generation in its key keeps it
    as coherent as the shared copy."""
    from django.core.cache import caches

    locmem = "django.core.cache.backends.locmem.LocMemCache"
    settings.CACHES = {**settings.CACHES, "default": {"BACKEND": locmem, "LOCATION": "shared-t"},
                       "pages-local": {"BACKEND": locmem, "LOCATION": "local-t"}}
    story = publish_story("原标题")
    url = story.get_absolute_url()
    assert "原标题" in client.get(url).content.decode()
    Article.objects.filter(pk=story.pk).update(headline="悄悄改过的标题")  # no purge
    caches["default"].clear()  # the shared copy gone: only this worker's own copy is left
    assert "原标题" in client.get(url).content.decode()
    story.refresh_from_db()
    story.headline = "编辑后的标题"
    story.save()  # a purge: a new generation, so new keys everywhere
    assert "编辑后的标题" in client.get(url).content.decode()
    caches["pages-local"].clear()
