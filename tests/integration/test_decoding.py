"""Reading stored events fast and exactly: the msgspec transcoder decodes every stored event
and snapshot to the values the library's decoder gives (big integers included; NaN through the
library's); a catch-up DELETEs only rows that were stored; a rebuild of every read model reads
each event once."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.persistence import JSONTranscoder, TranscodingNotRegisteredError
from sqlalchemy import Engine, event, select

from app.bootstrap import Container
from app.settings import Settings
from domain.sessions import FollowUp, HeadCount
from domain.values import EmpowermentTool, TeamRole
from projections.registry import NAMES
from store.recorder import event_store_tables
from store.transcodings import SeedbedTranscoder, register_domain_transcodings
from tests.clock import fixed_clock
from tests.databases import migrated_container, read_model_differences, rebuilder_for
from tests.integration.helpers import coaching as session_details
from tests.integration.helpers import correct_duration, log_session, new_project
from tests.serving import seedbed


@pytest.fixture
def container(database_url: str) -> Iterator[Container]:
    built = migrated_container(
        Settings(database_url=database_url, snapshot_interval=2), fixed_clock
    )
    yield built
    built.close()


def _history(c: Container) -> tuple[UUID, UUID]:
    """A project with sessions of every shape (head counts, tools, follow-ups, text in
    Latvian) and a correction."""
    incubator = c.incubator
    project, coach = new_project(incubator)
    for n in range(1, 4):
        details = session_details(coach, n)
        details = type(details)(
            **{
                **vars(details),
                "summary": f"Sesija nr. {n}: Ieva Kalniņa un kaimiņi",
                "anonymous_participants": (HeadCount(TeamRole.VOLUNTEER, n),),
                "tools": (EmpowermentTool.NEEDS_WORKSHOP,),
                "follow_ups": (FollowUp("zvanīt", date(2020, 2, n), coach),),
            }
        )
        session, _ = log_session(incubator, project, details, actor="coach")
    correct_duration(incubator, project, session, 50)
    return project, coach


def _library_transcoder() -> JSONTranscoder:
    from eventsourcing.persistence import DatetimeAsISO, DecimalAsStr, UUIDAsHex

    transcoder = JSONTranscoder()
    for transcoding in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO()):
        transcoder.register(transcoding)
    register_domain_transcodings(transcoder)
    return transcoder


def _shown(value: Any) -> str:
    return re.sub(r" at 0x[0-9a-f]+", "", repr(value))


def test_every_stored_event_and_snapshot_decodes_as_the_library_decodes_it(
    container: Container,
) -> None:
    _history(container)
    ours = container.incubator.mapper.transcoder
    assert isinstance(ours, SeedbedTranscoder)
    library = _library_transcoder()
    events, snapshots = event_store_tables()
    with container.engine.connect() as connection:
        states = [bytes(r[0]) for r in connection.execute(select(events.c.state))]
        snapshot_states = [bytes(r[0]) for r in connection.execute(select(snapshots.c.state))]
    assert len(states) > 5
    assert snapshot_states  # (snapshot_interval=2)
    for state in states + snapshot_states:
        assert ours.decode(state) == library.decode(state)
        # tuples, types and key order too (SessionRecord's repr shows its address only)
        assert _shown(ours.decode(state)) == _shown(library.decode(state))


def test_integers_beyond_64_bits_stay_exact_and_nan_goes_to_the_library() -> None:
    ours = SeedbedTranscoder()
    big = ours.decode(b'{"n":' + str(2**70).encode() + b',"m":[-9223372036854775809]}')
    assert big == {"n": 2**70, "m": [-(2**63) - 1]}
    nan = ours.decode(b'{"n":NaN}')  # (Python's json writes it; strict decoders refuse it)
    assert nan["n"] != nan["n"]


def test_an_unregistered_transcoding_is_refused_as_the_library_refuses_it() -> None:
    with pytest.raises(TranscodingNotRegisteredError, match="'nope' is not deserializable"):
        SeedbedTranscoder().decode(b'{"a":[{"_type_":"nope","_data_":1}]}')


def test_a_catch_up_deletes_no_rows_it_did_not_read(container: Container) -> None:
    """Rows the batch read and found missing, or created as new (coach links, session
    minutes, stage periods), are INSERTed without a DELETE; keys whose rows were stored are
    DELETEd and written again. (A session's own row is replaced by id: a session id is unique
    within its project only.)"""
    _history(container)
    statements: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(Engine, "before_cursor_execute", seen)
    try:
        container.runner.catch_up()
    finally:
        event.remove(Engine, "before_cursor_execute", seen)
    deletes = [s for s in statements if s.lstrip().upper().startswith("DELETE")]
    for table in ("coaching_session_coaches", "summary_session_minutes", "stage_periods"):
        assert not [s for s in deletes if f"FROM {table} " in s or f"FROM {table}\n" in s]
    assert not any(read_model_differences(container))


def test_rebuilding_every_read_model_reads_the_events_once(container: Container) -> None:
    _history(container)
    container.runner.catch_up()
    rebuilder = rebuilder_for(container)
    rebuilder.batch_size = 4
    reads: list[int] = []
    real = rebuilder.recorder.select_notifications

    def counted(*args: Any, **kwargs: Any) -> Any:
        found = real(*args, **kwargs)
        reads.append(len(found))
        return found

    rebuilder.recorder.select_notifications = counted  # type: ignore[method-assign]
    positions = rebuilder.rebuild_many(NAMES)
    head = container.runner.head()
    assert positions == dict.fromkeys(NAMES, head)
    assert sum(reads) == head  # each event read once, for all of them
    assert not any(read_model_differences(container))


def test_the_cli_rebuilds_every_read_model_in_one_pass(container: Container) -> None:
    """`seedbed projections rebuild` without a name: every read model rebuilt to the head
    and swapped in; a verify afterwards finds each identical."""
    _history(container)
    container.runner.catch_up()
    head = container.runner.head()
    env = {"SEEDBED_DATABASE_URL": container.settings.database_url}
    rebuilt = seedbed("projections", "rebuild", env=env)
    assert rebuilt.returncode == 0, rebuilt.stdout + rebuilt.stderr
    assert "rebuild every read model" in rebuilt.stderr
    for name in NAMES:
        assert f"{name}: rebuilt to position {head} and swapped in" in rebuilt.stderr
    assert not any(read_model_differences(container))
