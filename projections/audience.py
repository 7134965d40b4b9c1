"""What a dashboard may receive: the one rule, applied to every read before it leaves.

Dashboards read figures, never personal data: no free text (what people type may name a
person, docs/API.md "v1.1 additions") and no person ids. Rather than each route leaving out
the right fields, every read made for a dashboard passes through `without_personal_data`,
which drops the keys below at any depth, whatever the read returned. `DashboardReads` applies
it to every query of the read models, so a new query (and a new route on it) is covered
without being written again; the HTTP layer applies it to the replay-based reads too
(api/replies.py), and its dashboard schemas are derived from the public ones with the same key
sets, so that a reply with such a key cannot even be validated.
"""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Callable, Mapping
from datetime import date, datetime
from enum import Enum
from functools import cache
from typing import Any
from uuid import UUID

# Keys whose values are free text (or hold it), wherever they appear.
FREE_TEXT_KEYS: frozenset[str] = frozenset(
    {
        "summary",
        "topics",
        "follow_ups",
        "description",
        "evidence",
        "evidence_note",
        "evidence_links",
        "rationale",
        "reason",
        "override",
        "status_reason",
        "closure_rationale",
        "closure_override",
        "withdrawal_reason",
        "revoked_reason",
        "note",
        "user_view",
        "user_view_note",
        "narrative",
        "detail",
    }
)

# Keys whose values are person ids (or lists or maps of them), wherever they appear.
PERSON_ID_KEYS: frozenset[str] = frozenset(
    {
        "coach_ids",
        "participant_ids",
        "logged_by",
        "requested_by",
        "decided_by",
        "coordinator_id",
        "person_id",
        "coach_id",
        "by_coach",
        "coaches",
        "team",
        "who",
        "actor",
        "proposed_by",
        "recorded_by",
        "revoked_by",
        "actor_name",
        "display_name",
        "contact",
    }
)

HIDDEN_FROM_DASHBOARDS: frozenset[str] = FREE_TEXT_KEYS | PERSON_ID_KEYS


def without_personal_data(value: Any) -> Any:
    """`value` as plain data (dataclasses and mappings as dicts) without any hidden key."""
    if value is None or isinstance(value, str | int | float | bool | UUID | date | datetime | Enum):
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = [f.name for f in dataclasses.fields(value)] + _properties(type(value))
        return {
            name: without_personal_data(getattr(value, name))
            for name in names
            if name not in HIDDEN_FROM_DASHBOARDS
        }
    if hasattr(value, "model_dump"):  # a schema object built for the reply
        return without_personal_data(value.model_dump())
    if isinstance(value, Mapping):
        return {
            k: without_personal_data(v) for k, v in value.items() if k not in HIDDEN_FROM_DASHBOARDS
        }
    if isinstance(value, list | tuple):
        return [without_personal_data(item) for item in value]
    if isinstance(value, set | frozenset):
        return sorted(without_personal_data(item) for item in value)
    return value


@cache
def _properties(cls: type) -> list[str]:
    """A dataclass's computed attributes (e.g. a score), which are part of what it answers."""
    return [
        name
        for name, member in inspect.getmembers(cls)
        if isinstance(member, property) and not name.startswith("_")
    ]


class DashboardReads:
    """The read models as a dashboard sees them: every query's answer without personal data."""

    def __init__(self, reads: object) -> None:
        self._reads = reads

    def __getattr__(self, name: str) -> Any:
        found = getattr(self._reads, name)
        if not callable(found):
            return found
        query: Callable[..., Any] = found

        def filtered(*args: Any, **kwargs: Any) -> Any:
            return without_personal_data(query(*args, **kwargs))

        return filtered
