"""Running it for real: /healthz, the request and workflow logs, gunicorn with `make serve`'s
settings."""

import json
import logging
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from unittest import mock

import pytest
from django.db import OperationalError, connections

from newsroom.logging import JsonFormatter, config
from tests.workflow_fixtures import desk  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent


def test_healthz_checks_database_and_cache(client, db, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_healthz_is_503_when_the_database_is_unreachable(client, db):
    broken = mock.patch.object(
        connections["default"], "cursor", side_effect=OperationalError("connection refused")
    )
    with broken:
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "failing"
    assert "no-store" in response["Cache-Control"]


def test_healthz_reports_a_failing_cache_but_stays_up(client, db):
    with mock.patch("newsroom.health.cache.get", return_value=None):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "failing"}


def test_healthz_answers_plain_http_even_when_https_is_enforced(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 301


def test_one_log_line_per_request(client, db, caplog, make_article):
    story = make_article(published=True)
    with caplog.at_level(logging.INFO, logger="newsroom.request"):
        client.get(story.get_absolute_url())
        client.get("/no-such-page/")
    lines = [r for r in caplog.records if r.name == "newsroom.request"]
    assert [(r.method, r.path, r.status) for r in lines] == [
        ("GET", story.get_absolute_url(), 200),
        ("GET", "/no-such-page/", 404),
    ]
    assert all(r.duration_ms >= 0 and r.client == "127.0.0.1" for r in lines)


def test_request_log_names_the_logged_in_user(admin_client, caplog):
    with caplog.at_level(logging.INFO, logger="newsroom.request"):
        admin_client.get("/admin/")
    (line,) = [r for r in caplog.records if r.name == "newsroom.request"]
    assert line.user is not None and line.status == 200


def test_every_workflow_transition_is_logged_once_committed(desk, caplog,  # noqa: F811
                                                            django_capture_on_commit_callbacks):
    from tests.workflow_fixtures import story_in

    story = story_in("draft", desk)
    with caplog.at_level(logging.INFO, logger="newsroom.workflow"):
        with django_capture_on_commit_callbacks(execute=True):
            story.submit(desk["reporter"])
            story.approve(desk["editor2"], "同意")
    lines = [r for r in caplog.records if r.name == "newsroom.workflow"]
    assert [(r.article, r.action, r.from_status, r.to_status) for r in lines] == [
        (story.pk, "submit", "draft", "in_review"),
        (story.pk, "approve", "in_review", "in_review"),
    ]
    assert lines[0].user == desk["reporter"].pk


def test_a_refused_transition_logs_nothing(desk, caplog, django_capture_on_commit_callbacks):  # noqa: F811
    from articles.workflow import WorkflowError
    from tests.workflow_fixtures import story_in

    story = story_in("draft", desk)
    with caplog.at_level(logging.INFO, logger="newsroom.workflow"):
        with django_capture_on_commit_callbacks(execute=True), pytest.raises(WorkflowError):
            story.publish(desk["reporter"])
    assert not [r for r in caplog.records if r.name == "newsroom.workflow"]


def test_json_log_lines_carry_the_extra_fields():
    record = logging.LogRecord("newsroom.request", logging.INFO, __file__, 1,
                               "GET %s", ("/搜索",), None)
    record.status = 200
    record.duration_ms = 3.5
    entry = json.loads(JsonFormatter().format(record))
    assert entry["message"] == "GET /搜索"
    assert (entry["level"], entry["logger"], entry["status"], entry["duration_ms"]) == (
        "INFO", "newsroom.request", 200, 3.5)
    assert entry["time"].endswith("+00:00")


def test_log_format_comes_from_the_environment():
    assert config({})["handlers"]["console"]["formatter"] == "text"
    assert config({"LOG_FORMAT": "json"})["handlers"]["console"]["formatter"] == "json"
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="LOG_FORMAT"):
        config({"LOG_FORMAT": "xml"})


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (loopback)
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture
def served(tmp_path):
    """The site under gunicorn with `make serve`'s settings (DEBUG off), on a fresh SQLite file."""
    port = free_port()
    environ = {
        **{k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DEBUG")},
        "DEBUG": "0", "SECRET_KEY": "gunicorn-test-" + "k" * 40, "SECURE_SSL_REDIRECT": "0",
        "ALLOWED_HOSTS": "127.0.0.1", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"), "MEDIA_ROOT": str(tmp_path / "media"),
        "GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "2", "LOG_FORMAT": "json",
    }
    environ.pop("REDIS_URL", None)
    for command in (["collectstatic", "--noinput"], ["migrate", "--noinput"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=environ,
                       check=True, capture_output=True, timeout=180)
    log = (tmp_path / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "newsroom/gunicorn.conf.py"],
        cwd=ROOT, env=environ, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                fetch(base + "/healthz")
                break
            except OSError:
                time.sleep(0.2)
        yield base, tmp_path / "gunicorn.log"
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def test_gunicorn_serves_the_site_with_debug_off(served):
    base, log = served
    status, headers, body = fetch(base + "/healthz")
    assert status == 200 and json.loads(body)["database"] == "ok"
    status, headers, body = fetch(base + "/")
    assert status == 200
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    # Hashed static file names, cached for ever.
    stylesheet = next(
        part.split('"')[0] for part in body.decode().split('href="')[1:] if ".css" in part
    )
    assert stylesheet.startswith("/static/") and stylesheet.count(".") >= 2
    status, headers, _ = fetch(base + stylesheet)
    assert status == 200 and "immutable" in headers["Cache-Control"]
    # DEBUG off: an unknown page is a plain 404, not Django's debug page.
    status, _, body = fetch(base + "/no-such-page/")
    assert status == 404 and b"URLconf" not in body
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    requests = [entry for entry in lines if entry["logger"] == "newsroom.request"]
    assert {(entry["path"], entry["status"]) for entry in requests} >= {
        ("/healthz", 200), ("/", 200), ("/no-such-page/", 404)}
