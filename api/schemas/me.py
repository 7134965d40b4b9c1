"""Bodies of /me: who the caller is and where they work."""

from __future__ import annotations

from uuid import UUID

from pydantic import BaseModel, Field

from store.tokens import Role


class MePublic(BaseModel):
    role: Role
    person_id: UUID | None
    display_name: str | None = Field(
        description="The caller's own name, for coaches and coordinators."
    )
    networks: list[UUID] | None = Field(
        description="The networks the caller works in (null: every one, for admin, auditor and "
        "an unscoped dashboard)."
    )
    projects: list[UUID] | None = Field(
        description="The projects the caller works on (a coach: assigned; a coordinator: their "
        "networks'; a programme-scoped token: those enrolled in its programme); null: every "
        "one."
    )
    programme_id: UUID | None = Field(
        None,
        description="The programme the caller's token is scoped to (null: not scoped): it sees "
        "only the projects enrolled in it.",
    )
