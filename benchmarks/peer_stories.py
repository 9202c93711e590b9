"""Load the Wagtail peer's stories (peer_export.py's JSON lines) into our database.

    DATABASE_URL=... .venv/bin/python benchmarks/peer_stories.py stories.jsonl

The same headlines, kickers, subheadlines, bodies, publication times, bylines and tags as
the peer's ``load_news`` made. What the two models do not share is filled the way a desk
would: every story is published on the 要闻 desk with its edition date; reporters and
photographers become people with those roles; the peer's one list of 40 tags is split over
our two vocabularies (the groups of workers the paper serves are beneficiary groups, the
rest union bodies). Rows go in by ``bulk_create`` and the search documents in one pass,
as the importer does. Prints, as JSON, our address for each of the peer's slugs.
"""

import datetime
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402

from articles.models import (  # noqa: E402
    Article,
    Byline,
    Person,
    Section,
    TaggedBeneficiaryGroup,
    TaggedUnionBody,
)
from articles.site.caching import purge_public_pages  # noqa: E402
from articles.site.search import index_articles  # noqa: E402
from articles.slugs import pinyin_slug  # noqa: E402
from articles.tags import BeneficiaryGroup, UnionBody  # noqa: E402

GROUPS = {"困难职工", "新就业形态", "外卖骑手", "快递小哥", "环卫工人", "医护人员", "产业工人",
          "大国工匠", "劳模", "职工"}
ROLES = {"reporter": Byline.Role.REPORTER, "photographer": Byline.Role.PHOTOGRAPHER}


def vocabulary_tag(name):
    model = BeneficiaryGroup if name in GROUPS else UnionBody
    return model.objects.get_or_create(name=name, defaults={"slug": pinyin_slug(name, 50)})[0]


@transaction.atomic
def load(rows: list[dict]) -> dict:
    desk, _ = Section.objects.get_or_create(slug="yaowen", defaults={"name": "要闻"})
    names = sorted({name for row in rows for name, _ in row["bylines"]})
    people = {name: Person.objects.get_or_create(name=name)[0] for name in names}
    tags = {name: vocabulary_tag(name) for name in sorted({t for r in rows for t in r["tags"]})}
    stories = []
    for row in rows:
        published = datetime.datetime.fromisoformat(row["published"])
        story = Article(
            headline=row["headline"], kicker=row["kicker"], subheadline=row["subheadline"],
            body=row["body"], section=desk, status=Article.Status.PUBLISHED,
            published_at=published, first_published_at=published,
            edition_date=published.date(), page=1,
        )
        story.slug = pinyin_slug(story.headline, 100)
        story.summary = story.paragraphs[0][:120] if story.paragraphs else ""
        stories.append(story)
    Article.objects.bulk_create(stories, batch_size=500)
    bylines, unions, groups = [], [], []
    for story, row in zip(stories, rows, strict=True):
        bylines += [Byline(article=story, person=people[name], role=ROLES[role], position=n)
                    for n, (name, role) in enumerate(row["bylines"])]
        for name in row["tags"]:
            tag = tags[name]
            if isinstance(tag, BeneficiaryGroup):
                groups.append(TaggedBeneficiaryGroup(content_object=story, tag=tag))
            else:
                unions.append(TaggedUnionBody(content_object=story, tag=tag))
    Byline.objects.bulk_create(bylines, batch_size=1000)
    TaggedUnionBody.objects.bulk_create(unions, batch_size=1000)
    TaggedBeneficiaryGroup.objects.bulk_create(groups, batch_size=1000)
    index_articles([story.pk for story in stories])
    purge_public_pages()
    return {row["slug"]: story.get_absolute_url() for story, row in zip(stories, rows, strict=True)}


if __name__ == "__main__":
    lines = Path(sys.argv[1]).read_text(encoding="utf-8").splitlines()
    print(json.dumps(load([json.loads(line) for line in lines]), ensure_ascii=False))
