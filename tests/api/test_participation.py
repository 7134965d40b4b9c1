"""The participation ladder over a scripted history: two sessions and a co-assessment, a
gate decision between them; bad input refused with nothing recorded; dashboards get the
levels without the users' own view or notes."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.api.client import SESSION, Api
from tests.api.programme_story import advance, milestone, ok, session


def scripted(api: Api) -> str:
    project = api.project()
    session(api, project, "coaching", "2017-04-12T10:00:00+02:00", 60, 3, "consulted")
    milestone(api, project, "NEED-01", "2017-04-20")
    milestone(api, project, "TEAM-01", "2017-04-20")
    advance(api, project, "co_creation", "2017-05-01")
    assessment = {
        "assessed_on": "2017-06-01",
        "level": "co_designing",
        "user_view": "co_producing",
        "note": "ZEPHYRNOTE the group leads the planning",
    }
    ok(api.post(f"/projects/{project}/participation-assessments", "coach", assessment))
    session(api, project, "training", "2017-07-03T10:00:00+02:00", 60, 3, "co_producing")
    return project


def test_participation_over_time_from_sessions_and_assessments(api: Api) -> None:
    project = scripted(api)
    body = ok(api.get(f"/projects/{project}/participation", "coordinator"))
    assert [(r["on"], r["level"], r["source"], r.get("user_view")) for r in body["readings"]] == [
        ("2017-04-12", "consulted", "session", None),
        ("2017-06-01", "co_designing", "assessment", "co_producing"),
        ("2017-07-03", "co_producing", "session", None),
    ]
    assert body["current"] == "co_producing"
    assert body["distance"] == 3  # consulted (1) to co_producing (4)
    assert body["at_gates"] == [
        {"on": "2017-05-01", "to_stage": "co_creation", "level": "consulted"}
    ]


def test_dashboard_reads_levels_without_the_users_view_or_note(api: Api) -> None:
    project = scripted(api)
    response = api.get(f"/projects/{project}/participation", "dashboard")
    assert response.status_code == 200
    assert "user_view" not in response.text
    assert "ZEPHYR" not in response.text
    assert response.json()["current"] == "co_producing"


@pytest.mark.parametrize(
    ("change", "status"),
    [
        ({"level": "leading"}, 422),
        ({"assessed_on": "2099-01-01"}, 422),
        ({"assessed_on": "2016-01-01"}, 422),
        ({"user_view": None}, 422),
    ],
)
def test_a_bad_assessment_is_refused_and_records_nothing(
    api: Api, event_count: Callable[[], int], change: dict[str, object], status: int
) -> None:
    project = api.project()
    before = event_count()
    body = {"assessed_on": "2017-06-01", "level": "engaged", "user_view": "engaged", **change}
    refused = api.post(f"/projects/{project}/participation-assessments", "coach", body)
    assert refused.status_code == status, refused.text
    assert event_count() == before


def test_an_assessment_by_a_coach_of_another_project_is_403(api: Api) -> None:
    project = api.project()
    body = {"assessed_on": "2017-06-01", "level": "engaged", "user_view": "engaged"}
    refused = api.post(f"/projects/{project}/participation-assessments", "other_coach", body)
    assert refused.status_code == 403
    assert SESSION  # the shared session body stays the one the other tests use
