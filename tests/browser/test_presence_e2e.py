"""Who else is here, in two browsers (issue #11, 9): two editors open the same story in review;
each sees the other named above the form; the later, stale save is refused and keeps its text.

Screenshots go to artifacts/screenshots/presence/.
"""

import pytest
from django.contrib.auth.models import Group, Permission

from articles.models import Article
from articles.workflow import roles
from tests.browser.tools import DESKTOP, screenshot_path
from tests.desk_fixtures import dress
from tests.workflow_fixtures import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def role_groups(transactional_db):
    """The role groups as the migrations make them: an earlier live-server test flushed them."""
    from importlib import import_module

    granted = import_module("articles.migrations.0003_workflow").ROLE_PERMISSIONS
    for role, codenames in granted.items():
        group, _ = Group.objects.get_or_create(name=roles.GROUP_NAMES[role])
        group.permissions.set(Permission.objects.filter(
            content_type__app_label="articles", codename__in=codenames))


def log_in(open_page, live_server, username):
    page = open_page(DESKTOP)
    page.goto(f"{live_server.url}/admin/login/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw")
    page.click("#login-form [type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    return page


def expect(locator):
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def test_two_editors_on_one_story_see_each_other_and_the_later_save_loses_nothing(
    role_groups, live_server, open_page, settings
):
    settings.NEWSROOM_PRESENCE_POLL_SECONDS = 1  # the desk's 20 s, shortened for the test
    reporter = make_user("reporter", roles.REPORTER)
    first = make_user("editor", roles.EDITOR)
    second = make_user("editor2", roles.EDITOR)
    first.first_name, second.first_name = "王初审", "李复审"
    first.save()
    second.save()
    article = Article.objects.create(headline="职工书屋开进社区", created_by=reporter,
                                     body="今天上午，职工书屋开进社区。\n第二段。")
    dress(article, author=reporter)
    article.submit(reporter)
    url = f"{live_server.url}/admin/articles/article/{article.pk}/change/"

    wang = log_in(open_page, live_server, "editor")
    wang.goto(url)
    li = log_in(open_page, live_server, "editor2")
    li.goto(url)
    notice = "#presence"
    li.wait_for_selector(f"{notice}:not([hidden])")
    assert "王初审（正在编辑）" in li.inner_text(notice)
    expect(wang.locator(notice)).to_contain_text("李复审", timeout=10_000)
    assert "此稿件另有人正在打开：李复审（正在编辑）" in wang.inner_text(notice)
    wang.screenshot(path=screenshot_path("presence", "01-first-editor-sees-second.png"),
                    full_page=False)

    # Both edit; the first saves, the second's save (from the older form) is refused.
    wang.fill("#id_body", "今天上午，书屋开进社区。\n第二段。")
    li.fill("#id_body", "我的修改：昨天上午。\n第二段。")
    with wang.expect_navigation():
        wang.click("input[name=_continue]")
    with li.expect_navigation():
        li.click("input[name=_continue]")
    assert "其他人（王初审）" in li.inner_text(".errorlist.nonfield")
    assert li.input_value("#id_body").startswith("我的修改：昨天上午。")  # kept to copy
    li.screenshot(path=screenshot_path("presence", "02-stale-save-refused-text-kept.png"),
                  full_page=False)
    assert Article.objects.get(pk=article.pk).body.startswith("今天上午，书屋开进社区。")

    # One leaves: the other's notice goes away at the next heartbeat.
    li.goto(f"{live_server.url}/admin/")
    expect(wang.locator(notice)).to_be_hidden(timeout=10_000)
    assert wang.console_errors == [] and li.console_errors == []
