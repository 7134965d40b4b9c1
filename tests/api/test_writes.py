"""Writes: version and position, If-Match, Idempotency-Key (also across a restart)."""

from __future__ import annotations

from collections.abc import Callable
from uuid import uuid4

from fastapi.testclient import TestClient

from api.main import create_app
from tests.api.client import SESSION, Api
from tests.clock import fixed_clock


def test_write_replies_with_version_position_etag_and_position_header(api: Api) -> None:
    project = api.project()
    first = api.post(f"/projects/{project}/sessions", "coach", SESSION)
    second = api.post(f"/projects/{project}/sessions", "coach", SESSION)
    assert second.json()["version"] == first.json()["version"] + 1
    assert second.json()["position"] > first.json()["position"]
    assert second.headers["ETag"] == f'"{second.json()["version"]}"'
    assert second.headers["X-Event-Position"] == str(second.json()["position"])


def test_get_project_carries_its_version_as_etag(api: Api) -> None:
    project = api.project()
    response = api.get(f"/projects/{project}", "coach")
    assert response.headers["ETag"] == f'"{response.json()["version"]}"'


def test_write_with_current_if_match_succeeds(api: Api) -> None:
    project = api.project()
    version = api.version(project)
    response = api.post(
        f"/projects/{project}/sessions", "coach", SESSION, **{"If-Match": f'"{version}"'}
    )
    assert response.status_code == 201
    assert response.json()["version"] == version + 1


def test_write_with_stale_if_match_is_409_with_current_version_and_records_nothing(
    api: Api, event_count: Callable[[], int]
) -> None:
    project = api.project()
    version = api.version(project)
    api.post(f"/projects/{project}/sessions", "coach", SESSION)
    before = event_count()
    response = api.post(
        f"/projects/{project}/sessions", "coach", SESSION, **{"If-Match": f'"{version}"'}
    )
    assert response.status_code == 409
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"] == "/problems/version-conflict"
    assert response.json()["current_version"] == version + 1
    assert response.headers["ETag"] == f'"{version + 1}"'
    assert event_count() == before


def test_retry_with_same_key_and_body_returns_first_reply_and_records_nothing(
    api: Api, event_count: Callable[[], int]
) -> None:
    project = api.project()
    key = {"Idempotency-Key": str(uuid4())}
    first = api.post(f"/projects/{project}/sessions", "coach", SESSION, **key)
    after_first = event_count()
    again = api.post(f"/projects/{project}/sessions", "coach", SESSION, **key)
    assert again.status_code == first.status_code == 201
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.headers["ETag"] == first.headers["ETag"]
    assert event_count() == after_first
    assert len(api.get(f"/projects/{project}", "coach").json()["sessions"]) == 1


def test_same_key_with_another_body_is_422_and_records_nothing(
    api: Api, event_count: Callable[[], int]
) -> None:
    project = api.project()
    key = {"Idempotency-Key": "session-2018-04-12"}
    api.post(f"/projects/{project}/sessions", "coach", SESSION, **key)
    before = event_count()
    other = {**SESSION, "duration_minutes": 45}
    response = api.post(f"/projects/{project}/sessions", "coach", other, **key)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "header.Idempotency-Key"
    assert event_count() == before


def test_same_key_same_body_with_other_key_order_is_still_a_replay(api: Api) -> None:
    project = api.project()
    key = {"Idempotency-Key": "k-order"}
    first = api.post(f"/projects/{project}/sessions", "coach", SESSION, **key)
    reordered = dict(reversed(list(SESSION.items())))
    again = api.post(f"/projects/{project}/sessions", "coach", reordered, **key)
    assert again.json() == first.json()


def test_keys_are_scoped_per_token(api: Api) -> None:
    project = api.project()
    key = {"Idempotency-Key": "shared-key"}
    by_coach = api.post(f"/projects/{project}/sessions", "coach", SESSION, **key)
    by_coordinator = api.post(f"/projects/{project}/sessions", "coordinator", SESSION, **key)
    assert by_coordinator.status_code == 201
    assert by_coordinator.json()["session_id"] != by_coach.json()["session_id"]


