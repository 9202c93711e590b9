"""导入版面 in the admin, over HTTP: upload, preview, confirm, as each role, with bad files too."""

import datetime
from io import StringIO

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from articles.importer import staging
from articles.models import Article, Byline, Section
from tests.test_import_command import BAD_INPUTS, PAGE
from tests.test_import_command import snapshot as command_snapshot
from tests.workflow_fixtures import desk  # noqa: F401 - a fixture

FORM = "/admin/articles/article/import/"
CHANGELIST = "/admin/articles/article/"


@pytest.fixture(autouse=True)
def private_staging(settings, tmp_path):
    settings.NEWSROOM_IMPORT_STAGING = str(tmp_path / "staging")


def snapshot():
    from articles.models import BeneficiaryGroup

    return (*command_snapshot(), list(BeneficiaryGroup.objects.order_by("id").values()),
            LogEntry.objects.count())


def page_file(name="2024-12-29_03.txt", text=PAGE, data=None):
    return SimpleUploadedFile(name, text.encode() if data is None else data, "text/plain")


def upload(client, *files, **fields):
    return client.post(FORM, {"files": list(files) or [page_file()], **fields})


def logged_in(client, user):
    client.force_login(user)
    return client


def preview_url(response) -> str:
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response.url.startswith(FORM) and response.url != FORM, response.url
    return response.url


def form_errors(response) -> str:
    assert response.status_code == 200
    return " ".join(" ".join(e) for e in response.context["form"].errors.values())


# ---------------------------------------------------------------------------
# Who may import


ROLES = ["reporter", "photographer", "editor", "chief", "superuser"]
MAY_IMPORT = {"reporter": False, "photographer": False, "editor": True, "chief": True,
              "superuser": True}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_each_role_on_each_import_page(client, desk, role):  # noqa: F811
    """The table: role × (link, form, upload, preview, confirm, cancel)."""
    allowed = MAY_IMPORT[role]
    # A preview staged by an editor: others reach it only by guessing its address.
    editor = logged_in(client.__class__(), desk["editor"])
    staged = preview_url(upload(editor))
    logged_in(client, desk[role])
    before = snapshot()

    changelist = client.get(CHANGELIST)
    assert changelist.status_code == 200
    assert (b'id="import-pages-link"' in changelist.content) is allowed

    form = client.get(FORM)
    assert form.status_code == (200 if allowed else 403)
    assert ("无权访问" in form.content.decode()) is not allowed  # a Chinese 403 page
    uploaded = upload(client)
    assert uploaded.status_code == (302 if allowed else 403)
    assert snapshot() == before  # an upload writes nothing, whoever sends it

    own = uploaded.url if allowed else staged
    preview = client.get(own)
    assert preview.status_code == (200 if allowed else 403)
    assert snapshot() == before  # neither does the preview
    # Another user's staged import is no one else's to see or confirm.
    if role != "editor":
        stolen = client.post(staged, {"confirm": "1"})
        assert stolen.status_code == (302 if allowed else 403)
        assert snapshot() == before
    cancelled = client.post(own, {"cancel": "1"})
    assert cancelled.status_code == (302 if allowed else 403)
    assert snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize("address", [FORM, FORM + "x" * 32 + "/"])
def test_anonymous_visitors_are_sent_to_log_in(client, address):
    response = client.get(address)
    assert response.status_code == 302 and "/admin/login/" in response.url
    assert client.post(address, {"confirm": "1"}).status_code == 302
    assert not Article.objects.exists()


# ---------------------------------------------------------------------------
# Upload, preview, confirm


