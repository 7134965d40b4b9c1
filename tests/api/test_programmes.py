"""Programmes and enrolments over HTTP: who may create, enrol and read; bad input refused
with nothing recorded; one project enrolled in two programmes keeps one stream."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.api.client import Api

SEMPRE: dict[str, Any] = {
    "name": "SEMPRE",
    "funder": "Interreg Baltic Sea Region",
    "starts_on": "2016-03-01",
    "ends_on": "2019-02-28",
    "periods": [
        {"label": "P2", "starts_on": "2016-09-01", "ends_on": "2017-02-28"},
        {"label": "P1", "starts_on": "2016-03-01", "ends_on": "2016-08-31"},
    ],
    "checkin_every_days": 61,
}
ACCELERATORS: dict[str, Any] = {
    **SEMPRE,
    "name": "SEMPRE Accelerators",
    "starts_on": "2019-01-01",
    "ends_on": "2021-06-30",
    "periods": [{"label": "P1", "starts_on": "2019-01-01", "ends_on": "2019-12-31"}],
}


def programme(api: Api, body: dict[str, Any] = SEMPRE) -> str:
    created = api.post("/programmes", "admin", body)
    assert created.status_code == 201, created.text
    assert created.headers["Location"] == f"/programmes/{created.json()['id']}"
    programme_id: str = created.json()["id"]
    return programme_id


def test_create_programme_as_admin_reads_back_with_ordered_periods(api: Api) -> None:
    programme_id = programme(api)
    read = api.get(f"/programmes/{programme_id}", "coach")
    assert read.status_code == 200
    body = read.json()
    assert [p["label"] for p in body["periods"]] == ["P1", "P2"]
    assert (body["catalogue_version"], body["gate_table_version"]) == (1, 1)
    assert body["checkin_every_days"] == 61


@pytest.mark.parametrize("role", ["coordinator", "coach", "dashboard", "auditor"])
def test_create_programme_as_another_role_is_403(api: Api, role: str) -> None:
    assert api.post("/programmes", role, SEMPRE).status_code == 403


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"ends_on": "2015-01-01"}, "ends_on"),
        ({"name": ""}, "body.name"),
        ({"checkin_every_days": 0}, "body.checkin_every_days"),
        (
            {"periods": [{"label": "P1", "starts_on": "2015-01-01", "ends_on": "2016-06-01"}]},
            "periods",
        ),
        ({"unknown": 1}, "body.unknown"),
    ],
)
def test_create_programme_with_bad_input_is_422_and_records_nothing(
    api: Api, event_count: Callable[[], int], change: dict[str, Any], field: str
) -> None:
    before = event_count()
    refused = api.post("/programmes", "admin", {**SEMPRE, **change})
    assert refused.status_code == 422, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    assert field in [e["field"] for e in refused.json()["errors"]]
    assert event_count() == before


def test_unknown_programme_is_404(api: Api) -> None:
    missing = api.get("/programmes/00000000-0000-4000-8000-000000000000", "admin")
    assert missing.status_code == 404


def test_enrol_in_two_programmes_lists_both_and_keeps_one_stream(api: Api) -> None:
    project = api.project()
    first, second = programme(api), programme(api, ACCELERATORS)
    version = api.version(project)
    for programme_id, day in ((first, "2017-02-01"), (second, "2019-10-01")):
        enrolled = api.post(
            f"/projects/{project}/enrolments",
            "coordinator",
            {"programme_id": programme_id, "enrolled_on": day},
        )
        assert enrolled.status_code == 201, enrolled.text
        assert enrolled.json()["id"] == project
    assert api.version(project) == version + 2
    state = api.get(f"/projects/{project}", "dashboard").json()
    assert state["enrolments"] == [
        {"programme_id": first, "enrolled_on": "2017-02-01"},
        {"programme_id": second, "enrolled_on": "2019-10-01"},
    ]
    api.container.runner.catch_up()
    listed = api.get("/programmes", "dashboard").json()["items"]
    assert [(p["name"], p["projects"]) for p in listed] == [
        ("SEMPRE", 1),
        ("SEMPRE Accelerators", 1),
    ]


def test_enrol_twice_is_409_and_records_nothing(api: Api, event_count: Callable[[], int]) -> None:
    project, programme_id = api.project(), programme(api)
    body = {"programme_id": programme_id, "enrolled_on": "2017-02-01"}
    assert api.post(f"/projects/{project}/enrolments", "coordinator", body).status_code == 201
    before = event_count()
    again = api.post(f"/projects/{project}/enrolments", "coordinator", body)
    assert again.status_code == 409
    assert event_count() == before


@pytest.mark.parametrize(
    ("day", "status"),
    [("2020-01-01", 422), ("2016-12-31", 422), ("2099-01-01", 422)],
)
def test_enrol_outside_the_programme_or_before_the_proposal_is_422(
    api: Api, event_count: Callable[[], int], day: str, status: int
) -> None:
    project, programme_id = api.project(), programme(api)
    before = event_count()
    refused = api.post(
        f"/projects/{project}/enrolments",
        "coordinator",
        {"programme_id": programme_id, "enrolled_on": day},
    )
    assert refused.status_code == status, refused.text
    assert [e["field"] for e in refused.json()["errors"]] == ["enrolled_on"]
    assert event_count() == before


def test_enrol_in_an_unknown_programme_is_404(api: Api) -> None:
    project = api.project()
    refused = api.post(
        f"/projects/{project}/enrolments",
        "coordinator",
        {"programme_id": "00000000-0000-4000-8000-000000000000", "enrolled_on": "2017-02-01"},
    )
    assert refused.status_code == 404


@pytest.mark.parametrize(("role", "status"), [("coach", 403), ("other_coordinator", 403)])
def test_enrol_by_someone_other_than_its_coordinator_is_403(
    api: Api, role: str, status: int
) -> None:
    project, programme_id = api.project(), programme(api)
    refused = api.post(
        f"/projects/{project}/enrolments",
        role,
        {"programme_id": programme_id, "enrolled_on": "2017-02-01"},
    )
    assert refused.status_code == status


# ---------------------------------------------------------------------------- the accelerator
def select(api: Api, project: str, **body: Any) -> Any:
    selection = {"cohort": "SEMPRE Accelerators 2019", "selected_on": "2019-10-01", **body}
    return api.post(f"/projects/{project}/accelerator", "coordinator", selection)


def test_select_for_the_accelerator_naming_a_programme_also_enrols_in_one_write(
    api: Api,
) -> None:
    project, accelerators = api.project(), programme(api, ACCELERATORS)
    version = api.version(project)
    selected = select(api, project, programme=accelerators)
    assert selected.status_code == 201, selected.text
    assert selected.json()["version"] == version + 2
    events = api.get(f"/projects/{project}/events", "auditor", from_version=version + 1)
    assert [e["type"] for e in events.json()["items"]] == [
        "MicroProject.SelectedForAccelerator",
        "MicroProject.Enrolled",
    ]
    state = api.get(f"/projects/{project}", "coordinator").json()
    assert state["accelerator"]["cohort"] == "SEMPRE Accelerators 2019"
    assert state["enrolments"] == [{"programme_id": accelerators, "enrolled_on": "2019-10-01"}]


def test_select_for_the_accelerator_without_a_programme_records_the_v1_selection_alone(
    api: Api,
) -> None:
    project = api.project()
    version = api.version(project)
    selected = select(api, project)
    assert selected.status_code == 201, selected.text
    assert selected.json()["version"] == version + 1
    state = api.get(f"/projects/{project}", "coordinator").json()
    assert state["accelerator"]["selected_on"] == "2019-10-01"
    assert state["enrolments"] == []


@pytest.mark.parametrize(
    ("case", "status", "field"),
    [
        ("unknown programme", 404, None),
        ("already enrolled", 409, None),
        ("day outside the programme", 422, "selected_on"),
    ],
)
def test_select_for_the_accelerator_with_a_refused_enrolment_records_neither(
    api: Api, event_count: Callable[[], int], case: str, status: int, field: str | None
) -> None:
    project, accelerators = api.project(), programme(api, ACCELERATORS)
    body: dict[str, Any] = {"programme": accelerators}
    if case == "unknown programme":
        body["programme"] = "00000000-0000-4000-8000-000000000000"
    if case == "already enrolled":
        enrolment = {"programme_id": accelerators, "enrolled_on": "2019-02-01"}
        enrolled = api.post(f"/projects/{project}/enrolments", "coordinator", enrolment)
        assert enrolled.status_code == 201, enrolled.text
    if case == "day outside the programme":
        body["selected_on"] = "2018-10-01"
    before, version = event_count(), api.version(project)
    refused = select(api, project, **body)
    assert refused.status_code == status, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    if field is not None:
        assert [e["field"] for e in refused.json()["errors"]] == [field]
    assert (event_count(), api.version(project)) == (before, version)
    assert api.get(f"/projects/{project}", "coordinator").json()["accelerator"] is None
    assert select(api, project).status_code == 201  # the selection alone still goes
