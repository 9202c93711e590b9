"""Backups of the newsroom: the database's content and the media files, in one directory.

A backup is three things, written to a temporary sibling and renamed into place at the end
(a half-written backup never looks like a finished one):

- ``database.xml``: every row, dumped inside one read-only transaction (on PostgreSQL at
  REPEATABLE READ, so the whole dump sees one moment). Content types and permissions are
  referred to by natural keys, so the dump loads into a database of either kind whose own
  ids for them differ. Left out: what the target rebuilds itself (content types,
  permissions, the search index) and what has no value later (sessions, login attempts).
  XML rather than JSON: Django's JSON serializer cuts times to milliseconds, XML keeps them.
- ``media/``: every file in the media storage (local disk or S3), as it is.
- ``manifest.json``: when, from what, the migrations it needs, a row count per model and a
  SHA-256 per media file; ``restore`` checks the result against it.
"""

import hashlib
import io
import json
import os
import shutil
import tempfile
from pathlib import Path

from django.apps import apps
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.site.caching import purge_public_pages

EXCLUDED = [
    "contenttypes", "auth.permission", "sessions", "axes", "articles.searchdocument",
    # Bookkeeping every process shares (articles.site.shared), not content.
    "articles.pagegeneration", "articles.ratecount",
]
FORMAT_VERSION = 1
DATA_FILE = "database.xml"


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why."""


def backed_up_models() -> list:
    skipped_apps = {label for label in EXCLUDED if "." not in label}
    skipped_models = {label for label in EXCLUDED if "." in label}
    return [
        model for model in apps.get_models()
        if model._meta.app_label not in skipped_apps
        and model._meta.label_lower not in skipped_models
        and model._meta.managed and not model._meta.proxy
    ]


def row_counts() -> dict[str, int]:
    return {m._meta.label_lower: m._default_manager.count() for m in backed_up_models()}


def storage_files(storage=default_storage, directory="") -> list[str]:
    try:
        directories, files = storage.listdir(directory)
    except FileNotFoundError:  # no media uploaded yet
        return []
    names = [f"{directory}/{f}" if directory else f for f in files]
    for sub in directories:
        names += storage_files(storage, f"{directory}/{sub}" if directory else sub)
    return sorted(names)


def sha256(handle) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(1 << 20), b""):
        digest.update(chunk)
    return digest.hexdigest()


def backup(target: Path) -> dict:
    """Write a backup to ``target``, which must not exist yet; return its manifest."""
    target = Path(target)
    if target.exists() and any(target.iterdir()):
        raise BackupError(_("%(dir)s is not empty: choose a new directory.") % {"dir": target})
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.partial-", dir=target.parent))
    try:
        outermost = not connection.in_atomic_block
        with transaction.atomic():
            # Inside someone else's transaction (a test) the snapshot is already theirs.
            if connection.vendor == "postgresql" and outermost:
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            call_command(
                "dumpdata", exclude=EXCLUDED, natural_foreign=True, format="xml",
                output=str(work / DATA_FILE), verbosity=0,
            )
            counts = row_counts()
            migrations = sorted(MigrationRecorder.Migration.objects.values_list("app", "name"))
        media = {}
        for name in storage_files():
            destination = work / "media" / name
            destination.parent.mkdir(parents=True, exist_ok=True)
            with default_storage.open(name, "rb") as source, destination.open("wb") as out:
                shutil.copyfileobj(source, out)
            with destination.open("rb") as copied:
                media[name] = sha256(copied)
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": timezone.now().isoformat(),
            "database_vendor": connection.vendor,
            "migrations": migrations,
            "rows": counts,
            "media": media,
        }
        (work / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
        if target.exists():
            target.rmdir()
        os.replace(work, target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return manifest


def read_manifest(source: Path) -> dict:
    path = Path(source) / "manifest.json"
    if not path.is_file() or not (Path(source) / DATA_FILE).is_file():
        raise BackupError(_("%(dir)s is not a newsroom backup (no manifest.json).")
                          % {"dir": source})
    manifest = json.loads(path.read_text())
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(_("This backup's format is not one this version can restore."))
    return manifest


def has_content() -> bool:
    from django.contrib.auth import get_user_model

    from articles.models import Article, Person

    return any(m.objects.exists() for m in (Article, Person, get_user_model()))


def restore(source: Path) -> dict:
    """Load a backup into this (migrated, empty) database and the media storage."""
    source = Path(source)
    manifest = read_manifest(source)
    missing = {tuple(m) for m in manifest["migrations"]} - set(
        MigrationRecorder.Migration.objects.values_list("app", "name"))
    if missing:
        raise BackupError(_("The backup needs migrations this code does not have: %(names)s.")
                          % {"names": ", ".join(sorted(f"{a}.{n}" for a, n in missing))})
    if has_content():
        raise BackupError(_("The database is not empty: restore only into an empty one."))
    with transaction.atomic():
        # Rows that migrations created (the role groups, the vocabulary) come back from the
        # backup with their own ids.
        for model in reversed(backed_up_models()):
            model._base_manager.all().delete()
        call_command("loaddata", str(source / DATA_FILE), verbosity=0)
        counts = row_counts()
        differing = {k: (v, counts.get(k)) for k, v in manifest["rows"].items()
                     if counts.get(k) != v}
        if differing:
            raise BackupError(_("The restored rows do not match the backup: %(models)s.")
                              % {"models": differing})
    for name, digest in manifest["media"].items():
        path = source / "media" / name
        with path.open("rb") as handle:
            if sha256(handle) != digest:
                raise BackupError(_("Media file %(name)s is damaged in the backup.")
                                  % {"name": name})
        if default_storage.exists(name):
            default_storage.delete(name)
        with path.open("rb") as handle:
            saved = default_storage.save(name, File(handle))
        if saved != name:
            raise BackupError(_("Media file %(name)s was stored as %(saved)s.")
                              % {"name": name, "saved": saved})
    # Derived data: rebuilt rather than restored.
    call_command("reindex_search", stdout=io.StringIO())
    purge_public_pages()
    return manifest
