"""Bodies and replies of /programmes and /projects/{id}/enrolments."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from api.schemas.common import Request, Text200
from app.incubator import Incubator
from app.programmes import Enrol, create_programme, enrolment
from domain.programme import MAX_CHECKIN_DAYS, MAX_PERIODS, ReportingPeriod
from store.receipts import CommandResult

Label = Annotated[str, StringConstraints(min_length=1, max_length=100)]


class PeriodCreate(Request):
    label: Label
    starts_on: date
    ends_on: date


class ProgrammeCreate(Request):
    name: Text200
    funder: Text200
    starts_on: date
    ends_on: date
    periods: list[PeriodCreate] = Field(default_factory=list, max_length=MAX_PERIODS)
    checkin_every_days: int | None = Field(
        default=None, ge=1, le=MAX_CHECKIN_DAYS, description="The biography check-in cadence."
    )

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "name": "SEMPRE Accelerators",
                    "funder": "Interreg Baltic Sea Region",
                    "starts_on": "2019-10-01",
                    "ends_on": "2021-09-30",
                    "periods": [
                        {"label": "P1", "starts_on": "2019-10-01", "ends_on": "2020-06-30"},
                    ],
                    "checkin_every_days": 61,
                }
            ]
        },
    )

    def create(self, incubator: Incubator, actor: str) -> CommandResult:
        return create_programme(
            incubator,
            name=self.name,
            funder=self.funder,
            starts_on=self.starts_on,
            ends_on=self.ends_on,
            periods=[ReportingPeriod(p.label, p.starts_on, p.ends_on) for p in self.periods],
            checkin_every_days=self.checkin_every_days,
            actor=actor,
        )


class PeriodPublic(BaseModel):
    label: str
    starts_on: date
    ends_on: date


class ProgrammePublic(BaseModel):
    id: UUID
    version: int
    name: str
    funder: str
    starts_on: date
    ends_on: date
    periods: list[PeriodPublic]
    checkin_every_days: int | None
    catalogue_version: int = Field(description="The milestone catalogue it reports against.")
    gate_table_version: int = Field(description="The gate table it reports against.")


class ProgrammeListed(BaseModel):
    id: UUID = Field(validation_alias="programme_id")
    name: str
    funder: str
    starts_on: date
    ends_on: date
    periods: list[PeriodPublic]
    checkin_every_days: int | None
    catalogue_version: int
    gate_table_version: int
    projects: int = Field(description="How many projects are enrolled.")


class ProgrammesPublic(BaseModel):
    items: list[ProgrammeListed]
    next_cursor: str | None


class EnrolmentCreate(Request):
    programme_id: UUID
    enrolled_on: date

    def command(self, incubator: Incubator) -> Enrol:
        return enrolment(incubator, self.programme_id, self.enrolled_on)
