"""Parts of the readers' pages rendered once per story version, not once per request.

The page cache keeps whole pages, but any change to the news starts a new generation and
every page misses (``caching.py``), and each address is an entry of its own. What a story
shows does not change when another story is edited: its card on the lists, and on its own
page the story itself (headline, bylines, photos, body, tags, corrections), the data for
search engines and the ids of its related stories. Those are kept here under the story's
``version`` (every save of the story moves it on) and checked against two tokens:

- the story's token, dropped when one of its bylines, photos, tags or corrections changes
  (those rows do not move the story's version);
- the names token, dropped when a person, tag or section is saved or deleted (their names
  are printed in many stories).

A part is used only when it was made under the tokens that are current, read in the same
cache round trip as the part. The tokens are written *before* the database is read to make a
part, so a change that lands while it is made drops the token the part carries. Related
stories change as other stories are published: the ids are kept for ``TIMEOUT`` at most,
and every request shows only those of them that are published now.
"""

import uuid

from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.utils.translation import get_language

from articles.models import Byline, Person, Photo, Section
from articles.site.caching import current_generation
from articles.tags import BeneficiaryGroup, TaggedBeneficiaryGroup, TaggedUnionBody, UnionBody
from articles.workflow.corrections import Correction

TIMEOUT = 60 * 60
NAMES_KEY = "fragments:names"
PARTS_OF_A_STORY = (Byline, Photo, Correction, TaggedUnionBody, TaggedBeneficiaryGroup)
NAMES = (Person, Section, UnionBody, BeneficiaryGroup)


def shared_cache() -> bool:
    """Whether a token dropped in one process is dropped for all (Redis), not only its own.

    Without a shared cache (each worker's memory) the parts are also filed under the page
    cache's generation, which every worker reads from the database: as coherent as the pages,
    kept only until the next change.
    """
    return not isinstance(caches["default"], LocMemCache)


def story_token_key(pk) -> str:
    return f"fragments:story:{pk}"


def cached_parts(stories, kind: str, build) -> dict:
    """{pk: part} for each story: from the cache, or ``build(missing stories)`` -> {pk: part}."""
    if not stories:
        return {}
    scope = get_language() if shared_cache() else f"{get_language()}:{current_generation()}"
    keys = {s.pk: f"fragments:{kind}:{scope}:{s.pk}:{s.version}" for s in stories}
    found = cache.get_many([*keys.values(), *map(story_token_key, keys), NAMES_KEY])
    names = found.get(NAMES_KEY)
    parts, missing = {}, []
    for story in stories:
        stored, token = found.get(keys[story.pk]), found.get(story_token_key(story.pk))
        if stored is not None and token is not None and stored[0] == (token, names):
            parts[story.pk] = stored[1]
        else:
            missing.append(story)
    if missing:
        new_tokens = {}
        if names is None:
            names = uuid.uuid4().hex
            new_tokens[NAMES_KEY] = names
        tokens = {}
        for story in missing:
            tokens[story.pk] = found.get(story_token_key(story.pk)) or uuid.uuid4().hex
            new_tokens[story_token_key(story.pk)] = tokens[story.pk]
        cache.set_many(new_tokens, None)  # before reading the database: see the docstring
        built = build(missing)
        cache.set_many({keys[pk]: ((tokens[pk], names), part) for pk, part in built.items()},
                       TIMEOUT)
        parts.update(built)
    return parts


def attach_cards(stories, heading: int) -> list:
    """The stories, each with ``card``: its card on a list, rendered once per version."""
    stories = list(stories)

    def build(missing):
        models.prefetch_related_objects(
            missing, models.Prefetch("bylines", queryset=Byline.objects.select_related("person"))
        )
        return {
            story.pk: render_to_string(
                "articles/_card.html", {"article": story, "heading": heading})
            for story in missing
        }

    cards = cached_parts(stories, f"card{heading}", build)
    for story in stories:
        story.card = cards[story.pk]
    return stories


def drop_story_parts(pk) -> None:
    cache.delete(story_token_key(pk))


def drop_names() -> None:
    cache.delete(NAMES_KEY)


def _now_and_at_commit(action, *args):
    # At commit too: a reader who made a part from the rows as they were before the commit
    # may have stored it under the new token in between.
    action(*args)
    transaction.on_commit(lambda: action(*args))


@receiver(post_save)
@receiver(post_delete)
def _part_or_name_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    if sender in PARTS_OF_A_STORY:
        article_id = getattr(instance, "article_id", None) or getattr(
            instance, "content_object_id", None)
        if article_id:
            _now_and_at_commit(drop_story_parts, article_id)
    elif sender in NAMES:
        _now_and_at_commit(drop_names)


@receiver(m2m_changed)
def _story_retagged(sender, instance, action, reverse, pk_set, **kwargs):
    if sender not in (TaggedUnionBody, TaggedBeneficiaryGroup) or not action.startswith("post"):
        return
    if reverse:  # tag.articles.add(...): the stories are the pks
        for pk in pk_set or ():
            _now_and_at_commit(drop_story_parts, pk)
        if action == "post_clear":
            _now_and_at_commit(drop_names)
    else:
        _now_and_at_commit(drop_story_parts, instance.pk)
