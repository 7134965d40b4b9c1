"""Each kind of row to the fact it records: a new stream, a person, or a command of
`app/commands.py` on a project, applied to a `Batch` by the same domain methods as the API's.

A parser reads the cells (a `CellError` names the column) and returns a `Fact`; the fact's
`apply` raises the domain's own errors, whose field `FIELD_COLUMNS` turns back into the
sheet's column.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, time
from uuid import UUID

from app import commands as c
from app.programmes import Enrol, new_programme
from app.sheets.batch import Batch, NewPerson
from app.sheets.cells import CellError, Cells, parse_day
from app.sheets.references import References
from domain.countries import zone_of
from domain.programme import ReportingPeriod
from domain.project import MicroProject
from domain.sessions import HeadCount, SessionDetails
from domain.values import (
    EmpowermentTool,
    Evidence,
    Outcome,
    ParticipationLevel,
    PersonRole,
    SessionMode,
    SessionType,
    Stage,
    TargetGroup,
    TeamRole,
    require_text,
)

DEFAULT_TIME = time(10, 0)

# A domain error's field (as the API names it) → the sheet's column.
FIELD_COLUMNS: Mapping[str, str] = {
    **dict.fromkeys(
        ("proposed_on", "enrolled_on", "joined_on", "identified_on", "reached_on"), "date"
    ),
    **dict.fromkeys(("decided_on", "closed_on", "registered_on", "started_at"), "date"),
    **dict.fromkeys(("starts_on", "created_on"), "date"),
    **dict.fromkeys(("summary", "description", "rationale", "reason"), "note"),
    **dict.fromkeys(("evidence.note", "evidence.links"), "note"),
    "ends_on": "until",
    "title": "project",
    "display_name": "name",
    "coach_ids": "coaches",
    "milestone_id": "milestone",
    "periods.label": "periods",
}


@dataclass(frozen=True)
class Fact:
    """What one valid row records: `apply` records it into the batch (or raises)."""

    describes: str
    apply: Callable[[Batch], None]
    main_column: str  # the column a refusal without a field (a gate not met, ...) concerns


@dataclass(frozen=True)
class Row:
    """A row as a parser sees it: its cells, its own id and the sheet's references."""

    cells: Cells
    record_id: UUID  # the id of what the row creates (derived from its key)
    number: int
    refs: References

    def project(self) -> UUID:
        return self.refs.find("project", "project", self.cells.required("project"))

    def person(self, column: str = "person") -> UUID:
        return self.refs.find("person", column, self.cells.required(column))

    def introduce(self, kind: str, column: str) -> str:
        name = self.cells.required(column)
        self.refs.introduce(kind, column, name, self.record_id, self.number)
        return name


def _network(row: Row) -> Fact:
    cells = row.cells
    name = row.introduce("network", "name")
    country = cells.required("country").upper()
    region = cells.required("region")
    group = cells.choice("target_group", TargetGroup)
    institutions = cells.listed("institutions")
    coordinator = row.person() if cells.text("person") else None
    registered_on = cells.day_or_none("date")

    def apply(batch: Batch) -> None:
        if coordinator is not None:
            batch.require_person(coordinator)
        network = batch.incubator.new_network(
            name=name,
            country=country,
            region=region,
            target_group=group,
            institutions=institutions,
            actor=batch.actor,
            coordinator_id=coordinator,
            network_id=row.record_id,
            registered_on=registered_on,
        )
        batch.add(network)

    return Fact(f'network "{name}" ({country}, {region})', apply, "name")


def _periods(cells: Cells) -> list[ReportingPeriod]:
    periods = []
    for item in cells.listed("periods"):
        label, _, span = item.rpartition(" ")
        first, slash, last = span.partition("/")
        if not label.strip() or not slash:
            raise CellError("periods", f'"{item}" is not LABEL FIRST/LAST')
        days = parse_day("periods", first), parse_day("periods", last)
        periods.append(ReportingPeriod(label.strip(), *days))
    return periods


def _programme(row: Row) -> Fact:
    cells = row.cells
    name = row.introduce("programme", "name")
    funder = cells.required("funder")
    starts_on, ends_on = cells.day("date"), cells.day("until")
    periods = _periods(cells)

    def apply(batch: Batch) -> None:
        programme = new_programme(
            batch.incubator,
            name=name,
            funder=funder,
            starts_on=starts_on,
            ends_on=ends_on,
            periods=periods,
            actor=batch.actor,
            programme_id=row.record_id,
        )
        batch.add(programme)

    return Fact(f'programme "{name}" ({starts_on} to {ends_on})', apply, "name")


def _person(row: Row) -> Fact:
    name = require_text("display_name", row.introduce("person", "name"), 200)
    role = row.cells.choice("role", PersonRole)
    person = NewPerson(row.record_id, name, role)
    return Fact(f'person "{name}" ({role.value})', lambda batch: batch.add_person(person), "name")


