"""JSON transcodings for the domain's enums and value objects, registered by the application.

Tuples inside value objects are stored as JSON arrays; the value objects turn them back into
tuples in `__post_init__`, so a decoded object equals the one that was encoded. Fields that are
free text (`domain/freetext.py`) are stored as salted, erasable values (`store/freetext.py`).
"""

from __future__ import annotations

import dataclasses
from datetime import date
from enum import Enum
from typing import Any
from uuid import UUID

import msgspec
from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import (
    JSONTranscoder,
    Mapper,
    StoredEvent,
    Transcoding,
    TranscodingNotRegisteredError,
)

from domain import catalogue, programme, project, sessions, values
from domain.freetext import CHANGES_OF, FREE_TEXT_FIELDS
from store.freetext import FreeText, FreeTextAsSalted


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


def erasable(value: Any) -> Any:
    """A free-text field's value as the store keeps it: each non-empty text a FreeText."""
    if isinstance(value, str):
        return FreeText(value) if value else value
    if isinstance(value, list | tuple):
        return [erasable(item) for item in value]
    return value


def with_erasable(cls: type, state: dict[str, Any]) -> dict[str, Any]:
    """`state` (an object's fields by name) with its class's free-text fields made erasable."""
    for name in FREE_TEXT_FIELDS.get(cls, ()):
        if name in state:
            state[name] = erasable(state[name])
    return state


class DataclassAsDict(Transcoding):
    """A frozen value object as its fields. Decoded *as recorded*: a value object's
    `__post_init__` checks (types, ranges, catalogue look-ups) guard what a command may record,
    and a stored event passed them when it was recorded; running them again on every replay
    and projection cost an eighth of the catch-up (profiled), and a rule tightened later would
    make old facts unreadable. JSON lists become the tuples the value objects hold."""

    def __init__(self, cls: type[Any]) -> None:
        self.type = cls
        self.name = f"obj:{cls.__qualname__}"
        fields = dataclasses.fields(cls)
        self._fields = tuple(f.name for f in fields)
        self._known = frozenset(self._fields)
        self._defaults = tuple(
            (f.name, f.default, f.default_factory)
            for f in fields
            if f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING
        )
        self._as_recorded = hasattr(cls, "__post_init__")

    def encode(self, obj: Any) -> dict[str, Any]:
        return with_erasable(self.type, {name: getattr(obj, name) for name in self._fields})

    def decode(self, data: dict[str, Any]) -> Any:
        if not self._as_recorded or not self._known.issuperset(data):
            return self.type(**data)  # (an unknown field raises, as it always did)
        obj: Any = object.__new__(self.type)
        for name, default, factory in self._defaults:
            if name not in data:
                value = default if factory is dataclasses.MISSING else factory()
                object.__setattr__(obj, name, value)
        for name, value in data.items():
            object.__setattr__(obj, name, tuple(value) if type(value) is list else value)
        if len(vars(obj)) != len(self._fields):  # a required field missing: refuse as before
            return self.type(**data)
        return obj


class SessionRecordAsDict(Transcoding):
    type = project.SessionRecord
    name = "obj:SessionRecord"

    def encode(self, obj: project.SessionRecord) -> dict[str, Any]:
        return with_erasable(project.SessionRecord, dict(vars(obj)))

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
    project.GateReview,
    programme.ReportingPeriod,
    project.ParticipationAssessment,
)


_NESTED = (dict, list)


class SeedbedTranscoder(JSONTranscoder):
    """The library's JSON transcoder, decoding with msgspec (events, snapshots: replay, the
    projections, the audit). The library's decoder calls its object hook on every JSON object;
    msgspec decodes the bytes to plain values in C and the transcodings are then applied from
    the inside out, as the hook would apply them, to the same values. Replaying a project costs
    a fifth less (README, "Read side, December"). Bytes msgspec refuses (NaN, which Python's
    json writes) go to the library's decoder. Chosen over orjson, as fast here, which turns
    integers beyond 64 bits into floats; encoding stays the library's (the hash chains cover
    its bytes)."""

    _json = msgspec.json.Decoder()

    def decode(self, data: bytes) -> Any:
        try:
            value = self._json.decode(data)
        except msgspec.DecodeError:
            return super().decode(data)
        return self._decoded(value)

    def _decoded(self, value: Any) -> Any:
        if type(value) is list:
            return [self._decoded(v) if type(v) in _NESTED else v for v in value]
        if type(value) is not dict:
            return value
        if len(value) == 2 and "_type_" in value and "_data_" in value:
            transcoding = self.names.get(value["_type_"])
            if transcoding is None:
                raise TranscodingNotRegisteredError(
                    f"Data serialized with name '{value['_type_']}' is not deserializable. "
                    "Please register a custom transcoding for this type."
                )
            data = value["_data_"]
            return transcoding.decode(self._decoded(data) if type(data) in _NESTED else data)
        return {k: self._decoded(v) if type(v) in _NESTED else v for k, v in value.items()}


def register_domain_transcodings(transcoder: JSONTranscoder) -> None:
    transcoder.register(FreeTextAsSalted())
    transcoder.register(DateAsISO())
    transcoder.register(SessionRecordAsDict())
    for enum_type in ENUMS:
        transcoder.register(EnumAsValue(enum_type))
    for cls in VALUE_OBJECTS:
        transcoder.register(DataclassAsDict(cls))


class SeedbedMapper(Mapper[UUID]):
    """The library's mapper, with each event's free-text fields made erasable before encoding
    (a correction's `changes` as the fields of the object they change)."""

    def to_stored_event(self, domain_event: DomainEventProtocol[UUID]) -> StoredEvent:
        cls = type(domain_event)
        names = FREE_TEXT_FIELDS.get(cls, ())
        changed = CHANGES_OF.get(cls)
        if not names and changed is None:
            return super().to_stored_event(domain_event)
        state = dict(vars(domain_event))
        with_erasable(cls, state)
        if changed is not None:
            state["changes"] = with_erasable(changed, dict(state["changes"]))
        shadow = object.__new__(cls)
        object.__setattr__(shadow, "__dict__", state)
        return super().to_stored_event(shadow)
