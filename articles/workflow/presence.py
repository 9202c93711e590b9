"""Who else has a story open (在编): a light heartbeat in the shared cache.

Each open change form reports every poll_seconds(); someone not heard from for seen_for()
seconds has left. One cache key per person and story (its own expiry), and one list of who has
reported on the story, written only when someone new arrives, so heartbeats from several
workers never overwrite each other. A lost write to that list (two arriving at once) heals
at the next heartbeat. It lives in the "shared" cache: Redis in production, else files that
every worker of the host reads (the embedded default), never one process's memory.
"""

import time

from django.conf import settings
from django.core.cache import caches

from articles.workflow.roles import display_name

POLL_SECONDS = 20


def _cache():
    return caches["shared"]


def poll_seconds() -> int:
    return getattr(settings, "NEWSROOM_PRESENCE_POLL_SECONDS", POLL_SECONDS)


def seen_for() -> int:
    """A heartbeat or two may come late without someone vanishing."""
    return poll_seconds() * 5 // 2


def _people_key(article_id) -> str:
    return f"presence:{article_id}:people"


def _person_key(article_id, user_id) -> str:
    return f"presence:{article_id}:{user_id}"


def report(article_id, user, editing: bool) -> list[dict]:
    """Record that ``user`` has the story open; the others who have it open, longest first."""
    key = _person_key(article_id, user.pk)
    earlier = _cache().get(key)
    since = earlier["since"] if earlier else time.time()
    _cache().set(key, {"name": display_name(user), "editing": editing, "since": since}, seen_for())
    people = _cache().get(_people_key(article_id)) or []
    if user.pk in people:
        _cache().touch(_people_key(article_id), seen_for() * 4)
    else:
        _cache().set(_people_key(article_id), [*people, user.pk], seen_for() * 4)
    return others(article_id, user)


def leave(article_id, user) -> None:
    _cache().delete(_person_key(article_id, user.pk))


def others(article_id, user) -> list[dict]:
    people = [pk for pk in _cache().get(_people_key(article_id)) or [] if pk != user.pk]
    found = _cache().get_many([_person_key(article_id, pk) for pk in people])
    return [
        {"name": seen["name"], "editing": seen["editing"]}
        for seen in sorted(found.values(), key=lambda seen: seen["since"])
    ]
