"""What is due, over HTTP, against a scripted history (today is 2021-12-15, tests/clock.py):
each kind once, in the order it became due, scoped to the caller."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.client import SESSION, Api
from tests.api.programme_story import ok

PROGRAMME = {
    "name": "SEMPRE Accelerators",
    "funder": "Interreg Baltic Sea Region",
    "starts_on": "2021-01-01",
    "ends_on": "2022-12-31",
    "checkin_every_days": 61,
}


def scripted(api: Api) -> tuple[str, str]:
    network = api.network()
    a, b = api.project(network, title="AllDi"), api.project(network, title="Second")
    programme = ok(api.post("/programmes", "admin", PROGRAMME))["id"]
    body = {"programme_id": programme, "enrolled_on": "2021-06-01"}
    ok(api.post(f"/projects/{a}/enrolments", "coordinator", body))
    checkin = {
        **SESSION,
        "type": "biography_checkin",
        "started_at": "2021-09-01T10:00:00+02:00",
        "milestone_ids": [],
        "follow_ups": [{"what": "call the municipality", "due_on": "2021-09-15"}],
    }
    ok(api.post(f"/projects/{a}/sessions", "coach", checkin))
    for milestone in ("NEED-01", "TEAM-01"):
        reached = {"milestone_id": milestone, "reached_on": "2021-09-02", "evidence": {"note": "x"}}
        ok(api.post(f"/projects/{a}/milestones", "coach", reached))
    review = {"to": "co_creation", "note": "the group meets"}
    ok(api.post(f"/projects/{b}/gate-reviews", "coach", review))
    closed = api.project(network, title="Closed")
    closure = {"outcome": "discontinued", "rationale": "no users came", "closed_on": "2017-03-01"}
    ok(api.post(f"/projects/{closed}/closure", "coordinator", closure))
    return a, b


def items(api: Api, role: str) -> list[tuple[Any, ...]]:
    response = api.get("/attention", role)
    assert response.status_code == 200, response.text
    return [(i["kind"], i["title"], i["since"], i["due_on"]) for i in response.json()["items"]]


EXPECTED = [
    ("no_contact", "Second", "2017-03-15", None),  # proposed 2017-02-01, never a session
    ("gate_ready", "AllDi", "2021-09-02", None),  # NEED-01 and TEAM-01 reached
    ("follow_up_due", "AllDi", "2021-09-15", "2021-09-15"),
    ("no_contact", "AllDi", "2021-10-13", None),  # 42 days after 2021-09-01
    ("checkin_overdue", "AllDi", "2021-11-01", "2021-11-01"),  # 61 days after the check-in
    ("gate_review_open", "Second", "2021-12-15", None),
]


@pytest.mark.parametrize("role", ["coach", "coordinator", "auditor", "admin"])
def test_attention_lists_each_kind_when_it_became_due(api: Api, role: str) -> None:
    scripted(api)
    assert items(api, role) == EXPECTED


@pytest.mark.parametrize("role", ["other_coach", "other_coordinator"])
def test_attention_of_someone_elses_projects_is_empty(api: Api, role: str) -> None:
    scripted(api)
    assert items(api, role) == []


def test_attention_is_refused_to_a_dashboard(api: Api) -> None:
    scripted(api)
    assert api.get("/attention", "dashboard").status_code == 403


def test_a_later_checkin_takes_the_project_off_the_list(api: Api) -> None:
    a, _b = scripted(api)
    later = {
        **SESSION,
        "type": "biography_checkin",
        "started_at": "2021-12-01T10:00:00+01:00",
        "milestone_ids": [],
        "follow_ups": [],
    }
    ok(api.post(f"/projects/{a}/sessions", "coach", later))
    kinds = {(kind, title) for kind, title, _s, _d in items(api, "coach")}
    assert ("checkin_overdue", "AllDi") not in kinds
    assert ("follow_up_due", "AllDi") not in kinds
    assert ("no_contact", "AllDi") not in kinds


def test_the_coachs_home_shows_what_is_due_in_their_language(api: Api) -> None:
    from tests.api.web_pages import Browser, parse

    scripted(api)
    home = Browser(api, "de-DE").as_role("coach").get("/ui/home")
    assert home.status_code == 200
    due = parse(home.text).find("section", aria_labelledby="due-title")
    kinds = [li.attrs["data-kind"] for li in due.find_all("li", data_kind=None)]
    assert kinds == ["no_contact", "gate_ready", "no_contact", "checkin_overdue"]
    assert "Was ansteht" in home.text
    assert "Biografie-Check-in überfällig" in home.text
