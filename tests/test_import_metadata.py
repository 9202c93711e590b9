"""Which edition a page belongs to: from the options, the file name or the page's masthead."""

import datetime
import json
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command

from articles.importer.metadata import (
    FILE_NAME,
    OPTION,
    PAGE_TEXT,
    ImportRefused,
    PageMeta,
    from_file_name,
    from_masthead,
    parse_edition_date,
    parse_page_number,
    settle,
)
from articles.models import Article
from tests.test_import_command import PAGE, ROOT

D = datetime.date


@pytest.mark.parametrize("name, expected", [
    ("2023-01-17_03.txt", PageMeta(D(2023, 1, 17), 3)),
    ("20230117-03.txt", PageMeta(D(2023, 1, 17), 3)),
    ("2023.01.17-12.TXT", PageMeta(D(2023, 1, 17), 12)),
    ("劳动午报_03版.txt", PageMeta(None, 3)),
    ("2023-01-17_第5版.txt", PageMeta(D(2023, 1, 17), 5)),
    ("2023-01-17_03版_要闻.txt", PageMeta(D(2023, 1, 17), 3, "要闻")),
    ("2023年1月17日第5版.txt", PageMeta(D(2023, 1, 17), 5)),
    ("2024-12-29_page3.txt", PageMeta(D(2024, 12, 29), 3)),
    ("2023-01-17.txt", PageMeta(D(2023, 1, 17))),
    ("000_952a57c04f8e73d8.txt", PageMeta()),     # a hash is no date, 000 no page
    ("20231317-03.txt", PageMeta()),               # no 13th month
    ("2023-01-17_000.txt", PageMeta(D(2023, 1, 17))),
    ("shop07.txt", PageMeta()),
    ("other.txt", PageMeta()),
])
def test_file_names(name, expected):
    assert from_file_name(name) == expected


@pytest.mark.parametrize("text, expected", [
    ("2023年1月17日 星期二 第3版 要闻 责任编辑：唐晓雪\n标题\n正文。",
     PageMeta(D(2023, 1, 17), 3, "要闻")),
    ("标题\n正文。\n劳动午报 2024年3月5日 农历正月廿五", PageMeta(D(2024, 3, 5))),
    ("2023年1月17日 第3版 责任编辑：唐晓雪\n标题", PageMeta(D(2023, 1, 17), 3)),
    # A story's sentence with a full date is no masthead.
    ("标题\n本报讯 2023年1月16日，职工书屋开进社区。", PageMeta()),
    ("标题\n" + "正文。\n" * 10 + "2023年1月17日 星期二\n" + "正文。\n" * 10, PageMeta()),
])
def test_mastheads(text, expected):
    assert from_masthead(text) == expected


def test_each_field_comes_from_the_first_source_that_has_it():
    found = settle(PageMeta(None, 5, ""), "2023-01-17_03.txt",
                   "2023年1月18日 星期三 第4版 要闻\n标题\n正文。")
    assert found.meta == PageMeta(D(2023, 1, 17), 5, "要闻")
    assert found.origins == {"edition_date": FILE_NAME, "page": OPTION, "page_name": PAGE_TEXT}
    assert settle(PageMeta(), "x.txt", "标题").origins == dict.fromkeys(PageMeta._fields)


@pytest.mark.parametrize("value", ["2023-13-45", "17.01.2023", "tomorrow", "1899-12-31",
                                   "2999-01-01"])
def test_bad_edition_dates(value):
    with pytest.raises(ImportRefused) as refused:
        parse_edition_date(value)
    assert "出版日期" in str(refused.value)


@pytest.mark.parametrize("value, expected", [("3", 3), ("03", 3), ("第3版", 3), ("３", 3),
                                             ("", None), (None, None)])
def test_page_numbers(value, expected):
    assert parse_page_number(value) == expected


@pytest.mark.parametrize("value", ["0", "1000", "A3", "-1", "3.5"])
def test_bad_page_numbers(value):
    with pytest.raises(ImportRefused, match="版次"):
        parse_page_number(value)


@pytest.mark.django_db
def test_the_command_stores_page_number_and_name(tmp_path):
    page = tmp_path / "2024-12-29_03版.txt"
    page.write_text(PAGE, encoding="utf-8")
    call_command("import_seed", str(page), "--page-name", "要闻", stdout=StringIO())
    assert set(Article.objects.values_list("edition_date", "page", "page_name")) == {
        (D(2024, 12, 29), 3, "要闻")}


@pytest.mark.django_db
def test_the_dry_run_json_carries_the_edition(tmp_path):
    page = tmp_path / "20241229-03.txt"
    page.write_text(PAGE, encoding="utf-8")
    out = StringIO()
    call_command("import_seed", str(page), "--dry-run", "--json", "--page-name", "要闻",
                 stdout=out)
    document = json.loads(out.getvalue())
    assert (document["edition_date"], document["page"], document["page_name"]) == (
        "2024-12-29", 3, "要闻")


@pytest.mark.parametrize("option, value, words", [
    ("--edition-date", "2023-02-30", "出版日期须为 2023-01-17 这样的日期"),
    ("--page", "x", "版次须为 1 至 999 的整数"),
])
def test_a_bad_option_gets_one_line_not_a_traceback(tmp_path, option, value, words):
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "manage.py", "import_seed", str(page), option, value, "--dry-run"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={"DJANGO_SETTINGS_MODULE": "newsroom.test_settings", "PATH": "/usr/bin:/bin",
             "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"},
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("CommandError: ") and words in lines[0], lines


def test_make_run_imports_the_seed_with_an_edition_date():
    makefile = (ROOT / "Makefile").read_text()
    run = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "import_seed --edition-date 2023-01-17" in run


def test_a_story_field_too_long_for_its_column_is_refused_by_name():
    from articles.importer import batch
    from articles.importer.parser import Page, Story

    story = Story(position=2, headline="长" * 201, kicker=None, subheadline=None, kind="story",
                  reporters=(), correspondents=(), photographers=(), editors=(), dateline=None,
                  paragraphs=("正文。",))
    with pytest.raises(ImportRefused) as refused:
        batch.check_fits(batch.Upload("p.txt", b""), Page("p.txt", None, (story,)))
    assert str(refused.value) == (
        "p.txt：第 2 篇稿件的标题有 201 个字，超过上限 200 个字（“" + "长" * 20 + "…”）。")
