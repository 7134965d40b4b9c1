"""MicroProject: logging, correcting and withdrawing support sessions."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest

from domain.errors import (
    AlreadyRecorded,
    ImplausibleValue,
    InvalidInput,
    SessionAlreadyWithdrawn,
    SessionNotFound,
    UnknownMilestone,
)
from domain.project import MicroProject, SessionRecord
from domain.sessions import MAX_SESSION_MINUTES, FollowUp, HeadCount
from domain.values import (
    EmpowermentTool,
    ParticipationLevel,
    TeamRole,
)
from tests.unit.domain.builders import (
    COACH,
    COACH_ID,
    NOW,
    OTHER_SESSION_ID,
    PROVIDER_ID,
    SESSION_ID,
    SESSION_START,
    USER_ID,
    details,
)

# --------------------------------------------------------------------------- sessions: log


def test_log_session_valid_details_records_session(project: MicroProject) -> None:
    logged_details = details()
    project.log_session(SESSION_ID, logged_details, COACH, NOW)
    assert project.sessions == {str(SESSION_ID): SessionRecord(SESSION_ID, logged_details, COACH)}
    (logged,) = project.collect_events()
    assert isinstance(logged, MicroProject.SessionLogged)
    assert logged.details == logged_details
    assert logged.actor == COACH
    assert logged.occurred_on == SESSION_START.date()


def test_log_session_occurred_on_is_the_local_start_date(project: MicroProject) -> None:
    riga = timezone(timedelta(hours=3))
    started = datetime(2021, 6, 2, 1, 30, tzinfo=riga)  # 1 June 22:30 UTC
    project.log_session(SESSION_ID, details(started_at=started), COACH, NOW)
    (logged,) = project.collect_events()
    assert logged.occurred_on == date(2021, 6, 2)


def test_log_session_full_details_kept_as_given(project: MicroProject) -> None:
    full = details(
        participant_ids=[USER_ID, PROVIDER_ID],
        anonymous_participants=[HeadCount(TeamRole.SERVICE_USER, 3)],
        topics=["sponsoring"],
        milestone_ids=["NEED-01", "TEAM-01"],
        tools=[EmpowermentTool.SOCIAL_BUSINESS_MODEL_CANVAS],
        follow_ups=[FollowUp("call the mayor", SESSION_START.date(), USER_ID)],
    )
    project.log_session(SESSION_ID, full, COACH, NOW)
    stored = project.sessions[str(SESSION_ID)].details
    assert stored.participant_ids == (USER_ID, PROVIDER_ID)
    assert stored.milestone_ids == ("NEED-01", "TEAM-01")
    assert stored.follow_ups == (FollowUp("call the mayor", SESSION_START.date(), USER_ID),)


def test_log_session_same_id_twice_raises_already_recorded(project: MicroProject) -> None:
    project.log_session(SESSION_ID, details(), COACH, NOW)
    with pytest.raises(AlreadyRecorded):
        project.log_session(SESSION_ID, details(duration_minutes=30), COACH, NOW)
    assert project.sessions[str(SESSION_ID)].details.duration_minutes == 90


def test_log_session_in_the_future_raises_implausible_value(project: MicroProject) -> None:
    with pytest.raises(ImplausibleValue) as raised:
        project.log_session(SESSION_ID, details(started_at=NOW + timedelta(minutes=1)), COACH, NOW)
    assert raised.value.field == "started_at"
    assert project.sessions == {}


def test_log_session_starting_now_is_accepted(project: MicroProject) -> None:
    project.log_session(SESSION_ID, details(started_at=NOW), COACH, NOW)
    assert str(SESSION_ID) in project.sessions


def test_log_session_before_2000_raises_implausible_value(project: MicroProject) -> None:
    long_ago = datetime(1999, 12, 31, 10, tzinfo=UTC)
    with pytest.raises(ImplausibleValue) as raised:
        project.log_session(SESSION_ID, details(started_at=long_ago), COACH, NOW)
    assert raised.value.field == "started_at"


@pytest.mark.parametrize("minutes", [0, -30, MAX_SESSION_MINUTES + 1, 24 * 60])
def test_log_session_duration_out_of_range_raises_implausible_value(minutes: int) -> None:
    assert MAX_SESSION_MINUTES == 720
    with pytest.raises(ImplausibleValue) as raised:
        details(duration_minutes=minutes)
    assert raised.value.field == "duration_minutes"


@pytest.mark.parametrize("minutes", [1, MAX_SESSION_MINUTES])
def test_log_session_duration_at_the_bounds_is_accepted(
    project: MicroProject, minutes: int
) -> None:
    project.log_session(SESSION_ID, details(duration_minutes=minutes), COACH, NOW)
    assert project.sessions[str(SESSION_ID)].details.duration_minutes == minutes


def test_log_session_naive_datetime_raises_implausible_value() -> None:
    with pytest.raises(ImplausibleValue) as raised:
        details(started_at=datetime(2021, 6, 1, 10))
    assert raised.value.field == "started_at"


def test_log_session_unknown_milestone_raises_unknown_milestone() -> None:
    with pytest.raises(UnknownMilestone) as raised:
        details(milestone_ids=("NEED-01", "NEED-99"))
    assert raised.value.field == "milestone_ids"
    assert raised.value.milestone_id == "NEED-99"


def test_log_session_follow_up_due_before_session_raises_implausible_value() -> None:
    with pytest.raises(ImplausibleValue) as raised:
        details(follow_ups=(FollowUp("call back", SESSION_START.date() - timedelta(days=1)),))
    assert raised.value.field == "follow_ups.due_on"


def test_log_session_follow_up_blank_what_raises_implausible_value() -> None:
    with pytest.raises(ImplausibleValue) as raised:
        details(follow_ups=(FollowUp("  ", SESSION_START.date()),))
    assert raised.value.field == "follow_ups.what"


def test_log_session_no_coach_raises_implausible_value() -> None:
    with pytest.raises(ImplausibleValue) as raised:
        details(coach_ids=())
    assert raised.value.field == "coach_ids"


def test_log_session_coach_named_twice_raises_implausible_value() -> None:
    with pytest.raises(ImplausibleValue) as raised:
        details(coach_ids=(COACH_ID, COACH_ID))
    assert raised.value.field == "coach_ids"


def test_log_session_participant_named_twice_raises_implausible_value() -> None:
    with pytest.raises(ImplausibleValue) as raised:
        details(participant_ids=(USER_ID, USER_ID))
    assert raised.value.field == "participant_ids"


@pytest.mark.parametrize("count", [0, -1, 10_001])
def test_log_session_head_count_out_of_range_raises_implausible_value(count: int) -> None:
    with pytest.raises(ImplausibleValue) as raised:
        HeadCount(TeamRole.SERVICE_USER, count)
    assert raised.value.field == "anonymous_participants"


def test_log_session_details_hours_and_end_follow_duration() -> None:
    logged = details(duration_minutes=90)
    assert logged.hours == 1.5
    assert logged.ended_at == SESSION_START + timedelta(minutes=90)


# --------------------------------------------------------------------------- sessions: correct


@pytest.fixture
def logged(project: MicroProject) -> MicroProject:
    """The project with SESSION_ID logged (events collected)."""
    project.log_session(SESSION_ID, details(), COACH, NOW)
    project.collect_events()
    return project


def test_correct_session_known_fields_replaces_them(logged: MicroProject) -> None:
    logged.correct_session(
        SESSION_ID,
        {"duration_minutes": 60, "participation_level": ParticipationLevel.CO_PRODUCING},
        " wrong duration ",
        COACH,
        NOW,
    )
    record = logged.sessions[str(SESSION_ID)]
    assert record.details == details(
        duration_minutes=60, participation_level=ParticipationLevel.CO_PRODUCING
    )
    assert record.corrections == 1
    assert record.logged_by == COACH
    (corrected,) = logged.collect_events()
    assert isinstance(corrected, MicroProject.SessionCorrected)
    assert corrected.session_id == SESSION_ID
    assert corrected.changes == {
        "duration_minutes": 60,
        "participation_level": ParticipationLevel.CO_PRODUCING,
    }
    assert corrected.reason == "wrong duration"
    assert corrected.actor == COACH


def test_correct_session_twice_counts_both_corrections(logged: MicroProject) -> None:
    logged.correct_session(SESSION_ID, {"summary": "first"}, "typo", COACH, NOW)
    logged.correct_session(SESSION_ID, {"topics": ("sponsoring",)}, "forgot", COACH, NOW)
    record = logged.sessions[str(SESSION_ID)]
    assert record.corrections == 2
    assert record.details.summary == "first"
    assert record.details.topics == ("sponsoring",)


def test_correct_session_caller_mutates_changes_afterwards_event_unchanged(
    logged: MicroProject,
) -> None:
    changes: dict[str, Any] = {"summary": "first"}
    logged.correct_session(SESSION_ID, changes, "typo", COACH, NOW)
    changes["summary"] = "tampered"
    (corrected,) = logged.collect_events()
    assert corrected.changes == {"summary": "first"}


def test_correct_session_unknown_session_raises_session_not_found(logged: MicroProject) -> None:
    with pytest.raises(SessionNotFound) as raised:
        logged.correct_session(OTHER_SESSION_ID, {"summary": "x"}, "typo", COACH, NOW)
    assert raised.value.identifier == str(OTHER_SESSION_ID)


def test_correct_session_withdrawn_session_raises_session_already_withdrawn(
    logged: MicroProject,
) -> None:
    logged.withdraw_session(SESSION_ID, "wrong project", COACH)
    with pytest.raises(SessionAlreadyWithdrawn) as raised:
        logged.correct_session(SESSION_ID, {"summary": "x"}, "typo", COACH, NOW)
    assert raised.value.session_id == str(SESSION_ID)


def test_correct_session_unknown_field_raises_invalid_input(logged: MicroProject) -> None:
    with pytest.raises(InvalidInput) as raised:
        logged.correct_session(SESSION_ID, {"venue": "town hall"}, "typo", COACH, NOW)
    assert raised.value.field == "changes"
    assert logged.sessions[str(SESSION_ID)].corrections == 0
    assert logged.collect_events() == []


def test_correct_session_empty_changes_raises_invalid_input(logged: MicroProject) -> None:
    with pytest.raises(InvalidInput) as raised:
        logged.correct_session(SESSION_ID, {}, "nothing", COACH, NOW)
    assert raised.value.field == "changes"


def test_correct_session_started_at_in_future_raises_implausible_value(
    logged: MicroProject,
) -> None:
    with pytest.raises(ImplausibleValue) as raised:
        logged.correct_session(
            SESSION_ID, {"started_at": NOW + timedelta(hours=1)}, "wrong day", COACH, NOW
        )
    assert raised.value.field == "started_at"
    assert logged.sessions[str(SESSION_ID)].details.started_at == SESSION_START


def test_correct_session_started_at_in_past_is_accepted(logged: MicroProject) -> None:
    earlier = SESSION_START - timedelta(days=7)
    logged.correct_session(SESSION_ID, {"started_at": earlier}, "wrong week", COACH, NOW)
    assert logged.sessions[str(SESSION_ID)].details.started_at == earlier


def test_correct_session_zero_duration_raises_implausible_value(logged: MicroProject) -> None:
    with pytest.raises(ImplausibleValue) as raised:
        logged.correct_session(SESSION_ID, {"duration_minutes": 0}, "typo", COACH, NOW)
    assert raised.value.field == "duration_minutes"


def test_correct_session_naive_started_at_raises_implausible_value(logged: MicroProject) -> None:
    with pytest.raises(ImplausibleValue) as raised:
        logged.correct_session(
            SESSION_ID, {"started_at": datetime(2021, 6, 1, 9)}, "typo", COACH, NOW
        )
    assert raised.value.field == "started_at"


def test_correct_session_unknown_milestone_raises_unknown_milestone(logged: MicroProject) -> None:
    with pytest.raises(UnknownMilestone) as raised:
        logged.correct_session(SESSION_ID, {"milestone_ids": ("BOGUS",)}, "typo", COACH, NOW)
    assert raised.value.field == "milestone_ids"


def test_correct_session_start_moved_after_follow_up_due_raises_implausible_value(
    project: MicroProject,
) -> None:
    due = SESSION_START.date()
    project.log_session(SESSION_ID, details(follow_ups=(FollowUp("call back", due),)), COACH, NOW)
    with pytest.raises(ImplausibleValue) as raised:
        project.correct_session(
            SESSION_ID, {"started_at": SESSION_START + timedelta(days=2)}, "later", COACH, NOW
        )
    assert raised.value.field == "follow_ups.due_on"


def test_correct_session_blank_reason_raises_implausible_value(logged: MicroProject) -> None:
    with pytest.raises(ImplausibleValue) as raised:
        logged.correct_session(SESSION_ID, {"summary": "x"}, "  ", COACH, NOW)
    assert raised.value.field == "reason"


# --------------------------------------------------------------------------- sessions: withdraw


def test_withdraw_session_logged_session_is_marked_withdrawn(logged: MicroProject) -> None:
    logged.withdraw_session(SESSION_ID, " logged twice ", COACH)
    record = logged.sessions[str(SESSION_ID)]
    assert record.withdrawn
    assert record.withdrawal_reason == "logged twice"
    assert record.details == details()
    (withdrawn,) = logged.collect_events()
    assert isinstance(withdrawn, MicroProject.SessionWithdrawn)
    assert withdrawn.session_id == SESSION_ID
    assert withdrawn.actor == COACH


def test_withdraw_session_twice_raises_session_already_withdrawn(logged: MicroProject) -> None:
    logged.withdraw_session(SESSION_ID, "logged twice", COACH)
    with pytest.raises(SessionAlreadyWithdrawn):
        logged.withdraw_session(SESSION_ID, "again", COACH)


def test_withdraw_session_unknown_session_raises_session_not_found(logged: MicroProject) -> None:
    with pytest.raises(SessionNotFound):
        logged.withdraw_session(OTHER_SESSION_ID, "logged twice", COACH)


def test_withdraw_session_blank_reason_raises_implausible_value(logged: MicroProject) -> None:
    with pytest.raises(ImplausibleValue) as raised:
        logged.withdraw_session(SESSION_ID, "", COACH)
    assert raised.value.field == "reason"
    assert not logged.sessions[str(SESSION_ID)].withdrawn


def test_log_session_id_of_withdrawn_session_raises_already_recorded(
    logged: MicroProject,
) -> None:
    logged.withdraw_session(SESSION_ID, "logged twice", COACH)
    with pytest.raises(AlreadyRecorded):
        logged.log_session(SESSION_ID, details(), COACH, NOW)