@pytest.mark.django_db
def test_the_preview_shows_each_story_and_writes_nothing(client, desk):  # noqa: F811
    section = Section.objects.create(name="工会新闻", slug="union-news")
    client = logged_in(client, desk["editor"])
    before = snapshot()
    url = preview_url(upload(client, page_name="要闻", section=section.pk))
    response = client.get(url)
    assert snapshot() == before
    html = response.content.decode()
    page = response.context["pages"][0]
    assert page["edition_date"] == datetime.date(2024, 12, 29)  # from the file name
    assert (page["page"], page["page_name"]) == (3, "要闻")
    assert page["origins"] == {"edition_date": "来自文件名", "page": "来自文件名",
                               "page_name": "按所选"}
    headlines = [s["headline"] for s in page["stories"]]
    assert headlines == ["区总工会为环卫工人送去冬季慰问品", "快递驿站里的暖心角", "冬日送暖"]
    first = page["stories"][0]
    assert first["bylines"] == [("记者", ["秦朗"]), ("通讯员", ["罗明远"]), ("摄影", ["秦朗"])]
    assert first["paragraphs"] == 2 and first["outcome"] == "新建"
    union_bodies = dict(first["tag_groups"])["工会组织"]
    assert "北京市东城区总工会" in [t["name"] for t in union_bodies]
    for text in ["区总工会为环卫工人送去冬季慰问品", "罗明远", "北京市东城区总工会", "2 段",
                 "2024年12月29日", "要闻", "工会新闻", "导入全部稿件为草稿"]:
        assert text in html, text
    # Parsed text is shown escaped, never as markup.
    assert "<script" not in html.split("</head>", 1)[1].replace("<script src", "")


@pytest.mark.django_db
def test_the_preview_shows_the_phrases_each_tag_was_found_from(client, desk):  # noqa: F811
    colloquial = PAGE.replace("方便快递员休息", "方便快递小哥休息")
    client = logged_in(client, desk["editor"])
    response = client.get(preview_url(upload(client, page_file(text=colloquial))))
    second = response.context["pages"][0]["stories"][1]
    groups = dict(second["tag_groups"])["服务对象"]
    assert [(t["name"], t["mentions"]) for t in groups] == [("快递员", ["快递小哥"])]
    assert "快递员 <span class=\"import-mentions\">← 快递小哥</span>" in response.content.decode()
    # Confirmed, the story keeps them (Article.tag_mentions), and its form shows them.
    client.post(response.wsgi_request.path, {"confirm": "1"})
    story = Article.objects.get(headline="快递驿站里的暖心角")
    assert story.tag_mentions["快递员"] == ["快递小哥"]


@pytest.mark.django_db
def test_the_preview_shows_staff_lines_as_credits_with_their_labels(client, desk):  # noqa: F811
    signed = PAGE.replace("暖心角配备了饮水机和微波炉。\n",
                          "暖心角配备了饮水机和微波炉。\n\n编辑：唐晓雪 审核：邹文博\n")
    client = logged_in(client, desk["editor"])
    stories = client.get(preview_url(upload(client, page_file(text=signed)))).context[
        "pages"][0]["stories"]
    assert [s["credits"] for s in stories] == [[], ["编辑：唐晓雪", "审核：邹文博"], []]
    assert stories[1]["bylines"] == [("记者", ["丁雪松"])]  # a staff line is no byline


@pytest.mark.django_db
def test_confirm_imports_every_story_as_a_draft_of_the_desk(client, desk):  # noqa: F811
    section = Section.objects.create(name="工会新闻", slug="union-news")
    client = logged_in(client, desk["chief"])
    url = preview_url(upload(client, page_file("page.txt"), edition_date="2025-01-03",
                             page="5", page_name="要闻", section=section.pk))
    response = client.post(url, {"confirm": "1"})
    stories = list(Article.objects.order_by("source_position"))
    assert len(stories) == 3
    assert response.status_code == 302
    assert response.url.startswith(CHANGELIST + "?id__in=")
    for story in stories:
        assert story.status == Article.Status.DRAFT
        assert story.created_by is None and story.desk_editor is None  # the desk's
        assert (story.edition_date, story.page, story.page_name) == (
            datetime.date(2025, 1, 3), 5, "要闻")
        assert story.section == section and story.source_file == "page.txt"
    entries = LogEntry.objects.filter(action_flag=ADDITION).order_by("object_id")
    assert [(e.user, int(e.object_id)) for e in entries] == [
        (desk["chief"], s.pk) for s in stories]
    assert "page.txt" in entries[0].get_change_message()
    listing = client.get(response.url)
    assert all(s.headline in listing.content.decode() for s in stories)
    messages = [str(m) for m in listing.context["messages"]]
    assert any("新建 3 篇" in m for m in messages), messages
    # The staged files are gone, and the same confirmation cannot run twice.
    assert client.post(url, {"confirm": "1"}).url == FORM
    assert Article.objects.count() == 3