def test_idempotency_receipts_survive_a_restart(api: Api, event_count: Callable[[], int]) -> None:
    project = api.project()
    key = {"Idempotency-Key": "before-restart"}
    first = api.post(f"/projects/{project}/sessions", "coach", SESSION, **key)
    before = event_count()
    with TestClient(create_app(api.settings, clock=fixed_clock)) as restarted:
        again = restarted.post(
            f"/projects/{project}/sessions", json=SESSION, headers=api.headers("coach", **key)
        )
    assert again.status_code == 201
    assert again.json() == first.json()
    assert event_count() == before


def test_keyed_create_of_a_person_is_replayed(api: Api) -> None:
    key = {"Idempotency-Key": "person-1"}
    body = {"display_name": "Ona", "role": "service_user"}
    first = api.post("/people", "coordinator", body, **key)
    again = api.post("/people", "coordinator", body, **key)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()


def test_refused_keyed_request_stores_no_receipt_and_can_be_retried(api: Api) -> None:
    project = api.project()
    key = {"Idempotency-Key": "too-early"}
    body = {"to": "co_creation", "rationale": "try"}
    refused = api.post(f"/projects/{project}/stage-transitions", "coordinator", body, **key)
    assert refused.status_code == 409
    for milestone in ("NEED-01", "TEAM-01"):
        api.post(
            f"/projects/{project}/milestones",
            "coach",
            {"milestone_id": milestone, "reached_on": "2017-06-01", "evidence": {"note": "n"}},
        )
    accepted = api.post(f"/projects/{project}/stage-transitions", "coordinator", body, **key)
    assert accepted.status_code == 201


def test_stage_transition_back_one_stage_is_a_revert_with_reason(api: Api) -> None:
    project = api.project()
    for milestone in ("NEED-01", "TEAM-01"):
        api.post(
            f"/projects/{project}/milestones",
            "coach",
            {"milestone_id": milestone, "reached_on": "2017-06-01", "evidence": {"note": "n"}},
        )
    forward = {"to": "co_creation", "rationale": "gate met", "decided_on": "2017-07-01"}
    assert (
        api.post(f"/projects/{project}/stage-transitions", "coordinator", forward).status_code
        == 201
    )
    back = {"to": "idea", "rationale": "the team fell apart"}
    assert (
        api.post(f"/projects/{project}/stage-transitions", "coordinator", back).status_code == 201
    )
    history = api.get(f"/projects/{project}", "coordinator").json()["stage_history"]
    assert [(h["kind"], h["to_stage"]) for h in history] == [
        ("proposed", "idea"),
        ("advanced", "co_creation"),
        ("reverted", "idea"),
    ]


def test_coordinator_override_of_a_gate_is_recorded_with_who_and_why(api: Api) -> None:
    project = api.project()
    body = {"to": "co_creation", "rationale": "urgent", "override": "municipality asked"}
    response = api.post(f"/projects/{project}/stage-transitions", "coordinator", body)
    assert response.status_code == 201
    last = api.get(f"/projects/{project}", "coordinator").json()["stage_history"][-1]
    assert last["override"] == "municipality asked"
    assert last["overridden"] == ["NEED-01", "TEAM-01"]
    assert last["actor"] == api.people["coordinator"]


def test_closed_project_refuses_further_writes_with_409(api: Api) -> None:
    project = api.project()
    closure = {"outcome": "informal_stable", "rationale": "runs on its own, informally"}
    assert api.post(f"/projects/{project}/closure", "coordinator", closure).status_code == 200
    response = api.post(f"/projects/{project}/sessions", "coach", SESSION)
    assert response.status_code == 409
    assert response.json()["type"] == "/problems/project-closed"


def test_correction_setting_a_field_to_null_is_422_and_records_nothing(
    api: Api, event_count: Callable[[], int]
) -> None:
    project = api.project()
    session = api.post(f"/projects/{project}/sessions", "coach", SESSION).json()["session_id"]
    before = event_count()
    for field in ("type", "mode", "participants", "coach_ids", "started_at", "summary"):
        response = api.post(
            f"/projects/{project}/sessions/{session}/corrections",
            "coach",
            {"changes": {field: None}, "reason": "fuzz"},
        )
        assert response.status_code == 422, (field, response.text)
    empty = api.post(
        f"/projects/{project}/sessions/{session}/corrections",
        "coach",
        {"changes": {}, "reason": "nothing"},
    )
    assert empty.status_code == 422
    assert event_count() == before
    assert api.get(f"/projects/{project}", "coach").status_code == 200
