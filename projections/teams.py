"""Project teams: who is on which project's team now, so that reading a person can be limited
to the people a caller works with (docs/API.md, "Finding things").

The rows hold ids only. The questions the guard asks are answered here with the summaries'
tables (a project's coaches, its network and the network's coordinator) beside this one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar
from uuid import UUID

from sqlalchemy import (
    Column,
    Connection,
    MetaData,
    PrimaryKeyConstraint,
    Table,
    Uuid,
    exists,
    select,
)

from domain.project import MicroProject
from projections import summaries
from projections.base import RowsProjection, TableSet
from projections.rows import Rows
from store.database import metadata


@dataclass(frozen=True)
class TeamTables(TableSet):
    members: Table


def define(metadata: MetaData, suffix: str = "") -> TeamTables:
    return TeamTables(
        Table(
            f"project_team_members{suffix}",
            metadata,
            Column("project_id", Uuid(), nullable=False),
            Column("person_id", Uuid(), nullable=False, index=True),
            PrimaryKeyConstraint("project_id", "person_id"),
        )
    )


class ProjectTeams(RowsProjection):
    name: ClassVar[str] = "project_teams"
    PER_PROJECT: ClassVar[tuple[str, ...]] = ("members",)
    HANDLERS: ClassVar[dict[type[Any], str]] = {
        MicroProject.TeamMemberAdded: "_added",
        MicroProject.TeamMemberRemoved: "_removed",
    }

    def __init__(self, tables: TeamTables) -> None:
        super().__init__(tables)
        self.t: TeamTables = tables
        self.members = Rows(tables.members, "project_id", many=True)

    @property
    def stores(self) -> tuple[Rows, ...]:
        return (self.members,)

    def prefetch(self, events: Sequence[Any]) -> None:
        kinds = MicroProject.TeamMemberAdded | MicroProject.TeamMemberRemoved
        self.members.prefetch({e.originator_id for e in events if isinstance(e, kinds)})

    def _added(self, e: Any) -> None:
        self.members.put({"project_id": e.originator_id, "person_id": e.person_id})

    def _removed(self, e: Any) -> None:
        self.members.remove(e.originator_id, where=lambda row: row["person_id"] == e.person_id)


LIVE = define(metadata)


# ---------------------------------------------------------------------------- queries
def _projects_of(person_id: UUID) -> Any:
    """The projects a person is on now: on the team, or as an assigned coach."""
    team = select(LIVE.members.c.project_id).where(LIVE.members.c.person_id == person_id)
    coached = select(summaries.LIVE.coaches.c.project_id).where(
        summaries.LIVE.coaches.c.coach_id == person_id
    )
    return team.union(coached)


def coach_works_with(connection: Connection, coach_id: UUID, person_id: UUID) -> bool:
    """Is the person on the team of, or a coach of, a project this coach is assigned to?"""
    mine = summaries.LIVE.coaches.c
    query = select(
        exists().where(mine.coach_id == coach_id, mine.project_id.in_(_projects_of(person_id)))
    )
    return bool(connection.execute(query).scalar())


def coordinator_works_with(connection: Connection, coordinator_id: UUID, person_id: UUID) -> bool:
    """Is the person on the team of, or a coach of, a project in a network this person
    coordinates?"""
    projects, networks = summaries.LIVE.projects.c, summaries.LIVE.networks.c
    theirs = select(networks.network_id).where(networks.coordinator_id == coordinator_id)
    query = select(
        exists().where(
            projects.network_id.in_(theirs), projects.project_id.in_(_projects_of(person_id))
        )
    )
    return bool(connection.execute(query).scalar())


def people_of(connection: Connection, project_ids: frozenset[UUID]) -> frozenset[UUID]:
    """Everyone on the team of, or coaching, one of these projects."""
    if not project_ids:
        return frozenset()
    ids = list(project_ids)
    members = LIVE.members.c
    coaches = summaries.LIVE.coaches.c
    team = select(members.person_id).where(members.project_id.in_(ids))
    coached = select(coaches.coach_id).where(coaches.project_id.in_(ids))
    return frozenset(row[0] for row in connection.execute(team.union(coached)))
