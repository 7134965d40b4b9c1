"""Programmes (name, funder, dates, reporting periods, cadence, versions) and enrolments."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

import pytest

from domain.catalogue import CATALOGUE_VERSION, GATE_TABLE_VERSION
from domain.errors import AlreadyRecorded, ImplausibleValue, ProjectClosed
from domain.programme import Programme, ReportingPeriod
from domain.project import MicroProject
from domain.values import Outcome
from tests.unit.domain.builders import (
    COORDINATOR,
    PROGRAMME_ID,
    PROPOSED_ON,
    TODAY,
    TOMORROW,
    propose_alldi,
    state,
)

WINDOW = (date(2019, 1, 1), date(2021, 12, 31))


def accelerators(**overrides: Any) -> Programme:
    arguments: dict[str, Any] = {
        "id": PROGRAMME_ID,
        "name": "SEMPRE Accelerators",
        "funder": "Interreg Baltic Sea Region",
        "starts_on": date(2019, 1, 1),
        "ends_on": date(2021, 12, 31),
        "periods": [
            ReportingPeriod("P2", date(2020, 1, 1), date(2020, 12, 31)),
            ReportingPeriod("P1", date(2019, 1, 1), date(2019, 12, 31)),
        ],
        "checkin_every_days": 61,
        "actor": "admin",
        "today": TODAY,
    }
    arguments.update(overrides)
    return Programme.create(**arguments)


def test_create_programme_orders_periods_and_records_versions() -> None:
    programme = accelerators()
    assert [p.label for p in programme.periods] == ["P1", "P2"]
    assert programme.catalogue_version == CATALOGUE_VERSION
    assert programme.gate_table_version == GATE_TABLE_VERSION
    assert programme.checkin_every_days == 61


def test_create_programme_replays_equal() -> None:
    programme = accelerators()
    events = programme.collect_events()
    replayed = None
    for event in events:
        replayed = event.mutate(replayed)
    assert state(replayed) == state(programme)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"name": "  "}, "name"),
        ({"funder": ""}, "funder"),
        ({"ends_on": date(2018, 12, 31)}, "ends_on"),
        ({"starts_on": date(1999, 1, 1)}, "starts_on"),
        ({"checkin_every_days": 0}, "checkin_every_days"),
        ({"catalogue_version": 2}, "catalogue_version"),
        ({"gate_table_version": 9}, "gate_table_version"),
        (
            {"periods": [ReportingPeriod("P1", date(2018, 6, 1), date(2019, 6, 1))]},
            "periods",
        ),
        (
            {
                "periods": [
                    ReportingPeriod("P1", date(2019, 1, 1), date(2019, 12, 31)),
                    ReportingPeriod("P2", date(2019, 12, 31), date(2020, 6, 1)),
                ]
            },
            "periods",
        ),
        (
            {
                "periods": [
                    ReportingPeriod("P1", date(2019, 1, 1), date(2019, 6, 30)),
                    ReportingPeriod("P1", date(2019, 7, 1), date(2019, 12, 31)),
                ]
            },
            "periods.label",
        ),
    ],
)
def test_create_programme_with_implausible_input_is_refused(
    overrides: dict[str, Any], field: str
) -> None:
    with pytest.raises(ImplausibleValue) as refused:
        accelerators(**overrides)
    assert refused.value.field == field


def test_period_ending_before_it_starts_is_refused() -> None:
    with pytest.raises(ImplausibleValue) as refused:
        ReportingPeriod("P1", date(2019, 2, 1), date(2019, 1, 1))
    assert refused.value.field == "periods.ends_on"


def _project() -> MicroProject:
    project = propose_alldi()
    project.collect_events()
    return project


def test_enrol_records_the_programme_and_the_day() -> None:
    project = _project()
    project.enrol(PROGRAMME_ID, date(2019, 11, 1), WINDOW, COORDINATOR, TODAY)
    (event,) = project.collect_events()
    assert isinstance(event, MicroProject.Enrolled)
    assert (event.programme_id, event.occurred_on) == (PROGRAMME_ID, date(2019, 11, 1))
    assert project.enrolments == {str(PROGRAMME_ID): date(2019, 11, 1)}


def test_enrol_in_two_programmes_keeps_one_stream() -> None:
    project = _project()
    other = UUID("00000000-0000-4000-8000-0000000000f2")
    project.enrol(other, PROPOSED_ON, (date(2016, 1, 1), date(2019, 12, 31)), COORDINATOR, TODAY)
    project.enrol(PROGRAMME_ID, date(2020, 1, 1), WINDOW, COORDINATOR, TODAY)
    assert list(project.enrolments) == [str(other), str(PROGRAMME_ID)]
    assert project.version == 3


def test_enrol_twice_in_one_programme_is_refused() -> None:
    project = _project()
    project.enrol(PROGRAMME_ID, date(2019, 11, 1), WINDOW, COORDINATOR, TODAY)
    with pytest.raises(AlreadyRecorded):
        project.enrol(PROGRAMME_ID, date(2019, 12, 1), WINDOW, COORDINATOR, TODAY)


@pytest.mark.parametrize(
    "day",
    [date(2022, 1, 1), date(2019, 9, 30), TODAY, TOMORROW],
)
def test_enrol_outside_the_programme_or_before_the_proposal_is_refused(day: date) -> None:
    project = _project()
    window = (date(2019, 1, 1), date(2021, 6, 29))
    with pytest.raises(ImplausibleValue) as refused:
        project.enrol(PROGRAMME_ID, day, window, COORDINATOR, TODAY)
    assert refused.value.field == "enrolled_on"
    assert project.enrolments == {}


def test_enrol_a_closed_project_is_refused() -> None:
    project = _project()
    project.close(Outcome.DISCONTINUED, "no users came", COORDINATOR, TODAY)
    with pytest.raises(ProjectClosed):
        project.enrol(PROGRAMME_ID, date(2020, 1, 1), WINDOW, COORDINATOR, TODAY)


def test_enrolled_project_replays_with_its_enrolments() -> None:
    project = propose_alldi()
    project.enrol(PROGRAMME_ID, date(2019, 11, 1), WINDOW, COORDINATOR, TODAY)
    replayed = None
    for event in project.collect_events():
        replayed = event.mutate(replayed)
    assert isinstance(replayed, MicroProject)
    assert replayed.enrolments == project.enrolments
