"""The difference between two states of a project, as readable field changes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.dto import ProjectState
from app.jsonable import to_jsonable


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: Any
    after: Any

    @property
    def text(self) -> str:
        if self.before is None:
            return f"{self.field}: added {self.after!r}"
        if self.after is None:
            return f"{self.field}: removed {self.before!r}"
        return f"{self.field}: {self.before!r} → {self.after!r}"


_IGNORED = {"version", "modified_at"}


def diff_states(before: ProjectState, after: ProjectState) -> list[FieldChange]:
    """The project's changes between two states, as a readable list of field changes."""
    old, new = to_jsonable(before), to_jsonable(after)
    changes: list[FieldChange] = []
    for name in old:
        if name not in _IGNORED:
            _diff(name, old[name], new[name], changes)
    return changes


def _key_of(item: Any) -> Any:
    if isinstance(item, dict):
        for key in ("session_id", "milestone_id", "person_id", "need_id"):
            if key in item:
                return item[key]
    return None


def _diff(path: str, old: Any, new: Any, out: list[FieldChange]) -> None:
    if old == new:
        return
    if isinstance(old, dict) and isinstance(new, dict):
        for key in sorted(set(old) | set(new)):
            _diff(f"{path}.{key}", old.get(key), new.get(key), out)
        return
    if isinstance(old, list) and isinstance(new, list):
        keys_old = {_key_of(i): i for i in old}
        keys_new = {_key_of(i): i for i in new}
        if None not in keys_old and None not in keys_new:
            for key in list(keys_old) + [k for k in keys_new if k not in keys_old]:
                _diff(f"{path}[{key}]", keys_old.get(key), keys_new.get(key), out)
            return
        for index in range(max(len(old), len(new))):
            _diff(
                f"{path}[{index}]",
                old[index] if index < len(old) else None,
                new[index] if index < len(new) else None,
                out,
            )
        return
    out.append(FieldChange(path, old, new))
