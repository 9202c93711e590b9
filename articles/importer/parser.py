"""The import format: plain-text dumps of printed pages of the paper.

A dump is what PDF extraction gives for one printed page: an optional banner
(the page's slogan), then stories, each a headline block (kicker, headline,
subheadline) followed by a lead (``本报讯（记者 …）``) and body paragraphs, with
photo credits, bylines and staff lines scattered in between. Extraction cuts
paragraphs anywhere, even inside a word, and leaves blank lines between the
halves, so paragraphs are rebuilt from punctuation, not from blank lines.

Everything here is pure Python: no database, and of Django only ``gettext_noop``,
which marks the messages for translation and does nothing else. The only exception
``decode``, ``parse_page`` and ``parse_bytes`` raise for bad input is
``ImportFormatError``: one sentence meant for the user, in English, with its msgid and
parameters for whoever shows it translated.
"""

from __future__ import annotations

import codecs
import datetime
import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext_noop

from articles.importer.hanzi import regex, simplified, traditional

MAX_BYTES = 5 * 1024 * 1024


class ImportFormatError(ValueError):
    """The data is not a page the importer can read; the message says why in one sentence."""

    def __init__(self, message: str, **params):
        self.message, self.params = message, params
        super().__init__(message % params if params else message)


# ---------------------------------------------------------------------------
# Decoding

_BOMS = (
    # UTF-32 first: its little-endian mark begins with UTF-16's.
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_CJK_RE = re.compile(r"[\u4e00-\u9fff]")
# Characters a Chinese news page is made of; anything else in bulk means a wrong decoding.
_ORDINARY_RE = re.compile(
    r"[\s\x20-\x7e\u00a0-\u024f\u2000-\u206f\u2100-\u218f\u2460-\u24ff\u2500-\u25ff"
    r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]"
)
_ODD_RE = re.compile(r"[\ue000-\uf8ff\ufdd0-\ufdef\ufff0-\uffff]")


def _size_text(size: int) -> str:
    return f"{size / 1024 / 1024:.2f} MB"


def _check_plausible(text: str, label: str) -> None:
    """Reject a decoding that worked byte-wise but produced no readable Chinese text."""
    if not text.strip():
        return
    odd = len(_ODD_RE.findall(text))
    ordinary = len(_ORDINARY_RE.findall(text))
    if odd > len(text) // 200 or ordinary < 0.9 * len(text):
        raise ImportFormatError(gettext_noop(
            "The file cannot be decoded: as %(encoding)s it does not read as Chinese text, "
            "and no other supported encoding fits."
        ), encoding=label)
    if label == "GB18030":
        # Big5 or Shift-JIS bytes often decode as GBK, but into rare characters
        # outside GB2312, which real simplified-Chinese text hardly ever uses.
        # Traditional characters count as common when their Simplified form is: GBK
        # holds Traditional text too, which Big5 read as GBK does not give.
        cjk = "".join(_CJK_RE.findall(text))
        if len(cjk) >= 10:
            common = len(simplified(cjk).encode("gb2312", "ignore")) // 2
            if common < 0.8 * len(cjk):
                raise ImportFormatError(gettext_noop(
                    "The file cannot be decoded: it is not UTF-8, and read as GB18030 "
                    "it gives mostly rare characters, so its encoding is unknown."
                ))


