"""Funder indicators computed from a programme's project facts (`domain/project_facts.py`).

Each figure is computed for one window (first and last day, inclusive) over the projects
enrolled in the programme by the window's last day, and names the projects and the events it
counts (so that every number drills down to the record). The definitions are data
(`domain/indicator_definitions.py`). Pure functions: the caller chooses which events were known.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from uuid import UUID

from domain.indicator_definitions import UPTAKE_DAYS
from domain.project_facts import EventRef, NetworkFacts, ProjectFacts, SessionFact
from domain.values import Outcome, ParticipationLevel, Stage

SOLUTION_OUTCOMES = frozenset({Outcome.INDEPENDENT, Outcome.INFORMAL_STABLE, Outcome.ABSORBED})
LADDER_FLOOR = ParticipationLevel.CO_PRODUCING


@dataclass(frozen=True)
class Window:
    programme_id: UUID
    start: date
    end: date

    def holds(self, day: date) -> bool:
        return self.start <= day <= self.end

    def counts(self, facts: ProjectFacts, day: date) -> bool:
        """A fact counts for the programme when it lies in the window and on or after the
        project's enrolment: what a project did before it joined is not the programme's."""
        return self.holds(day) and day >= facts.enrolments[self.programme_id].day


@dataclass(frozen=True)
class Figure:
    """A value, and what it counts: (project, event) pairs in a stable order."""

    value: float
    counted: tuple[tuple[UUID, EventRef], ...]
    breakdown: Mapping[str, Mapping[str, float]] = field(default_factory=dict)

    @property
    def projects(self) -> tuple[UUID, ...]:
        return tuple(sorted({p for p, _ in self.counted}, key=str))

    def events_of(self, project_id: UUID) -> tuple[EventRef, ...]:
        return tuple(e for p, e in self.counted if p == project_id)


def _figure(value: float, counted: Iterable[tuple[UUID, EventRef]]) -> Figure:
    pairs = sorted(set(counted), key=lambda c: (str(c[0]), str(c[1].stream_id), c[1].version))
    return Figure(value, tuple(pairs))


def enrolled(facts: Sequence[ProjectFacts], window: Window) -> list[ProjectFacts]:
    """The projects enrolled in the programme by the window's last day."""
    return [
        f
        for f in facts
        if window.programme_id in f.enrolments
        and f.enrolments[window.programme_id].day <= window.end
    ]


def _active(facts: Sequence[ProjectFacts], window: Window) -> list[ProjectFacts]:
    return [f for f in enrolled(facts, window) if f.active_in(window.start, window.end)]


def pilots(facts: Sequence[ProjectFacts], _n: Mapping[UUID, NetworkFacts], w: Window) -> Figure:
    counted = [
        (f.project_id, moved.ref)
        for f in enrolled(facts, w)
        for stage, moved in f.stage_moves
        if stage is Stage.PILOT and w.counts(f, moved.day) and moved.ref.type == "StageAdvanced"
    ]
    return _figure(len({p for p, _ in counted}), counted)


def organisations(
    facts: Sequence[ProjectFacts], networks: Mapping[UUID, NetworkFacts], w: Window
) -> Figure:
    active = _active(facts, w)
    seen: set[tuple[UUID, str]] = set()
    counted: list[tuple[UUID, EventRef]] = []
    for f in active:
        network = networks.get(f.network_id)
        if network is None:
            continue
        for name, joined in network.institutions_by(w.end).items():
            seen.add((f.network_id, name))
            counted.append((f.project_id, joined.ref))
    return _figure(len(seen), counted)


def solutions(facts: Sequence[ProjectFacts], _n: Mapping[UUID, NetworkFacts], w: Window) -> Figure:
    counted = [
        (f.project_id, f.closure[1].ref)
        for f in enrolled(facts, w)
        if f.closure is not None
        and f.closure[0] in SOLUTION_OUTCOMES
        and w.counts(f, f.closure[1].day)
    ]
    return _figure(len(counted), counted)


