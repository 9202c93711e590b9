"""Query counts of the pages this work adds: none grows with its rows beyond what it shows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, UnionBody
from tests.test_admin_import import (
    PAGE,
    logged_in,
    page_file,
    preview_url,
    private_staging,  # noqa: F401 - an autouse fixture
    upload,
)
from tests.workflow_fixtures import desk  # noqa: F401 - a fixture


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def another(n: int) -> str:
    return (PAGE.replace("践行劳模精神", f"第{n}版标语").replace("环卫工人送去", f"环卫工人{n}送去")
            .replace("暖心角", f"暖心角{n}").replace("冬日送暖", f"冬日送暖{n}"))


@pytest.mark.django_db
def test_the_import_form_costs_the_same_whatever_is_in_the_database(client, desk):  # noqa: F811
    client = logged_in(client, desk["editor"])
    before = count(client, "/admin/articles/article/import/")
    client.post(preview_url(upload(client)), {"confirm": "1"})
    assert count(client, "/admin/articles/article/import/") == before


@pytest.mark.django_db
def test_the_preview_costs_what_the_import_does_per_page(client, desk):  # noqa: F811
    client = logged_in(client, desk["editor"])
    one = count(client, preview_url(upload(client, page_file("p1.txt", another(1)))))
    three = count(client, preview_url(upload(
        client, *[page_file(f"p{n}.txt", another(n)) for n in (2, 3, 4)])))
    # The preview is the load rolled back: a few queries a story, nothing per tag or byline shown.
    assert three <= 3 * one, (one, three)


@pytest.mark.django_db
def test_the_union_body_list_shows_the_hierarchy_in_a_fixed_number_of_queries(client, desk):  # noqa: F811
    client = logged_in(client, desk["editor"])
    city = UnionBody.objects.get(name="北京市总工会")
    district = UnionBody.objects.get(name="北京市东城区总工会")
    UnionBody.objects.create(name="某街道总工会0", parent=district)
    few = count(client, "/admin/articles/unionbody/")
    for n in range(1, 15):
        UnionBody.objects.create(name=f"某街道总工会{n}", parent=district if n % 2 else city)
    assert count(client, "/admin/articles/unionbody/") == few


@pytest.mark.django_db
def test_the_phrases_beside_the_tags_cost_no_query_per_tag(client, desk):  # noqa: F811
    """Each tag row reads its tag and the story's mentions from the inline's one query.

    (The form's per-row permission checks, which read bylines, are the workflow's and are
    left out of this count.)
    """
    client = logged_in(client, desk["chief"])
    bodies = list(UnionBody.objects.order_by("pk")[:12])
    article = Article.objects.create(
        headline="工会送温暖", body="正文。",
        tag_mentions={b.name: [b.name[-4:]] for b in bodies})
    article.union_bodies.add(*bodies[:2])
    url = f"/admin/articles/article/{article.pk}/change/"

    def tag_and_story_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return sum(1 for q in queries.captured_queries
                   if 'FROM "articles_unionbody"' in q["sql"]
                   or 'FROM "articles_article"' in q["sql"])

    two = tag_and_story_queries()
    article.union_bodies.add(*bodies[2:])
    assert tag_and_story_queries() == two
