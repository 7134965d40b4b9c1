"""JSON transcodings for the domain's enums and value objects, registered by the application.

Tuples inside value objects are stored as JSON arrays; the value objects turn them back into
tuples in `__post_init__`, so a decoded object equals the one that was encoded.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from enum import Enum
from typing import Any

from eventsourcing.persistence import JSONTranscoder, Transcoding

from domain import catalogue, project, sessions, values


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class EnumAsValue(Transcoding):
    def __init__(self, enum_type: type[Enum]) -> None:
        self.type = enum_type
        self.name = f"enum:{enum_type.__qualname__}"

    def encode(self, obj: Enum) -> Any:
        return obj.value

    def decode(self, data: Any) -> Enum:
        decoded: Enum = self.type(data)
        return decoded


class DataclassAsDict(Transcoding):
    def __init__(self, cls: type[Any]) -> None:
        self.type = cls
        self.name = f"obj:{cls.__qualname__}"
        self._fields = tuple(f.name for f in dataclasses.fields(cls))

    def encode(self, obj: Any) -> dict[str, Any]:
        return {name: getattr(obj, name) for name in self._fields}

    def decode(self, data: dict[str, Any]) -> Any:
        return self.type(**data)


class SessionRecordAsDict(Transcoding):
    type = project.SessionRecord
    name = "obj:SessionRecord"

    def encode(self, obj: project.SessionRecord) -> dict[str, Any]:
        return dict(vars(obj))

    def decode(self, data: dict[str, Any]) -> project.SessionRecord:
        return project.SessionRecord(**data)


ENUMS: tuple[type[Enum], ...] = (
    values.Stage,
    values.Status,
    values.Outcome,
    values.TargetGroup,
    values.TeamRole,
    values.EmpowermentTool,
    values.SessionType,
    values.SessionMode,
    values.ParticipationLevel,
    values.PersonRole,
    catalogue.Family,
)

VALUE_OBJECTS: tuple[type[Any], ...] = (
    values.Evidence,
    values.TeamMember,
    values.Need,
    values.MilestoneRecord,
    values.StageChange,
    values.AcceleratorSelection,
    sessions.HeadCount,
    sessions.FollowUp,
    sessions.SessionDetails,
)


def register_domain_transcodings(transcoder: JSONTranscoder) -> None:
    transcoder.register(DateAsISO())
    transcoder.register(SessionRecordAsDict())
    for enum_type in ENUMS:
        transcoder.register(EnumAsValue(enum_type))
    for cls in VALUE_OBJECTS:
        transcoder.register(DataclassAsDict(cls))