def _project(row: Row) -> Fact:
    cells = row.cells
    title = row.introduce("project", "project")
    network_id = row.refs.find("network", "network", cells.required("network"))
    group = cells.choice("target_group", TargetGroup)
    summary = cells.required("note")
    proposed_on = cells.day_or_none("date")

    def apply(batch: Batch) -> None:
        batch.network(network_id)  # it exists (in Seedbed or introduced above)
        project = batch.incubator.new_project(
            title=title,
            network_id=network_id,
            target_group=group,
            summary=summary,
            actor=batch.actor,
            proposed_on=proposed_on,
            project_id=row.record_id,
        )
        batch.add(project)

    return Fact(f'project "{title}" proposed on {proposed_on or "today"}', apply, "project")


def _on_project(row: Row, describes: str, main: str, make: Callable[[Batch], c.Command]) -> Fact:
    project_id = row.project()
    title = row.cells.required("project")
    return Fact(
        f'"{title}": {describes}',
        lambda batch: batch.run(MicroProject, project_id, make(batch)),
        main,
    )


def _enrolment(row: Row) -> Fact:
    cells = row.cells
    programme_id = row.refs.find("programme", "programme", cells.required("programme"))
    day = cells.day("date")

    def make(batch: Batch) -> c.Command:
        return Enrol(programme_id, day, batch.programme_window(programme_id))

    return _on_project(row, f'enrolment in "{cells.text("programme")}" on {day}', "programme", make)


def _coach(row: Row) -> Fact:
    coach_id = row.person()
    return _on_project(
        row,
        f'coach "{row.cells.text("person")}" assigned',
        "person",
        lambda _: c.AssignCoach(coach_id),
    )


def _team_member(row: Row) -> Fact:
    cells = row.cells
    person_id = row.person()
    role = cells.choice("role", TeamRole)
    day = cells.day("date")
    command = c.AddTeamMember(person_id, role, day)
    described = f'team member "{cells.text("person")}" ({role.value}) joined on {day}'
    return _on_project(row, described, "person", lambda _: command)


def _need(row: Row) -> Fact:
    cells = row.cells
    tool = cells.choice("tool", EmpowermentTool)
    day = cells.day("date")
    command = c.RecordNeed(cells.required("note"), tool, day, need_id=row.record_id)
    return _on_project(row, f"need found with {tool.value} on {day}", "note", lambda _: command)


def _session(row: Row) -> Fact:
    cells = row.cells
    day = cells.day("date")
    at = cells.clock("time", DEFAULT_TIME)
    minutes = cells.whole("minutes", 1, 720)  # the API's bounds
    session_type = cells.choice("type", SessionType)
    mode = cells.choice("mode", SessionMode)
    level = cells.choice("level", ParticipationLevel)
    coaches = tuple(row.refs.find("person", "coaches", name) for name in cells.listed("coaches"))
    users = cells.whole_or_none("users", 1, 10_000)
    summary = cells.text("note")

    def make(batch: Batch) -> c.Command:
        project = batch.stream(MicroProject, row.project())
        assert isinstance(project, MicroProject)
        zone = zone_of(batch.network(project.network_id).country)
        details = SessionDetails(
            session_type=session_type,
            started_at=datetime.combine(day, at, zone),
            duration_minutes=minutes,
            mode=mode,
            coach_ids=coaches,
            participation_level=level,
            summary=summary,
            anonymous_participants=(HeadCount(TeamRole.SERVICE_USER, users),) if users else (),
        )
        return c.LogSession(details, session_id=row.record_id)

    described = f"{session_type.value} session of {minutes} minutes on {day}"
    return _on_project(row, described, "date", make)


def _milestone(row: Row) -> Fact:
    cells = row.cells
    milestone_id = cells.required("milestone").upper()
    day = cells.day("date")
    command = c.ReachMilestone(milestone_id, day, Evidence(note=cells.text("note")))
    return _on_project(
        row, f"milestone {milestone_id} reached on {day}", "milestone", lambda _: command
    )


def _gate_decision(row: Row) -> Fact:
    cells = row.cells
    to = cells.choice("to", Stage)
    day = cells.day("date")
    override = cells.text("override") or None
    command = c.ChangeStage(to, cells.required("note"), override, day)
    return _on_project(row, f"stage {to.value} decided on {day}", "to", lambda _: command)


def _closure(row: Row) -> Fact:
    cells = row.cells
    outcome = cells.choice("outcome", Outcome)
    day = cells.day("date")
    override = cells.text("override") or None
    command = c.Close(outcome, cells.required("note"), override, day)
    return _on_project(row, f"closed as {outcome.value} on {day}", "outcome", lambda _: command)


PARSERS: Mapping[str, Callable[[Row], Fact]] = {
    "network": _network,
    "programme": _programme,
    "person": _person,
    "project": _project,
    "enrolment": _enrolment,
    "coach": _coach,
    "team member": _team_member,
    "need": _need,
    "session": _session,
    "milestone": _milestone,
    "gate decision": _gate_decision,
    "closure": _closure,
}
