"""Generated published stories for the readers' site benchmark (see site_load.py).

    DATABASE_URL=postgres://... .venv/bin/python benchmarks/site_data.py 100000

Sentences cut from seeds/ make the bodies; each story gets two bylines, two union-body tags,
a beneficiary group and its search document. Rows go in by COPY (PostgreSQL only), because
100,000 saves one by one would take the better part of an hour. Prints the addresses of one
article and one tag page as JSON.
"""

import datetime
import json
import os
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from articles.models import Article, Person, Section  # noqa: E402
from articles.site.search import normalize, tsvector_literal  # noqa: E402
from articles.slugs import pinyin_slug  # noqa: E402
from articles.tags import BeneficiaryGroup, UnionBody  # noqa: E402

BATCH = 5000
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚"


def seed_sentences() -> list[str]:
    sentences = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        sentences += [s.strip() + "。" for s in re.split(r"[。\n]", text)
                      if 8 <= len(s.strip()) <= 80]
    return sentences


def story(sentences, sections, minutes_ago, now) -> Article:
    body = "\n".join("".join(random.sample(sentences, 3)) for _ in range(random.randint(3, 8)))
    headline = random.choice(sentences)[:28].rstrip("。，")
    published = now - datetime.timedelta(minutes=minutes_ago)
    return Article(
        headline=headline, slug=pinyin_slug(headline, 100), body=body,
        summary=body.split("\n")[0][:120], section=random.choice(sections),
        status=Article.Status.PUBLISHED, published_at=published, first_published_at=published,
        edition_date=published.date(), page=random.randint(1, 8),
    )


def load(count: int) -> dict:
    random.seed(5)
    sentences = seed_sentences()
    sections = [
        Section.objects.get_or_create(slug=slug, defaults={"name": name, "position": i})[0]
        for i, (slug, name) in enumerate(
            [("yaowen", "要闻"), ("shehui", "社会"), ("zhigong", "职工"), ("wenti", "文体")])
    ]
    people = [Person.objects.create(name="".join(
        [random.choice(SURNAMES), random.choice(GIVEN), random.choice(GIVEN)]))
        for _ in range(300)]
    unions = list(UnionBody.objects.all()) or [
        UnionBody.objects.create(name="北京市总工会", slug="bei-jing-shi-zong-gong-hui")]
    groups = list(BeneficiaryGroup.objects.all()) or [
        BeneficiaryGroup.objects.create(name="困难职工", slug="kun-nan-zhi-gong")]
    now = timezone.now()
    cursor = connection.cursor()
    for start in range(0, count, BATCH):
        stories = [story(sentences, sections, i, now)
                   for i in range(start, min(start + BATCH, count))]
        Article.objects.bulk_create(stories)
        names, tags = {}, {}
        with cursor.copy("COPY articles_byline (article_id, person_id, role, position) "
                         "FROM STDIN") as copy:
            for a in stories:
                reporter, correspondent = random.sample(people, 2)
                copy.write_row((a.pk, reporter.pk, "reporter", 0))
                copy.write_row((a.pk, correspondent.pk, "correspondent", 1))
                names[a.pk] = [reporter.name, correspondent.name]
        for table, vocabulary, per_story in [("articles_taggedunionbody", unions, 2),
                                             ("articles_taggedbeneficiarygroup", groups, 1)]:
            with cursor.copy(f"COPY {table} (content_object_id, tag_id) FROM STDIN") as copy:
                for a in stories:
                    for tag in random.sample(vocabulary, min(per_story, len(vocabulary))):
                        copy.write_row((a.pk, tag.pk))
                        tags.setdefault(a.pk, []).extend(tag.all_names)
        with cursor.copy("COPY articles_searchdocument "
                         "(article_id, headline, display, text, tags, vector) FROM STDIN") as copy:
            for a in stories:
                fields = {
                    "headline": normalize(a.headline), "display": "",
                    "text": normalize("\n".join([a.body, *names[a.pk]])),
                    "tags": normalize("\n".join(tags.get(a.pk, []))),
                }
                copy.write_row((a.pk, *fields.values(), tsvector_literal(fields)))
        print(f"{start + len(stories)} stories", file=sys.stderr, flush=True)
    cursor.execute("ANALYZE")
    first = Article.objects.published().first()
    return {"article": first.get_absolute_url(),
            "tag": f"/union-bodies/{first.union_bodies.first().slug}/"}


if __name__ == "__main__":
    print(json.dumps(load(int(sys.argv[1]))))
