"""Bodies of the portfolio dashboard."""

from __future__ import annotations

from pydantic import (
    BaseModel,
    Field,
)


class CohortProgressPublic(BaseModel):
    cohort: str
    projects: int
    by_stage: dict[str, int]
    by_outcome: dict[str, int]
    reached_independence: int


class PortfolioPublic(BaseModel):
    projects: int
    by_stage: dict[str, int]
    by_status: dict[str, int]
    by_country: dict[str, int]
    by_target_group: dict[str, int]
    by_outcome: dict[str, int]
    funnel: dict[str, int] = Field(description="Projects that ever reached each stage.")
    median_days_in_stage: dict[str, float | None]
    coaching_hours_per_month: dict[str, float]
    accelerator_cohorts: list[CohortProgressPublic]
