"""Loads parsed pages into the database as draft stories.

The parser (articles.parser) knows the format; this module only knows the
database: people found or created by name, tags from the vocabularies, import
provenance so that a re-import never duplicates or overwrites an editor's work.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from articles.importer.parser import Page, Story, resolve_dateline
from articles.importer.tagging import StoryTags, tag_page
from articles.importer.vocabulary import Term, Vocabulary
from articles.models import (
    Article,
    BeneficiaryGroup,
    Byline,
    Person,
    Section,
    TaggedBeneficiaryGroup,
    TaggedUnionBody,
    UnionBody,
)
from articles.site.caching import purge_deferred
from articles.site.search import indexing_deferred
from articles.slugs import unique_slugs

ROLE_FIELDS = [
    (Byline.Role.REPORTER, "reporters"),
    (Byline.Role.CORRESPONDENT, "correspondents"),
    (Byline.Role.PHOTOGRAPHER, "photographers"),
    (Byline.Role.EDITOR, "editors"),
    (Byline.Role.INTERN, "interns"),
]


@dataclass
class FileReport:
    source: str
    found: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[tuple[int, str, str]] = field(default_factory=list)
    created_articles: list[Article] = field(default_factory=list)
    updated_articles: list[Article] = field(default_factory=list)


def vocabulary_from_database() -> Vocabulary:
    def terms(model):
        # A retired tag is never suggested again, under its name or an alias.
        return tuple(Term(name, tuple(aliases)) for name, aliases in
                     model.objects.filter(retired=False).order_by("name")
                     .values_list("name", "aliases"))

    return Vocabulary(terms(UnionBody), terms(BeneficiaryGroup), settings.NEWSROOM_HOME_CITY)


def story_hash(story: Story) -> str:
    """A fingerprint of what the page says, independent of where the page is stored."""
    return hashlib.sha256(
        json.dumps(story.as_dict(), ensure_ascii=False, sort_keys=True).encode()
    ).hexdigest()


def article_hash(article: Article) -> str:
    """The same fingerprint computed from an article as it is now in the database."""
    names = {attr: [] for _, attr in ROLE_FIELDS}
    attr_of = dict(ROLE_FIELDS)
    for byline in article.bylines.all():
        names[attr_of[byline.role]].append(byline.person.name)
    snapshot = {
        "headline": article.headline,
        "kicker": article.kicker or None,
        "subheadline": article.subheadline or None,
        "kind": article.kind,
        "dateline": article.dateline or None,
        "paragraphs": article.paragraphs,
        "staff": article.staff_credits,
        **names,
    }
    return hashlib.sha256(
        json.dumps(snapshot, ensure_ascii=False, sort_keys=True).encode()
    ).hexdigest()


def edited_in_newsroom(article: Article) -> bool:
    """Touched by anyone since import: its text changed, someone saved it, or it moved on."""
    return (
        article.status != Article.Status.DRAFT
        or article.updated_by_id is not None
        or article_hash(article) != article.source_hash
    )


class Loader:
    """One import run: caches people and tags so a large run stays a few queries a story."""

    def __init__(self, vocabulary: Vocabulary, *, section: Section | None = None):
        self.vocabulary = vocabulary
        self.section = section
        self.edition_date: datetime.date | None = None
        self.tags: dict[int, StoryTags] = {}
        self.page_number: int | None = None
        self.page_name = ""
        self.people: dict[str, Person] = {}
        self.union_bodies = {t.name: t for t in UnionBody.objects.all()}
        self.beneficiary_groups = {t.name: t for t in BeneficiaryGroup.objects.all()}

    def load(self, editions: list[tuple[Page, datetime.date | None]]) -> list[FileReport]:
        """Every story of every page, or (on any error) nothing at all."""
        with transaction.atomic(), purge_deferred(), indexing_deferred():
            return self._load(editions)

    def _load(self, editions):
        self.find_people([story for page, *_meta in editions for story in page.stories])
        # Each edition: the page, then its metadata (edition date, page number, page name).
        return [self.load_page(page, *meta) for page, *meta in editions]

    def find_people(self, stories: list[Story]) -> None:
        """Everyone the stories name: found by name (the oldest namesake), or created at once."""
        affiliation: dict[str, str] = {}
        for story in stories:
            for role, attr in ROLE_FIELDS:
                for name in getattr(story, attr):
                    affiliation.setdefault(name, Person.Affiliation.CORRESPONDENT
                                           if role == Byline.Role.CORRESPONDENT
                                           else Person.Affiliation.STAFF)
        for person in Person.objects.filter(name__in=affiliation).order_by("-id"):
            self.people[person.name] = person
        new = [name for name in affiliation if name not in self.people]
        slugs = unique_slugs(Person, new)
        for person in Person.objects.bulk_create(
            Person(name=name, slug=slugs[name], affiliation=affiliation[name]) for name in new
        ):
            self.people[person.name] = person

    def load_page(self, page: Page, edition_date: datetime.date | None = None,
                  page_number: int | None = None, page_name: str = "") -> FileReport:
        self.edition_date = edition_date
        self.page_number, self.page_name = page_number, page_name
        report = FileReport(page.source, found=len(page.stories))
        existing = {
            a.source_position: a
            for a in Article.objects.filter(source_file=page.source).prefetch_related(
                "bylines__person"
            )
        }
        hashes = {s.position: story_hash(s) for s in page.stories}
        self.tags = tag_page(page, self.vocabulary)
        elsewhere = dict(
            Article.objects.filter(source_hash__in=hashes.values())
            .exclude(source_file=page.source)
            .values_list("source_hash", "source_file")
        )
        for story in page.stories:
            digest = hashes[story.position]
            article = existing.get(story.position)
            if article is None and digest in elsewhere:
                report.skipped.append((story.position, story.headline,
                                       _("already imported from %s") % elsewhere[digest]))
            elif article is None:
                report.created_articles.append(self.create_article(page.source, story, digest))
                report.created += 1
            elif article.source_hash == digest:
                report.unchanged += 1
            elif edited_in_newsroom(article):
                report.skipped.append((story.position, story.headline,
                                       _("edited in the newsroom since it was imported")))
            else:
                report.updated_articles.append(self.replace_article(article, story, digest))
                report.updated += 1
        return report

    def create_article(self, source: str, story: Story, digest: str) -> Article:
        article = Article(source_file=source, source_position=story.position)
        self.fill(article, story, digest)
        article.save()
        self.attach(article, story)
        return article

    def replace_article(self, article: Article, story: Story, digest: str) -> Article:
        """An untouched import whose page was re-dumped: take the new text."""
        self.fill(article, story, digest)
        article.summary = ""
        article.save()
        article.bylines.all().delete()
        TaggedUnionBody.objects.filter(content_object=article).delete()
        TaggedBeneficiaryGroup.objects.filter(content_object=article).delete()
        self.attach(article, story)
        return article

    def fill(self, article: Article, story: Story, digest: str) -> None:
        article.headline = story.headline
        article.kicker = story.kicker or ""
        article.subheadline = story.subheadline or ""
        article.kind = story.kind
        article.body = "\n".join(story.paragraphs)
        article.dateline = story.dateline or ""
        article.edition_date = self.edition_date
        article.page, article.page_name = self.page_number, self.page_name
        article.event_date = (
            resolve_dateline(story.dateline, self.edition_date) if self.edition_date else None
        )
        article.section = self.section
        article.staff_credits = [list(pair) for pair in story.staff]
        # Why each tag was suggested, for the editor who reviews them.
        article.tag_mentions = {
            name: list(phrases) for name, phrases in self.tags[story.position].mentions.items()
        }
        article.source_hash = digest

    def attach(self, article: Article, story: Story) -> None:
        bylines = []
        for role, attr in ROLE_FIELDS:
            for name in getattr(story, attr):
                bylines.append(Byline(article=article, person=self.people[name],
                                      role=role, position=len(bylines)))
        Byline.objects.bulk_create(bylines)
        self.tag(article, self.tags[story.position])

    def tag(self, article: Article, tags: StoryTags) -> None:
        union_bodies = [self.tag_object(self.union_bodies, UnionBody, name)
                        for name in tags.union_bodies]
        groups = [self.tag_object(self.beneficiary_groups, BeneficiaryGroup, name)
                  for name in tags.beneficiary_groups]
        TaggedUnionBody.objects.bulk_create(
            [TaggedUnionBody(content_object=article, tag=t) for t in union_bodies if not t.retired]
        )
        TaggedBeneficiaryGroup.objects.bulk_create(
            [TaggedBeneficiaryGroup(content_object=article, tag=t) for t in groups if not t.retired]
        )

    @staticmethod
    def tag_object(cache: dict, model, name: str):
        if name not in cache:
            # A name the vocabulary did not know yet: it waits for an editor's review.
            cache[name], _created = model.objects.get_or_create(
                name=name, defaults={"reviewed": False}
            )
        return cache[name]
