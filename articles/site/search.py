"""Chinese full-text search over the stories readers may see.

Chinese has no spaces between words, so every run of Chinese characters is
indexed as overlapping character pairs (送温暖 -> 送温 温暖): a story holding a
word of two or more characters holds all of its pairs, whatever the word
boundaries. Latin letters and digits are indexed as whole lower-case words.

Each story has one ``SearchDocument`` row, kept current by signals: its normalized
text in four parts (headline; kicker and subheadline; body and names; tags with
their aliases, so that 市总工会 finds the stories tagged 北京市总工会) and, on
PostgreSQL, a ``tsvector`` of the pairs with a GIN index (migration 0004; its
weights A-D mark the four parts). A search asks the index for candidates, then
keeps those whose text holds the literal words and ranks them by where the words
are (``ranked_ids``); SQLite, for development, does the same without an index.
"""

import hashlib
import re
import threading
import unicodedata
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from html import escape
from itertools import groupby
from operator import itemgetter

from django.contrib.postgres.search import SearchQuery, SearchVectorField
from django.core.cache import cache
from django.db import connection, models
from django.db.models import F, Q, Value
from django.db.models.functions import Cast
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils.safestring import SafeString, mark_safe

from articles.models import (
    Article,
    Byline,
    Person,
    Photo,
    SearchDocument,
    TaggedBeneficiaryGroup,
    TaggedUnionBody,
)
from articles.site import caching
from articles.tags import BeneficiaryGroup, UnionBody

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
RUN = re.compile(rf"([{CJK}]+)|([0-9a-z]+)")
MAX_TERMS = 8
MAX_TERM_LENGTH = 40
MAX_RANKED = 1000  # matches ranked and listed, newest first
MAX_POSITION = 16383  # PostgreSQL keeps no position beyond this one
WEIGHTS = (("headline", "A"), ("display", "B"), ("text", "C"), ("tags", "D"))


CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean(text: str) -> str:
    """Text that any database and any page can hold: no lone surrogates, no control codes."""
    return CONTROL.sub("", text.encode("utf-8", "ignore").decode("utf-8"))


def normalize(text: str) -> str:
    """Full-width forms folded (ＡＰＰ -> app), case folded, cleaned."""
    return unicodedata.normalize("NFKC", clean(text)).casefold()


def tokens(text: str, start: int = 1) -> list[tuple[str, int]]:
    """(token, position) pairs; a gap between runs keeps phrases from spanning them."""
    found, position = [], start
    for match in RUN.finditer(normalize(text)):
        run = match.group()
        if match.group(1) and len(run) > 1:
            pairs = [run[i : i + 2] for i in range(len(run) - 1)]
        else:
            pairs = [run]
        for pair in pairs:
            found.append((pair, min(position, MAX_POSITION)))
            position += 1
        position += 1
    return found


def tsvector_literal(fields: dict[str, str]) -> str:
    """A tsvector in PostgreSQL's input syntax, built here: no text-search parser involved."""
    lexemes: dict[str, list[str]] = {}
    position = 1
    for name, weight in WEIGHTS:
        found = tokens(fields[name], position)
        for token, at in found:
            lexemes.setdefault(token, []).append(f"{at}{weight}")
        if found:
            position = found[-1][1] + 2
    # Tokens are only Chinese characters, a-z and 0-9: no quoting needed.
    return " ".join(f"'{token}':{','.join(at[:255])}" for token, at in lexemes.items())


