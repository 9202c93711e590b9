"""The W3C Nu HTML checker finds no errors on any page readers meet."""

import json
import subprocess

import pytest

from tests.browser.reader_pages import reader_pages  # noqa: F401 - a fixture
from tests.browser.tools import VNU_JAR, require_java_and_vnu

pytestmark = pytest.mark.validator

# Proves, in the same run, that the checker reports errors at all.
BROKEN = '<!DOCTYPE html><html lang="zh-CN"><head><title>坏</title></head><body><p><div></p>'


def nu_errors(java, files):
    """{file name: [message]} for every error the checker reports over all files at once."""
    run = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--stdout",
         *map(str, files)],
        capture_output=True, text=True, timeout=300, check=False,
    )
    if not run.stdout.strip():
        pytest.fail(f"the Nu checker gave no report (exit {run.returncode}): {run.stderr}")
    errors = {}
    for message in json.loads(run.stdout)["messages"]:
        name = message.get("url", "").rsplit("/", 1)[-1]
        where = f"line {message.get('lastLine', '?')}"
        errors.setdefault(name, []).append(
            f"{where}: {message['message']} ← {message.get('extract', '').strip()}"
        )
    return errors


def test_readers_pages_have_no_html_errors(reader_pages, client, tmp_path):  # noqa: F811
    java = require_java_and_vnu()
    files = []
    for name, url in reader_pages.items():
        response = client.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files.append(path)
    broken = tmp_path / "known-broken.html"
    broken.write_text(BROKEN, encoding="utf-8")

    errors = nu_errors(java, [*files, broken])

    assert errors.pop("known-broken.html", None), "the checker missed a known error"
    assert errors == {}, json.dumps(errors, ensure_ascii=False, indent=1)
