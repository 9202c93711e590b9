"""Who else is here, under gunicorn with several workers, with Redis and without (issue #11, 9).

Heartbeats from two editors land on whichever worker answers; each must still see the other,
which only a shared cache gives (a per-process cache would make them flicker in and out).
Without Redis, as `make serve` runs by default, the shared cache is a folder of files.
"""

import http.cookiejar
import os
import re
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.test_ops import free_port

ROOT = Path(__file__).resolve().parent.parent
# A database of its own on the machine's Redis (CI starts one on 127.0.0.1:6379).
REDIS_URL = os.environ.get("TEST_PRESENCE_REDIS_URL", "redis://127.0.0.1:6379/14")
SETUP = """
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from articles.models import Article, Person
from articles.workflow import roles
User = get_user_model()
def make(name, role, shown):
    user = User.objects.create_user(name, password="pw", is_staff=True, first_name=shown)
    user.groups.add(Group.objects.get(name=roles.GROUP_NAMES[role]))
    Person.objects.create(name=shown, user=user)
    return user
reporter = make("reporter", roles.REPORTER, "林晓岚")
make("editor", roles.EDITOR, "王初审")
make("editor2", roles.EDITOR, "李复审")
story = Article.objects.create(headline="职工书屋开进社区", body="第一段。", created_by=reporter)
story.submit(reporter)
print(story.pk)
"""


@pytest.fixture(params=["with Redis", "without Redis"])
def served(request, tmp_path):
    port = free_port()
    shared = ({"REDIS_URL": REDIS_URL} if request.param == "with Redis"
              else {"SHARED_CACHE_DIR": str(tmp_path / "shared")})
    environ = {
        **{k: v for k, v in os.environ.items()
           if k not in ("DJANGO_SETTINGS_MODULE", "DEBUG", "REDIS_URL", "CACHE_URL")},
        "DEBUG": "0", "SECRET_KEY": "gunicorn-test-" + "k" * 40, "SECURE_SSL_REDIRECT": "0",
        "ALLOWED_HOSTS": "127.0.0.1", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"), "MEDIA_ROOT": str(tmp_path / "media"),
        "GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "3", **shared,
    }
    for command in (["collectstatic", "--noinput"], ["migrate", "--noinput"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=environ,
                       check=True, capture_output=True, timeout=300)
    story = subprocess.run([sys.executable, "manage.py", "shell", "-c", SETUP], cwd=ROOT,
                           env=environ, check=True, capture_output=True, text=True, timeout=120)
    log = (tmp_path / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "newsroom/gunicorn.conf.py"],
        cwd=ROOT, env=environ, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=5)  # noqa: S310 (loopback)
                break
            except OSError:
                time.sleep(0.2)
        yield base, int(story.stdout.split()[-1])
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


class LoopbackPolicy(http.cookiejar.DefaultCookiePolicy):
    """Secure cookies go to 127.0.0.1 over plain HTTP, as browsers send them to loopback."""

    def return_ok_secure(self, cookie, request):
        return True


class Desk:
    """One person's browser: cookies, the CSRF token, form posts."""

    def __init__(self, base, username):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar(LoopbackPolicy())))
        login = self.get("/admin/login/")
        self.post("/admin/login/?next=/admin/", {
            "username": username, "password": "pw", "next": "/admin/",
            "csrfmiddlewaretoken": self.token(login),
        })

    def get(self, path):
        with self.opener.open(self.base + path, timeout=20) as response:
            return response.read().decode()

    def post(self, path, data):
        request = urllib.request.Request(  # noqa: S310 (loopback)
            self.base + path, urllib.parse.urlencode(data).encode(),
            headers={"Referer": self.base + path})
        with self.opener.open(request, timeout=20) as response:
            return response.read().decode()

    @staticmethod
    def token(page):
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def test_heartbeats_on_any_worker_see_each_other(served):
    import json

    base, story = served
    wang, li = Desk(base, "editor"), Desk(base, "editor2")
    change = f"/admin/articles/article/{story}/change/"
    url = f"/admin/articles/article/{story}/presence/"
    tokens = {"wang": Desk.token(wang.get(change)), "li": Desk.token(li.get(change))}
    wang.post(url, {"csrfmiddlewaretoken": tokens["wang"]})
    for _ in range(12):  # enough round trips to land on every worker
        seen_by_li = json.loads(li.post(url, {"csrfmiddlewaretoken": tokens["li"]}))["others"]
        seen_by_wang = json.loads(wang.post(url, {"csrfmiddlewaretoken": tokens["wang"]}))
        assert [o["name"] for o in seen_by_li] == ["王初审"]
        assert [o["name"] for o in seen_by_wang["others"]] == ["李复审"]