@pytest.mark.django_db
def test_the_preview_warns_of_what_an_editor_must_fix(client, desk):  # noqa: F811
    unsigned = PAGE.replace("本报讯(记者 丁雪松)", "")
    client = logged_in(client, desk["editor"])
    page = client.get(preview_url(upload(client, page_file("page.txt", unsigned)))).context[
        "pages"][0]
    assert page["edition_date"] is None
    assert page["warnings"] == ["没有出版日期：设定之前，这些稿件不会出现在往期报纸中。"]
    second = page["stories"][1]
    assert second["headline"] == "快递驿站里的暖心角"
    assert "没有找到署名：请核实作者。" in second["warnings"]


@pytest.mark.django_db
def test_several_files_in_one_import(client, desk):  # noqa: F811
    client = logged_in(client, desk["editor"])
    other = PAGE.replace("践行劳模精神", "弘扬工匠精神").replace("秦朗", "马骁").replace(
        "丁雪松", "沈一帆").replace("环卫工人送去", "环卫工人送上")
    url = preview_url(upload(client, page_file("2024-12-29_03.txt"),
                             page_file("2024-12-29_04版.txt", other)))
    pages = client.get(url).context["pages"]
    assert [(p["file"], p["page"]) for p in pages] == [
        ("2024-12-29_03.txt", 3), ("2024-12-29_04版.txt", 4)]
    client.post(url, {"confirm": "1"})
    assert sorted(Article.objects.values_list("page", flat=True)) == [3, 3, 3, 4, 4, 4]


@pytest.mark.django_db
def test_the_preview_tells_what_a_reimport_will_do(client, desk):  # noqa: F811
    client = logged_in(client, desk["editor"])
    client.post(preview_url(upload(client)), {"confirm": "1"})
    edited = Article.objects.get(source_position=2)
    edited.body = "编辑改写后的正文。"
    edited.save()
    changed = PAGE.replace("方便快递员休息", "方便快递员歇脚").replace("送去棉衣", "送上棉衣")
    before = snapshot()
    outcomes = [s["outcome"] for s in client.get(preview_url(
        upload(client, page_file(text=changed)))).context["pages"][0]["stories"]]
    assert outcomes == ["替换未经改动的导入稿", "跳过：导入后已在编辑部修改", "未变：已导入"]
    assert snapshot() == before


@pytest.mark.django_db
def test_only_one_confirmation_gets_a_staged_import(client, desk):  # noqa: F811
    client = logged_in(client, desk["editor"])
    token = preview_url(upload(client)).rstrip("/").rsplit("/", 1)[1]
    user = desk["editor"].pk
    assert staging.fetch(token, desk["chief"].pk) is None   # nobody else's
    first, second = staging.take(token, user), staging.take(token, user)
    assert first is not None and first.uploads[0].name == "2024-12-29_03.txt"
    assert second is None
    assert not any(staging.root().iterdir())


@pytest.mark.django_db
def test_confirm_takes_the_staged_choices_not_the_browsers(client, desk):  # noqa: F811
    client = logged_in(client, desk["editor"])
    url = preview_url(upload(client, page="3"))
    client.post(url, {"confirm": "1", "page": "9", "edition_date": "2020-01-01"})
    assert set(Article.objects.values_list("page", "edition_date")) == {
        (3, datetime.date(2024, 12, 29))}


@pytest.mark.django_db
def test_a_tampered_or_expired_staging_is_refused(client, desk, monkeypatch):  # noqa: F811
    client = logged_in(client, desk["editor"])
    url = preview_url(upload(client))
    token = url.rstrip("/").rsplit("/", 1)[1]
    (staging.root() / token / "0.page").write_bytes(PAGE.replace("秦朗", "假名").encode())
    response = client.post(url, {"confirm": "1"}, follow=True)
    assert "已过期" in " ".join(str(m) for m in response.context["messages"])
    url = preview_url(upload(client))
    monkeypatch.setattr(staging, "LIFETIME", -1)
    assert client.post(url, {"confirm": "1"}).url == FORM
    assert not Article.objects.exists()