def uptake(facts: Sequence[ProjectFacts], _n: Mapping[UUID, NetworkFacts], w: Window) -> Figure:
    wide = Window(w.programme_id, w.start, w.end + timedelta(days=UPTAKE_DAYS))
    counted: list[tuple[UUID, EventRef]] = []
    for f in enrolled(facts, w):
        transfer = f.milestones.get("TRANS-01")
        if transfer is not None and wide.counts(f, transfer.day):
            counted.append((f.project_id, transfer.ref))
        if (
            f.closure is not None
            and f.closure[0] is Outcome.ABSORBED
            and wide.counts(f, f.closure[1].day)
        ):
            counted.append((f.project_id, f.closure[1].ref))
    return _figure(len({p for p, _ in counted}), counted)


def hours(facts: Sequence[ProjectFacts], _n: Mapping[UUID, NetworkFacts], w: Window) -> Figure:
    minutes = 0
    by_type: dict[str, int] = {}
    by_group: dict[str, int] = {}
    counted: list[tuple[UUID, EventRef]] = []
    for f in enrolled(facts, w):
        for session in f.live_sessions():
            if not w.counts(f, session.day):
                continue
            length = session.details.duration_minutes
            minutes += length
            kind = session.details.session_type.value
            by_type[kind] = by_type.get(kind, 0) + length
            by_group[f.target_group.value] = by_group.get(f.target_group.value, 0) + length
            counted.extend((f.project_id, ref) for ref in session.refs)
    breakdown = {
        "by_type": {k: round(v / 60, 2) for k, v in sorted(by_type.items())},
        "by_target_group": {k: round(v / 60, 2) for k, v in sorted(by_group.items())},
    }
    figure = _figure(round(minutes / 60, 2), counted)
    return Figure(figure.value, figure.counted, breakdown)


def users(facts: Sequence[ProjectFacts], _n: Mapping[UUID, NetworkFacts], w: Window) -> Figure:
    named: set[UUID] = set()
    anonymous = 0
    counted: list[tuple[UUID, EventRef]] = []
    for f in enrolled(facts, w):
        for membership in f.memberships:
            since = max(w.start, f.enrolments[w.programme_id].day)
            if membership.role.value == "service_user" and membership.overlaps(since, w.end):
                named.add(membership.person_id)
                counted.append((f.project_id, membership.joined.ref))
        heads = [(s.anonymous_users, s) for s in f.live_sessions() if w.counts(f, s.day)]
        largest = max(heads, key=lambda h: (h[0], -h[1].refs[0].version), default=None)
        if largest is not None and largest[0] > 0:
            anonymous += largest[0]
            counted.append((f.project_id, largest[1].refs[-1]))
    return _figure(len(named) + anonymous, counted)


def jobs(facts: Sequence[ProjectFacts], _n: Mapping[UUID, NetworkFacts], w: Window) -> Figure:
    counted = [
        (f.project_id, f.milestones["JOB-01"].ref)
        for f in enrolled(facts, w)
        if "JOB-01" in f.milestones and w.counts(f, f.milestones["JOB-01"].day)
    ]
    return _figure(len(counted), counted)


def latest_levels(
    facts: Sequence[ProjectFacts], w: Window
) -> list[tuple[ProjectFacts, tuple[ParticipationLevel, SessionFact] | None]]:
    """The projects active in the window, each with its latest reading by the window's last
    day (None before the first): what LADDER counts, and the ladder's distribution."""
    return [(f, f.latest_reading(w.end)) for f in _active(facts, w)]


def ladder(facts: Sequence[ProjectFacts], _n: Mapping[UUID, NetworkFacts], w: Window) -> Figure:
    readings = latest_levels(facts, w)
    counted = [
        (f.project_id, latest[1].refs[-1])
        for f, latest in readings
        if latest is not None and latest[0].rung >= LADDER_FLOOR.rung
    ]
    share = round(len(counted) / len(readings), 4) if readings else 0.0
    return _figure(share, counted)


Compute = Callable[[Sequence[ProjectFacts], Mapping[UUID, NetworkFacts], Window], Figure]

COMPUTE: Mapping[str, Compute] = {
    "RCO84": pilots,
    "RCO87": organisations,
    "RCO116": solutions,
    "RCR104": uptake,
    "HOURS": hours,
    "USERS": users,
    "JOBS": jobs,
    "LADDER": ladder,
}
