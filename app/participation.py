"""The participation ladder over time: readings from sessions (the level a coach logged) and
from co-assessments (a coach and the service users together, the users' own view beside),
the current level, the distance travelled and the level at each gate decision."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from app.commands import ProjectCommand
from app.incubator import Incubator
from domain.project import MicroProject
from domain.values import ParticipationLevel, Stage

SOURCES = ("session", "assessment")


@dataclass(frozen=True)
class Reading:
    on: date
    level: ParticipationLevel
    source: str
    user_view: ParticipationLevel | None = None


@dataclass(frozen=True)
class GateLevel:
    on: date
    to_stage: Stage
    level: ParticipationLevel | None


@dataclass(frozen=True)
class Participation:
    current: ParticipationLevel | None
    distance: int
    readings: tuple[Reading, ...]
    at_gates: tuple[GateLevel, ...]


def readings_of(project: MicroProject) -> Participation:
    readings = sorted(
        [
            *(
                Reading(s.details.started_at.date(), s.details.participation_level, "session")
                for s in project.sessions.values()
                if not s.withdrawn
            ),
            *(
                Reading(a.assessed_on, a.level, "assessment", a.user_view)
                for a in project.assessments
            ),
        ],
        key=lambda r: (r.on, SOURCES.index(r.source)),
    )
    gates = tuple(
        GateLevel(
            change.occurred_on,
            change.to_stage,
            next((r.level for r in reversed(readings) if r.on <= change.occurred_on), None),
        )
        for change in project.stage_history
        if change.kind in ("advanced", "reverted")
    )
    if not readings:
        return Participation(None, 0, (), gates)
    distance = readings[-1].level.rung - readings[0].level.rung
    return Participation(readings[-1].level, distance, tuple(readings), gates)


def participation(incubator: Incubator, project_id: object) -> Participation:
    return incubator.writer.read(MicroProject, project_id, readings_of)  # type: ignore[arg-type]


@dataclass(frozen=True)
class AssessParticipation(ProjectCommand):
    level: ParticipationLevel
    user_view: ParticipationLevel
    assessed_on: date
    note: str = ""

    def apply(self, target: MicroProject, actor: str, now: datetime) -> None:
        target.assess_participation(
            self.level, self.user_view, self.note, self.assessed_on, actor, now.date()
        )
