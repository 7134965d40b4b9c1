"""The forms of work on a project, as specs (api/pages/actions.py serves them): each names the
API's request schema and the guard's action, and turns its fields into that schema's body.

What each page shows beside its forms (the gate's requirements met and missing, the team, the
open gate reviews) is computed here from the project's state; the rules stay in the domain.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from api.pages import people_picker
from api.pages.actions import FormSpec, PageSpec, Values
from api.pages.fieldwork import options
from api.pages.i18n import Language
from api.pages.labels import N_
from api.pages.outbox import Queued, lines, optional, text
from api.pages.session import Viewer
from api.pages.shell import name_of
from api.schemas.milestones import MilestoneReach, MilestoneRevocation
from api.schemas.projects import (
    AcceleratorSelectionCreate,
    Closure,
    CoachAssignment,
    CoachRelease,
    NeedCreate,
    Pause,
    Resumption,
    StageTransition,
    TeamMemberCreate,
    TeamMemberRemoval,
)
from api.schemas.reviews import GateReviewCreate, GateReviewDecline
from app.access import Action
from app.dto import ProjectState
from domain.catalogue import CLOSURE_GATES, MILESTONES, STAGE_GATES, Gate
from domain.values import STAGE_ORDER, EmpowermentTool, Outcome, Status, TeamRole


def _today(viewer: Viewer, _project: ProjectState) -> dict[str, Any]:
    return {"on": viewer.guard.today().isoformat()}


def _the_open_review(_viewer: Viewer, project: ProjectState) -> dict[str, Any]:
    """With one gate review open, the decision starts as that review's proposal."""
    open_reviews = [r for r in project.gate_reviews if r.open]
    if len(open_reviews) != 1:
        return {}
    return {"to": open_reviews[0].to_stage.value, "review_id": str(open_reviews[0].review_id)}


# ------------------------------------------------------------------- requirements
@dataclass(frozen=True)
class Requirement:
    """One group of a gate: met by any one of its milestones."""

    met: bool
    reached: tuple[str, ...]  # "NEED-01 · needs assessed ..." for the group's milestones reached
    choices: tuple[str, ...]  # the same words for each milestone of the group


@dataclass(frozen=True)
class Move:
    """A stage change the project could make now: where to, and what its gate asks."""

    to: str
    forward: bool
    requirements: tuple[Requirement, ...]

    @property
    def met(self) -> bool:
        return all(r.met for r in self.requirements)


def requirements(
    gate: Gate | None, reached: Iterable[str], language: Language
) -> tuple[Requirement, ...]:
    if gate is None:
        return ()
    have = set(reached)

    def words(milestone: str) -> str:
        return f"{milestone} · {language.milestone(milestone)}"

    return tuple(
        Requirement(
            met=bool(have.intersection(group)),
            reached=tuple(words(m) for m in group if m in have),
            choices=tuple(words(m) for m in group),
        )
        for group in gate.requires
    )


def moves(project: ProjectState, language: Language) -> list[Move]:
    index = project.stage.index
    found = []
    if index + 1 < len(STAGE_ORDER):
        to = STAGE_ORDER[index + 1]
        gate = STAGE_GATES[(project.stage, to)]
        found.append(Move(to.value, True, requirements(gate, project.reached_milestones, language)))
    if index > 0:
        found.append(Move(STAGE_ORDER[index - 1].value, False, ()))
    return found


def _move_options(project: ProjectState, language: Language) -> list[tuple[str, str, str]]:
    return [
        (
            move.to,
            language.gettext("Advance to %(stage)s", stage=language.value(move.to))
            if move.forward
            else language.gettext("Step back to %(stage)s", stage=language.value(move.to)),
            ""
            if not move.forward
            else language.gettext("The gate is met.")
            if move.met
            else language.gettext("The gate is not met: it needs an override."),
        )
        for move in moves(project, language)
    ]


# ------------------------------------------------------------------- page contexts
def _needs(viewer: Viewer, project: ProjectState, _query: Values) -> dict[str, Any]:
    return {
        "needs": list(reversed(project.needs)),
        "tools": options((t.value for t in EmpowermentTool), viewer.language),
    }


def _milestones(viewer: Viewer, project: ProjectState, _query: Values) -> dict[str, Any]:
    language = viewer.language
    reached = project.reached_milestones
    return {
        "open_milestones": [
            (m.id, f"{m.id} · {language.milestone(m.id)}")
            for m in MILESTONES.values()
            if m.id not in reached
        ],
        "reached_milestones": [
            (m, f"{m} · {language.milestone(m)}") for m in sorted(reached) if m in MILESTONES
        ],
        "board": viewer.container.read_models.milestone_board(project.id),
    }