@dataclass(frozen=True)
class Query:
    """What a reader typed, cut to a size the database answers quickly."""

    terms: tuple[str, ...]

    @classmethod
    def parse(cls, raw: str) -> "Query":
        words = normalize(raw or "").split()
        terms = []
        for word in words:
            if tokens(word[:MAX_TERM_LENGTH]) and word[:MAX_TERM_LENGTH] not in terms:
                terms.append(word[:MAX_TERM_LENGTH])
            if len(terms) == MAX_TERMS:
                break
        return cls(tuple(terms))

    def __bool__(self):
        return bool(self.terms)

    def fragments(self) -> list[str]:
        """The literal strings a story must contain, longest first: the truth of a match."""
        found = dict.fromkeys(run.group() for term in self.terms for run in RUN.finditer(term))
        return sorted(found, key=len, reverse=True)

    def prefilter(self) -> str:
        """A tsquery the GIN index answers exactly, with no re-check of stored positions.

        It finds every story containing each fragment (and a few more, whose character
        pairs are all there but apart): the exact fragments are checked afterwards, on the
        newest candidates only. A phrase (``<->``) would make PostgreSQL re-read every
        candidate's vector, which cost 60 ms for 困难职工 at 100,000 stories.
        """
        parts = []
        for fragment in self.fragments():
            found = tokens(fragment)
            if fragment.isascii() or len(fragment) == 1:
                # One Chinese character: the pairs it starts; a word: the words it starts.
                parts.append(f"'{found[0][0]}':*")
            else:
                parts.extend(f"'{token}'" for token, _ in found)
        return " & ".join(dict.fromkeys(parts))


def document_fields(article: Article) -> dict[str, str]:
    names = [byline.person.name for byline in article.bylines.all()]
    names += [photo.photographer.name for photo in article.photos.all() if photo.photographer]
    tags = [
        name
        for tag in [*article.union_bodies.all(), *article.beneficiary_groups.all()]
        for name in tag.all_names
    ]
    return {
        "headline": normalize(article.headline),
        "display": normalize(f"{article.kicker}\n{article.subheadline}"),
        "text": normalize("\n".join([article.body, *names])),
        "tags": normalize("\n".join(tags)),
    }


def index_articles(article_ids) -> int:
    """Write the search documents of these articles; returns how many were written."""
    written = 0
    stories = Article.objects.filter(pk__in=list(article_ids)).prefetch_related(
        models.Prefetch("bylines", queryset=Byline.objects.select_related("person")),
        "photos__photographer", "union_bodies", "beneficiary_groups",
    )
    batch = []
    for article in stories.iterator(chunk_size=BATCH):
        fields = document_fields(article)
        if connection.vendor == "postgresql":
            fields["vector"] = Cast(Value(tsvector_literal(fields)), SearchVectorField())
        batch.append(SearchDocument(article_id=article.pk, **fields))
        if len(batch) == BATCH:
            written += _upsert(batch)
            batch = []
    return written + _upsert(batch)


BATCH = 500


def _upsert(documents: list) -> int:
    """Insert or replace in one statement: a bulk import indexes thousands at once."""
    if documents:
        fields = ["headline", "display", "text", "tags"]
        if connection.vendor == "postgresql":
            fields.append("vector")
        SearchDocument.objects.bulk_create(
            documents, update_conflicts=True, unique_fields=["article"], update_fields=fields
        )
    return len(documents)


def search(raw_query: str) -> tuple["Results", Query]:
    """Published stories matching the query, best first; none for an empty query."""
    query = Query.parse(raw_query)
    return Results(kept_ranked_ids(query) if query else []), query


def kept_ranked_ids(query: Query) -> list[int]:
    """``ranked_ids``, kept until the news changes (the page cache's generation).

    The next page of results, and the same words from another reader or another address,
    then cost no second statement: for a word in nearly every story it is most of the search.
    """
    terms = "\x1f".join(query.terms).encode()
    key = f"search-ids:{caching.current_generation()}:{hashlib.sha256(terms).hexdigest()}"
    ids = cache.get(key)
    if ids is None:
        ids = ranked_ids(query)
        cache.set(key, ids, caching.PAGE_TIMEOUT)
    return ids


