"""Bodies of /networks."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
)

from api.schemas.common import Request, Text200
from app import commands as c
from app.incubator import Incubator
from domain.values import (
    TargetGroup,
)
from store.receipts import CommandResult


class NetworkCreate(Request):
    name: Text200
    country: str = Field(pattern=r"^[A-Za-z]{2}$", description="ISO 3166 alpha-2 code")
    region: Text200
    target_group: TargetGroup
    institutions: list[Text200] = Field(default_factory=list, max_length=200)
    coordinator_id: UUID | None = Field(
        default=None, description="Defaults to the calling coordinator."
    )

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "name": "LEN Dithmarschen",
                    "country": "DE",
                    "region": "Dithmarschen",
                    "target_group": "single_parents",
                    "institutions": ["Kreis Dithmarschen", "Diakonie", "Stadtbücherei Heide"],
                }
            ]
        },
    )

    def register(
        self, incubator: Incubator, actor: str, coordinator_id: UUID | None
    ) -> CommandResult:
        """Registers the network; `coordinator_id` is the one the guard allowed."""
        return incubator.register_network(
            name=self.name,
            country=self.country,
            region=self.region,
            target_group=self.target_group,
            institutions=self.institutions,
            coordinator_id=coordinator_id,
            actor=actor,
        )


class NetworkPublic(BaseModel):
    id: UUID
    version: int
    name: str
    country: str
    region: str
    target_group: TargetGroup
    institutions: list[str]
    coordinator_id: UUID | None
    registered_on: date


class CoordinatorAppointment(Request):
    coordinator_id: UUID = Field(description="A person registered with the role coordinator.")

    def command(self) -> c.AppointCoordinator:
        return c.AppointCoordinator(self.coordinator_id)


class InstitutionCreate(Request):
    institution: Text200

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"institution": "Stadtbücherei Heide"}]}
    )

    def command(self) -> c.AddInstitution:
        return c.AddInstitution(self.institution)


class NetworkSummaryPublic(BaseModel):
    network_id: UUID
    name: str
    country: str
    region: str
    target_group: TargetGroup
    coordinator_id: UUID | None
    projects: int = Field(description="Projects proposed in the network.")


class NetworksPublic(BaseModel):
    items: list[NetworkSummaryPublic]
    next_cursor: str | None
