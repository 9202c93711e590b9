"""Rebuild the readers' search index, e.g. after a bulk load that sent no signals."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from articles.models import Article
from articles.site.search import index_articles


class Command(BaseCommand):
    help = "Rebuild the search documents of every story."

    def handle(self, *args, **options):
        ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
        written = 0
        for start in range(0, len(ids), 1000):
            written += index_articles(ids[start : start + 1000])
        self.stdout.write(_("Indexed %(count)d stories.") % {"count": written})
