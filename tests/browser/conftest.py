"""Headless Chromium (Debian's, driven by Playwright) for the browser tests."""

import mimetypes
import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from django.conf import settings
from django.db import connections

from tests.browser.tools import AXE_JS, CHROMIUM, CHROMIUM_ARGS, DESKTOP, NPM_HINT, require


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Run the browser tests after all others.

    A live-server test ends by flushing the database, migration data (the role groups, the
    vocabulary) included; a database test that ran after it would miss that data. And while a
    browser runs, DJANGO_ALLOW_ASYNC_UNSAFE is set (see ``chromium``), which no other test should
    inherit.
    """
    last = [item for item in items
            if {"live_server", "chromium"} & set(getattr(item, "fixturenames", ()))]
    items[:] = [item for item in items if item not in last] + last


@pytest.fixture
def chromium():
    require(CHROMIUM.is_file(), f"Chromium ({CHROMIUM})",
            "apt-get install chromium fonts-wqy-microhei")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "Playwright for Python", "pip install -e '.[dev]'")
    # Playwright's sync API keeps an asyncio loop on this thread, which Django takes for an
    # async context; the ORM calls here are plain synchronous test code. Set for this test only,
    # so no other test (nor a subprocess it starts) inherits it.
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()
            # Under Playwright's loop Django keeps separate connections (asgiref's Local follows
            # the async context); close them, or PostgreSQL cannot drop the test database.
            connections.close_all()
    finally:
        if before is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


def media_prefix() -> str:
    return "/" + settings.MEDIA_URL.strip("/") + "/"


def serve_media(route):
    """Uploaded photos, which Django serves only with DEBUG on, straight from MEDIA_ROOT."""
    relative = unquote(urlsplit(route.request.url).path)[len(media_prefix()):]
    root = Path(settings.MEDIA_ROOT).resolve()
    path = (root / relative).resolve()
    if root in path.parents and path.is_file():
        route.fulfill(path=path, content_type=mimetypes.guess_type(path.name)[0])
    else:
        route.fulfill(status=404)


@pytest.fixture
def open_page(chromium):
    """``open_page(viewport)`` gives a page in a fresh context: its own cookies, Chinese locale."""
    contexts = []

    def make(viewport=DESKTOP, *, with_axe=False):
        context = chromium.new_context(
            viewport=viewport, locale="zh-CN",
            extra_http_headers={"Accept-Language": "zh-CN,zh;q=0.9"},
        )
        context.set_default_timeout(15_000)
        context.route(f"**{media_prefix()}**", serve_media)
        if with_axe:
            require(AXE_JS.is_file(), "axe-core (npm)", NPM_HINT)
            # An init script, not a <script> tag: the site's Content-Security-Policy (kept on,
            # so its violations show up as console errors) refuses inline scripts.
            context.add_init_script(path=AXE_JS)
        contexts.append(context)
        page = context.new_page()
        page.console_errors = []
        page.on("console", lambda message: message.type == "error"
                and page.console_errors.append(message.text))
        page.on("pageerror", lambda error: page.console_errors.append(str(error)))
        return page

    yield make
    for context in contexts:
        context.close()
