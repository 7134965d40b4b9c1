"""The Incubator: the event-sourced application behind every command and query.

Commands load an aggregate, call one of its command methods and save it. A command that loses
a version race to a concurrent writer runs again against the fresh state (bounded by
`write_retries`); with an expected version (HTTP If-Match) it is reported as a conflict instead.
"""

from __future__ import annotations

import contextlib
import logging
import random
import threading
import time
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from typing import Any, TypeVar, cast
from uuid import UUID, uuid4

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import (
    InfrastructureFactory,
    IntegrityError,
    JSONTranscoder,
    Recording,
)
from eventsourcing.utils import Environment
from sqlalchemy import Engine

from app.dto import CommandResult, HistoryEntry, NetworkState, ProjectState
from app.jsonable import to_jsonable
from domain.errors import (
    AlreadyRecorded,
    ImplausibleValue,
    NetworkNotFound,
    NotFound,
    ProjectNotFound,
    VersionConflict,
)
from domain.network import LocalNetwork
from domain.project import MicroProject
from domain.sessions import SessionDetails
from domain.values import (
    EmpowermentTool,
    Evidence,
    Outcome,
    PersonRole,
    Stage,
    TargetGroup,
    TeamRole,
    require_text,
)
from store.people import InMemoryPeopleDirectory, PeopleDirectory, Person
from store.recorder import APPLICATION_NAME, EngineBoundFactory, SeedbedRecorder
from store.transcodings import register_domain_transcodings

Clock = Callable[[], datetime]
log = logging.getLogger("seedbed.incubator")
LOCK_STRIPES = 256
A = TypeVar("A", LocalNetwork, MicroProject)


def utc_now() -> datetime:
    return datetime.now(UTC)


