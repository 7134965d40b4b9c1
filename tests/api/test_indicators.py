"""Funder indicators against the scripted programme of tests/api/programme_story.py, with
every value worked out by hand in the comments; the as-of reproduction; CSV equal to JSON."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import openpyxl
import pypdf
import pytest
from sqlalchemy import Engine, event

from app.reports.csv_export import COLUMNS
from tests.api.client import Api
from tests.api.programme_story import Story, build_story, ok


def report(api: Api, story: Story, role: str = "dashboard", **params: Any) -> Any:
    response = api.get(f"/programmes/{story.programme}/indicators", role, **params)
    assert response.status_code == 200, response.text
    return response


def by_code(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["code"]: item for item in body["indicators"]}


def figures(item: dict[str, Any]) -> tuple[Any, Any, Any]:
    return item["value"], item["cumulative"], item["previous"]


def test_indicators_of_period_two_match_the_hand_worked_values(api_any_db: Api) -> None:
    api = api_any_db
    story = build_story(api)
    body = report(api, story, period="P2").json()
    assert (body["from"], body["to"], body["period"]) == ("2017-07-01", "2017-12-31", "P2")
    assert body["previous_period"] == {"label": "P1", "from": "2017-01-01", "to": "2017-06-30"}
    items = by_code(body)
    assert list(items) == ["RCO84", "RCO87", "RCO116", "RCR104", "HOURS", "USERS", "JOBS", "LADDER"]
    # A moved into pilot on 2017-05-10: in P1, so 0 now, 1 before and 1 cumulatively.
    assert figures(items["RCO84"]) == (0, 1, 1)
    # One network with one institution registered in 2016; in P1 only A was enrolled.
    assert figures(items["RCO87"]) == (1, 1, 1)
    # B closed as absorbed on 2017-11-30.
    assert figures(items["RCO116"]) == (1, 1, 0)
    assert items["RCO116"]["projects"] == [story.b]
    # B's absorption counts for P2; for P1 it lies within the year after, but B was enrolled
    # only on 2017-07-01, after P1.
    assert figures(items["RCR104"]) == (1, 1, 0)
    # P2: A's 60-minute training and B's 120-minute coaching = 3 h; P1: A's 90 minutes.
    assert figures(items["HOURS"]) == (3.0, 4.5, 1.5)
    assert items["HOURS"]["breakdown"] == {
        "by_type": {"coaching": 2.0, "training": 1.0},
        "by_target_group": {"single_parents": 3.0},
    }
    # P2: U1 and U2 named, plus A's largest head count in P2 (3) and B's (2) = 7.
    # P1: U1, plus A's 5 = 6. Whole year: U1, U2, A's 5, B's 2 = 9.
    assert figures(items["USERS"]) == (7, 9, 6)
    # A reached JOB-01 on 2017-09-01.
    assert figures(items["JOBS"]) == (1, 1, 0)
    # P2: A (co_producing) of A and B (engaged) = 0.5; P1: A alone, at co_designing = 0.
    assert figures(items["LADDER"]) == (0.5, 0.5, 0.0)
    for item in items.values():
        assert item["definition"]
        assert item["definition_version"] == 1


def test_indicators_regenerate_byte_for_byte_as_known_at_and_show_a_later_correction(
    api: Api,
) -> None:
    story = build_story(api)
    submitted_at = datetime.now(UTC).isoformat()
    submitted = report(api, story, period="P2", as_known_at=submitted_at)
    submitted_csv = report(api, story, period="P2", as_known_at=submitted_at, format="csv")
    ok(
        api.post(
            f"/projects/{story.a}/sessions/{story.training}/corrections",
            "coach",
            {"changes": {"duration_minutes": 90}, "reason": "it ran over"},
        )
    )
    again = report(api, story, period="P2", as_known_at=submitted_at)
    again_csv = report(api, story, period="P2", as_known_at=submitted_at, format="csv")
    assert again.content == submitted.content
    assert again_csv.content == submitted_csv.content
    now = report(api, story, period="P2").json()
    old = submitted.json()
    old_items, new_items = by_code(old), by_code(now)
    changed = {code for code in old_items if old_items[code] != new_items[code]}
    assert changed == {"HOURS"}
    assert figures(new_items["HOURS"]) == (3.5, 5.0, 1.5)
    assert new_items["HOURS"]["breakdown"]["by_type"] == {"coaching": 2.0, "training": 1.5}


def test_indicators_as_csv_parse_back_equal_to_the_json(api: Api) -> None:
    story = build_story(api)
    at = datetime.now(UTC).isoformat()
    body = report(api, story, period="P2", as_known_at=at).json()
    response = report(api, story, period="P2", as_known_at=at, format="csv")
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["code"] for r in rows] == [i["code"] for i in body["indicators"]]
    for row, item in zip(rows, body["indicators"], strict=True):
        assert json.loads(row["value"]) == item["value"]
        assert json.loads(row["cumulative"]) == item["cumulative"]
        assert (json.loads(row["previous"]) if row["previous"] else None) == item["previous"]
        assert row["definition"] == item["definition"]
        assert (row["projects"].split(";") if row["projects"] else []) == item["projects"]


def test_indicators_as_known_before_any_enrolment_count_nothing(api: Api) -> None:
    story = build_story(api)
    programme_created = api.get(f"/programmes/{story.programme}", "admin")
    assert programme_created.status_code == 200
    # As known right after the programme was created: no enrolment was recorded yet.
    first_event = api.get(f"/projects/{story.a}/events", "auditor").json()["items"][0]
    body = report(api, story, period="P2", as_known_at=first_event["recorded_at"]).json()
    assert all(item["value"] in (0, 0.0) for item in body["indicators"])


def test_drill_down_names_the_projects_events_and_chain_heads(api: Api) -> None:
    story = build_story(api)
    response = api.get(f"/programmes/{story.programme}/indicators/HOURS", "dashboard", period="P2")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["value"] == 3.0
    projects = {p["project_id"]: p for p in body["projects"]}
    assert set(projects) == {story.a, story.b}
    verification = api.get(f"/projects/{story.a}/verification", "auditor").json()
    head = projects[story.a]["head"]
    assert head["version"] == api.version(story.a)
    assert head["hash"] == verification["head"]
    assert [e["type"] for e in projects[story.a]["events"]] == ["SessionLogged"]


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"from": "2017-12-31", "to": "2017-01-01"}, 422),
        ({"period": "P9"}, 422),
        ({"as_known_at": "2017-01-01T00:00:00"}, 422),
        ({"format": "doc"}, 422),
    ],
)
def test_indicators_with_bad_parameters_are_4xx(
    api: Api, params: dict[str, str], status: int
) -> None:
    story = build_story(api)
    response = api.get(f"/programmes/{story.programme}/indicators", "admin", **params)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"


def test_drill_down_of_an_unknown_code_is_422(api: Api) -> None:
    story = build_story(api)
    response = api.get(f"/programmes/{story.programme}/indicators/NOPE", "admin")
    assert response.status_code == 422


@pytest.mark.parametrize(("role", "status"), [("coach", 403), ("coordinator", 200)])
def test_indicators_by_role(api: Api, role: str, status: int) -> None:
    story = build_story(api)
    assert api.get(f"/programmes/{story.programme}/indicators", role).status_code == status


def test_indicators_of_an_unknown_programme_are_404(api: Api) -> None:
    missing = "00000000-0000-4000-8000-000000000000"
    assert api.get(f"/programmes/{missing}/indicators", "admin").status_code == 404


def test_dashboard_reads_indicators_and_drill_down_without_personal_data(api: Api) -> None:
    story = build_story(api)
    texts = [
        report(api, story, period="P2").text,
        report(api, story, period="P2", format="csv").text,
        *(
            api.get(f"/programmes/{story.programme}/indicators/{code}", "dashboard").text
            for code in ("HOURS", "USERS", "RCO87", "LADDER")
        ),
    ]
    team = api.get(f"/projects/{story.a}", "admin").json()["team"]
    people = [*api.people.values(), *(m["person_id"] for m in team)]
    assert len(team) == 2
    for text in texts:
        for person in people:
            assert person not in text
        for words in ("gate met", "municipality took it over", "minutes", "Worked through"):
            assert words not in text


def test_indicators_as_xlsx_and_pdf_match_the_json_and_regenerate_identically(api: Api) -> None:
    story = build_story(api)
    at = datetime.now(UTC).isoformat()
    body = report(api, story, period="P2", as_known_at=at).json()
    xlsx = report(api, story, period="P2", as_known_at=at, format="xlsx")
    pdf = report(api, story, period="P2", as_known_at=at, format="pdf")
    assert xlsx.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert pdf.headers["content-type"] == "application/pdf"
    assert report(api, story, period="P2", as_known_at=at, format="xlsx").content == xlsx.content
    assert report(api, story, period="P2", as_known_at=at, format="pdf").content == pdf.content

    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content))["Indicators"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = rows.index(list(COLUMNS))
    for row, item in zip(rows[header + 1 :], body["indicators"], strict=True):
        cells = dict(zip(COLUMNS, row, strict=True))
        assert cells["code"] == item["code"]
        assert (cells["value"], cells["cumulative"], cells["previous"]) == figures(item)
        assert cells["definition"] == item["definition"]
        assert (cells["projects"] or "") == ";".join(item["projects"])
    assert {r[0]: r[1] for r in rows[:header] if r[0]}["as_known_at"] == at

    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf.content)).pages)
    text = " ".join(text.split())
    assert f"As known at: {body['as_known_at']}" in text
    for item in body["indicators"]:
        shown = f"{item['code']} {item['title']}"
        assert " ".join(shown.split()) in text or item["code"] in text
        assert str(item["value"]) in text


def test_a_second_report_folds_again_only_the_projects_written_since(api: Api) -> None:
    """Each project's facts are kept by (project, newest version) for the Incubator: a report
    after one project changed reads that project's stream alone again, and shows the change."""
    story = build_story(api)
    first = report(api, story, period="P2").json()
    streams: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, params: Any, *_rest: Any) -> None:
        if "FROM seedbed_events" in statement and "GROUP BY" not in statement:
            for value in params if isinstance(params, tuple) else ():
                if isinstance(value, bytes | memoryview) and len(value) == 16:
                    streams.append(UUID(bytes=bytes(value)).hex)  # SQLite: binary UUIDs
                elif isinstance(value, UUID | str):
                    streams.append(UUID(str(value)).hex if len(str(value)) >= 32 else str(value))

    event.listen(Engine, "before_cursor_execute", seen)  # every engine: the recorder's own too
    try:
        _second_and_third(api, story, first, streams)
    finally:
        event.remove(Engine, "before_cursor_execute", seen)


def _second_and_third(api: Api, story: Story, first: Any, streams: list[str]) -> None:
    second = report(api, story, period="P2").json()
    assert second["indicators"] == first["indicators"]
    unchanged = set(streams)
    assert UUID(story.a).hex not in unchanged
    assert UUID(story.b).hex not in unchanged
    streams.clear()
    ok(
        api.post(
            f"/projects/{story.a}/sessions/{story.training}/corrections",
            "coach",
            {"changes": {"duration_minutes": 90}, "reason": "it ran over"},
        )
    )
    streams.clear()
    after = by_code(report(api, story, period="P2").json())
    assert UUID(story.a).hex in set(streams)  # the project written to, folded again
    assert UUID(story.b).hex not in set(streams)
    assert figures(after["HOURS"]) == (3.5, 5.0, 1.5)
