"""axe-core in Chromium: no serious or critical violations on readers' pages, phone and desktop.

Each page is also saved as a full-page screenshot under artifacts/screenshots/readers/ for a
person to look at (layout, Chinese type, photos).
"""

import json

import pytest

from tests.browser.reader_pages import reader_pages  # noqa: F401 - a fixture
from tests.browser.tools import DESKTOP, PHONE, screenshot_path

pytestmark = pytest.mark.browser

SEVERE = {"serious", "critical"}


def axe_violations(page):
    """Serious and critical violations on the page (axe is injected by ``open_page``)."""
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        {
            "rule": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "nodes": [node["html"][:160] for node in violation["nodes"][:5]],
        }
        for violation in result["violations"]
        if violation["impact"] in SEVERE
    ]


def test_axe_reports_a_known_violation(open_page):
    """The harness can fail: an image without alt text is a critical violation."""
    page = open_page(with_axe=True)
    page.set_content('<!DOCTYPE html><html lang="zh-CN"><head><title>测试</title></head>'
                     '<body><main><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
                     "</main></body></html>")
    assert "image-alt" in {v["rule"] for v in axe_violations(page)}


# Lazy images below the fold are not requested by the "load" event, and whether
# they have been by the time of the check depends on the machine's load: load them
# all, wait for each to load or fail, and only then look for broken ones.
LOAD_EVERY_IMAGE = """async () => {
    const images = [...document.images];
    images.forEach(i => { i.loading = "eager"; });
    const settled = i => i.complete ? null : new Promise(done => {
        i.addEventListener("load", done, {once: true});
        i.addEventListener("error", done, {once: true});
    });
    const deadline = new Promise(done => setTimeout(done, 10000));
    await Promise.race([Promise.all(images.map(settled)), deadline]);
    return images.filter(i => !i.complete || !i.naturalWidth).map(i => i.src);
}"""


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_readers_pages_pass_axe(size, reader_pages, live_server, open_page):  # noqa: F811
    page = open_page(PHONE if size == "phone" else DESKTOP, with_axe=True)
    found = {}
    for name, url in reader_pages.items():
        response = page.goto(live_server.url + url, wait_until="load")
        assert response.status == 200, (name, url, response.status)
        assert page.locator("html").get_attribute("lang") == "zh-CN"
        broken = page.evaluate(LOAD_EVERY_IMAGE)
        assert broken == [], (name, broken)
        assert page.console_errors == [], (name, page.console_errors)
        page.screenshot(path=screenshot_path("readers", f"{name}-{size}.png"), full_page=True)
        violations = axe_violations(page)
        if violations:
            found[name] = violations
    assert found == {}, json.dumps(found, ensure_ascii=False, indent=1)
