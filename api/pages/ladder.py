"""What the pages show of the participation ladder: a project's readings over time (the
coach's, the users' own view beside them, the level at each gate decision) and a programme's
projects per rung over time, per target group, as chart geometry and as tables.

Functions of data and language only, like api/pages/views.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from api.pages.charts import LadderChart, Mark, StackedChart, ladder_chart, stacked_chart
from api.pages.i18n import Language
from app.participation import Participation
from app.reports.ladder import LEVELS, NO_READING, Distribution, LadderSummary

SOURCES = {"session": "Session", "assessment": "Co-assessment"}  # msgids of the page


@dataclass(frozen=True)
class ReadingRow:
    on: date
    source: str
    level: str
    user_view: str | None


@dataclass(frozen=True)
class GateRow:
    on: date
    stage: str
    level: str


@dataclass(frozen=True)
class ProjectLadder:
    chart: LadderChart
    readings: tuple[ReadingRow, ...]
    gates: tuple[GateRow, ...]
    current: str
    distance: int


def _years(first: date, last: date) -> list[tuple[date, str]]:
    return [(date(y, 1, 1), str(y)) for y in range(first.year + 1, last.year + 1)]


def project_ladder(p: Participation, language: Language, users_view: bool) -> ProjectLadder:
    """`users_view`: whether the viewer may see the users' own view (not a dashboard)."""
    value, on = language.value, language.date
    users = language.gettext("The users' own view")
    marks = [
        Mark("coach", r.on, r.level.rung, f"{on(r.on)}: {value(r.level.value)}") for r in p.readings
    ]
    if users_view:
        marks += [
            Mark(
                "users", r.on, r.user_view.rung, f"{on(r.on)}: {users}: {value(r.user_view.value)}"
            )
            for r in p.readings
            if r.user_view is not None
        ]
    for g in p.at_gates:
        level = None if g.level is None else g.level
        shown = f"{on(g.on)}: {value(g.to_stage.value)} ({value(level and level.value)})"
        marks.append(Mark("gate", g.on, level and level.rung, shown))
    days = [m.day for m in marks]
    ticks = _years(min(days), max(days)) if days else []
    return ProjectLadder(
        chart=ladder_chart(marks, [value(level) for level in LEVELS], ticks),
        readings=tuple(
            ReadingRow(
                r.on,
                language.gettext(SOURCES[r.source]),
                value(r.level.value),
                value(r.user_view.value) if users_view and r.user_view is not None else None,
            )
            for r in p.readings
        ),
        gates=tuple(
            GateRow(
                g.on, value(g.to_stage.value), value(None if g.level is None else g.level.value)
            )
            for g in p.at_gates
        ),
        current=value(None if p.current is None else p.current.value),
        distance=p.distance,
    )


# ---------------------------------------------------------------------------- programme
KEYS = (*LEVELS, NO_READING)


@dataclass(frozen=True)
class WindowRow:
    label: str
    counts: tuple[str, ...]  # per key of KEYS, shown
    projects: str
    share: str


@dataclass(frozen=True)
class GroupLadder:
    group: str
    label: str
    chart: StackedChart
    rows: tuple[WindowRow, ...]


def level_words(language: Language) -> tuple[str, ...]:
    return tuple(
        language.gettext("no reading") if key == NO_READING else language.value(key) for key in KEYS
    )


def _row(label: str, d: Distribution, language: Language) -> WindowRow:
    return WindowRow(
        label,
        tuple(language.number(d.by_level[k]) for k in KEYS),
        language.number(d.projects),
        language.percent(d.share_co_producing_or_above),
    )


def programme_ladder(summary: LadderSummary, language: Language) -> tuple[GroupLadder, ...]:
    """Per target group: projects per rung in each window (reporting period or month)."""
    words = level_words(language)
    windows = summary.over_time
    label = language.month if summary.by == "month" else str
    groups = sorted({g for w in windows for g in w.by_target_group})
    shown = []
    for group in groups:
        parts = [w.by_target_group.get(group) for w in windows]
        columns = [
            (
                label(w.label),
                [
                    (k, float(d.by_level[k]), f"{words[i]}: {d.by_level[k]}")
                    for i, k in enumerate(KEYS)
                ]
                if d
                else [],
                f"{label(w.label)}: {language.number(d.projects if d else 0)}",
            )
            for w, d in zip(windows, parts, strict=True)
        ]
        rows = tuple(
            _row(label(w.label), d, language) for w, d in zip(windows, parts, strict=True) if d
        )
        shown.append(GroupLadder(group, language.value(group), stacked_chart(columns), rows))
    return tuple(shown)
