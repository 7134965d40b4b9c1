"""The demo's two programmes: SEMPRE (2016-2019, every project) and SEMPRE Accelerators
(2019-2021, the eight accelerated projects, enrolled when they were selected). Their ids are
derived from the demo's seed and the programme's name (not drawn from the demo's random
sequence), so adding them changed none of the demo's other ids."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import NAMESPACE_URL, UUID, uuid5

from domain.programme import Programme, ReportingPeriod


@dataclass(frozen=True)
class DemoProgrammeSpec:
    name: str
    starts_on: date
    ends_on: date
    periods: tuple[tuple[str, date, date], ...]
    checkin_every_days: int | None


def _half_years(first_year: int, first_half: int, count: int) -> tuple[tuple[str, date, date], ...]:
    periods = []
    year, half = first_year, first_half
    for n in range(1, count + 1):
        start = date(year, 1 if half == 1 else 7, 1)
        end = date(year, 6, 30) if half == 1 else date(year, 12, 31)
        periods.append((f"P{n}", start, end))
        year, half = (year, 2) if half == 1 else (year + 1, 1)
    return tuple(periods)


SEMPRE = DemoProgrammeSpec(
    "SEMPRE",
    date(2016, 1, 1),
    date(2019, 6, 30),
    _half_years(2016, 1, 7),
    None,
)
ACCELERATORS = DemoProgrammeSpec(
    "SEMPRE Accelerators",
    date(2019, 7, 1),
    date(2021, 12, 31),
    _half_years(2019, 2, 5),
    61,  # the start-up biography, updated every other month
)
FUNDER = "Interreg Baltic Sea Region"


def demo_programme(spec: DemoProgrammeSpec, seed: int, actor: str, today: date) -> Programme:
    return Programme.create(
        id=programme_id(spec, seed),
        name=spec.name,
        funder=FUNDER,
        starts_on=spec.starts_on,
        ends_on=spec.ends_on,
        periods=[ReportingPeriod(*p) for p in spec.periods],
        checkin_every_days=spec.checkin_every_days,
        actor=actor,
        today=today,
        created_on=spec.starts_on,
    )


def programme_id(spec: DemoProgrammeSpec, seed: int) -> UUID:
    return uuid5(NAMESPACE_URL, f"seedbed-demo:{seed}:{spec.name}")
