"""Every read model, by name: the live instances and fresh ones on scratch tables."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import MetaData

from projections import coaching, milestones, programmes, stages, summaries, teams
from projections.base import Projection

# name → (projection class, table module)
_KINDS: dict[str, tuple[Callable[[Any], Projection], Any]] = {
    summaries.ProjectSummaries.name: (summaries.ProjectSummaries, summaries),
    milestones.SustainabilityMilestones.name: (milestones.SustainabilityMilestones, milestones),
    coaching.CoachingHistory.name: (coaching.CoachingHistory, coaching),
    stages.StageHistory.name: (stages.StageHistory, stages),
    teams.ProjectTeams.name: (teams.ProjectTeams, teams),
    programmes.ProgrammeEnrolments.name: (programmes.ProgrammeEnrolments, programmes),
}

NAMES: tuple[str, ...] = tuple(_KINDS)


def live_projections() -> list[Projection]:
    return [cls(module.LIVE) for cls, module in _KINDS.values()]


def live_projection(name: str) -> Projection:
    cls, module = _KINDS[name]
    return cls(module.LIVE)


def scratch_projection(name: str, metadata: MetaData, suffix: str) -> Projection:
    """The projection on a fresh copy of its tables (`<table><suffix>`), for rebuild and verify."""
    cls, module = _KINDS[name]
    return cls(module.define(metadata, suffix))
