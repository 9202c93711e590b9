"""差错率: errors found after publication per 10,000 characters published.

Since 2020 the 《报纸期刊质量管理规定》 passes a paper's 编校质量 only at 万分之三 or below.
Each 更正 counts as one error; a proofreader's check of a published story counts the errors
it logged. Errors count against the story's edition (its edition date; a web-only story, the
day it was first published) and that edition's month.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Sum
from django.utils import timezone

from articles.proofreading.records import ProofreadingRound
from articles.workflow.corrections import Correction

LIMIT = Decimal(3)  # per 10,000 characters
PER = 10_000


@dataclass
class Line:
    label: str
    stories: int = 0
    characters: int = 0
    corrections: int = 0
    proofreading_errors: int = 0

    @property
    def errors(self) -> int:
        return self.corrections + self.proofreading_errors

    @property
    def rate(self) -> Decimal | None:
        """Errors per 10,000 characters, to two places; None with nothing published."""
        if not self.characters:
            return None
        return (Decimal(self.errors * PER) / Decimal(self.characters)).quantize(Decimal("0.01"))

    @property
    def over_limit(self) -> bool:
        return self.rate is not None and self.rate > LIMIT


def edition_of(article):
    if article.edition_date:
        return article.edition_date
    return timezone.localdate(article.first_published_at)


def report(articles):
    """Per edition and per month, newest first: three queries, whatever the number of stories.

    ``articles``: the published stories to count (a queryset of Article).
    """
    stories = list(articles.only("id", "body", "edition_date", "first_published_at"))
    ids = [a.pk for a in stories]
    corrections = dict(
        Correction.objects.filter(article_id__in=ids)
        .values_list("article_id").annotate(n=Count("id")).values_list("article_id", "n")
    )
    totals = (
        F("text_errors") + F("punctuation_errors") + F("number_errors") + F("fact_errors")
        + F("political_errors")
    )
    logged = dict(
        ProofreadingRound.objects.filter(article_id__in=ids, after_publication=True)
        .values_list("article_id").annotate(n=Sum(totals)).values_list("article_id", "n")
    )
    editions, months = {}, {}
    for story in stories:
        day = edition_of(story)
        for table, key, label in (
            (editions, day, day.isoformat()),
            (months, (day.year, day.month), f"{day.year}-{day.month:02d}"),
        ):
            line = table.setdefault(key, Line(label))
            line.stories += 1
            line.characters += story.character_count
            line.corrections += corrections.get(story.pk, 0)
            line.proofreading_errors += logged.get(story.pk, 0) or 0
    ordered = defaultdict(list)
    for name, table in (("editions", editions), ("months", months)):
        ordered[name] = [table[k] for k in sorted(table, reverse=True)]
    return ordered["editions"], ordered["months"]
