"""The dashboard's pages: thin routes that check the viewer's role as the API does, read the
projections (or, for the audit page, the event stream) and render a template."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from functools import partial
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from api.pages import actions, ladder, project_forms, views
from api.pages.labels import EVENT_LABELS
from api.pages.session import Viewer, ViewerDep
from api.pages.shell import name_of, render
from api.paging import page_of, parse_cursor
from app import audit
from app.access import Action, may
from app.participation import participation
from app.reports.service import participation_ladder
from domain.errors import ProgrammeNotFound
from domain.values import Stage, Status, TargetGroup
from projections import programmes
from projections.summaries import SummaryFilter
from store.tokens import Role

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 50
# Events the audit page lists around the chosen version (the slider reaches every version):
# listing a 2,000-event stream took 1.2 s.
AUDIT_EVENTS = 50


@router.get("/", response_class=HTMLResponse)
def portfolio(request: Request, viewer: ViewerDep, programme: UUID | None = None) -> HTMLResponse:
    principal = viewer.guard.require(Action.READ_PROJECT)
    figures = viewer.container.read_models.portfolio(principal.programme_id)
    return render(
        request,
        viewer,
        "portfolio.html",
        view=views.portfolio_view(figures, viewer.language),
        figures=figures,
        ladder=_programme_ladder(viewer, programme),
    )


def _programme_ladder(viewer: Viewer, chosen: UUID | None) -> dict[str, Any] | None:
    """The portfolio's ladder section: a programme's projects per rung over time, per target
    group, as `GET /programmes/{id}/participation` counts them for this viewer (the most
    recent programme unless one is chosen); None for roles that may not read it."""
    guard, container = viewer.guard, viewer.container
    if not may(guard.principal, Action.READ_LADDER):
        return None
    with container.read_models.engine.connect() as connection:
        rows = programmes.list_programmes(connection, 500, None, guard.principal.programme_id)
    if chosen is not None and chosen not in {r.programme_id for r in rows}:
        raise ProgrammeNotFound(chosen)
    if not rows:
        return None
    pick = chosen or max(rows, key=lambda r: (r.starts_on, r.name)).programme_id
    summary = participation_ladder(
        container.incubator,
        container.read_models,
        pick,
        within=guard.projects_within(Action.READ_LADDER),
    )
    return {
        "programmes": rows,
        "chosen": pick,
        "groups": ladder.programme_ladder(summary, viewer.language),
        "words": ladder.level_words(viewer.language),
        "rungs": ladder.KEYS,
    }


@router.get("/ui/projects", response_class=HTMLResponse)
def projects(
    request: Request,
    viewer: ViewerDep,
    stage: Stage | None = None,
    status: Status | None = None,
    country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2}$")] = None,
    target_group: TargetGroup | None = None,
    cursor: Annotated[str | None, Query(max_length=100)] = None,
) -> HTMLResponse:
    principal = viewer.guard.require(Action.READ_PROJECT)
    where = viewer.guard.listing(SummaryFilter.of(stage, status, country, None, None, target_group))
    if principal.role is Role.COORDINATOR:  # the projects they may open: their networks'
        where = replace(where, coordinator_id=principal.person_id)
    rows = viewer.container.read_models.list_projects(
        where, PAGE_SIZE + 1, parse_cursor(cursor, date.fromisoformat)
    )
    shown, next_cursor = page_of(rows, PAGE_SIZE)
    figures = viewer.container.read_models.portfolio(principal.programme_id)
    return render(
        request,
        viewer,
        "projects.html",
        rows=views.for_viewer(principal.sees_personal_data, shown),
        next_cursor=next_cursor,
        where=where,
        countries=sorted(figures.by_country),
        stages=views.STAGES,
        statuses=[s.value for s in Status],
        target_groups=[g.value for g in TargetGroup],
        country_name=lambda code: views.country_name(code, viewer.language),
    )


@router.get("/ui/projects/{project_id}", response_class=HTMLResponse)
def project(
    request: Request,
    viewer: ViewerDep,
    project_id: UUID,
    done: Annotated[str | None, Query(max_length=40)] = None,
) -> HTMLResponse:
    viewer.guard.project(project_id, Action.READ_PROJECT)
    incubator, read_models = viewer.container.incubator, viewer.container.read_models
    state = incubator.get_project(project_id)
    network = incubator.get_network(state.network_id)
    periods = read_models.stage_periods(project_id, viewer.guard.today())
    board = read_models.milestone_board(project_id)
    sessions, hours = read_models.coaching_history(project_id)
    coach_names = {str(c): name_of(viewer, c) for c in state.coaches}
    for entry in sessions:
        for coach in entry.details.get("coach_ids", []):
            coach_names.setdefault(str(coach), name_of(viewer, coach))
    sees_people = viewer.session.principal.sees_personal_data
    shown = partial(views.for_viewer, sees_people)
    named = partial(name_of, viewer)
    return render(
        request,
        viewer,
        "project.html",
        project=shown(state),
        team_size=len(state.team),
        network=shown(network),
        country=views.country_name(network.country, viewer.language),
        periods=shown(periods),
        segments=views.stage_timeline(periods, viewer.language),
        board=shown(board),
        sessions=shown(sessions),
        hours=shown(hours),
        hours_by_type=views.hours_by(hours.by_type, "hours.by_type", viewer.language),
        coach_names=coach_names,
        works_here=viewer.guard.allows_project(project_id, Action.LOG_SESSION),
        work=actions.links(project_forms.PAGES, viewer, state),
        team=[(m, named(m.person_id)) for m in state.team],
        needs=list(reversed(state.needs)) if sees_people else [],
        happenings=views.happenings(
            audit.project_history(incubator, project_id), viewer.language, named
        ),
        ladder=ladder.project_ladder(
            participation(incubator, project_id), viewer.language, sees_people
        ),
        may_biography=viewer.guard.allows_project(project_id, Action.READ_BIOGRAPHY),
        done=views.done_message(done, viewer.language),
    )


@router.get("/ui/coaches/{coach_id}", response_class=HTMLResponse)
def coach(
    request: Request,
    viewer: ViewerDep,
    coach_id: UUID,
    cursor: Annotated[str | None, Query(max_length=100)] = None,
) -> HTMLResponse:
    scope = viewer.guard.coach_sessions(coach_id)
    principal = viewer.guard.principal
    read_models = viewer.container.read_models
    after = parse_cursor(cursor, datetime.fromisoformat)
    sessions, hours = read_models.coach_sessions(
        coach_id, PAGE_SIZE + 1, after, scope.network_coordinator, scope.programme_id
    )
    shown, next_cursor = page_of(sessions, PAGE_SIZE)
    titles = {
        row.project_id: row.title
        for row in read_models.list_projects(SummaryFilter(coach_id=coach_id), 500, None)
    }
    return render(
        request,
        viewer,
        "coach.html",
        coach_id=coach_id,
        coach_name=name_of(viewer, coach_id),
        sessions=views.for_viewer(principal.sees_personal_data, shown),
        hours=views.for_viewer(principal.sees_personal_data, hours),
        titles=titles,
        next_cursor=next_cursor,
        by_month=views.hours_per_month(hours, viewer.language),
        by_type=views.hours_by(hours.by_type, "hours.by_type", viewer.language),
    )


@router.get("/ui/projects/{project_id}/audit", response_class=HTMLResponse)
def audit_trail(
    request: Request,
    viewer: ViewerDep,
    project_id: UUID,
    version: Annotated[int | None, Query(ge=1, le=10**9)] = None,
) -> HTMLResponse:
    viewer.guard.require(Action.READ_HISTORY)
    incubator = viewer.container.incubator
    head = audit.head_version(incubator, project_id)
    chosen = min(version or head, head)
    first, last = views.audit_window(chosen, head, AUDIT_EVENTS)
    events = audit.project_history(incubator, project_id, from_version=first, to_version=last)
    state = audit.project_at_version(incubator, project_id, chosen)
    changes = (
        audit.diff_states(audit.project_at_version(incubator, project_id, chosen - 1), state)
        if chosen > 1
        else []
    )
    actors = {e.actor for e in events if e.actor}
    return render(
        request,
        viewer,
        "audit.html",
        project_id=project_id,
        events=events,
        head=head,
        chosen=chosen,
        state=state,
        changes=changes,
        report=audit.verify_project(incubator, project_id),
        actor_names={a: name_of(viewer, a) for a in actors},
        change_text=lambda change: views.change_text(change, viewer.language),
        event_name=lambda kind: viewer.language.gettext(
            EVENT_LABELS.get(kind.split(".")[-1], kind.split(".")[-1])
        ),
    )
