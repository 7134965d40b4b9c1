"""The portfolio dashboard: a query over the summaries, stage and coaching read models.

It owns no tables: counts by stage, country, target group and outcome come from the project
summaries; the funnel from each project's furthest stage; median days per stage from the
stage periods that ended; hours per month from the coaching history's monthly totals.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, Select, func, select

from domain.values import STAGE_ORDER
from projections import coaching, stages, summaries


@dataclass(frozen=True)
class CohortProgress:
    cohort: str
    projects: int
    by_stage: dict[str, int]
    by_outcome: dict[str, int]
    reached_independence: int


@dataclass(frozen=True)
class Portfolio:
    projects: int
    by_stage: dict[str, int]
    by_status: dict[str, int]
    by_country: dict[str, int]
    by_target_group: dict[str, int]
    by_outcome: dict[str, int]
    funnel: dict[str, int]
    median_days_in_stage: dict[str, float | None]
    coaching_hours_per_month: dict[str, float]
    accelerator_cohorts: list[CohortProgress]


def _count_by(connection: Connection, column: Any, *where: Any) -> dict[str, int]:
    query = select(column, func.count()).where(*where).group_by(column).order_by(column)
    return {str(r[0]): int(r[1]) for r in connection.execute(query)}


def portfolio(
    connection: Connection,
    summary_tables: summaries.SummaryTables = summaries.LIVE,
    stage_tables: stages.StageTables = stages.LIVE,
    coaching_tables: coaching.CoachingTables = coaching.LIVE,
    within: Select[tuple[UUID]] | None = None,
) -> Portfolio:
    """Every figure over every project, or over the projects of `within` (a subquery of
    project ids: a programme-scoped dashboard's)."""
    p = summary_tables.projects.c
    scoped = () if within is None else (p.project_id.in_(within),)
    total = int(
        connection.execute(
            select(func.count()).select_from(summary_tables.projects).where(*scoped)
        ).scalar_one()
    )
    furthest = _count_by(connection, p.furthest_stage, *scoped)
    funnel = {
        stage.value: sum(n for index, n in furthest.items() if int(index) >= stage.index)
        for stage in STAGE_ORDER
    }
    sp = stage_tables.periods.c
    durations: dict[str, list[int]] = {stage.value: [] for stage in STAGE_ORDER}
    ended = select(sp.stage, sp.entered_on, sp.left_on).where(sp.left_on.is_not(None))
    if within is not None:
        ended = ended.where(sp.project_id.in_(within))
    for row in connection.execute(ended):
        durations[row.stage].append((row.left_on - row.entered_on).days)
    cohorts = []
    cohort_names = [
        r[0]
        for r in connection.execute(
            select(p.accelerator_cohort)
            .where(p.accelerator_cohort.is_not(None), *scoped)
            .group_by(p.accelerator_cohort)
            .order_by(p.accelerator_cohort)
        )
    ]
    for cohort in cohort_names:
        in_cohort = (p.accelerator_cohort == cohort, *scoped)
        by_stage = _count_by(connection, p.stage, *in_cohort)
        cohorts.append(
            CohortProgress(
                cohort=cohort,
                projects=sum(by_stage.values()),
                by_stage=by_stage,
                by_outcome=_count_by(connection, p.outcome, *in_cohort, p.outcome.is_not(None)),
                reached_independence=sum(
                    _count_by(
                        connection, p.furthest_stage, *in_cohort, p.furthest_stage >= 3
                    ).values()
                ),
            )
        )
    return Portfolio(
        projects=total,
        by_stage=_count_by(connection, p.stage, *scoped),
        by_status=_count_by(connection, p.status, *scoped),
        by_country=_count_by(connection, p.country, *scoped),
        by_target_group=_count_by(connection, p.target_group, *scoped),
        by_outcome=_count_by(connection, p.outcome, p.outcome.is_not(None), *scoped),
        funnel=funnel,
        median_days_in_stage={
            stage: (float(median(days)) if days else None) for stage, days in durations.items()
        },
        coaching_hours_per_month=coaching.hours_per_month(connection, coaching_tables, within),
        accelerator_cohorts=cohorts,
    )