# ---------------------------------------------------------------------------
# Bad input: the command's messages, nothing written


def command_message(tmp_path, *args) -> str:
    with pytest.raises(CommandError) as refused:
        call_command("import_seed", *map(str, args), stdout=StringIO())
    return str(refused.value)


FILE_CASES = [case for case in BAD_INPUTS if case not in {"missing path", "folder without pages"}]


@pytest.mark.django_db
@pytest.mark.parametrize("case", FILE_CASES)
def test_a_bad_file_gets_the_commands_message_and_changes_nothing(
    case, client, desk, tmp_path  # noqa: F811
):
    bad = BAD_INPUTS[case][0](tmp_path)
    expected = command_message(tmp_path, bad)
    client = logged_in(client, desk["editor"])
    client.post(preview_url(upload(client, page_file("2024-12-28_01.txt"))), {"confirm": "1"})
    before = snapshot()
    response = upload(client, page_file(), page_file(bad.name, data=bad.read_bytes()))
    assert form_errors(response) == expected.replace(str(bad), bad.name)
    assert snapshot() == before
    assert not any(staging.root().iterdir())  # nothing staged either


@pytest.mark.django_db
@pytest.mark.parametrize("field, option, value", [
    ("edition_date", "--edition-date", "2023-13-45"),
    ("edition_date", "--edition-date", "17.01.2023"),
    ("edition_date", "--edition-date", "2999-01-01"),
    ("page", "--page", "0"),
    ("page", "--page", "A3"),
    ("page_name", "--page-name", "很长的版名" * 9),
])
def test_a_bad_choice_gets_the_commands_message(
    client, desk, tmp_path, field, option, value  # noqa: F811
):
    good = tmp_path / "page.txt"
    good.write_text(PAGE, encoding="utf-8")
    expected = command_message(tmp_path, good, option, value)
    assert "\n" not in expected and "Traceback" not in expected
    client = logged_in(client, desk["editor"])
    response = upload(client, **{field: value})
    assert response.context["form"].errors[field] == [expected]
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_two_files_of_one_name_are_refused(client, desk):  # noqa: F811
    client = logged_in(client, desk["editor"])
    response = upload(client, page_file("a.txt"), page_file("a.txt"))
    assert "同名" in form_errors(response)


@pytest.mark.django_db
def test_no_file_at_all(client, desk):  # noqa: F811
    client = logged_in(client, desk["editor"])
    response = client.post(FORM, {"page": "3"})
    assert form_errors(response)
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_a_failure_during_confirm_leaves_the_database_as_it_was(client, desk, monkeypatch):  # noqa: F811
    from articles.importer import loader

    client = logged_in(client, desk["editor"])
    url = preview_url(upload(client))
    before = snapshot()
    calls = []

    def explode(self, article, story):
        calls.append(story.position)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return original(self, article, story)

    original = loader.Loader.attach
    monkeypatch.setattr(loader.Loader, "attach", explode)
    client.raise_request_exception = False
    response = client.post(url, {"confirm": "1"})
    assert response.status_code == 500
    assert snapshot() == before
    assert not Article.objects.exists() and not Byline.objects.exists()


@pytest.mark.django_db
def test_an_oversized_upload_is_refused_before_it_is_read(client, desk, monkeypatch):  # noqa: F811
    monkeypatch.setattr(staging, "MAX_TOTAL", 1024 * 1024)
    client = logged_in(client, desk["editor"])
    response = upload(client, page_file("big.txt", data=b"x" * (1024 * 1024 + 128 * 1024)))
    assert response.status_code == 413
    assert "文件合计超过 1 MB" in response.content.decode()
    assert not staging.root().exists() or not any(staging.root().iterdir())
    assert not Article.objects.exists()
