"""Version 1 of an event class, as it was when the first events were stored (see test_upcasting)."""

from __future__ import annotations

from eventsourcing.domain import Aggregate, event


class Journal(Aggregate):
    @event("Started")
    def __init__(self, title: str) -> None:
        self.title = title
        self.notes: list[str] = []

    class Noted(Aggregate.Event):
        text: str

    @event(Noted)
    def note(self, text: str) -> None:
        self.notes.append(text)
