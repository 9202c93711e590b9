"""``manage.py restore DIR``: load a backup into an empty database, see articles.backups."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from articles.backups import BackupError, restore


class Command(BaseCommand):
    help = "Migrate the database, then load a backup made by `backup` and its media files."

    def add_arguments(self, parser):
        parser.add_argument("directory", help="a directory written by `manage.py backup`")

    def handle(self, *args, directory, **options):
        call_command("migrate", interactive=False, verbosity=0)
        try:
            manifest = restore(directory)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(_("Restored %(rows)d rows and %(files)d media files from %(dir)s.") % {
            "rows": sum(manifest["rows"].values()), "files": len(manifest["media"]),
            "dir": directory,
        })
