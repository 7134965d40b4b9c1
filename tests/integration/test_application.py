"""The Incubator's commands and queries, the same suite on popo, a SQLite file and PostgreSQL."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest
from eventsourcing.application import project_aggregate

from app import audit
from app.commands import AddTeamMember, ChangeStage, CorrectSession, ReachMilestone, WithdrawSession
from app.dto import ProjectState
from app.incubator import Incubator
from domain.errors import (
    ImplausibleValue,
    InvalidTransition,
    NetworkNotFound,
    PersonNotFound,
    ProjectNotFound,
    SessionAlreadyWithdrawn,
    UnknownMilestone,
    VersionConflict,
)
from domain.project import MicroProject
from domain.values import Evidence, PersonRole, Stage, TargetGroup, TeamRole
from tests.integration.helpers import coaching, log_session, new_project


def test_get_project_with_unknown_id_raises_project_not_found(incubator: Incubator) -> None:
    with pytest.raises(ProjectNotFound):
        incubator.get_project(uuid4())


def test_get_project_with_a_network_id_raises_project_not_found(incubator: Incubator) -> None:
    network = incubator.register_network(
        name="LEN Plön",
        country="DE",
        region="Plön",
        target_group=TargetGroup.ELDERLY,
        institutions=[],
        actor="system:test",
    )
    with pytest.raises(ProjectNotFound):
        incubator.get_project(network.id)
    assert incubator.get_network(network.id).name == "LEN Plön"


def test_propose_project_in_unknown_network_raises_network_not_found(incubator: Incubator) -> None:
    with pytest.raises(NetworkNotFound):
        incubator.propose_project(
            title="x",
            network_id=uuid4(),
            target_group=TargetGroup.YOUTH,
            summary="s",
            actor="system:test",
        )


def test_add_team_member_unknown_person_raises_and_records_nothing(incubator: Incubator) -> None:
    project_id, _coach = new_project(incubator)
    before = incubator.get_project(project_id).version
    with pytest.raises(PersonNotFound):
        incubator.execute(
            project_id,
            AddTeamMember(
                person_id=uuid4(), role=TeamRole.SERVICE_USER, joined_on=date(2020, 1, 1)
            ),
            actor="system:test",
        )
    assert incubator.get_project(project_id).version == before


def test_command_with_stale_expected_version_raises_conflict_with_current(
    incubator: Incubator,
) -> None:
    project_id, coach = new_project(incubator)
    current = incubator.get_project(project_id).version
    _sid, result = log_session(
        incubator, project_id, details=coaching(coach), actor=str(coach), expected_version=current
    )
    assert result.version == current + 1
    with pytest.raises(VersionConflict) as conflict:
        log_session(
            incubator,
            project_id,
            details=coaching(coach, 1),
            actor=str(coach),
            expected_version=current,
        )
    assert conflict.value.current == current + 1
    assert len(incubator.get_project(project_id).sessions) == 1


def test_every_command_reports_version_and_position(incubator: Incubator) -> None:
    project_id, coach = new_project(incubator)
    first = incubator.execute(
        project_id,
        ReachMilestone(
            milestone_id="NEED-01", reached_on=date(2019, 6, 1), evidence=Evidence("workshop notes")
        ),
        actor=str(coach),
    )
    second = incubator.execute(
        project_id,
        ReachMilestone(
            milestone_id="TEAM-01",
            reached_on=date(2019, 7, 1),
            evidence=Evidence("attendance list"),
        ),
        actor=str(coach),
    )
    assert second.version == first.version + 1
    assert first.position is not None
    assert second.position is not None
    assert second.position > first.position


def test_invalid_inputs_raise_specific_errors_and_record_nothing(incubator: Incubator) -> None:
    project_id, _coach = new_project(incubator)
    before = incubator.get_project(project_id).version
    with pytest.raises(UnknownMilestone):
        incubator.execute(
            project_id,
            ReachMilestone(
                milestone_id="NOPE-99", reached_on=date(2019, 6, 1), evidence=Evidence("x")
            ),
            actor="a",
        )
    with pytest.raises(ImplausibleValue):
        incubator.execute(
            project_id,
            ReachMilestone(
                milestone_id="NEED-01", reached_on=date(2030, 1, 1), evidence=Evidence("x")
            ),
            actor="a",
        )
    with pytest.raises(InvalidTransition):
        incubator.execute(project_id, ChangeStage(to=Stage.PILOT, rationale="skip"), actor="a")
    assert incubator.get_project(project_id).version == before


def test_withdrawn_session_cannot_be_corrected(incubator: Incubator) -> None:
    project_id, coach = new_project(incubator)
    session_id, _ = log_session(incubator, project_id, details=coaching(coach), actor=str(coach))
    incubator.execute(
        project_id,
        CorrectSession(session_id=session_id, changes={"duration_minutes": 90}, reason="typo"),
        actor=str(coach),
    )
    incubator.execute(
        project_id, WithdrawSession(session_id=session_id, reason="logged twice"), actor=str(coach)
    )
    with pytest.raises(SessionAlreadyWithdrawn):
        incubator.execute(
            project_id,
            CorrectSession(session_id=session_id, changes={"summary": "x"}, reason="r"),
            actor=str(coach),
        )
    (session,) = incubator.get_project(project_id).sessions
    assert session.withdrawn
    assert session.corrections == 1
    assert session.details.duration_minutes == 90


def test_state_at_each_version_equals_the_live_state_at_that_moment(
    incubator: Incubator,
) -> None:
    project_id, coach = new_project(incubator)
    seen: dict[int, ProjectState] = {}
    for n in range(12):  # more than two snapshot intervals (5)
        _sid, result = log_session(
            incubator, project_id, details=coaching(coach, n), actor=str(coach)
        )
        seen[result.version] = incubator.get_project(project_id)
    for version, live in seen.items():
        assert audit.project_at_version(incubator, project_id, version) == live


def test_snapshot_plus_later_events_equals_replay_of_all_events(incubator: Incubator) -> None:
    project_id, coach = new_project(incubator)
    for n in range(13):
        log_session(incubator, project_id, details=coaching(coach, n), actor=str(coach))
    assert incubator.snapshots is not None
    snapshots = list(incubator.snapshots.get(project_id))
    assert [s.originator_version for s in snapshots] == [5, 10, 15]

    from_all_events = project_aggregate(None, incubator.events.get(project_id))
    assert isinstance(from_all_events, MicroProject)
    assert ProjectState.of(from_all_events) == incubator.get_project(project_id)


def test_erase_person_blanks_personal_data_and_history_still_replays(
    incubator: Incubator,
) -> None:
    project_id, coach = new_project(incubator)
    parent = incubator.register_person(
        display_name="Ona", role=PersonRole.SERVICE_USER, contact="ona@example.lt"
    )
    incubator.execute(
        project_id,
        AddTeamMember(person_id=parent.id, role=TeamRole.SERVICE_USER, joined_on=date(2020, 2, 1)),
        actor=str(coach),
    )
    erased = incubator.erase_person(parent.id, reason="asked to be forgotten")
    assert erased.display_name is None
    assert erased.contact is None
    assert erased.shown_name == "erased"
    assert incubator.get_person(parent.id).is_erased
    state = incubator.get_project(project_id)
    assert [m.person_id for m in state.team] == [parent.id]
    with pytest.raises(InvalidTransition):
        incubator.erase_person(parent.id, reason="again")


def test_a_failing_snapshot_does_not_fail_the_committed_write(incubator: Incubator) -> None:
    project_id, coach = new_project(incubator)
    assert incubator.snapshots is not None

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("snapshot store busy")

    incubator.snapshots.put = refuse  # type: ignore[method-assign]
    versions = []
    for n in range(6):  # crosses a snapshot interval (5)
        _session, result = log_session(
            incubator, project_id, details=coaching(coach, n), actor=str(coach)
        )
        versions.append(result.version)
    assert versions == list(range(versions[0], versions[0] + 6))
    assert len(incubator.get_project(project_id).sessions) == 6
