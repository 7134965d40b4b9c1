"""Coaching history: sessions in time order with corrections applied and withdrawals marked;
hours by session type, by coach and by month, per project, per coach and per month overall."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, ClassVar
from uuid import UUID

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Connection,
    DateTime,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    Select,
    String,
    Table,
    Text,
    Uuid,
    cast,
    func,
    literal,
    select,
    union_all,
)

from domain.project import MicroProject
from domain.sessions import FollowUp, HeadCount, SessionDetails
from domain.values import EmpowermentTool, ParticipationLevel, SessionMode, SessionType, TeamRole
from projections.base import RowsProjection, TableSet, after_key
from projections.rows import Rows
from store.database import metadata


@dataclass(frozen=True)
class CoachingTables(TableSet):
    sessions: Table
    session_coaches: Table
    monthly: Table


def define(metadata: MetaData, suffix: str = "") -> CoachingTables:
    sessions = Table(
        f"coaching_sessions{suffix}",
        metadata,
        Column("session_id", Uuid(), primary_key=True),
        Column("project_id", Uuid(), nullable=False, index=True),
        Column("started_at", DateTime(timezone=True), nullable=False),
        Column("month", String(7), nullable=False),
        Column("session_type", String(32), nullable=False),
        Column("duration_minutes", Integer(), nullable=False),
        Column("mode", String(16), nullable=False),
        Column("participation_level", String(16), nullable=False),
        Column("named_participants", Integer(), nullable=False),
        Column("anonymous_participants", Integer(), nullable=False),
        Column("details", Text(), nullable=False),
        Column("logged_by", Text(), nullable=False),
        Column("corrections", Integer(), nullable=False),
        Column("withdrawn", Boolean(), nullable=False),
        Column("withdrawal_reason", Text(), nullable=False),
    )
    session_coaches = Table(
        f"coaching_session_coaches{suffix}",
        metadata,
        Column("session_id", Uuid(), nullable=False),
        Column("coach_id", Uuid(), nullable=False, index=True),
        Column("project_id", Uuid(), nullable=False),
        PrimaryKeyConstraint("session_id", "coach_id"),
    )
    monthly = Table(
        f"coaching_monthly{suffix}",
        metadata,
        Column("month", String(7), nullable=False),
        Column("session_type", String(32), nullable=False),
        Column("minutes", BigInteger(), nullable=False),
        Column("sessions", Integer(), nullable=False),
        PrimaryKeyConstraint("month", "session_type"),
    )
    return CoachingTables(sessions, session_coaches, monthly)


def _month(started_at: datetime) -> str:
    return started_at.astimezone(UTC).strftime("%Y-%m")


def _row(details: SessionDetails) -> dict[str, Any]:
    return {
        # In UTC: SQLite keeps the wall-clock time of a datetime, so mixed offsets would sort
        # by local time.
        "started_at": details.started_at.astimezone(UTC),
        "month": _month(details.started_at),
        "session_type": details.session_type.value,
        "duration_minutes": details.duration_minutes,
        "mode": details.mode.value,
        "participation_level": details.participation_level.value,
        "named_participants": len(details.participant_ids),
        "anonymous_participants": sum(h.count for h in details.anonymous_participants),
        "details": json.dumps(_details_json(details), separators=(",", ":")),
    }


class CoachingHistory(RowsProjection):
    name: ClassVar[str] = "coaching_history"
    PER_PROJECT: ClassVar[tuple[str, ...]] = ("sessions", "coaches")
    HANDLERS: ClassVar[dict[type[Any], str]] = {
        MicroProject.SessionLogged: "_logged",
        MicroProject.SessionCorrected: "_corrected",
        MicroProject.SessionWithdrawn: "_withdrawn",
    }

    def __init__(self, tables: CoachingTables) -> None:
        super().__init__(tables)
        self.t: CoachingTables = tables
        self.sessions = Rows(tables.sessions, "session_id")
        self.coaches = Rows(tables.session_coaches, "session_id", many=True)
        self.monthly = Rows(tables.monthly, ("month", "session_type"))

    @property
    def stores(self) -> tuple[Rows, ...]:
        return (self.sessions, self.coaches, self.monthly)

    def prefetch(self, events: Sequence[Any]) -> None:
        changed = {
            e.session_id
            for e in events
            if isinstance(e, MicroProject.SessionCorrected | MicroProject.SessionWithdrawn)
        }
        self.sessions.prefetch(changed)
        self.coaches.prefetch(changed)
        self.monthly.prefetch_all()

    def _count(self, month: str, session_type: str, minutes: int, n: int) -> None:
        key = (month, session_type)
        row = self.monthly.one(key)
        if row is None:
            self.monthly.put(
                {"month": month, "session_type": session_type, "minutes": minutes, "sessions": n}
            )
            return
        row["minutes"] += minutes
        row["sessions"] += n
        self.monthly.changed(key)

    def _link_coaches(self, e: Any, coach_ids: tuple[UUID, ...], new: bool = False) -> None:
        if not new:
            self.coaches.remove(e.session_id)
        for coach in coach_ids:
            self.coaches.put(
                {"session_id": e.session_id, "coach_id": coach, "project_id": e.originator_id},
                new=new,
            )

    def _logged(self, e: Any) -> None:
        d: SessionDetails = e.details
        row = _row(d)
        self.sessions.put(
            {
                "session_id": e.session_id,
                "project_id": e.originator_id,
                "logged_by": e.actor,
                "corrections": 0,
                "withdrawn": False,
                "withdrawal_reason": "",
                **row,
            }
        )
        self._link_coaches(e, d.coach_ids, new=True)
        self._count(row["month"], row["session_type"], d.duration_minutes, 1)

    def _corrected(self, e: Any) -> None:
        old = self.sessions.get(e.session_id)
        details = SessionDetails(**_details_from_json(old["details"])).corrected(e.changes)
        row = _row(details)
        self._count(old["month"], old["session_type"], -old["duration_minutes"], -1)
        self._count(row["month"], row["session_type"], details.duration_minutes, 1)
        old.update(row, corrections=old["corrections"] + 1)
        self.sessions.changed(e.session_id)
        if "coach_ids" in e.changes:
            self._link_coaches(e, details.coach_ids)

    def _withdrawn(self, e: Any) -> None:
        old = self.sessions.get(e.session_id)
        self._count(old["month"], old["session_type"], -old["duration_minutes"], -1)
        old.update(withdrawn=True, withdrawal_reason=e.reason)
        self.sessions.changed(e.session_id)


def _details_json(d: SessionDetails) -> dict[str, Any]:
    """The session as plain JSON (written out field by field: this runs for every session)."""
    return {
        "session_type": d.session_type.value,
        "started_at": d.started_at.isoformat(),
        "duration_minutes": d.duration_minutes,
        "mode": d.mode.value,
        "coach_ids": [str(c) for c in d.coach_ids],
        "participation_level": d.participation_level.value,
        "summary": d.summary,
        "participant_ids": [str(p) for p in d.participant_ids],
        "anonymous_participants": [
            {"role": h.role.value, "count": h.count} for h in d.anonymous_participants
        ],
        "topics": list(d.topics),
        "milestone_ids": list(d.milestone_ids),
        "tools": [t.value for t in d.tools],
        "follow_ups": [
            {"what": f.what, "due_on": f.due_on.isoformat(), "who": str(f.who) if f.who else None}
            for f in d.follow_ups
        ],
    }


def _details_from_json(text: str) -> dict[str, Any]:
    """The stored JSON of a session's details back into SessionDetails' constructor arguments."""
    raw = json.loads(text)
    return {
        "session_type": SessionType(raw["session_type"]),
        "started_at": datetime.fromisoformat(raw["started_at"]),
        "duration_minutes": raw["duration_minutes"],
        "mode": SessionMode(raw["mode"]),
        "coach_ids": tuple(UUID(x) for x in raw["coach_ids"]),
        "participation_level": ParticipationLevel(raw["participation_level"]),
        "summary": raw["summary"],
        "participant_ids": tuple(UUID(x) for x in raw["participant_ids"]),
        "anonymous_participants": tuple(
            HeadCount(TeamRole(h["role"]), h["count"]) for h in raw["anonymous_participants"]
        ),
        "topics": tuple(raw["topics"]),
        "milestone_ids": tuple(raw["milestone_ids"]),
        "tools": tuple(EmpowermentTool(t) for t in raw["tools"]),
        "follow_ups": tuple(
            FollowUp(
                f["what"], date.fromisoformat(f["due_on"]), UUID(f["who"]) if f["who"] else None
            )
            for f in raw["follow_ups"]
        ),
    }


LIVE = define(metadata)


# ---------------------------------------------------------------------------- queries
@dataclass(frozen=True)
class SessionEntry:
    session_id: UUID
    project_id: UUID
    details: dict[str, Any]
    logged_by: str
    corrections: int
    withdrawn: bool
    withdrawal_reason: str

    @property
    def sort_key(self) -> tuple[datetime, UUID]:
        """The list's order: (started_at in UTC, session_id)."""
        return datetime.fromisoformat(self.details["started_at"]).astimezone(UTC), self.session_id