def _named(viewer: Viewer, person_id: Any) -> str:
    return name_of(viewer, person_id) or str(person_id)


def _team(viewer: Viewer, project: ProjectState, query: Values) -> dict[str, Any]:
    members = {m.person_id for m in project.team}
    found = people_picker.search(viewer, query.get("q"), roles=None, registered=query)
    return {
        "members": [(m, _named(viewer, m.person_id)) for m in project.team],
        "roles": options((r.value for r in TeamRole), viewer.language),
        "picker": found.without(members),
        "team_options": [(str(m.person_id), _named(viewer, m.person_id)) for m in project.team],
    }


def _coaches(viewer: Viewer, project: ProjectState, query: Values) -> dict[str, Any]:
    found = people_picker.search(viewer, query.get("q"), roles=("coach",), registered=query)
    return {
        "assigned": [(c, _named(viewer, c)) for c in project.coaches],
        "picker": found.without(set(project.coaches)),
        "coach_options": [(str(c), _named(viewer, c)) for c in project.coaches],
    }


def _stage(viewer: Viewer, project: ProjectState, _query: Values) -> dict[str, Any]:
    language = viewer.language
    open_reviews = [r for r in project.gate_reviews if r.open]
    return {
        "moves": moves(project, language),
        "move_options": _move_options(project, language),
        "reviews": [(r, _named(viewer, r.requested_by)) for r in open_reviews],
        "review_options": [
            (
                str(r.review_id),
                language.gettext(
                    "%(stage)s, proposed on %(day)s by %(who)s",
                    stage=language.value(r.to_stage.value),
                    day=language.date(r.requested_on),
                    who=_named(viewer, r.requested_by),
                ),
            )
            for r in open_reviews
        ],
    }


def _status(viewer: Viewer, project: ProjectState, _query: Values) -> dict[str, Any]:
    language = viewer.language
    return {
        "outcomes": [
            (
                outcome.value,
                language.value(outcome.value),
                language.gettext("Only with the closure gate met, or an override.")
                if outcome in CLOSURE_GATES
                else "",
            )
            for outcome in Outcome
        ],
        "closure": requirements(
            CLOSURE_GATES[Outcome.INDEPENDENT], project.reached_milestones, language
        ),
    }


# ------------------------------------------------------------------- the forms
def _is(status: Status) -> Any:
    return lambda project: project.status is status


def _selectable(project: ProjectState) -> bool:
    return not project.is_closed and project.accelerator is None


