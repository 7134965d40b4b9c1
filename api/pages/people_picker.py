"""Finding a person by name instead of pasting an id: the API's scoped people search
(GET /people?role=&q=, the same guard), shown as choices of a form."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, replace
from urllib.parse import urlencode
from uuid import UUID

from api.pages.session import Viewer
from domain.errors import NotFound
from domain.values import PersonRole
from store.people import Person

SHOWN = 30


@dataclass(frozen=True)
class Picker:
    query: str
    people: tuple[Person, ...]
    more: bool  # more matched than are shown: type more of the name
    labels: tuple[tuple[str, str], ...]  # (id, "Name · role")

    @property
    def options(self) -> list[tuple[str, str]]:
        return list(self.labels)

    def without(self, ids: Collection[UUID]) -> Picker:
        """The same search without people already chosen (the team, the coaches)."""
        kept = tuple(p for p in self.people if p.id not in ids)
        wanted = {str(p.id) for p in kept}
        return replace(
            self, people=kept, labels=tuple(pair for pair in self.labels if pair[0] in wanted)
        )


def search(
    viewer: Viewer,
    query: str | None,
    roles: Iterable[str] | None,
    registered: Mapping[str, str] | None = None,
) -> Picker:
    """People matching `query` among those the viewer works with; first, the person the
    viewer just registered (`registered`: the page's query with their id and the name typed),
    who is on no team yet and so not found by a coach's search."""
    text = (query or "").strip()[:200]
    wanted = None if roles is None else frozenset(PersonRole(r) for r in roles)
    found = viewer.guard.find_people(wanted, text, SHOWN + 1)
    new = _just_registered(viewer, registered or {}, wanted)
    if new is not None and all(p.id != new.id for p in found):
        found.insert(0, new)
    shown = tuple(found[:SHOWN])
    language = viewer.language
    return Picker(
        text,
        shown,
        len(found) > SHOWN,
        tuple((str(p.id), f"{p.shown_name} · {language.value(p.role.value)}") for p in shown),
    )


def _just_registered(
    viewer: Viewer, query: Mapping[str, str], roles: frozenset[PersonRole] | None
) -> Person | None:
    """The person named by `registered` and `name`, if that id has that very name: what the
    viewer typed comes back to them, and a made-up link shows nobody they could not name."""
    try:
        person = viewer.guard.incubator.get_person(UUID(query.get("registered", "")))
    except (ValueError, NotFound):
        return None
    if person.display_name is None or person.display_name != query.get("name"):
        return None
    return person if roles is None or person.role in roles else None


def found_at(page: str, person_id: UUID, name: str) -> str:
    """Back to the page that wanted a new person, where they are the first choice."""
    joiner = "&" if "?" in page else "?"
    where = {"q": name, "registered": str(person_id), "name": name, "done": "person-registered"}
    return f"{page}{joiner}{urlencode(where)}"
