"""The micro project: one event stream per project, from idea to closure.

Public methods are commands: they check every rule once (the inputs, today's date, which
comes in as an argument, and the project's state) and then trigger a private `@event` method
whose body only changes state. Those bodies run again on every replay, so they check nothing
(a stored event must replay even after a rule changes) and never read a clock or make an id.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.catalogue import CATALOGUE_VERSION, CLOSURE_GATES, STAGE_GATES, Gate, milestone
from domain.errors import (
    AlreadyRecorded,
    CoachNotAssigned,
    GateNotMet,
    GateReviewNotFound,
    ImplausibleValue,
    InvalidTransition,
    ProjectClosed,
    SessionAlreadyWithdrawn,
    SessionNotFound,
    TeamMemberNotFound,
)
from domain.sessions import SessionDetails, check_session_time
from domain.values import (
    STAGE_ORDER,
    AcceleratorSelection,
    EmpowermentTool,
    Evidence,
    MilestoneRecord,
    Need,
    Outcome,
    ParticipationLevel,
    Stage,
    StageChange,
    Status,
    TargetGroup,
    TeamMember,
    TeamRole,
    check_date,
    check_not_before,
    require_text,
)


class SessionRecord:
    """A logged support session as it stands after corrections (a plain, snapshot-able record)."""

    def __init__(
        self,
        session_id: UUID,
        details: SessionDetails,
        logged_by: str,
        corrections: int = 0,
        withdrawn: bool = False,
        withdrawal_reason: str = "",
    ) -> None:
        self.session_id = session_id
        self.details = details
        self.logged_by = logged_by
        self.corrections = corrections
        self.withdrawn = withdrawn
        self.withdrawal_reason = withdrawal_reason

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SessionRecord) and vars(self) == vars(other)

    __hash__ = None  # type: ignore[assignment]


@dataclass(frozen=True)
class ParticipationAssessment:
    """A ladder reading made by a coach together with the service users: the coach's level
    and, beside it, the level the users name themselves (as outcome stars record both)."""

    assessed_on: date
    level: ParticipationLevel
    user_view: ParticipationLevel
    note: str
    assessed_by: str


@dataclass(frozen=True)
class GateReview:
    """A proposed stage change and what became of it (state: open, advanced, reverted,
    declined)."""

    review_id: UUID
    to_stage: Stage
    note: str
    requested_by: str
    requested_on: date
    state: str = "open"
    decided_by: str = ""
    decided_on: date | None = None
    reason: str = ""

    @property
    def open(self) -> bool:
        return self.state == "open"


def _describe(missing: tuple[tuple[str, ...], ...]) -> list[str]:
    return [" or ".join(group) for group in missing]


class MicroProject(Aggregate):
    # ---------------------------------------------------------------- creation
    class Proposed(Aggregate.Created):
        title: str
        network_id: UUID
        target_group: TargetGroup
        summary: str
        actor: str
        occurred_on: date

    @event(Proposed)
    def __init__(
        self,
        title: str,
        network_id: UUID,
        target_group: TargetGroup,
        summary: str,
        actor: str,
        occurred_on: date,
    ) -> None:
        self.title = title
        self.network_id = network_id
        self.target_group = target_group
        self.summary = summary
        self.proposed_by = actor
        self.proposed_on = occurred_on
        self.stage = Stage.IDEA
        self.status = Status.ACTIVE
        self.outcome: Outcome | None = None
        self.closure_rationale = ""
        self.closure_override = ""
        self.closure_waived: tuple[str, ...] = ()
        self.closed_on: date | None = None
        self.status_reason = ""
        self.team: dict[str, TeamMember] = {}
        self.coaches: list[UUID] = []
        self.needs: list[Need] = []
        self.sessions: dict[str, SessionRecord] = {}
        self.milestones: dict[str, MilestoneRecord] = {}
        self.stage_history: list[StageChange] = [
            StageChange(None, Stage.IDEA, occurred_on, summary, actor, "proposed")
        ]
        self.accelerator: AcceleratorSelection | None = None
        self.redactions: tuple[tuple[int, str], ...] = ()
        self.gate_reviews: dict[str, GateReview] = {}

    @classmethod
    def propose(
        cls,
        *,
        id: UUID,
        title: str,
        network_id: UUID,
        target_group: TargetGroup,
        summary: str,
        actor: str,
        proposed_on: date,
        today: date,
    ) -> MicroProject:
        return cls._create(
            cls.Proposed,
            id=id,
            title=require_text("title", title, 200),
            network_id=network_id,
            target_group=target_group,
            summary=require_text("summary", summary, 5_000),
            actor=actor,
            occurred_on=check_date("proposed_on", proposed_on, today),
        )

    # ---------------------------------------------------------------- queries
    def _decision_date(self, field: str, value: date, today: date) -> date:
        """A stage or status decision's date: not in the future, not before the last change."""
        last = self.stage_history[-1].occurred_on
        return check_not_before(
            field, check_date(field, value, today), last, "the last stage change"
        )

    # Read through these: snapshots taken before redactions and reviews existed lack them.
    @property
    def reviews(self) -> dict[str, GateReview]:
        reviews: dict[str, GateReview] = self.__dict__.get("gate_reviews", {})
        return reviews

    @property
    def enrolments(self) -> dict[str, date]:
        """Programme id → the day the project was enrolled in it."""
        enrolled: dict[str, date] = self.__dict__.get("programmes", {})
        return enrolled

    @property
    def assessments(self) -> tuple[ParticipationAssessment, ...]:
        """Participation readings made together with the service users, in order."""
        made: tuple[ParticipationAssessment, ...] = self.__dict__.get("co_assessments", ())
        return made

    @property
    def redacted_fields(self) -> tuple[tuple[int, str], ...]:
        # A snapshot's JSON gives lists back: normalise to the tuples the state compares by.
        stored = self.__dict__.get("redactions", ())
        return tuple((int(version), str(field)) for version, field in stored)

    @property
    def reached_milestones(self) -> frozenset[str]:
        return frozenset(m for m, r in self.milestones.items() if not r.revoked)

    @property
    def is_closed(self) -> bool:
        return self.status is Status.CLOSED

    def _require_open(self) -> None:
        if self.status is Status.CLOSED:
            raise ProjectClosed(self.outcome.value if self.outcome else "unknown")

    def _session(self, session_id: UUID) -> SessionRecord:
        try:
            record = self.sessions[str(session_id)]
        except KeyError:
            raise SessionNotFound(session_id) from None
        if record.withdrawn:
            raise SessionAlreadyWithdrawn(session_id)
        return record

    def _require_assigned(self, coach_ids: Sequence[UUID], actor: str) -> None:
        """A session names only the project's assigned coaches, and the person recording it
        (a coordinator who held a network meeting names themselves). A project that has no
        coach yet, where only its coordinator or an admin can write, takes the coaches it is
        told."""
        if not self.coaches:
            return
        strangers = [c for c in coach_ids if c not in self.coaches and str(c) != actor]
        if strangers:
            raise CoachNotAssigned(strangers)

    # ---------------------------------------------------------------- needs and team
    class NeedRecorded(Aggregate.Event):
        need_id: UUID
        description: str
        tool: EmpowermentTool
        actor: str
        occurred_on: date

    def record_need(
        self,
        need_id: UUID,
        description: str,
        tool: EmpowermentTool,
        identified_on: date,
        actor: str,
        today: date,
    ) -> None:
        self._require_open()
        if any(need.need_id == need_id for need in self.needs):
            raise AlreadyRecorded(f"need {need_id} is already recorded")
        self._record_need(
            need_id,
            require_text("description", description, 5_000),
            tool,
            actor,
            check_date("identified_on", identified_on, today),
        )

    @event(NeedRecorded)
    def _record_need(
        self, need_id: UUID, description: str, tool: EmpowermentTool, actor: str, occurred_on: date
    ) -> None:
        self.needs.append(Need(need_id, description, tool, occurred_on, actor))

    class TeamMemberAdded(Aggregate.Event):
        person_id: UUID
        role: TeamRole
        actor: str
        occurred_on: date

    def add_team_member(
        self, person_id: UUID, role: TeamRole, joined_on: date, actor: str, today: date
    ) -> None:
        self._require_open()
        if str(person_id) in self.team:
            raise AlreadyRecorded(f"person {person_id} is already in the team")
        self._add_team_member(person_id, role, actor, check_date("joined_on", joined_on, today))

    @event(TeamMemberAdded)
    def _add_team_member(
        self, person_id: UUID, role: TeamRole, actor: str, occurred_on: date
    ) -> None:
        self.team[str(person_id)] = TeamMember(person_id, role, occurred_on)

    class TeamMemberRemoved(Aggregate.Event):
        person_id: UUID
        reason: str
        actor: str
        occurred_on: date

    def remove_team_member(
        self, person_id: UUID, reason: str, left_on: date, actor: str, today: date
    ) -> None:
        self._require_open()
        member = self.team.get(str(person_id))
        if member is None:
            raise TeamMemberNotFound(person_id)
        left = check_date("left_on", left_on, today)
        if left < member.joined_on:
            raise ImplausibleValue("left_on", "is before the member joined")
        self._remove_team_member(person_id, require_text("reason", reason, 2_000), actor, left)

    @event(TeamMemberRemoved)
    def _remove_team_member(
        self, person_id: UUID, reason: str, actor: str, occurred_on: date
    ) -> None:
        del self.team[str(person_id)]

    class CoachAssigned(Aggregate.Event):
        coach_id: UUID
        actor: str

    def assign_coach(self, coach_id: UUID, actor: str) -> None:
        self._require_open()
        if coach_id in self.coaches:
            raise AlreadyRecorded(f"coach {coach_id} is already assigned")
        self._assign_coach(coach_id, actor)

    @event(CoachAssigned)
    def _assign_coach(self, coach_id: UUID, actor: str) -> None:
        self.coaches.append(coach_id)

    class CoachReleased(Aggregate.Event):
        coach_id: UUID
        reason: str
        actor: str

    def release_coach(self, coach_id: UUID, reason: str, actor: str) -> None:
        self._require_open()
        if coach_id not in self.coaches:
            raise InvalidTransition(f"coach {coach_id} is not assigned to this project")
        self._release_coach(coach_id, require_text("reason", reason, 2_000), actor)

    @event(CoachReleased)
    def _release_coach(self, coach_id: UUID, reason: str, actor: str) -> None:
        self.coaches.remove(coach_id)

    # ---------------------------------------------------------------- support sessions
    class SessionLogged(Aggregate.Event):
        session_id: UUID
        details: SessionDetails
        actor: str
        occurred_on: date

    def log_session(
        self, session_id: UUID, details: SessionDetails, actor: str, now: datetime
    ) -> None:
        self._require_open()
        if str(session_id) in self.sessions:
            raise AlreadyRecorded(f"support session {session_id} is already logged")
        self._require_assigned(details.coach_ids, actor)
        check_session_time(details, now)
        self._log_session(session_id, details, actor, details.started_at.date())

    @event(SessionLogged)
    def _log_session(
        self, session_id: UUID, details: SessionDetails, actor: str, occurred_on: date
    ) -> None:
        self.sessions[str(session_id)] = SessionRecord(session_id, details, actor)

    class SessionCorrected(Aggregate.Event):
        session_id: UUID
        changes: dict[str, Any]
        reason: str
        actor: str

    def correct_session(
        self,
        session_id: UUID,
        changes: Mapping[str, Any],
        reason: str,
        actor: str,
        now: datetime,
    ) -> None:
        self._require_open()
        record = self._session(session_id)
        corrected = record.details.corrected(changes)
        if "coach_ids" in changes:
            self._require_assigned(corrected.coach_ids, actor)
        if "started_at" in changes:
            check_session_time(corrected, now)
        self._correct_session(session_id, dict(changes), require_text("reason", reason), actor)

    @event(SessionCorrected)
    def _correct_session(
        self, session_id: UUID, changes: dict[str, Any], reason: str, actor: str
    ) -> None:
        record = self.sessions[str(session_id)]
        record.details = record.details.corrected(changes)
        record.corrections += 1

    class SessionWithdrawn(Aggregate.Event):
        session_id: UUID
        reason: str
        actor: str

    def withdraw_session(self, session_id: UUID, reason: str, actor: str) -> None:
        self._require_open()
        self._session(session_id)
        self._withdraw_session(session_id, require_text("reason", reason, 2_000), actor)

    @event(SessionWithdrawn)
    def _withdraw_session(self, session_id: UUID, reason: str, actor: str) -> None:
        record = self.sessions[str(session_id)]
        record.withdrawn = True
        record.withdrawal_reason = reason

    # ---------------------------------------------------------------- milestones
    class MilestoneReached(Aggregate.Event):
        milestone_id: str
        evidence: Evidence
        catalogue_version: int
        actor: str
        occurred_on: date

    def reach_milestone(
        self, milestone_id: str, reached_on: date, evidence: Evidence, actor: str, today: date
    ) -> None:
        self._require_open()
        milestone(milestone_id)
        if milestone_id in self.reached_milestones:
            raise AlreadyRecorded(f"milestone {milestone_id} is already reached")
        self._reach_milestone(
            milestone_id,
            evidence,
            CATALOGUE_VERSION,
            actor,
            check_date("reached_on", reached_on, today),
        )

    @event(MilestoneReached)
    def _reach_milestone(
        self,
        milestone_id: str,
        evidence: Evidence,
        catalogue_version: int,
        actor: str,
        occurred_on: date,
    ) -> None:
        self.milestones[milestone_id] = MilestoneRecord(
            milestone_id, occurred_on, evidence, actor, catalogue_version
        )

    class MilestoneRevoked(Aggregate.Event):
        milestone_id: str
        reason: str
        actor: str

    def revoke_milestone(self, milestone_id: str, reason: str, actor: str) -> None:
        self._require_open()
        milestone(milestone_id)
        if milestone_id not in self.reached_milestones:
            raise InvalidTransition(f"milestone {milestone_id} is not reached, so not revocable")
        self._revoke_milestone(milestone_id, require_text("reason", reason, 2_000), actor)

    @event(MilestoneRevoked)
    def _revoke_milestone(self, milestone_id: str, reason: str, actor: str) -> None:
        self.milestones[milestone_id] = replace(
            self.milestones[milestone_id], revoked=True, revoked_reason=reason, revoked_by=actor
        )

    # ---------------------------------------------------------------- stages
    def _gate_check(self, gate: Gate, override: str | None) -> tuple[str, tuple[str, ...]]:
        """The override justification and the requirements it waived; raises if not allowed."""
        missing = gate.missing(self.reached_milestones)
        if not missing:
            return "", ()
        if override is None or not override.strip():
            raise GateNotMet(gate.name, missing)
        return require_text("override", override, 2_000), tuple(_describe(missing))

    class StageAdvanced(Aggregate.Event):
        from_stage: Stage
        to_stage: Stage
        rationale: str
        override: str
        overridden: list[str]
        actor: str
        occurred_on: date

    def advance_stage(
        self,
        to: Stage,
        rationale: str,
        actor: str,
        today: date,
        decided_on: date | None = None,
        override: str | None = None,
        review_id: UUID | None = None,
    ) -> None:
        self._require_open()
        self._decide_review(review_id, to)
        if self.status is Status.PAUSED:
            raise InvalidTransition("the project is paused: resume it before changing stage")
        if to.index != self.stage.index + 1:
            raise InvalidTransition(
                f"a project moves one stage at a time: from {self.stage.value} "
                f"the next stage is {self._next_stage_name()}, not {to.value}"
            )
        justification, waived = self._gate_check(STAGE_GATES[(self.stage, to)], override)
        self._advance_stage(
            self.stage,
            to,
            require_text("rationale", rationale, 5_000),
            justification,
            list(waived),
            actor,
            self._decision_date("decided_on", decided_on or today, today),
        )
        if review_id is not None:
            self._close_gate_review(review_id, "advanced", "", actor, today)

    def _next_stage_name(self) -> str:
        if self.stage.index + 1 >= len(STAGE_ORDER):
            return "none (independence is the last stage)"
        return STAGE_ORDER[self.stage.index + 1].value

    @event(StageAdvanced)
    def _advance_stage(
        self,
        from_stage: Stage,
        to_stage: Stage,
        rationale: str,
        override: str,
        overridden: list[str],
        actor: str,
        occurred_on: date,
    ) -> None:
        self.stage = to_stage
        self.stage_history.append(
            StageChange(
                from_stage,
                to_stage,
                occurred_on,
                rationale,
                actor,
                "advanced",
                override,
                tuple(overridden),
            )
        )

    class StageReverted(Aggregate.Event):
        from_stage: Stage
        to_stage: Stage
        reason: str
        actor: str
        occurred_on: date

    def revert_stage(
        self,
        to: Stage,
        reason: str,
        actor: str,
        today: date,
        decided_on: date | None = None,
        review_id: UUID | None = None,
    ) -> None:
        self._require_open()
        self._decide_review(review_id, to)
        if self.status is Status.PAUSED:
            raise InvalidTransition("the project is paused: resume it before changing stage")
        if to.index != self.stage.index - 1:
            raise InvalidTransition(
                f"a step back goes one stage at a time: from {self.stage.value} "
                f"it cannot go back to {to.value}"
            )
        self._revert_stage(
            self.stage,
            to,
            require_text("reason", reason, 5_000),
            actor,
            self._decision_date("decided_on", decided_on or today, today),
        )
        if review_id is not None:
            self._close_gate_review(review_id, "reverted", "", actor, today)

    @event(StageReverted)
    def _revert_stage(
        self, from_stage: Stage, to_stage: Stage, reason: str, actor: str, occurred_on: date
    ) -> None:
        self.stage = to_stage
        self.stage_history.append(
            StageChange(from_stage, to_stage, occurred_on, reason, actor, "reverted")
        )

    # ---------------------------------------------------------------- status
    class Paused(Aggregate.Event):
        reason: str
        actor: str
        occurred_on: date

    def pause(self, reason: str, actor: str, today: date, paused_on: date | None = None) -> None:
        self._require_open()
        if self.status is Status.PAUSED:
            raise InvalidTransition("the project is already paused")
        self._pause(
            require_text("reason", reason, 2_000),
            actor,
            self._decision_date("paused_on", paused_on or today, today),
        )

    @event(Paused)
    def _pause(self, reason: str, actor: str, occurred_on: date) -> None:
        self.status = Status.PAUSED
        self.status_reason = reason

    class Resumed(Aggregate.Event):
        reason: str
        actor: str
        occurred_on: date

    def resume(self, reason: str, actor: str, today: date, resumed_on: date | None = None) -> None:
        self._require_open()
        if self.status is not Status.PAUSED:
            raise InvalidTransition("the project is not paused")
        self._resume(
            require_text("reason", reason, 2_000),
            actor,
            self._decision_date("resumed_on", resumed_on or today, today),
        )

    @event(Resumed)
    def _resume(self, reason: str, actor: str, occurred_on: date) -> None:
        self.status = Status.ACTIVE
        self.status_reason = reason

    class Closed(Aggregate.Event):
        outcome: Outcome
        rationale: str
        override: str
        overridden: list[str]
        actor: str
        occurred_on: date

    def close(
        self,
        outcome: Outcome,
        rationale: str,
        actor: str,
        today: date,
        closed_on: date | None = None,
        override: str | None = None,
    ) -> None:
        self._require_open()
        gate = CLOSURE_GATES.get(outcome)
        justification, waived = ("", ()) if gate is None else self._gate_check(gate, override)
        self._close(
            outcome,
            require_text("rationale", rationale, 5_000),
            justification,
            list(waived),
            actor,
            self._decision_date("closed_on", closed_on or today, today),
        )

    @event(Closed)
    def _close(
        self,
        outcome: Outcome,
        rationale: str,
        override: str,
        overridden: list[str],
        actor: str,
        occurred_on: date,
    ) -> None:
        self.status = Status.CLOSED
        self.outcome = outcome
        self.closure_rationale = rationale
        self.closure_override = override
        self.closure_waived = tuple(overridden)
        self.closed_on = occurred_on
        self.status_reason = rationale

    # ---------------------------------------------------------------- gate reviews
    class GateReviewRequested(Aggregate.Event):
        """A coach (or the coordinator) proposes a stage change for the coordinator to decide."""

        review_id: UUID
        to_stage: Stage
        note: str
        actor: str
        occurred_on: date

    def request_gate_review(
        self, review_id: UUID, to: Stage, note: str, actor: str, today: date
    ) -> None:
        self._require_open()
        if str(review_id) in self.reviews:
            raise AlreadyRecorded(f"gate review {review_id} is already requested")
        if abs(to.index - self.stage.index) != 1:
            raise InvalidTransition(
                f"a gate review proposes the next or the previous stage, not {to.value} "
                f"from {self.stage.value}"
            )
        if any(r.open and r.to_stage is to for r in self.reviews.values()):
            raise AlreadyRecorded(f"a review proposing {to.value} is already open")
        self._request_gate_review(review_id, to, require_text("note", note, 5_000), actor, today)

    @event(GateReviewRequested)
    def _request_gate_review(
        self, review_id: UUID, to_stage: Stage, note: str, actor: str, occurred_on: date
    ) -> None:
        self.gate_reviews = {
            **self.reviews,
            str(review_id): GateReview(review_id, to_stage, note, actor, occurred_on),
        }

    class GateReviewClosed(Aggregate.Event):
        """The coordinator decided a review: by the stage change it names (`decision` is
        "advanced" or "reverted") or by declining it with a reason."""

        review_id: UUID
        decision: str
        reason: str
        actor: str
        occurred_on: date

    def _open_review(self, review_id: UUID) -> GateReview:
        review = self.reviews.get(str(review_id))
        if review is None:
            raise GateReviewNotFound(review_id)
        if not review.open:
            raise InvalidTransition(f"gate review {review_id} is already {review.state}")
        return review

    def decline_gate_review(self, review_id: UUID, reason: str, actor: str, today: date) -> None:
        self._require_open()
        self._open_review(review_id)
        self._close_gate_review(
            review_id, "declined", require_text("reason", reason, 2_000), actor, today
        )

    def _decide_review(self, review_id: UUID | None, to: Stage) -> None:
        """Refuses a stage change that names a review for another stage (checked before it)."""
        if review_id is not None and self._open_review(review_id).to_stage is not to:
            raise InvalidTransition(
                f"gate review {review_id} proposes {self._open_review(review_id).to_stage.value}, "
                f"not {to.value}"
            )

    @event(GateReviewClosed)
    def _close_gate_review(
        self, review_id: UUID, decision: str, reason: str, actor: str, occurred_on: date
    ) -> None:
        review = self.reviews[str(review_id)]
        self.gate_reviews = {
            **self.reviews,
            str(review_id): replace(
                review, state=decision, decided_by=actor, decided_on=occurred_on, reason=reason
            ),
        }

    # ---------------------------------------------------------------- redaction
    class FieldRedacted(Aggregate.Event):
        """A free-text value of an earlier event was removed from the record (who, when, why
        and which field: never the text). The store rewrote that value to a commitment in
        the same transaction, so the chain still verifies."""

        version: int
        field: str
        reason: str
        actor: str
        occurred_on: date

    def redact(self, version: int, field: str, reason: str, actor: str, today: date) -> None:
        """Accepted on a closed project too: erasure requests mostly concern finished ones.
        That the field is free text of that version is the store's to check."""
        if not 1 <= version <= self.version:
            raise ImplausibleValue("version", f"the project has no version {version}")
        if (version, field) in self.redacted_fields:
            raise AlreadyRecorded(f"{field} of version {version} is already redacted")
        self._redact(version, field, require_text("reason", reason, 2_000), actor, today)

    @event(FieldRedacted)
    def _redact(self, version: int, field: str, reason: str, actor: str, occurred_on: date) -> None:
        self.redactions = (*self.redacted_fields, (version, field))

    # ---------------------------------------------------------------- accelerator
    class SelectedForAccelerator(Aggregate.Event):
        cohort: str
        actor: str
        occurred_on: date

    def select_for_accelerator(
        self, cohort: str, selected_on: date, actor: str, today: date
    ) -> None:
        self._require_open()
        if self.accelerator is not None:
            raise AlreadyRecorded(
                f"the project is already in accelerator cohort {self.accelerator.cohort}"
            )
        self._select_for_accelerator(
            require_text("cohort", cohort, 100),
            actor,
            check_date("selected_on", selected_on, today),
        )

    @event(SelectedForAccelerator)
    def _select_for_accelerator(self, cohort: str, actor: str, occurred_on: date) -> None:
        self.accelerator = AcceleratorSelection(cohort, occurred_on, actor)

    # ---------------------------------------------------------------- programmes
    class Enrolled(Aggregate.Event):
        """The project joined a programme (SEMPRE, then SEMPRE Accelerators: one stream)."""

        programme_id: UUID
        actor: str
        occurred_on: date

    def enrol(
        self,
        programme_id: UUID,
        enrolled_on: date,
        window: tuple[date, date],
        actor: str,
        today: date,
    ) -> None:
        """`window`: the programme's first and last day, which the enrolment lies within."""
        self._require_open()
        if str(programme_id) in self.enrolments:
            raise AlreadyRecorded(f"the project is already enrolled in programme {programme_id}")
        day = check_date("enrolled_on", enrolled_on, today)
        if not window[0] <= day <= window[1]:
            raise ImplausibleValue(
                "enrolled_on",
                f"is outside the programme ({window[0].isoformat()} to {window[1].isoformat()})",
            )
        check_not_before("enrolled_on", day, self.proposed_on, "the project was proposed")
        self._enrol(programme_id, actor, day)

    @event(Enrolled)
    def _enrol(self, programme_id: UUID, actor: str, occurred_on: date) -> None:
        self.programmes = {**self.enrolments, str(programme_id): occurred_on}

    # ---------------------------------------------------------------- participation
    class ParticipationAssessed(Aggregate.Event):
        level: ParticipationLevel
        user_view: ParticipationLevel
        note: str
        actor: str
        occurred_on: date

    def assess_participation(
        self,
        level: ParticipationLevel,
        user_view: ParticipationLevel,
        note: str,
        assessed_on: date,
        actor: str,
        today: date,
    ) -> None:
        self._require_open()
        day = check_not_before(
            "assessed_on",
            check_date("assessed_on", assessed_on, today),
            self.proposed_on,
            "the project was proposed",
        )
        text = require_text("note", note, 2_000) if note.strip() else ""
        self._assess_participation(level, user_view, text, actor, day)

    @event(ParticipationAssessed)
    def _assess_participation(
        self,
        level: ParticipationLevel,
        user_view: ParticipationLevel,
        note: str,
        actor: str,
        occurred_on: date,
    ) -> None:
        made = ParticipationAssessment(occurred_on, level, user_view, note, actor)
        self.co_assessments = (*self.assessments, made)
