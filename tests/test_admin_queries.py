"""The admin at desk speed: the queries of a full story's change form and of the article list.

Pinned, as the readers' pages are: a change that adds a query per inline row or per list row
fails here. (Timings are in benchmarks/admin_speed.py, never in tests.)
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Byline, Person, Photo, Section
from articles.tags import BeneficiaryGroup, UnionBody
from tests.readers_fixtures import jpeg_upload
from tests.workflow_fixtures import desk, story_in  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(name="full_story")
def full_story_fixture(desk):  # noqa: F811
    """A draft with 5 bylines, 8 tags (4 of each vocabulary) and 3 photos."""
    story = story_in("draft", desk)
    people = [Person.objects.create(name=name) for name in "白莹 刘换利 张良 孙妍 陈曦".split()]
    for n, person in enumerate(people):
        Byline.objects.create(article=story, person=person, position=n,
                              role="photographer" if n == 4 else "reporter")
    for n in range(4):
        story.union_bodies.add(UnionBody.objects.create(name=f"区总工会{n}", slug=f"qu-{n}"))
        story.beneficiary_groups.add(
            BeneficiaryGroup.objects.create(name=f"职工群体{n}", slug=f"qun-ti-{n}"))
    for n in range(3):
        Photo.objects.create(article=story, image=jpeg_upload(f"p{n}.jpg"), caption=f"现场{n}",
                             alt_text=f"现场照片{n}", photographer=people[4], position=n)
    return story


def queries_of(client, url):
    client.get(url)  # sessions, permissions and content types warm, as on a desk all day
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


# Who opens it -> queries. The form reads the story once with its inline rows; each
# autocomplete widget (a person, a photographer, a tag) reads its one chosen row.
CHANGE_FORM = {"reporter": 39, "editor": 35, "chief": 35, "superuser": 41}  # main: 44, 87, 87, 46


@pytest.mark.parametrize("who", CHANGE_FORM)
def test_change_form_of_a_full_story_runs_a_pinned_number_of_queries(
        client, desk, full_story, who):  # noqa: F811
    client.force_login(desk[who])
    count, page = queries_of(client, f"/admin/articles/article/{full_story.pk}/change/")
    assert "孙妍" in page and "职工群体3" in page
    assert count == CHANGE_FORM[who]


@pytest.mark.parametrize("rows", [10, 100])
def test_article_list_of_100_rows_runs_a_pinned_number_of_queries(client, desk, rows):  # noqa: F811
    section = Section.objects.create(name="要闻", slug="yaowen")
    people = [desk[k].person for k in ("reporter", "editor")]
    for n in range(rows):
        article = Article.objects.create(headline=f"列表稿件{n}", section=section, body="正文")
        Byline.objects.bulk_create([Byline(article=article, person=p, role="reporter",
                                           position=i) for i, p in enumerate(people)])
    client.force_login(desk["chief"])
    count, page = queries_of(client, "/admin/articles/article/")
    assert page.count('class="action-select"') == rows
    assert len(re.findall("列表稿件", page)) >= rows
    assert count == 15
