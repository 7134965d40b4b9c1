"""The participation ladder of a programme for dashboards: counts per rung, per target group
and in total, now and over time, with the share at co_producing or above (LADDER)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from api.deps import ContainerDep, GuardDep
from api.docs import PROJECTED
from api.routers.indicators import KnownAt, caught_up
from api.schemas.participation import LadderSummaryPublic
from app.access import Action
from app.reports.ladder import By
from app.reports.service import participation_ladder

router = APIRouter(prefix="/programmes/{programme_id}", tags=["programmes"])


@router.get(
    "/participation",
    response_model=LadderSummaryPublic,
    responses=PROJECTED,
    summary="How many of the programme's projects stand on each rung of the participation "
    "ladder, per target group, now and per reporting period or month (a coordinator: their "
    "networks' projects)",
)
def read_ladder(
    programme_id: UUID,
    guard: GuardDep,
    container: ContainerDep,
    by: Annotated[By, Query(description="period (default) or month")] = "period",
    as_known_at: KnownAt = None,
) -> LadderSummaryPublic:
    guard.programme(programme_id, Action.READ_LADDER)
    caught_up(container)  # the enrolments and (for a coordinator) the scope, up to date
    within = guard.projects_within(Action.READ_LADDER)
    summary = participation_ladder(
        guard.incubator,
        container.read_models,
        programme_id,
        by=by,
        as_known_at=as_known_at,
        within=within,
    )
    return LadderSummaryPublic.model_validate(summary, from_attributes=True)
