"""The 电子版 (数字报): the paper as it was printed, edition by edition, page by page.

An edition is every published story with that edition date. Its pages are the printed pages
(``Article.page``) in order, each named by its 版名: ``Article.page_name`` as the importer read
it, else the section most of the page's stories belong to. Stories without a page number come
last. Everything here reads through ``Article.objects.published()``.
"""

import calendar
import datetime
from collections import Counter
from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import Count, F, Max, Min, Q
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from articles.models import Article
from articles.site.caching import public_page

# Monday first, as calendars in mainland China print it; one character fits a phone's width.
WEEKDAYS = [
    pgettext_lazy("calendar column", "Mon"), pgettext_lazy("calendar column", "Tue"),
    pgettext_lazy("calendar column", "Wed"), pgettext_lazy("calendar column", "Thu"),
    pgettext_lazy("calendar column", "Fri"), pgettext_lazy("calendar column", "Sat"),
    pgettext_lazy("calendar column", "Sun"),
]


@dataclass
class PrintedPage:
    number: int | None
    name: str
    stories: list = field(default_factory=list)
    url: str = ""


@dataclass
class CalendarDay:
    number: int  # 0: a day of the month before or after
    stories: int = 0
    url: str = ""


@dataclass
class CalendarMonth:
    first: datetime.date
    weeks: list


def date_or_404(year, month, day) -> datetime.date:
    try:
        return datetime.date(year, month, day)
    except (ValueError, OverflowError) as exc:  # 2月30日, or a year past any calendar
        raise Http404(_("No such date.")) from exc


def edition_stories(date):
    """The edition's published stories in the order the paper printed them."""
    return Article.objects.published().filter(edition_date=date).order_by(
        F("page").asc(nulls_last=True), F("source_position").asc(nulls_last=True),
        "published_at", "id",
    )


def printed_pages(date, stories) -> list[PrintedPage]:
    """The edition's stories (in printed order) grouped by page, each page named and linked."""
    pages = []
    for number, group in groupby(stories, key=lambda story: story.page):
        group = list(group)
        pages.append(PrintedPage(number, page_name(group), group, page_url(date, number)))
    return pages


def page_name(stories) -> str:
    """版名 as printed, else the section most of the page's stories belong to, else nothing."""
    printed = next((story.page_name for story in stories if story.page_name), "")
    if printed:
        return printed
    sections = Counter(story.section.name for story in stories if story.section)
    return sections.most_common(1)[0][0] if sections else ""


def page_url(date, number) -> str:
    if number is None:
        return ""
    return reverse("articles:edition-page", args=[date.year, date.month, date.day, number])


def edition_url(date) -> str:
    return reverse("articles:edition", args=[date.year, date.month, date.day])


def neighbours(date) -> tuple[datetime.date | None, datetime.date | None]:
    """The editions printed just before and just after ``date`` (one query)."""
    found = Article.objects.published().aggregate(
        previous=Max("edition_date", filter=Q(edition_date__lt=date)),
        next=Min("edition_date", filter=Q(edition_date__gt=date)),
    )
    return found["previous"], found["next"]


def printed_page_of(article) -> PrintedPage | None:
    """Where the paper printed a story: its edition's page, linked.

    The name is the story's own 版名 only: the fallback (the section most of the page's stories
    belong to) needs the whole page, which the edition's pages show, and a query here.
    """
    if not article.edition_date or article.page is None:
        return None
    return PrintedPage(article.page, article.page_name,
                       url=page_url(article.edition_date, article.page))


def edition_context(date, stories) -> dict:
    if not stories:
        raise Http404(_("No edition was published on this date."))
    previous, following = neighbours(date)
    pages = printed_pages(date, stories)
    return {
        "date": date,
        "pages": pages,
        "page_count": sum(1 for page in pages if page.number is not None),
        "story_count": len(stories),
        "previous": previous and {"date": previous, "url": edition_url(previous)},
        "next": following and {"date": following, "url": edition_url(following)},
        "archive_url": reverse("articles:archive-year", args=[date.year]),
    }


@public_page
def edition(request, year, month, day):
    """The edition's table of contents: every page, its name and its headlines."""
    date = date_or_404(year, month, day)
    stories = list(edition_stories(date).select_related("section").only(
        "id", "slug", "kicker", "headline", "page", "page_name", "section__name",
    ))
    return TemplateResponse(request, "articles/edition.html", edition_context(date, stories))


@public_page
def edition_page(request, year, month, day, number):
    """One printed page: its stories as cards, the edition's other pages a tap away."""
    date = date_or_404(year, month, day)
    context = edition_context(date, list(edition_stories(date).for_listing()))
    numbered = [page for page in context["pages"] if page.number is not None]
    at = next((i for i, page in enumerate(numbered) if page.number == number), None)
    if at is None:
        raise Http404(_("This edition has no such page."))
    context |= {
        "current": numbered[at],
        "previous_page": numbered[at - 1] if at > 0 else None,
        "next_page": numbered[at + 1] if at + 1 < len(numbered) else None,
    }
    return TemplateResponse(request, "articles/edition_page.html", context)


@public_page
def archive(request, year=None):
    """往期报纸: a calendar of one year, every day with an edition linked."""
    editions = Article.objects.published().exclude(edition_date=None)
    years = [day.year for day in editions.dates("edition_date", "year", order="DESC")]
    if year is None:
        year = years[0] if years else None
    elif year not in years:
        raise Http404(_("No edition was published in this year."))
    counts = {}
    if year is not None:
        counts = dict(
            editions.filter(edition_date__year=year).values_list("edition_date")
            .annotate(stories=Count("pk")).order_by()
        )
    return TemplateResponse(request, "articles/archive.html", {
        "year": year,
        "years": [{"year": y, "url": reverse("articles:archive-year", args=[y])} for y in years],
        "months": calendar_months(counts),
        "weekdays": WEEKDAYS,
        "edition_count": len(counts),
    })


def calendar_months(counts: dict) -> list[CalendarMonth]:
    """Month grids, newest month first, of the months that have editions."""
    months = sorted({date.replace(day=1) for date in counts}, reverse=True)
    grid = calendar.Calendar(firstweekday=calendar.MONDAY)
    return [
        CalendarMonth(first, [
            [day_cell(first, number, counts) for number in week]
            for week in grid.monthdayscalendar(first.year, first.month)
        ])
        for first in months
    ]


def day_cell(first, number, counts) -> CalendarDay:
    if not number:
        return CalendarDay(0)
    date = first.replace(day=number)
    stories = counts.get(date, 0)
    return CalendarDay(number, stories, edition_url(date) if stories else "")
