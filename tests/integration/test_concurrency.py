"""Concurrent writers to one project never lose an event (real threads, real databases).

Two containers on one database stand for two processes: they share no lock, so version races
are settled by the database's unique (stream, version) index and the Incubator's bounded retry.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from uuid import UUID

import pytest

from app.bootstrap import Container, build_container
from app.settings import Settings
from domain.errors import VersionConflict
from migrations import upgrade
from tests.integration.helpers import coaching, log_session, new_project

THREADS_PER_CONTAINER = 4
SESSIONS_PER_THREAD = 10


@pytest.fixture
def two_containers(database_url: str) -> Iterator[tuple[Container, Container]]:
    settings = Settings(database_url=database_url, write_retries=100)
    upgrade(settings.database_url)
    first, second = build_container(settings), build_container(settings)
    yield first, second
    first.close()
    second.close()


def _run_threads(targets: list[Callable[[], None]]) -> list[BaseException]:
    errors: list[BaseException] = []
    start = threading.Barrier(len(targets))

    def wrap(target: Callable[[], None]) -> Callable[[], None]:
        def run() -> None:
            start.wait()
            try:
                target()
            except BaseException as error:
                errors.append(error)

        return run

    threads = [threading.Thread(target=wrap(t)) for t in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


def test_concurrent_writers_to_one_project_lose_no_event(
    two_containers: tuple[Container, Container],
) -> None:
    first, second = two_containers
    project_id, coach = new_project(first.incubator)
    base_version = first.incubator.get_project(project_id).version
    logged: list[UUID] = []
    lock = threading.Lock()

    def writer(container: Container, thread_no: int) -> Callable[[], None]:
        def write() -> None:
            for n in range(SESSIONS_PER_THREAD):
                session_id, _ = log_session(
                    container.incubator,
                    project_id,
                    details=coaching(coach, thread_no * 100 + n),
                    actor=str(coach),
                )
                with lock:
                    logged.append(session_id)

        return write

    targets = [
        writer(container, i * THREADS_PER_CONTAINER + t)
        for i, container in enumerate((first, second))
        for t in range(THREADS_PER_CONTAINER)
    ]
    assert _run_threads(targets) == []

    total = 2 * THREADS_PER_CONTAINER * SESSIONS_PER_THREAD
    state = second.incubator.get_project(project_id)
    assert len(logged) == total
    assert {s.session_id for s in state.sessions} == set(logged)
    assert state.version == base_version + total
    versions = [e.originator_version for e in first.incubator.events.get(project_id)]
    assert versions == list(range(1, state.version + 1))


def test_racing_writers_with_the_same_expected_version_one_wins_one_conflicts(
    two_containers: tuple[Container, Container],
) -> None:
    first, second = two_containers
    project_id, coach = new_project(first.incubator)
    expected = first.incubator.get_project(project_id).version
    outcomes: list[str] = []
    lock = threading.Lock()

    def writer(container: Container, n: int) -> Callable[[], None]:
        def write() -> None:
            try:
                log_session(
                    container.incubator,
                    project_id,
                    details=coaching(coach, n),
                    actor=str(coach),
                    expected_version=expected,
                )
                result = "ok"
            except VersionConflict as conflict:
                result = f"conflict at {conflict.current}"
            with lock:
                outcomes.append(result)

        return write

    targets = [writer(c, n) for n, c in enumerate((first, second, first, second))]
    assert _run_threads(targets) == []
    assert sorted(outcomes) == [f"conflict at {expected + 1}"] * 3 + ["ok"]
    assert first.incubator.get_project(project_id).version == expected + 1


def test_retries_exhausted_is_reported_as_conflict_not_lost(database_url: str) -> None:
    settings = Settings(database_url=database_url, write_retries=1)
    upgrade(settings.database_url)
    containers = [build_container(settings) for _ in range(2)]
    try:
        project_id, coach = new_project(containers[0].incubator)
        results: list[str] = []
        lock = threading.Lock()

        def writer(container: Container, base: int) -> Callable[[], None]:
            def write() -> None:
                for n in range(15):
                    try:
                        log_session(
                            container.incubator,
                            project_id,
                            details=coaching(coach, base + n),
                            actor=str(coach),
                        )
                        outcome = "ok"
                    except VersionConflict:
                        outcome = "conflict"
                    with lock:
                        results.append(outcome)

            return write

        targets = [writer(c, i * 100) for i, c in enumerate(containers * 2)]
        assert _run_threads(targets) == []
        state = containers[0].incubator.get_project(project_id)
        assert len(state.sessions) == results.count("ok")
    finally:
        for container in containers:
            container.close()
