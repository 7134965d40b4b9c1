"""Group commit (store/groupcommit.py): many appends, one transaction; a failing append fails
alone; one append per stream per group; nothing acknowledged before the commit. And through the
Incubator: concurrent commands share groups, chains and receipts stay exact."""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from uuid import UUID

import pytest
from sqlalchemy import Column, Connection, Engine, Integer, MetaData, String, Table, func, select

from app import audit
from app.bootstrap import Container
from store.database import make_engine, write_transaction
from store.groupcommit import GroupCommitter
from store.recorder import PreparedAppend, SeedbedRecorder
from tests.integration.helpers import coaching, log_session, new_project

scratch = MetaData()
rows = Table("group_rows", scratch, Column("id", Integer, primary_key=True), Column("s", String))


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'group.sqlite3'}")
    scratch.create_all(engine)
    yield engine
    engine.dispose()


class Held:
    """A lock the test holds, so that submissions queue up behind the writer's first group."""

    def __init__(self) -> None:
        self.gate = threading.Lock()
        self.waited = threading.Event()  # the writer has come to the lock

    def __enter__(self) -> None:
        self.waited.set()
        self.gate.acquire()

    def __exit__(self, *_: object) -> None:
        self.gate.release()


def _append(connection: Connection, item: tuple[str, bool]) -> int:
    stream, fail = item
    if fail:
        raise ValueError(f"refused {stream}")
    return int(connection.execute(rows.insert().values(s=stream)).inserted_primary_key[0])


def _submit_all(
    committer: GroupCommitter[tuple[str, bool], int],
    items: list[tuple[str, bool]],
    held: Held,
    answers: dict[int, object],
) -> list[threading.Thread]:
    """The first item blocks the writer on `held`; the others queue behind it."""

    def submit(index: int, item: tuple[str, bool]) -> None:
        try:
            answers[index] = committer.submit(item)
        except Exception as error:
            answers[index] = error

    held.gate.acquire()
    threads = [threading.Thread(target=submit, args=(0, items[0]))]
    threads[0].start()
    assert held.waited.wait(10)  # the writer took it and waits for the lock
    for index, item in enumerate(items[1:], start=1):
        threads.append(threading.Thread(target=submit, args=(index, item)))
        threads[-1].start()
    deadline = time.monotonic() + 10  # every other item is queued (polled: a busy machine)
    while committer._queue.qsize() < len(items) - 1:
        assert time.monotonic() < deadline, "the submissions did not queue"
        time.sleep(0.01)
    held.gate.release()
    for thread in threads:
        thread.join(10)
    return threads


def test_queued_appends_commit_in_one_group_and_a_failing_one_fails_alone(engine: Engine) -> None:
    held = Held()
    committer = GroupCommitter(engine, _append, lambda item: [item[0]], lock=held)
    items = [("first", False)] + [(f"s{i}", i == 3) for i in range(8)]
    answers: dict[int, object] = {}
    _submit_all(committer, items, held, answers)
    committer.close()
    assert committer.groups == 2  # the first alone, then every other one together
    assert isinstance(answers[4], ValueError)  # ("s3", True)
    assert all(isinstance(answers[i], int) for i in answers if i != 4)
    with engine.connect() as connection:
        stored = sorted(connection.execute(select(rows.c.s)).scalars())
    assert stored == sorted(["first"] + [f"s{i}" for i in range(8) if i != 3])


def test_a_group_holds_at_most_one_append_per_stream(engine: Engine) -> None:
    held = Held()
    groups: list[int] = []
    committer = GroupCommitter(
        engine,
        _append,
        lambda item: [item[0]],
        lock=held,
        begin_group=lambda _c: groups.append(0),
        end_group=None,
    )
    answers: dict[int, object] = {}
    _submit_all(committer, [("x", False), ("a", False), ("a", False), ("b", False)], held, answers)
    committer.close()
    assert all(isinstance(a, int) for a in answers.values())
    assert committer.groups == 3  # [x], [a, b], [a]
    first_a, second_a = sorted(int(answers[i]) for i in (1, 2))  # type: ignore[call-overload]
    assert first_a < int(answers[3]) < second_a  # type: ignore[call-overload]


def test_nothing_is_acknowledged_before_its_group_commits(engine: Engine) -> None:
    acknowledged: list[int] = []
    seen_at_commit: list[list[int]] = []

    def after_commit(_groups: int) -> None:
        with engine.connect() as connection:  # committed: another connection sees the rows
            visible = connection.execute(select(func.count()).select_from(rows)).scalar_one()
        seen_at_commit.append([len(acknowledged), visible])

    committer = GroupCommitter(engine, _append, lambda item: [item[0]], after_commit=after_commit)

    def submit(i: int) -> None:
        acknowledged.append(committer.submit((f"s{i}", False)))

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    committer.close()
    assert len(acknowledged) == 20
    for replied_before, visible in seen_at_commit:
        assert replied_before < visible  # at each commit, its own group was not yet answered


def test_a_failed_commit_fails_every_append_of_its_group(engine: Engine) -> None:
    def end_group(_connection: Connection) -> None:
        raise RuntimeError("the disk is full")

    committer = GroupCommitter(engine, _append, lambda item: [item[0]], end_group=end_group)
    with pytest.raises(RuntimeError, match="disk is full"):
        committer.submit(("s", False))
    committer.close()
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(rows)).scalar_one() == 0


# ---------------------------------------------------------------------------- through the app
def test_concurrent_commands_share_groups_and_every_chain_verifies(
    migrated_container: Container,
) -> None:
    incubator = migrated_container.incubator
    projects = [new_project(incubator, f"Project {n}") for n in range(8)]
    group = incubator.recorder.group  # type: ignore[attr-defined]
    assert group is not None
    before = group.groups
    errors: list[BaseException] = []

    def writer(project: UUID, coach: UUID) -> None:
        try:
            for n in range(10):
                log_session(incubator, project, coaching(coach, n), actor=str(coach))
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=writer, args=p) for p in projects]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert group.groups - before < 80  # some appends shared a transaction
    for project, _coach in projects:
        assert incubator.get_project(project).version == 12  # proposed, coach, 10 sessions
        assert audit.verify_project(incubator, project).intact
    positions = [n.id for n in incubator.recorder.select_notifications(start=1, limit=10_000)]
    assert positions == sorted(set(positions))


def test_a_rolled_back_append_leaves_no_head_behind(migrated_container: Container) -> None:
    """The recorder remembers each stream's head hash only once its append committed: an append
    written and then rolled back (a group whose commit failed) leaves no hash in memory, and the
    append that takes its version for real chains to the committed head."""
    incubator = migrated_container.incubator
    recorder = incubator.recorder
    assert isinstance(recorder, SeedbedRecorder)
    project, coach = new_project(incubator)
    head = incubator.get_project(project).version
    assert recorder.heads.hash_of(project, head) is not None  # this process committed it
    (stored,) = recorder.select_events(project, gt=head - 1)
    doomed = PreparedAppend((dataclasses.replace(stored, originator_version=head + 1),), None, None)

    def written_then_rolled_back() -> None:
        with write_transaction(migrated_container.engine) as connection:
            recorder._append(connection, doomed)
            raise RuntimeError("the group's commit failed")

    with pytest.raises(RuntimeError):
        written_then_rolled_back()
    assert recorder.heads.hash_of(project, head + 1) is None
    log_session(incubator, project, coaching(coach), actor=str(coach))
    assert recorder.heads.hash_of(project, head + 1) is not None
    assert audit.verify_project(incubator, project).intact
