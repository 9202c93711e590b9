"""``manage.py import_seed`` as the newsroom runs it."""

import json
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, Byline, Person, Section, UnionBody

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_952a57c04f8e73d8.txt"
ACCEPTANCE = Path(__file__).parent / "acceptance"

# An invented page in the paper's layout: banner, two stories, a photo credit, a photo item.
PAGE = """践行劳模精神 建设和谐企业

区总工会为环卫工人送去冬季慰问品

本报讯（记者 秦朗 通讯员 罗明远）12月28日，北京市东城区总工会来到环卫所，为环卫工人送去棉衣和手套。

区总工会负责人表示，将继续关心户外劳动者。

本报记者 秦朗 摄

快递驿站里的暖心角

本报讯(记者 丁雪松)近日，一家快递企业工会在站点设立暖心角，方便快递员休息。

暖心角配备了饮水机和微波炉。

冬日送暖

近日，职工志愿者为社区老人送去过冬物资。本报记者 秦朗 摄影报道
"""


def run(*args) -> str:
    out = StringIO()
    call_command("import_seed", *map(str, args), stdout=out)
    return out.getvalue()


def snapshot():
    return (
        list(Article.objects.order_by("id").values()),
        list(Byline.objects.order_by("id").values()),
        list(Person.objects.order_by("id").values()),
        list(UnionBody.objects.order_by("id").values("name", "reviewed")),
    )


@pytest.fixture
def page(tmp_path):
    path = tmp_path / "2024-12-29_page3.txt"
    path.write_text(PAGE, encoding="utf-8")
    return path


@pytest.mark.django_db
class TestImport:
    def test_stories_become_drafts_with_bylines_tags_and_provenance(self, page):
        output = run(page)
        assert "2024-12-29_page3.txt" in output
        stories = list(Article.objects.order_by("source_position"))
        assert [a.headline for a in stories] == [
            "区总工会为环卫工人送去冬季慰问品", "快递驿站里的暖心角", "冬日送暖",
        ]
        first = stories[0]
        assert first.status == Article.Status.DRAFT
        assert (first.source_file, first.source_position) == ("2024-12-29_page3.txt", 1)
        assert first.dateline == "12月28日"
        assert str(first.edition_date) == "2024-12-29"  # taken from the file name
        assert str(first.event_date) == "2024-12-28"
        assert first.paragraphs[0].startswith("12月28日，北京市东城区总工会")
        assert [(b.person.name, b.role) for b in first.bylines.all()] == [
            ("秦朗", "reporter"), ("罗明远", "correspondent"), ("秦朗", "photographer"),
        ]
        assert Person.objects.get(name="罗明远").affiliation == "correspondent"
        assert "北京市东城区总工会" in set(first.union_bodies.names())
        assert "环卫工人" in set(first.beneficiary_groups.names())
        assert stories[2].kind == Article.Kind.PHOTO

    def test_reimport_creates_and_changes_nothing(self, page):
        run(page)
        before = snapshot()
        output = run(page)
        assert snapshot() == before
        assert counts(output) == {"发现": 3, "新建": 0, "更新": 0, "未变": 3, "跳过": 0}

    def test_a_story_edited_since_import_is_never_overwritten(self, page):
        run(page)
        story = Article.objects.get(source_position=2)
        story.body = "编辑改写后的正文。"
        story.version += 1
        story.save()
        page.write_text(PAGE.replace("方便快递员休息", "方便快递员歇脚"), encoding="utf-8")
        output = run(page)
        story.refresh_from_db()
        assert story.body == "编辑改写后的正文。"
        assert "跳过第 2 篇" in output and "编辑部修改" in output

    def test_an_untouched_import_takes_a_corrected_dump(self, page):
        run(page)
        page.write_text(PAGE.replace("方便快递员休息", "方便快递员歇脚"), encoding="utf-8")
        output = run(page)
        assert "歇脚" in Article.objects.get(source_position=2).body
        assert counts(output) == {"发现": 3, "新建": 0, "更新": 1, "未变": 2, "跳过": 0}

    def test_section_and_edition_date_options(self, page):
        Section.objects.create(name="工会新闻", slug="union-news")
        run(page, "--section", "union-news", "--edition-date", "2025-01-03")
        article = Article.objects.get(source_position=1)
        assert article.section.slug == "union-news"
        assert str(article.edition_date) == "2025-01-03"
        assert str(article.event_date) == "2024-12-28"

    def test_dry_run_writes_nothing(self, page):
        output = run(page, "--dry-run", "--json")
        document = json.loads(output)
        assert document["banner"] == "践行劳模精神 建设和谐企业"
        assert len(document["stories"]) == 3
        assert set(document["stories"][0]) == {
            "headline", "kicker", "subheadline", "kind", "reporters", "correspondents",
            "photographers", "editors", "dateline", "paragraphs", "interns", "staff",
            "union_bodies", "beneficiary_groups", "mentions",
        }
        assert not Article.objects.exists()
        assert not Person.objects.exists()

    def test_several_files_print_one_object_each(self, page, tmp_path):
        other = tmp_path / "other.txt"
        other.write_text(PAGE.replace("践行劳模精神", "弘扬工匠精神"), encoding="utf-8")
        document = json.loads(run(page, other, "--dry-run", "--json"))
        assert [f["source"] for f in document["files"]] == ["2024-12-29_page3.txt", "other.txt"]

    def test_a_folder_imports_every_page_in_it(self, page, tmp_path):
        (tmp_path / "notes.md").write_text("not a page")
        run(tmp_path)
        assert Article.objects.count() == 3

    def test_the_same_page_under_another_name_is_not_imported_twice(self, page, tmp_path):
        run(page)
        copy = tmp_path / "copy.txt"
        copy.write_bytes(page.read_bytes())
        output = run(copy)
        assert Article.objects.count() == 3
        assert output.count("已从 2024-12-29_page3.txt 导入") == 3


