"""The 校对 panel in a real browser: findings highlighted in context, a one-click fix, 忽略
with a reason, a sensitive term acknowledged by the chief, and a 一校 round recorded.

Screenshots go to artifacts/screenshots/proofreading/ (and to SHOTS_DIR if set).
"""

import os
import shutil
from importlib import import_module
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission

from articles.models import Article, ProofreadingRound, SensitiveTerm, WordListEntry
from articles.proofreading import shipped
from articles.workflow import roles
from tests.browser.tools import DESKTOP, screenshot_path
from tests.workflow_fixtures import make_user, story_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BODY = (
    "本报讯（记者 白盈）1月16日，区总工会慰问组来到城南热力公司，看望坚守岗位的一线职工。\n"
    "慰问组为职工送上了米、面、油等慰问品,大家纷纷表示感谢。\n"
    "座谈会上，职工代表发言，，大家批驳了网上的台独言论。\n"
    "工会主席表示，希望大家再接再励，在新的一年里再创佳绩。"
)


def proofreading_migration():
    """Migration *_d (its number moves as branches are merged ahead of it)."""
    (path,) = Path(import_module("articles.migrations").__file__).parent.glob("[0-9]*_d.py")
    return import_module(f"articles.migrations.{path.stem}")


@pytest.fixture
def desk_with_proofreading(transactional_db):
    """Groups and lists as migrations 0003 and *_d make them (a live-server test flushes)."""
    granted = {
        role: list(codenames)
        for role, codenames in import_module("articles.migrations.0003_workflow")
        .ROLE_PERMISSIONS.items()
    }
    for role, codenames in proofreading_migration().ROLE_PERMISSIONS.items():
        granted.setdefault(role, []).extend(codenames)
    for role, codenames in granted.items():
        group, _ = Group.objects.get_or_create(name=roles.GROUP_NAMES[role])
        group.permissions.set(Permission.objects.filter(
            content_type__app_label="articles", codename__in=codenames))
    WordListEntry.objects.bulk_create(
        [WordListEntry(kind="wrong_form", found=w, suggestion=r, shipped=True)
         for w, r in shipped.WRONG_FORMS], ignore_conflicts=True)
    SensitiveTerm.objects.bulk_create(
        [SensitiveTerm(term=t) for t in shipped.SENSITIVE_TERMS], ignore_conflicts=True)
    return {
        "reporter": make_user("reporter", roles.REPORTER),
        "editor": make_user("editor", roles.EDITOR),
        "editor2": make_user("editor2", roles.EDITOR),
        "editor3": make_user("editor3", roles.EDITOR),
        "chief": make_user("chief", roles.CHIEF_EDITOR),
        "chief2": make_user("chief2", roles.CHIEF_EDITOR),
        "proofreader": make_user("proofreader", roles.PROOFREADER),
    }


def shot(page, name):
    path = screenshot_path("proofreading", f"{name}.png")
    page.screenshot(path=path, full_page=True)
    if os.environ.get("SHOTS_DIR"):
        os.makedirs(os.environ["SHOTS_DIR"], exist_ok=True)
        shutil.copy(path, os.path.join(os.environ["SHOTS_DIR"], f"{name}.png"))


def log_in(open_page, live_server, username):
    page = open_page(DESKTOP)
    page.goto(f"{live_server.url}/admin/login/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw")
    page.click("#login-form [type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    return page


def test_the_proofreading_panel(desk_with_proofreading, live_server, open_page):
    people = desk_with_proofreading
    article = story_in("in_review_1", people)
    Article.objects.filter(pk=article.pk).update(body=BODY)
    change = f"{live_server.url}/admin/articles/article/{article.pk}/change/"

    # The proofreader reads the findings and records 一校.
    page = log_in(open_page, live_server, "proofreader")
    page.goto(change)
    panel = page.locator("#proofreading")
    assert panel.is_visible()
    marks = panel.locator("mark").all_inner_texts()
    assert {"，，", ",", "再接再励", "台独"} <= set(marks), marks
    shot(page, "01-panel-proofreader")
    page.select_option("#round-number", "1")
    page.fill("#round-text_errors", "1")
    page.fill("#round-punctuation_errors", "2")
    page.fill("#round-note", "署名与正文人名待核")
    with page.expect_navigation():
        page.click("#round-submit")
    assert "一校" in page.locator("#proofreading-rounds").inner_text()
    assert ProofreadingRound.objects.get(article=article).punctuation_errors == 2

    # The editor fixes the doubled comma in one click and ignores the half-width comma.
    page = log_in(open_page, live_server, "editor")
    page.goto(change)
    row = page.locator("tr.finding", has=page.locator("mark", has_text="，，"))
    with page.expect_navigation():
        row.locator("button.fix").click()
    assert "，，" not in Article.objects.get(pk=article.pk).body
    row = page.locator("tr.finding", has=page.locator("mark", has_text=","))
    row.locator("input[name=reason]").fill("英文引语，照录")
    with page.expect_navigation():
        row.locator("button.ignore").click()
    assert page.locator(".messagelist .success").count() == 1
    shot(page, "02-panel-editor-after-fix-and-ignore")

    # The chief cannot sign 终审 while 台独 is unacknowledged; acknowledging lets it through.
    fresh = Article.objects.get(pk=article.pk)
    fresh.approve(people["editor2"], "同意")
    fresh.approve(people["editor3"], "同意")
    page = log_in(open_page, live_server, "chief")
    page.goto(change)
    # 终审 is not offered while 台独 waits for the signer: the panel says why.
    assert page.locator("#workflow-approve-button").count() == 0
    assert "台独" in page.locator("#sensitive-1").inner_text()
    shot(page, "03-final-review-waits-for-acknowledgement")
    page.fill("#acknowledge-reason-1", "批驳错误言论，用语准确")
    with page.expect_navigation():
        page.click("#acknowledge-1")
    page.fill("#workflow-approve-comment", "同意刊发")
    with page.expect_navigation():
        page.click("#workflow-approve-button")
    assert Article.objects.get(pk=article.pk).status == "approved"
    assert "批驳错误言论" in page.locator("#acknowledged").inner_text()
    shot(page, "04-acknowledged-and-approved")
