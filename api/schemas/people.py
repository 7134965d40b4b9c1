"""Bodies of /people."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from pydantic import (
    AliasChoices,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
)

from api.schemas.common import Reason, Request, Text200
from app.incubator import Incubator
from domain.values import (
    PersonRole,
)
from store.receipts import CommandResult


class PersonCreate(Request):
    display_name: Text200
    contact: Annotated[str, StringConstraints(min_length=1, max_length=500)] | None = None
    role: PersonRole

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"display_name": "Anna K.", "contact": "anna@example.org", "role": "service_user"}
            ]
        },
    )

    def register(self, incubator: Incubator) -> CommandResult:
        person = incubator.register_person(
            display_name=self.display_name, role=self.role, contact=self.contact
        )
        return CommandResult(person.id, 0, None, created=True)


class PersonPublic(BaseModel):
    id: UUID
    role: PersonRole
    display_name: str | None = Field(description='null once erased (shown as "erased")')
    contact: str | None
    registered_at: datetime
    erased: bool = Field(validation_alias=AliasChoices("erased", "is_erased"))
    erased_at: datetime | None


class PersonFound(BaseModel):
    id: UUID
    role: PersonRole
    display_name: str


class PeopleFound(BaseModel):
    items: list[PersonFound]
    next_cursor: str | None = Field(
        description="The id of the page's last person: pass it as `cursor` for the next page."
    )


class Erasure(Request):
    reason: Reason


class PersonCreated(BaseModel):
    id: UUID


class FreeTextMatch(BaseModel):
    """A free-text value that contains the person's name or contact, for review."""

    project_id: UUID
    version: int
    field: str = Field(description="An RFC 6901 pointer into that event's data.")


class ErasureResult(BaseModel):
    id: UUID
    erased: bool
    free_text_matches: list[FreeTextMatch] = Field(
        default_factory=list,
        description="Where the name or contact appears in free text (case-folded, Unicode-"
        "normalised substring): redact each with POST /projects/{id}/redactions.",
    )
