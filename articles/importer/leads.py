"""A lead typed into a story's body (本报讯（记者 张三 通讯员 李四）…) becomes its bylines.

The site prints the lead from the bylines, so a lead left in the body would be printed twice.
It is read with the importer's own lead rules (``parser.parse_lead``); a lead that names
nobody readable is refused, so nothing typed is lost or guessed.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from articles.importer.parser import parse_lead
from articles.models import Byline, BylineRole, Person


class LeadError(ValueError):
    """A typed lead that cannot become bylines; the message says what to do."""


def take_lead(body: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The body without the lead its first paragraph starts with, and the people it names."""
    lines = body.splitlines()
    index = next((n for n, line in enumerate(lines) if line.strip()), None)
    lead = parse_lead(lines[index]) if index is not None else None
    if lead is None:
        return body, ()
    if not lead.people and lead.rest.startswith(("（", "(")):
        raise LeadError(_(
            "The lead “%(lead)s” names nobody that can be read as a byline. Write it as "
            "本报讯（记者 张三 通讯员 李四）, or delete it and add the authors under bylines."
        ) % {"lead": lines[index].strip()[:30]})
    for _role, name in lead.people:
        if Person.objects.filter(name=name).count() > 1:
            raise LeadError(_(
                "Several people are called %(name)s: delete the lead and pick the right one "
                "under bylines."
            ) % {"name": name})
    if lead.rest:
        lines[index] = lead.rest
    else:
        del lines[index]
    return "\n".join(lines), lead.people


@transaction.atomic
def add_bylines(article, people) -> list[Byline]:
    """Bylines for (role, name) pairs, after the story's own; a person is found or created."""
    have = {(b.person.name, b.role) for b in article.bylines.select_related("person")}
    position = max((b.position for b in article.bylines.all()), default=-1) + 1
    added = []
    for role, name in people:
        if (name, role) in have:
            continue
        person = Person.objects.filter(name=name).first() or Person.objects.create(
            name=name,
            affiliation=(Person.Affiliation.CORRESPONDENT if role == BylineRole.CORRESPONDENT
                         else Person.Affiliation.STAFF),
        )
        added.append(Byline.objects.create(
            article=article, person=person, role=role, position=position
        ))
        have.add((name, role))
        position += 1
    return added
