"""URL slugs for Chinese names and headlines, spelled in pinyin."""

from django.utils.text import slugify
from pypinyin import Style, lazy_pinyin


def pinyin_slug(text: str, max_length: int = 80) -> str:
    words = lazy_pinyin(text, style=Style.NORMAL, errors="default")
    slug = slugify("-".join(words))[:max_length].strip("-")
    return slug or "x"


def unique_slug(model, text: str, max_length: int = 80, field: str = "slug",
                reserved: frozenset | set = frozenset()) -> str:
    """A pinyin slug not yet taken in ``model`` (nor in ``reserved``): zhang-wei, zhang-wei-2, …

    Exact lookups on the unique index: a prefix search scans the whole table on
    SQLite, which made importing thousands of new people quadratic.
    """
    base = pinyin_slug(text, max_length - 4)
    taken = model._default_manager.filter
    candidate, n = base, 1
    while candidate in reserved or taken(**{field: candidate}).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def unique_slugs(model, texts, max_length: int = 80, field: str = "slug") -> dict[str, str]:
    """``unique_slug`` for many new rows at once: one query unless names collide."""
    bases = {text: pinyin_slug(text, max_length - 4) for text in texts}
    taken = set(
        model._default_manager.filter(**{f"{field}__in": set(bases.values())})
        .values_list(field, flat=True)
    )
    slugs: dict[str, str] = {}
    for text, base in bases.items():
        if base in taken:
            base = unique_slug(model, text, max_length, field, reserved=taken)
        taken.add(base)
        slugs[text] = base
    return slugs
