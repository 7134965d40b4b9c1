"""The participation ladder of a programme, for dashboards: per target group and in total, how
many of the enrolled projects stand on each rung now and in each reporting period (or month),
and the share at `co_producing` or above.

Each window counts exactly what the LADDER indicator counts (`domain/indicators.py`:
`latest_levels` and `ladder`): the projects active in the window, each with its latest reading
by the window's last day, from the record as known at `as_known_at` (`gather`). Counts only:
no names, no free text, no person ids, no project ids.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal
from uuid import UUID

from app.reports.indicators import KnownRecord
from domain.indicators import Window, ladder, latest_levels
from domain.programme import Programme
from domain.project_facts import ProjectFacts
from domain.values import ParticipationLevel

LEVELS = tuple(level.value for level in ParticipationLevel)
NO_READING = "no_reading"  # active, but no reading by the window's last day
By = Literal["period", "month"]


@dataclass(frozen=True)
class Distribution:
    projects: int
    by_level: dict[str, int]  # every rung and NO_READING, lowest first
    share_co_producing_or_above: float  # the LADDER indicator of the window


@dataclass(frozen=True)
class LadderWindow:
    label: str
    start: date
    end: date
    total: Distribution
    by_target_group: dict[str, Distribution]


@dataclass(frozen=True)
class LadderSummary:
    programme_id: UUID
    programme: str
    as_known_at: datetime
    by: By
    now: LadderWindow
    over_time: tuple[LadderWindow, ...]


def distribution(facts: Sequence[ProjectFacts], window: Window) -> Distribution:
    by_level = dict.fromkeys((*LEVELS, NO_READING), 0)
    for _facts, latest in latest_levels(facts, window):
        by_level[NO_READING if latest is None else latest[0].value] += 1
    share = ladder(facts, {}, window).value
    return Distribution(sum(by_level.values()), by_level, share)


def ladder_window(record: KnownRecord, label: str, start: date, end: date) -> LadderWindow:
    window = Window(record.programme.id, start, end)
    groups = sorted({f.target_group.value for f in record.projects})
    return LadderWindow(
        label,
        start,
        end,
        distribution(record.projects, window),
        {
            group: distribution(
                [f for f in record.projects if f.target_group.value == group], window
            )
            for group in groups
        },
    )


def months(first: date, last: date) -> list[tuple[str, date, date]]:
    """('2019-04', first day, last day) for each month from `first`'s to `last`'s."""
    found = []
    month = first.replace(day=1)
    while month <= last:
        following = (month + timedelta(days=32)).replace(day=1)
        found.append((month.strftime("%Y-%m"), month, following - timedelta(days=1)))
        month = following
    return found


def windows(programme: Programme, by: By, until: date) -> list[tuple[str, date, date]]:
    """The reporting periods (or months) of the programme that began by `until`."""
    if by == "month":
        return months(programme.starts_on, min(until, programme.ends_on))
    return [(p.label, p.starts_on, p.ends_on) for p in programme.periods if p.starts_on <= until]


def ladder_summary(record: KnownRecord, by: By) -> LadderSummary:
    """Now (the day of `as_known_at`, or the programme's last day once it is over) and over
    time."""
    programme = record.programme
    today = record.as_known_at.date()
    day = max(programme.starts_on, min(today, programme.ends_on))
    return LadderSummary(
        programme.id,
        programme.name,
        record.as_known_at,
        by,
        ladder_window(record, "now", day, day),
        tuple(ladder_window(record, *w) for w in windows(programme, by, today)),
    )
