"""Issue 11's holes, each tried over HTTP as it was found: separation of duties, the chief's
trap, the ignored 发布时间.

Checked against commit 1784efa (main before this work): every test for a hole failed there
(the byline dropped in review, clearing or linking a Person's login on the change and add forms,
the chief's trap at 2 and 3 levels, 复审 with nobody left, the ignored 发布时间 by the button and
by the list action). The others pin behaviour that must stay: a superuser links logins, two
chiefs may share the levels, an emptied field publishes now, a schedule can be taken back.
"""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from articles.models import Article, Byline, Person
from tests.test_admin_articles import change_url, form_data
from tests.workflow_fixtures import OPINION, desk, make_user, snapshot, story_in  # noqa: F401


def workflow(client, article, action, **data):
    return client.post(f"/admin/articles/article/{article.pk}/workflow/{action}/", data)


def co_written_in_review(desk):  # noqa: F811
    """A reporter's story with the editor as co-author, submitted for 初审."""
    article = story_in("draft", desk)
    Byline.objects.create(article=article, person=desk["reporter"].person, role="reporter")
    Byline.objects.create(article=article, person=desk["editor"].person, role="reporter",
                          position=1)
    article.submit(desk["reporter"])
    return article


def test_an_editor_who_drops_their_byline_in_review_still_cannot_approve(client, desk):  # noqa: F811
    article = co_written_in_review(desk)
    own = article.bylines.get(person=desk["editor"].person)
    client.force_login(desk["editor"])
    data = form_data(article, **{
        "bylines-TOTAL_FORMS": 1, "bylines-INITIAL_FORMS": 1,
        "bylines-0-id": own.pk, "bylines-0-article": article.pk,
        "bylines-0-person": own.person_id, "bylines-0-role": "reporter",
        "bylines-0-position": 1, "bylines-0-DELETE": "on",
    })
    # Only the deleted row is posted; the reporter's row is left as it is.
    data["bylines-0-id"] = own.pk
    saved = client.post(change_url(article), data)
    assert saved.status_code == 302, saved.content.decode()[:1500]
    assert not article.bylines.filter(person=desk["editor"].person).exists()  # the edit holds
    before = snapshot(article)
    workflow(client, article, "approve", comment=OPINION)
    assert snapshot(article) == before  # still an author of this round: refused
    Byline.objects.create(article=article, person=desk["editor"].person, role="reporter")
    assert snapshot(article)["approvals"] == []


def test_an_editor_cannot_clear_the_login_on_their_own_person(client, desk):  # noqa: F811
    article = co_written_in_review(desk)
    person = desk["editor"].person
    client.force_login(desk["editor"])
    response = client.post(f"/admin/articles/person/{person.pk}/change/", {
        "name": person.name, "affiliation": "staff", "user": "", "is_active": "on",
    })
    assert response.status_code == 302
    assert Person.objects.get(pk=person.pk).user == desk["editor"]
    before = snapshot(article)
    workflow(client, article, "approve", comment=OPINION)
    assert snapshot(article) == before


def test_an_editor_cannot_link_another_persons_record_to_their_login(client, desk):  # noqa: F811
    writer = Person.objects.create(name="林晓岚")
    article = story_in("draft", desk)
    Byline.objects.create(article=article, person=writer, role="reporter")
    editor = make_user("editor_x", "editor")
    editor.person.delete()  # a login with no person yet: linking would be allowed by the DB
    client.force_login(editor)
    response = client.post(f"/admin/articles/person/{writer.pk}/change/", {
        "name": writer.name, "affiliation": "staff", "user": editor.pk, "is_active": "on",
    })
    assert response.status_code == 302
    assert Person.objects.get(pk=writer.pk).user is None
    before = snapshot(article)
    workflow(client, article, "submit")
    assert snapshot(article) == before  # not an author of someone else's draft
    page = client.get(change_url(article)).content.decode()
    assert 'id="workflow-submit"' not in page


def test_a_superuser_links_a_person_to_a_login(client, desk):  # noqa: F811
    writer = Person.objects.create(name="林晓岚")
    login = make_user("linxl", "reporter")
    login.person.delete()
    client.force_login(desk["superuser"])
    client.post(f"/admin/articles/person/{writer.pk}/change/", {
        "name": writer.name, "affiliation": "staff", "user": login.pk, "is_active": "on",
    })
    assert Person.objects.get(pk=writer.pk).user == login


def test_adding_oneself_as_byline_during_review_does_not_bar_a_reviewer(client, desk):  # noqa: F811
    """The other side of the snapshot: authors are those at submission, not those added later."""
    article = story_in("in_review_1", desk)
    Byline.objects.create(article=article, person=desk["editor"].person, role="editor")
    client.force_login(desk["editor"])
    workflow(client, article, "approve", comment=OPINION)
    assert Article.objects.get(pk=article.pk).review_level == 2


