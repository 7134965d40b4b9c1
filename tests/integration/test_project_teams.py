"""The project teams read model (projections/teams.py): who is on which team now, and the two
questions the guard asks of it when a coach or a coordinator reads a person (issue 14)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from uuid import UUID

import pytest
from sqlalchemy import select

from app.bootstrap import Container, build_container
from app.commands import AddTeamMember, AssignCoach, ReleaseCoach, RemoveTeamMember
from app.settings import Settings
from domain.values import PersonRole, TargetGroup, TeamRole
from migrations import upgrade
from projections import teams
from projections.base import positions_table
from projections.rebuild import Rebuilder
from projections.summaries import SummaryFilter
from tests.clock import FIXED_NOW


@pytest.fixture
def container(database_url: str) -> Iterator[Container]:
    settings = Settings(database_url=database_url, projection_batch_size=3)
    upgrade(settings.database_url)
    built = build_container(settings, clock=lambda: FIXED_NOW)
    yield built
    built.close()


def person(c: Container, role: PersonRole = PersonRole.SERVICE_USER) -> UUID:
    return c.incubator.register_person(display_name="Someone", role=role).id


def project_in_network(c: Container, coordinator: UUID) -> UUID:
    network = c.incubator.register_network(
        name="LEN Kainuu",
        country="FI",
        region="Kainuu",
        target_group=TargetGroup.ELDERLY,
        institutions=[],
        coordinator_id=coordinator,
        actor=str(coordinator),
    )
    return c.incubator.propose_project(
        title="Village taxi",
        network_id=network.id,
        target_group=TargetGroup.ELDERLY,
        summary="Neighbours drive the elderly to the clinic.",
        actor=str(coordinator),
        proposed_on=date(2019, 5, 1),
    ).id


def members(c: Container) -> set[tuple[UUID, UUID]]:
    m = teams.LIVE.members.c
    with c.engine.connect() as connection:
        return {(r.project_id, r.person_id) for r in connection.execute(select(m))}


def test_team_rows_follow_joins_and_leaves_and_equal_a_rebuild(container: Container) -> None:
    inc = container.incubator
    coordinator, coach = person(container, PersonRole.COORDINATOR), person(container)
    project = project_in_network(container, coordinator)
    anna, ben = person(container), person(container)
    inc.execute(project, AssignCoach(coach_id=coach), actor="system:test")
    for who in (anna, ben):
        joined = AddTeamMember(
            person_id=who, role=TeamRole.SERVICE_USER, joined_on=date(2019, 6, 1)
        )
        inc.execute(project, joined, actor="system:test")
    inc.execute(project, RemoveTeamMember(person_id=anna, reason="moved"), actor="system:test")
    container.runner.catch_up()
    assert members(container) == {(project, ben)}

    reads = container.read_models
    assert reads.coach_works_with(coach, ben)
    assert not reads.coach_works_with(coach, anna)
    assert reads.coordinator_works_with(coordinator, ben)
    assert reads.coordinator_works_with(coordinator, coach)
    assert not reads.coordinator_works_with(coordinator, anna)
    other_coordinator = person(container, PersonRole.COORDINATOR)
    assert not reads.coordinator_works_with(other_coordinator, ben)

    inc.execute(project, ReleaseCoach(coach_id=coach, reason="moved on"), actor="system:test")
    container.runner.catch_up()
    assert not reads.coach_works_with(coach, ben)

    rebuilder = Rebuilder(container.engine, inc.recorder, inc.mapper)
    assert rebuilder.verify(teams.ProjectTeams.name).identical
    assert rebuilder.rebuild(teams.ProjectTeams.name) == container.runner.head()
    assert members(container) == {(project, ben)}


def test_two_coaches_of_one_project_work_with_each_other(container: Container) -> None:
    inc = container.incubator
    project = project_in_network(container, person(container, PersonRole.COORDINATOR))
    first, second = person(container, PersonRole.COACH), person(container, PersonRole.COACH)
    elsewhere = person(container, PersonRole.COACH)
    for coach in (first, second):
        inc.execute(project, AssignCoach(coach_id=coach), actor="system:test")
    container.runner.catch_up()
    assert container.read_models.coach_works_with(first, second)
    assert container.read_models.coach_works_with(second, first)
    assert not container.read_models.coach_works_with(first, elsewhere)


def test_a_read_model_added_later_catches_up_without_moving_the_others_back(
    container: Container,
) -> None:
    """As after migration 0008 on a database with history: project_teams starts at 0 while
    the others are at the head. Catching it up (in batches of 3) must not set the others back
    to its position, which would apply their events twice (a duplicate-key failure, over and
    over, on project_coaches)."""
    inc = container.incubator
    coordinator = person(container, PersonRole.COORDINATOR)
    project = project_in_network(container, coordinator)
    for _ in range(4):
        inc.execute(project, AssignCoach(coach_id=person(container)), actor="system:test")
    container.runner.catch_up()
    head = container.runner.head()
    with container.engine.begin() as connection:
        connection.execute(
            positions_table.update()
            .where(positions_table.c.name == "project_teams")
            .values(position=0)
        )
        connection.execute(teams.LIVE.members.delete())
    before = container.read_models.list_projects(SummaryFilter(), 10, None)

    container.runner.catch_up()

    assert container.runner.positions() == dict.fromkeys(container.runner.positions(), head)
    assert container.read_models.list_projects(SummaryFilter(), 10, None) == before
    assert len(before[0].coach_ids) == 4