def ranked_ids(query: Query) -> list[int]:
    """Ids of the newest ``MAX_RANKED`` matches, the best first, in one statement.

    Among the newest candidates, a story matches when its text contains every fragment;
    it ranks by where the longest fragment is (headline, then kicker and subheadline,
    then tags), then newest first. On PostgreSQL the candidates come from the GIN index,
    unless the words are common: when ``COMMON_SHARE`` of the newest ``COMMON_SAMPLE``
    stories hold them (工会 in a union paper), the newest stories are read in order and their
    text checked, which finds ``MAX_RANKED`` matches in little more rows than that, where
    the index would hand over nearly every story to be sorted, and each candidate's vector
    (several kB, stored apart from the row) to be read. One statement holds both ways; its
    gate, a one-time filter, lets PostgreSQL run only one.
    SQLite, for development, has no index and always reads the newest stories.
    """
    stories = Article.objects.published()
    literal = stories.filter(*[
        Q(*[(f"search_document__{field}__contains", fragment) for field in FIELDS],
          _connector=Q.OR)
        for fragment in query.fragments()
    ])
    gate, gate_params = "", ()
    if connection.vendor == "postgresql":
        prefilter = SearchQuery(query.prefilter(), search_type="raw", config="simple")
        indexed, params = newest(stories.filter(search_document__vector=prefilter))
        walked, walked_params = newest(literal)
        sample = stories.order_by("-published_at", "-id").values("pk")[:COMMON_SAMPLE]
        held, held_params = literal.filter(pk__in=sample).values("pk").query.sql_with_params()
        newest_ones, sample_params = sample.query.sql_with_params()
        gate = (f"WITH gate AS MATERIALIZED (SELECT (SELECT count(*) FROM ({held}) h) "  # noqa: S608
                f">= %s * (SELECT count(*) FROM ({newest_ones}) s) AS common) ")
        gate_params = (*held_params, COMMON_SHARE, *sample_params)
        # The walk checked the words already (checked): only the index's candidates need it.
        inner = (f"(SELECT *, true AS checked FROM ({walked}) w "  # noqa: S608
                 f"WHERE (SELECT common FROM gate)) UNION ALL (SELECT *, false FROM ({indexed}) i "
                 f"WHERE NOT (SELECT common FROM gate))")
        params = (*walked_params, *params)
    else:
        inner, params = newest(literal)
    contains = "(" + " OR ".join(f"d.{field} LIKE %s" for field in FIELDS) + ")"
    like = [f"%{fragment}%" for fragment in query.fragments()]
    tiers = " + ".join(f"CASE WHEN d.{field} LIKE %s THEN {points} ELSE 0 END"
                       for field, points in RANK_POINTS)
    where = " AND ".join([contains] * len(like))
    if gate:
        where = f"(n.checked OR ({where}))"
    order = f"{tiers} DESC, n.published DESC, n.story DESC"
    # Made of constants and Django's own SQL: what the reader typed is only in params.
    sql = (f"{gate}SELECT n.story FROM ({inner}) n JOIN {SearchDocument._meta.db_table} d "  # noqa: S608
           f"ON d.article_id = n.story WHERE {where} ORDER BY {order}")
    # Fragments are runs of Chinese characters, a-z and 0-9: nothing for LIKE to escape.
    params = (*gate_params, *params, *[p for p in like for _ in FIELDS],
              *[like[0]] * len(RANK_POINTS))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def newest(candidates) -> tuple[str, tuple]:
    """The newest ``MAX_RANKED`` candidates' ids and times, as SQL and parameters.

    Only ids and times: the search text is joined to the few that are left, so that no sort
    carries the texts of the rows it passes over.
    """
    return candidates.order_by("-published_at", "-id").values(
        story=F("pk"), published=F("published_at"),
    )[:MAX_RANKED].query.sql_with_params()


# A query is common when at least this share of the newest stories holds it (工会 in a union
# paper): reading stories newest first then finds MAX_RANKED matches in few more rows.
COMMON_SAMPLE = 200
COMMON_SHARE = 0.3


FIELDS = ("headline", "display", "text", "tags")
RANK_POINTS = (("headline", 4), ("display", 2), ("tags", 1))


# What a result shows (search.html): no bylines, no photos.
SHOWN = ("id", "slug", "kicker", "headline", "body", "published_at", "section__name",
         "section__slug")


class Results(Sequence):
    """Ranked stories, fetched a page at a time: the paginator counts the ids, not rows."""

    def __init__(self, ids: list[int]):
        self.ids = ids

    def __len__(self):
        return len(self.ids)

    def __getitem__(self, index):
        if isinstance(index, int):
            return self[index : index + 1 or None][0]
        ids = self.ids[index]
        # published() again: a story unpublished since the search is not shown.
        stories = Article.objects.published().select_related("section").only(*SHOWN).in_bulk(ids)
        return [stories[pk] for pk in ids if pk in stories]


