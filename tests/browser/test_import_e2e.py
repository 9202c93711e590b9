"""导入版面 in a real browser: an editor uploads two pages, checks the preview, confirms,
and finds the stories on the desk's list; a bad file is refused with the command's message.

Screenshots of every step go to artifacts/screenshots/import/.
"""

import datetime

import pytest

from articles.models import Article, Section
from articles.workflow import roles
from tests.browser.test_workflow_e2e import log_in, role_groups  # noqa: F401 - a fixture
from tests.browser.tools import screenshot_path
from tests.test_import_command import PAGE
from tests.workflow_fixtures import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OTHER_PAGE = (PAGE.replace("践行劳模精神", "弘扬工匠精神").replace("秦朗", "马骁")
              .replace("丁雪松", "沈一帆").replace("环卫工人送去", "环卫工人送上")
              .replace("暖心角", "爱心驿站").replace("冬日送暖", "雪中送炭"))


def shot(page, name):
    page.screenshot(path=screenshot_path("import", f"{name}.png"), full_page=True)


@pytest.fixture
def pages(tmp_path, settings):
    settings.NEWSROOM_IMPORT_STAGING = str(tmp_path / "staging")
    first = tmp_path / "2024-12-29_03.txt"
    first.write_text(PAGE, encoding="utf-8")
    second = tmp_path / "2024-12-29_04版.txt"
    second.write_bytes(OTHER_PAGE.encode("gb18030"))   # another encoding, same result
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10)
    return first, second, binary


def test_an_editor_imports_two_pages_from_the_admin(
    role_groups, live_server, open_page, pages  # noqa: F811
):
    Section.objects.create(name="工会新闻", slug="union-news", position=1)
    make_user("editor", roles.EDITOR)
    # A desk that can sign every review level without the editor who will claim a story.
    for name, role in [("editor2", roles.EDITOR), ("editor3", roles.EDITOR),
                       ("chief", roles.CHIEF_EDITOR)]:
        make_user(name, role)
    first, second, binary = pages

    editor = log_in(open_page, live_server, "editor")
    editor.goto(f"{live_server.url}/admin/articles/article/")
    with editor.expect_navigation():
        editor.click("#import-pages-link")
    shot(editor, "01-import-form")

    # A binary file among good ones: refused with the command's sentence, nothing saved.
    editor.set_input_files("#id_files", [str(first), str(binary)])
    with editor.expect_navigation():
        editor.click("#import-preview-button")
    error = editor.inner_text(".field-files .errorlist")
    assert "photo.txt：文件像是二进制文件（含有 NUL 字节）" in error, error
    shot(editor, "02-bad-file-refused")
    assert not Article.objects.exists()

    editor.set_input_files("#id_files", [str(first), str(second)])
    editor.fill("#id_page_name", "要闻")
    editor.select_option("#id_section", label="工会新闻")
    with editor.expect_navigation():
        editor.click("#import-preview-button")
    assert "/import/" in editor.url
    summary = editor.inner_text("#import-summary")
    assert "找到 6 篇稿件" in summary and "工会新闻" in summary
    first_story = editor.inner_text("#import-story-1-1")
    for text in ["区总工会为环卫工人送去冬季慰问品", "记者：秦朗", "通讯员：罗明远",
                 "北京市东城区总工会", "新建", "2 段"]:
        assert text in first_story, (text, first_story)
    assert "雪中送炭" in editor.inner_text("#import-page-2")
    assert "2024年12月29日" in editor.inner_text("#import-page-2")
    shot(editor, "03-preview")
    assert not Article.objects.exists()  # the preview wrote nothing

    with editor.expect_navigation():
        editor.click("#import-confirm-button")
    assert "/admin/articles/article/?id__in=" in editor.url
    assert "新建 6 篇" in editor.inner_text(".messagelist")
    listed = editor.inner_text("#result_list")
    for headline in ["区总工会为环卫工人送去冬季慰问品", "爱心驿站", "雪中送炭"]:
        assert headline in listed
    shot(editor, "04-imported-on-the-desk")

    stories = Article.objects.order_by("source_file", "source_position")
    assert stories.count() == 6
    assert {(s.status, s.created_by_id, s.edition_date, s.page, s.page_name, s.section.slug)
            for s in stories} == {
        ("draft", None, datetime.date(2024, 12, 29), 3, "要闻", "union-news"),
        ("draft", None, datetime.date(2024, 12, 29), 4, "要闻", "union-news"),
    }

    # They wait on the desk, to be claimed (认领): they belong to no one yet.
    editor.goto(f"{live_server.url}/admin/")
    waiting = editor.inner_text("#desk-claim")
    for headline in ["区总工会为环卫工人送去冬季慰问品", "雪中送炭"]:
        assert headline in waiting, waiting
    shot(editor, "05-waiting-on-the-desk")

    # The editor claims one: the tags carry the phrases they were found from.
    story = stories.first()
    editor.goto(f"{live_server.url}/admin/articles/article/{story.pk}/change/")
    with editor.expect_navigation():
        editor.click("#workflow-claim-button")
    story.refresh_from_db()
    assert story.desk_editor.username == "editor" and story.created_by is None
    assert "文中出处" in editor.inner_text("#content-main")
    phrases = editor.locator("td.field-found_from").all_inner_texts()
    # Found by its form, vocabulary or not; the cell lists every phrase (区总工会 too).
    assert any("北京市东城区总工会" in cell.split("、") for cell in phrases), phrases
    assert editor.input_value("#id_page_name") == "要闻"
    shot(editor, "06-claimed-story-with-tags")
    assert editor.console_errors == []
