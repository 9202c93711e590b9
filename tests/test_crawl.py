"""The crawl (issue #11, Done when): every admin page as each demo role, every story page.

The stories are the imported seed plus one story in each state, each with bylines, both kinds
of tags and a photo. No response is a 5xx, and no page shows a story its viewer may not see.
Who may see what is written out here, apart from the code under test:

- the desk (photographer, editor, editor2, chief) sees every story;
- a reporter sees their own stories and what readers see (live, published stories).
"""

import datetime
import re
from collections import deque

import reversion
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.management.commands.demo_accounts import DEMO_ACCOUNTS, create_demo_accounts
from articles.models import Article
from articles.workflow import review_levels, roles
from tests.desk_fixtures import dress

STATES = ["draft", "in_review", "half_reviewed", "returned", "approved", "scheduled",
          "published", "withdrawn"]
LINK = re.compile(r'href="(/admin/[^"#]*)"')
# A list's filters and sort orders (href="?status=draft"): one link per set of parameters,
# so each filter's code runs without requesting every tag's filter.
QUERY_LINK = re.compile(r'href="(\?[^"#]+)"')
NEVER_FOLLOWED = ("/admin/logout/",)


def walk(article, state, users):
    """Take ``article`` (written by the demo reporter) to ``state`` by real transitions."""
    if state == "draft":
        return
    article.submit(users["reporter"])
    if state == "returned":
        article.return_to_author(users["editor"], "请补充数据。")
        return
    signed = set()
    for level in review_levels():
        if state == "in_review" or (state == "half_reviewed" and signed):
            return
        names = ["chief"] if level.role == roles.CHIEF_EDITOR else ["editor", "editor2"]
        reviewer = next(name for name in names if name not in signed)
        article.approve(users[reviewer], "同意刊发。")
        signed.add(reviewer)
    if state == "approved":
        return
    later = timezone.now() + datetime.timedelta(days=2)
    article.publish(users["chief"], at=later if state == "scheduled" else None)
    if state == "withdrawn":
        article.withdraw(users["chief"], "内容有误。")


def two_revisions(article):
    for body in (article.body, article.body + "\n补充一段。"):
        Article.objects.filter(pk=article.pk).update(body=body)
        article.refresh_from_db()
        with reversion.create_revision():
            reversion.add_to_revision(article)


def newsroom(settings):
    settings.DEBUG = True  # the demo commands are for development only
    call_command("import_seed", verbosity=0)
    create_demo_accounts()
    settings.DEBUG = False
    from django.contrib.auth import get_user_model

    users = {u.username: u for u in get_user_model().objects.all()}
    for article in Article.objects.exclude(source_file=""):
        two_revisions(article)
    for state in STATES:
        article = Article.objects.create(
            headline=f"职工之家建设新进展（{state}）", body="第一段，写职工之家。\n第二段。",
            created_by=users["reporter"],
        )
        dress(article, author=users["reporter"])
        two_revisions(article)
        walk(article, state, users)
    return users


def may_see(role, article, reporter):
    if role != "reporter":
        return True
    return article.is_live or article.created_by_id == reporter.pk


def story_pages(article):
    base = f"/admin/articles/article/{article.pk}"
    versions = list(reversion.models.Version.objects.get_for_object(article))
    return [
        f"{base}/change/", f"{base}/preview/", f"{base}/history/", f"{base}/revisions/",
        f"{base}/review-sheet/",
        f"{base}/revisions/?a={versions[-1].pk}&b={versions[0].pk}",
    ]


def marks_of(article):
    """What on a page shows the story: its headline, its slug, its admin address."""
    return [article.headline, f"/{article.pk}/{article.slug}", f"/article/{article.pk}/change/"]


def crawl(client, start="/admin/"):
    """Every admin page reachable from ``start``; pages with a query are not followed."""
    seen, queue, pages, kinds = {start}, deque([start]), {}, set()
    while queue:
        url = queue.popleft()
        response = client.get(url)
        pages[url] = response
        if response.status_code != 200 or "?" in url or "text/html" not in response["Content-Type"]:
            continue
        text = response.content.decode()
        links = LINK.findall(text)
        for query in QUERY_LINK.findall(text):
            query = query.replace("&amp;", "&")
            kind = (url, frozenset(p.split("=")[0] for p in query[1:].split("&")))
            if kind not in kinds:
                kinds.add(kind)
                links.append(url + query)
        for link in links:
            link = link.replace("&amp;", "&")
            if link not in seen and not link.startswith(NEVER_FOLLOWED):
                seen.add(link)
                queue.append(link)
    return pages


def test_every_admin_and_story_page_as_every_demo_role(db, settings):
    users = newsroom(settings)
    stories = list(Article.objects.all())
    assert len(stories) > len(STATES) and Article.objects.filter(status="published").exists()
    problems = []
    for username, _name, _role in DEMO_ACCOUNTS:
        client = Client(raise_request_exception=False)
        client.force_login(users[username])
        pages = crawl(client)
        hidden = [a for a in stories if not may_see(username, a, users["reporter"])]
        for article in stories:
            for url in story_pages(article):
                if url not in pages:
                    pages[url] = client.get(url)
                status = pages[url].status_code
                if may_see(username, article, users["reporter"]) and status != 200:
                    problems.append(f"{username}: {url} answered {status}")
                if not may_see(username, article, users["reporter"]) and status not in (
                    302, 403, 404
                ):
                    problems.append(f"{username}: hidden {url} answered {status}")
        for url, response in pages.items():
            if response.status_code >= 500:
                problems.append(f"{username}: {url} answered {response.status_code}")
                continue
            if response.status_code != 200 or "text/html" not in response["Content-Type"]:
                continue
            text = response.content.decode()
            for article in hidden:
                if any(mark in text for mark in marks_of(article)):
                    problems.append(f"{username}: {url} shows hidden story {article.pk}")
        assert len(pages) > 20, (username, sorted(pages))
    assert not problems, "\n".join(problems)


def test_public_story_pages_as_a_reader(db, settings):
    newsroom(settings)
    client = Client()
    for article in Article.objects.all():
        status = client.get(article.get_absolute_url()).status_code
        assert status == (200 if article.is_live else 404), (article.status, article.headline)
        preview = client.get(reverse("admin:articles_article_preview", args=[article.pk]))
        assert preview.status_code == 404
