"""Version 2: `Noted` gained a `language`; the upcaster fills it for version 1 events."""

from __future__ import annotations

from typing import Any

from eventsourcing.domain import Aggregate, event


class Journal(Aggregate):
    @event("Started")
    def __init__(self, title: str) -> None:
        self.title = title
        self.notes: list[tuple[str, str]] = []

    class Noted(Aggregate.Event):
        class_version = 2
        text: str
        language: str

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["language"] = "und"  # BCP 47: undetermined

    @event(Noted)
    def note(self, text: str, language: str) -> None:
        self.notes.append((text, language))
