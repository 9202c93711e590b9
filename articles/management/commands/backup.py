"""``manage.py backup DIR``: the database's content and the media files, see articles.backups."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from articles.backups import BackupError, backup


class Command(BaseCommand):
    help = "Write a consistent backup of the database content and media files to DIR."

    def add_arguments(self, parser):
        parser.add_argument("directory", help="a new (or empty) directory")

    def handle(self, *args, directory, **options):
        try:
            manifest = backup(directory)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(_("Backed up %(rows)d rows and %(files)d media files to %(dir)s.") % {
            "rows": sum(manifest["rows"].values()), "files": len(manifest["media"]),
            "dir": directory,
        })