def fold(text: str) -> str:
    """``normalize`` character by character, so that positions match the text's."""
    folded = []
    for char in text:
        once = normalize(char)
        folded.append(once if len(once) == 1 else char)
    return "".join(folded)


def highlight(text: str, query: Query, width: int = 0) -> SafeString:
    """``text`` escaped, then each match of the query wrapped in <mark>.

    With ``width``, only about that many characters around the first match (or
    from the beginning, when nothing matches) are kept.
    """
    fragments = query.fragments() if query else []
    folded = normalize(text)
    if len(folded) != len(text):  # a character folded into several: match one by one
        folded = fold(text)
    prefix = suffix = ""
    if width and len(text) > width:
        first = min((at for f in fragments if (at := folded.find(f)) >= 0), default=0)
        start = max(0, min(first - width // 4, len(text) - width))
        prefix = "…" if start else ""
        suffix = "…" if start + width < len(text) else ""
        text, folded = text[start : start + width], folded[start : start + width]
    marked = [False] * len(text)
    for fragment in fragments:
        at = folded.find(fragment)
        while at >= 0:
            marked[at : at + len(fragment)] = [True] * len(fragment)
            at = folded.find(fragment, at + len(fragment))
    out = [prefix]
    for mark, run in groupby(zip(text, marked, strict=True), key=itemgetter(1)):
        chunk = escape("".join(char for char, _ in run))
        out.append(f"<mark>{chunk}</mark>" if mark else chunk)
    out.append(suffix)
    return mark_safe("".join(out))  # noqa: S308 - every run of the text was escaped


_deferred = threading.local()


@contextmanager
def indexing_deferred():
    """Index the stories touched inside the block once, at its end, not at every save.

    A bulk import saves each story, byline and tag separately; indexing the same
    story a dozen times over made imports several times slower than needed.
    """
    if getattr(_deferred, "ids", None) is not None:
        yield
        return
    _deferred.ids = set()
    try:
        yield
        pending = _deferred.ids
    finally:
        _deferred.ids = None
    index_articles(pending)


def _index_soon(article_ids) -> None:
    if getattr(_deferred, "ids", None) is not None:
        _deferred.ids.update(article_ids)
    else:
        index_articles(article_ids)


@receiver(post_save, sender=Article)
def _index_saved_article(sender, instance, raw=False, **kwargs):
    if not raw:
        _index_soon([instance.pk])


@receiver(post_save, sender=Byline)
@receiver(post_delete, sender=Byline)
@receiver(post_save, sender=Photo)
@receiver(post_delete, sender=Photo)
@receiver(post_save, sender=TaggedUnionBody)
@receiver(post_delete, sender=TaggedUnionBody)
@receiver(post_save, sender=TaggedBeneficiaryGroup)
@receiver(post_delete, sender=TaggedBeneficiaryGroup)
def _index_article_of(sender, instance, raw=False, origin=None, **kwargs):
    if raw or _deleting_articles(origin):
        return
    article_id = getattr(instance, "article_id", None) or getattr(
        instance, "content_object_id", None
    )
    if article_id:
        _index_soon([article_id])


def _deleting_articles(origin) -> bool:
    """Whether this delete cascades from deleting stories: their documents go with them."""
    return isinstance(origin, Article) or (
        isinstance(origin, models.QuerySet) and origin.model is Article
    )


@receiver(m2m_changed, sender=TaggedUnionBody)
@receiver(m2m_changed, sender=TaggedBeneficiaryGroup)
def _index_retagged_article(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if isinstance(instance, Article):
        _index_soon([instance.pk])
    elif pk_set:
        _index_soon(pk_set)


@receiver(post_save, sender=UnionBody)
@receiver(post_save, sender=BeneficiaryGroup)
def _index_renamed_tag(sender, instance, created, **kwargs):
    if not created:
        _index_soon(instance.tagged_articles.values_list("content_object_id", flat=True))


@receiver(post_save, sender=Person)
def _index_renamed_person(sender, instance, created, **kwargs):
    if not created:
        _index_soon(instance.bylines.values_list("article_id", flat=True))