BAD_INPUTS = {
    "missing path": (lambda d: d / "nowhere.txt", "没有这个文件或文件夹"),
    "folder without pages": (lambda d: (d / "empty").mkdir() or d / "empty", "没有 .txt"),
    "empty file": (lambda d: write(d, b""), "文件是空的"),
    "whitespace only": (lambda d: write(d, b" \n\r\n\t  \n"), "只有空白字符"),
    "binary": (lambda d: write(d, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10), "二进制"),
    "undecodable": (
        lambda d: write(d, b"\xff\xfe\xfd" * 5 + "文字".encode() + b"\x81"), "无法解码"
    ),
    "too large": (lambda d: write(d, ("标题\n\n" + "正文。" * 2_000_000).encode()), "MB"),
    "no story": (lambda d: write(d, "只有一行标语".encode()), "没有找到稿件"),
}


def counts(output: str) -> dict[str, int]:
    """The page's line of the report: 发现 3 篇，新建 0 篇 … as {"发现": 3, "新建": 0, …}."""
    line = output.splitlines()[0].split("：", 1)[1]
    return {word: int(n) for word, n in re.findall(r"(\w\w) (\d+) 篇", line)}


def write(folder: Path, data: bytes) -> Path:
    path = folder / "bad.txt"
    path.write_bytes(data)
    return path


@pytest.mark.django_db
@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_input_gets_a_clear_message_and_changes_nothing(case, tmp_path, page):
    run(page)
    before = snapshot()
    make, words = BAD_INPUTS[case]
    bad = make(tmp_path)
    with pytest.raises(CommandError) as refused:
        run(page, bad)  # a good page in the same run is not imported either
    message = str(refused.value)
    assert words.lower() in message.lower()
    assert "\n" not in message
    assert snapshot() == before


@pytest.mark.django_db
def test_a_failing_story_rolls_back_the_whole_run(page, tmp_path, monkeypatch):
    from articles.importer import loader

    calls = []

    def explode(self, article, story):
        calls.append(story.position)
        if len(calls) == 4:
            raise RuntimeError("disk full")
        return original(self, article, story)

    original = loader.Loader.attach
    monkeypatch.setattr(loader.Loader, "attach", explode)
    other = tmp_path / "other.txt"
    other.write_text(PAGE.replace("践行劳模精神", "弘扬工匠精神").replace("秦朗", "马骁"))
    with pytest.raises(RuntimeError):
        run(page, other)
    assert not Article.objects.exists()


def test_the_command_line_reports_errors_in_one_line(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "import_seed", str(tmp_path / "missing.txt")],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={"DJANGO_SETTINGS_MODULE": "newsroom.test_settings", "PATH": "/usr/bin:/bin",
             "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"},
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"CommandError: {tmp_path / 'missing.txt'}：没有这个文件或文件夹。"
    ]


@pytest.mark.django_db
def test_seed_passes_the_shared_acceptance_check(tmp_path):
    actual = tmp_path / "actual.json"
    actual.write_text(run(SEED, "--dry-run", "--json"), encoding="utf-8")
    checker = subprocess.run(
        [sys.executable, str(ACCEPTANCE / "check_import.py"),
         str(ACCEPTANCE / "seed_expected.json"), str(actual)],
        capture_output=True, text=True, timeout=60,
    )
    assert checker.returncode == 0, checker.stdout
    assert checker.stdout.strip().splitlines()[-1].endswith("PASS")


def test_the_copied_expectation_matches_the_shared_one():
    shared = ROOT.parent / "shared" / "acceptance" / "seed_expected.json"
    if not shared.exists():
        pytest.skip("no ../shared beside this checkout (only CI and the developers have it)")
    assert json.loads(shared.read_text()) == json.loads(
        (ACCEPTANCE / "seed_expected.json").read_text()
    )


@pytest.mark.django_db
def test_imported_stories_are_indexed_for_search_once_the_run_ends(page):
    from articles.site.search import SearchDocument

    run(page)
    documents = SearchDocument.objects.order_by("article__source_position")
    assert documents.count() == 3
    assert "环卫工人" in documents[0].headline
    assert "秦朗" in documents[0].text  # byline names are searchable too


def test_a_dry_run_needs_no_configuration_nor_migrated_database(tmp_path):
    """As the acceptance hook runs it: no DEBUG, no SECRET_KEY, a database never migrated."""
    result = subprocess.run(
        [sys.executable, "manage.py", "import_seed", "--dry-run", "--json", str(SEED)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={"PATH": "/usr/bin:/bin", "DATABASE_URL": f"sqlite:///{tmp_path / 'new.sqlite3'}"},
    )
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["stories"]) == 6
    imported = subprocess.run(
        [sys.executable, "manage.py", "import_seed", str(SEED)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={"PATH": "/usr/bin:/bin", "DATABASE_URL": f"sqlite:///{tmp_path / 'new.sqlite3'}"},
    )
    assert imported.returncode == 1
    assert "请先运行 `manage.py migrate`" in imported.stderr
