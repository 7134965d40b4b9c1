"""Bodies of redactions: removing a free-text value from the record."""

from __future__ import annotations

from typing import Annotated

from pydantic import ConfigDict, Field, StringConstraints

from api.schemas.common import Reason, Request

Pointer = Annotated[
    str,
    StringConstraints(min_length=2, max_length=300, pattern=r"^(/([^/~]|~[01])*)+$"),
]


class RedactionCreate(Request):
    version: int = Field(ge=1, le=10**9, description="The version of the event to redact in.")
    field: Pointer = Field(
        description="An RFC 6901 pointer into the event's data as /projects/{id}/events "
        "returns it, naming a free-text value (e.g. /details/summary)."
    )
    reason: Reason

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"version": 20, "field": "/details/summary", "reason": "names a service user"}
            ]
        },
    )
