"""Who is left to sign: the desk's reviewers, and whether every level still has a signer.

A level is offered to a reviewer only if, once they sign it, each later level still has
someone who may sign it: not an author of the story, and (one level per person) not one who
signed another level of the round. Otherwise the story would be stuck with only 退回 left.
Superusers are not counted: they administer the site, they are not the desk.
"""

from itertools import combinations

from django.contrib.auth import get_user_model

from articles.workflow import roles


def signer_pool() -> dict[str, frozenset]:
    """Active reviewers by role: {editor: ids, chief_editor: ids}, in one query."""
    role_of_group = {roles.GROUP_NAMES[r]: r for r in (roles.EDITOR, roles.CHIEF_EDITOR)}
    rows = get_user_model().objects.filter(
        is_active=True, groups__name__in=role_of_group
    ).values_list("pk", "groups__name")
    pool = {role: set() for role in role_of_group.values()}
    for pk, group in rows:
        pool[role_of_group[group]].add(pk)
    return {role: frozenset(ids) for role, ids in pool.items()}


def candidates(pool, review_level) -> frozenset:
    """Everyone who may sign ``review_level``: its own role, and the chief editor."""
    return pool.get(review_level.role, frozenset()) | pool.get(roles.CHIEF_EDITOR, frozenset())


def first_unsignable(levels, pool, barred, one_person_desk=False):
    """The first of ``levels`` left without a signer, or None if all can be signed.

    ``barred`` are the user ids who may sign none of them (authors, and unless a one-person
    desk, those who signed a level of this round). Without a one-person desk each level needs
    its own person: Hall's condition over every group of levels (there are at most three).
    """
    open_to = [(lv, candidates(pool, lv) - barred) for lv in levels]
    for lv, people in open_to:
        if not people:
            return lv
    if one_person_desk:
        return None
    for size in range(2, len(open_to) + 1):
        for group in combinations(open_to, size):
            if len(frozenset().union(*(people for _, people in group))) < size:
                return group[-1][0]
    return None
