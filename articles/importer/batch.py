"""One import of one or more page files: the checks, the preview and the load.

``manage.py import_seed`` and the admin's 导入版面 page are thin layers over these
functions, so a file refused by one is refused by the other, with the same sentence.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.importer.loader import FileReport, Loader
from articles.importer.metadata import ORIGINS, Found, ImportRefused, PageMeta, settle
from articles.importer.parser import (
    MAX_BYTES,
    ImportFormatError,
    Page,
    decode,
    parse_page,
    resolve_dateline,
)
from articles.importer.tagging import page_json
from articles.importer.vocabulary import Vocabulary
from articles.models import Article, BeneficiaryGroup, Section, UnionBody

SOURCE_LENGTH = Article._meta.get_field("source_file").max_length
# Parsed text that would not fit its column: refused here rather than by the database.
STORY_FIELDS = ("kicker", "headline", "subheadline", "dateline")


@dataclass(frozen=True)
class Upload:
    name: str          # the stories' source_file: the file's own name, never a path
    data: bytes
    label: str = ""    # how messages name the file (the command line's path)

    @property
    def shown(self) -> str:
        return self.label or self.name


@dataclass(frozen=True)
class ReadPage:
    """A page file that passed every check, with the edition it belongs to."""

    upload: Upload
    page: Page
    found: Found

    @property
    def meta(self) -> PageMeta:
        return self.found.meta


def file_name(raw: str) -> str:
    """A file name fit to keep as provenance: no folders, no control characters."""
    name = raw.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip()
    return name[-SOURCE_LENGTH:] or "page.txt"


def check_size(label: str, size: int) -> None:
    """Refuse a file too large to be a page dump, before its bytes are read."""
    if size > MAX_BYTES:
        raise ImportRefused(_(
            "%(path)s: the file is %(size).1f MB; a page dump is at most %(limit)d MB."
        ) % {"path": label, "size": size / 1024 / 1024, "limit": MAX_BYTES // 1024 // 1024})


def refusal(upload: Upload, reason: str) -> ImportRefused:
    return ImportRefused(_("%(file)s: %(reason)s") % {"file": upload.shown, "reason": reason})


def read(uploads: list[Upload], chosen: PageMeta | None = None) -> list[ReadPage]:
    """Every file decoded, parsed and placed in its edition; ImportRefused for the first bad one."""
    chosen = chosen or PageMeta()
    if not uploads:
        raise ImportRefused(_("Choose at least one page file."))
    seen: set[str] = set()
    pages = []
    for upload in uploads:
        if upload.name in seen:
            raise refusal(upload, _(
                "another file of this import has the same name; the stories of a page are "
                "known by their file name, so rename one of them."
            ))
        seen.add(upload.name)
        check_size(upload.shown, len(upload.data))
        try:
            text = decode(upload.data)
            page = parse_page(text, upload.name)
        except ImportFormatError as error:
            raise refusal(upload, _(error.message) % error.params) from None
        check_fits(upload, page)
        pages.append(ReadPage(upload, page, settle(chosen, upload.name, text)))
    return pages


def check_fits(upload: Upload, page: Page) -> None:
    for story in page.stories:
        for name in STORY_FIELDS:
            value, field = getattr(story, name) or "", Article._meta.get_field(name)
            limit = field.max_length
            if len(value) > limit:
                raise refusal(upload, _(
                    "story %(position)d: its %(field)s has %(length)d characters, more than "
                    "the %(limit)d it can hold (“%(start)s…”)."
                ) % {"position": story.position, "length": len(value), "limit": limit,
                     "field": field.verbose_name,
                     "start": value[:20]})


def load(pages: list[ReadPage], vocabulary: Vocabulary, *, section: Section | None = None,
         user=None) -> list[FileReport]:
    """Every story as a draft that belongs to the desk, or nothing at all.

    The stories get no owner (``created_by`` stays empty); who imported them is recorded
    as an admin log entry per story when a user did it.
    """
    with transaction.atomic():
        reports = Loader(vocabulary, section=section).load(
            [(p.page, *p.meta) for p in pages]
        )
        if user is not None:
            log(user, reports)
    return reports


def log(user, reports: list[FileReport]) -> None:
    for report in reports:
        for flag, articles, message in (
            (ADDITION, report.created_articles, _("Imported from %(file)s")),
            (CHANGE, report.updated_articles, _("Re-imported from %(file)s")),
        ):
            if articles:
                LogEntry.objects.log_actions(
                    user.pk, articles, flag, change_message=message % {"file": report.source},
                )


class _RolledBack(Exception):
    def __init__(self, reports):
        self.reports = reports


def dry_run(pages: list[ReadPage], vocabulary: Vocabulary, *,
            section: Section | None = None) -> list[FileReport]:
    """What ``load`` would do, story by story, from a load that is always rolled back."""
    try:
        with transaction.atomic():
            raise _RolledBack(Loader(vocabulary, section=section).load(
                [(p.page, *p.meta) for p in pages]
            ))
    except _RolledBack as done:
        return done.reports


# ---------------------------------------------------------------------------
# The preview an editor checks before confirming

ROLES = [("reporters", gettext_lazy("reporters")),
         ("correspondents", gettext_lazy("correspondents")),
         ("photographers", gettext_lazy("photographers")),
         ("interns", gettext_lazy("interns"))]


def preview(pages: list[ReadPage], vocabulary: Vocabulary, *,
            section: Section | None = None) -> list[dict]:
    """Per page: its edition and, per story, what the editor must check before confirming."""
    reports = dry_run(pages, vocabulary, section=section)
    # The dry-run JSON's stories (tags, their mentions, staff credits), as the command prints them.
    stories = [page_json(p.page, vocabulary)["stories"] for p in pages]
    known = known_tags(stories)
    return [
        page_preview(read_page, report, documents, known)
        for read_page, report, documents in zip(pages, reports, stories, strict=True)
    ]


def known_tags(stories: list[list[dict]]) -> dict[str, dict[str, tuple[bool, bool]]]:
    """For each vocabulary, the tag names already in it: whether each is reviewed, retired."""
    names = {"union_bodies": set(), "beneficiary_groups": set()}
    for documents in stories:
        for document in documents:
            for key, found in names.items():
                found.update(document[key])
    return {
        key: {name: (reviewed, retired) for name, reviewed, retired in
              model.objects.filter(name__in=names[key])
              .values_list("name", "reviewed", "retired")}
        for key, model in (("union_bodies", UnionBody), ("beneficiary_groups", BeneficiaryGroup))
    }


def outcomes(report: FileReport) -> dict[int, str]:
    result = {a.source_position: _("new") for a in report.created_articles}
    result.update({a.source_position: _("replaces the untouched import")
                   for a in report.updated_articles})
    result.update({position: _("skipped: %(reason)s") % {"reason": reason}
                   for position, _headline, reason in report.skipped})
    return result


def page_preview(read_page: ReadPage, report: FileReport, documents: list[dict],
                 known: dict) -> dict:
    meta, origins = read_page.meta, read_page.found.origins
    warnings = []
    if meta.edition_date is None:
        warnings.append(_("No edition date: the stories will not appear in the archive of "
                          "past editions until one is set."))
    shown = outcomes(report)
    return {
        "file": read_page.upload.name,
        "banner": read_page.page.banner,
        "edition_date": meta.edition_date,
        "page": meta.page,
        "page_name": meta.page_name,
        "origins": {field: ORIGINS.get(origin, "") for field, origin in origins.items()},
        "warnings": warnings,
        "stories": [
            story_preview(story, document, known, meta,
                          shown.get(story.position, _("unchanged: already imported")))
            for story, document in zip(read_page.page.stories, documents, strict=True)
        ],
    }


def story_preview(story, document: dict, known: dict, meta: PageMeta, outcome: str) -> dict:
    mentions = document.get("mentions") or {}
    tag_groups = []
    for key, label in (("union_bodies", gettext_lazy("union bodies")),
                       ("beneficiary_groups", gettext_lazy("beneficiary groups"))):
        tags = []
        for name in document[key]:
            reviewed, retired = known[key].get(name, (None, False))
            if retired:
                continue   # the loader never attaches a retired tag
            tags.append({
                "name": name, "mentions": mentions.get(name, []),
                "state": (_("new, to be reviewed") if reviewed is None
                          else "" if reviewed else _("not reviewed yet")),
            })
        tag_groups.append((label, tags))
    bylines = [(label, document[key]) for key, label in ROLES if document.get(key)]
    # Staff lines with their printed labels (编辑：…, 审核：…) where the parser keeps them.
    credits = ([f"{label}：{name}" for label, name in document["staff"]]
               if document.get("staff") else document.get("editors", []))
    return {
        "position": story.position,
        "kicker": story.kicker, "headline": story.headline, "subheadline": story.subheadline,
        "kind": Article.Kind(story.kind).label,
        "dateline": story.dateline,
        "bylines": bylines,
        "credits": credits,
        "tag_groups": tag_groups,
        "paragraphs": len(story.paragraphs),
        "characters": sum(len(p) for p in story.paragraphs),
        "outcome": outcome,
        "warnings": story_warnings(story, document, meta),
    }


def story_warnings(story, document: dict, meta: PageMeta) -> list[str]:
    warnings = []
    if not story.headline:
        warnings.append(_("No headline was found."))
    if not story.paragraphs:
        warnings.append(_("No body text was found."))
    if not any(document.get(key) for key, _label in ROLES):
        warnings.append(_("No byline was found: check who wrote it."))
    if story.kind == Article.Kind.PHOTO and not document["photographers"]:
        warnings.append(_("A photo item without a photographer's credit."))
    if (story.dateline and meta.edition_date
            and resolve_dateline(story.dateline, meta.edition_date) is None):
        warnings.append(_("The dateline %(dateline)s is no date on or before the edition date.")
                        % {"dateline": story.dateline})
    if not (document["union_bodies"] or document["beneficiary_groups"]):
        warnings.append(_("No tag was found."))
    return warnings
