"""The hash chain of every event stream (tamper evidence); existing events are chained too.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy_utils.types.uuid import UUIDType

from store.chain import GENESIS, link_hash

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    hashes = op.create_table(
        "seedbed_event_hashes",
        sa.Column("originator_id", UUIDType(), nullable=False),
        sa.Column("originator_version", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint(
            "originator_id", "originator_version", name=op.f("pk_seedbed_event_hashes")
        ),
    )
    assert hashes is not None
    events = sa.table(
        "seedbed_events",
        sa.column("originator_id", UUIDType()),
        sa.column("originator_version", sa.Integer()),
        sa.column("topic", sa.Text()),
        sa.column("state", sa.LargeBinary()),
    )
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(events).order_by(events.c.originator_id, events.c.originator_version)
    )
    batch: list[dict[str, object]] = []
    heads: dict[object, str] = {}
    for row in rows:
        prev = heads.get(row.originator_id, GENESIS)
        state = bytes(row.state)
        digest = link_hash(prev, row.originator_id, row.originator_version, row.topic, state)
        heads[row.originator_id] = digest
        batch.append(
            {
                "originator_id": row.originator_id,
                "originator_version": row.originator_version,
                "hash": digest,
                "prev_hash": prev,
            }
        )
        if len(batch) >= 1000:
            op.bulk_insert(hashes, batch)
            batch = []
    if batch:
        op.bulk_insert(hashes, batch)


def downgrade() -> None:
    op.drop_table("seedbed_event_hashes")
