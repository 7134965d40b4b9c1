"""The one sanctioned rewrite: a store whose events hold free text as plain strings (as every
store written before free text was erasable) is rewritten by `seedbed migrate`: every chain
verifies before and after, each stream's old head is kept beside its new one, bundles exported
before still verify against the old heads, and the text becomes redactable."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select, update

from app import audit
from app.bootstrap import build_container
from app.commands import RecordNeed
from app.settings import Settings
from domain.freetext import REDACTED
from domain.values import EmpowermentTool
from migrations import upgrade
from store.chain import GENESIS, anchors_table, hashes_table, link_hash, meta_table
from store.freetext import TAG
from store.reanchor import pending
from store.recorder import event_store_tables
from tests.integration.helpers import coaching, log_session, new_project
from tests.serving import seedbed

NAME = "Ona Petraitienė"


def _plain(node: Any) -> Any:
    """A stored value as the code before erasable free text wrote it: plain strings."""
    if isinstance(node, dict):
        if node.get("_type_") == TAG:
            return node["_data_"]["t"]
        return {key: _plain(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_plain(item) for item in node]
    return node


def _make_legacy(settings: Settings) -> None:
    """Rewrites the stored events to plain free text and chains them as the old code did."""
    events, snapshots = event_store_tables()
    e, h = events.c, hashes_table.c
    container = build_container(settings)
    try:
        with container.engine.begin() as connection:
            rows = connection.execute(
                select(e.originator_id, e.originator_version, e.topic, e.state).order_by(
                    e.originator_id, e.originator_version
                )
            ).all()
            heads: dict[Any, str] = {}
            for stream, version, topic, state in rows:
                plain = json.dumps(
                    _plain(json.loads(bytes(state))), separators=(",", ":"), ensure_ascii=False
                ).encode()
                prev = heads.get(stream, GENESIS)
                heads[stream] = link_hash(prev, stream, version, topic, plain)
                where = (e.originator_id == stream) & (e.originator_version == version)
                connection.execute(update(events).where(where).values(state=plain))
                connection.execute(
                    update(hashes_table)
                    .where((h.originator_id == stream) & (h.originator_version == version))
                    .values(hash=heads[stream], prev_hash=prev)
                )
            connection.execute(snapshots.delete())
    finally:
        container.close()


def test_seedbed_migrate_rewrites_plain_free_text_and_reanchors_every_chain(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'legacy.sqlite3'}"
    settings = Settings(database_url=url, snapshot_interval=3)
    upgrade(url, "0006")  # the store as it was before erasable free text
    container = build_container(settings)
    try:
        project, coach = new_project(container.incubator)
        details = coaching(coach, 1)
        log_session(
            container.incubator,
            project,
            type(details)(**{**vars(details), "summary": f"Met {NAME}."}),
            actor=str(coach),
        )
        need = container.incubator.execute(
            project,
            RecordNeed(f"{NAME} needs a ride", EmpowermentTool.NEEDS_WORKSHOP, date(2020, 1, 2)),
            actor=str(coach),
        )
        for n in range(4):
            log_session(container.incubator, project, coaching(coach, 10 + n), actor=str(coach))
    finally:
        container.close()
    _make_legacy(settings)

    upgrade(url)  # the schema only: `seedbed migrate` below also rewrites the events
    container = build_container(settings)
    try:
        assert pending(container.engine)
        bundle = io.StringIO()
        audit.export_bundle(container.incubator, bundle, project)
    finally:
        container.close()
    lines = bundle.getvalue().splitlines()
    manifest = json.loads(lines[0])
    for key in ("free_text", "anchors"):  # as a bundle exported by the code before looked
        del manifest[key]
    manifest["format"] = "seedbed-audit-bundle/1"
    old = audit.read_bundle([json.dumps(manifest), *lines[1:]])
    assert all(report.intact for report in old.verify())
    events, _snapshots = event_store_tables()

    migrated = seedbed("migrate", env={"SEEDBED_DATABASE_URL": url})
    assert migrated.returncode == 0, migrated.stderr
    assert "re-anchored 2 streams" in migrated.stdout
    assert "every chain verified before and after" in migrated.stdout

    container = build_container(settings)
    try:
        assert not pending(container.engine)
        with container.engine.connect() as connection:
            anchors = {
                str(r.originator_id): (r.old_head, r.new_head)
                for r in connection.execute(select(anchors_table))
            }
            states = b"".join(bytes(r[0]) for r in connection.execute(select(events.c.state)))
            flag = connection.execute(select(meta_table.c.value)).scalar_one()
        assert flag == "committed"
        for stream, head in old.manifest["streams"].items():
            assert anchors[stream][0] == head["head"]  # the old bundle checks against them
            assert f"{stream}  old head {head['head']}" in migrated.stdout
        assert b'"_type_":"freetext"' in states
        assert NAME.encode() in states  # still there, but now as a salted, erasable value
        assert audit.verify_project(container.incubator, project).head == anchors[str(project)][1]
        assert all(report.intact for report in old.verify())  # the old bundle, offline
        container.incubator.redact(
            project, version=need.version, field="/description", reason="asked", actor="admin"
        )
        assert container.incubator.get_project(project).needs[0].description == REDACTED
        assert audit.verify_project(container.incubator, project).intact
    finally:
        container.close()
    again = seedbed("migrate", env={"SEEDBED_DATABASE_URL": url})
    assert again.returncode == 0
    assert "re-anchored" not in again.stdout


def test_a_broken_chain_is_never_rewritten(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'broken.sqlite3'}"
    settings = Settings(database_url=url)
    upgrade(url, "0006")
    container = build_container(settings)
    try:
        project, _coach = new_project(container.incubator)
    finally:
        container.close()
    _make_legacy(settings)
    events, _ = event_store_tables()
    container = build_container(settings)
    try:
        with container.engine.begin() as connection:
            connection.execute(
                update(events)
                .where(events.c.originator_id == project, events.c.originator_version == 1)
                .values(state=b'{"tampered":true}')
            )
    finally:
        container.close()
    migrated = seedbed("migrate", env={"SEEDBED_DATABASE_URL": url})
    assert migrated.returncode == 1
    assert "refusing to rewrite broken chains" in migrated.stderr
    container = build_container(settings)
    try:
        assert pending(container.engine)
    finally:
        container.close()
