import datetime
import json
import re
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils.translation import gettext as _

from articles.importer.loader import Loader, vocabulary_from_database
from articles.importer.parser import MAX_BYTES, ImportFormatError, Page, parse_bytes
from articles.importer.tagging import page_json
from articles.importer.vocabulary import initial_vocabulary
from articles.models import Section

DATE_IN_NAME = re.compile(r"(20\d\d)-?(\d\d)-?(\d\d)")


class Command(BaseCommand):
    def create_parser(self, prog_name, subcommand, **kwargs):
        # argparse needs real strings: translated here, when the parser is made.
        self.help = _("Import plain-text dumps of printed pages as draft stories.")
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="*", type=Path,
            help=_(
                "Page files or folders of *.txt files (default: every page in seeds/)."
            ),
        )
        parser.add_argument(
            "--edition-date", type=parse_date,
            help=_(
                "The edition's date, YYYY-MM-DD (default: a date in the file name, if any)."
            ),
        )
        parser.add_argument(
            "--section", help=_("Slug of the section the stories belong to.")
        )
        parser.add_argument(
            "--dry-run", action="store_true", help=_("Parse only; write nothing.")
        )
        parser.add_argument("--json", action="store_true", dest="as_json",
                            help=_("Print the parsed stories as JSON."))

    def handle(self, *args, paths, edition_date, section, dry_run, as_json, **options):
        files = page_files(paths or [Path(settings.BASE_DIR) / "seeds"])
        section_obj = find_section(section) if section else None
        pages = [read_page(path) for path in files]
        vocabulary = self.vocabulary(dry_run)

        if as_json:
            documents = [page_json(page, vocabulary) for page in pages]
            output = documents[0] if len(documents) == 1 else {"files": documents}
            self.stdout.write(json.dumps(output, ensure_ascii=False, indent=1))
        elif dry_run:
            for page in pages:
                self.stdout.write(_("%(file)s: %(count)d stories (dry run, nothing saved)") % {
                    "file": page.source, "count": len(page.stories)})
        if dry_run:
            return

        editions = [(page, edition_date or date_in_name(path))
                    for page, path in zip(pages, files, strict=True)]
        reports = Loader(vocabulary, section=section_obj).load(editions)
        if not as_json:
            self.print_table(reports)

    def vocabulary(self, dry_run: bool):
        try:
            return vocabulary_from_database()
        except DatabaseError:
            if not dry_run:
                raise CommandError(_(
                    "The database has no vocabulary tables: run `manage.py migrate` first."
                )) from None
            # A dry run reads nothing else from the database: the shipped vocabulary will do.
            return initial_vocabulary(settings.NEWSROOM_HOME_CITY)

    def print_table(self, reports):
        for r in reports:
            self.stdout.write(_(
                "%(file)s: %(found)d stories found, %(created)d created, %(updated)d updated, "
                "%(unchanged)d unchanged, %(skipped)d skipped."
            ) % {"file": r.source, "found": r.found, "created": r.created,
                 "updated": r.updated, "unchanged": r.unchanged, "skipped": len(r.skipped)})
            for position, headline, reason in r.skipped:
                self.stdout.write(_("  skipped story %(position)d «%(headline)s»: %(reason)s")
                                  % {"position": position, "headline": headline,
                                     "reason": reason})


def parse_date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(
            _("--edition-date must be a date like 2023-01-17, not %r.") % value
        ) from exc


def date_in_name(path: Path) -> datetime.date | None:
    match = DATE_IN_NAME.search(path.stem)
    if not match:
        return None
    try:
        return datetime.date(*map(int, match.groups()))
    except ValueError:
        return None


def page_files(paths: list[Path]) -> list[Path]:
    files = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.glob("*.txt") if p.is_file())
            if not found:
                raise CommandError(_("%s: no .txt page files in this folder.") % path)
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise CommandError(_("%s: no such file or folder.") % path)
    return files


def read_page(path: Path) -> Page:
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise CommandError(_(
            "%(path)s: the file is %(size).1f MB; a page dump is at most %(limit)d MB."
        ) % {"path": path, "size": size / 1024 / 1024, "limit": MAX_BYTES // 1024 // 1024})
    try:
        return parse_bytes(path.read_bytes(), path.name)
    except ImportFormatError as exc:
        raise CommandError(f"{path}: {_(exc.message) % exc.params}") from exc


def find_section(slug: str) -> Section:
    try:
        return Section.objects.get(slug=slug)
    except Section.DoesNotExist:
        known = ", ".join(Section.objects.values_list("slug", flat=True)) or _("none yet")
        raise CommandError(
            _("No section with slug %(slug)r (known: %(known)s).") % {"slug": slug, "known": known}
        ) from None
