"""Idempotency receipts expire: an index on created_at for the purge, and the unsalted
fingerprints of earlier receipts dropped.

Receipts written before this revision identify their request by a plain SHA-256 of its body,
which confirms a guessed name to anyone holding the database. They cannot be re-keyed (the
bodies are gone), so their fingerprints are blanked: such a receipt still answers a retry with
its first reply, without checking the body, until it expires (SEEDBED_RECEIPT_DAYS).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

RECEIPTS = "idempotency_receipts"


def upgrade() -> None:
    op.create_index(op.f("ix_idempotency_receipts_created_at"), RECEIPTS, ["created_at"])
    receipts = sa.table(RECEIPTS, sa.column("fingerprint", sa.String(64)))
    op.execute(receipts.update().values(fingerprint=""))


def downgrade() -> None:
    op.drop_index(op.f("ix_idempotency_receipts_created_at"), table_name=RECEIPTS)
