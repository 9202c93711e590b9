import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils.translation import gettext as _

from articles.importer import batch
from articles.importer.loader import vocabulary_from_database
from articles.importer.metadata import (
    ImportRefused,
    PageMeta,
    parse_edition_date,
    parse_page_name,
    parse_page_number,
)
from articles.importer.tagging import page_json
from articles.importer.vocabulary import initial_vocabulary
from articles.models import Section


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
            "--edition-date",
            help=_("The edition's date, YYYY-MM-DD (default: a date in the file name or on "
                   "the page's masthead, if any)."),
        )
        parser.add_argument(
            "--page", help=_("The page number (版次) (default: a number in the file name).")
        )
        parser.add_argument("--page-name", default="", help=_("The page's name (版名), e.g. 要闻."))
        parser.add_argument(
            "--section", help=_("Slug of the section the stories belong to.")
        )
        parser.add_argument(
            "--dry-run", action="store_true", help=_("Parse only; write nothing.")
        )
        parser.add_argument("--json", action="store_true", dest="as_json",
                            help=_("Print the parsed stories as JSON."))

    def handle(self, *args, paths, edition_date, page, page_name, section, dry_run, as_json,
               **options):
        try:
            chosen = PageMeta(parse_edition_date(edition_date), parse_page_number(page),
                              parse_page_name(page_name))
            files = page_files(paths or [Path(settings.BASE_DIR) / "seeds"])
            pages = batch.read([read_upload(path) for path in files], chosen)
        except ImportRefused as refusal:
            raise CommandError(str(refusal)) from None
        section_obj = find_section(section) if section else None
        vocabulary = self.vocabulary(dry_run)

        if as_json:
            documents = [{**page_json(p.page, vocabulary), **edition_json(p.meta)}
                         for p in pages]
            output = documents[0] if len(documents) == 1 else {"files": documents}
            self.stdout.write(json.dumps(output, ensure_ascii=False, indent=1))
        elif dry_run:
            for p in pages:
                self.stdout.write(_("%(file)s: %(count)d stories (dry run, nothing saved)") % {
                    "file": p.page.source, "count": len(p.page.stories)})
        if dry_run:
            return

        reports = batch.load(pages, vocabulary, section=section_obj)
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


def edition_json(meta: PageMeta) -> dict:
    return {"edition_date": meta.edition_date and meta.edition_date.isoformat(),
            "page": meta.page, "page_name": meta.page_name}


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


def read_upload(path: Path) -> batch.Upload:
    batch.check_size(str(path), path.stat().st_size)   # before reading it all into memory
    return batch.Upload(name=path.name, data=path.read_bytes(), label=str(path))


def find_section(slug: str) -> Section:
    try:
        return Section.objects.get(slug=slug)
    except Section.DoesNotExist:
        known = ", ".join(Section.objects.values_list("slug", flat=True)) or _("none yet")
        raise CommandError(
            _("No section with slug %(slug)r (known: %(known)s).") % {"slug": slug, "known": known}
        ) from None
