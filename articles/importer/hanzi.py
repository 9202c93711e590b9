"""Traditional and Simplified characters: pages of some union papers are printed in
Traditional characters (本報訊, 記者, 總工會), and every rule is written once, in Simplified.

OpenCC's character and phrase tables do the conversion; ``regex()`` widens a pattern
written in Simplified so that it also matches the Traditional spelling, letter by letter,
so that what it captures (a name, a headline) stays as printed.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

import opencc


@cache
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def simplified(text: str) -> str:
    """``text`` in Simplified characters; unchanged when it already is."""
    if len(text) <= 16:
        return _simplified_word(text)   # labels and names, asked for again and again
    return _converter("t2s").convert(text)


@lru_cache(maxsize=4096)
def _simplified_word(text: str) -> str:
    return _converter("t2s").convert(text) if text else text


def traditional_of(ch: str) -> str:
    return _converter("s2t").convert(ch)


def traditional(text: str) -> str:
    """``text`` in Traditional characters (for word lists that must match both)."""
    return _converter("s2t").convert(text)


_CJK = re.compile(r"[\u4e00-\u9fff]")


def widen(pattern: str) -> str:
    """A regex source written in Simplified, matching Traditional spellings too.

    Each character with a different Traditional form becomes a class of both, or joins
    the class it is already in.
    """
    out = []
    depth = 0
    for index, ch in enumerate(pattern):
        escaped = index and pattern[index - 1] == "\\"
        if ch == "[" and not escaped:
            depth += 1
        elif ch == "]" and not escaped and depth:
            depth -= 1
        if _CJK.match(ch):
            other = traditional_of(ch)
            if other != ch and len(other) == 1:
                out.append(ch + other if depth else f"[{ch}{other}]")
                continue
        out.append(ch)
    return "".join(out)


def regex(pattern: str, flags: int = 0) -> re.Pattern:
    return re.compile(widen(pattern), flags)
