"""The portfolio dashboard, from the read models (may lag; see X-Min-Position)."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import GuardDep, ReadModelsDep
from api.docs import problems
from api.schemas.dashboard import PortfolioPublic
from app.access import Action

router = APIRouter(prefix="/dashboard", tags=["dashboard"])


@router.get(
    "/portfolio",
    response_model=PortfolioPublic,
    responses=problems(401, 403, 422, 503),
    summary="Counts by stage, country, target group and outcome; the funnel; median days in "
    "each stage; coaching hours per month; accelerator cohort progress (a programme-scoped "
    "token: of its programme's projects)",
)
def portfolio(guard: GuardDep, read_models: ReadModelsDep) -> PortfolioPublic:
    principal = guard.require(Action.READ_PROJECT)
    figures = read_models.portfolio(principal.programme_id)
    return PortfolioPublic.model_validate(figures, from_attributes=True)
