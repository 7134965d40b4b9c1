"""Redacting free text: the value is gone from the stored event, the snapshots, the project
and every read model, a rebuild agrees, and every chain still verifies."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import select

from app import audit
from app.bootstrap import Container, build_container
from app.commands import Close, ReachMilestone, RecordNeed
from app.settings import Settings
from domain.errors import InvalidInput
from domain.freetext import REDACTED
from domain.sessions import FollowUp
from domain.values import EmpowermentTool, Evidence, Outcome
from migrations import upgrade
from projections.rebuild import Rebuilder
from projections.registry import NAMES
from store.recorder import event_store_tables
from tests.clock import fixed_clock
from tests.integration.helpers import coaching, log_session, new_project

NAME = "Ieva Kalniņa"


@pytest.fixture
def container(database_url: str) -> Iterator[Container]:
    settings = Settings(database_url=database_url, snapshot_interval=5)
    upgrade(settings.database_url)
    built = build_container(settings, clock=fixed_clock)
    yield built
    built.close()


def _everything(c: Container) -> bytes:
    """Every stored event's and snapshot's bytes, concatenated."""
    events, snapshots = event_store_tables()
    with c.engine.connect() as connection:
        rows = [
            *connection.execute(select(events.c.state)),
            *connection.execute(select(snapshots.c.state)),
        ]
    return b"".join(bytes(r[0]) for r in rows)


def test_a_redacted_summary_is_gone_everywhere_and_the_chain_verifies(container: Container) -> None:
    incubator = container.incubator
    project, coach = new_project(incubator)
    details = coaching(coach, 1)
    details = type(details)(
        **{
            **vars(details),
            "summary": f"Met {NAME} and her son.",
            "follow_ups": (FollowUp(f"call {NAME}", date(2020, 1, 9)),),
        }
    )
    _session, logged = log_session(incubator, project, details, actor=str(coach))
    for n in range(6):  # past a snapshot
        log_session(incubator, project, coaching(coach, 10 + n), actor=str(coach))
    container.runner.catch_up()
    assert NAME.encode() in _everything(container)

    incubator.redact(
        project, version=logged.version, field="/details/summary", reason="asked", actor="admin"
    )
    incubator.redact(
        project,
        version=logged.version,
        field="/details/follow_ups/0/what",
        reason="asked",
        actor="admin",
    )
    container.runner.catch_up()

    assert NAME.encode() not in _everything(container)
    assert audit.verify_project(incubator, project).intact
    state = incubator.get_project(project)
    (redacted,) = [s for s in state.sessions if s.session_id == _session]
    assert redacted.details.summary == REDACTED
    assert redacted.details.follow_ups[0].what == REDACTED
    history, _hours = container.read_models.coaching_history(project)
    (row,) = [e for e in history if e.session_id == _session]
    assert row.details["summary"] == REDACTED
    assert row.details["follow_ups"][0]["what"] == REDACTED
    rebuilder = Rebuilder(container.engine, incubator.recorder, incubator.mapper)
    assert [rebuilder.verify(name).differences for name in NAMES] == [[]] * len(NAMES)
    entry = audit.project_history(
        incubator, project, from_version=logged.version, to_version=logged.version
    )[0]
    assert entry.data["details"]["summary"] == REDACTED


def test_a_redaction_is_accepted_on_a_closed_project_and_only_once(container: Container) -> None:
    incubator = container.incubator
    project, coach = new_project(incubator)
    need = incubator.execute(
        project,
        RecordNeed(
            f"{NAME} needs evening childcare", EmpowermentTool.NEEDS_WORKSHOP, date(2019, 6, 1)
        ),
        actor=str(coach),
    )
    incubator.execute(project, Close(Outcome.DISCONTINUED, "no volunteers"), actor="coordinator")
    incubator.redact(
        project, version=need.version, field="/description", reason="asked", actor="admin"
    )
    with pytest.raises(InvalidInput):
        incubator.redact(
            project, version=need.version, field="/description", reason="again", actor="admin"
        )
    assert audit.verify_project(incubator, project).intact
    assert incubator.get_project(project).needs[0].description == REDACTED


@pytest.mark.parametrize("field", ["/tool", "/details", "/nope", "description", "/description/0"])
def test_a_field_that_is_not_free_text_is_refused_and_nothing_changes(
    container: Container, field: str
) -> None:
    incubator = container.incubator
    project, coach = new_project(incubator)
    need = incubator.execute(
        project,
        RecordNeed("evening childcare", EmpowermentTool.NEEDS_WORKSHOP, date(2019, 6, 1)),
        actor=str(coach),
    )
    before = incubator.get_project(project).version
    with pytest.raises(InvalidInput):
        incubator.redact(project, version=need.version, field=field, reason="why", actor="admin")
    assert incubator.get_project(project).version == before


def test_evidence_links_are_redacted_one_by_one(container: Container) -> None:
    incubator = container.incubator
    project, coach = new_project(incubator)
    reached = incubator.execute(
        project,
        ReachMilestone(
            "NEED-01",
            date(2019, 6, 1),
            Evidence("workshop", ("https://a.example/ieva", "https://b.example")),
        ),
        actor=str(coach),
    )
    incubator.redact(
        project,
        version=reached.version,
        field="/evidence/links/0",
        reason="names her",
        actor="admin",
    )
    container.runner.catch_up()
    (milestone,) = incubator.get_project(project).milestones
    assert milestone.evidence.links == (REDACTED, "https://b.example")
    board = container.read_models.milestone_board(project)
    (need,) = [m for m in board.milestones if m.milestone_id == "NEED-01"]
    assert need.evidence_links == (REDACTED, "https://b.example")
    assert audit.verify_project(incubator, project).intact
