"""The admin at desk speed: the change form of a full story and the article list, in process.

    .venv/bin/python benchmarks/admin_speed.py [--repeat 20] [--rows 100] [--profile USER]

On a throwaway SQLite database (or ``DATABASE_URL``, which it fills: use a scratch database),
DEBUG off: the demo desk's logins, a story with 5 bylines, 8 tags (4 union bodies, 4
beneficiary groups) and 3 photos, and ``--rows`` more stories with two bylines each. Times
``--repeat`` sequential test-client GETs of the story's change form and of the article list
(100 rows a page): as the reporter whose draft it is (the form editable) and the chief (the
same draft, read-only), then with the story in review as an editor and a superuser (both
editable). Prints the median ms per request (wall clock and this process's CPU time) and the
queries, with Django's own password-change page as a yardstick measured in the same run.
Target: each page under 100 ms.
"""

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SCRATCH = tempfile.mkdtemp(prefix="admin-speed-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{SCRATCH}/db.sqlite3")
os.environ.setdefault("MEDIA_ROOT", f"{SCRATCH}/media")
os.environ.setdefault("STATIC_ROOT", f"{SCRATCH}/static")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only-not-a-secret")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from PIL import Image  # noqa: E402

from articles.management.commands.demo_accounts import create_demo_accounts  # noqa: E402
from articles.models import Article, Byline, Person, Photo, Section  # noqa: E402
from articles.tags import BeneficiaryGroup, UnionBody  # noqa: E402


def jpeg(name):
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (30, 90, 160)).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def make_story(rows):
    section = Section.objects.create(name="要闻", slug="yaowen")
    people = [Person.objects.create(name=name) for name in "白莹 刘换利 张良 孙妍 陈曦".split()]
    story = Article.objects.create(
        headline="北京市总工会启动送温暖活动", section=section,
        body="\n".join(["1月16日，北京市总工会在朝阳区启动送温暖活动，为职工送去慰问金。"] * 12),
    )
    for n, person in enumerate(people):
        Byline.objects.create(article=story, person=person, position=n,
                              role="photographer" if n == 4 else "reporter")
    for n in range(4):
        story.union_bodies.add(UnionBody.objects.create(name=f"区总工会{n}", slug=f"qu-{n}"))
        story.beneficiary_groups.add(
            BeneficiaryGroup.objects.create(name=f"职工群体{n}", slug=f"qun-ti-{n}"))
    for n in range(3):
        Photo.objects.create(article=story, image=jpeg(f"p{n}.jpg"), caption=f"现场{n}",
                             alt_text=f"现场照片{n}", photographer=people[4], position=n)
    for n in range(rows):
        other = Article.objects.create(headline=f"稿件{n}", section=section, body="正文")
        Byline.objects.bulk_create([Byline(article=other, person=p, role="reporter", position=i)
                                    for i, p in enumerate(people[:2])])
    return story


def time_page(client, url, repeat):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    queries = []
    with connection.execute_wrapper(lambda execute, sql, *a: queries.append(sql) or execute(
            sql, *a)):
        client.get(url)
    times, cpu = [], []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return statistics.median(times), statistics.median(cpu), len(queries)


def profile(user, pages, repeat):
    import cProfile
    import pstats

    client = Client()
    client.force_login(user)
    for name, url in pages.items():
        client.get(url)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(repeat):
            client.get(url)
        profiler.disable()
        print(f"## {user.username}: {name}, {repeat} requests")
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--rows", type=int, default=100)
    parser.add_argument("--profile", metavar="USER", help="print a cProfile of USER's pages")
    args = parser.parse_args()
    assert not settings.DEBUG
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    create_demo_accounts()
    User = get_user_model()
    User.objects.create_superuser("admin", password="x")  # noqa: S106
    story = make_story(args.rows)
    # The reporter's own draft: the form as its author edits it.
    Article.objects.filter(pk=story.pk).update(created_by=User.objects.get(username="reporter"))
    pages = {"change form": f"/admin/articles/article/{story.pk}/change/",
             "article list": "/admin/articles/article/"}
    if args.profile:
        profile(User.objects.get(username=args.profile), pages, args.repeat)
        return
    print(f"load average {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")
    print("| user | story | page | median ms | median CPU ms | queries | form |")
    print("|---|---|---|---|---|---|---|")
    # A yardstick from the same run: Django's own small password form, on this machine now.
    reference = {"password change (reference)": "/admin/password_change/"}
    for username, status in [("reporter", "draft"), ("chief", "draft"),
                             ("editor", "in_review"), ("admin", "in_review")]:
        Article.objects.filter(pk=story.pk).update(status=status, review_level=1)
        client = Client()
        client.force_login(User.objects.get(username=username))
        for name, url in {**pages, **reference}.items():
            median, cpu, queries = time_page(client, url, args.repeat)
            editable = name == "change form" and 'name="bylines-0-person"' in client.get(
                url).content.decode()
            form = ("editable" if editable else "read-only") if name == "change form" else ""
            print(f"| {username} | {status} | {name} | {median:.1f} | {cpu:.1f} | {queries} | "
                  f"{form} |")

if __name__ == "__main__":
    main()
