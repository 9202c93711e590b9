"""Proofread printed pages as the importer would read them, without importing anything."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils.translation import gettext as _

from articles.importer.parser import ImportFormatError, parse_bytes
from articles.proofreading import CATEGORY_LABELS, Story, proofread, shipped_lists
from articles.proofreading.desk import load_lists


class Command(BaseCommand):
    def create_parser(self, prog_name, subcommand, **kwargs):
        self.help = _("Proofread page dumps: every finding of every story, nothing imported.")
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path,
                            help=_("Page files or folders of *.txt files."))
        parser.add_argument("--shipped", action="store_true",
                            help=_("Use the lists shipped with the product, not the database's."))
        parser.add_argument("--json", action="store_true", help=_("Print JSON."))

    def handle(self, *args, paths, shipped, **options):
        lists = shipped_lists() if shipped else self.database_lists()
        files = []
        for path in paths:
            files += sorted(path.glob("*.txt")) if path.is_dir() else [path]
        report, total_chars, total = [], 0, 0
        for file in files:
            try:
                page = parse_bytes(file.read_bytes(), source=file.name)
            except (OSError, ImportFormatError) as error:
                raise CommandError(f"{file}: {error}") from error
            for s in page.stories:
                story = Story(body="\n".join(s.paragraphs), headline=s.headline,
                              kicker=s.kicker or "", subheadline=s.subheadline or "",
                              bylines=(*s.reporters, *s.correspondents, *s.photographers))
                findings = proofread(story, lists)
                total_chars += len(story.body)
                total += len(findings)
                report.append({
                    "file": file.name, "headline": s.headline,
                    "findings": [{
                        "rule": f.rule.code, "category": str(CATEGORY_LABELS[f.category]),
                        "field": f.field, "start": f.start, "end": f.end, "text": f.text,
                        "suggestion": f.suggestion, "cites": f.rule.cites,
                        "context": f.context.replace("\u2063", "【】"),
                    } for f in findings],
                })
        if options["json"]:
            self.stdout.write(_json(report))
            return
        for story in report:
            self.stdout.write(f"{story['file']} · {story['headline']}")
            for f in story["findings"]:
                self.stdout.write(f"  [{f['category']}] {f['text']} → {f['suggestion'] or '—'}"
                                  f"（{f['rule']}，{f['cites']}）{f['context']}")
        self.stdout.write(_("%(stories)d stories, %(chars)d characters, %(findings)d findings.")
                          % {"stories": len(report), "chars": total_chars, "findings": total})

    def database_lists(self):
        try:
            return load_lists()
        except DatabaseError as error:
            raise CommandError(_("The database is not ready (run migrate), or use --shipped.")) \
                from error


def _json(data):
    return json.dumps(data, ensure_ascii=False, indent=2)
