"""The 三审 rules beyond the table: separation of duties, comments, photos, notices, roles."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from articles.models import Byline, Photo
from articles.workflow import WorkflowError, roles
from tests.workflow_fixtures import OPINION, desk, snapshot, story_in  # noqa: F401


@pytest.fixture(autouse=True)
def english():
    """The refusals are matched by their English msgids."""
    with translation.override("en"):
        yield


def test_role_groups_come_from_the_migration_with_their_permissions(db):
    names = set(Group.objects.values_list("name", flat=True))
    assert set(roles.GROUP_NAMES.values()) <= names
    reporter = Group.objects.get(name=roles.GROUP_NAMES[roles.REPORTER])
    photographer = Group.objects.get(name=roles.GROUP_NAMES[roles.PHOTOGRAPHER])
    assert reporter.permissions.filter(codename="add_article").exists()
    assert not reporter.permissions.filter(codename="add_photo").exists()
    assert photographer.permissions.filter(codename="add_photo").exists()
    assert not reporter.permissions.filter(codename="delete_article").exists()


def test_nobody_approves_a_story_they_co_wrote(desk, make_byline):  # noqa: F811
    article = story_in("draft", desk)
    make_byline(article, desk["editor"].person)
    article.submit(desk["reporter"])
    before = snapshot(article)
    with pytest.raises(WorkflowError, match="wrote or co-wrote"):
        article.approve(desk["editor"], OPINION)
    assert snapshot(article) == before


def test_a_superuser_author_cannot_approve_either(desk):  # noqa: F811
    article = story_in("draft", desk)
    Byline.objects.create(article=article, person=desk["superuser"].person, role="reporter")
    article.submit(desk["reporter"])
    with pytest.raises(WorkflowError, match="wrote or co-wrote"):
        article.approve(desk["superuser"], OPINION)


def test_every_approval_needs_a_written_opinion(desk):  # noqa: F811
    article = story_in("in_review_1", desk)
    before = snapshot(article)
    with pytest.raises(WorkflowError, match="review opinion"):
        article.approve(desk["editor"], "  ")
    assert snapshot(article) == before
    article.approve(desk["editor"], "同意刊发")
    assert article.approvals.get().comment == "同意刊发"


@pytest.mark.parametrize("who", ["chief", "superuser"])
def test_nobody_signs_two_levels_of_one_story(desk, who):  # noqa: F811
    article = story_in("in_review_1", desk)
    article.approve(desk[who], OPINION)
    before = snapshot(article)
    with pytest.raises(WorkflowError, match="already signed"):
        article.approve(desk[who], OPINION)
    assert snapshot(article) == before


def test_a_one_person_desk_may_sign_every_level(desk, settings):  # noqa: F811
    settings.NEWSROOM_ONE_PERSON_DESK = True
    article = story_in("in_review_1", desk)
    for _ in range(3):
        article.approve(desk["chief"], OPINION)
    assert article.status == "approved"


def test_three_levels_by_default_two_editors_then_the_chief(desk):  # noqa: F811
    article = story_in("draft", desk)
    article.submit(desk["reporter"])
    article.approve(desk["editor"], OPINION)
    assert (article.status, article.review_level) == ("in_review", 2)
    article.approve(desk["editor2"], OPINION)
    assert (article.status, article.review_level) == ("in_review", 3)
    with pytest.raises(WorkflowError):
        article.approve(desk["editor3"], OPINION)  # 终审 is the chief editor's
    article.approve(desk["chief"], OPINION)
    assert article.status == "approved"
    assert [a.level for a in article.approvals.all()] == [1, 2, 3]


def test_two_levels_stay_an_option(desk, settings):  # noqa: F811
    settings.NEWSROOM_REVIEW_LEVELS = 2
    article = story_in("draft", desk)
    article.submit(desk["reporter"])
    article.approve(desk["editor"], OPINION)
    assert (article.status, article.current_level.label) == ("in_review", "final review")
    article.approve(desk["chief"], OPINION)
    assert article.status == "approved"


@pytest.mark.parametrize("action", ["return", "withdraw", "correct"])
def test_a_comment_is_required(client, desk, action):  # noqa: F811
    article = story_in("published" if action != "return" else "in_review_1", desk)
    before = snapshot(article)
    client.force_login(desk["chief"])
    response = client.post(
        f"/admin/articles/article/{article.pk}/workflow/{action}/", {"comment": "  "}, follow=True
    )
    assert "comment is required" in response.content.decode() or "说明" in response.content.decode()
    assert snapshot(article) == before


def test_a_photo_story_needs_a_photo_and_every_photo_alt_text(desk, tmp_path):  # noqa: F811
    article = story_in("in_review_1", desk, kind="photo")
    with pytest.raises(WorkflowError, match="at least one photo"):
        article.approve(desk["editor"], OPINION)
    photo = Photo.objects.create(
        article=article, caption="劳模", image=SimpleUploadedFile("a.gif", GIF, "image/gif")
    )
    article.approve(desk["editor"], OPINION)
    article.approve(desk["editor3"], OPINION)
    article.approve(desk["chief"], OPINION)
    before = snapshot(article)
    with pytest.raises(WorkflowError, match="alt"):
        article.publish(desk["chief"])
    assert snapshot(article) == before
    photo.alt_text = "劳模在车间"
    photo.save()
    article.publish(desk["chief"])
    assert article.is_live


def test_notices_go_to_reviewers_at_their_level_and_back_to_the_author(
    desk, django_capture_on_commit_callbacks  # noqa: F811
):
    article = story_in("draft", desk)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        article.submit(desk["reporter"])
    editors = sorted(m.to[0] for m in mail.outbox)
    assert "editor@example.org" in editors and "reporter@example.org" not in editors
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        article.return_to_author(desk["editor"], "请补充数据")
    assert [m.to for m in mail.outbox] == [["reporter@example.org"]]
    assert "请补充数据" in mail.outbox[0].body


GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,"
    b"\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)
