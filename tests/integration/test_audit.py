"""Auditors: hash chains find edits, bundles round-trip, replay works offline, schemas evolve."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.utils import clear_topic_cache, register_topic
from sqlalchemy import select, update

from app import audit
from app.bootstrap import Container, build_container
from app.commands import AddTeamMember, ChangeStage, ReachMilestone
from app.settings import Settings
from domain.errors import BundleError
from domain.values import Evidence, PersonRole, Stage, TeamRole
from projections.registry import live_projections
from projections.summaries import SummaryFilter
from store.chain import hashes_table
from store.recorder import event_store_tables
from tests.clock import fixed_clock
from tests.databases import migrated_container
from tests.integration import evolution_v1, evolution_v2
from tests.integration.helpers import coaching, correct_duration, log_session, new_project

EVENTS, _ = event_store_tables()


def _container(url: str) -> Container:
    return migrated_container(Settings(database_url=url, embedded_projector=False), fixed_clock)


@pytest.fixture
def source(database_url: str) -> Iterator[Container]:
    container = _container(database_url)
    yield container
    container.close()


def _history(c: Container) -> tuple[UUID, UUID]:
    project, coach = new_project(c.incubator)
    member = c.incubator.register_person(display_name="Ieva", role=PersonRole.SERVICE_USER)
    c.incubator.execute(
        project,
        AddTeamMember(person_id=member.id, role=TeamRole.SERVICE_USER, joined_on=date(2019, 5, 2)),
        actor=str(coach),
    )
    for i in range(4):
        session, _ = log_session(c.incubator, project, details=coaching(coach, i), actor=str(coach))
    correct_duration(c.incubator, project, session, 50)
    for m in ("NEED-01", "TEAM-01"):
        c.incubator.execute(
            project,
            ReachMilestone(milestone_id=m, reached_on=date(2019, 6, 1), evidence=Evidence("notes")),
            actor="x",
        )
    c.incubator.execute(
        project,
        ChangeStage(to=Stage.CO_CREATION, rationale="gate", decided_on=date(2019, 7, 1)),
        actor="x",
    )
    return project, member.id


def test_chain_is_intact_after_a_history_and_after_an_erasure(source: Container) -> None:
    project, member = _history(source)
    before = audit.verify_project(source.incubator, project)
    assert before.intact
    assert before.events == source.incubator.get_project(project).version
    source.incubator.erase_person(member, reason="asked")
    after = audit.verify_project(source.incubator, project)
    assert after.intact
    assert after.head == before.head


def test_editing_a_stored_event_is_found_at_its_version(source: Container) -> None:
    project, _ = _history(source)
    with source.engine.begin() as connection:
        state = connection.execute(
            select(EVENTS.c.state).where(
                EVENTS.c.originator_id == project, EVENTS.c.originator_version == 5
            )
        ).scalar_one()
        forged = bytes(state).replace(b'"duration_minutes":61', b'"duration_minutes":600')
        assert forged != bytes(state)
        connection.execute(
            update(EVENTS)
            .where(EVENTS.c.originator_id == project, EVENTS.c.originator_version == 5)
            .values(state=forged)
        )
    report = audit.verify_project(source.incubator, project)
    assert not report.intact
    assert report.broken_at == 5
    assert report.reason == "the event's content was changed"
    assert report.events == 4


def test_rewriting_an_event_and_its_hash_breaks_the_next_link(source: Container) -> None:
    project, _ = _history(source)
    with source.engine.begin() as connection:
        row = connection.execute(
            select(EVENTS).where(
                EVENTS.c.originator_id == project, EVENTS.c.originator_version == 3
            )
        ).one()
        forged = (
            bytes(row.state).replace(b"Ieva", b"Ieva").replace(b'"service_user"', b'"provider"')
        )
        prev = connection.execute(
            select(hashes_table.c.prev_hash).where(
                hashes_table.c.originator_id == project, hashes_table.c.originator_version == 3
            )
        ).scalar_one()
        from store.chain import link_hash

        connection.execute(update(EVENTS).where(EVENTS.c.id == row.id).values(state=forged))
        connection.execute(
            update(hashes_table)
            .where(hashes_table.c.originator_id == project, hashes_table.c.originator_version == 3)
            .values(hash=link_hash(prev, project, 3, row.topic, forged))
        )
    report = audit.verify_project(source.incubator, project)
    assert (report.intact, report.broken_at) == (False, 4)


def test_deleting_an_event_is_found(source: Container) -> None:
    project, _ = _history(source)
    with source.engine.begin() as connection:
        connection.execute(
            EVENTS.delete().where(
                EVENTS.c.originator_id == project, EVENTS.c.originator_version == 4
            )
        )
    report = audit.verify_project(source.incubator, project)
    assert (report.intact, report.broken_at, report.reason) == (False, 4, "a version is missing")


def _read_models(c: Container) -> dict[str, Any]:
    rows: dict[str, Any] = {}
    with c.engine.connect() as connection:
        for projection in live_projections():
            for table in projection.tables:
                rows[table.name] = sorted(
                    tuple(map(str, r)) for r in connection.execute(select(table))
                )
    return rows


def test_export_then_import_into_an_empty_database_gives_identical_state_and_read_models(
    source: Container, database_url: str, make_postgres_url: Any, tmp_path: Any
) -> None:
    project, _ = _history(source)
    second, _ = new_project(source.incubator, "Rucava recipe brochure")
    source.runner.catch_up()
    bundle_text = io.StringIO()
    count = audit.export_bundle(source.incubator, bundle_text)
    assert count == source.runner.head()
    bundle = audit.read_bundle(bundle_text.getvalue().splitlines())
    target_url = (
        f"sqlite:///{tmp_path / 'imported.sqlite3'}"
        if database_url.startswith("sqlite")
        else make_postgres_url()
    )
    target = _container(target_url)
    try:
        assert audit.import_bundle(target.incubator, bundle) == count
        target.runner.catch_up()
        for stream in (project, second):
            assert target.incubator.get_project(stream) == source.incubator.get_project(stream)
            assert (
                audit.verify_project(target.incubator, stream).head
                == audit.verify_project(source.incubator, stream).head
            )
        assert _read_models(target) == _read_models(source)
        with pytest.raises(Exception, match="empty event store"):
            audit.import_bundle(target.incubator, bundle)
    finally:
        target.close()


def test_replay_offline_checks_chains_and_rebuilds_from_the_bundle_alone(source: Container) -> None:
    project, _ = _history(source)
    text = io.StringIO()
    audit.export_bundle(source.incubator, text, project)
    bundle = audit.read_bundle(text.getvalue().splitlines())
    assert set(bundle.manifest["streams"]) == {
        str(project),
        str(source.incubator.get_project(project).network_id),
    }
    result = audit.replay_offline(bundle)
    assert all(c.intact for c in result.chains)
    (replayed,) = result.projects
    assert replayed == source.incubator.get_project(project)
    assert result.portfolio.projects == 1


def test_replay_of_a_tampered_bundle_names_the_broken_link(source: Container) -> None:
    project, _ = _history(source)
    text = io.StringIO()
    audit.export_bundle(source.incubator, text, project)
    lines = text.getvalue().splitlines()
    forged = [line.replace("session 1", "session 9") for line in lines]
    bundle = audit.read_bundle(forged)
    broken = [c for c in bundle.verify() if not c.intact]
    assert len(broken) == 1
    assert broken[0].stream_id == project
    with pytest.raises(BundleError):
        audit.import_bundle(source.incubator, bundle)


def test_stage_on_a_date_as_known_at_an_instant(source: Container) -> None:
    project, _ = _history(source)
    (advanced,) = [
        e
        for e in audit.project_history(source.incubator, project)
        if e.type.endswith("StageAdvanced")
    ]
    before_recording = advanced.recorded_at - timedelta(microseconds=1)
    stage_then, _ = audit.stage_on(source.incubator, project, date(2019, 8, 1), before_recording)
    stage_now, _ = audit.stage_on(source.incubator, project, date(2019, 8, 1), None)
    assert stage_then is Stage.IDEA  # on 1 August, as recorded before the gate decision
    assert stage_now is Stage.CO_CREATION  # the decision of 1 July, recorded later
    assert audit.stage_on(source.incubator, project, date(2019, 1, 1), None)[0] is None


def test_diff_between_two_versions_lists_field_changes(source: Container) -> None:
    project, _ = _history(source)
    head = source.incubator.get_project(project).version
    changes = audit.diff_states(
        audit.project_at_version(source.incubator, project, head - 1),
        audit.project_at_version(source.incubator, project, head),
    )
    fields = {c.field: c for c in changes}
    assert fields["stage"].before == "idea"
    assert fields["stage"].after == "co_creation"
    assert "stage_history[1]" in fields
    assert fields["stage"].text == "stage: 'idea' → 'co_creation'"


def test_a_v1_event_replays_as_v2_after_an_upgrade_with_the_chain_intact(source: Container) -> None:
    journal = evolution_v1.Journal(title="start-up biography")
    journal.note("first check-in")
    source.incubator.save(journal)
    from store.chain import ChainStore

    store = ChainStore(source.engine, EVENTS)
    head_before = store.verify(journal.id).head
    clear_topic_cache()
    register_topic("tests.integration.evolution_v1", evolution_v2)  # "upgrade the code"
    try:
        upgraded = build_container(source.settings)
        try:
            loaded = upgraded.incubator.repository.get(journal.id)
            assert isinstance(loaded, evolution_v2.Journal)
            assert loaded.notes == [("first check-in", "und")]
            loaded.note("second check-in", "lt")
            upgraded.incubator.save(loaded)
            report = store.verify(journal.id)
            assert report.intact
            assert report.events == 3
            stored = list(upgraded.incubator.events.get(journal.id))
            assert [type(e).__name__ for e in stored] == ["Started", "Noted", "Noted"]
            assert store.verify(journal.id).head != head_before
        finally:
            upgraded.close()
    finally:
        clear_topic_cache()


def test_replay_rebuilds_every_read_model(source: Container) -> None:
    project, _ = _history(source)
    source.runner.catch_up()
    text = io.StringIO()
    audit.export_bundle(source.incubator, text)
    result = audit.replay_offline(audit.read_bundle(text.getvalue().splitlines()))
    live = source.read_models.portfolio()
    assert result.portfolio == live
    assert [p.project_id for p in source.read_models.list_projects(SummaryFilter(), 5, None)] == [
        project
    ]


def test_a_garbled_row_is_reported_by_a_fresh_process_not_raised(source: Container) -> None:
    project, _ = _history(source)
    with source.engine.begin() as connection:
        connection.execute(
            update(EVENTS)
            .where(EVENTS.c.originator_id == project, EVENTS.c.originator_version == 2)
            .values(state=b"{garbage")
        )
    fresh = build_container(source.settings)  # nothing cached: nothing decoded from memory
    try:
        report = audit.verify_project(fresh.incubator, project)
    finally:
        fresh.close()
    assert (report.intact, report.broken_at) == (False, 2)


def test_deleting_the_newest_events_is_found(source: Container) -> None:
    project, _ = _history(source)
    head = source.incubator.get_project(project).version
    with source.engine.begin() as connection:
        connection.execute(
            EVENTS.delete().where(
                EVENTS.c.originator_id == project, EVENTS.c.originator_version == head
            )
        )
    report = audit.verify_project(source.incubator, project)
    assert (report.intact, report.broken_at) == (False, head)
    assert report.reason == "the stream's newest events are missing"
    _streams, everything = audit.verify_everything(source.incubator)
    assert [r.broken_at for r in everything if not r.intact] == [head]


def test_appending_after_a_missing_hash_refuses_as_a_broken_chain(source: Container) -> None:
    """A process that did not commit the stream's head itself reads the head's hash, and a
    missing one refuses the append; the process that committed it chains to the hash it
    committed (store/chain_heads.py) and the missing link is what verification reports."""
    from domain.errors import ChainBroken

    project, coach = new_project(source.incubator)
    head = source.incubator.get_project(project).version
    with source.engine.begin() as connection:
        connection.execute(
            hashes_table.delete().where(
                hashes_table.c.originator_id == project, hashes_table.c.originator_version == head
            )
        )
    fresh = build_container(source.settings)  # another process: no head in memory
    try:
        with pytest.raises(ChainBroken):
            log_session(fresh.incubator, project, details=coaching(coach), actor=str(coach))
        assert fresh.incubator.get_project(project).version == head
    finally:
        fresh.close()
    log_session(source.incubator, project, details=coaching(coach), actor=str(coach))
    report = audit.verify_project(source.incubator, project)
    assert (report.intact, report.broken_at) == (False, head)
