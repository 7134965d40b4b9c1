"""Programmes: created by an admin, read by everyone; projects are enrolled in them.

An enrolment is a command on the project (`Enrol`), run through `Incubator.execute` like
every other change: the programme is loaded first, for its dates, so that an unknown
programme is a 404 and an enrolment outside the programme's dates a 422.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import NotRequired
from uuid import UUID, uuid4

from typing_extensions import TypedDict, Unpack

from app.commands import ProjectCommand, SelectForAccelerator
from app.incubator import Incubator
from domain.errors import ImplausibleValue
from domain.programme import Programme, ReportingPeriod
from domain.project import MicroProject
from store.receipts import CommandResult


@dataclass(frozen=True)
class ProgrammeState:
    id: UUID
    version: int
    name: str
    funder: str
    starts_on: date
    ends_on: date
    periods: tuple[ReportingPeriod, ...]
    checkin_every_days: int | None
    catalogue_version: int
    gate_table_version: int

    @classmethod
    def of(cls, programme: Programme) -> ProgrammeState:
        return cls(
            id=programme.id,
            version=programme.version,
            name=programme.name,
            funder=programme.funder,
            starts_on=programme.starts_on,
            ends_on=programme.ends_on,
            periods=tuple(programme.periods),
            checkin_every_days=programme.checkin_every_days,
            catalogue_version=programme.catalogue_version,
            gate_table_version=programme.gate_table_version,
        )


@dataclass(frozen=True)
class Enrol(ProjectCommand):
    programme_id: UUID
    enrolled_on: date
    window: tuple[date, date]

    def apply(self, target: MicroProject, actor: str, now: datetime) -> None:
        target.enrol(self.programme_id, self.enrolled_on, self.window, actor, now.date())


@dataclass(frozen=True)
class SelectAndEnrol(ProjectCommand):
    """The accelerator selection and the enrolment in the accelerator's programme, in one
    command: both events are saved together, or (a refused enrolment) neither."""

    selection: SelectForAccelerator
    enrolment: Enrol

    def apply(self, target: MicroProject, actor: str, now: datetime) -> None:
        self.selection.apply(target, actor, now)
        try:
            self.enrolment.apply(target, actor, now)
        except ImplausibleValue as refused:  # the enrolment's day is the selection's
            raise ImplausibleValue("selected_on", refused.reason) from None


class ProgrammeFields(TypedDict):
    """The keywords of a new programme, for `create_programme` and `new_programme`."""

    name: str
    funder: str
    starts_on: date
    ends_on: date
    periods: Sequence[ReportingPeriod]
    actor: str
    checkin_every_days: NotRequired[int | None]
    programme_id: NotRequired[UUID | None]


def create_programme(incubator: Incubator, **fields: Unpack[ProgrammeFields]) -> CommandResult:
    return incubator.created(new_programme(incubator, **fields))


def new_programme(incubator: Incubator, **fields: Unpack[ProgrammeFields]) -> Programme:
    """A programme, checked and not yet saved (a sheet import saves many streams at once)."""
    return Programme.create(
        id=fields.get("programme_id") or uuid4(),
        name=fields["name"],
        funder=fields["funder"],
        starts_on=fields["starts_on"],
        ends_on=fields["ends_on"],
        periods=fields["periods"],
        checkin_every_days=fields.get("checkin_every_days"),
        actor=fields["actor"],
        today=incubator.clock().date(),
    )


def get_programme(incubator: Incubator, programme_id: UUID) -> ProgrammeState:
    return incubator.writer.read(Programme, programme_id, ProgrammeState.of)


def enrolment(incubator: Incubator, programme_id: UUID, enrolled_on: date) -> Enrol:
    """The command enrolling a project in the programme (404 if there is no such programme)."""
    window = incubator.writer.read(Programme, programme_id, lambda p: p.window())
    return Enrol(programme_id, enrolled_on, window)
