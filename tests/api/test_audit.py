"""Audit over HTTP: the stream with positions and actors, paging, replay to a version or instant."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from tests.api.client import SESSION, Api


def _history(api: Api) -> str:
    project = api.project()
    for _ in range(3):
        assert api.post(f"/projects/{project}/sessions", "coach", SESSION).status_code == 201
    return project


def test_events_list_the_whole_stream_in_order_with_positions(api: Api) -> None:
    project = _history(api)
    response = api.get(f"/projects/{project}/events", "auditor")
    assert response.status_code == 200
    items = response.json()["items"]
    assert [e["version"] for e in items] == [1, 2, 3, 4, 5]
    assert [e["type"] for e in items[:3]] == [
        "MicroProject.Proposed",
        "MicroProject.CoachAssigned",
        "MicroProject.SessionLogged",
    ]
    positions = [e["position"] for e in items]
    assert positions == sorted(positions)
    assert items[0]["occurred_on"] == "2017-02-01"
    assert items[2]["occurred_on"] == "2018-04-12"
    assert items[2]["data"]["details"]["duration_minutes"] == 90
    assert response.json()["next_cursor"] is None


def test_events_show_actor_names_to_auditors_and_erased_after_erasure(api: Api) -> None:
    project = _history(api)
    items = api.get(f"/projects/{project}/events", "auditor").json()["items"]
    assert items[2]["actor"] == api.people["coach"]
    assert items[2]["actor_name"] == "The coach"
    erased = api.post(f"/people/{api.people['coach']}/erasure", "admin", {"reason": "asked"})
    assert erased.status_code == 200
    items = api.get(f"/projects/{project}/events", "auditor").json()["items"]
    assert items[2]["actor_name"] == "erased"
    assert api.get(f"/projects/{project}", "auditor").json()["version"] == 5


def test_events_page_with_limit_and_cursor(api: Api) -> None:
    project = _history(api)
    first = api.get(f"/projects/{project}/events", "auditor", limit=2).json()
    assert [e["version"] for e in first["items"]] == [1, 2]
    second = api.get(
        f"/projects/{project}/events", "auditor", limit=2, cursor=first["next_cursor"]
    ).json()
    assert [e["version"] for e in second["items"]] == [3, 4]
    third = api.get(
        f"/projects/{project}/events", "auditor", limit=2, cursor=second["next_cursor"]
    ).json()
    assert [e["version"] for e in third["items"]] == [5]
    assert third["next_cursor"] is None


def test_events_filter_by_version_range(api: Api) -> None:
    project = _history(api)
    items = api.get(f"/projects/{project}/events", "auditor", from_version=2, to_version=4).json()[
        "items"
    ]
    assert [e["version"] for e in items] == [2, 3, 4]


def test_events_of_unknown_project_is_404(api: Api) -> None:
    response = api.get("/projects/2f9c3a51-5d0e-4a43-9a8e-1f2b3c4d5e6f/events", "auditor")
    assert response.status_code == 404


def test_state_at_each_version_equals_the_state_seen_then(api: Api) -> None:
    project = api.project()
    seen = {api.version(project): api.get(f"/projects/{project}", "admin").json()}
    for _ in range(3):
        api.post(f"/projects/{project}/sessions", "coach", SESSION)
        seen[api.version(project)] = api.get(f"/projects/{project}", "admin").json()
    for version, state in seen.items():
        replayed = api.get(f"/projects/{project}/state", "auditor", version=version)
        assert replayed.status_code == 200
        assert replayed.json() == state


def test_state_as_of_an_instant_between_events(api: Api) -> None:
    project = api.project()
    time.sleep(0.01)
    between = datetime.now(UTC)
    time.sleep(0.01)
    api.post(f"/projects/{project}/sessions", "coach", SESSION)
    then = api.get(f"/projects/{project}/state", "auditor", as_of=between.isoformat())
    assert then.status_code == 200
    assert then.json()["version"] == 2
    assert then.json()["sessions"] == []
    now = api.get(f"/projects/{project}/state", "auditor", as_of=datetime.now(UTC).isoformat())
    assert now.json()["version"] == 3


def test_state_as_of_before_the_first_event_is_404(api: Api) -> None:
    project = api.project()
    response = api.get(f"/projects/{project}/state", "auditor", as_of="2000-01-01T00:00:00+00:00")
    assert response.status_code == 404


def test_state_needs_exactly_one_of_version_and_as_of(api: Api) -> None:
    project = api.project()
    assert api.get(f"/projects/{project}/state", "auditor").status_code == 422
    both = api.get(
        f"/projects/{project}/state", "auditor", version=1, as_of="2021-01-01T00:00:00+00:00"
    )
    assert both.status_code == 422


def test_verification_reports_an_intact_chain(api: Api) -> None:
    project = _history(api)
    report = api.get(f"/projects/{project}/verification", "auditor").json()
    assert report["intact"] is True
    assert report["events"] == 5
    assert len(report["head"]) == 64
    assert api.get(f"/projects/{project}/verification", "dashboard").status_code == 403


def test_export_streams_a_bundle_that_replays_offline(api: Api) -> None:
    from app import audit

    project = _history(api)
    response = api.get("/audit/export", "auditor", project_id=project)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/x-ndjson")
    bundle = audit.read_bundle(response.text.splitlines())
    assert bundle.manifest["scope"] == f"project {project}"
    assert all(c.intact for c in bundle.verify())
    assert api.get("/audit/export", "coach").status_code == 403


def test_events_filter_by_type_and_recording_time(api: Api) -> None:
    project = _history(api)
    logged = api.get(f"/projects/{project}/events", "auditor", type="SessionLogged").json()
    assert [e["version"] for e in logged["items"]] == [3, 4, 5]
    first = logged["items"][0]["recorded_at"]
    later = api.get(f"/projects/{project}/events", "auditor", recorded_from=first).json()
    assert [e["version"] for e in later["items"]] == [3, 4, 5]
    none = api.get(f"/projects/{project}/events", "auditor", recorded_to="2000-01-01T00:00:00Z")
    assert none.json()["items"] == []


def test_diff_and_stage_on(api: Api) -> None:
    project = _history(api)
    diff = api.get(f"/projects/{project}/diff", "auditor", from_version=2, to_version=3).json()
    assert any(c["field"].startswith("sessions[") for c in diff["changes"])
    answer = api.get(f"/projects/{project}/stage-on", "auditor", date="2018-01-01").json()
    assert answer["stage"] == "idea"
    assert (
        api.get(f"/projects/{project}/stage-on", "auditor", date="2016-01-01").json()["stage"]
        is None
    )
