"""The site as `make serve` runs it (gunicorn, several workers, DEBUG off), for tests over HTTP.

``serve()`` prepares a database of its own (a SQLite file, or a fresh PostgreSQL database
when the suite runs on PostgreSQL), migrates it, fills it with ``prepare()`` in a separate
process, and starts gunicorn on a free port. ``Served.python()`` runs code in yet another
process against the same database, as a management command or another server would.
"""

import http.client
import json
import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
CHANGES = ("withdraw", "unpublish", "correct", "edit")
CORRECTION = "更正：此前报道中的人名有误。"
EDITED_HEADLINE = "编辑后的标题：职工书屋全面开放"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def request(port, method, path, body=None, headers=None, timeout=30):
    """One request on a connection of its own: (status, headers, body). No redirects followed."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        connection.close()


@dataclass
class Served:
    port: int
    environ: dict
    log: Path
    data: dict = field(default_factory=dict)

    def get(self, path, headers=None):
        return request(self.port, "GET", path, headers=headers)

    def python(self, code: str) -> str:
        """Run ``code`` in a new process with Django set up on the served database."""
        result = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=self.environ,
            capture_output=True, text=True, timeout=180,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    def log_entries(self, since: int = 0) -> list[dict]:
        with self.log.open("rb") as log:
            log.seek(since)
            lines = log.read().decode("utf-8", "replace").splitlines()
        return [json.loads(line) for line in lines if line.startswith("{")]

    def log_size(self) -> int:
        return self.log.stat().st_size


class AdminSession:
    """An editor's browser, reduced to its cookies and the CSRF token it posts back."""

    def __init__(self, port):
        self.port, self.cookies = port, {}

    def send(self, method, path, data=None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if data is not None:
            body = urlencode({**data, "csrfmiddlewaretoken": self.cookies["csrftoken"]})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        status, response_headers, content = request(self.port, method, path, body, headers)
        for name, value in response_headers:
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        return status, dict(response_headers), content

    def log_in(self, username, password):
        self.send("GET", "/admin/login/")
        status, headers, _ = self.send(
            "POST", "/admin/login/?next=/admin/", {"username": username, "password": password}
        )
        assert status == 302 and "sessionid" in self.cookies, (status, headers)


def database_url(tmp_path) -> tuple[str, callable]:
    """A database for the served site, and how to drop it: PostgreSQL if the suite uses it."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{tmp_path / 'served.sqlite3'}", lambda: None
    import psycopg

    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/') or 'newsroom'}_served"
    maintenance = urlunsplit(parts._replace(path="/postgres"))

    def run(statement):
        with psycopg.connect(maintenance, autocommit=True) as connection:
            connection.execute(statement)

    run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    run(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}")), lambda: run(
        f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'
    )


@contextmanager
def serve(tmp_path, redis_url=None, workers=3, **extra_environ):
    url, drop_database = database_url(tmp_path)
    port = free_port()
    environ = {
        **{k: v for k, v in os.environ.items()
           if k not in ("DJANGO_SETTINGS_MODULE", "DEBUG", "REDIS_URL", "CACHE_URL")},
        # What `make serve` sets (newsroom/gunicorn.conf.py reads the rest).
        "DEBUG": "0", "SECRET_KEY": "served-test-only-" + "k" * 40, "SECURE_SSL_REDIRECT": "0",
        "ALLOWED_HOSTS": "127.0.0.1", "SERVE_MEDIA": "1", "DATABASE_URL": url,
        "STATIC_ROOT": str(tmp_path / "static"), "MEDIA_ROOT": str(tmp_path / "media"),
        "GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": str(workers),
        "LOG_FORMAT": "json", **extra_environ,
    }
    if redis_url:
        environ["REDIS_URL"] = redis_url
    for command in (["collectstatic", "--noinput"], ["migrate", "--noinput"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=environ,
                       check=True, capture_output=True, timeout=300)
    log = tmp_path / "gunicorn.log"
    served = Served(port, environ, log)
    served.data = json.loads(served.python(
        "from tests.served_site import prepare; prepare()").splitlines()[-1])
    with log.open("w") as output:
        server = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "-c", "newsroom/gunicorn.conf.py"],
            cwd=ROOT, env=environ, stdout=output, stderr=subprocess.STDOUT,
        )
        try:
            for _ in range(150):
                try:
                    if served.get("/healthz")[0] == 200:
                        break
                except OSError:
                    pass
                time.sleep(0.2)
            yield served
        finally:
            server.terminate()
            server.wait(timeout=30)
            drop_database()


def prepare():
    """In the served site's own process: the demo desk, and one published story per change."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone
    from PIL import Image

    from articles.management.commands.demo_accounts import create_demo_accounts
    from articles.models import Article, Byline, Person, Photo, Section
    from articles.photos.uploads import file_names
    from articles.tags import BeneficiaryGroup, UnionBody

    passwords = {username: password for username, password, _ in create_demo_accounts()}
    section = Section.objects.create(name="要闻", slug="yaowen", position=1)
    reporter = Person.objects.create(name="白莹")
    photographer = Person.objects.create(name="张良")
    union = UnionBody.objects.get_or_create(name="北京市总工会", defaults={
        "slug": "bei-jing-shi-zong-gong-hui"})[0]
    group = BeneficiaryGroup.objects.get_or_create(name="困难职工", defaults={
        "slug": "kun-nan-zhi-gong"})[0]
    stories = {}
    for where in ("admin", "process"):
        for change in CHANGES:
            if (where, change) == ("admin", "edit"):
                continue  # an edit through the admin is the change form's own test
            story = Article.objects.create(
                headline=f"职工书屋开进社区（{where}-{change}）", section=section,
                body="北京市总工会为困难职工送去慰问。\n职工书屋全面开放。",
                status=Article.Status.PUBLISHED,
                published_at=timezone.now() - timezone.timedelta(minutes=5),
            )
            Byline.objects.create(article=story, person=reporter, role=Byline.Role.REPORTER)
            story.union_bodies.add(union)
            story.beneficiary_groups.add(group)
            buffer = io.BytesIO()
            Image.new("RGB", (1200, 800), (30, 90, 160)).save(buffer, "JPEG")
            photo = Photo.objects.create(
                article=story, image=SimpleUploadedFile("p.jpg", buffer.getvalue()),
                caption="慰问现场", alt_text="工会干部看望职工", photographer=photographer,
            )
            storage = photo.image.storage
            stories[f"{where}-{change}"] = {
                "id": story.pk, "headline": story.headline, "url": story.get_absolute_url(),
                "photos": [storage.url(n) for n in file_names(photo.image.name, photo.renditions)],
            }
    print(json.dumps({"passwords": passwords, "stories": stories}, ensure_ascii=False))


def change(kind: str, pk: int):
    """In a separate process: what the chief editor does to a published story."""
    from django.contrib.auth import get_user_model

    from articles.models import Article

    chief = get_user_model().objects.get(username="chief")
    story = Article.objects.get(pk=pk)
    if kind == "withdraw":
        story.withdraw(chief, "涉及法律问题，撤稿。")
    elif kind == "unpublish":
        story.unpublish(chief, "需要补充采访。")
    elif kind == "correct":
        story.correct(chief, CORRECTION)
    else:
        story.headline = EDITED_HEADLINE
        story.save()
