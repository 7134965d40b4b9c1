"""MicroProject.redact: a redaction is recorded as its own event (which field of which version,
who, when, why; never the text), once per field, and accepted on a closed project."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import AlreadyRecorded, ImplausibleValue
from domain.project import MicroProject
from tests.unit.domain.builders import COORDINATOR, TODAY, propose_alldi, script_full_history


def _closed() -> MicroProject:
    project = propose_alldi()
    script_full_history(project)
    project.collect_events()
    return project


def test_redact_records_the_field_and_the_reason_never_the_text() -> None:
    project = propose_alldi()
    project.collect_events()
    project.redact(1, "/summary", "the summary names a child", COORDINATOR, TODAY)
    (event,) = project.collect_events()
    assert isinstance(event, MicroProject.FieldRedacted)
    assert (event.version, event.field, event.reason) == (
        1,
        "/summary",
        "the summary names a child",
    )
    assert event.occurred_on == TODAY
    assert project.redacted_fields == ((1, "/summary"),)


def test_redact_on_a_closed_project_is_accepted() -> None:
    project = _closed()
    assert project.is_closed
    project.redact(2, "/description", "a parent's name", COORDINATOR, TODAY)
    assert (2, "/description") in project.redacted_fields


def test_redact_the_same_field_twice_raises_already_recorded() -> None:
    project = _closed()
    project.redact(2, "/description", "a parent's name", COORDINATOR, TODAY)
    with pytest.raises(AlreadyRecorded):
        project.redact(2, "/description", "again", COORDINATOR, TODAY)


@pytest.mark.parametrize("version", [0, -1, 10_000])
def test_redact_a_version_the_project_does_not_have_raises_implausible_value(version: int) -> None:
    project = _closed()
    with pytest.raises(ImplausibleValue):
        project.redact(version, "/reason", "why", COORDINATOR, TODAY)


def test_redact_without_a_reason_raises_implausible_value() -> None:
    project = _closed()
    with pytest.raises(ImplausibleValue):
        project.redact(2, "/description", "  ", COORDINATOR, date(2021, 1, 1))
