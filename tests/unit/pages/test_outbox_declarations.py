"""What a form tells the outbox (api/pages/outbox.py): the body shapes the server builds its
own post with, and the coordinator's address found in what the people directory holds."""

from __future__ import annotations

from api.pages.outbox import EMAIL, build
from api.pages.project_forms import REACH_MILESTONE, RECORD_NEED, REMOVE_MEMBER


def test_a_shape_builds_the_body_from_trimmed_fields_lines_and_blank_optionals() -> None:
    values = {"reason": "  Moved away. ", "on": " ", "note": "Minutes", "links": "a\n\n b \n"}
    assert build(REMOVE_MEMBER.body, values) == {"reason": "Moved away.", "left_on": None}
    assert build(
        REACH_MILESTONE.body, {**values, "milestone_id": "NEED-01", "on": "2026-11-30"}
    ) == {
        "milestone_id": "NEED-01",
        "reached_on": "2026-11-30",
        "evidence": {"note": "Minutes", "links": ["a", "b"]},
    }


def test_a_field_sent_twice_or_missing_builds_an_empty_text_for_the_schema_to_refuse() -> None:
    body = build(RECORD_NEED.body, {"description": ["one", "two"]})
    assert body == {"description": "", "tool": "", "identified_on": ""}


def test_the_coordinators_address_is_found_in_a_contact_of_several_parts() -> None:
    found = EMAIL.search("Anna Berg <anna.berg@len-dithmarschen.example>, 0481 12")
    assert found is not None
    assert found.group(0) == "anna.berg@len-dithmarschen.example"
    assert EMAIL.search("0481 12 34, Tuesdays at the town hall") is None
