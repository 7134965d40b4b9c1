"""What the pages show, computed from the read models: chart items, labels and tables.

Functions of data and language only (no HTTP, no database), so the routes stay thin and the
figures on a page are the API's figures by construction.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from api.pages.charts import BarChart, ColumnChart, Item, Segment, bar_chart, column_chart, timeline
from api.pages.i18n import Language
from api.pages.labels import EVENT_LABELS, FIELD_LABELS, N_, VALUE_LABELS
from domain.values import STAGE_ORDER
from projections.audience import HIDDEN_FROM_DASHBOARDS, without_personal_data
from projections.coaching import HourTotals
from projections.portfolio import Portfolio
from projections.stages import StagePeriod

STAGES = tuple(stage.value for stage in STAGE_ORDER)


class Shown:
    """A read as a dashboard's page sees it: the answer without personal data (the one rule of
    projections/audience.py), where a hidden key reads as None, so a template shows nothing
    for it (any other missing name still fails, as StrictUndefined wants)."""

    __slots__ = ("_data",)

    def __init__(self, data: Any) -> None:
        self._data = data

    @classmethod
    def of(cls, value: Any) -> Any:
        return cls._wrap(without_personal_data(value))

    @classmethod
    def _wrap(cls, value: Any) -> Any:
        if isinstance(value, Mapping):
            return cls(value)
        if isinstance(value, list):
            return [cls._wrap(item) for item in value]
        return value

    def __getattr__(self, name: str) -> Any:
        data = self._data
        if name in data:
            return self._wrap(data[name])
        if name in HIDDEN_FROM_DASHBOARDS:
            return None
        raise AttributeError(name)

    def __getitem__(self, name: str) -> Any:
        return self.__getattr__(name)

    def get(self, name: str, default: Any = None) -> Any:
        return self._wrap(self._data.get(name, default))

    def __iter__(self) -> Iterator[Any]:
        return iter(self._data)


def for_viewer(sees_personal_data: bool, value: Any) -> Any:
    """What a page may show this viewer: everything, or (a dashboard) the Shown copy."""
    return value if sees_personal_data else Shown.of(value)


def country_name(code: str, language: Language) -> str:
    return str(language.locale.territories.get(code.upper(), code))


def projects_link(**where: str) -> str:
    return "/ui/projects?" + urlencode(where)


@dataclass(frozen=True)
class Tile:
    key: str  # the figure's path in the JSON the page refreshes from
    label: str
    value: float
    shown: str
    reduce: str = ""  # "count" or "sum" when the path names an object of figures
    digits: int = 1


@dataclass(frozen=True)
class Cohort:
    name: str
    projects: int
    independent: int
    stages: BarChart


@dataclass(frozen=True)
class PortfolioView:
    tiles: tuple[Tile, ...]
    funnel: BarChart
    by_stage: BarChart
    by_country: BarChart
    by_target_group: BarChart
    by_outcome: BarChart
    hours: ColumnChart
    median_days: tuple[tuple[str, str], ...]
    cohorts: tuple[Cohort, ...]


def _counts(
    field: str,
    counts: Mapping[str, float],
    keys: Iterable[str],
    label: object,
    language: Language,
    link: str | None = None,
) -> BarChart:
    items = [
        Item(
            f"{field}.{key}",
            str(label(key)) if callable(label) else key,
            float(counts.get(key, 0)),
            language.number(int(counts.get(key, 0))),
            projects_link(**{link: key}) if link else None,
        )
        for key in keys
    ]
    return bar_chart(items)


def portfolio_view(p: Portfolio, language: Language) -> PortfolioView:
    hours_total = sum(p.coaching_hours_per_month.values())
    tiles = (
        Tile("projects", language.gettext("Projects"), p.projects, language.number(p.projects)),
        Tile(
            "by_status.active",
            language.gettext("Active"),
            p.by_status.get("active", 0),
            language.number(p.by_status.get("active", 0)),
        ),
        Tile(
            "by_country",
            language.gettext("Countries"),
            len(p.by_country),
            language.number(len(p.by_country)),
            reduce="count",
        ),
        Tile(
            "coaching_hours_per_month",
            language.gettext("Coaching hours"),
            hours_total,
            language.number(hours_total, 0),
            reduce="sum",
            digits=0,
        ),
    )
    countries = sorted(p.by_country, key=lambda c: (-p.by_country[c], c))
    groups = sorted(p.by_target_group, key=lambda g: (-p.by_target_group[g], g))
    outcomes = sorted(p.by_outcome, key=lambda o: (-p.by_outcome[o], o))
    hours = monthly(p.coaching_hours_per_month, "coaching_hours_per_month", language)
    cohorts = tuple(
        Cohort(
            c.cohort,
            c.projects,
            c.reached_independence,
            _counts(f"cohort.{c.cohort}", c.by_stage, STAGES, language.value, language),
        )
        for c in p.accelerator_cohorts
    )
    return PortfolioView(
        tiles=tiles,
        funnel=_counts("funnel", p.funnel, STAGES, language.value, language),
        by_stage=_counts("by_stage", p.by_stage, STAGES, language.value, language, "stage"),
        by_country=_counts(
            "by_country",
            p.by_country,
            countries,
            lambda c: country_name(c, language),
            language,
            "country",
        ),
        by_target_group=_counts(
            "by_target_group", p.by_target_group, groups, language.value, language, "target_group"
        ),
        by_outcome=_counts("by_outcome", p.by_outcome, outcomes, language.value, language),
        hours=hours,
        median_days=tuple(
            (
                language.value(stage),
                language.number(p.median_days_in_stage.get(stage), 0)
                if p.median_days_in_stage.get(stage) is not None
                else "—",
            )
            for stage in STAGES
        ),
        cohorts=cohorts,
    )


def stage_timeline(periods: Iterable[StagePeriod], language: Language) -> tuple[Segment, ...]:
    return timeline(
        [
            (
                p.stage,
                language.value(p.stage),
                p.days,
                f"{language.value(p.stage)}: {language.number(p.days)} " + language.gettext("Days"),
            )
            for p in periods
        ]
    )


def hours_by(totals: Mapping[str, float], field: str, language: Language) -> BarChart:
    keys = sorted(totals, key=lambda k: (-totals[k], k))
    return bar_chart(
        [
            Item(f"{field}.{key}", language.value(key), totals[key], language.number(totals[key]))
            for key in keys
        ]
    )


def monthly(hours: Mapping[str, float], field: str, language: Language) -> ColumnChart:
    """Hours per month ('2019-04': 12.5) as columns in month order, the axis in this locale."""
    largest = max(hours.values(), default=0.0)
    return column_chart(
        [
            Item(f"{field}.{m}", language.month(m), hours[m], language.number(hours[m]))
            for m in sorted(hours)
        ],
        shown=("0", language.number(largest / 2, 0), language.number(largest, 0)),
    )


def hours_per_month(totals: HourTotals, language: Language) -> ColumnChart:
    return monthly(totals.by_month, "hours.by_month", language)


# ---------------------------------------------------------------------------- audit
SEPARATOR = " \N{SINGLE RIGHT-POINTING ANGLE QUOTATION MARK} "
_PATH_PART = re.compile(r"([^.\[\]]+)(?:\[([^\]]+)\])?")


def _field_words(path: str, language: Language) -> str:
    """sessions[5f0c...].details.summary -> "Sessions (5f0c1a2b), details, summary" with the
    page's separator between the parts."""
    shown = []
    for name, key in _PATH_PART.findall(path):
        label = FIELD_LABELS.get(name)
        word = language.gettext(label) if label else name.replace("_", " ")
        if key:
            word += f" ({key[:8] if len(key) == 36 else key})"
        shown.append(word)
    return SEPARATOR.join(shown)


