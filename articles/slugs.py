"""URL slugs for Chinese names and headlines, spelled in pinyin."""

from django.utils.text import slugify
from pypinyin import Style, lazy_pinyin


def pinyin_slug(text: str, max_length: int = 80) -> str:
    words = lazy_pinyin(text, style=Style.NORMAL, errors="default")
    slug = slugify("-".join(words))[:max_length].strip("-")
    return slug or "x"


def unique_slug(model, text: str, max_length: int = 80, field: str = "slug") -> str:
    """A pinyin slug not yet taken in ``model``: 张伟 -> zhang-wei, zhang-wei-2, …"""
    base = pinyin_slug(text, max_length - 4)
    taken = set(
        model._default_manager.filter(**{f"{field}__startswith": base}).values_list(
            field, flat=True
        )
    )
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate
