"""Every feed validates against the Atom schema of RFC 4287, with the W3C Nu checker's Jing.

The W3C Feed Validation Service is not packaged for PyPI, npm or Debian. vnu.jar, which
tests/browser already installs for HTML, bundles Jing, the RELAX NG validator: it checks the Atom
feeds against RFC 4287's own grammar (schemas/atom.rnc). The rules a grammar cannot express
(absolute ids, the author rule) and RSS 2.0, which has no schema, are in tests/test_feeds.py.
"""

import subprocess

import pytest

from tests.browser.tools import BROWSER_DIR, VNU_JAR, require_java_and_vnu
from tests.readers_fixtures import (  # noqa: F401
    fresh_page_cache_fixture,
    newsroom_fixture,
    publish_story_fixture,
)
from tests.test_feeds import feed_urls

pytestmark = [pytest.mark.validator, pytest.mark.django_db]

ATOM_SCHEMA = BROWSER_DIR / "schemas" / "atom.rnc"
# Proves, in the same run, that the validator reports errors: an entry without id or updated.
BROKEN = ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
          "<title>坏</title><id>tag:example.org,2026:x</id><updated>昨天</updated>"
          "<entry><title>无编号</title></entry></feed>")


def jing_errors(java, files) -> list[str]:
    run = subprocess.run(
        [java, "-cp", str(VNU_JAR), "com.thaiopensource.relaxng.util.Driver", "-c",
         str(ATOM_SCHEMA), *map(str, files)],
        capture_output=True, text=True, timeout=120, check=False,
    )
    return [line for line in run.stdout.splitlines() + run.stderr.splitlines() if line.strip()]


def test_atom_feeds_validate_against_rfc_4287(client, publish_story, newsroom, tmp_path):
    java = require_java_and_vnu()
    publish_story('<script>alert("x")</script>劳模&工匠', summary="<b>摘要</b>", photos=1)
    publish_story("没有署名的稿件", bylines=False, minutes_ago=3)
    broken = tmp_path / "known-broken.xml"
    broken.write_text(BROKEN, encoding="utf-8")
    assert any("known-broken.xml" in line for line in jing_errors(java, [broken]))

    files = []
    for name, url in feed_urls(newsroom).items():
        if name.endswith("atom"):
            response = client.get(url)
            assert response.status_code == 200, url
            path = tmp_path / f"{name.replace(' ', '-')}.xml"
            path.write_bytes(response.content)
            files.append(path)
    assert len(files) == 4
    assert jing_errors(java, files) == []
