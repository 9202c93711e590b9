"""Who else is here (issue #11, 9): each person with a story open sees who else has it open."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from articles.workflow import presence
from tests.desk_fixtures import dress
from tests.workflow_fixtures import desk, story_in  # noqa: F401


def presence_url(article):
    return f"/admin/articles/article/{article.pk}/presence/"


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_two_people_on_one_story_each_see_the_other(desk):  # noqa: F811
    article = dress(story_in("in_review_1", desk), author=desk["reporter"])
    desk["editor2"].first_name = "王复审"
    desk["editor2"].save()
    editor, editor2, chief = (logged_in(desk[n]) for n in ("editor", "editor2", "chief"))
    assert editor.post(presence_url(article)).json()["others"] == []
    assert editor2.post(presence_url(article)).json()["others"] == [
        {"name": "editor", "editing": True}]
    assert editor.post(presence_url(article)).json()["others"] == [
        {"name": "王复审", "editing": True}]
    answer = chief.post(presence_url(article)).json()
    assert [o["name"] for o in answer["others"]] == ["editor", "王复审"]  # longest open first
    assert answer["poll"] == presence.POLL_SECONDS == 20
    editor2.post(presence_url(article), {"leave": "1"})
    assert [o["name"] for o in editor.post(presence_url(article)).json()["others"]] == ["chief"]


def test_a_reader_of_the_form_is_shown_as_reading(desk):  # noqa: F811
    article = story_in("in_review_1", desk)
    logged_in(desk["reporter"]).post(presence_url(article))  # the author, read-only in review
    others = logged_in(desk["editor"]).post(presence_url(article)).json()["others"]
    assert others == [{"name": "reporter", "editing": False}]


def test_someone_not_heard_from_has_left(desk):  # noqa: F811
    article = story_in("in_review_1", desk)
    logged_in(desk["editor2"]).post(presence_url(article))
    # What the cache does after seen_for() seconds without a heartbeat:
    presence._cache().delete(presence._person_key(article.pk, desk["editor2"].pk))
    assert logged_in(desk["editor"]).post(presence_url(article)).json()["others"] == []


@pytest.mark.parametrize(("role", "answer"), [
    ("reporter", 200), ("other_reporter", 404), ("editor", 200), ("photographer", 200),
])
def test_only_who_may_see_the_story_reports_or_learns_who_is_there(desk, role, answer):  # noqa: F811
    article = story_in("draft", desk)
    logged_in(desk["reporter"]).post(presence_url(article))
    client = logged_in(desk[role])
    response = client.post(presence_url(article))
    assert response.status_code == answer
    if answer == 404:
        assert "reporter" not in response.content.decode()
    assert client.get(presence_url(article)).status_code == 405  # a heartbeat is a POST
    assert Client().post(presence_url(article)).status_code == 302  # to the login page


def test_the_heartbeat_costs_the_same_few_queries_however_many_are_there(desk):  # noqa: F811
    article = dress(story_in("in_review_1", desk), author=desk["reporter"])
    editor = logged_in(desk["editor"])

    def counted():
        with CaptureQueriesContext(connection) as queries:
            assert editor.post(presence_url(article)).status_code == 200
        return len(queries)

    alone = counted()
    for name in ("editor2", "chief", "chief2", "photographer"):
        logged_in(desk[name]).post(presence_url(article))
    assert counted() == alone <= 8


def test_the_change_form_carries_the_presence_notice(desk):  # noqa: F811
    article = story_in("in_review_1", desk)
    page = logged_in(desk["editor"]).get(f"/admin/articles/article/{article.pk}/change/")
    text = page.content.decode()
    assert f'data-url="{presence_url(article)}"' in text
    assert "presence.js" in text and "此稿件另有人正在打开" in text
