"""Translations between HTTP bodies and the application's values (both directions)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar
from uuid import UUID

from api import schemas as s
from api.problems import ApiProblem
from app.dto import HistoryEntry, NetworkState, ProjectState, SessionView
from domain.sessions import FollowUp, HeadCount, SessionDetails
from domain.values import Evidence
from store.people import Person

T = TypeVar("T")

# ---------------------------------------------------------------------------- requests


def evidence(body: s.EvidenceIn) -> Evidence:
    return Evidence(note=body.note, links=tuple(body.links))


def _follow_ups(items: list[s.FollowUpIn]) -> tuple[FollowUp, ...]:
    return tuple(FollowUp(what=f.what, due_on=f.due_on, who=f.who) for f in items)


def _head_counts(items: list[s.HeadCountIn]) -> tuple[HeadCount, ...]:
    return tuple(HeadCount(role=h.role, count=h.count) for h in items)


def session_details(body: s.SessionCreate, default_coach: UUID | None) -> SessionDetails:
    coach_ids = body.coach_ids or ([default_coach] if default_coach else [])
    return SessionDetails(
        session_type=body.type,
        started_at=body.started_at,
        duration_minutes=body.duration_minutes,
        mode=body.mode,
        coach_ids=tuple(coach_ids),
        participation_level=body.participation_level,
        summary=body.summary,
        participant_ids=tuple(body.participants.person_ids),
        anonymous_participants=_head_counts(body.participants.anonymous),
        topics=tuple(body.topics),
        milestone_ids=tuple(body.milestone_ids),
        tools=tuple(body.tools),
        follow_ups=_follow_ups(body.follow_ups),
    )


def session_changes(body: s.SessionChanges) -> dict[str, Any]:
    """The correction's changed fields, named and typed as SessionDetails has them."""
    given = body.model_dump(exclude_unset=True)
    changes: dict[str, Any] = {}
    for name in given:
        value = getattr(body, name)
        if name == "type":
            changes["session_type"] = value
        elif name == "participants":
            changes["participant_ids"] = tuple(value.person_ids)
            changes["anonymous_participants"] = _head_counts(value.anonymous)
        elif name == "follow_ups":
            changes["follow_ups"] = _follow_ups(value)
        elif isinstance(value, list):
            changes[name] = tuple(value)
        else:
            changes[name] = value
    return changes


# ---------------------------------------------------------------------------- replies


def network_public(network: NetworkState) -> s.NetworkPublic:
    return s.NetworkPublic(
        id=network.id,
        version=network.version,
        name=network.name,
        country=network.country,
        region=network.region,
        target_group=network.target_group,
        institutions=list(network.institutions),
        coordinator_id=network.coordinator_id,
        registered_on=network.registered_on,
    )


def person_public(person: Person) -> s.PersonPublic:
    return s.PersonPublic(
        id=person.id,
        role=person.role,
        display_name=person.display_name,
        contact=person.contact,
        registered_at=person.registered_at,
        erased=person.is_erased,
        erased_at=person.erased_at,
    )


def _session_public(view: SessionView) -> s.SessionPublic:
    d = view.details
    return s.SessionPublic(
        session_id=view.session_id,
        type=d.session_type,
        started_at=d.started_at,
        duration_minutes=d.duration_minutes,
        mode=d.mode,
        coach_ids=list(d.coach_ids),
        participant_ids=list(d.participant_ids),
        anonymous_participants=[
            s.HeadCountPublic(role=h.role, count=h.count) for h in d.anonymous_participants
        ],
        topics=list(d.topics),
        milestone_ids=list(d.milestone_ids),
        tools=list(d.tools),
        summary=d.summary,
        follow_ups=[
            s.FollowUpPublic(what=f.what, due_on=f.due_on, who=f.who) for f in d.follow_ups
        ],
        participation_level=d.participation_level,
        logged_by=view.logged_by,
        corrections=view.corrections,
        withdrawn=view.withdrawn,
        withdrawal_reason=view.withdrawal_reason,
    )


def project_public(p: ProjectState) -> s.ProjectPublic:
    return s.ProjectPublic(
        id=p.id,
        version=p.version,
        title=p.title,
        network_id=p.network_id,
        target_group=p.target_group,
        summary=p.summary,
        stage=p.stage,
        status=p.status,
        outcome=p.outcome,
        status_reason=p.status_reason,
        proposed_on=p.proposed_on,
        proposed_by=p.proposed_by,
        created_at=p.created_at,
        modified_at=p.modified_at,
        team=[
            s.TeamMemberPublic(person_id=m.person_id, role=m.role, joined_on=m.joined_on)
            for m in p.team
        ],
        coaches=list(p.coaches),
        needs=[
            s.NeedPublic(
                need_id=n.need_id,
                description=n.description,
                tool=n.tool,
                identified_on=n.identified_on,
                recorded_by=n.recorded_by,
            )
            for n in p.needs
        ],
        sessions=[_session_public(v) for v in p.sessions],
        milestones=[
            s.MilestoneRecordPublic(
                milestone_id=m.milestone_id,
                reached_on=m.reached_on,
                evidence=s.EvidencePublic(note=m.evidence.note, links=list(m.evidence.links)),
                recorded_by=m.recorded_by,
                catalogue_version=m.catalogue_version,
                revoked=m.revoked,
                revoked_reason=m.revoked_reason,
                revoked_by=m.revoked_by,
            )
            for m in p.milestones
        ],
        reached_milestones=sorted(p.reached_milestones),
        stage_history=[
            s.StageChangePublic(
                from_stage=c.from_stage,
                to_stage=c.to_stage,
                occurred_on=c.occurred_on,
                rationale=c.rationale,
                actor=c.actor,
                kind=c.kind,
                override=c.override,
                overridden=list(c.overridden),
            )
            for c in p.stage_history
        ],
        accelerator=None
        if p.accelerator is None
        else s.AcceleratorPublic(
            cohort=p.accelerator.cohort,
            selected_on=p.accelerator.selected_on,
            actor=p.accelerator.actor,
        ),
    )


def event_public(entry: HistoryEntry, actor_name: str | None) -> s.EventPublic:
    return s.EventPublic(
        version=entry.version,
        position=entry.position,
        type=entry.type,
        recorded_at=entry.recorded_at,
        occurred_on=entry.occurred_on,
        actor=entry.actor,
        actor_name=actor_name,
        data=entry.data,
    )


def cursor_of(first: object, second: object) -> str:
    """A keyset cursor: the sort key of the last item, as `<first>_<second>`."""
    text = first.isoformat() if hasattr(first, "isoformat") else str(first)
    return f"{text}_{second}"


def parse_cursor(cursor: str | None, parse_first: Callable[[str], T]) -> tuple[T, UUID] | None:
    if cursor is None:
        return None
    try:
        first, second = cursor.rsplit("_", 1)
        return parse_first(first), UUID(second)
    except ValueError:
        raise ApiProblem(
            422,
            "the cursor is not one this API handed out",
            errors=[{"field": "query.cursor", "message": "malformed"}],
        ) from None
