"""The Incubator: the event-sourced application behind every command and query.

Creations (a network, a project) and people are methods of their own; every change to an
existing stream is a command (`app/commands.py`) run by `execute` under the one write policy
(`app/writing.py`). History queries for auditors live in `app/audit/`.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from typing import Any, NotRequired, TypeVar
from uuid import UUID, uuid4

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import (
    InfrastructureFactory,
    IntegrityError,
    JSONTranscoder,
    Mapper,
    Transcoder,
)
from eventsourcing.utils import Environment
from sqlalchemy import Engine
from typing_extensions import TypedDict, Unpack

from app.commands import Command, Redact
from app.dto import NetworkState, ProjectAccess, ProjectState
from app.writing import StreamWriter
from domain.errors import (
    AlreadyRecorded,
    InvalidInput,
    NetworkNotFound,
    NotFound,
    ProgrammeNotFound,
    ProjectNotFound,
)
from domain.network import LocalNetwork
from domain.programme import Programme
from domain.project import MicroProject
from domain.values import PersonRole, TargetGroup, require_text
from store import freetext
from store.people import InMemoryPeopleDirectory, PeopleDirectory, Person
from store.receipts import CommandResult
from store.recorder import (
    APPLICATION_NAME,
    EngineBoundFactory,
    Redaction,
    SeedbedRecorder,
    redaction_scope,
)
from store.transcodings import SeedbedMapper, SeedbedTranscoder, register_domain_transcodings

Clock = Callable[[], datetime]
log = logging.getLogger("seedbed.incubator")
A = TypeVar("A", bound=Aggregate)


class NetworkFields(TypedDict):
    """The keywords of a new network, for `Incubator.register_network` (and `new_network`)."""

    name: str
    country: str
    region: str
    target_group: TargetGroup
    institutions: list[str]
    actor: str
    coordinator_id: NotRequired[UUID | None]
    network_id: NotRequired[UUID | None]


class ImportedNetworkFields(NetworkFields):
    """`Incubator.new_network` also takes the day a sheet says the network was registered."""

    registered_on: NotRequired[date | None]


class ProjectFields(TypedDict):
    """The keywords of a new project, for `Incubator.propose_project` and `new_project`."""

    title: str
    network_id: UUID
    target_group: TargetGroup
    summary: str
    actor: str
    proposed_on: NotRequired[date | None]
    project_id: NotRequired[UUID | None]


_NOT_FOUND: dict[type[Aggregate], Callable[[UUID], NotFound]] = {
    LocalNetwork: NetworkNotFound,
    Programme: ProgrammeNotFound,
}


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
        self.writer = StreamWriter(self, write_retries)
        self._listeners: list[Callable[[int], None]] = []
        self._redactions_seen: dict[UUID, int] = {}
        # Per instance, so that the interval is a setting and not a class constant.
        self.__dict__["snapshotting_intervals"] = {MicroProject: snapshot_interval}
        # Loaded aggregates stay cached and are fast-forwarded with newer events on the next
        # load, so a command reads one query's worth of events instead of a snapshot. The
        # cached object is used without a copy: every access goes through the stream's lock
        # in `writer`, and a command that fails evicts the stream.
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

    def construct_mapper(self) -> Mapper[UUID]:
        """The mapper that stores free text as erasable, salted values (store/freetext.py)."""
        return self.factory.mapper(
            transcoder=self.construct_transcoder(), mapper_class=SeedbedMapper
        )

    def construct_transcoder(self) -> Transcoder:
        """The library's JSON transcoder, decoding with msgspec (store/transcodings.py)."""
        transcoder = SeedbedTranscoder()
        self.register_transcodings(transcoder)
        return transcoder

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        register_domain_transcodings(transcoder)

    def _take_snapshots(self, processing_event: Any) -> None:
        """A snapshot is an optimisation taken after the events are committed: its failure
        (say, SQLite busy) must not turn a stored write into an error that invites a retry.
        None is taken from a project that was just redacted: the object in memory still holds
        the text that the store no longer does."""
        if any(isinstance(e, MicroProject.FieldRedacted) for e in processing_event.events):
            return
        try:
            super()._take_snapshots(processing_event)
        except Exception as error:
            log.warning("snapshot skipped: %s", error.__class__.__name__)

    def add_listener(self, listener: Callable[[int], None]) -> None:
        """Called with the number of events after every successful append (the embedded
        projector wakes up on it; the metrics count it)."""
        self._listeners.append(listener)

    def _notify(self, recordings: list[Any]) -> None:
        for listener in self._listeners:
            listener(len(recordings))

    # ------------------------------------------------------------------ streams (StreamWriter)
    def load(self, cls: type[A], stream_id: UUID, version: int | None = None) -> A:
        not_found = _NOT_FOUND.get(cls, ProjectNotFound)
        try:
            aggregate: object = self.repository.get(stream_id, version=version)
            if version is None and self._redacted_since_cached(aggregate):
                # A redaction (maybe by another process) rewrote text this cached object
                # still holds: load it again from the store, as it stands now.
                self.evict(stream_id)
                aggregate = self.repository.get(stream_id)
                self._redacted_since_cached(aggregate)
        except AggregateNotFoundError:
            raise not_found(stream_id) from None
        if not isinstance(aggregate, cls):
            raise not_found(stream_id)
        return aggregate

    def _redacted_since_cached(self, aggregate: object) -> bool:
        """Whether this project gained redactions since it was last loaded from the store."""
        if not isinstance(aggregate, MicroProject):
            return False
        count = len(aggregate.redacted_fields)
        seen = self._redactions_seen.setdefault(aggregate.id, count)
        self._redactions_seen[aggregate.id] = count
        return count > seen

    def store(self, aggregate: Aggregate) -> CommandResult:
        recordings = self.save(aggregate)
        position = recordings[-1].notification.id if recordings else None
        created = bool(recordings) and recordings[0].domain_event.originator_version == 1
        return CommandResult(aggregate.id, aggregate.version, position, created)

    def evict(self, stream_id: UUID) -> None:
        self._redactions_seen.pop(stream_id, None)
        cache = self.repository.cache
        if cache is not None:
            with contextlib.suppress(KeyError):
                cache.get(stream_id, evict=True)

    def created(self, aggregate: Aggregate) -> CommandResult:
        """Saves a new stream (a programme, from `app/programmes.py`); 409 if it exists."""
        return self._created(aggregate)

    def _created(self, aggregate: Aggregate) -> CommandResult:
        try:
            return self.store(aggregate)
        except IntegrityError:
            raise AlreadyRecorded(
                f"{aggregate.id} already exists, or this request was already recorded"
            ) from None

    # ------------------------------------------------------------------ commands
    def execute(
        self,
        stream_id: UUID,
        command: Command,
        *,
        actor: str,
        expected_version: int | None = None,
    ) -> CommandResult:
        """Runs a command on an existing project or network (see `app/writing.py`)."""
        for person_id in command.people():
            self.people.require(person_id)
        return self.writer.change(
            command.aggregate,
            stream_id,
            lambda target: command.apply(target, actor, self.clock()),
            expected_version,
        )

    def execute_checked(
        self,
        cls: type[A],
        stream_id: UUID,
        check: Callable[[A], None],
        make: Callable[[], Command],
        *,
        actor: str,
        expected_version: int | None = None,
    ) -> CommandResult:
        """`execute`, with a permission check on the state the command itself loads (one read
        of the stream, not one for the check and one for the command). The command is made
        only once the check passed, so that a refused caller learns nothing of its input."""
        made: list[Command] = []

        def run(target: A) -> None:
            if not made:
                command = make()
                for person_id in command.people():
                    self.people.require(person_id)
                made.append(command)
            made[0].apply(target, actor, self.clock())

        return self.writer.change(cls, stream_id, run, expected_version, check)

    def register_network(self, **fields: Unpack[NetworkFields]) -> CommandResult:
        coordinator_id = fields.get("coordinator_id")
        if coordinator_id is not None:
            self.people.require(coordinator_id)
        return self._created(self.new_network(**fields))

    def new_network(self, **fields: Unpack[ImportedNetworkFields]) -> LocalNetwork:
        """A network, checked and not yet saved (a sheet import saves many streams at once)."""
        return LocalNetwork.register(
            id=fields.get("network_id") or uuid4(),
            name=fields["name"],
            country=fields["country"],
            region=fields["region"],
            target_group=fields["target_group"],
            institutions=fields["institutions"],
            coordinator_id=fields.get("coordinator_id"),
            actor=fields["actor"],
            today=self.clock().date(),
            registered_on=fields.get("registered_on"),
        )

    def propose_project(self, **fields: Unpack[ProjectFields]) -> CommandResult:
        self.load(LocalNetwork, fields["network_id"])  # 404 for an unknown network
        return self._created(self.new_project(**fields))

    def new_project(self, **fields: Unpack[ProjectFields]) -> MicroProject:
        """A project in stage idea, checked and not yet saved; its network is not looked up."""
        today = self.clock().date()
        return MicroProject.propose(
            id=fields.get("project_id") or uuid4(),
            title=fields["title"],
            network_id=fields["network_id"],
            target_group=fields["target_group"],
            summary=fields["summary"],
            actor=fields["actor"],
            proposed_on=fields.get("proposed_on") or today,
            today=today,
        )

    def redact(
        self, project_id: UUID, *, version: int, field: str, reason: str, actor: str
    ) -> CommandResult:
        """Replaces a free-text value of one of the project's events by its commitment and
        records the redaction, in one transaction (closed projects included)."""
        recorder = self.recorder
        if not isinstance(recorder, SeedbedRecorder):
            raise InvalidInput("database", "the in-memory event store cannot redact")
        self.load(MicroProject, project_id)  # 404 for an unknown project
        stored = recorder.stored_event(project_id, version)
        if stored is None:
            raise InvalidInput("version", f"the project has no version {version}")
        freetext.redact(stored, field)  # refuses now what the append would refuse
        with redaction_scope(Redaction(project_id, version, field)):
            result = self.execute(project_id, Redact(version, field, reason), actor=actor)
        self.evict(project_id)
        return result

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

    # ------------------------------------------------------------------ queries
    def get_project(self, project_id: UUID) -> ProjectState:
        return self.writer.read(MicroProject, project_id, ProjectState.of)

    def get_network(self, network_id: UUID) -> NetworkState:
        return self.writer.read(LocalNetwork, network_id, NetworkState.of)

    def project_access(self, project_id: UUID) -> ProjectAccess:
        """What a permission check needs, without copying the whole project: its network, its
        coaches, the network's coordinator and the programmes it is enrolled in."""
        network_id, coaches, enrolments = self.writer.read(
            MicroProject,
            project_id,
            lambda p: (p.network_id, tuple(p.coaches), tuple(p.enrolments)),
        )
        coordinator = self.writer.read(LocalNetwork, network_id, lambda n: n.coordinator_id)
        return ProjectAccess(network_id, coaches, coordinator, enrolments)