@dataclass(frozen=True)
class HourTotals:
    """Hours of the sessions not withdrawn, by session type, by coach and by month."""

    total: float
    by_type: dict[str, float]
    by_coach: dict[str, float]
    by_month: dict[str, float]


def _entry(row: Any) -> SessionEntry:
    return SessionEntry(
        session_id=row.session_id,
        project_id=row.project_id,
        details=json.loads(row.details),
        logged_by=row.logged_by,
        corrections=row.corrections,
        withdrawn=bool(row.withdrawn),
        withdrawal_reason=row.withdrawal_reason,
    )


def _totals(connection: Connection, tables: CoachingTables, session_filter: Any) -> HourTotals:
    """Hours by session type, by coach and by month of the sessions `session_filter` picks
    (not withdrawn): the three sums in one statement (one round trip instead of three; on
    PostgreSQL those were two thirds of a project's page of sessions)."""
    s, sc = tables.sessions.c, tables.session_coaches.c
    counted = s.session_id.in_(select(s.session_id).where(session_filter, s.withdrawn.is_(False)))
    with_coaches = tables.sessions.join(tables.session_coaches, s.session_id == sc.session_id)

    def hours_by(kind: str, key: Any, source: Any = tables.sessions) -> Select[Any]:
        return (
            select(literal(kind).label("kind"), key.label("key"), func.sum(s.duration_minutes))
            .select_from(source)
            .where(counted)
            .group_by(key)
        )

    query = union_all(
        hours_by("type", s.session_type),
        hours_by("coach", cast(sc.coach_id, String()), with_coaches),
        hours_by("month", s.month),
    )
    minutes: dict[str, dict[str, int]] = {"type": {}, "coach": {}, "month": {}}
    for kind, key, total in connection.execute(query):
        # A coach id comes back as text: with dashes on PostgreSQL, as 32 hex digits on SQLite.
        minutes[kind][str(UUID(key)) if kind == "coach" else key] = int(total)

    def hours(of: dict[str, int]) -> dict[str, float]:
        return {key: round(of[key] / 60, 2) for key in sorted(of)}

    by_type = hours(minutes["type"])
    return HourTotals(
        round(sum(by_type.values()), 2), by_type, hours(minutes["coach"]), hours(minutes["month"])
    )


