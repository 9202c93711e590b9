"""Redis as the shared cache, and the site staying up while Redis is down.

Stops and restarts the local Redis (127.0.0.1:6379) for real, using database 15 so the
keys of anyone else's work are left alone. Skipped where redis-server is not installed,
except in CI, where that is a failure.
"""

import os
import shutil
import subprocess
import time

import pytest
from django.core.cache import cache, caches

from newsroom import env
from newsroom.cache import TolerantRedisCache

REDIS_URL = "redis://127.0.0.1:6379/15"
START_REDIS = [
    "redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "-::1", "--port", "6379",
    "--save", "", "--appendonly", "no", "--dir", "/var/lib/redis",
    "--logfile", "/var/log/redis/ci.log",
]

if not shutil.which("redis-server"):
    if os.environ.get("CI") == "true":
        raise RuntimeError("redis-server is not installed; CI must test the Redis outage.")
    pytest.skip("redis-server is not installed (apt-get install redis-server)",
                allow_module_level=True)


def redis_answers() -> bool:
    return subprocess.run(["redis-cli", "-p", "6379", "ping"], capture_output=True,
                          text=True).stdout.strip() == "PONG"


def start_redis():
    if redis_answers():
        return
    subprocess.run(START_REDIS, check=True, capture_output=True)
    for _ in range(50):
        if redis_answers():
            return
        time.sleep(0.1)
    raise RuntimeError("Redis did not come back")


def stop_redis():
    subprocess.run(["redis-cli", "-p", "6379", "shutdown", "nosave"], capture_output=True)
    for _ in range(50):
        if not redis_answers():
            return
        time.sleep(0.1)
    raise RuntimeError("Redis did not stop")


@pytest.fixture
def redis_cache(settings, monkeypatch):
    start_redis()
    settings.CACHES = {"default": env.cache({"REDIS_URL": REDIS_URL})}
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    # Retry at once after a failure, so the test sees Redis come back without waiting.
    monkeypatch.setattr(TolerantRedisCache, "RETRY_SECONDS", 0.0)
    assert isinstance(caches["default"], TolerantRedisCache)
    cache.clear()
    try:
        yield cache
    finally:
        start_redis()
        cache.clear()


@pytest.fixture
def outage():
    """Redis stopped for the duration of the block, restarted whatever happens."""
    from contextlib import contextmanager

    @contextmanager
    def down():
        stop_redis()
        try:
            yield
        finally:
            start_redis()

    return down


def test_redis_url_selects_the_tolerant_redis_cache():
    config = env.cache({"REDIS_URL": REDIS_URL})
    assert config["BACKEND"] == "newsroom.cache.TolerantRedisCache"
    assert config["LOCATION"] == REDIS_URL


def test_cache_calls_answer_like_misses_while_redis_is_down(redis_cache, outage, caplog):
    redis_cache.set("kept", "value", 60)
    assert redis_cache.get("kept") == "value"
    with outage():
        assert redis_cache.get("kept", "fallback") == "fallback"
        assert redis_cache.get_many(["kept"]) == {}
        assert redis_cache.add("new", 1) is False
        assert redis_cache.set("new", 1) is None
        assert redis_cache.incr("counter") == 1
        assert redis_cache.delete("kept") is False
        assert redis_cache.has_key("kept") is False
        assert redis_cache.get_or_set("computed", lambda: 42) == 42
    assert "Redis is unreachable" in caplog.text
    redis_cache.set("after", "works", 60)
    assert redis_cache.get("after") == "works"


def test_the_site_keeps_working_while_redis_is_down(
    redis_cache, outage, client, admin_client, make_article, section
):
    story = make_article(published=True, section=section)
    pages = ["/", story.get_absolute_url(), f"/sections/{section.slug}/", "/search/?q=职工",
             "/feeds/rss/"]
    for path in pages:
        assert client.get(path).status_code == 200, path
    assert cached_pages(redis_cache)  # pages went to Redis
    with outage():
        for path in pages:
            assert client.get(path).status_code == 200, path
        health = client.get("/healthz")
        assert health.status_code == 200
        assert health.json()["cache"] == "failing"
        # Editors keep working: sessions are in the database, Redis only speeds them up.
        assert admin_client.get("/admin/").status_code == 200
        assert admin_client.get(f"/admin/articles/article/{story.pk}/change/").status_code == 200
    # Back again, by itself.
    assert client.get("/healthz").json()["cache"] == "ok"
    assert client.get("/").status_code == 200
    assert cached_pages(redis_cache)


def cached_pages(redis_cache) -> list:
    return [key for key in redis_cache._cache.get_client().keys("*") if b"public-page:" in key]


def test_rate_limits_hold_through_a_redis_outage(
    redis_cache, outage, client, settings, make_article
):
    # The counts live in the database (articles/site/shared.py), shared by every worker and
    # server whether or not Redis answers.
    settings.RATE_LIMITS = {"search": 2, "feeds": 2}
    make_article(published=True)
    statuses = [client.get("/search/", {"q": "职工"}).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    with outage():
        assert [client.get("/feeds/rss/").status_code for _ in range(3)] == [200, 200, 429]


def test_a_logged_in_session_survives_a_redis_restart(redis_cache, outage, client, superuser):
    response = client.post("/admin/login/?next=/admin/", {"username": "root", "password": "pw"})
    assert response.status_code == 302
    with outage():
        assert client.get("/admin/").status_code == 200
    assert client.get("/admin/").status_code == 200
