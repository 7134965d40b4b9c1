"""The Local Empowerment Network (LEN): institutions around one target group."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.countries import ISO_3166_ALPHA_2
from domain.errors import AlreadyRecorded, ImplausibleValue
from domain.values import TargetGroup, check_date, require_text


def check_country(country: str) -> str:
    code = country.strip().upper()
    if code not in ISO_3166_ALPHA_2:
        raise ImplausibleValue("country", "must be an ISO 3166 alpha-2 code such as DE or LV")
    return code


class LocalNetwork(Aggregate):
    class Registered(Aggregate.Created):
        name: str
        country: str
        region: str
        target_group: TargetGroup
        institutions: list[str]
        coordinator_id: UUID | None
        actor: str
        occurred_on: date

    @event(Registered)
    def __init__(
        self,
        name: str,
        country: str,
        region: str,
        target_group: TargetGroup,
        institutions: list[str],
        coordinator_id: UUID | None,
        actor: str,
        occurred_on: date,
    ) -> None:
        self.name = name
        self.country = country
        self.region = region
        self.target_group = target_group
        self.institutions = list(institutions)
        self.coordinator_id = coordinator_id
        self.registered_by = actor
        self.registered_on = occurred_on

    @classmethod
    def register(
        cls,
        *,
        id: UUID,
        name: str,
        country: str,
        region: str,
        target_group: TargetGroup,
        institutions: list[str],
        coordinator_id: UUID | None,
        actor: str,
        today: date,
        registered_on: date | None = None,
    ) -> LocalNetwork:
        cleaned = [require_text("institutions", i, 200) for i in institutions]
        if len(set(cleaned)) != len(cleaned):
            raise ImplausibleValue("institutions", "an institution is listed twice")
        return cls._create(
            cls.Registered,
            id=id,
            name=require_text("name", name, 200),
            country=check_country(country),
            region=require_text("region", region, 200),
            target_group=target_group,
            institutions=cleaned,
            coordinator_id=coordinator_id,
            actor=actor,
            occurred_on=check_date("registered_on", registered_on or today, today),
        )

    class CoordinatorAppointed(Aggregate.Event):
        coordinator_id: UUID
        actor: str

    def appoint_coordinator(self, coordinator_id: UUID, actor: str) -> None:
        if self.coordinator_id == coordinator_id:
            raise AlreadyRecorded(f"{coordinator_id} already coordinates this network")
        self._appoint_coordinator(coordinator_id, actor)

    @event(CoordinatorAppointed)
    def _appoint_coordinator(self, coordinator_id: UUID, actor: str) -> None:
        self.coordinator_id = coordinator_id

    class InstitutionJoined(Aggregate.Event):
        institution: str
        actor: str
        occurred_on: date

    def add_institution(self, institution: str, actor: str, today: date) -> None:
        name = require_text("institution", institution, 200)
        if name in self.institutions:
            raise AlreadyRecorded(f"{name} is already in the network")
        self._add_institution(name, actor, today)

    @event(InstitutionJoined)
    def _add_institution(self, institution: str, actor: str, occurred_on: date) -> None:
        self.institutions.append(institution)