class Incubator(Application[UUID]):
    name = APPLICATION_NAME

    def __init__(
        self,
        *,
        engine: Engine | None = None,
        people: PeopleDirectory | None = None,
        clock: Clock = utc_now,
        snapshot_interval: int = 50,
        write_retries: int = 5,
        cache_size: int = 1000,
        env: Mapping[str, str] | None = None,
    ) -> None:
        self._engine = engine
        self.people: PeopleDirectory = people if people is not None else InMemoryPeopleDirectory()
        self.clock = clock
        self.write_retries = write_retries
        # Writers to one project queue here within a process, so that only writers in other
        # processes can race for a version (and those races are retried).
        self._project_locks = [threading.Lock() for _ in range(LOCK_STRIPES)]
        self._listeners: list[Callable[[int], None]] = []
        # Per instance, so that the interval is a setting and not a class constant.
        self.__dict__["snapshotting_intervals"] = {MicroProject: snapshot_interval}
        # Loaded aggregates stay cached and are fast-forwarded with newer events on the next
        # load, so a command reads one query's worth of events instead of a snapshot. The
        # cached object is used without a copy: every access to a project goes through its
        # stripe lock, and a command that fails evicts the project (see _update_project).
        cache_env = (
            {"AGGREGATE_CACHE_MAXSIZE": str(cache_size), "DEEPCOPY_FROM_AGGREGATE_CACHE": "n"}
            if cache_size > 0
            else {}
        )
        base_env = {
            **cache_env,
            "IS_SNAPSHOTTING_ENABLED": "y",
            "CREATE_TABLE": "no",
            "PERSISTENCE_MODULE": "eventsourcing.popo",
        }
        super().__init__({**base_env, **(env or {})})

    @property
    def engine(self) -> Engine | None:
        """The database engine, or None for the in-memory (popo) store."""
        return self._engine

    # ------------------------------------------------------------------ construction
    def construct_factory(self, env: Environment) -> InfrastructureFactory[Any]:
        if self._engine is None:
            return super().construct_factory(env)
        return EngineBoundFactory(env, self._engine)

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        register_domain_transcodings(transcoder)

    def _take_snapshots(self, processing_event: Any) -> None:
        """A snapshot is an optimisation taken after the events are committed: its failure
        (say, SQLite busy) must not turn a stored write into an error that invites a retry."""
        try:
            super()._take_snapshots(processing_event)
        except Exception as error:
            log.warning("snapshot skipped: %s", error.__class__.__name__)

    def add_listener(self, listener: Callable[[int], None]) -> None:
        """Called with the number of events after every successful append (the embedded
        projector wakes up on it; the metrics count it)."""
        self._listeners.append(listener)

    def _notify(self, recordings: list[Recording[UUID]]) -> None:
        for listener in self._listeners:
            listener(len(recordings))

    # ------------------------------------------------------------------ helpers
    def _today(self) -> date:
        return self.clock().date()

    def _load(self, cls: type[A], aggregate_id: UUID, version: int | None = None) -> A:
        not_found = ProjectNotFound if cls is MicroProject else NetworkNotFound
        try:
            aggregate: object = self.repository.get(aggregate_id, version=version)
        except AggregateNotFoundError:
            raise not_found(aggregate_id) from None
        if not isinstance(aggregate, cls):
            raise not_found(aggregate_id)
        return aggregate

    def _saved(self, aggregate: LocalNetwork | MicroProject, created: bool) -> CommandResult:
        if created:
            try:
                recordings: list[Recording[UUID]] = self.save(aggregate)
            except IntegrityError:
                raise AlreadyRecorded(
                    f"{aggregate.id} already exists, or this request was already recorded"
                ) from None
        else:
            recordings = self.save(aggregate)
        position = recordings[-1].notification.id if recordings else None
        return CommandResult(aggregate.id, aggregate.version, position, created)

    def _update_project(
        self,
        project_id: UUID,
        command: Callable[[MicroProject], None],
        expected_version: int | None,
    ) -> CommandResult:
        with self._lock_for(project_id):
            try:
                return self._update_project_unlocked(project_id, command, expected_version)
            except BaseException:
                self._evict(project_id)  # the cached project may hold an unsaved change
                raise

    def _lock_for(self, aggregate_id: UUID) -> threading.Lock:
        return self._project_locks[hash(aggregate_id) % LOCK_STRIPES]

    def _evict(self, aggregate_id: UUID) -> None:
        cache = self.repository.cache
        if cache is not None:
            with contextlib.suppress(KeyError):
                cache.get(aggregate_id, evict=True)

    def _update_project_unlocked(
        self,
        project_id: UUID,
        command: Callable[[MicroProject], None],
        expected_version: int | None,
    ) -> CommandResult:
        for attempt in range(self.write_retries):
            if attempt:
                # Jittered exponential back-off (up to 50 ms), so that racing writers stop
                # colliding in lock step and a writer in another process cannot starve us.
                time.sleep(random.uniform(0, min(0.05, 0.001 * 2**attempt)))
            project = self._load(MicroProject, project_id)
            if expected_version is not None and project.version != expected_version:
                raise VersionConflict(expected_version, project.version)
            command(project)
            try:
                return self._saved(project, created=False)
            except IntegrityError:
                self._evict(project_id)
                if expected_version is not None:
                    current = self._load(MicroProject, project_id).version
                    raise VersionConflict(expected_version, current) from None
        raise VersionConflict(None, self._load(MicroProject, project_id).version)

    # ------------------------------------------------------------------ people
    def register_person(
        self,
        *,
        display_name: str,
        role: PersonRole,
        contact: str | None = None,
        person_id: UUID | None = None,
    ) -> Person:
        person = Person(
            id=person_id or uuid4(),
            role=role,
            display_name=require_text("display_name", display_name, 200),
            contact=None if contact is None else require_text("contact", contact, 500),
            registered_at=self.clock(),
        )
        self.people.add(person)
        return person

    def get_person(self, person_id: UUID) -> Person:
        return self.people.get(person_id)

    def erase_person(self, person_id: UUID, reason: str) -> Person:
        return self.people.erase(person_id, require_text("reason", reason, 2_000), self.clock())

    # ------------------------------------------------------------------ networks
    def register_network(
        self,
        *,
        name: str,
        country: str,
        region: str,
        target_group: TargetGroup,
        institutions: list[str],
        actor: str,
        coordinator_id: UUID | None = None,
        network_id: UUID | None = None,
    ) -> CommandResult:
        if coordinator_id is not None:
            self.people.require(coordinator_id)
        network = LocalNetwork.register(
            id=network_id or uuid4(),
            name=name,
            country=country,
            region=region,
            target_group=target_group,
            institutions=institutions,
            coordinator_id=coordinator_id,
            actor=actor,
            today=self._today(),
        )
        return self._saved(network, created=True)

    def appoint_coordinator(
        self, network_id: UUID, coordinator_id: UUID, *, actor: str
    ) -> CommandResult:
        self.people.require(coordinator_id)
        with self._lock_for(network_id):
            try:
                network = self._load(LocalNetwork, network_id)
                network.appoint_coordinator(coordinator_id, actor)
                return self._saved(network, created=False)
            except BaseException:
                self._evict(network_id)
                raise

    def get_network(self, network_id: UUID) -> NetworkState:
        with self._lock_for(network_id):
            n = self._load(LocalNetwork, network_id)
        return NetworkState(
            n.id,
            n.version,
            n.name,
            n.country,
            n.region,
            n.target_group,
            tuple(n.institutions),
            n.coordinator_id,
            n.registered_on,
        )

    # ------------------------------------------------------------------ projects
    def propose_project(
        self,
        *,
        title: str,
        network_id: UUID,
        target_group: TargetGroup,
        summary: str,
        actor: str,
        proposed_on: date | None = None,
        project_id: UUID | None = None,
    ) -> CommandResult:
        self._load(LocalNetwork, network_id)
        project = MicroProject.propose(
            id=project_id or uuid4(),
            title=title,
            network_id=network_id,
            target_group=target_group,
            summary=summary,
            actor=actor,
            proposed_on=proposed_on or self._today(),
            today=self._today(),
        )
        return self._saved(project, created=True)

    def project_access(self, project_id: UUID) -> tuple[UUID, tuple[UUID, ...], UUID | None]:
        """What a permission check needs, without copying the whole project: its network, its
        coaches and the network's coordinator."""
        with self._lock_for(project_id):
            project = self._load(MicroProject, project_id)
            network_id, coaches = project.network_id, tuple(project.coaches)
        with self._lock_for(network_id):
            coordinator = self._load(LocalNetwork, network_id).coordinator_id
        return network_id, coaches, coordinator

    def get_project(self, project_id: UUID) -> ProjectState:
        with self._lock_for(project_id):
            return ProjectState.of(self._load(MicroProject, project_id))

    def project_at_version(self, project_id: UUID, version: int) -> ProjectState:
        state = ProjectState.of(self._load(MicroProject, project_id, version=version))
        if state.version != version:
            raise VersionNotFound(project_id, version, state.version)
        return state

    # ------------------------------------------------------------------ history (audit)
    def project_history(
        self,
        project_id: UUID,
        *,
        from_version: int | None = None,
        to_version: int | None = None,
        limit: int | None = None,
    ) -> list[HistoryEntry]:
        """The project's stored events in order, each with its global position."""
        self._require_project_stream(project_id)
        gt = None if from_version is None else from_version - 1
        if isinstance(self.recorder, SeedbedRecorder):
            stored = self.recorder.select_stream(project_id, gt=gt, lte=to_version, limit=limit)
            positions: list[int | None] = [n.id for n in stored]
            events = [self.mapper.to_domain_event(n) for n in stored]
        else:
            events = list(self.events.get(project_id, gt=gt, lte=to_version, limit=limit))
            positions = [None] * len(events)
        return [_history_entry(e, p) for e, p in zip(events, positions, strict=True)]

    def project_as_of(self, project_id: UUID, as_of: datetime) -> ProjectState:
        """The project as it was recorded at `as_of` (the events recorded until then)."""
        self._require_project_stream(project_id)
        version = None
        for event in self.events.get(project_id):
            if cast(Any, event).timestamp > as_of:
                break
            version = event.originator_version
        if version is None:
            raise NotRecordedYet(project_id, as_of)
        return self.project_at_version(project_id, version)

    def _require_project_stream(self, project_id: UUID) -> None:
        first = list(self.events.get(project_id, lte=1))
        if not first or not isinstance(first[0], MicroProject.Proposed):
            raise ProjectNotFound(project_id)

    def record_need(
        self,
        project_id: UUID,
        *,
        description: str,
        tool: EmpowermentTool,
        identified_on: date,
        actor: str,
        need_id: UUID | None = None,
        expected_version: int | None = None,
    ) -> CommandResult:
        new_id = need_id or uuid4()
        return self._update_project(
            project_id,
            lambda p: p.record_need(new_id, description, tool, identified_on, actor, self._today()),
            expected_version,
        )

    def add_team_member(
        self,
        project_id: UUID,
        *,
        person_id: UUID,
        role: TeamRole,
        joined_on: date,
        actor: str,
        expected_version: int | None = None,
    ) -> CommandResult:
        self.people.require(person_id)
        return self._update_project(
            project_id,
            lambda p: p.add_team_member(person_id, role, joined_on, actor, self._today()),
            expected_version,
        )

    def remove_team_member(
        self,
        project_id: UUID,
        *,
        person_id: UUID,
        reason: str,
        actor: str,
        left_on: date | None = None,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._update_project(
            project_id,
            lambda p: p.remove_team_member(
                person_id, reason, left_on or self._today(), actor, self._today()
            ),
            expected_version,
        )

    def assign_coach(
        self,
        project_id: UUID,
        *,
        coach_id: UUID,
        actor: str,
        expected_version: int | None = None,
    ) -> CommandResult:
        self.people.require(coach_id)
        return self._update_project(
            project_id, lambda p: p.assign_coach(coach_id, actor), expected_version
        )

    def release_coach(
        self,
        project_id: UUID,
        *,
        coach_id: UUID,
        reason: str,
        actor: str,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._update_project(
            project_id, lambda p: p.release_coach(coach_id, reason, actor), expected_version
        )

    def log_session(
        self,
        project_id: UUID,
        *,
        details: SessionDetails,
        actor: str,
        session_id: UUID | None = None,
        expected_version: int | None = None,
    ) -> tuple[UUID, CommandResult]:
        for person_id in (*details.coach_ids, *details.participant_ids):
            self.people.require(person_id)
        new_id = session_id or uuid4()
        result = self._update_project(
            project_id,
            lambda p: p.log_session(new_id, details, actor, self.clock()),
            expected_version,
        )
        return new_id, result

    def correct_session(
        self,
        project_id: UUID,
        session_id: UUID,
        *,
        changes: Mapping[str, Any],
        reason: str,
        actor: str,
        expected_version: int | None = None,
    ) -> CommandResult:
        for key in ("coach_ids", "participant_ids"):
            for person_id in changes.get(key) or ():
                self.people.require(person_id)
        return self._update_project(
            project_id,
            lambda p: p.correct_session(session_id, changes, reason, actor, self.clock()),
            expected_version,
        )

    def withdraw_session(
        self,
        project_id: UUID,
        session_id: UUID,
        *,
        reason: str,
        actor: str,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._update_project(
            project_id, lambda p: p.withdraw_session(session_id, reason, actor), expected_version
        )

    def reach_milestone(
        self,
        project_id: UUID,
        *,
        milestone_id: str,
        reached_on: date,
        evidence: Evidence,
        actor: str,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._update_project(
            project_id,
            lambda p: p.reach_milestone(milestone_id, reached_on, evidence, actor, self._today()),
            expected_version,
        )

    def revoke_milestone(
        self,
        project_id: UUID,
        *,
        milestone_id: str,
        reason: str,
        actor: str,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._update_project(
            project_id, lambda p: p.revoke_milestone(milestone_id, reason, actor), expected_version
        )

    def advance_stage(
        self,
        project_id: UUID,
        *,
        to: Stage,
        rationale: str,
        actor: str,
        override: str | None = None,
        decided_on: date | None = None,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._update_project(
            project_id,
            lambda p: p.advance_stage(
                to, rationale, actor, self._today(), decided_on=decided_on, override=override
            ),
            expected_version,
        )

    def change_stage(
        self,
        project_id: UUID,
        *,
        to: Stage,
        rationale: str,
        actor: str,
        override: str | None = None,
        decided_on: date | None = None,
        expected_version: int | None = None,
    ) -> CommandResult:
        """One move: forward to the next stage (gated) or back to the previous one."""
        current = self.get_project(project_id).stage
        if to.index == current.index - 1:
            if override is not None:
                raise ImplausibleValue("override", "a step back has no gate to override")
            return self.revert_stage(
                project_id,
                to=to,
                reason=rationale,
                actor=actor,
                decided_on=decided_on,
                expected_version=expected_version,
            )
        return self.advance_stage(
            project_id,
            to=to,
            rationale=rationale,
            actor=actor,
            override=override,
            decided_on=decided_on,
            expected_version=expected_version,
        )

    def revert_stage(
        self,
        project_id: UUID,
        *,
        to: Stage,
        reason: str,
        actor: str,
        decided_on: date | None = None,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._update_project(
            project_id,
            lambda p: p.revert_stage(to, reason, actor, self._today(), decided_on=decided_on),
            expected_version,
        )

    def pause_project(
        self,
        project_id: UUID,
        *,
        reason: str,
        actor: str,
        paused_on: date | None = None,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._update_project(
            project_id,
            lambda p: p.pause(reason, actor, self._today(), paused_on=paused_on),
            expected_version,
        )

    def resume_project(
        self,
        project_id: UUID,
        *,
        reason: str,
        actor: str,
        resumed_on: date | None = None,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._update_project(
            project_id,
            lambda p: p.resume(reason, actor, self._today(), resumed_on=resumed_on),
            expected_version,
        )

    def close_project(
        self,
        project_id: UUID,
        *,
        outcome: Outcome,
        rationale: str,
        actor: str,
        override: str | None = None,
        closed_on: date | None = None,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._update_project(
            project_id,
            lambda p: p.close(
                outcome, rationale, actor, self._today(), closed_on=closed_on, override=override
            ),
            expected_version,
        )

    def select_for_accelerator(
        self,
        project_id: UUID,
        *,
        cohort: str,
        selected_on: date,
        actor: str,
        expected_version: int | None = None,
    ) -> CommandResult:
        return self._update_project(
            project_id,
            lambda p: p.select_for_accelerator(cohort, selected_on, actor, self._today()),
            expected_version,
        )


class NotRecordedYet(NotFound):
    def __init__(self, project_id: UUID, as_of: datetime) -> None:
        super().__init__("project", project_id)
        self.message = f"project {project_id} had no recorded events at {as_of.isoformat()}"
        self.args = (self.message,)


_ENVELOPE = ("originator_id", "originator_version", "timestamp", "originator_topic")


def _history_entry(event: Any, position: int | None) -> HistoryEntry:
    state = vars(event)
    data = {k: to_jsonable(v) for k, v in state.items() if k not in _ENVELOPE}
    return HistoryEntry(
        version=event.originator_version,
        position=position,
        type=type(event).__qualname__,
        recorded_at=event.timestamp,
        occurred_on=state.get("occurred_on"),
        actor=state.get("actor"),
        data=data,
    )


class VersionNotFound(NotFound):
    def __init__(self, project_id: UUID, version: int, head: int) -> None:
        super().__init__("project version", f"{project_id}@{version}")
        self.message = f"project {project_id} has no version {version} (its head is {head})"
        self.args = (self.message,)
