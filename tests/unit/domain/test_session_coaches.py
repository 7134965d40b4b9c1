"""A session names only coaches assigned to its project (issue 14): the rule lives in the
aggregate's log_session and correct_session, so every writer (API, demo, import) keeps it."""

from __future__ import annotations

import pytest

from domain.errors import CoachNotAssigned, InvalidInput
from domain.project import MicroProject
from tests.unit.domain.builders import (
    COACH,
    COACH_ID,
    COORDINATOR,
    NOW,
    OTHER_COACH_ID,
    OTHER_SESSION_ID,
    SESSION_ID,
    details,
    event_names,
    propose_alldi,
)


def coached() -> MicroProject:
    """AllDi with COACH_ID assigned and its events collected."""
    project = propose_alldi()
    project.assign_coach(COACH_ID, COORDINATOR)
    project.collect_events()
    return project


@pytest.mark.parametrize(
    "coach_ids", [(OTHER_COACH_ID,), (COACH_ID, OTHER_COACH_ID)], ids=["other", "both"]
)
def test_log_session_naming_a_coach_not_assigned_raises_on_coach_ids(
    coach_ids: tuple[object, ...],
) -> None:
    project = coached()
    with pytest.raises(CoachNotAssigned) as raised:
        project.log_session(SESSION_ID, details(coach_ids=coach_ids), COACH, NOW)
    assert isinstance(raised.value, InvalidInput)  # 422 over HTTP
    assert raised.value.field == "coach_ids"
    assert raised.value.coach_ids == (str(OTHER_COACH_ID),)
    assert project.collect_events() == []
    assert project.sessions == {}


def test_log_session_naming_a_released_coach_raises_on_coach_ids() -> None:
    project = coached()
    project.assign_coach(OTHER_COACH_ID, COORDINATOR)
    project.release_coach(OTHER_COACH_ID, "parental leave", COORDINATOR)
    with pytest.raises(CoachNotAssigned) as raised:
        project.log_session(SESSION_ID, details(coach_ids=(OTHER_COACH_ID,)), COACH, NOW)
    assert raised.value.field == "coach_ids"


def test_log_session_naming_assigned_coaches_is_recorded() -> None:
    project = coached()
    project.assign_coach(OTHER_COACH_ID, COORDINATOR)
    project.log_session(SESSION_ID, details(coach_ids=(COACH_ID, OTHER_COACH_ID)), COACH, NOW)
    assert event_names(project.collect_events()) == ["CoachAssigned", "SessionLogged"]


def test_correct_session_to_a_coach_not_assigned_raises_on_coach_ids() -> None:
    project = coached()
    project.log_session(SESSION_ID, details(), COACH, NOW)
    project.collect_events()
    with pytest.raises(CoachNotAssigned) as raised:
        project.correct_session(
            SESSION_ID, {"coach_ids": (OTHER_COACH_ID,)}, "who held it", COACH, NOW
        )
    assert raised.value.field == "coach_ids"
    assert project.collect_events() == []
    assert project.sessions[str(SESSION_ID)].details.coach_ids == (COACH_ID,)


def test_correct_session_of_other_fields_after_its_coach_was_released_is_recorded() -> None:
    """The rule is about the coaches a command names: a correction of the duration does not
    name them again, so it stays possible after the session's coach moved on."""
    project = coached()
    project.assign_coach(OTHER_COACH_ID, COORDINATOR)
    project.log_session(SESSION_ID, details(coach_ids=(OTHER_COACH_ID,)), COACH, NOW)
    project.release_coach(OTHER_COACH_ID, "parental leave", COORDINATOR)
    project.correct_session(SESSION_ID, {"duration_minutes": 60}, "typo", COACH, NOW)
    project.log_session(OTHER_SESSION_ID, details(), COACH, NOW)
    assert project.sessions[str(SESSION_ID)].details.duration_minutes == 60


def test_log_session_on_a_project_without_coaches_names_who_held_it() -> None:
    """Before any coach is assigned, only the coordinator (or an admin) can write to the
    project, and their record of who held the session is taken as it is."""
    project = propose_alldi()
    project.log_session(SESSION_ID, details(coach_ids=(OTHER_COACH_ID,)), COORDINATOR, NOW)
    assert project.sessions[str(SESSION_ID)].details.coach_ids == (OTHER_COACH_ID,)


def test_log_session_naming_the_person_who_records_it_is_recorded() -> None:
    """A coordinator who held a network meeting on the project names themselves."""
    project = coached()
    coordinator = OTHER_COACH_ID  # any person id: the actor of the command
    project.log_session(SESSION_ID, details(coach_ids=(coordinator,)), str(coordinator), NOW)
    with pytest.raises(CoachNotAssigned):
        project.log_session(OTHER_SESSION_ID, details(coach_ids=(coordinator,)), COACH, NOW)
