"""Finding a person by name instead of pasting an id: the API's scoped people search
(GET /people?role=&q=, the same guard), shown as choices of a form."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace
from urllib.parse import urlencode
from uuid import UUID

from api.pages.session import Viewer
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
        return replace(self, people=kept, labels=tuple(l for l in self.labels if l[0] in wanted))


def search(viewer: Viewer, query: str | None, roles: Iterable[str] | None) -> Picker:
    text = (query or "").strip()[:200]
    wanted = None if roles is None else frozenset(PersonRole(r) for r in roles)
    found = viewer.guard.find_people(wanted, text, SHOWN + 1)
    shown = tuple(found[:SHOWN])
    language = viewer.language
    return Picker(
        text,
        shown,
        len(found) > SHOWN,
        tuple((str(p.id), f"{p.shown_name} · {language.value(p.role.value)}") for p in shown),
    )


def found_at(page: str, name: str) -> str:
    """Back to the page that wanted a new person, searching for them (so they are a choice)."""
    joiner = "&" if "?" in page else "?"
    return f"{page}{joiner}{urlencode({'q': name, 'done': 'person-registered'})}"
