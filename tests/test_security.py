"""Security headers on every response, the admin login lockout, rate limits on search and feeds."""

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone

from articles.models import Section


@pytest.fixture
def story(make_article, section):
    return make_article(published=True, section=section)


def public_paths(story):
    return [
        "/", story.get_absolute_url(), f"/sections/{story.section.slug}/", "/search/?q=职工",
        "/feeds/rss/", "/archive/", "/sitemap.xml", "/robots.txt", "/healthz", "/no-such-page/",
    ]


def assert_secure_headers(response):
    policy = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "script-src" not in directives  # falls back to 'self' only
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    return directives


@pytest.mark.django_db
def test_every_public_response_carries_the_security_headers(client, story):
    for path in public_paths(story):
        response = client.get(path)
        assert response.status_code in (200, 404), path
        directives = assert_secure_headers(response)
        assert "style-src" not in directives, path  # no inline styles on public pages


# Executable inline scripts; JSON data blocks (the admin's constants, JSON-LD) do not run.
INLINE_SCRIPT = re.compile(r'<script(?![^>]*\bsrc=)(?![^>]*type="application/[a-z+]*json")[^>]*>',
                           re.I)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)


@pytest.mark.django_db
def test_public_pages_have_no_inline_scripts_styles_or_foreign_sources(client, story):
    for path in ["/", story.get_absolute_url(), "/search/?q=职工", "/archive/"]:
        html = client.get(path).content.decode()
        assert not INLINE_SCRIPT.search(html), path
        assert not EVENT_HANDLER.search(html), path
        assert " style=" not in html, path
        loaded = re.findall(r'<(?:script|img|source)[^>]+src="([^"]+)"', html) + re.findall(
            r'<link[^>]+rel="(?:stylesheet|icon|preload|manifest)"[^>]+href="([^"]+)"', html)
        for source in loaded:
            assert source.startswith("/") and not source.startswith("//"), (path, source)


def test_admin_pages_load_only_same_origin_scripts(admin_client, story):
    for path in ["/admin/", "/admin/login/", reverse("admin:articles_article_changelist"),
                 reverse("admin:articles_article_change", args=[story.pk])]:
        response = admin_client.get(path, follow=True)
        assert response.status_code == 200, path
        directives = assert_secure_headers(response)
        assert directives["style-src"] == "'self' 'unsafe-inline'"
        html = response.content.decode()
        scripts = re.findall(r"<script[^>]*\bsrc=\"([^\"]+)\"", html)
        assert scripts, path
        assert all(s.startswith("/") and not s.startswith("//") for s in scripts), scripts
        assert not INLINE_SCRIPT.search(html), path


@pytest.mark.django_db
def test_https_requests_get_hsts_and_secure_cookies(client, story, superuser):
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload")
    response = client.post("/admin/login/?next=/admin/", {"username": "root", "password": "pw"},
                           secure=True)
    assert response.status_code == 302
    for name in ("sessionid", "csrftoken"):
        assert response.cookies[name]["secure"] is True, name
    assert response.cookies["sessionid"]["httponly"] is True


# Admin login lockout (django-axes): 5 failures per user name or per address.

def attempt(client, username, password, address="198.51.100.7"):
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password},
                       REMOTE_ADDR=address)


LOCKED_MESSAGE = "登录已锁定 15 分钟。超级管理员可在“登录尝试记录”中删除相应条目提前解锁"


@pytest.mark.django_db
def test_five_wrong_passwords_lock_the_account_even_with_the_right_one(client, superuser):
    for _ in range(4):
        response = attempt(client, "root", "guess")
        assert response.status_code == 200  # the normal "wrong password" page
    response = attempt(client, "root", "guess")
    assert response.status_code == 429
    assert LOCKED_MESSAGE in response.content.decode()
    response = attempt(client, "root", "pw")  # the right password no longer helps
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_the_lock_on_a_user_name_holds_from_every_address(client, superuser):
    for number in range(5):
        attempt(client, "root", "guess", address=f"203.0.113.{number}")
    response = attempt(client, "root", "pw", address="192.0.2.99")
    assert response.status_code == 429


@pytest.mark.django_db
def test_one_address_guessing_many_user_names_is_locked_out(client, django_user_model):
    django_user_model.objects.create_user("editor", password="right", is_staff=True)
    for number in range(5):
        attempt(client, f"name{number}", "guess", address="198.51.100.50")
    assert attempt(client, "editor", "right", address="198.51.100.50").status_code == 429
    # Someone else, elsewhere, is not affected.
    response = attempt(client, "editor", "right", address="192.0.2.1")
    assert response.status_code == 302


@pytest.mark.django_db
def test_another_users_login_does_not_clear_the_failures(client, django_user_model):
    """Issue #13: 4 wrong passwords for chief, log in as reporter, repeat: chief is locked."""
    django_user_model.objects.create_user("chief", password="chief-right", is_staff=True)
    django_user_model.objects.create_user("reporter", password="reporter-right", is_staff=True)
    for _round in range(2):
        for _ in range(4):
            attempt(client, "chief", "guess")
        attempt(client, "reporter", "reporter-right")
        client.logout()
    response = attempt(client, "chief", "chief-right")
    assert response.status_code == 429
    assert LOCKED_MESSAGE in response.content.decode()
    # The lock is on the user name: another address does not open it either.
    assert attempt(client, "chief", "chief-right", address="192.0.2.44").status_code == 429
    # And on the address: eight failures came from it, so nobody logs in from there.
    assert attempt(client, "reporter", "reporter-right").status_code == 429
    # The reporter elsewhere is not affected.
    assert attempt(client, "reporter", "reporter-right", address="192.0.2.45").status_code == 302


