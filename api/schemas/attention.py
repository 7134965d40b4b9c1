"""Replies of /attention."""

from __future__ import annotations

from datetime import date
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, Field

Kind = Literal["checkin_overdue", "follow_up_due", "no_contact", "gate_ready", "gate_review_open"]


class AttentionItemPublic(BaseModel):
    kind: Kind
    project_id: UUID
    title: str
    since: date = Field(description="The day the item became due.")
    due_on: date | None = Field(description="For check-ins and follow-ups: the day they were due.")
    detail: str = Field(description="What is due (a follow-up's text for follow_up_due).")


class AttentionPublic(BaseModel):
    items: list[AttentionItemPublic]
    next_cursor: str | None = Field(description="Always null: the list is the whole scope.")
