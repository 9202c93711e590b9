"""Proofreading at the desk: the checks run on stored stories, with what the desk decided.

The checks themselves stay pure; this module loads the word lists, reads a story's text and
bylines, and records 忽略, acknowledgements, one-click fixes and 三校 rounds, each write in
one transaction.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from articles.proofreading.checker import Story, WordLists, apply_fix, proofread
from articles.proofreading.findings import SENSITIVE, Finding
from articles.proofreading.records import (
    IgnoredFinding,
    ProofreadingRound,
    SensitiveAcknowledgement,
    SensitiveTerm,
    WordListEntry,
)
from articles.proofreading.words import Term

CHECKED_FIELDS = ("kicker", "headline", "subheadline", "body", "summary")


class ProofreadingError(Exception):
    """A refused proofreading action; the message says why, in the newsroom's words."""


def load_lists() -> WordLists:
    """The active entries of the three lists: two queries."""
    wrong, standard = [], []
    for entry in WordListEntry.objects.filter(is_active=True).only(
        "kind", "found", "suggestion", "first_mention", "note"
    ):
        term = Term(entry.found, entry.suggestion, entry.note, entry.first_mention)
        (wrong if entry.kind == WordListEntry.Kind.WRONG_FORM else standard).append(term)
    sensitive = [Term(t.term, note=t.note)
                 for t in SensitiveTerm.objects.filter(is_active=True).only("term", "note")]
    return WordLists.from_terms(wrong, standard, sensitive)


def story_of(article, byline_names=None) -> Story:
    if byline_names is None:
        byline_names = [b.person.name for b in article.bylines.all()]
    return Story(body=article.body, headline=article.headline, kicker=article.kicker,
                 subheadline=article.subheadline, bylines=tuple(byline_names),
                 summary=article.summary)


@dataclass
class Report:
    """A story's findings as the desk sees them."""

    open: list = field(default_factory=list)
    ignored: list = field(default_factory=list)  # (finding, IgnoredFinding)
    sensitive_open: list = field(default_factory=list)
    acknowledged: list = field(default_factory=list)  # SensitiveAcknowledgement rows

    @property
    def warnings(self) -> list:
        return [f for f in self.open if f.category != SENSITIVE]

    @property
    def count(self) -> int:
        return len(self.open)


def report(article, lists: WordLists | None = None) -> Report:
    lists = lists or load_lists()
    findings = proofread(story_of(article), lists)
    ignored = {row.key: row for row in article.ignored_findings.select_related("ignored_by")}
    acknowledgements = list(article.sensitive_acknowledgements.select_related("acknowledged_by"))
    acknowledged_terms = {a.term for a in acknowledgements}
    result = Report(acknowledged=acknowledgements)
    for item in findings:
        if item.category == SENSITIVE:
            if item.text in acknowledged_terms:
                continue
            result.sensitive_open.append(item)
            result.open.append(item)
        elif item.key in ignored:
            result.ignored.append((item, ignored[item.key]))
        else:
            result.open.append(item)
    return result


def sensitive_terms() -> list[Term]:
    return [Term(t.term) for t in SensitiveTerm.objects.filter(is_active=True).only("term")]


def unacknowledged_sensitive(article) -> list[str]:
    """The sensitive terms in the story nobody has acknowledged yet, in reading order.

    A list of stories checked at once (the desk) sets ``_sensitive_terms`` on each and
    prefetches ``sensitive_acknowledgements``, so the check costs no query per story.
    """
    terms = getattr(article, "_sensitive_terms", None)
    if terms is None:
        terms = sensitive_terms()
    if not terms:
        return []
    hits = proofread(story_of(article, byline_names=()), WordLists.from_terms(sensitive=terms))
    acknowledged = {a.term for a in article.sensitive_acknowledgements.all()}
    seen = []
    for item in hits:
        if item.category == SENSITIVE and item.text not in acknowledged and item.text not in seen:
            seen.append(item.text)
    return seen


def find(article, key, lists=None) -> Finding:
    for item in proofread(story_of(article), lists or load_lists()):
        if item.key == key:
            return item
    raise ProofreadingError(_("This finding is no longer in the story: it was fixed or the "
                              "text around it changed."))


