"""What is due: the attention list for coaches and coordinators (docs/API.md, "What is due").

Computed from each project's current state and its programmes, for the projects in the
caller's scope that are not closed. Kinds:

- `checkin_overdue`: a programme with a check-in cadence is running and the project's last
  `biography_checkin` session (or its enrolment) is older than the cadence;
- `follow_up_due`: a follow-up of the project's latest session is past its date (a later
  session is where a coach follows up, as the home page counts them);
- `no_contact`: no session for `no_contact_days` (since the last one, or the proposal);
- `gate_ready`: every milestone of the next stage gate is reached, and no review is open;
- `gate_review_open`: a proposed stage change waits for the coordinator.

`since` is the day the item became due; the list is in that order (oldest first).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from uuid import UUID

from sqlalchemy import select

from app.dto import ProjectState, SessionView
from app.incubator import Incubator
from app.programmes import ProgrammeState, get_programme
from domain.catalogue import STAGE_GATES
from domain.values import STAGE_ORDER, SessionType, Status
from projections import summaries
from projections.reader import ReadModels

KINDS = ("checkin_overdue", "follow_up_due", "no_contact", "gate_ready", "gate_review_open")


@dataclass(frozen=True)
class AttentionItem:
    kind: str
    project_id: UUID
    title: str
    since: date
    due_on: date | None
    detail: str


def _live_sessions(project: ProjectState) -> list[SessionView]:
    return sorted(
        (s for s in project.sessions if not s.withdrawn), key=lambda s: s.details.started_at
    )


def _checkins(
    project: ProjectState, programmes: Mapping[UUID, ProgrammeState], today: date
) -> Iterable[AttentionItem]:
    for enrolment in project.enrolments:
        programme = programmes.get(enrolment.programme_id)
        if programme is None or programme.checkin_every_days is None:
            continue
        if not programme.starts_on <= today <= programme.ends_on:
            continue
        days = [
            s.details.started_at.date()
            for s in project.sessions
            if not s.withdrawn
            and s.details.session_type is SessionType.BIOGRAPHY_CHECKIN
            and s.details.started_at.date() >= enrolment.enrolled_on
        ]
        due = max([enrolment.enrolled_on, *days]) + timedelta(days=programme.checkin_every_days)
        if due < today:
            yield AttentionItem(
                "checkin_overdue",
                project.id,
                project.title,
                due,
                due,
                f"{programme.name}: a biography check-in every {programme.checkin_every_days} days",
            )


def _follow_ups(project: ProjectState, today: date) -> Iterable[AttentionItem]:
    sessions = _live_sessions(project)
    if not sessions:
        return
    for follow_up in sessions[-1].details.follow_ups:
        if follow_up.due_on < today:
            yield AttentionItem(
                "follow_up_due",
                project.id,
                project.title,
                follow_up.due_on,
                follow_up.due_on,
                follow_up.what,
            )


def _no_contact(project: ProjectState, today: date, days: int) -> Iterable[AttentionItem]:
    sessions = _live_sessions(project)
    last = sessions[-1].details.started_at.date() if sessions else project.proposed_on
    since = last + timedelta(days=days)
    if since <= today:
        yield AttentionItem(
            "no_contact",
            project.id,
            project.title,
            since,
            None,
            f"no session since {last.isoformat()}",
        )


def _gates(project: ProjectState) -> Iterable[AttentionItem]:
    open_reviews = [r for r in project.gate_reviews if r.open]
    for review in open_reviews:
        yield AttentionItem(
            "gate_review_open",
            project.id,
            project.title,
            review.requested_on,
            None,
            f"proposed: {review.to_stage.value}",
        )
    if project.status is not Status.ACTIVE or project.stage.index + 1 >= len(STAGE_ORDER):
        return
    to = STAGE_ORDER[project.stage.index + 1]
    gate = STAGE_GATES[(project.stage, to)]
    if gate.missing(project.reached_milestones) or any(r.to_stage is to for r in open_reviews):
        return
    reached = [
        m.reached_on
        for m in project.milestones
        if not m.revoked and m.milestone_id in gate.milestone_ids
    ]
    since = max([*reached, project.stage_history[-1].occurred_on])
    yield AttentionItem(
        "gate_ready",
        project.id,
        project.title,
        since,
        None,
        f"{gate.name}: every milestone reached",
    )


def attention(
    projects: Iterable[ProjectState],
    programmes: Mapping[UUID, ProgrammeState],
    today: date,
    no_contact_days: int,
) -> list[AttentionItem]:
    items: list[AttentionItem] = []
    for project in projects:
        if project.status is Status.CLOSED:
            continue
        items.extend(_checkins(project, programmes, today))
        items.extend(_follow_ups(project, today))
        if project.status is Status.ACTIVE:
            items.extend(_no_contact(project, today, no_contact_days))
        items.extend(_gates(project))
    return sorted(items, key=lambda i: (i.since, str(i.project_id), KINDS.index(i.kind)))


def digest(items: Iterable[AttentionItem]) -> str:
    """The list as plain text for a mail or chat job, grouped by kind."""
    listed = list(items)
    lines = [f"{len(listed)} items need attention"]
    for kind in KINDS:
        of_kind = [i for i in listed if i.kind == kind]
        if of_kind:
            lines.append(f"\n{kind} ({len(of_kind)})")
            lines.extend(
                f"  {i.since.isoformat()}  {i.title}  {i.detail}  /ui/projects/{i.project_id}"
                for i in of_kind
            )
    return "\n".join(lines) + "\n"


def projects_in_scope(
    reads: ReadModels, role: str, person: UUID | None, programme: UUID | None = None
) -> list[UUID]:
    """The projects the caller's attention list covers (coach: theirs; coordinator: their
    networks'; auditor, admin: every one; with `programme`, only those enrolled in it)."""
    scope = reads.scope_of(role, person, programme)
    if scope.projects is not None:
        return sorted(scope.projects, key=str)
    with reads.engine.connect() as connection:
        table = summaries.LIVE.projects
        return [
            r[0]
            for r in connection.execute(select(table.c.project_id).order_by(table.c.project_id))
        ]


def attention_for(
    incubator: Incubator,
    reads: ReadModels,
    role: str,
    person: UUID | None,
    today: date,
    no_contact_days: int,
    programme: UUID | None = None,
) -> list[AttentionItem]:
    """What is due on the projects in the caller's scope (see `projects_in_scope`)."""
    in_scope = projects_in_scope(reads, role, person, programme)
    states = [incubator.get_project(p) for p in in_scope]
    wanted = {e.programme_id for s in states for e in s.enrolments}
    programmes = {p: get_programme(incubator, p) for p in sorted(wanted, key=str)}
    return attention(states, programmes, today, no_contact_days)
