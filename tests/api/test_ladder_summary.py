"""The programme's participation ladder for dashboards (GET /programmes/{id}/participation)
against the scripted programme of tests/api/programme_story.py plus a third project, every
count worked out by hand below; the share agrees with the LADDER indicator window by window.

A and B (single parents, network of "coordinator") as in programme_story; C as its
`with_youth_project` adds it (youth, a network of "other_coordinator", enrolled 2017-03-01,
its one session on 2018-02-10 at user_led).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

import pytest

from tests.api.client import Api
from tests.api.programme_story import Story, build_story, ok, session, with_youth_project

NONE = {
    "informed": 0,
    "consulted": 0,
    "engaged": 0,
    "co_designing": 0,
    "co_producing": 0,
    "user_led": 0,
    "no_reading": 0,
}


def levels(**counts: int) -> dict[str, int]:
    return {**NONE, **counts}


def ladder(api: Api, story: Story, role: str = "dashboard", **params: Any) -> Any:
    return ok(api.get(f"/programmes/{story.programme}/participation", role, **params))


def shape(window: dict[str, Any]) -> tuple[Any, ...]:
    groups = {
        group: (d["projects"], d["by_level"], d["share_co_producing_or_above"])
        for group, d in window["by_target_group"].items()
    }
    total = window["total"]
    return (
        window["label"],
        total["projects"],
        total["by_level"],
        total["share_co_producing_or_above"],
        groups,
    )


def test_ladder_per_period_and_target_group_matches_the_hand_worked_counts(
    api_any_db: Api,
) -> None:
    api = api_any_db
    story, _c = with_youth_project(api)
    body = ladder(api, story)
    assert body["by"] == "period"
    # P1: A (co_designing since 2017-04-12) and C (no reading yet); B is enrolled in July.
    # P2: A co_producing (2017-08-10), B engaged (closed 2017-11-30, so still active), C none.
    # P3: B closed before it; A co_producing, C user_led (2018-02-10).
    assert [shape(w) for w in body["over_time"]] == [
        (
            "P1",
            2,
            levels(co_designing=1, no_reading=1),
            0.0,
            {
                "single_parents": (1, levels(co_designing=1), 0.0),
                "youth": (1, levels(no_reading=1), 0.0),
            },
        ),
        (
            "P2",
            3,
            levels(engaged=1, co_producing=1, no_reading=1),
            0.3333,
            {
                "single_parents": (2, levels(engaged=1, co_producing=1), 0.5),
                "youth": (1, levels(no_reading=1), 0.0),
            },
        ),
        (
            "P3",
            2,
            levels(co_producing=1, user_led=1),
            1.0,
            {
                "single_parents": (1, levels(co_producing=1), 1.0),
                "youth": (1, levels(user_led=1), 1.0),
            },
        ),
    ]
    # Now (2026) is after the programme's end: its last day, as in P3.
    assert (body["now"]["from"], body["now"]["to"]) == ("2018-12-31", "2018-12-31")
    assert shape(body["now"])[1:] == shape(body["over_time"][2])[1:]
    for window in body["over_time"]:
        report = ok(
            api.get(
                f"/programmes/{story.programme}/indicators", "dashboard", period=window["label"]
            )
        )
        share = next(i["value"] for i in report["indicators"] if i["code"] == "LADDER")
        assert window["total"]["share_co_producing_or_above"] == share


def test_ladder_per_month(api: Api) -> None:
    story, _c = with_youth_project(api)
    body = ladder(api, story, by="month")
    months = {w["label"]: w for w in body["over_time"]}
    assert list(months)[:2] == ["2017-01", "2017-02"]
    assert len(months) == 24  # 2017-01 to 2018-12
    # January: nobody enrolled. April: A at co_designing, C without a reading.
    assert shape(months["2017-01"])[1:4] == (0, NONE, 0.0)
    assert shape(months["2017-04"])[1:4] == (2, levels(co_designing=1, no_reading=1), 0.0)
    assert (months["2017-02"]["from"], months["2017-02"]["to"]) == ("2017-02-01", "2017-02-28")
    # December 2017: B closed on 30 November, before the month: A and C.
    assert shape(months["2017-12"])[1:3] == (2, levels(co_producing=1, no_reading=1))


def test_ladder_as_known_at_counts_only_what_was_recorded_then(api: Api) -> None:
    story = build_story(api)
    submitted_at = datetime.now(UTC).isoformat()
    session(api, story.a, "coaching", "2017-10-05T10:00:00+02:00", 60, 2, "user_led")
    then = ladder(api, story, as_known_at=submitted_at)
    # As submitted: A's latest reading in P2 is co_producing; a session logged later (of
    # 2017-10-05) lifts it to user_led in the current answer only.
    assert then["over_time"][1]["total"]["by_level"] == levels(engaged=1, co_producing=1)
    assert ladder(api, story)["over_time"][1]["total"]["by_level"] == levels(engaged=1, user_led=1)
    assert ladder(api, story, as_known_at=submitted_at) == then


@pytest.mark.parametrize(
    ("role", "seen"),
    [
        ("coordinator", ["single_parents"]),  # A and B are in their network
        ("other_coordinator", ["youth"]),  # C is in theirs
        ("auditor", ["single_parents", "youth"]),
        ("admin", ["single_parents", "youth"]),
        ("dashboard", ["single_parents", "youth"]),
    ],
)
def test_a_coordinator_counts_their_networks_projects_only(
    api: Api, role: str, seen: list[str]
) -> None:
    story, _c = with_youth_project(api)
    body = ladder(api, story, role)
    assert sorted(body["over_time"][1]["by_target_group"]) == seen
    expected_p2 = {"coordinator": 2, "other_coordinator": 1}.get(role, 3)
    assert body["over_time"][1]["total"]["projects"] == expected_p2


@pytest.mark.parametrize("role", ["coach", "other_coach"])
def test_ladder_is_refused_to_coaches(api: Api, role: str) -> None:
    story = build_story(api)
    assert api.get(f"/programmes/{story.programme}/participation", role).status_code == 403


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"by": "week"}, 422),
        ({"as_known_at": "2017-01-01T00:00:00"}, 422),
        ({"as_known_at": "yesterday"}, 422),
    ],
)
def test_ladder_with_bad_parameters_is_422(api: Api, params: dict[str, str], status: int) -> None:
    story = build_story(api)
    response = api.get(f"/programmes/{story.programme}/participation", "dashboard", **params)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"


def test_ladder_of_an_unknown_programme_is_404(api: Api) -> None:
    response = api.get(f"/programmes/{uuid4()}/participation", "dashboard")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


def test_dashboard_ladder_holds_no_names_free_text_or_person_ids(api: Api) -> None:
    story, c = with_youth_project(api)
    text = api.get(f"/programmes/{story.programme}/participation", "dashboard").text
    people = [*api.people.values(), "The coach", "The coordinator", "Elsewhere", "U1", "U2"]
    assert [p for p in people if p in text] == []
    for free_text in ("ZEPHYR", "gate met", "municipality", "minutes"):
        assert free_text not in text
    for project in (story.a, story.b, c):  # counts only: not even project ids
        assert project not in text
    assert "Youth Radio" not in json.dumps(json.loads(text))