@pytest.mark.parametrize("levels", [2, 3])
def test_the_chief_is_not_offered_a_level_that_would_trap_the_story(
    client, desk, settings, levels  # noqa: F811
):
    """With one chief editor, signing an editor's level would leave nobody for 终审."""
    settings.NEWSROOM_REVIEW_LEVELS = levels
    desk["chief2"].groups.clear()
    article = story_in("draft", desk)
    article.submit(desk["reporter"])
    client.force_login(desk["chief"])
    page = client.get(change_url(article)).content.decode()
    assert 'id="workflow-approve-button"' not in page
    assert 'id="workflow-return-button"' in page  # returning stays theirs
    assert "将无人可签署终审" in page  # and the form says why the level is not theirs
    index = client.get("/admin/").content.decode()
    assert article.headline not in index.split('id="desk-review"')[1].split("</section>")[0]
    before = snapshot(article)
    workflow(client, article, "approve", comment=OPINION)
    assert snapshot(article) == before
    for editor in ["editor", "editor2"][: levels - 1]:
        article.approve(desk[editor], OPINION)
    page = client.get(change_url(article)).content.decode()
    assert 'id="workflow-approve-button"' in page  # 终审 is the chief's, and offered
    workflow(client, article, "approve", comment=OPINION)
    assert Article.objects.get(pk=article.pk).status == "approved"


def test_with_two_chiefs_the_chief_may_sign_an_editors_level(client, desk):  # noqa: F811
    article = story_in("in_review_1", desk)
    client.force_login(desk["chief"])
    assert 'id="workflow-approve-button"' in client.get(change_url(article)).content.decode()


def test_an_editor_is_not_offered_复审_when_only_the_signer_of_初审_is_left(client, desk):  # noqa: F811
    """复审 needs an editor or chief who did not sign 初审 and leaves a chief for 终审."""
    for name in ["editor3", "chief2"]:
        desk[name].groups.clear()
    article = story_in("draft", desk)
    article.submit(desk["reporter"])
    client.force_login(desk["chief"])
    assert 'id="workflow-approve-button"' not in client.get(change_url(article)).content.decode()
    article.approve(desk["editor"], OPINION)
    client.force_login(desk["editor"])
    assert 'id="workflow-approve-button"' not in client.get(change_url(article)).content.decode()
    client.force_login(desk["editor2"])
    assert 'id="workflow-approve-button"' in client.get(change_url(article)).content.decode()


def test_publishing_a_story_with_a_publish_at_ahead_schedules_it(
    client, desk, django_capture_on_commit_callbacks  # noqa: F811
):
    article = story_in("approved", desk)
    client.force_login(desk["chief"])
    later = timezone.now() + datetime.timedelta(days=2)
    local = timezone.localtime(later)
    response = client.post(change_url(article), form_data(
        Article.objects.get(pk=article.pk),
        publish_at_0=local.strftime("%Y-%m-%d"), publish_at_1=local.strftime("%H:%M:%S"),
    ))
    assert response.status_code == 302
    page = client.get(change_url(article)).content.decode()
    assert f'value="{local:%Y-%m-%dT%H:%M}"' in page  # the button's field starts from it
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = workflow(client, article, "publish")  # as a list action sends it: no field
    article.refresh_from_db()
    assert article.status == "published" and article.is_scheduled
    assert abs(article.published_at - later) < datetime.timedelta(seconds=1)
    assert not Article.objects.published().filter(pk=article.pk).exists()
    assert client.get(article.get_absolute_url()).status_code == 404
    told = [m.subject for m in mail.outbox]
    assert told and all("定时发布" in s and f"{local.hour}" in s for s in told), told
    shown = client.get(change_url(article), follow=True).content.decode()
    assert "定时" in shown.split('id="workflow-status"')[1].split("</p>")[0]


def test_the_bulk_publish_keeps_each_storys_publish_at(client, desk):  # noqa: F811
    article = story_in("approved", desk)
    Article.objects.filter(pk=article.pk).update(
        publish_at=timezone.now() + datetime.timedelta(hours=5)
    )
    client.force_login(desk["chief"])
    response = client.post("/admin/articles/article/", {
        "action": "publish_selected", "_selected_action": [article.pk]}, follow=True)
    article.refresh_from_db()
    assert article.is_scheduled
    assert "上线" in response.content.decode()  # the message says when it goes live
    changelist = client.get("/admin/articles/article/").content.decode()
    assert "定时于" in changelist
    desk_panel = client.get("/admin/").content.decode().split('id="desk-scheduled"')[1]
    assert article.headline in desk_panel.split("</section>")[0]


def test_emptying_the_buttons_field_publishes_now(client, desk):  # noqa: F811
    article = story_in("approved", desk)
    Article.objects.filter(pk=article.pk).update(
        publish_at=timezone.now() + datetime.timedelta(hours=5)
    )
    client.force_login(desk["chief"])
    workflow(client, article, "publish", publish_at="")
    article.refresh_from_db()
    assert article.is_live and article.publish_at is None


@pytest.mark.parametrize("action", ["unpublish", "withdraw"])
def test_a_scheduled_story_can_be_taken_back_before_it_goes_live(
    client, desk, action, time_machine  # noqa: F811
):
    article = story_in("approved", desk)
    article.publish(desk["chief"], at=timezone.now() + datetime.timedelta(hours=3))
    client.force_login(desk["chief"])
    workflow(client, article, action, comment="暂缓刊发")
    time_machine.move_to(timezone.now() + datetime.timedelta(hours=4))
    article.refresh_from_db()
    assert article.status == ("approved" if action == "unpublish" else "withdrawn")
    assert not Article.objects.published().filter(pk=article.pk).exists()


def test_an_editor_cannot_add_a_person_already_linked_to_their_login(client, desk):  # noqa: F811
    editor = make_user("editor_y", "editor")
    editor.person.delete()
    client.force_login(editor)
    response = client.post("/admin/articles/person/add/", {
        "name": "新作者", "affiliation": "staff", "user": editor.pk, "is_active": "on",
    })
    assert response.status_code == 302
    assert Person.objects.get(name="新作者").user is None
