"""What editors do to keep the vocabularies clean: merge, retire, reinstate, give a parent.

Each is one transaction: a refused change leaves every tag and story as it was.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from articles.models import Article, UnionBody
from articles.site.caching import purge_public_pages
from articles.site.search import index_articles


class UpkeepRefused(Exception):
    """A vocabulary change the rules do not allow; the message says why in one sentence."""


def merge(sources, target) -> int:
    """Fold each source tag into ``target``: its names become aliases, its stories move over.

    Returns how many stories were retagged.
    """
    model = type(target)
    with transaction.atomic():
        target = model.objects.select_for_update().get(pk=target.pk)
        sources = list(model.objects.select_for_update().filter(
            pk__in=[s.pk for s in sources]).exclude(pk=target.pk))
        if target.retired:
            raise UpkeepRefused(_("“%(name)s” is retired: reinstate it before merging into it.")
                                % {"name": target.name})
        if not sources:
            raise UpkeepRefused(_("Choose at least one other tag to merge into “%(name)s”.")
                                % {"name": target.name})
        through = model.tagged_articles.field.model
        moved = set()
        for source in sources:
            moved |= _move_stories(through, source, target)
            _rename_mentions(source.name, target.name, moved)
            if model is UnionBody:
                _adopt_children(source, target)
            names = [source.name, *source.aliases, *target.aliases]
            target.aliases = [n for n in dict.fromkeys(names) if n != target.name]
            source.delete()
        target.save()
        index_articles(moved)
        purge_public_pages()
    return len(moved)


def _move_stories(through, source, target) -> set[int]:
    rows = through.objects.filter(tag=source)
    ids = set(rows.values_list("content_object_id", flat=True))
    already = set(through.objects.filter(tag=target, content_object_id__in=ids)
                  .values_list("content_object_id", flat=True))
    rows.filter(content_object_id__in=already).delete()
    rows.update(tag=target)
    return ids


def _rename_mentions(old: str, new: str, article_ids) -> None:
    """The phrases that suggested the old name now stand beside the tag it became."""
    for article in Article.objects.filter(pk__in=article_ids).only("pk", "tag_mentions"):
        mentions = dict(article.tag_mentions or {})
        if old not in mentions:
            continue
        phrases = [*mentions.get(new, []), *mentions.pop(old)]
        mentions[new] = list(dict.fromkeys(phrases))
        Article.objects.filter(pk=article.pk).update(tag_mentions=mentions)


def _adopt_children(source: UnionBody, target: UnionBody) -> None:
    if source.pk in {body.pk for body in target.ancestors()}:
        # The target sat below the body merged into it: it takes that body's place.
        target.parent = source.parent
        target.save(update_fields=["parent"])
    source.children.exclude(pk=target.pk).update(parent=target)


def retire(tags, retired: bool = True) -> list:
    """Retire (or reinstate) the tags; returns those that changed."""
    with transaction.atomic():
        changed = [t for t in tags if t.retired != retired]
        for tag in changed:
            tag.retired = retired
            tag.save(update_fields=["retired"])
    return changed


def set_parent(bodies, parent: UnionBody | None) -> int:
    """Put each union body directly under ``parent`` (None: at the top)."""
    with transaction.atomic():
        bodies = list(UnionBody.objects.select_for_update().filter(pk__in=[b.pk for b in bodies]))
        for body in bodies:
            body.parent = parent
            try:
                body.clean()
            except ValidationError as error:
                raise UpkeepRefused(" ".join(error.messages)) from None
            body.save(update_fields=["parent"])
    return len(bodies)
