"""A programme: the funded frame (SEMPRE, SEMPRE Accelerators) that projects are enrolled in.

A programme names its funder, its period and its reporting periods, how often a project's
start-up biography is checked in, and which milestone catalogue and gate table it reports
against (versioned data of `domain/catalogue.py`). Its projects keep their own streams: an
enrolment is an event of the project (`MicroProject.Enrolled`), so one project's history runs
on through SEMPRE and then SEMPRE Accelerators without a reset.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.catalogue import CATALOGUE_VERSION, GATE_TABLE_VERSION
from domain.errors import ImplausibleValue
from domain.values import EARLIEST_DATE, check_date, require_text

MAX_PERIODS = 60
MAX_CHECKIN_DAYS = 366


@dataclass(frozen=True)
class ReportingPeriod:
    """One period a programme reports on to its funder, both ends inclusive."""

    label: str
    starts_on: date
    ends_on: date

    def __post_init__(self) -> None:
        object.__setattr__(self, "label", require_text("periods.label", self.label, 100))
        if self.ends_on < self.starts_on:
            raise ImplausibleValue("periods.ends_on", f"period {self.label} ends before it starts")

    def holds(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on


def check_periods(
    periods: Sequence[ReportingPeriod], starts_on: date, ends_on: date
) -> list[ReportingPeriod]:
    """The periods in time order; refuses duplicates, overlaps and periods outside the
    programme."""
    if len(periods) > MAX_PERIODS:
        raise ImplausibleValue("periods", f"at most {MAX_PERIODS} reporting periods")
    ordered = sorted(periods, key=lambda p: p.starts_on)
    labels = [p.label for p in ordered]
    if len(set(labels)) != len(labels):
        raise ImplausibleValue("periods.label", "a period label is used twice")
    for period in ordered:
        if period.starts_on < starts_on or period.ends_on > ends_on:
            raise ImplausibleValue(
                "periods", f"period {period.label} lies outside the programme's dates"
            )
    for earlier, later in pairwise(ordered):
        if later.starts_on <= earlier.ends_on:
            raise ImplausibleValue("periods", f"periods {earlier.label} and {later.label} overlap")
    return ordered


def check_version(field: str, value: int, current: int) -> int:
    if value != current:
        raise ImplausibleValue(field, f"only version {current} is defined")
    return value


class Programme(Aggregate):
    class Created(Aggregate.Created):
        name: str
        funder: str
        starts_on: date
        ends_on: date
        periods: list[ReportingPeriod]
        checkin_every_days: int | None
        catalogue_version: int
        gate_table_version: int
        actor: str
        occurred_on: date

    @event(Created)
    def __init__(
        self,
        name: str,
        funder: str,
        starts_on: date,
        ends_on: date,
        periods: list[ReportingPeriod],
        checkin_every_days: int | None,
        catalogue_version: int,
        gate_table_version: int,
        actor: str,
        occurred_on: date,
    ) -> None:
        self.name = name
        self.funder = funder
        self.starts_on = starts_on
        self.ends_on = ends_on
        self.periods = list(periods)
        self.checkin_every_days = checkin_every_days
        self.catalogue_version = catalogue_version
        self.gate_table_version = gate_table_version
        self.created_by = actor
        self.created_on_day = occurred_on

    @classmethod
    def create(
        cls,
        *,
        id: UUID,
        name: str,
        funder: str,
        starts_on: date,
        ends_on: date,
        periods: Sequence[ReportingPeriod],
        actor: str,
        today: date,
        checkin_every_days: int | None = None,
        created_on: date | None = None,
        catalogue_version: int = CATALOGUE_VERSION,
        gate_table_version: int = GATE_TABLE_VERSION,
    ) -> Programme:
        if starts_on < EARLIEST_DATE:
            raise ImplausibleValue("starts_on", f"is before {EARLIEST_DATE.isoformat()}")
        if ends_on <= starts_on:
            raise ImplausibleValue("ends_on", "must be after starts_on")
        if checkin_every_days is not None and not 1 <= checkin_every_days <= MAX_CHECKIN_DAYS:
            raise ImplausibleValue(
                "checkin_every_days", f"must be from 1 to {MAX_CHECKIN_DAYS} days"
            )
        return cls._create(
            cls.Created,
            id=id,
            name=require_text("name", name, 200),
            funder=require_text("funder", funder, 200),
            starts_on=starts_on,
            ends_on=ends_on,
            periods=check_periods(periods, starts_on, ends_on),
            checkin_every_days=checkin_every_days,
            catalogue_version=check_version(
                "catalogue_version", catalogue_version, CATALOGUE_VERSION
            ),
            gate_table_version=check_version(
                "gate_table_version", gate_table_version, GATE_TABLE_VERSION
            ),
            actor=actor,
            occurred_on=check_date("created_on", created_on or today, today),
        )

    def window(self) -> tuple[date, date]:
        return self.starts_on, self.ends_on

    def period(self, label: str) -> ReportingPeriod:
        for period in self.periods:
            if period.label == label:
                return period
        raise ImplausibleValue("period", f"the programme has no period {label!r}")
