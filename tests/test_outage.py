"""When the database goes away: readers get a 503 that says so, an editor keeps every word."""

import pytest
from django.db import OperationalError
from django.test import Client, RequestFactory
from lxml import html as lxml_html
from reversion.models import Version

from articles.models import Article, ArticleQuerySet, Person
from articles.site import search
from newsroom.errors import kept_fields
from tests.test_admin_articles import change_url, form_data
from tests.workflow_fixtures import desk, story_in  # noqa: F401 - desk is a fixture

pytestmark = pytest.mark.django_db


def database_gone(*args, **kwargs):
    raise OperationalError("server closed the connection unexpectedly")


def stored(article):
    fresh = Article.objects.get(pk=article.pk)
    return {
        "headline": fresh.headline, "body": fresh.body, "version": fresh.version,
        "bylines": list(fresh.bylines.values_list("person__name", flat=True)),
        "revisions": Version.objects.get_for_object(fresh).count(),
        "indexed": search.SearchDocument.objects.get(article=fresh).text,
    }


def test_readers_get_a_503_that_no_cache_keeps(monkeypatch):
    client = Client(raise_request_exception=False)
    monkeypatch.setattr(ArticleQuerySet, "for_listing", database_gone)

    response = client.get("/")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    assert "暂时无法访问" in response.content.decode()
    monkeypatch.undo()
    assert client.get("/").status_code == 200  # the 503 was not kept by the page cache


def test_other_errors_are_a_500_in_chinese(monkeypatch):
    client = Client(raise_request_exception=False)
    monkeypatch.setattr(ArticleQuerySet, "for_listing", lambda self: 1 / 0)
    response = client.get("/")
    assert response.status_code == 500
    assert "出错了" in response.content.decode()


def test_an_editor_saving_while_the_database_restarts_keeps_the_text(desk, monkeypatch):  # noqa: F811
    article = story_in("draft", desk)
    person = Person.objects.create(name="甲乙")
    client = Client(raise_request_exception=False)
    client.force_login(desk["reporter"])
    typed = form_data(
        article, headline="书屋开进社区，职工点赞", body="改写的正文<b>一</b>。\n第二段。"
    )
    typed.update({"bylines-TOTAL_FORMS": 1, "bylines-0-person": person.pk,
                  "bylines-0-role": "reporter", "bylines-0-position": 0})
    before = stored(article)
    # The connection drops at the very end of the save: story, byline row and revision
    # are already written inside the transaction.
    monkeypatch.setattr(search, "index_articles", database_gone)

    response = client.post(change_url(article), typed)

    assert response.status_code == 503
    assert stored(article) == before  # nothing half-written
    page = lxml_html.fromstring(response.content.decode())
    form = page.forms[0]
    assert form.action == change_url(article)
    assert page.xpath("string(//textarea[@name='body'])") == typed["body"]
    assert page.xpath("string(//textarea[@name='headline'])") == typed["headline"]
    assert "<b>一</b>" not in response.content.decode()  # shown escaped

    monkeypatch.undo()  # the database is back: the editor presses the button
    again = client.post(form.action, dict(form.form_values()))

    assert again.status_code == 302, again.content.decode()[:2000]
    after = stored(article)
    assert (after["headline"], after["body"]) == (typed["headline"], typed["body"])
    assert after["bylines"] == ["甲乙"] and after["version"] == before["version"] + 1
    assert "甲乙" in after["indexed"]


@pytest.mark.parametrize(("path", "data", "kept"), [
    ("/admin/login/", {"username": "editor", "password": "secret"}, []),
    ("/admin/auth/user/1/password/", {"password1": "secret", "password2": "secret"}, []),
    ("/search/", {"q": "工会"}, []),
    ("/admin/articles/article/1/change/", {"headline": "标题", "loaded_version": "3"},
     [("headline", "标题", True), ("loaded_version", "3", False)]),
])
def test_what_an_outage_page_hands_back(path, data, kept):
    request = RequestFactory().post(path, data)
    assert [(f["name"], f["value"], f["shown"]) for f in kept_fields(request)] == kept


def test_kept_fields_carry_the_forms_own_labels():
    request = RequestFactory().post("/admin/articles/article/1/change/", {
        "body": "正文", "photos-1-caption": "图片说明文字", "publish_at_0": "2026-01-17",
    })
    labels = [f["label"] for f in kept_fields(request)]
    assert labels == ["正文", "图片 2 · 图片说明", "定时发布时间"]
