"""`manage.py backup` and `restore`: a whole newsroom round-trips, also across database kinds."""

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core import serializers
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import JSONField
from reversion.models import Version

from articles import backups
from articles.models import Article, Byline, Photo, WorkflowEvent
from articles.tags import BeneficiaryGroup, UnionBody
from tests.photo_fixtures import jpeg, upload
from tests.test_admin_articles import change_url, form_data
from tests.workflow_fixtures import desk, story_in  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage"}}
    return settings.MEDIA_ROOT


@pytest.fixture
def newsroom(desk, media, client, section, django_capture_on_commit_callbacks):  # noqa: F811
    """Stories in every state with bylines, tags, a photo with renditions, revisions, history."""
    stories = {state: story_in(state, desk, section=section)
               for state in ["draft", "returned", "published", "withdrawn"]}
    published = stories["published"]
    Byline.objects.create(article=published, person=desk["reporter"].person,
                          role=Byline.Role.REPORTER)
    published.union_bodies.add(UnionBody.objects.create(name="测试区总工会", aliases=["测试区总"]))
    published.union_bodies.add(UnionBody.objects.exclude(name="测试区总工会").first())
    published.beneficiary_groups.add(BeneficiaryGroup.objects.create(name="测试群体"))
    client.force_login(desk["chief"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(change_url(published), form_data(published, body="修改后的正文。\n第二段。"))
        response = client.post("/admin/articles/photo/add/", {
            "article": published.pk, "caption": "职工书屋", "alt_text": "居民在书屋读书",
            "photographer": desk["reporter"].person.pk, "position": 0,
            "image": upload(jpeg((1200, 800)), "书屋.jpg"),
        })
    assert response.status_code == 302
    published.correct(desk["chief2"], "更正：日期有误。")
    assert Version.objects.exists() and WorkflowEvent.objects.count() >= 6
    assert Photo.objects.get().renditions
    return stories


def snapshot() -> dict:
    """Every backed-up row (natural keys for content types and permissions), every media file."""
    from django.core.files.storage import default_storage

    rows = {
        model._meta.label_lower: serializers.serialize(
            "python", model._base_manager.order_by("pk"), use_natural_foreign_keys=True)
        for model in backups.backed_up_models()
    }
    files = {}
    for name in backups.storage_files():
        with default_storage.open(name, "rb") as handle:
            files[name] = hashlib.sha256(handle.read()).hexdigest()
    return {"rows": rows, "media": files}


def wipe(media_root):
    for model in reversed(backups.backed_up_models()):
        model._base_manager.all().delete()
    for path in sorted(Path(media_root).rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()


def test_round_trip_restores_everything(newsroom, media, tmp_path, capsys):
    before = snapshot()
    assert before["media"] and before["rows"]["reversion.version"]
    call_command("backup", str(tmp_path / "backup"))
    assert str(tmp_path / "backup") in capsys.readouterr().out
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert manifest["rows"]["articles.article"] == 4
    assert set(manifest["media"]) == set(before["media"])

    wipe(media)
    assert not Article.objects.exists() and not any(Path(media).rglob("*.jpg"))
    call_command("restore", str(tmp_path / "backup"))
    after = snapshot()
    assert after["media"] == before["media"]
    for label, rows in before["rows"].items():
        assert after["rows"][label] == rows, label
    # The readers' site works on the restored data, search index included.
    published = newsroom["published"]
    from django.test import Client

    reader = Client()
    assert reader.get(published.get_absolute_url()).status_code == 200
    page = reader.get("/search/", {"q": "修改后"}).content.decode()
    assert published.headline in page
    # Revisions still belong to their story (content types are matched by natural key).
    assert Version.objects.get_for_object(published).count() == 2


def test_backup_refuses_a_directory_in_use_and_leaves_no_half_backup(db, tmp_path):
    used = tmp_path / "used"
    used.mkdir()
    (used / "notes.txt").write_text("keep me")
    with pytest.raises(CommandError, match="used"):
        call_command("backup", str(used))
    assert [p.name for p in used.iterdir()] == ["notes.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["used"]


def test_restore_refuses_a_database_with_content(newsroom, tmp_path):
    call_command("backup", str(tmp_path / "backup"))
    before = Article.objects.count()
    with pytest.raises(CommandError, match="只能恢复到空数据库"):
        call_command("restore", str(tmp_path / "backup"))
    assert Article.objects.count() == before


def test_restore_refuses_something_that_is_not_a_backup(db, tmp_path):
    with pytest.raises(CommandError, match="manifest"):
        call_command("restore", str(tmp_path))


def test_restore_refuses_a_damaged_media_file_and_loads_nothing(newsroom, media, tmp_path):
    call_command("backup", str(tmp_path / "backup"))
    damaged = next((tmp_path / "backup" / "media").rglob("*.jpg"))
    damaged.write_bytes(b"not a photo")
    wipe(media)
    with pytest.raises(CommandError, match=r"媒体文件 .*\.jpg 在备份中已损坏"):
        call_command("restore", str(tmp_path / "backup"))


def other_kind_database(tmp_path) -> tuple[str, callable]:
    """A fresh, empty database of the other kind than the test database, and its cleanup."""
    if connection.vendor == "postgresql":
        return f"sqlite:///{tmp_path / 'restored.sqlite3'}", lambda: None
    name = "test_ops_restore"
    psql = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-v", "ON_ERROR_STOP=1", "-c"]
    ready = subprocess.run(["pg_isready", "-h", "127.0.0.1", "-p", "5432"], capture_output=True)
    if ready.returncode != 0:
        if os.environ.get("CI") == "true":
            pytest.fail("PostgreSQL is not reachable; CI must test SQLite → PostgreSQL.")
        pytest.skip("PostgreSQL is not reachable on 127.0.0.1:5432")
    subprocess.run([*psql, f"DROP DATABASE IF EXISTS {name}"], check=True, capture_output=True)
    subprocess.run([*psql, f"CREATE DATABASE {name}"], check=True, capture_output=True)
    return (f"postgres://postgres@127.0.0.1:5432/{name}",
            lambda: subprocess.run([*psql, f"DROP DATABASE IF EXISTS {name}"],
                                   capture_output=True))


def rows_of(xml: str) -> dict:
    """(model, pk) -> {field: value} from a dump; JSON fields compared as data, since
    PostgreSQL's jsonb keeps its own key order."""
    rows = {}
    for obj in ElementTree.fromstring(xml):  # noqa: S314 - a dump this test just made
        model = apps.get_model(obj.get("model"))
        fields = {}
        for field in obj.findall("field"):
            name = field.get("name")
            if field.get("rel") or len(field):
                fields[name] = ElementTree.tostring(field, encoding="unicode")
            elif isinstance(model._meta.get_field(name), JSONField) and field.text:
                fields[name] = json.loads(field.text)
            else:
                fields[name] = field.text
        rows[obj.get("model"), obj.get("pk")] = fields
    return rows


def test_restore_into_the_other_kind_of_database(newsroom, media, tmp_path):
    call_command("backup", str(tmp_path / "backup"))
    url, cleanup = other_kind_database(tmp_path)
    environ = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    environ.update(DEBUG="0", SECRET_KEY="restore-test-" + "k" * 40, DATABASE_URL=url,
                   MEDIA_ROOT=str(tmp_path / "restored-media"))
    environ.pop("REDIS_URL", None)

    def manage(*args):
        result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=environ,
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr
        return result.stdout

    try:
        manage("restore", str(tmp_path / "backup"))
        restored = rows_of(manage("dumpdata", "--natural-foreign", "--format=xml",
                                  *[f"--exclude={label}" for label in backups.EXCLUDED]))
    finally:
        cleanup()
    original = rows_of((tmp_path / "backup" / backups.DATA_FILE).read_text())
    assert restored == original
    assert {p.relative_to(tmp_path / "restored-media").as_posix(): p.read_bytes()
            for p in (tmp_path / "restored-media").rglob("*") if p.is_file()} == {
        p.relative_to(media).as_posix(): p.read_bytes() for p in Path(media).rglob("*")
        if p.is_file()}
    assert {model for model, _pk in original} >= {
        "articles.article", "articles.byline", "articles.photo", "articles.taggedunionbody",
        "articles.taggedbeneficiarygroup", "reversion.version", "reversion.revision",
        "articles.workflowevent", "auth.user", "auth.group"}
    assert Group.objects.exists()
