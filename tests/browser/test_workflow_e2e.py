"""A story's whole life in a real browser: written, reviewed (初审, 复审, 终审), published, read.

Each person works in their own browser context, as at their own desk. Screenshots of every step
go to artifacts/screenshots/workflow/.
"""

import re
from importlib import import_module

import pytest
from django.contrib.auth.models import Group, Permission

from articles.models import Article, Section
from articles.workflow import roles
from tests.browser.tools import DESKTOP, PHONE, screenshot_path
from tests.workflow_fixtures import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def role_groups(transactional_db):
    """The role groups as migration 0003 makes them: an earlier live-server test flushed them."""
    granted = import_module("articles.migrations.0003_workflow").ROLE_PERMISSIONS
    for role, codenames in granted.items():
        group, _ = Group.objects.get_or_create(name=roles.GROUP_NAMES[role])
        group.permissions.set(Permission.objects.filter(
            content_type__app_label="articles", codename__in=codenames))
        assert group.permissions.count() == len(codenames), role


HEADLINE = "朝阳区职工技能大赛开赛"
KICKER = "技能强国"
BODY = (
    "昨天，朝阳区第十届职工职业技能大赛在区职工活动中心开赛，三百余名一线职工参赛。\n"
    "大赛设电工、焊工、育婴师等十二个工种，获奖选手将获得区总工会颁发的技术能手称号。"
)


def shot(page, name):
    page.screenshot(path=screenshot_path("workflow", f"{name}.png"), full_page=True)


def log_in(open_page, live_server, username):
    page = open_page(DESKTOP)
    page.goto(f"{live_server.url}/admin/login/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw")
    page.click("#login-form [type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    return page


def press(page, action, comment=None):
    """Press a workflow button on the story's admin page and land back on it."""
    if comment is not None:
        page.fill(f"#workflow-{action}-comment", comment)
    with page.expect_navigation():
        page.click(f"#workflow-{action}-button")
    errors = page.locator(".messagelist .error").all_inner_texts()
    assert errors == [], errors


def test_a_story_goes_from_the_reporters_draft_to_the_readers_page(
    role_groups, live_server, open_page
):
    Section.objects.create(name="要闻", slug="yaowen", position=1)
    make_user("reporter", roles.REPORTER)
    make_user("editor", roles.EDITOR)
    make_user("editor2", roles.EDITOR)
    make_user("chief", roles.CHIEF_EDITOR)

    # The reporter writes the story, with their own byline, and submits it.
    desk = log_in(open_page, live_server, "reporter")
    shot(desk, "01-reporter-desk")
    desk.goto(f"{live_server.url}/admin/articles/article/add/")
    desk.fill("#id_kicker", KICKER)
    desk.fill("#id_headline", HEADLINE)
    desk.select_option("#id_section", label="要闻")
    desk.fill("#id_body", BODY)
    desk.click("#bylines-group .add-row a")
    desk.click("#bylines-0 .select2-selection")
    desk.fill(".select2-search__field", "演示reporter")
    desk.click(".select2-results__option:has-text('演示reporter')")
    desk.select_option("#id_bylines-0-role", "reporter")
    shot(desk, "02-reporter-writes")
    with desk.expect_navigation():
        desk.click("input[name=_continue]")
    assert desk.locator(".errornote").count() == 0, desk.locator(".errorlist").all_inner_texts()
    story = Article.objects.get(headline=HEADLINE)
    change_url = f"{live_server.url}/admin/articles/article/{story.pk}/change/"
    assert desk.url == change_url
    assert [b.person.name for b in story.bylines.all()] == ["演示reporter"]
    press(desk, "submit")
    assert "初审" in desk.inner_text("#workflow-status")
    assert desk.locator("#workflow-approve-button").count() == 0  # not theirs to approve
    shot(desk, "03-reporter-submitted")

    # The editor signs 初审, with the opinion the form requires.
    editor = log_in(open_page, live_server, "editor")
    assert HEADLINE in editor.inner_text("#desk-review")
    shot(editor, "04-editor-desk")
    editor.goto(change_url)
    assert "初审" in editor.inner_text("#workflow-approve-button")
    assert editor.get_attribute("#workflow-approve-comment", "required") is not None
    press(editor, "approve", "数据已核实，同意。")
    assert "复审" in editor.inner_text("#workflow-status")
    assert editor.locator("#workflow-approve-button").count() == 0  # one level per person
    shot(editor, "05-editor-approved")

    # A second editor signs 复审.
    editor2 = log_in(open_page, live_server, "editor2")
    assert HEADLINE in editor2.inner_text("#desk-review")
    editor2.goto(change_url)
    assert "复审" in editor2.inner_text("#workflow-approve-button")
    press(editor2, "approve", "标题准确，同意送终审。")
    assert "终审" in editor2.inner_text("#workflow-status")
    shot(editor2, "06-editor2-approved")

    # The chief editor signs 终审 and publishes now.
    chief = log_in(open_page, live_server, "chief")
    chief.goto(change_url)
    with chief.context.expect_page() as preview:
        chief.click("#preview-link")
    preview.value.wait_for_load_state()
    assert preview.value.inner_text("h1") == HEADLINE
    shot(preview.value, "07-chief-preview")
    assert "终审" in chief.inner_text("#workflow-approve-button")
    press(chief, "approve", "同意刊发。")
    assert chief.input_value("#workflow-publish-at") == ""
    press(chief, "publish")
    shot(chief, "08-chief-published")
    timeline = chief.inner_text("#timeline")
    for who in ("reporter", "editor", "editor2", "chief"):
        assert who in timeline
    assert "数据已核实，同意。" in timeline

    # The 审稿单, printed: every level's signer and opinion, on one A4 page.
    with chief.expect_navigation():
        chief.click("#review-sheet-link")
    signatures = chief.inner_text("#sheet-signatures")
    opinions = ("数据已核实，同意。", "标题准确，同意送终审。", "同意刊发。")
    for text in ("初审", "复审", "终审", *opinions):
        assert text in signatures
    chief.emulate_media(media="print")
    shot(chief, "09-review-sheet-print")
    pdf = chief.pdf(format="A4", path=str(screenshot_path("workflow", "review-sheet.pdf")))
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 1
    chief.emulate_media(media="screen")

    story.refresh_from_db()
    assert story.status == Article.Status.PUBLISHED
    assert Article.objects.published().filter(pk=story.pk).exists()
    assert list(story.workflow_events.values_list("action", "actor__username")) == [
        ("submit", "reporter"), ("approve", "editor"), ("approve", "editor2"),
        ("approve", "chief"), ("publish", "chief"),
    ]

    # A reader on a phone finds it on the front page and reads it.
    reader = open_page(PHONE)
    reader.goto(live_server.url + "/")
    shot(reader, "10-reader-home")
    with reader.expect_navigation():
        reader.get_by_role("link", name=HEADLINE).first.click()
    assert reader.url == live_server.url + story.get_absolute_url()
    assert reader.inner_text("h1") == HEADLINE
    assert re.search(r"记者\s*演示reporter", reader.inner_text(".byline"))
    assert "职业技能大赛" in reader.inner_text(".story-body")
    shot(reader, "11-reader-article")
