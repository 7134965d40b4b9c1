"""The start-up biography of the scripted project A (tests/api/programme_story.py): its story
in the order it happened, as known at an instant, as JSON and PDF; not for dashboards."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pypdf
import pytest

from tests.api.client import Api
from tests.api.programme_story import build_story, ok


def test_biography_tells_the_story_in_order_and_as_known_at(api: Api) -> None:
    story = build_story(api)
    before_pilot = datetime.now(UTC).isoformat()
    ok(
        api.post(
            f"/projects/{story.a}/milestones",
            "coach",
            {
                "milestone_id": "PILOT-01",
                "reached_on": "2017-10-01",
                "evidence": {"note": "x"},
            },
        )
    )
    body = ok(api.get(f"/projects/{story.a}/biography", "coordinator"))
    kinds = [c["kind"] for c in body["chapters"]]
    assert kinds[:3] == ["proposed", "enrolled", "team_joined"]
    assert kinds.count("stage") == 2
    assert ("2017-10-01", "milestone", "PILOT-01 reached") in {
        (c["on"], c["kind"], c["text"]) for c in body["chapters"]
    }
    days = [c["on"] for c in body["chapters"]]
    assert days == sorted(days)
    earlier = ok(api.get(f"/projects/{story.a}/biography", "coordinator", as_known_at=before_pilot))
    assert len(earlier["chapters"]) == len(body["chapters"]) - 1
    assert earlier["version"] == body["version"] - 1
    pdf = api.get(f"/projects/{story.a}/biography", "auditor", format="pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.content)).pages)
    assert "AllDi: start-up biography" in text
    assert "PILOT-01 reached" in text


@pytest.mark.parametrize("role", ["dashboard", "other_coach", "other_coordinator"])
def test_biography_is_refused_to_dashboards_and_strangers(api: Api, role: str) -> None:
    story = build_story(api)
    assert api.get(f"/projects/{story.a}/biography", role).status_code == 403
