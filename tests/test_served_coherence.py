"""One truth for every worker (issue #13), tried as readers meet it: gunicorn, 3 workers, HTTP.

Every worker first has the story's pages in its own cache. Then the chief editor withdraws,
unpublishes or corrects it, through the admin over HTTP or from a separate process (as a
management command or another server would); a separate process also edits one. A second
later, 100 requests spread over the workers all see the change, and a withdrawn or
unpublished story's photos answer 404 at every address they had. The same with Redis.
Also here, because they need real workers: the rate limit counts across them, and a 300 MB
upload is refused while it streams.
"""

import os
import re
import socket
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import redis

from tests.served_site import CORRECTION, EDITED_HEADLINE, AdminSession, serve

REQUESTS = 100
WITHIN_SECONDS = 1.0
# The suite's own Redis database (never the site's): set NEWSROOM_TEST_REDIS_DB to move it.
REDIS_URL = f"redis://127.0.0.1:6379/{os.environ.get('NEWSROOM_TEST_REDIS_DB', '14')}"
RATE_LIMIT = 20


@pytest.fixture(scope="module", params=["without Redis", "with Redis"])
def site(request, tmp_path_factory):
    redis_url = None
    if request.param == "with Redis":
        try:
            redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).flushdb()
        except redis.RedisError as error:
            pytest.fail(f"This test needs Redis on 127.0.0.1:6379: {error}")
        redis_url = REDIS_URL
    with serve(tmp_path_factory.mktemp("served"), redis_url=redis_url,
               RATE_LIMIT_SEARCH=str(RATE_LIMIT), RATE_LIMIT_FEEDS=str(RATE_LIMIT)) as served:
        yield served


def many(site, paths, count=REQUESTS):
    """``count`` requests over ``paths``, 12 at a time, so that every worker takes some."""
    with ThreadPoolExecutor(max_workers=12) as pool:
        return list(pool.map(lambda n: (paths[n % len(paths)], *site.get(paths[n % len(paths)])),
                             range(count)))


def workers_that_answered(site, since, paths) -> set:
    return {entry["process"] for entry in site.log_entries(since)
            if entry["logger"] == "newsroom.request" and entry["path"] in paths}


def seen(change, status, body, story) -> bool:
    page = body.decode()
    if change in ("withdraw", "unpublish"):
        return status == 404
    if change == "correct":
        return status == 200 and CORRECTION in page
    return status == 200 and EDITED_HEADLINE in page


def make_change(site, where, change, story):
    if where == "process":
        site.python(f"from tests.served_site import change; change({change!r}, {story['id']})")
        return
    chief = AdminSession(site.port)
    chief.log_in("chief", site.data["passwords"]["chief"])
    comment = CORRECTION if change == "correct" else "涉及法律问题，撤稿。"
    status, headers, _ = chief.send(
        "POST", f"/admin/articles/article/{story['id']}/workflow/{change}/", {"comment": comment}
    )
    assert status == 302, status
    status, _, page = chief.send("GET", headers["Location"])
    assert "messagelist" in page.decode() and "error" not in re.findall(
        r'<li class="(\w+)"', page.decode()), page.decode()[:2000]


PATHS = [("admin", "withdraw"), ("admin", "unpublish"), ("admin", "correct"),
         ("process", "withdraw"), ("process", "unpublish"), ("process", "correct"),
         ("process", "edit")]


@pytest.mark.parametrize("where,change", PATHS, ids=[f"{w}-{c}" for w, c in PATHS])
def test_a_change_reaches_every_worker_within_a_second(site, where, change):
    story = site.data["stories"][f"{where}-{change}"]
    pages = [story["url"], "/"]
    # Every worker has the story's page, the home page and the photos cached beforehand.
    since = site.log_size()
    # Until each of the 3 workers has answered: one may be starting, and a cached hit is now so
    # fast that one worker can take 40 requests in a row.
    for _round in range(30):
        before = many(site, pages, count=40)
        assert all(status == 200 and story["headline"] in body.decode()
                   for _path, status, _h, body in before)
        if len(workers_that_answered(site, since, [story["url"]])) == 3:
            break
    assert len(workers_that_answered(site, since, [story["url"]])) == 3
    assert {status for _p, status, _h, _b in many(site, story["photos"], count=14)} == {200}

    make_change(site, where, change, story)
    done = time.monotonic()
    time.sleep(max(0.0, done + WITHIN_SECONDS - time.monotonic()))

    since = site.log_size()
    after = many(site, [story["url"]])
    stale = [status for _path, status, _h, body in after if not seen(change, status, body, story)]
    assert stale == [], f"{len(stale)} of {REQUESTS} requests did not see the {change}"
    assert len(workers_that_answered(site, since, [story["url"]])) == 3
    home = [body.decode() for _p, _s, _h, body in many(site, ["/"], count=15)]
    if change in ("withdraw", "unpublish"):
        assert not any(story["headline"] in page for page in home)
        photos = many(site, story["photos"], count=14)
        assert {status for _path, status, _h, _b in photos} == {404}
    elif change == "edit":
        assert all(EDITED_HEADLINE in page for page in home)


@pytest.mark.parametrize("path", ["/search/?q=%E8%81%8C%E5%B7%A5", "/feeds/rss/"])
def test_the_rate_limits_count_across_workers(site, path):
    seconds_left = 60 - time.time() % 60
    if seconds_left < 10:
        time.sleep(seconds_left + 0.1)  # all in one minute's window
    since = site.log_size()
    answers = many(site, [path], count=RATE_LIMIT * 2)
    statuses = sorted(status for _path, status, _h, _b in answers)
    assert statuses == [200] * RATE_LIMIT + [429] * RATE_LIMIT
    assert len(workers_that_answered(site, since, [path.split("?")[0]])) == 3


def test_a_300_mb_upload_is_refused_while_it_streams(site):
    """The refusal comes from the headers: the worker reads none of the body, nor keeps it."""
    declared = 300 * 1024 * 1024
    chunk = b"\0" * (1024 * 1024)
    sent = 0
    with socket.create_connection(("127.0.0.1", site.port), timeout=30) as connection:
        connection.sendall(
            f"POST /admin/articles/photo/add/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"Content-Type: multipart/form-data; boundary=x\r\n"
            f"Content-Length: {declared}\r\n\r\n".encode()
        )
        connection.setblocking(False)
        answer = b""
        while sent < declared and not answer:
            try:
                answer = connection.recv(65536)
                break
            except BlockingIOError:
                pass
            try:
                sent += connection.send(chunk)
            except BlockingIOError:
                time.sleep(0.01)
            except (BrokenPipeError, ConnectionResetError):
                break
        connection.setblocking(True)
        answer = answer or connection.recv(65536)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert "一次提交的内容过多".encode() in answer or b"Content-Length" in answer
    assert sent < 64 * 1024 * 1024, f"{sent} bytes were sent before the refusal"
    assert site.get("/healthz")[0] == 200
