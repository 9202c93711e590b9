"""Character-level diffs for Chinese text, where word-based diffs mark whole clauses."""

from difflib import SequenceMatcher

from django.utils.html import escape, format_html, mark_safe


def diff_html(old: str, new: str) -> str:
    """HTML marking each changed character run: 今天→昨天 marks 今 and 昨, not the clause.

    Every piece of text is escaped; only the <del>/<ins> tags are markup.
    """
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    pieces = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(escape(old[a1:a2]))
            continue
        if op in ("delete", "replace"):
            pieces.append(format_html("<del>{}</del>", old[a1:a2]))
        if op in ("insert", "replace"):
            pieces.append(format_html("<ins>{}</ins>", new[b1:b2]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece above is escaped
