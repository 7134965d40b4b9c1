"""The API under test in-process: `Api` holds a TestClient that runs the lifespan, the container
it shares a database with, a token per role and builders that make a network, people and a
project through the API itself. The clock is fixed (tests.clock.FIXED_NOW), so dates are stable.

tests/api/conftest.py serves it as the `api` fixture; a module that wants one database for all
its tests builds its own with `build_api` (or `api_in`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from app.bootstrap import Container
from app.settings import Settings
from store.tokens import Role
from tests.clock import FIXED_NOW, fixed_clock
from tests.databases import migrated_container

# A coaching session as a coach logs it (POST /projects/{id}/sessions).
SESSION = {
    "type": "coaching",
    "started_at": "2018-04-12T17:00:00+02:00",
    "duration_minutes": 90,
    "mode": "on_site",
    "participants": {"anonymous": [{"role": "service_user", "count": 5}]},
    "topics": ["website"],
    "milestone_ids": ["CONC-01"],
    "tools": ["social_business_model_canvas"],
    "summary": "Worked through the canvas.",
    "follow_ups": [{"what": "draft the sponsor letter", "due_on": "2018-04-26"}],
    "participation_level": "co_designing",
}


@dataclass
class Api:
    client: TestClient
    container: Container
    settings: Settings
    tokens: dict[str, str] = field(default_factory=dict)
    people: dict[str, str] = field(default_factory=dict)

    def headers(self, role: str | None, **extra: str) -> dict[str, str]:
        headers = dict(extra)
        if role is not None:
            headers["Authorization"] = f"Bearer {self.tokens[role]}"
        return headers

    def post(self, path: str, role: str | None, body: Any = None, **headers: str) -> Any:
        return self.client.post(path, json=body, headers=self.headers(role, **headers))

    def get(self, path: str, role: str | None, **params: Any) -> Any:
        return self.client.get(path, params=params, headers=self.headers(role))

    def delete(self, path: str, role: str | None, body: Any = None, **headers: str) -> Any:
        return self.client.request("DELETE", path, json=body, headers=self.headers(role, **headers))

    def token_for(self, role: Role, person_id: str | None = None, **kwargs: Any) -> str:
        _info, token = self.container.tokens.create(
            role, UUID(person_id) if person_id else None, FIXED_NOW, **kwargs
        )
        return token

    def person(self, role: str = "service_user", name: str = "Someone") -> str:
        response = self.post("/people", "admin", {"display_name": name, "role": role})
        assert response.status_code == 201, response.text
        person_id: str = response.json()["id"]
        return person_id

    def network(self, coordinator: str = "coordinator") -> str:
        response = self.post(
            "/networks",
            coordinator,
            {
                "name": "LEN Dithmarschen",
                "country": "DE",
                "region": "Dithmarschen",
                "target_group": "single_parents",
                "institutions": ["Kreis Dithmarschen"],
            },
        )
        assert response.status_code == 201, response.text
        network_id: str = response.json()["id"]
        return network_id

    def project(
        self,
        network_id: str | None = None,
        assign_coach: bool = True,
        *,
        title: str = "AllDi",
        summary: str = "Single parents help each other.",
    ) -> str:
        """A project proposed by the coordinator on 2017-02-01 (in a new network unless given),
        with "coach" assigned unless `assign_coach` is false."""
        network_id = network_id or self.network()
        response = self.post(
            "/projects",
            "coordinator",
            {
                "title": title,
                "network_id": network_id,
                "target_group": "single_parents",
                "summary": summary,
                "proposed_on": "2017-02-01",
            },
        )
        assert response.status_code == 201, response.text
        project_id: str = response.json()["id"]
        if assign_coach:
            self.assign_coach(project_id, self.people["coach"])
        return project_id

    def assign_coach(self, project_id: str, coach_id: str) -> None:
        assigned = self.post(
            f"/projects/{project_id}/coaches", "coordinator", {"coach_id": coach_id}
        )
        assert assigned.status_code == 201, assigned.text

    def version(self, project_id: str) -> int:
        response = self.get(f"/projects/{project_id}", "admin")
        assert response.status_code == 200, response.text
        version: int = response.json()["version"]
        return version


def build_api(url: str) -> Iterator[Api]:
    """The API on the database at `url`, migrated, with a token for each role (and a second
    coach and coordinator); a generator, for fixtures to `yield from`."""
    # The per-token write and read limits are off here (one token makes hundreds of requests
    # in a test); test_security.py switches them on.
    settings = Settings(
        database_url=url,
        max_body_bytes=64 * 1024,
        write_rate_per_minute=0,
        read_rate_per_minute=0,
    )
    container = migrated_container(settings, clock=fixed_clock)
    try:
        with TestClient(create_app(settings, clock=fixed_clock)) as client:
            api = Api(client=client, container=container, settings=settings)
            api.tokens["admin"] = api.token_for(Role.ADMIN)
            for role in ("coach", "coordinator"):
                api.people[role] = api.person(role=role, name=f"The {role}")
                api.tokens[role] = api.token_for(Role(role), api.people[role])
            api.people["other_coach"] = api.person(role="coach", name="Another coach")
            api.tokens["other_coach"] = api.token_for(Role.COACH, api.people["other_coach"])
            api.people["other_coordinator"] = api.person(role="coordinator", name="Elsewhere")
            api.tokens["other_coordinator"] = api.token_for(
                Role.COORDINATOR, api.people["other_coordinator"]
            )
            api.tokens["dashboard"] = api.token_for(Role.DASHBOARD)
            api.tokens["auditor"] = api.token_for(Role.AUDITOR)
            yield api
    finally:
        container.close()


def api_in(tmp_path_factory: pytest.TempPathFactory, name: str) -> Iterator[Api]:
    """`build_api` on a SQLite file in a new temporary folder `name`: for module-scoped APIs."""
    yield from build_api(f"sqlite:///{tmp_path_factory.mktemp(name) / 'seedbed.sqlite3'}")
