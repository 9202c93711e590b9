"""Print the Wagtail peer's stories as JSON lines, to load the same stories into ours.

Run with the peer's Python inside its project (versus_wagtail.py does):

    cd .peer/wagtail/wagtail_news && ../.venv-wagtail/bin/python .../peer_export.py > stories.jsonl

Reads what the peer's ``load_news`` saved: headline (the page title), kicker, subheadline,
first publication time, body, bylines (name, role) and tags, in the order they were loaded.
"""

import json
import os
import sys

sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django

django.setup()

from news.models import NewsArticlePage  # noqa: E402

for page in NewsArticlePage.objects.live().order_by("pk").prefetch_related("bylines", "tags"):
    print(json.dumps({
        "slug": page.slug,
        "headline": page.title,
        "kicker": page.kicker,
        "subheadline": page.subheadline,
        "published": page.first_published.isoformat(),
        "body": page.body,
        "bylines": [[b.name, b.role] for b in page.bylines.all()],
        "tags": sorted(tag.name for tag in page.tags.all()),
    }, ensure_ascii=False))