@transaction.atomic
def ignore(article, key, user, reason) -> IgnoredFinding:
    if not reason.strip():
        raise ProofreadingError(_("Say why the finding can be ignored."))
    item = find(article, key)
    if item.category == SENSITIVE:
        raise ProofreadingError(_("A sensitive term is acknowledged, not ignored."))
    row, _created = IgnoredFinding.objects.update_or_create(
        article=article, key=key,
        defaults={"rule": item.rule.code, "text": item.text[:200], "reason": reason.strip(),
                  "ignored_by": user},
    )
    return row


@transaction.atomic
def acknowledge(article, term, user, reason) -> SensitiveAcknowledgement:
    if not reason.strip():
        raise ProofreadingError(_("Say why the sensitive term may stand."))
    if term not in unacknowledged_sensitive(article):
        raise ProofreadingError(_("“%(term)s” is not an open sensitive hit in this story.")
                                % {"term": term})
    return SensitiveAcknowledgement.objects.create(
        article=article, term=term, reason=reason.strip(), acknowledged_by=user
    )


def fix(article, key, user) -> Finding:
    """Apply one certain fix to the stored text: a normal save, so history and version move."""
    with transaction.atomic():
        locked = type(article).objects.select_for_update().get(pk=article.pk)
        if locked.first_published_at is not None and locked.status == "published":
            raise ProofreadingError(_("Readers have this story: change it in the form, where a "
                                      "correction (更正) can be issued with the change."))
        item = find(locked, key)
        if not item.certain:
            raise ProofreadingError(_("This finding needs a person's judgement: edit the text."))
        text = getattr(locked, item.field)
        fixed = apply_fix(text, item)
        setattr(locked, item.field, fixed)
        locked.updated_by = user
        locked.save(update_fields=[item.field, "updated_by", "updated_at"])
    article.refresh_from_db()
    return item


@transaction.atomic
def record_round(article, user, counts: dict, round_number=None, note="") -> ProofreadingRound:
    """一校/二校/三校 before publication; on a published story, errors found in print."""
    published = article.first_published_at is not None and article.status == "published"
    if published:
        round_number = None
    elif round_number not in (1, 2, 3):
        raise ProofreadingError(_("Choose the round: 一校, 二校 or 三校."))
    elif article.proofreading_rounds.filter(round=round_number).exists():
        raise ProofreadingError(_("This round is already recorded for the story."))
    values = {name: int(counts.get(name) or 0) for name in ProofreadingRound.COUNT_FIELDS.values()}
    if any(v < 0 for v in values.values()):
        raise ProofreadingError(_("Error counts cannot be negative."))
    if published and not any(values.values()):
        raise ProofreadingError(_("Record at least one error found after publication."))
    return ProofreadingRound.objects.create(
        article=article, round=round_number, proofreader=user, note=note.strip(),
        after_publication=published, **values,
    )


def open_counts(articles, lists: WordLists | None = None) -> dict:
    """Open findings per story for a list of stories (the dashboard): five queries in all."""
    from articles.models import Byline  # the domain, loaded only when a list is counted

    articles = list(articles)
    if not articles:
        return {}
    lists = lists or load_lists()
    ids = [a.pk for a in articles]
    names, ignored, acknowledged = {}, {}, {}
    for article_id, name in Byline.objects.filter(article_id__in=ids).values_list(
        "article_id", "person__name"
    ):
        names.setdefault(article_id, []).append(name)
    for article_id, key in IgnoredFinding.objects.filter(article_id__in=ids).values_list(
        "article_id", "key"
    ):
        ignored.setdefault(article_id, set()).add(key)
    for article_id, term in SensitiveAcknowledgement.objects.filter(
        article_id__in=ids
    ).values_list("article_id", "term"):
        acknowledged.setdefault(article_id, set()).add(term)
    counts = {}
    for article in articles:
        findings = proofread(story_of(article, names.get(article.pk, [])), lists)
        counts[article.pk] = sum(
            1 for f in findings
            if not (f.category == SENSITIVE and f.text in acknowledged.get(article.pk, ()))
            and not (f.category != SENSITIVE and f.key in ignored.get(article.pk, ()))
        )
    return counts