def decode(data: bytes) -> str:
    """The text of a page dump, with LF line endings.

    UTF-8 (with or without a byte-order mark), UTF-16 or UTF-32 with a byte-order
    mark, and GB18030/GBK are recognised; anything else is refused rather than guessed.
    """
    if not isinstance(data, bytes | bytearray | memoryview):
        raise TypeError(f"decode() needs bytes, not {type(data).__name__}")
    data = bytes(data)
    if len(data) > MAX_BYTES:
        raise ImportFormatError(gettext_noop(
            "The file is too large for a page dump: %(size)s, over the limit of %(limit)d MB."
        ), size=_size_text(len(data)), limit=MAX_BYTES // 1024 // 1024)
    if not data:
        raise ImportFormatError(gettext_noop("The file is empty."))
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(codec)
            except UnicodeDecodeError:
                raise ImportFormatError(gettext_noop(
                    "The file cannot be decoded: it starts with a %(encoding)s byte-order "
                    "mark but is not valid %(encoding)s text."
                ), encoding=label) from None
            _check_controls(text)
            if label != "UTF-8":
                _check_plausible(text, label)
            break
    else:
        if b"\x00" in data:
            raise ImportFormatError(gettext_noop(
                "The file looks binary (it contains NUL bytes), not like a text page."
            ))
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            try:
                text = data.decode("gb18030")
            except UnicodeDecodeError:
                raise ImportFormatError(gettext_noop(
                    "The file cannot be decoded: it is neither UTF-8 nor GB18030/GBK text."
                )) from None
            _check_controls(text)
            _check_plausible(text, "GB18030")
        else:
            _check_controls(text)
    text = _normalize_newlines(text)
    if not text.strip():
        raise ImportFormatError(
            gettext_noop("The file is empty: it contains nothing but whitespace.")
        )
    return text


def _check_controls(text: str) -> None:
    if _CONTROL_RE.search(text):
        raise ImportFormatError(gettext_noop(
            "The file looks binary (it contains control characters), not like a text page."
        ))


def _normalize_newlines(text: str) -> str:
    return _NEWLINES_RE.sub("\n", text)


_NEWLINES_RE = re.compile(r"\r\n|[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def _compat_table() -> dict[int, str | None]:
    # PDF extraction often yields Kangxi radicals or compatibility ideographs that look
    # like ordinary characters (⽇ for 日); names and tags only match the ordinary ones.
    table: dict[int, str | None] = {}
    for start, end in ((0x2E80, 0x2FE0), (0xF900, 0xFB00)):
        for cp in range(start, end):
            folded = unicodedata.normalize("NFKC", chr(cp))
            if folded != chr(cp) and len(folded) == 1:
                table[cp] = folded
    for cp in (0x00AD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF):
        table[cp] = None
    return table


_COMPAT = _compat_table()


# ---------------------------------------------------------------------------
# Data


@dataclass(frozen=True)
class Story:
    position: int
    headline: str
    kicker: str | None
    subheadline: str | None
    kind: str
    reporters: tuple[str, ...]
    correspondents: tuple[str, ...]
    photographers: tuple[str, ...]
    editors: tuple[str, ...]
    dateline: str | None
    paragraphs: tuple[str, ...]
    interns: tuple[str, ...] = ()
    staff: tuple[tuple[str, str], ...] = ()     # (label as printed, name) of each staff line

    def as_dict(self) -> dict:
        return {
            "headline": self.headline,
            "kicker": self.kicker,
            "subheadline": self.subheadline,
            "kind": self.kind,
            "reporters": list(self.reporters),
            "correspondents": list(self.correspondents),
            "photographers": list(self.photographers),
            "editors": list(self.editors),
            "dateline": self.dateline,
            "paragraphs": list(self.paragraphs),
            "interns": list(self.interns),
            "staff": [list(pair) for pair in self.staff],
        }

    @property
    def text(self) -> str:
        head = [part for part in (self.kicker, self.headline, self.subheadline) if part]
        return "\n".join([*head, *self.paragraphs])


@dataclass(frozen=True)
class Page:
    source: str
    banner: str | None
    stories: tuple[Story, ...]


# ---------------------------------------------------------------------------
# People: bylines, photo credits, staff lines

REPORTER, CORRESPONDENT = "reporter", "correspondent"
PHOTOGRAPHER, EDITOR = "photographer", "editor"
INTERN, STAFF_ROLE = "intern", "staff"

# Every label a page prints before names. Editing labels make editors; the other
# staff labels (审核, 校对, 终审 …) are print credits only, each kept with its label.
# An intern (实习生) is credited as such, never as a reporter.
_ROLE_RE = regex(
    r"(?P<staff>美术编辑|美编|版式设计|版式|审核|审校|审签|复审|初审|终审|一审|二审|三审|校对|监制|统筹)"
    r"|(?P<editor>责任编辑|值班编辑|本版编辑|责编|编辑)"
    r"|(?P<photographer>(?:本报)?(?:全媒体)?摄影记者|摄影(?!报道))"
    r"|(?P<correspondent>(?:本报)?(?:特约)?通讯员)"
    r"|(?P<intern>实习生|实习记者)"
    # A reporter of another outlet names it first: 工人日报-中工网记者, 北京日报客户端记者.
    r"|(?P<reporter>(?:(?:本报|新华社|中新社|[\u4e00-\u9fff]{1,6}?(?:日报|晚报|工人报|时报|报|网|台"
    r"|客户端))[-－—·]?)*(?:全媒体)?(?:特约|见习|首席)?(?:全媒体)?记者)"
)
_NAME_RE = re.compile(
    r"[\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff]{1,8}(?:[·•・．][\u4e00-\u9fff]{1,8}){1,2}"
)
_NOT_NAMES = frozenset(
    "本报 记者 通讯员 编辑 摄影 报道 图片 图文 新华社 近日 日前 今年 当天 目前 近期 昨天 今天 "
    "上午 下午 晚上 北京 本报讯 摄影报道 实习生 审核 终审 校对 全媒体 见习 特约 责任编辑 二审 "
    "三审 一审 复审 初审 审校 美编".split()
)
# In both spellings, so that a name is checked without converting it.
_NOT_NAMES = _NOT_NAMES | {traditional(word) for word in _NOT_NAMES}
_PEOPLE_SPLIT_RE = re.compile(r"[\s、，,;；|丨]+")
_SLASH_BEFORE_RE = regex(r"(图|文|摄影|摄|文字)/(.+)")
_SLASH_AFTER_RE = regex(r"(.+?)/(摄影|摄|图|文|文字)")
_PEOPLE_HINT_RE = regex(r"记者|通讯员|编辑|审|终审|校对|责编|美编|摄|实习|/|图|监制|统筹|版式")
_SLASH_ROLES = {"图": PHOTOGRAPHER, "摄": PHOTOGRAPHER, "摄影": PHOTOGRAPHER,
                "文": REPORTER, "文字": REPORTER}
_CREDIT_WORDS = {"摄": "摄", "/摄": "摄", "摄影": "摄", "摄影报道": "摄影报道", "报道": None}
# 文/本报记者 甲 图/本报记者 乙, 文/图 本报记者 甲: what the names after it did.
_SLASH_PREFIX_RE = regex(r"(文/图|图/文|文字|文|图|摄影|摄)[/／]?")
_SLASH_PREFIX_ROLES = {"文/图": (None, PHOTOGRAPHER), "图/文": (None, PHOTOGRAPHER),
                       "文": (None,), "文字": (None,), "图": (PHOTOGRAPHER,),
                       "摄影": (PHOTOGRAPHER,), "摄": (PHOTOGRAPHER,)}


@dataclass(frozen=True)
class _People:
    # (role or None, name, label as printed or None), in order
    people: tuple[tuple[str | None, str, str | None], ...]
    marker: str | None                           # "摄" / "摄影报道" when it is a photo credit
    had_role: bool

    @property
    def roles(self) -> set[str | None]:
        return {role for role, _name, _label in self.people}


def _valid_name(token: str) -> bool:
    return _NAME_RE.fullmatch(token) is not None and token not in _NOT_NAMES


def _ends_with_word(piece: str, word: str) -> bool:
    return len(piece) > len(word) and _ENDINGS[word].search(piece) is not None


_ENDINGS = {word: regex(re.escape(word) + "$") for word in ("摄影报道", "报道", "摄")}


def _parse_people(text: str, glued: bool = True) -> _People | None:
    """Names by role from a byline, credit or staff line; None if anything else is in it.

    With ``glued`` false a role word must be set apart from the name after it
    (记者 张三, 编辑：李四), so that a headline such as 编辑部的故事 is no staff line;
    a photo credit (…摄) may still glue them.
    """
    text = text.replace("：", " ").replace(":", " ").replace("／", "/").strip()
    if not text:
        return None
    people: list[tuple[str | None, str, str | None]] = []
    marker: str | None = None
    had_role = False
    role: str | None = None
    label: str | None = None
    last = 0
    chunks: list[tuple[str | None, str | None, str]] = []
    last_word = ""
    stuck = False
    for match in _ROLE_RE.finditer(text):
        chunks.append((role, label, text[last:match.start()]))
        role, last, had_role = match.lastgroup, match.end(), True
        label = last_word = match.group()
        stuck = stuck or (last < len(text) and not text[last].isspace())
    if simplified(last_word) == "摄影" and not text[last:].strip():
        marker = "摄"   # 孙妍 摄影: the word closes a credit instead of opening a role
    else:
        chunks.append((role, label, text[last:]))
    override: tuple[str | None, ...] | None = None
    for chunk_role, chunk_label, chunk in chunks:
        for piece in _PEOPLE_SPLIT_RE.split(chunk):
            if not piece:
                continue
            word = simplified(piece)
            prefix = _SLASH_PREFIX_RE.fullmatch(word)
            if prefix and "/" in word:
                override, had_role = _SLASH_PREFIX_ROLES[prefix.group(1)], True
                continue
            if override is not None and _valid_name(piece):
                for role_of_name in override:
                    role_of_name = role_of_name or chunk_role or REPORTER
                    people.append((role_of_name, piece, chunk_label))
                continue
            if word in _CREDIT_WORDS:
                if _CREDIT_WORDS[word]:
                    marker = marker or _CREDIT_WORDS[word]
                continue
            name, token_role, token_label = piece, chunk_role, chunk_label
            slash = _SLASH_BEFORE_RE.fullmatch(piece) or _SLASH_AFTER_RE.fullmatch(piece)
            if slash:
                tag, name = ((slash.group(1), slash.group(2)) if slash.re is _SLASH_BEFORE_RE
                             else (slash.group(2), slash.group(1)))
                token_role, token_label = _SLASH_ROLES[simplified(tag)], tag
                if token_role == PHOTOGRAPHER:
                    marker = marker or "摄"
                had_role = True
            elif _ends_with_word(piece, "摄影报道") and _valid_name(piece[:-4]):
                name, marker = piece[:-4], "摄影报道"
            elif _ends_with_word(piece, "报道") and _valid_name(piece[:-2]):
                name = piece[:-2]   # 记者张三报道: the word closes a lead's byline
            elif _ends_with_word(piece, "摄") and _valid_name(piece[:-1]):
                name, marker = piece[:-1], marker or "摄"
            if not _valid_name(name):
                return None
            people.append((token_role, name, token_label))
    if not people or (stuck and not glued and not marker):
        return None
    return _People(tuple(people), marker, had_role)


def _dedupe(names) -> tuple[str, ...]:
    return tuple(dict.fromkeys(names))


# ---------------------------------------------------------------------------
# Lines

TEXT, LEAD, CREDIT, BYLINE, STAFF, MARKER = "text", "lead", "credit", "byline", "staff", "marker"
SUBHEAD = "subhead"
# A leading mark sets a line apart: ■ before a subheading inside a story, □ before a byline.
_MARKS = "■□▲△◆◇●○★☆◎▶►"
_ORDINAL_HEAD_RE = re.compile(r"[一二三四五六七八九十]{1,3}、")

_LEAD_RE = regex(
    r"(?:本报|新华社|人民日报|工人日报|中新社)(?:[\u4e00-\u9fff]{1,4}?)?"
    r"(?:[0-9０-９]{1,2}月[0-9０-９]{1,2}日)?(?:讯|电)"
)
_JUMP = r"[（(]?(?:下转|上接|转|接)第?[0-9０-９一二三四五六七八九十]+版[）)]?"
_JUMP_LINE_RE = regex(_JUMP)
_JUMP_INLINE_RE = regex(r"[（(](?:下转|上接|转|接)第?[0-9０-９一二三四五六七八九十]+版[）)]")
_LABEL_RE = regex(r"(引题|肩题|主题|主标题|标题|副题|副标题)[:：]\s*")
_LABEL_ROLE = {"引题": "kicker", "肩题": "kicker", "主题": "headline", "主标题": "headline",
               "标题": "headline", "副题": "subheadline", "副标题": "subheadline"}


@dataclass
class _Line:
    text: str
    kind: str = TEXT
    people: _People | None = None
    paren: bool = False


def _classify(text: str) -> _Line:
    if _JUMP_LINE_RE.fullmatch(text):
        return _Line(text, MARKER)
    if _LEAD_RE.match(text):
        return _Line(text, LEAD)
    marked = text[:1] in _MARKS
    bare = text.lstrip(_MARKS + " \u3000") if marked else text
    if len(bare) <= 60 and _PEOPLE_HINT_RE.search(bare):
        paren = bare[:1] in "（(" and bare[-1:] in "）)"
        people = _parse_people(bare[1:-1] if paren else bare, glued=paren)
        if people is not None:
            if people.roles <= {EDITOR, STAFF_ROLE}:
                return _Line(text, STAFF, people, paren)
            if people.marker:
                return _Line(text, CREDIT, people, paren)
            if people.had_role:
                return _Line(text, BYLINE, people, paren)
    if ((marked or _ORDINAL_HEAD_RE.match(text)) and bare and len(bare) <= 30
            and _headline_like(bare, False)):
        return _Line(text, SUBHEAD)   # a section of a story, never a story of its own
    return _Line(text)


# ---------------------------------------------------------------------------
# Shape of a line: sentence end, headline, body

_SENT_END = frozenset("。！？!?…；;.")
_CLOSERS = "”’」』》】"
_FRAGMENT_END = frozenset("，,、（(“‘《【")
_QUOTE_PAIRS = {"“": "”", "‘": "’", "《": "》", "（": "）", "(": ")", "「": "」", "『": "』",
                "【": "】"}
_CLOSE_OF = {v: k for k, v in _QUOTE_PAIRS.items()}


def _terminal(line: str) -> bool:
    """Whether a line ends a paragraph: sentence-ending punctuation, maybe inside quotes."""
    s = line.rstrip()
    end = len(s)
    while end:
        last = s[end - 1]
        if last in "）)":
            window = max(0, end - 41)
            opening = max(s.rfind("（", window, end - 1), s.rfind("(", window, end - 1))
            if opening == 0:
                return True   # a line that is all parenthesis, such as （完）
            if opening < 0 or (end >= 2 and s[end - 2] in _SENT_END):
                end -= 1      # a closing bracket after the sentence ended inside it
            else:
                end = opening
                while end and s[end - 1].isspace():
                    end -= 1
        elif last in _CLOSERS:
            end -= 1
        else:
            return last in _SENT_END
    return True


def _outside_quotes(line: str):
    """The characters of a line that are not inside quotes or brackets."""
    depth = 0
    for ch in line:
        if ch in _QUOTE_PAIRS:
            depth += 1
        elif ch in _CLOSE_OF:
            depth = max(0, depth - 1)
        elif depth == 0:
            yield ch


def _balanced(line: str) -> bool:
    return all(line.count(o) == line.count(c) for o, c in _QUOTE_PAIRS.items())


def _headline_like(line: str, strict: bool) -> bool:
    """A line that may be part of a headline block: short, no sentence inside it."""
    if len(line) < 2 or len(line) > 60:
        return False
    if "。" in line or "；" in line or ";" in line or line[-1] in _FRAGMENT_END:
        return False
    core = line.rstrip(_CLOSERS + "）)")
    if not core or core[-1] in "。…；;.，,、":
        return False
    if strict:
        if core[-1] in "！？!?：:—-" or not _balanced(line):
            return False
        outside = "".join(_outside_quotes(line))
        if "，" in outside or "," in outside:
            return False
        if "：" in outside or ":" in outside:
            return _PLACE_COLON_RE.fullmatch(line) is not None
    return True


# 密云：职工书屋开进山区 is a headline; 张三说：这是我们的 is a sentence cut in two.
_PLACE_COLON_RE = re.compile(
    r"(?P<where>[^：:，,。]{2,8})(?<!说)(?<!道)(?<!表示)(?<!指出)(?<!介绍)(?<!认为)(?<!称)(?<!问)"
    r"(?<!强调)(?<!提到)(?<!透露)(?<!坦言)(?<!记者)[：:][^：:，,。]{5,}"
)


def _long_headline_like(line: str) -> bool:
    """A headline of any length right above a lead: no sentence in it, and unfinished as a
    paragraph would never be where a story starts."""
    return (len(line) <= _MAX_HEADLINE and not any(ch in line for ch in "。；;！？")
            and not _terminal(line) and line[-1] not in _FRAGMENT_END)


_MAX_HEADLINE = 150


def _body_like(line: str) -> bool:
    return len(line) > 36 or _terminal(line) or any(ch in line for ch in "，。！？")


def _kicker_like(first: str, second: str) -> bool:
    """比技能 强本领 over a headline twice as long: short parallel phrases lead into it."""
    parts = first.split()
    return (len(parts) >= 2 and all(len(part) <= 5 for part in parts)
            and 2 * len("".join(parts)) <= len(second))


def _slogan_like(line: str) -> bool:
    """A page banner: parallel clauses separated by spaces, without punctuation."""
    parts = line.split()
    if len(parts) < 2 or any(len(part) < 4 for part in parts) or len("".join(parts)) < 10:
        return False
    return not any(ch in line for ch in "，。！？、：“”‘’《》（）()!?,:;；\"'")


# ---------------------------------------------------------------------------
# Story building

# 3月5日-6日 begins with a whole date; 3月5～6日 has none, so it is kept as printed.
_DATE_RE = re.compile(
    r"(?:[0-9０-９]{4}年)?[0-9０-９]{1,2}月[0-9０-９]{1,2}(?:[～~〜][0-9０-９]{1,2})?日"
)
_LEAD_PAREN_RE = re.compile(r"\s*[（(]([^（）()]{1,60})[）)]")
_TRAILING_PAREN_RE = re.compile(r"[（(]([^（）()]{2,60})[）)]\s*$")
_CREDIT_BOUNDARY = frozenset(" \t\u3000。！？!?…”’）)")


def _split_lead(text: str) -> tuple[str, _People | None, str]:
    """(lead prefix including the byline, the byline's people, the rest of the paragraph)."""
    match = _LEAD_RE.match(text)
    prefix, rest = text[:match.end()], text[match.end():]
    paren = _LEAD_PAREN_RE.match(rest)
    if paren:
        people = _parse_people(paren.group(1))
        if people is not None:
            return prefix + rest[:paren.end()], people, rest[paren.end():].strip()
        return prefix, None, rest.strip()
    stripped = rest.lstrip()
    skipped = len(rest) - len(stripped)
    if _ROLE_RE.match(stripped):
        # Without parentheses the byline ends where a token stops being a name, or
        # right after 摄影报道 when no space follows it.
        # A byline closed by 报道 ends there, whatever follows.
        best = 0
        closed = [m.end() for m in _REPORTED_RE.finditer(stripped[:60])]
        cuts = {m.end() for m in re.finditer(r"\S+", stripped[:60])} | set(closed)
        for cut in sorted(cuts):
            if _parse_people(stripped[:cut]) is not None:
                best = cut
                if cut in closed:
                    break
        if best:
            people = _parse_people(stripped[:best])
            return prefix + rest[:skipped + best], people, stripped[best:].strip()
    return prefix, None, rest.strip()


_REPORTED_RE = regex(r"摄影报道|报道")
_CREDIT_END_RE = regex(r"(?:摄|摄影|摄影报道)$")
_SPACED_CREDIT_RE = regex(r"\s摄(?:影报道|影)?$")


def _split_trailing_people(paragraph: str) -> tuple[str, _People | None]:
    """Split a credit (… 本报记者 X 摄) or byline (…（记者 X）) off the end of a paragraph."""
    s = paragraph.rstrip()
    paren = _TRAILING_PAREN_RE.search(s)
    if paren and (paren.start() == 0 or _terminal(s[:paren.start()])):
        people = _parse_people(paren.group(1))
        if people is not None and (people.had_role or people.marker):
            return s[:paren.start()].rstrip(), people
    if not _CREDIT_END_RE.search(s):
        return paragraph, None
    for start in range(max(0, len(s) - 50), len(s)):
        if start and s[start - 1] not in _CREDIT_BOUNDARY:
            continue
        tail = s[start:].strip()
        if not tail or tail[0] in _CREDIT_BOUNDARY:
            continue
        people = _parse_people(tail)
        if people is None or not people.marker:
            continue
        spaced = _SPACED_CREDIT_RE.search(tail) is not None
        if people.had_role or "/" in tail or spaced or people.marker == "摄影报道":
            return s[:start].rstrip(), people
    return paragraph, None


def _ends_paragraph(text: str) -> bool:
    """A sentence end, or a photo credit closing a caption (…。本报记者 X 摄影报道)."""
    if _terminal(text):
        return True
    return _CREDIT_END_RE.search(text) is not None and _split_trailing_people(text)[1] is not None


def _separator(left: str, right: str) -> str:
    """What goes between two halves of a cut paragraph: nothing, as Chinese has no spaces."""
    if left[-1:] in (",", ".", ";", ":", "!", "?") and right[:1].isascii() and right[:1].isalnum():
        return " "   # English words cut at a space, not inside a word
    return ""


def _join(left: str, right: str) -> str:
    return left + _separator(left, right) + right


class _StoryBuilder:
    def __init__(self, head: list[str]):
        self.kicker, self.headline, self.subheadline = _assign_headline(head)
        self.roles: dict[str, list[str]] = {REPORTER: [], CORRESPONDENT: [], PHOTOGRAPHER: [],
                                            EDITOR: [], INTERN: []}
        self.staff: list[tuple[str, str]] = []
        self.paragraphs: list[str] = []
        # The paragraph being rebuilt, in pieces: joining a long one piece by piece
        # must not copy it over and over.
        self.pieces: list[str] = []
        self.lead_prefix = ""
        self.has_lead = False
        self.has_author = False
        self.credits: list[_People] = []

    def add_people(self, people: _People, *, default_role: str | None = None) -> None:
        for role, name, label in people.people:
            role = role or default_role
            if role in (EDITOR, STAFF_ROLE):
                self.staff.append((label, name))
            if role and role != STAFF_ROLE:
                self.roles[role].append(name)

    def add_line(self, body: list[_Line], index: int) -> int:
        """Take line ``index`` of the body; returns the index of the next line to take."""
        line = body[index]
        index += 1
        if line.kind == LEAD:
            self.flush()
            text = line.text
            # A byline cut in two by the extraction: （记者 张三 通讯员 / 李四）…
            while (text.count("（") + text.count("(") > text.count("）") + text.count(")")
                   and index < len(body) and body[index].kind == TEXT and len(text) < 80):
                text = _join(text, body[index].text)
                index += 1
            prefix, people, rest = _split_lead(text)
            if not self.has_lead and not self.paragraphs:
                self.lead_prefix = prefix
            self.has_lead = True
            if people is not None:
                self.add_people(people, default_role=REPORTER)
                if people.marker:
                    self.roles[PHOTOGRAPHER].extend(name for _role, name, _label in people.people)
            self.pieces = [rest] if rest else []
        elif line.kind == TEXT:
            if self.pieces and not _ends_paragraph(self.tail()):
                self.pieces.append(_separator(self.pieces[-1], line.text) + line.text)
            else:
                self.flush()
                self.pieces = [line.text]
        elif line.kind == CREDIT:
            self.credits.append(line.people)
            self.drop_cut_label()
            if self.pieces and _ends_paragraph(self.tail()):
                self.flush()
        elif line.kind == SUBHEAD:
            self.flush()
            self.paragraphs.append(line.text)
        elif line.kind in (BYLINE, STAFF):
            if line.kind == BYLINE:
                self.drop_cut_label()
            self.add_people(line.people)
            if line.kind == BYLINE:
                self.has_author = True
            self.flush()
        return index

    def drop_cut_label(self) -> None:
        """…知识。本报 / 记者 甲 摄: the extraction cut the credit's 本报 off onto the paragraph."""
        if self.pieces and simplified(self.pieces[-1][-2:]) == "本报":
            rest = self.tail()[:-2]
            if rest and _terminal(rest):
                last = self.pieces[-1][:-2]
                self.pieces[-1:] = [last] if last else []

    def flush(self) -> None:
        if self.pieces:
            self.paragraphs.append("".join(self.pieces))
            self.pieces = []

    def tail(self) -> str:
        """Enough of the paragraph's end to tell whether it is finished."""
        tail = ""
        for piece in reversed(self.pieces):
            tail = piece + tail
            if len(tail) >= 80:
                break
        return tail

    def build(self, position: int) -> Story:
        self.flush()
        paragraphs: list[str] = []
        trailing_credit = False
        last_index = len(self.paragraphs) - 1
        for index, raw in enumerate(self.paragraphs):
            text = _JUMP_INLINE_RE.sub("", raw).strip()
            if index == 0 and not self.has_lead:
                text = self._strip_leading_byline(text)
            text, people = _split_trailing_people(text)
            if people is not None:
                if people.marker:
                    self.credits.append(people)
                    trailing_credit = trailing_credit or index == last_index
                else:
                    self.add_people(people, default_role=REPORTER)
                    self.has_author = True
            if text:
                paragraphs.append(text)
        photo = (not self.has_lead and not self.has_author and bool(self.credits)
                 and (trailing_credit or len(paragraphs) <= 1
                      or any(c.marker == "摄影报道" for c in self.credits)))
        for credit in self.credits:
            # 文/张三 图/李四 names the writer beside the photographer; otherwise everyone
            # in a credit took the photos, and in a photo item also wrote the caption.
            explicit = any(role == PHOTOGRAPHER for role, _name, _label in credit.people)
            for role, name, _label in credit.people:
                if role in (REPORTER, CORRESPONDENT, INTERN) and (explicit or photo):
                    self.roles[role].append(name)
                if not explicit or role in (PHOTOGRAPHER, None):
                    self.roles[PHOTOGRAPHER].append(name)
        first = paragraphs[0] if paragraphs else ""
        date = _DATE_RE.search(f"{self.lead_prefix} {first}")
        return Story(
            position=position,
            headline=self.headline,
            kicker=self.kicker,
            subheadline=self.subheadline,
            kind="photo" if photo else "story",
            reporters=_dedupe(self.roles[REPORTER]),
            correspondents=_dedupe(self.roles[CORRESPONDENT]),
            photographers=_dedupe(self.roles[PHOTOGRAPHER]),
            editors=_dedupe(self.roles[EDITOR]),
            interns=_dedupe(self.roles[INTERN]),
            staff=tuple(dict.fromkeys(self.staff)),
            dateline=date.group(0) if date else None,
            paragraphs=tuple(paragraphs),
        )

    def _strip_leading_byline(self, text: str) -> str:
        match = _LEAD_PAREN_RE.match(text)
        if match:
            people = _parse_people(match.group(1))
            if people is not None and people.had_role and not people.marker:
                self.add_people(people, default_role=REPORTER)
                self.has_author = True
                return text[match.end():].strip()
        return text


def _tidy_head(line: str) -> str:
    return " ".join(line.split())


def _assign_headline(head: list[str]) -> tuple[str | None, str, str | None]:
    """(kicker, headline, subheadline) from the lines of a headline block."""
    slots: dict[str, str] = {}
    unlabelled = []
    for line in head:
        label = _LABEL_RE.match(line)
        if label and line[label.end():].strip():
            slot = _LABEL_ROLE[simplified(label.group(1))]
            slots.setdefault(slot, _tidy_head(line[label.end():]))
        else:
            unlabelled.append(_tidy_head(line))
    if slots:
        for line in unlabelled:
            for slot in ("headline", "subheadline", "kicker"):
                if slot not in slots:
                    slots[slot] = line
                    break
        return slots.get("kicker"), slots.get("headline", ""), slots.get("subheadline")
    if not unlabelled:
        return None, "", None
    if len(unlabelled) == 1:
        return None, unlabelled[0], None
    if len(unlabelled) == 2:
        first, second = unlabelled
        # A kicker leads into the headline (…： or …——); otherwise the second line
        # is the subheadline, which is how the paper sets a two-line block.
        if first[-1] in "：:" or first.endswith("——") or _kicker_like(first, second):
            return first, second, None
        return None, first, second
    return unlabelled[0], unlabelled[1], " ".join(unlabelled[2:])


# ---------------------------------------------------------------------------
# Page segmentation


def _boundary(lines: list[_Line], index: int) -> bool:
    """Whether a paragraph ends at line ``index`` (so a new one may start after it)."""
    line = lines[index]
    return line.kind not in (TEXT, LEAD, SUBHEAD) or _ends_paragraph(line.text)


_CAPTION_OPENING_RE = regex(
    r"(?:图为|(?:近日|日前|近期|当天|当日|今年以来|春节前夕|节日期间"
    r"|(?:[0-9０-９]{4}年)?[0-9０-９]{1,2}月[0-9０-９]{1,2}日(?:上午|下午|晚上|晚)?)[，,])"
)
# How far ahead a confirmation is looked for; keeps pathological input linear.
_LOOKAHEAD = 200


def _caption_end(lines: list[_Line], start: int, claimed: list[bool]) -> int:
    """Where a photo item's caption starting at ``start`` ends (past its credit), or 0 when
    the paragraph there is no caption."""
    text = ""
    index = start
    stop = min(len(lines), start + _LOOKAHEAD)
    while index < stop and lines[index].kind == TEXT and not claimed[index]:
        text = _join(text, lines[index].text) if text else lines[index].text
        index += 1
        if _ends_paragraph(text):
            break
    _rest, people = _split_trailing_people(text)
    if people is not None and people.marker:
        return index
    # A credit line under an ordinary story's last paragraph (本报记者 X 摄) is common;
    # it marks a photo item's caption only with 摄影报道, or under a paragraph that
    # opens the way captions do (近日，… / 图为…), which a cut sentence's rest does not.
    if index >= len(lines) or lines[index].kind != CREDIT:
        return 0
    if lines[index].people.marker == "摄影报道" or _CAPTION_OPENING_RE.match(text) is not None:
        return index + 1
    return 0


def _ends_with_byline(lines: list[_Line], start: int, claimed: list[bool]) -> bool:
    index = start
    stop = min(len(lines), start + _LOOKAHEAD)
    while index < stop and lines[index].kind in (TEXT, SUBHEAD) and not claimed[index]:
        index += 1
    if index < len(lines) and lines[index].kind == BYLINE:
        return True
    # A byline closing a paragraph, （记者 张三） inline, signs the story even when the
    # next story follows without a blank line.
    for k in range(start, index):
        if lines[k].text[-1:] in "）)":
            _rest, people = _split_trailing_people(lines[k].text)
            if people is not None and not people.marker:
                return True
    return False


def _find_blocks(lines: list[_Line]) -> tuple[dict[int, int], dict[int, int]]:
    """Headline blocks: start line -> number of headline lines (0 for a lead without one),
    and for photo items, start line -> the line past the caption's credit."""
    count = len(lines)
    claimed = [False] * count
    blocks: dict[int, int] = {}
    captions: dict[int, int] = {}

    def walk_back(anchor: int) -> int:
        start = anchor
        while (start > 0 and anchor - start < 4 and lines[start - 1].kind == TEXT
               and not claimed[start - 1]
               and (_headline_like(lines[start - 1].text, False)
                    or (start == anchor and _long_headline_like(lines[start - 1].text)))
               # Above the line next to the lead, a line that continues a cut paragraph
               # (…知识。本 / 报记者 甲 摄) belongs to that paragraph, not to the headline.
               and (start == anchor or start - 1 == 0 or _boundary(lines, start - 2)
                    or _headline_like(lines[start - 2].text, False))):
            start -= 1
        if anchor - start == 4 and start != 0:
            start += 1   # four lines only when the first is the page banner
        return start

    # A lead (本报讯…) is certain: the short lines just above it are its headline block.
    for index, line in enumerate(lines):
        anchor = line.kind == LEAD
        if (line.kind == BYLINE and not line.paren and index + 1 < count
                and lines[index + 1].kind == TEXT):
            # A byline under a headline, above the body, stands where a lead would.
            start = walk_back(index)
            anchor = start < index and (start == 0 or _boundary(lines, start - 1))
        if anchor:
            start = walk_back(index)
            blocks[start] = index - start
            for k in range(start, index + 1):
                claimed[k] = True

    # Without a lead, a story starts with short headline-shaped lines right after a
    # paragraph end, followed by body text, and something must confirm it (see below).
    caption_ends: set[int] = set()
    for index in range(count):
        if claimed[index] or lines[index].kind != TEXT:
            continue
        # Mid-paragraph only a photo item can stand (the extraction sets it between the
        # halves of a cut paragraph): a title, then a caption that opens as captions do.
        inside = bool(index) and not _boundary(lines, index - 1)
        if inside and not (index + 1 < count and lines[index + 1].kind == TEXT
                           and _CAPTION_OPENING_RE.match(lines[index + 1].text)):
            continue
        limit = 1 if inside else 4 if index == 0 else 3
        size = 0
        while (size < limit and index + size < count and lines[index + size].kind == TEXT
               and not claimed[index + size] and _headline_like(lines[index + size].text, True)):
            size += 1
        body = index + size
        if (size == 0 or body >= count or lines[body].kind != TEXT or claimed[body]
                or not _body_like(lines[body].text)):
            continue
        caption_end = _caption_end(lines, body, claimed)   # a photo-news caption
        if inside and not caption_end:
            continue
        confirmed = (
            index == 0
            or lines[index - 1].kind in (CREDIT, BYLINE, STAFF)
            or index in caption_ends               # right after a photo item
            or size >= 2                           # a headline with a subheadline
            or caption_end
            or _ends_with_byline(lines, body, claimed)   # a story signed at its end
        )
        if confirmed:
            blocks[index] = size
            if caption_end:
                captions[index] = caption_end
                caption_ends.add(caption_end)
            for k in range(index, body):
                claimed[k] = True
    return blocks, captions


def parse_page(text: str, source: str = "") -> Page:
    """The banner and stories of one page dump."""
    if not isinstance(text, str):
        raise TypeError(f"parse_page() needs str, not {type(text).__name__}")
    text = _normalize_newlines(text).translate(_COMPAT)
    lines = [_classify(stripped) for raw in text.split("\n") if (stripped := raw.strip())]
    blocks, captions = _find_blocks(lines)
    if not blocks:
        raise ImportFormatError(gettext_noop(
            "No story found: the page has no headline followed by body text."
        ))
    starts = sorted(blocks)
    banner = None
    first = starts[0]
    if first == 0 and blocks[0] >= 2 and (blocks[0] == 4 or _slogan_like(lines[0].text)):
        banner = _tidy_head(lines[0].text)
        blocks[1] = blocks.pop(0) - 1
        starts[0] = 1
    elif first > 0 and lines[0].kind == TEXT and _slogan_like(lines[0].text):
        banner = _tidy_head(lines[0].text)

    # Credits, bylines or staff lines above the first headline belong to the first story.
    pending = [line for line in lines[:starts[0]] if line.kind in (CREDIT, BYLINE, STAFF)]
    segments: list[tuple[int, list[_Line]]] = []
    for number, start in enumerate(starts):
        end = starts[number + 1] if number + 1 < len(starts) else len(lines)
        size = blocks[start]
        body_end = captions.get(start, end)
        segments.append((start, pending + lines[start + size:body_end]))
        pending = []
        if body_end < end:
            # A photo item set inside a story: what follows its caption is the story's rest.
            host = next((body for s, body in reversed(segments[:-1]) if s not in captions), None)
            (host if host is not None else segments[-1][1]).extend(lines[body_end:end])
    stories = []
    for start, body in segments:
        size = blocks[start]
        builder = _StoryBuilder([line.text for line in lines[start:start + size]])
        index = 0
        while index < len(body):
            index = builder.add_line(body, index)
        stories.append(builder.build(len(stories) + 1))
    return Page(source=source, banner=banner, stories=tuple(stories))


def parse_bytes(data: bytes, source: str = "") -> Page:
    """Decode and parse one page dump."""
    return parse_page(decode(data), source)


# ---------------------------------------------------------------------------
# Dates

_DATELINE_RE = re.compile(
    r"(?:([0-9０-９]{4})年)?([0-9０-９]{1,2})月([0-9０-９]{1,2})(?:[～~〜][0-9０-９]{1,2})?日"
)


def resolve_dateline(dateline: str | None, edition_date: datetime.date) -> datetime.date | None:
    """The calendar date a dateline means in an edition of ``edition_date``.

    Without a year it is the latest such date on or before the edition (a December
    date in a January edition is last year's); an impossible date gives None.
    """
    if not dateline:
        return None
    match = _DATELINE_RE.search(dateline)
    if not match:
        return None
    year, month, day = match.groups()
    month, day = int(month), int(day)
    if year:
        try:
            return datetime.date(int(year), month, day)
        except ValueError:
            return None
    for candidate_year in (edition_date.year, edition_date.year - 1):
        try:
            candidate = datetime.date(candidate_year, month, day)
        except ValueError:
            continue
        if candidate <= edition_date:
            return candidate
    return None


# ---------------------------------------------------------------------------
# A lead typed by hand (the admin's body field): read by the same rules as a page's lead.


@dataclass(frozen=True)
class Lead:
    prefix: str                            # 本报讯（记者 张三 通讯员 李四）
    people: tuple[tuple[str, str], ...]    # (role, name) in order; empty if none could be read
    rest: str                              # the paragraph after the lead


def parse_lead(paragraph: str) -> Lead | None:
    """The lead ``paragraph`` starts with, or None if it starts with none."""
    text = paragraph.strip()
    if not _LEAD_RE.match(text):
        return None
    prefix, people, rest = _split_lead(text)
    found: list[tuple[str, str]] = []
    if people is not None:
        found = [(role or REPORTER, name) for role, name, _label in people.people
                 if role != STAFF_ROLE]
        if people.marker:
            found += [(PHOTOGRAPHER, name) for _role, name, _label in people.people]
    return Lead(prefix, tuple(dict.fromkeys(found)), rest)
