"""The coach's pages of work: their home (my projects, what is due, one tap to log a session)
and support sessions (log, correct, withdraw), as forms over the JSON API's commands.

Routes stay thin: the guard and the commands are the API's (api/pages/forms.py runs them);
what a page shows is computed in views.py and fieldwork.py.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.pages import actions, fieldwork, project_forms, views
from api.pages.forms import Form, FormDep, Refused, Submission
from api.pages.labels import N_
from api.pages.outbox import Queued, text
from api.pages.session import Viewer, ViewerDep
from api.pages.shell import name_of, render
from api.schemas.sessions import SessionCorrection, SessionCreate, SessionWithdrawal
from app import audit
from app.access import Action, may
from app.attention import attention_for
from domain.countries import zone_of
from domain.errors import SessionNotFound
from projections.summaries import SummaryFilter

# What the attention list adds to a home page (follow-ups and reviews are on it already).
HOME_KINDS: dict[str, str] = {
    "checkin_overdue": N_("Biography check-in overdue"),
    "no_contact": N_("No contact"),
    "gate_ready": N_("Gate ready to decide"),
}

router = APIRouter(include_in_schema=False)

# Saved without a connection, the session forms wait in the device's outbox for these routes
# (outbox.js builds the session body as fieldwork.session_body does; a correction sends the
# fields changed against the form as it was rendered, with the version it was rendered from).
LOG_QUEUED = Queued("POST /projects/{project_id}/sessions", N_("Log a session"))
SESSION_CHANGES: dict[str, tuple[str, str, str]] = {  # route, label, done
    "correction": ("corrections", N_("Correct this session"), "session-corrected"),
    "withdrawal": ("withdrawal", N_("Withdraw this session"), "session-withdrawn"),
}


def _change_shape(which: str, was: Mapping[str, Any]) -> Any:
    """A withdrawal's reason; a correction's reason and the fields changed against `was`,
    the session as it stands on the version the page shows."""
    if which == "withdrawal":
        return {"reason": text("reason")}
    changed = {"$changes": fieldwork.CORRECTABLE, "was": was}
    return {"changes": changed, "reason": text("reason")}


def done(to: str, what: str) -> RedirectResponse:
    """After a write: back to the page, which says what was recorded."""
    joiner = "&" if "?" in to else "?"
    return RedirectResponse(f"{to}{joiner}done={what}", status_code=303)


# ---------------------------------------------------------------------------- home
@router.get("/ui/home", response_class=HTMLResponse)
def home(request: Request, viewer: ViewerDep) -> HTMLResponse:
    principal = viewer.guard.require(Action.READ_PROJECT)
    reads = viewer.container.read_models
    scope = viewer.guard.scope()
    rows = (
        reads.list_projects(SummaryFilter(), 500, None)
        if scope.projects is None
        else [
            row
            for row in reads.list_projects(SummaryFilter(), 2_000, None)
            if row.project_id in scope.projects
        ]
    )
    today = viewer.guard.today()
    cards = [
        views.project_card(row, reads.coaching_history(row.project_id)[0], today) for row in rows
    ]
    reviews = [
        (row, review)
        for row in rows
        if principal.role.value == "coordinator" and row.status != "closed"
        for review in viewer.container.incubator.get_project(row.project_id).gate_reviews
        if review.open
    ]
    due = (
        [
            item
            for item in attention_for(
                viewer.container.incubator,
                reads,
                principal.role.value,
                principal.person_id,
                today,
                viewer.container.settings.no_contact_days,
                principal.programme_id,
            )
            if item.kind in HOME_KINDS
        ]
        if principal.role.value in ("coach", "coordinator")
        else []
    )
    return render(
        request,
        viewer,
        "home.html",
        cards=cards,
        reviews=reviews,
        due=due,
        due_words=HOME_KINDS,
        may_propose=may(principal, Action.PROPOSE_PROJECT),
    )


# ---------------------------------------------------------------------------- sessions
def _zone(viewer: Viewer, project_id: UUID) -> Any:
    project = viewer.container.incubator.get_project(project_id)
    network = viewer.container.incubator.get_network(project.network_id)
    return zone_of(network.country)


def _session_form(
    request: Request, viewer: Viewer, project_id: UUID, form: Form, status: int = 200
) -> HTMLResponse:
    incubator = viewer.container.incubator
    project = incubator.get_project(project_id)
    team = [
        (str(m.person_id), name_of(viewer, m.person_id) or str(m.person_id)) for m in project.team
    ]
    zone = str(_zone(viewer, project_id))
    done_at = f"/ui/projects/{project_id}?done=session-logged"
    form.outbox = LOG_QUEUED.attribute(viewer, project, "session", done_at, False, zone=zone)
    return render(
        request,
        viewer,
        "session_form.html",
        status_code=status,
        project=project,
        form=form,
        team=team,
        zone=zone,
        choices=fieldwork.session_choices(viewer.language),
    )


@router.get("/ui/projects/{project_id}/sessions/new", response_class=HTMLResponse)
def new_session(request: Request, viewer: ViewerDep, project_id: UUID) -> HTMLResponse:
    viewer.guard.project(project_id, Action.LOG_SESSION)
    sessions, _hours = viewer.container.read_models.coaching_history(project_id)
    mine = [s for s in sessions if not s.withdrawn and s.logged_by == viewer.guard.principal.actor]
    last = mine[-1].details if mine else None
    now: datetime = viewer.container.clock()
    values = fieldwork.prefill_session(last, _zone(viewer, project_id), now)
    return _session_form(request, viewer, project_id, Form(values=values))


@router.post("/ui/projects/{project_id}/sessions", response_model=None)
def log_session(request: Request, viewer: ViewerDep, project_id: UUID, data: FormDep) -> Response:
    viewer.guard.project(project_id, Action.LOG_SESSION)  # before the input: a refused caller
    submission = Submission(request, viewer, data, fieldwork.SESSION_FIELDS)
    try:
        body = fieldwork.session_body(submission.form.values, _zone(viewer, project_id))
        checked = submission.validate(SessionCreate, body)
        coach = viewer.guard.principal.person_id
        submission.command(project_id, Action.LOG_SESSION, lambda: checked.command(coach))
    except Refused as refused:
        return _session_form(request, viewer, project_id, refused.form, refused.status)
    return done(f"/ui/projects/{project_id}", "session-logged")


def _current_session(viewer: Viewer, project_id: UUID, session_id: UUID) -> Any:
    project = viewer.container.incubator.get_project(project_id)
    for session in project.sessions:
        if session.session_id == session_id:
            return session.details
    raise SessionNotFound(session_id)


def _session_page(
    request: Request,
    viewer: Viewer,
    project_id: UUID,
    session_id: UUID,
    correction: Form | None = None,
    withdrawal: Form | None = None,
    status: int = 200,
    done: str | None = None,
) -> HTMLResponse:
    viewer.guard.project(project_id, Action.READ_PROJECT)
    if not viewer.guard.principal.sees_personal_data:  # a session page is its notes and people
        raise viewer.guard.forbidden(Action.READ_PROJECT, "a session's notes")
    incubator = viewer.container.incubator
    project = incubator.get_project(project_id)
    found = [s for s in project.sessions if s.session_id == session_id]
    if not found:
        raise SessionNotFound(session_id)
    session = found[0]
    history = [
        entry
        for entry in audit.project_history(incubator, project_id)
        if str(entry.data.get("session_id")) == str(session_id)
    ]
    values = views.session_values(session.details)
    zone = str(_zone(viewer, project_id))
    correction = correction or Form(values=values, version=project.version)
    withdrawal = withdrawal or Form(version=project.version)
    page = f"/ui/projects/{project_id}/sessions/{session_id}"
    for form, which in ((correction, "correction"), (withdrawal, "withdrawal")):
        route, label, done_slug = SESSION_CHANGES[which]
        queued = Queued(f"POST /projects/{{project_id}}/sessions/{session_id}/{route}", label)
        shape = _change_shape(which, values)
        done_at = f"{page}?done={done_slug}"
        form.outbox = queued.attribute(viewer, project, shape, done_at, True, zone=zone)
    return render(
        request,
        viewer,
        "session.html",
        status_code=status,
        project=project,
        session=session,
        history=views.session_history(history, viewer.language, lambda p: name_of(viewer, p)),
        correction=correction,
        withdrawal=withdrawal,
        team=[
            (str(m.person_id), name_of(viewer, m.person_id) or str(m.person_id))
            for m in project.team
        ],
        choices=fieldwork.session_choices(viewer.language),
        zone=zone,
        done=views.done_message(done, viewer.language),
    )


@router.get("/ui/projects/{project_id}/sessions/{session_id}", response_class=HTMLResponse)
def session_page(
    request: Request,
    viewer: ViewerDep,
    project_id: UUID,
    session_id: UUID,
    done: Annotated[str | None, Query(max_length=40)] = None,
) -> HTMLResponse:
    return _session_page(request, viewer, project_id, session_id, done=done)


def _change_session(
    request: Request,
    viewer: Viewer,
    ids: tuple[UUID, UUID],
    submission: Submission,
    which: str,
    body: Callable[[], dict[str, Any]],
) -> Response:
    """A correction or a withdrawal (`which`): a versioned command on the session."""
    project_id, session_id = ids
    page = f"/ui/projects/{project_id}/sessions/{session_id}"
    schema: type[SessionCorrection | SessionWithdrawal] = (
        SessionCorrection if which == "correction" else SessionWithdrawal
    )
    try:
        checked: SessionCorrection | SessionWithdrawal = submission.validate(schema, body())
        submission.command(
            project_id, Action.LOG_SESSION, lambda: checked.command(session_id), versioned=True
        )
    except Refused as refused:
        form = refused.form
        correction, withdrawal = (form, None) if which == "correction" else (None, form)
        return _session_page(
            request, viewer, project_id, session_id, correction, withdrawal, refused.status
        )
    return done(page, "session-corrected" if which == "correction" else "session-withdrawn")


@router.post("/ui/projects/{project_id}/sessions/{session_id}/corrections", response_model=None)
def correct_session(
    request: Request, viewer: ViewerDep, project_id: UUID, session_id: UUID, data: FormDep
) -> Response:
    viewer.guard.project(project_id, Action.LOG_SESSION)  # learns nothing of the project
    submission = Submission(request, viewer, data, fieldwork.correction_fields())
    if submission.sent_before():  # a double tap: the changes are no longer there to compute
        return done(f"/ui/projects/{project_id}/sessions/{session_id}", "session-corrected")

    def body() -> dict[str, Any]:
        current = _current_session(viewer, project_id, session_id)
        changes = fieldwork.correction_changes(
            submission.form.values, _zone(viewer, project_id), views.session_values(current)
        )
        return {"changes": changes, "reason": submission.form.value("reason")}

    ids = (project_id, session_id)
    return _change_session(request, viewer, ids, submission, "correction", body)


@router.post("/ui/projects/{project_id}/sessions/{session_id}/withdrawal", response_model=None)
def withdraw_session(
    request: Request, viewer: ViewerDep, project_id: UUID, session_id: UUID, data: FormDep
) -> Response:
    viewer.guard.project(project_id, Action.LOG_SESSION)
    submission = Submission(request, viewer, data)

    def body() -> dict[str, Any]:
        return {"reason": submission.form.value("reason")}

    ids = (project_id, session_id)
    return _change_session(request, viewer, ids, submission, "withdrawal", body)


actions.install(router, project_forms.PAGES)
