"""Numbers to GB/T 15835-2011 《出版物上数字用法》."""

import re

from django.utils.translation import gettext_lazy as _

from articles.proofreading.findings import GB_NUMBERS, NUMBERS, Rule, finding

SHORT_YEAR = Rule("numbers.short_year", NUMBERS, _("year written short"), f"{GB_NUMBERS} 5.2.1")
MIXED_YEARS = Rule("numbers.mixed_years", NUMBERS,
                   _("years written both in Chinese numerals and in digits"), f"{GB_NUMBERS} 5.1")
DIGITS_WITH_UNITS = Rule("numbers.digits_with_thousand", NUMBERS,
                         _("digits mixed with 千 or 百"), f"{GB_NUMBERS} 5.2.3")
RULES = [SHORT_YEAR, MIXED_YEARS, DIGITS_WITH_UNITS]

# Two digits and 年 is a duration (工作了23年, 23年来) unless a month or a part of the year
# follows: then it is a date with the century cut off.
SHORT_YEAR_RE = re.compile(
    r"(?<![\d.０-９])(\d{2})年(?=\d{1,2}月|[一二三四五六七八九十]{1,2}月|底|初(?!心)|末|上半年|下半年)"
)


def short_year(field_name, text):
    for match in SHORT_YEAR_RE.finditer(text):
        digits = match.group(1)
        yield finding(SHORT_YEAR, field_name, text, match.start(), match.end(),
                      f"20{digits}年", certain=False)


CHINESE_YEAR = re.compile(r"[〇零一二三四五六七八九]{4}年")
DIGIT_YEAR = re.compile(r"(?<![\d.])\d{4}年")
TITLE = re.compile(r"《[^《》\n]*》")


def mixed_years(field_name, text):
    """One story, one way of writing years: report the rarer form (the Chinese one on a tie).

    Titles in 《》 keep their own spelling.
    """
    titles = [m.span() for m in TITLE.finditer(text)]

    def outside_titles(matches):
        return [m for m in matches if not any(a <= m.start() < b for a, b in titles)]

    chinese = outside_titles(CHINESE_YEAR.finditer(text))
    digits = outside_titles(DIGIT_YEAR.finditer(text))
    if not chinese or not digits:
        return
    rare = chinese if len(chinese) <= len(digits) else digits
    for match in rare:
        yield finding(MIXED_YEARS, field_name, text, match.start(), match.end(),
                      _to_other_form(match.group()), certain=False)


CHINESE_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0"}


def _to_other_form(year):
    if year[0].isdigit():
        return "".join("〇一二三四五六七八九"[int(d)] for d in year[:-1]) + "年"
    return "".join(CHINESE_DIGITS[c] for c in year[:-1]) + "年"


# 千米, 千克, 千瓦 … are units, and 百分之 a percentage: not numbers mixed with 千 or 百.
DIGITS_THOUSAND = re.compile(
    r"(?<![\d.])(\d+(?:\.\d+)?)([千百])(?![米克瓦伏帕卡赫兆焦])(万|亿)?"
)


def digits_with_thousand(field_name, text):
    for match in DIGITS_THOUSAND.finditer(text):
        number, unit, big = match.groups()
        value = float(number) * (1000 if unit == "千" else 100)
        exact = value == int(value)
        suggestion = f"{int(value)}{big or ''}" if exact else ""
        yield finding(DIGITS_WITH_UNITS, field_name, text, match.start(), match.end(),
                      suggestion, certain=exact)




CHECKS = [short_year, mixed_years, digits_with_thousand]