RECORD_NEED = FormSpec(
    "record",
    Action.RECORD_NEED,
    NeedCreate,
    "need-recorded",
    {
        "description": text("description"),
        "tool": text("tool"),
        "identified_on": text("on"),
    },
    fields={"identified_on": "on"},
    defaults=_today,
    queued=Queued("POST /projects/{project_id}/needs", N_("Record a need")),
)
REACH_MILESTONE = FormSpec(
    "reach",
    Action.RECORD_MILESTONE,
    MilestoneReach,
    "milestone-reached",
    {
        "milestone_id": text("milestone_id"),
        "reached_on": text("on"),
        "evidence": {"note": text("note"), "links": lines("links")},
    },
    fields={
        "reached_on": "on",
        "evidence.note": "note",
        "evidence.links": "links",
        "evidence": "note",
    },
    defaults=_today,
    queued=Queued("POST /projects/{project_id}/milestones", N_("Reach a milestone")),
)
REVOKE_MILESTONE = FormSpec(
    "revoke",
    Action.RECORD_MILESTONE,
    MilestoneRevocation,
    "milestone-revoked",
    {"reason": text("reason")},
    target="milestone_id",
    target_type=str,
    versioned=True,
    available=lambda p: not p.is_closed and bool(p.reached_milestones),
    queued=Queued(
        "POST /projects/{project_id}/milestones/{milestone_id}/revocation",
        N_("Revoke a milestone"),
    ),
)
ADD_MEMBER = FormSpec(
    "add",
    Action.MANAGE_TEAM,
    TeamMemberCreate,
    "member-added",
    {
        "person_id": text("person_id"),
        "role": text("role"),
        "joined_on": text("on"),
    },
    fields={"joined_on": "on"},
    defaults=_today,
    queued=Queued("POST /projects/{project_id}/team", N_("Add a team member")),
)
REMOVE_MEMBER = FormSpec(
    "remove",
    Action.MANAGE_TEAM,
    TeamMemberRemoval,
    "member-removed",
    {"reason": text("reason"), "left_on": optional("on")},
    target="person_id",
    versioned=True,
    fields={"left_on": "on"},
    available=lambda p: not p.is_closed and bool(p.team),
    queued=Queued("DELETE /projects/{project_id}/team/{person_id}", N_("Remove a team member")),
)
ASSIGN_COACH = FormSpec(
    "assign",
    Action.ASSIGN_COACH,
    CoachAssignment,
    "coach-assigned",
    {"coach_id": text("coach_id")},
)
RELEASE_COACH = FormSpec(
    "release",
    Action.ASSIGN_COACH,
    CoachRelease,
    "coach-released",
    {"reason": text("reason")},
    target="coach_id",
    versioned=True,
    available=lambda p: not p.is_closed and bool(p.coaches),
)
PROPOSE_STAGE = FormSpec(
    "propose",
    Action.PROPOSE_STAGE,
    GateReviewCreate,
    "review-requested",
    {"to": text("to"), "note": text("note")},
    unless=Action.DECIDE_STAGE,
    queued=Queued("POST /projects/{project_id}/gate-reviews", N_("Propose a stage change")),
)
DECIDE_STAGE = FormSpec(
    "decide",
    Action.DECIDE_STAGE,
    StageTransition,
    "stage-changed",
    {
        "to": text("to"),
        "rationale": text("rationale"),
        "override": optional("override"),
        "decided_on": optional("on"),
        "review_id": optional("review_id"),
    },
    versioned=True,
    fields={"decided_on": "on", "gate": "to"},
    defaults=_the_open_review,
)
DECLINE_REVIEW = FormSpec(
    "decline",
    Action.DECIDE_STAGE,
    GateReviewDecline,
    "review-declined",
    {"reason": text("reason")},
    target="review_id",
    versioned=True,
    available=lambda p: not p.is_closed and any(r.open for r in p.gate_reviews),
)
PAUSE = FormSpec(
    "pause",
    Action.CHANGE_STATUS,
    Pause,
    "paused",
    {"reason": text("reason"), "paused_on": optional("on")},
    versioned=True,
    fields={"paused_on": "on"},
    available=_is(Status.ACTIVE),
)
RESUME = FormSpec(
    "resume",
    Action.CHANGE_STATUS,
    Resumption,
    "resumed",
    {"reason": text("reason"), "resumed_on": optional("on")},
    versioned=True,
    fields={"resumed_on": "on"},
    available=_is(Status.PAUSED),
)
CLOSE = FormSpec(
    "close",
    Action.CHANGE_STATUS,
    Closure,
    "closed",
    {
        "outcome": text("outcome"),
        "rationale": text("rationale"),
        "override": optional("override"),
        "closed_on": optional("on"),
    },
    versioned=True,
    fields={"closed_on": "on", "gate": "outcome"},
)
SELECT_FOR_ACCELERATOR = FormSpec(
    "accelerator",
    Action.SELECT_ACCELERATOR,
    AcceleratorSelectionCreate,
    "selected",
    {"cohort": text("cohort"), "selected_on": text("on")},
    fields={"selected_on": "on"},
    defaults=_today,
    available=_selectable,
)

PAGES = (
    PageSpec("needs", N_("Record a need"), "needs.html", (RECORD_NEED,), _needs),
    PageSpec(
        "milestones",
        N_("Milestones"),
        "milestones.html",
        (REACH_MILESTONE, REVOKE_MILESTONE),
        _milestones,
    ),
    PageSpec("team", N_("Team"), "team.html", (ADD_MEMBER, REMOVE_MEMBER), _team),
    PageSpec("coaches", N_("Coaches"), "coaches.html", (ASSIGN_COACH, RELEASE_COACH), _coaches),
    PageSpec(
        "stage",
        N_("Stage gate"),
        "stage.html",
        (PROPOSE_STAGE, DECIDE_STAGE, DECLINE_REVIEW),
        _stage,
    ),
    PageSpec(
        "status",
        N_("Pause, resume or close"),
        "status.html",
        (PAUSE, RESUME, CLOSE, SELECT_FOR_ACCELERATOR),
        _status,
    ),
)