def _value_words(value: Any, language: Language) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return language.gettext("yes") if value else language.gettext("no")
    if isinstance(value, int | float):
        return language.number(value, 2)
    if isinstance(value, str):
        return language.value(value) if value in VALUE_LABELS else f"“{value}”"
    return language.gettext("%(n)s entries", n=len(value))


def audit_window(chosen: int, head: int, size: int) -> tuple[int, int]:
    """The versions the audit page lists: `size` of them around `chosen`, between 1 and `head`."""
    first = max(1, chosen - size // 2)
    last = min(head, first + size - 1)
    return max(1, last - size + 1), last


def change_text(change: Any, language: Language) -> str:
    """One field change of the audit page in words (never a Python repr); the page's script
    writes the same words for the changes it fetches (seedbed.js, changeText)."""
    field = _field_words(change.field, language)
    if change.before is None:
        if isinstance(change.after, dict | list):
            return language.gettext("%(field)s: added", field=field)
        return language.gettext(
            "%(field)s: added %(value)s", field=field, value=_value_words(change.after, language)
        )
    if change.after is None:
        return language.gettext("%(field)s: removed", field=field)
    return language.gettext(
        "%(field)s: %(before)s → %(after)s",
        field=field,
        before=_value_words(change.before, language),
        after=_value_words(change.after, language),
    )


# ---------------------------------------------------------------------------- fieldwork
def session_values(details: Any) -> dict[str, Any]:
    """A logged session as the session form's fields (to correct it)."""
    started = details.started_at
    values: dict[str, Any] = {
        "type": details.session_type.value,
        "started_on": started.date().isoformat(),
        "started_time": started.strftime("%H:%M"),
        "duration_minutes": str(details.duration_minutes),
        "mode": details.mode.value,
        "participation_level": details.participation_level.value,
        "participant_ids": [str(p) for p in details.participant_ids],
        "topics": "\n".join(details.topics),
        "milestone_ids": list(details.milestone_ids),
        "tools": [t.value for t in details.tools],
        "summary": details.summary,
    }
    for head in details.anonymous_participants:
        values[f"anonymous.{head.role.value}"] = str(head.count)
    for row, follow_up in enumerate(details.follow_ups):
        values[f"follow_ups.{row}.what"] = follow_up.what
        values[f"follow_ups.{row}.due_on"] = follow_up.due_on.isoformat()
    return values


@dataclass(frozen=True)
class HistoryLine:
    when: str
    what: str
    who: str
    reason: str
    changed: tuple[str, ...]


def session_history(
    entries: Iterable[Any], language: Language, name: Callable[[str], str | None]
) -> list[HistoryLine]:
    """A session's own events (logged, corrected, withdrawn), oldest first, in words."""
    lines = []
    for entry in entries:
        kind = entry.type.split(".")[-1]
        changes = entry.data.get("changes") or {}
        lines.append(
            HistoryLine(
                when=language.datetime(entry.recorded_at),
                what=language.gettext(EVENT_LABELS.get(kind, kind)),
                who=name(entry.actor or "") or language.gettext("someone"),
                reason=str(entry.data.get("reason") or ""),
                changed=tuple(sorted(changes)),
            )
        )
    return lines


# The events of a project's team and status, shown on its page beside sessions and stages.
HAPPENINGS = frozenset(
    {
        "TeamMemberAdded",
        "TeamMemberRemoved",
        "CoachAssigned",
        "CoachReleased",
        "Paused",
        "Resumed",
        "Closed",
        "SelectedForAccelerator",
        "GateReviewRequested",
        "GateReviewClosed",
    }
)


@dataclass(frozen=True)
class Happening:
    on: str
    what: str
    who: str  # the person concerned (a member, a coach), when there is one
    reason: str


def happenings(
    entries: Iterable[Any], language: Language, name: Callable[[str], str | None]
) -> list[Happening]:
    """Team and status changes, newest first, in words (reasons for readers of free text:
    `name` answers None for everyone to a dashboard, and so do the reasons)."""
    lines = []
    for entry in entries:
        kind = entry.type.split(".")[-1]
        if kind not in HAPPENINGS:
            continue
        data = entry.data
        concerned = data.get("person_id") or data.get("coach_id")
        reason = data.get("reason") or data.get("rationale") or data.get("note") or ""
        if kind == "Closed":
            reason = f"{language.value(str(data.get('outcome', '')))}: {reason}"
        lines.append(
            Happening(
                on=language.date(entry.occurred_on or entry.recorded_at),
                what=language.gettext(EVENT_LABELS.get(kind, kind)),
                who=(name(str(concerned)) or "") if concerned else "",
                reason=str(reason),
            )
        )
    return lines[::-1]


@dataclass(frozen=True)
class ProjectCard:
    """One project on a home page: where it stands, its last session, what is due."""

    summary: Any
    last_session: str | None
    overdue: tuple[tuple[str, str], ...]  # (what, due on) past their date
    upcoming: tuple[tuple[str, str], ...]


def project_card(summary: Any, sessions: Sequence[Any], today: date) -> ProjectCard:
    """The follow-ups of the project's latest session count as open: a later session is
    where a coach follows up."""
    kept = [s for s in sessions if not s.withdrawn]
    last = kept[-1] if kept else None
    overdue: list[tuple[str, str]] = []
    upcoming: list[tuple[str, str]] = []
    if last is not None:
        for follow_up in last.details.get("follow_ups", []):
            due = str(follow_up.get("due_on", ""))
            (overdue if due < today.isoformat() else upcoming).append(
                (str(follow_up.get("what", "")), due)
            )
    return ProjectCard(
        summary,
        None if last is None else str(last.details.get("started_at", "")),
        tuple(overdue),
        tuple(upcoming),
    )


DONE: Mapping[str, str] = {
    "session-logged": N_("The session is logged."),
    "session-corrected": N_("The correction is recorded."),
    "session-withdrawn": N_("The session is withdrawn."),
    "need-recorded": N_("The need is recorded."),
    "milestone-reached": N_("The milestone is recorded as reached."),
    "milestone-revoked": N_("The milestone is revoked."),
    "member-added": N_("The person is on the team."),
    "member-removed": N_("The person has left the team."),
    "coach-assigned": N_("The coach is assigned."),
    "coach-released": N_("The coach is released."),
    "review-requested": N_("Your proposal is sent to the coordinator."),
    "stage-changed": N_("The stage decision is recorded."),
    "review-declined": N_("The gate review is declined."),
    "paused": N_("The project is paused."),
    "resumed": N_("The project is resumed."),
    "closed": N_("The project is closed."),
    "selected": N_("The project is selected for the accelerator."),
    "project-proposed": N_("The project is proposed. Assign a coach next."),
    "network-registered": N_("The network is registered."),
    "institution-added": N_("The institution is added."),
    "coordinator-appointed": N_("The coordinator is appointed."),
    "person-registered": N_("The person is registered."),
}


def done_message(code: str | None, language: Language) -> str | None:
    """What a page says after a write sent the user back to it (`?done=...`)."""
    message = DONE.get(code or "")
    return None if message is None else language.gettext(message)
