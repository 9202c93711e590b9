"""Which edition a page dump belongs to: its date, its number (版次) and its name (版名).

One rule for the command and the admin: what the editor gives (an option, a form field)
wins, then the file name (``2023-01-17_03.txt``, ``20230117-03.txt``, ``…_03版.txt``),
then the page's own masthead line (``2023年1月17日 星期二 第3版 要闻``). Each field is
settled on its own, and the preview says where each came from.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import NamedTuple

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

PAGE_NAME_LENGTH = 40      # Article.page_name
MAX_PAGE = 999
DAYS_AHEAD = 31            # an edition is laid out days ahead, never months


class ImportRefused(Exception):
    """Input the importer will not take: one translated sentence, shown as it is."""


class PageMeta(NamedTuple):
    """What the loader stores on each story of the page (in this order)."""

    edition_date: datetime.date | None = None
    page: int | None = None
    page_name: str = ""


# Where a value came from, for the preview.
OPTION, FILE_NAME, PAGE_TEXT = "option", "file name", "page text"
ORIGINS = {
    OPTION: gettext_lazy("as chosen"),
    FILE_NAME: gettext_lazy("from the file name"),
    PAGE_TEXT: gettext_lazy("from the page's masthead"),
}


@dataclass(frozen=True)
class Found:
    """A page's metadata with, per field, where it came from (None: nowhere)."""

    meta: PageMeta
    origins: dict[str, str | None]


# ---------------------------------------------------------------------------
# What an editor types


def parse_edition_date(value: str | datetime.date | None) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.date):
        date = value
    else:
        try:
            date = datetime.date.fromisoformat(value.strip())
        except ValueError:
            raise ImportRefused(
                _("The edition date must be a date like 2023-01-17, not “%(value)s”.")
                % {"value": value}
            ) from None
    latest = timezone.localdate() + datetime.timedelta(days=DAYS_AHEAD)
    if not datetime.date(1900, 1, 1) <= date <= latest:
        raise ImportRefused(
            _("The edition date %(date)s is not plausible: it must lie between 1900 and "
              "%(latest)s.") % {"date": date.isoformat(), "latest": latest.isoformat()}
        )
    return date


_PAGE_OPTION_RE = re.compile(r"第?\s*(\d{1,3})\s*版?")


def parse_page_number(value: str | int | None) -> int | None:
    if value in (None, ""):
        return None
    match = _PAGE_OPTION_RE.fullmatch(str(value).strip())
    number = int(match.group(1)) if match else 0
    if not 1 <= number <= MAX_PAGE:
        raise ImportRefused(
            _("The page number (版次) must be a whole number from 1 to %(max)d, "
              "not “%(value)s”.") % {"max": MAX_PAGE, "value": value}
        )
    return number


def parse_page_name(value: str | None) -> str:
    name = " ".join((value or "").split())
    if len(name) > PAGE_NAME_LENGTH:
        raise ImportRefused(
            _("The page name (版名) can be at most %(max)d characters; “%(value)s” has "
              "%(length)d.") % {"max": PAGE_NAME_LENGTH, "value": name, "length": len(name)}
        )
    return name


# ---------------------------------------------------------------------------
# What a file name and a masthead say

_ISO_DATE = r"(?<!\d)((?:19|20)\d\d)([-_.]?)(\d\d)\2(\d\d)(?!\d)"
_CHINESE_DATE = r"((?:19|20)\d\d)年(\d{1,2})月(\d{1,2})日"
_NAME_DATE_RE = re.compile(f"{_ISO_DATE}|{_CHINESE_DATE}")
# The number right after the date (2023-01-17_03, 20230117-03) or marked as a page anywhere.
_AFTER_DATE_RE = re.compile(r"[-_ .]+(?:第)?0*(\d{1,3})(?:版)?(?!\d)")
_MARKED_PAGE_RE = re.compile(
    r"(?<!\d)(?:第\s*)?0*(\d{1,3})\s*版|(?<![A-Za-z])(?i:page|p)[-_ ]?0*(\d{1,3})(?!\d)"
)
_NAME_AFTER_PAGE_RE = re.compile(r"\s*[-_ ：:·|]*\s*([\u4e00-\u9fff]{2,8})")
_MASTHEAD_MARK_RE = re.compile(
    r"星期[一二三四五六日天]|周[一二三四五六日天]|农历|第\s*\d{1,3}\s*版"
)
_STAFF_WORDS = ("编辑", "审核", "校对", "美编", "终审", "记者")
MASTHEAD_LINES = 3        # lines looked at, at the top and at the bottom of the page
MASTHEAD_LENGTH = 80


def _date(groups) -> datetime.date | None:
    year, month, day = (int(g) for g in groups)
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _find_date(text: str) -> tuple[datetime.date | None, int]:
    """The first real date in ``text`` and where it ends (0 when there is none)."""
    for match in _NAME_DATE_RE.finditer(text):
        groups = match.groups()
        iso = (groups[0], groups[2], groups[3]) if groups[0] else groups[4:7]
        date = _date(iso)
        if date is not None:
            return date, match.end()
    return None, 0


def _page_name_after(text: str, end: int) -> str:
    match = _NAME_AFTER_PAGE_RE.match(text, end)
    if not match or match.group(1).endswith(_STAFF_WORDS):
        return ""
    return match.group(1)


def _find_page(text: str, after: int) -> tuple[int | None, str]:
    """The page number in ``text`` (a marked one, or the number right after the date)."""
    marked = _MARKED_PAGE_RE.search(text)
    if marked:
        number, end = int(marked.group(1) or marked.group(2)), marked.end()
    else:
        following = _AFTER_DATE_RE.match(text, after) if after else None
        if not following:
            return None, ""
        number, end = int(following.group(1)), following.end()
    if not 1 <= number <= MAX_PAGE:
        return None, ""
    return number, _page_name_after(text, end)


def from_file_name(name: str) -> PageMeta:
    stem = name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    stem = stem.rsplit(".", 1)[0] if "." in stem else stem
    date, after = _find_date(stem)
    page, page_name = _find_page(stem, after)
    return PageMeta(date, page, page_name)


def from_masthead(text: str) -> PageMeta:
    """Date, page and name from a masthead line at the top or bottom of the page, if any.

    A masthead line is short and carries a full date together with a weekday, the lunar
    date or a page number, which no sentence of a story does.
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in [*lines[:MASTHEAD_LINES], *lines[-MASTHEAD_LINES:]]:
        if len(line) > MASTHEAD_LENGTH or not _MASTHEAD_MARK_RE.search(line):
            continue
        date, _end = _find_date(line)
        if date is None:
            continue
        page, page_name = _find_page(line, 0)
        return PageMeta(date, page, page_name)
    return PageMeta()


def settle(chosen: PageMeta, file_name: str, text: str) -> Found:
    """Each field from the first of: the editor's choice, the file name, the masthead."""
    sources = [(OPTION, chosen), (FILE_NAME, from_file_name(file_name)),
               (PAGE_TEXT, from_masthead(text))]
    values, origins = {}, {}
    for field in PageMeta._fields:
        origin, value = next(((o, getattr(m, field)) for o, m in sources if getattr(m, field)),
                             (None, PageMeta._field_defaults[field]))
        values[field], origins[field] = value, origin
    return Found(PageMeta(**values), origins)
