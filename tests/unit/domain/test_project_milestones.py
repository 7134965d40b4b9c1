"""MicroProject: reaching and revoking milestones, with evidence."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import (
    AlreadyRecorded,
    GateNotMet,
    ImplausibleValue,
    InvalidTransition,
    UnknownMilestone,
)
from domain.project import MicroProject
from domain.values import (
    Evidence,
    MilestoneRecord,
    Stage,
)
from tests.unit.domain.builders import (
    COACH,
    COORDINATOR,
    TODAY,
    TOMORROW,
    YESTERDAY,
    evidence,
    reach,
)

# --------------------------------------------------------------------------- milestones


def test_reach_milestone_catalogue_id_records_milestone(project: MicroProject) -> None:
    proof = Evidence("canvas photo", ("https://example.org/canvas.jpg",))
    project.reach_milestone("CONC-01", date(2020, 2, 1), proof, COACH, TODAY)
    assert project.milestones == {
        "CONC-01": MilestoneRecord("CONC-01", date(2020, 2, 1), proof, COACH, 1)
    }
    assert project.reached_milestones == {"CONC-01"}
    (reached,) = project.collect_events()
    assert isinstance(reached, MicroProject.MilestoneReached)
    assert reached.occurred_on == date(2020, 2, 1)
    assert reached.catalogue_version == 1
    assert reached.evidence == proof
    assert reached.actor == COACH


def test_reach_milestone_unknown_id_raises_unknown_milestone(project: MicroProject) -> None:
    with pytest.raises(UnknownMilestone) as raised:
        project.reach_milestone("CONC-03", YESTERDAY, evidence(), COACH, TODAY)
    assert raised.value.field == "milestone_id"
    assert raised.value.milestone_id == "CONC-03"


def test_reach_milestone_twice_raises_already_recorded(project: MicroProject) -> None:
    reach(project, "NEED-01")
    with pytest.raises(AlreadyRecorded):
        project.reach_milestone("NEED-01", TODAY, evidence("again"), COACH, TODAY)
    assert project.milestones["NEED-01"].reached_on == YESTERDAY


def test_reach_milestone_future_reached_on_raises_implausible_value(
    project: MicroProject,
) -> None:
    with pytest.raises(ImplausibleValue) as raised:
        project.reach_milestone("NEED-01", TOMORROW, evidence(), COACH, TODAY)
    assert raised.value.field == "reached_on"
    assert project.milestones == {}


def test_reach_milestone_evidence_link_only_is_accepted(project: MicroProject) -> None:
    project.reach_milestone(
        "NEED-01", YESTERDAY, Evidence(links=["https://example.org/m"]), COACH, TODAY
    )
    assert project.milestones["NEED-01"].evidence.links == ("https://example.org/m",)


def test_reach_milestone_evidence_without_note_or_link_raises_implausible_value() -> None:
    with pytest.raises(ImplausibleValue) as raised:
        Evidence(note="  ")
    assert raised.value.field == "evidence"


@pytest.mark.parametrize("links", [("",), ("  ",)])
def test_reach_milestone_evidence_blank_link_only_raises_implausible_value(
    links: tuple[str, ...],
) -> None:
    with pytest.raises(ImplausibleValue) as raised:
        Evidence(links=links)
    assert raised.value.field == "evidence.links"


def test_revoke_milestone_reached_marks_it_revoked(project: MicroProject) -> None:
    reach(project, "NEED-01")
    project.collect_events()
    project.revoke_milestone("NEED-01", " users were not asked ", COORDINATOR)
    record = project.milestones["NEED-01"]
    assert record.revoked
    assert record.revoked_reason == "users were not asked"
    assert record.revoked_by == COORDINATOR
    assert record.recorded_by == COACH
    assert project.reached_milestones == frozenset()
    (revoked,) = project.collect_events()
    assert isinstance(revoked, MicroProject.MilestoneRevoked)
    assert revoked.actor == COORDINATOR


def test_revoke_milestone_unreached_raises_invalid_transition(project: MicroProject) -> None:
    with pytest.raises(InvalidTransition):
        project.revoke_milestone("NEED-01", "no proof", COORDINATOR)


def test_revoke_milestone_twice_raises_invalid_transition(project: MicroProject) -> None:
    reach(project, "NEED-01")
    project.revoke_milestone("NEED-01", "no proof", COORDINATOR)
    with pytest.raises(InvalidTransition):
        project.revoke_milestone("NEED-01", "no proof", COORDINATOR)


def test_revoke_milestone_unknown_id_raises_unknown_milestone(project: MicroProject) -> None:
    with pytest.raises(UnknownMilestone):
        project.revoke_milestone("NOPE-01", "no proof", COORDINATOR)


def test_revoke_milestone_blank_reason_raises_implausible_value(project: MicroProject) -> None:
    reach(project, "NEED-01")
    with pytest.raises(ImplausibleValue) as raised:
        project.revoke_milestone("NEED-01", " ", COORDINATOR)
    assert raised.value.field == "reason"
    assert project.reached_milestones == {"NEED-01"}


def test_reach_milestone_after_revocation_reaches_it_again(project: MicroProject) -> None:
    reach(project, "NEED-01", on=date(2020, 1, 1))
    project.revoke_milestone("NEED-01", "no proof", COORDINATOR)
    project.reach_milestone("NEED-01", date(2021, 3, 1), evidence("workshop notes"), COACH, TODAY)
    assert project.reached_milestones == {"NEED-01"}
    assert project.milestones["NEED-01"] == MilestoneRecord(
        "NEED-01", date(2021, 3, 1), evidence("workshop notes"), COACH, 1
    )


def test_advance_stage_revoked_milestone_no_longer_counts_for_gate(
    project: MicroProject,
) -> None:
    reach(project, "NEED-01", "TEAM-01")
    project.revoke_milestone("TEAM-01", "group stopped meeting", COORDINATOR)
    with pytest.raises(GateNotMet) as raised:
        project.advance_stage(Stage.CO_CREATION, "ready", COORDINATOR, TODAY)
    assert raised.value.missing == (("TEAM-01",),)
