"""Finding a person in free text, so that an erasure can be followed by redactions.

Names and contacts live in the erasable people directory, but coaches type them into session
summaries, follow-ups and reasons too. When a person is erased, every free-text value that
contains their display name or contact (case-folded, Unicode-normalised substring) is listed
for review; `seedbed people erase ID --redact-matches` redacts them all in one pass.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from uuid import UUID

from app.incubator import Incubator
from domain.errors import InvalidInput
from store.freetext import matching
from store.people import Person
from store.recorder import SeedbedRecorder

PROJECT_TOPIC = "domain.project:MicroProject."
BATCH = 1000


@dataclass(frozen=True)
class Match:
    """A free-text value that names someone: the project, its event's version, the field."""

    project_id: UUID
    version: int
    field: str


def needles_of(person: Person) -> list[str]:
    return [text for text in (person.display_name, person.contact) if text and text.strip()]


def erase_person(incubator: Incubator, person_id: UUID, reason: str) -> list[Match]:
    """Erases the person and returns the free-text values that name them, found first, while
    the name and contact are still known (the API's erasure and `seedbed people erase`)."""
    matches = free_text_matches(incubator, needles_of(incubator.get_person(person_id)))
    incubator.erase_person(person_id, reason)
    return matches


def free_text_matches(incubator: Incubator, needles: list[str]) -> list[Match]:
    """Every free-text value (not yet redacted) of every project containing one of `needles`."""
    if not needles:
        return []
    return list(_matches(incubator, needles))


def _matches(incubator: Incubator, needles: list[str]) -> Iterator[Match]:
    recorder = incubator.recorder
    if not isinstance(recorder, SeedbedRecorder):
        raise InvalidInput("database", "the in-memory event store keeps no stored free text")
    start = 1
    while notes := recorder.select_notifications(start=start, limit=BATCH):
        for note in notes:
            if note.topic.startswith(PROJECT_TOPIC):
                for pointer in matching(note.state, needles):
                    yield Match(UUID(str(note.originator_id)), note.originator_version, pointer)
        start = notes[-1].id + 1