@pytest.mark.django_db
def test_a_login_clears_only_its_own_failures_from_that_address(client, django_user_model):
    django_user_model.objects.create_user("chief", password="chief-right", is_staff=True)
    for _ in range(4):
        attempt(client, "chief", "guess")
    assert attempt(client, "chief", "chief-right").status_code == 302
    client.logout()
    # Four typos forgiven by the right password: four more are allowed before the lock.
    for _ in range(4):
        assert attempt(client, "chief", "guess").status_code == 200
    assert attempt(client, "chief", "guess").status_code == 429


@pytest.mark.django_db
def test_lock_expires_after_the_cool_off(client, superuser, time_machine):
    for _ in range(5):
        attempt(client, "root", "guess")
    time_machine.move_to(timezone.now() + timedelta(minutes=16))
    response = attempt(client, "root", "pw")
    assert response.status_code == 302


@pytest.mark.django_db
def test_a_superuser_unlocks_a_locked_account_in_the_admin(client, superuser, django_user_model):
    django_user_model.objects.create_user("reporter", password="right", is_staff=True)
    for _ in range(5):
        attempt(client, "reporter", "guess", address="192.0.2.8")
    assert attempt(client, "reporter", "right", address="192.0.2.8").status_code == 429

    from django.test import Client

    chief = Client()
    chief.force_login(superuser)
    changelist = chief.get(reverse("admin:axes_accessattempt_changelist"))
    assert changelist.status_code == 200
    assert "reporter" in changelist.content.decode()
    locked = AccessAttempt.objects.get(username="reporter")
    response = chief.post(reverse("admin:axes_accessattempt_delete", args=[locked.pk]),
                          {"post": "yes"})
    assert response.status_code == 302
    assert attempt(client, "reporter", "right", address="192.0.2.8").status_code == 302


@pytest.mark.django_db
def test_non_superusers_cannot_see_or_clear_login_attempts(client, django_user_model):
    editor = django_user_model.objects.create_user("editor", password="x", is_staff=True)
    client.force_login(editor)
    assert client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 403


# Rate limits on search and feeds.

@pytest.fixture
def limits(settings):
    settings.RATE_LIMITS = {"search": 3, "feeds": 2}


@pytest.mark.django_db
def test_search_is_limited_per_address(client, limits, story, time_machine):
    minute = (timezone.now() + timedelta(minutes=2)).replace(second=0, microsecond=0)
    time_machine.move_to(minute + timedelta(seconds=10), tick=False)
    for _ in range(3):
        assert client.get("/search/", {"q": "职工"}).status_code == 200
    response = client.get("/search/", {"q": "书屋"})
    assert response.status_code == 429
    assert response["Retry-After"] == "50"
    assert "请在 50 秒后重试" in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    # Another reader is not affected, nor are other pages.
    assert client.get("/search/", {"q": "职工"}, REMOTE_ADDR="192.0.2.4").status_code == 200
    assert client.get("/").status_code == 200
    assert client.get(story.get_absolute_url()).status_code == 200
    # The next minute starts afresh.
    time_machine.move_to(minute + timedelta(seconds=60), tick=False)
    assert client.get("/search/", {"q": "职工"}).status_code == 200


@pytest.mark.django_db
def test_all_feeds_share_one_limit(client, limits, story):
    section: Section = story.section
    assert client.get("/feeds/rss/").status_code == 200
    assert client.get(f"/sections/{section.slug}/atom/").status_code == 200
    assert client.get("/feeds/atom/").status_code == 429
    assert client.get("/search/", {"q": "职工"}).status_code == 200  # a separate limit


@pytest.mark.django_db
def test_behind_a_proxy_the_forwarded_address_counts(client, limits, settings, story):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(2):
        client.get("/feeds/rss/", HTTP_X_FORWARDED_FOR="192.0.2.10", REMOTE_ADDR="10.0.0.2")
    blocked = client.get("/feeds/rss/", HTTP_X_FORWARDED_FOR="192.0.2.10", REMOTE_ADDR="10.0.0.3")
    assert blocked.status_code == 429
    # A client cannot dodge the limit by sending its own X-Forwarded-For.
    spoofed = client.get("/feeds/rss/", HTTP_X_FORWARDED_FOR="1.2.3.4, 192.0.2.10",
                         REMOTE_ADDR="10.0.0.2")
    assert spoofed.status_code == 429
    other = client.get("/feeds/rss/", HTTP_X_FORWARDED_FOR="192.0.2.11", REMOTE_ADDR="10.0.0.2")
    assert other.status_code == 200


@pytest.mark.django_db
def test_a_zero_limit_means_no_limit(client, settings, story):
    settings.RATE_LIMITS = {"search": 0, "feeds": 0}
    assert all(client.get("/feeds/rss/").status_code == 200 for _ in range(5))