def project_history(
    connection: Connection, tables: CoachingTables, project_id: UUID
) -> tuple[list[SessionEntry], HourTotals]:
    s = tables.sessions.c
    rows = list(
        connection.execute(
            select(tables.sessions)
            .where(s.project_id == project_id)
            .order_by(s.started_at, s.session_id)
        )
    )
    entries = [_entry(r) for r in rows]
    return entries, _totals_of(rows, entries)


def project_sessions(
    connection: Connection,
    tables: CoachingTables,
    project_id: UUID,
    limit: int,
    after: tuple[datetime, UUID] | None = None,
) -> tuple[list[SessionEntry], HourTotals]:
    """A page of a project's sessions in time order (`limit` rows after the key `after`), and
    the hours of all its sessions (summed by the database, not from the rows)."""
    s = tables.sessions.c
    query = select(tables.sessions).where(s.project_id == project_id)
    if after is not None:
        query = query.where(after_key(s.started_at, s.session_id, after))
    rows = connection.execute(query.order_by(s.started_at, s.session_id).limit(limit))
    return [_entry(r) for r in rows], _totals(connection, tables, s.project_id == project_id)


def _totals_of(rows: list[Any], entries: list[SessionEntry]) -> HourTotals:
    """The same totals as `_totals`, from a project's rows already read (no more queries)."""
    by_type: dict[str, int] = {}
    by_month: dict[str, int] = {}
    by_coach: dict[str, int] = {}
    for row, entry in zip(rows, entries, strict=True):
        if row.withdrawn:
            continue
        minutes = int(row.duration_minutes)
        by_type[row.session_type] = by_type.get(row.session_type, 0) + minutes
        by_month[row.month] = by_month.get(row.month, 0) + minutes
        for coach in entry.details["coach_ids"]:
            by_coach[coach] = by_coach.get(coach, 0) + minutes

    def hours(minutes: dict[str, int]) -> dict[str, float]:
        return {key: round(minutes[key] / 60, 2) for key in sorted(minutes)}

    typed = hours(by_type)
    return HourTotals(round(sum(typed.values()), 2), typed, hours(by_coach), hours(by_month))


def coach_sessions(
    connection: Connection,
    tables: CoachingTables,
    coach_id: UUID,
    limit: int,
    after: tuple[datetime, UUID] | None = None,
    projects: Select[tuple[UUID]] | None = None,
) -> tuple[list[SessionEntry], HourTotals]:
    """A coach's sessions in time order and their hours; with `projects` (a subquery of
    project ids), only the sessions of those projects, in the list and in the totals."""
    s, sc = tables.sessions.c, tables.session_coaches.c
    theirs = select(sc.session_id).where(sc.coach_id == coach_id)
    if projects is not None:
        theirs = theirs.where(sc.project_id.in_(projects))
    query = select(tables.sessions).where(s.session_id.in_(theirs))
    if after is not None:
        query = query.where(after_key(s.started_at, s.session_id, after))
    rows = connection.execute(query.order_by(s.started_at, s.session_id).limit(limit))
    return [_entry(r) for r in rows], _totals(connection, tables, s.session_id.in_(theirs))


def hours_per_month(
    connection: Connection, tables: CoachingTables, projects: Select[tuple[UUID]] | None = None
) -> dict[str, float]:
    """Hours per month of every project (from the monthly totals), or of the projects of
    `projects` (a subquery of ids), summed from their sessions that were not withdrawn."""
    if projects is None:
        m = tables.monthly.c
        query = select(m.month, func.sum(m.minutes)).group_by(m.month).order_by(m.month)
    else:
        s = tables.sessions.c
        query = (
            select(s.month, func.sum(s.duration_minutes))
            .where(s.project_id.in_(projects), s.withdrawn.is_(False))
            .group_by(s.month)
            .order_by(s.month)
        )
    return {r[0]: round(int(r[1]) / 60, 2) for r in connection.execute(query) if r[1]}
