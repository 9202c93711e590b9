"""Uploaded page files kept on the server between the preview and the confirmation.

The browser only ever holds a random token. The files, the editor's choices and who
uploaded them stay in a private folder (never under MEDIA_ROOT, which is public), with
each file's SHA-256, so that the import confirmed is the one previewed, byte for byte,
by the same user. A staged import expires after an hour; each new upload clears the
expired ones. Several workers on one host share the folder; several hosts need
``NEWSROOM_IMPORT_STAGING`` on a shared disk.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from articles.importer.batch import Upload
from articles.importer.parser import MAX_BYTES

LIFETIME = 60 * 60          # seconds a preview can wait for its confirmation
MAX_FILES = 20              # page files in one import
MAX_TOTAL = 4 * MAX_BYTES   # bytes of one import, all files together
_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{32}")
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Staged:
    token: str
    user_id: int
    choices: dict
    uploads: list[Upload]


def root() -> Path:
    return Path(getattr(settings, "NEWSROOM_IMPORT_STAGING", "")
                or Path(tempfile.gettempdir()) / "newsroom-import-staging")


def stage(user_id: int, uploads: list[Upload], choices: dict) -> str:
    clear_expired()
    token = secrets.token_urlsafe(24)
    folder = root() / token
    folder.mkdir(mode=0o700, parents=True)
    files = []
    for number, upload in enumerate(uploads):
        (folder / f"{number}.page").write_bytes(upload.data)
        files.append({"name": upload.name, "size": len(upload.data),
                      "sha256": hashlib.sha256(upload.data).hexdigest()})
    manifest = {"user": user_id, "created": time.time(), "choices": choices, "files": files}
    # Written last: a folder without its manifest is an upload cut off, never confirmed.
    (folder / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    return token


def fetch(token: str, user_id: int) -> Staged | None:
    """The import staged under ``token`` by this user, intact and not expired; else None."""
    if not _TOKEN_RE.fullmatch(token or ""):
        return None
    folder = root() / token
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        if manifest["user"] != user_id or time.time() - manifest["created"] > LIFETIME:
            return None
        uploads = []
        for number, entry in enumerate(manifest["files"]):
            data = (folder / f"{number}.page").read_bytes()
            if hashlib.sha256(data).hexdigest() != entry["sha256"]:
                return None
            uploads.append(Upload(name=entry["name"], data=data))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return Staged(token, user_id, manifest["choices"], uploads)


def take(token: str, user_id: int) -> Staged | None:
    """Like ``fetch``, for the confirmation: only one request ever gets a staged import.

    The folder is renamed away first (atomic on one file system), so a double-clicked
    confirmation imports once and the second click finds nothing.
    """
    staged = fetch(token, user_id)
    if staged is None:
        return None
    taken = root() / f"{token}.taken"
    try:
        (root() / token).rename(taken)
    except OSError:
        return None
    shutil.rmtree(taken, ignore_errors=True)
    return staged


def discard(token: str) -> None:
    if _TOKEN_RE.fullmatch(token or ""):
        shutil.rmtree(root() / token, ignore_errors=True)


def clear_expired() -> None:
    folder = root()
    if not folder.is_dir():
        return
    limit = time.time() - LIFETIME
    for staged in folder.iterdir():
        try:
            if staged.stat().st_mtime < limit:
                shutil.rmtree(staged, ignore_errors=True)
        except OSError:
            continue
