"""The read side's one entry point for the API: queries over the live read models, and lag."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import UTC, date, datetime
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder
from sqlalchemy import Engine

from projections import coaching, milestones, portfolio, programmes, stages, summaries, teams
from projections.runner import ProjectionRunner


@dataclass(frozen=True)
class Scope:
    """Where a coach or a coordinator works, or what a programme-scoped token sees: network
    and project ids (None: everywhere)."""

    networks: frozenset[UUID] | None
    projects: frozenset[UUID] | None


@dataclass(frozen=True)
class Lag:
    head: int
    positions: dict[str, int]
    events: int
    seconds: float


class ReadModels:
    def __init__(
        self,
        engine: Engine,
        runner: ProjectionRunner,
        recorder: ApplicationRecorder,
    ) -> None:
        self.engine = engine
        self.runner = runner
        self._recorder = recorder
        self._portfolio_lock = threading.Lock()
        # The last portfolio of every project (key None) and of each programme asked for.
        self._portfolios: dict[
            UUID | None, tuple[tuple[tuple[str, int, str], ...], portfolio.Portfolio]
        ] = {}

    def list_projects(
        self, where: summaries.SummaryFilter, limit: int, after: tuple[date, UUID] | None
    ) -> list[summaries.ProjectSummary]:
        with self.engine.connect() as connection:
            return summaries.list_projects(connection, summaries.LIVE, where, limit, after)

    def list_networks(
        self,
        ids: frozenset[UUID] | None,
        limit: int,
        after: tuple[str, UUID] | None,
        counted: frozenset[UUID] | None = None,
    ) -> list[summaries.NetworkSummary]:
        """Networks (only `ids`, when given), each with its number of projects (of those in
        `counted` only, when given)."""
        with self.engine.connect() as connection:
            return summaries.list_networks(connection, summaries.LIVE, ids, limit, after, counted)

    def scope_of(
        self, role: str, person_id: UUID | None, programme_id: UUID | None = None
    ) -> Scope:
        """The networks and projects a coach or coordinator works in (None: every one); with
        `programme_id`, only the projects of those enrolled in that programme, and their
        networks."""
        scope = self._role_scope(role, person_id)
        if programme_id is None:
            return scope
        with self.engine.connect() as connection:
            enrolled = frozenset(
                r[0] for r in connection.execute(programmes.enrolled_in(programme_id))
            )
            projects = enrolled if scope.projects is None else scope.projects & enrolled
            return Scope(summaries.networks_of(connection, summaries.LIVE, projects), projects)

    def _role_scope(self, role: str, person_id: UUID | None) -> Scope:
        if person_id is None or role not in ("coach", "coordinator"):
            return Scope(None, None)
        with self.engine.connect() as connection:
            if role == "coach":
                coached = summaries.coached_by(connection, summaries.LIVE, person_id)
                return Scope(frozenset(coached.values()), frozenset(coached))
            networks = summaries.networks_coordinated_by(connection, summaries.LIVE, person_id)
            return Scope(networks, summaries.projects_in(connection, summaries.LIVE, networks))

    def milestone_board(self, project_id: UUID) -> milestones.MilestoneBoard:
        with self.engine.connect() as connection:
            return milestones.board(connection, milestones.LIVE, project_id)

    def coaching_history(
        self, project_id: UUID
    ) -> tuple[list[coaching.SessionEntry], coaching.HourTotals]:
        with self.engine.connect() as connection:
            return coaching.project_history(connection, coaching.LIVE, project_id)

    def project_sessions(
        self, project_id: UUID, limit: int, after: tuple[datetime, UUID] | None
    ) -> tuple[list[coaching.SessionEntry], coaching.HourTotals]:
        """A page of the project's sessions in time order, and the hours of all of them."""
        with self.engine.connect() as connection:
            return coaching.project_sessions(connection, coaching.LIVE, project_id, limit, after)

    def coach_sessions(
        self,
        coach_id: UUID,
        limit: int,
        after: tuple[datetime, UUID] | None,
        within_networks_of: UUID | None = None,
        within_programme: UUID | None = None,
    ) -> tuple[list[coaching.SessionEntry], coaching.HourTotals]:
        """A coach's sessions and hours; with `within_networks_of`, only those of projects in
        the networks that person coordinates, with `within_programme` only those of projects
        enrolled in it (the list and its totals alike)."""
        projects = None
        if within_networks_of is not None:
            projects = summaries.projects_coordinated_by(summaries.LIVE, within_networks_of)
        if within_programme is not None:
            enrolled = programmes.enrolled_in(within_programme)
            projects = (
                enrolled
                if projects is None
                else projects.where(summaries.LIVE.projects.c.project_id.in_(enrolled))
            )
        with self.engine.connect() as connection:
            return coaching.coach_sessions(
                connection, coaching.LIVE, coach_id, limit, after, projects
            )

    def coach_works_with(self, coach_id: UUID, person_id: UUID) -> bool:
        """Is the person on the team or among the coaches of a project this coach coaches?"""
        with self.engine.connect() as connection:
            return teams.coach_works_with(connection, coach_id, person_id)

    def coordinator_works_with(self, coordinator_id: UUID, person_id: UUID) -> bool:
        """Is the person on the team or among the coaches of a project in a network this
        person coordinates?"""
        with self.engine.connect() as connection:
            return teams.coordinator_works_with(connection, coordinator_id, person_id)

    def people_of(self, project_ids: frozenset[UUID]) -> frozenset[UUID]:
        """Everyone on the team of, or coaching, one of these projects."""
        with self.engine.connect() as connection:
            return teams.people_of(connection, project_ids)

    def stage_periods(self, project_id: UUID, today: date) -> list[stages.StagePeriod]:
        with self.engine.connect() as connection:
            return stages.periods(connection, stages.LIVE, project_id, today)

    def portfolio(self, programme_id: UUID | None = None) -> portfolio.Portfolio:
        """The portfolio (of the projects enrolled in `programme_id` only, when given),
        recomputed only when the read models have moved since the last one (keyed by their
        positions, so it is never older than the projections)."""
        key = self.runner.stamps()
        with self._portfolio_lock:
            cached = self._portfolios.get(programme_id)
            if cached is not None and cached[0] == key:
                return cached[1]
        within = None if programme_id is None else programmes.enrolled_in(programme_id)
        with self.engine.connect() as connection:
            fresh = portfolio.portfolio(connection, within=within)
        with self._portfolio_lock:
            self._portfolios[programme_id] = (key, fresh)
        return fresh

    def wait_for(self, position: int, timeout: float) -> bool:
        return self.runner.wait_for(position, timeout)

    def _committed_at(self, position: int) -> datetime | None:
        committed_at = getattr(self._recorder, "committed_at", None)
        return None if committed_at is None else committed_at(position)

    def lag(self) -> Lag:
        positions = self.runner.positions()
        head = self.runner.head()
        behind = min(positions.values(), default=0)
        seconds = 0.0
        if behind < head:
            # How long the oldest unprocessed event has waited since its commit (not since its
            # recorded_at, which a back-dated recording sets in the past).
            notes = self._recorder.select_notifications(start=behind + 1, limit=1)
            committed = self._committed_at(notes[0].id) if notes else None
            if committed is not None:
                seconds = max(0.0, (datetime.now(UTC) - committed).total_seconds())
        return Lag(head, positions, head - behind, round(seconds, 3))
