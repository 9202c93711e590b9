from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from articles.models import Photo
from articles.photos import delete_files, orphaned_files


class Command(BaseCommand):
    help = (
        "Delete photo files that no photo refers to (left by a failed save or delete). "
        "Only folders older than yesterday are looked at. Safe to run daily from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List the files, delete nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        storage = Photo._meta.get_field("image").storage
        before = timezone.localdate() - timedelta(days=1)
        orphans = list(orphaned_files(storage, Photo, before))
        for name in orphans:
            self.stdout.write(name)
        if not dry_run:
            delete_files(storage, orphans)
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(f"{verb} {len(orphans)} file(s) no photo refers to.")
