"""What every request and reply shares: the request base (unknown fields and NUL refused),
text limits, the write reply and the problem body."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

Text200 = Annotated[str, StringConstraints(min_length=1, max_length=200)]


Reason = Annotated[str, StringConstraints(min_length=1, max_length=2_000)]


LongText = Annotated[str, StringConstraints(min_length=1, max_length=5_000)]


Link = Annotated[str, StringConstraints(min_length=1, max_length=2_000)]


MilestoneId = Annotated[str, StringConstraints(min_length=1, max_length=20)]


class Request(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _no_nul_characters(cls, data: Any) -> Any:
        """NUL cannot be stored in PostgreSQL text: refuse it everywhere, on every database."""
        if _has_nul(data):
            raise ValueError("text must not contain NUL (\\u0000) characters")
        return data


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


class WriteResult(BaseModel):
    id: UUID = Field(description="The stream (project or network) written to.")
    version: int = Field(description="The stream's version after the write (also in ETag).")
    position: int | None = Field(
        description="Global position of the write's last event (also in X-Event-Position); "
        "pass it as X-Min-Position to read your own write from projections."
    )


class ProblemPublic(BaseModel):
    """An RFC 9457 problem: every error reply has this shape."""

    type: str = Field(examples=["/problems/gate-not-met"])
    title: str
    status: int
    detail: str
    errors: list[dict[str, str]] | None = Field(
        default=None, description="For 422: each bad field and what is wrong with it."
    )
    missing_milestones: list[str] | None = Field(default=None, description="For gate-not-met.")
    missing_requirements: list[str] | None = None
    current_version: int | None = Field(default=None, description="For version-conflict.")

    model_config = ConfigDict(extra="allow")
