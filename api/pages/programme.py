"""The programme's pages of work: networks (list, register, institutions, coordinator),
proposing a project in a network, and registering a person; forms over the JSON API's
commands, like api/pages/work.py.
"""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.pages import people_picker
from api.pages.fieldwork import options
from api.pages.forms import Form, FormDep, Refused, Submission
from api.pages.session import Viewer, ViewerDep, safe_next
from api.pages.shell import name_of, render
from api.pages.views import country_name, done_message
from api.problems import ApiProblem
from api.schemas.networks import CoordinatorAppointment, InstitutionCreate, NetworkCreate
from api.schemas.people import PersonCreate
from api.schemas.projects import ProjectCreate
from app.access import Action, may
from domain.countries import COUNTRY_ZONES
from domain.errors import DomainError
from domain.values import PersonRole, TargetGroup
from projections.summaries import SummaryFilter

router = APIRouter(include_in_schema=False)
Next = Annotated[str | None, Query(max_length=500)]
Done = Annotated[str | None, Query(max_length=40)]
Search = Annotated[str | None, Query(max_length=200)]


def _text(values: Any, name: str) -> str:
    raw = values.get(name, "")
    return raw.strip() if isinstance(raw, str) else ""


def _lines(values: Any, name: str) -> list[str]:
    return [line.strip() for line in _text(values, name).splitlines() if line.strip()]


def _networks(viewer: Viewer, action: Action) -> list[tuple[str, str]]:
    """The networks the viewer may do `action` in, as choices."""
    principal = viewer.guard.require(Action.READ_PROJECT)
    reads = viewer.container.read_models
    rows = reads.list_networks(viewer.guard.scope().networks, 500, None)
    return [
        (str(row.network_id), f"{row.name} ({row.region})")
        for row in rows
        if may(principal, action)
        and (principal.role.value == "admin" or row.coordinator_id == principal.person_id)
    ]


def _target_groups(viewer: Viewer) -> list[tuple[str, str]]:
    return options((g.value for g in TargetGroup), viewer.language)


# ---------------------------------------------------------------------------- networks
@router.get("/ui/networks", response_class=HTMLResponse)
def networks(request: Request, viewer: ViewerDep, done: Done = None) -> HTMLResponse:
    principal = viewer.guard.require(Action.READ_PROJECT)
    reads = viewer.container.read_models
    scope = viewer.guard.scope()
    counted = scope.projects if principal.programme_id else None
    return render(
        request,
        viewer,
        "networks.html",
        rows=reads.list_networks(scope.networks, 500, None, counted),
        country_name=lambda code: country_name(code, viewer.language),
        name=lambda person_id: name_of(viewer, person_id) if person_id else None,
        done=done_message(done, viewer.language),
    )


def _network_form(
    request: Request, viewer: Viewer, form: Form, query: str | None, status: int = 200
) -> HTMLResponse:
    admin = viewer.guard.principal.role.value == "admin"
    return render(
        request,
        viewer,
        "network_form.html",
        status_code=status,
        form=form,
        countries=[(code, country_name(code, viewer.language)) for code in COUNTRY_ZONES],
        target_groups=_target_groups(viewer),
        picker=people_picker.search(viewer, query, roles=("coordinator",)) if admin else None,
    )


@router.get("/ui/networks/new", response_class=HTMLResponse)
def new_network(request: Request, viewer: ViewerDep, q: Search = None) -> HTMLResponse:
    viewer.guard.require(Action.REGISTER_NETWORK)
    return _network_form(request, viewer, Form(), q)


@router.post("/ui/networks/new", response_model=None)
def register_network(request: Request, viewer: ViewerDep, data: FormDep) -> Response:
    guard = viewer.guard
    guard.require(Action.REGISTER_NETWORK)
    submission = Submission(request, viewer, data)
    values = submission.form.values
    try:
        body = {
            "name": _text(values, "name"),
            "country": _text(values, "country"),
            "region": _text(values, "region"),
            "target_group": _text(values, "target_group"),
            "institutions": _lines(values, "institutions"),
            "coordinator_id": _text(values, "coordinator_id") or None,
        }
        checked = submission.validate(NetworkCreate, body)
        coordinator = guard.new_network(checked.coordinator_id)
        actor = guard.principal.actor
        reply = submission.write(
            lambda _: checked.register(guard.incubator, actor, coordinator), False
        )
    except Refused as refused:
        return _network_form(request, viewer, refused.form, None, refused.status)
    return RedirectResponse(f"/ui/networks/{reply['id']}?done=network-registered", 303)


def _network_page(
    request: Request,
    viewer: Viewer,
    network_id: UUID,
    forms: dict[str, Form] | None = None,
    status: int = 200,
    done: str | None = None,
    query: str | None = None,
) -> HTMLResponse:
    guard = viewer.guard
    principal = guard.require(Action.READ_PROJECT)
    network = guard.incubator.get_network(network_id)
    reads = viewer.container.read_models
    scope = guard.scope()
    if scope.networks is not None and network_id not in scope.networks:
        raise guard.forbidden(Action.READ_PROJECT, "this network")
    allowed = {
        name: _allows(viewer, network_id, action)
        for name, action in (
            ("institution", Action.MANAGE_NETWORK),
            ("coordinator", Action.APPOINT_COORDINATOR),
            ("propose", Action.PROPOSE_PROJECT),
        )
    }
    shown = {
        "institution": Form(),
        "coordinator": Form(version=network.version),
        **(forms or {}),
    }
    shown_projects = SummaryFilter(network_id=network_id, programme_id=principal.programme_id)
    rows = reads.list_projects(shown_projects, 500, None)
    return render(
        request,
        viewer,
        "network.html",
        status_code=status,
        network=network,
        country=country_name(network.country, viewer.language),
        coordinator=name_of(viewer, network.coordinator_id) if network.coordinator_id else None,
        projects=rows,
        allowed=allowed,
        forms=shown,
        picker=people_picker.search(viewer, query, roles=("coordinator",))
        if allowed["coordinator"]
        else None,
        done=done_message(done, viewer.language),
    )


def _allows(viewer: Viewer, network_id: UUID, action: Action) -> bool:
    try:
        viewer.guard.network(network_id, action)
    except (ApiProblem, DomainError):
        return False
    return True


@router.get("/ui/networks/{network_id}", response_class=HTMLResponse)
def network_page(
    request: Request, viewer: ViewerDep, network_id: UUID, done: Done = None, q: Search = None
) -> HTMLResponse:
    return _network_page(request, viewer, network_id, done=done, query=q)


@router.post("/ui/networks/{network_id}/institution", response_model=None)
def add_institution(
    request: Request, viewer: ViewerDep, network_id: UUID, data: FormDep
) -> Response:
    viewer.guard.network(network_id, Action.MANAGE_NETWORK)
    submission = Submission(request, viewer, data)
    try:
        body = {"institution": _text(submission.form.values, "institution")}
        checked = submission.validate(InstitutionCreate, body)
        submission.command(network_id, Action.MANAGE_NETWORK, checked.command, network=True)
    except Refused as refused:
        forms = {"institution": refused.form}
        return _network_page(request, viewer, network_id, forms, refused.status)
    return RedirectResponse(f"/ui/networks/{network_id}?done=institution-added", 303)


@router.post("/ui/networks/{network_id}/coordinator", response_model=None)
def appoint_coordinator(
    request: Request, viewer: ViewerDep, network_id: UUID, data: FormDep
) -> Response:
    viewer.guard.network(network_id, Action.APPOINT_COORDINATOR)
    submission = Submission(request, viewer, data)
    try:
        body = {"coordinator_id": _text(submission.form.values, "coordinator_id")}
        checked = submission.validate(CoordinatorAppointment, body)
        submission.command(
            network_id,
            Action.APPOINT_COORDINATOR,
            checked.command,
            versioned=True,
            network=True,
        )
    except Refused as refused:
        forms = {"coordinator": refused.form}
        return _network_page(request, viewer, network_id, forms, refused.status)
    principal = viewer.guard.principal
    if principal.role.value != "admin" and checked.coordinator_id != principal.person_id:
        # Handed over: the network is no longer theirs to open; the list says it was done.
        return RedirectResponse("/ui/networks?done=coordinator-appointed", 303)
    return RedirectResponse(f"/ui/networks/{network_id}?done=coordinator-appointed", 303)


# ---------------------------------------------------------------------------- projects
def _project_form(request: Request, viewer: Viewer, form: Form, status: int = 200) -> HTMLResponse:
    return render(
        request,
        viewer,
        "project_form.html",
        status_code=status,
        form=form,
        networks=_networks(viewer, Action.PROPOSE_PROJECT),
        target_groups=_target_groups(viewer),
    )


@router.get("/ui/projects/new", response_class=HTMLResponse)
def new_project(
    request: Request, viewer: ViewerDep, network_id: UUID | None = None
) -> HTMLResponse:
    viewer.guard.require(Action.PROPOSE_PROJECT)
    values: dict[str, Any] = {}
    if network_id is not None:
        network = viewer.guard.incubator.get_network(network_id)
        values = {"network_id": str(network_id), "target_group": network.target_group.value}
    return _project_form(request, viewer, Form(values=values))


@router.post("/ui/projects/new", response_model=None)
def propose_project(request: Request, viewer: ViewerDep, data: FormDep) -> Response:
    guard = viewer.guard
    guard.require(Action.PROPOSE_PROJECT)
    submission = Submission(request, viewer, data)
    values = submission.form.values
    try:
        body = {
            "title": _text(values, "title"),
            "network_id": _text(values, "network_id"),
            "target_group": _text(values, "target_group"),
            "summary": _text(values, "summary"),
            "proposed_on": _text(values, "proposed_on") or None,
        }
        checked = submission.validate(ProjectCreate, body)
        guard.network(checked.network_id, Action.PROPOSE_PROJECT)
        actor = guard.principal.actor
        reply = submission.write(lambda _: checked.propose(guard.incubator, actor), False)
    except Refused as refused:
        return _project_form(request, viewer, refused.form, refused.status)
    return RedirectResponse(f"/ui/projects/{reply['id']}?done=project-proposed", 303)


# ---------------------------------------------------------------------------- people
def _person_form(
    request: Request, viewer: Viewer, form: Form, next_page: str, status: int = 200
) -> HTMLResponse:
    roles = [r.value for r in PersonRole]
    return render(
        request,
        viewer,
        "person_form.html",
        status_code=status,
        form=form,
        roles=[(r, viewer.language.value(r)) for r in roles],
        next_page=next_page,
    )


@router.get("/ui/people/new", response_class=HTMLResponse)
def new_person(request: Request, viewer: ViewerDep, next: Next = None) -> HTMLResponse:
    viewer.guard.require(Action.REGISTER_PERSON)
    form = Form(values={"role": PersonRole.SERVICE_USER.value})
    return _person_form(request, viewer, form, safe_next(next or "/ui/home"))


@router.post("/ui/people/new", response_model=None)
def register_person(request: Request, viewer: ViewerDep, data: FormDep) -> Response:
    guard = viewer.guard
    guard.require(Action.REGISTER_PERSON)
    submission = Submission(request, viewer, data)
    values = submission.form.values
    next_page = safe_next(_text(values, "next") or "/ui/home")
    try:
        body = {
            "display_name": _text(values, "display_name"),
            "contact": _text(values, "contact") or None,
            "role": _text(values, "role"),
        }
        checked = submission.validate(PersonCreate, body)
        reply = submission.write(lambda _: checked.register(guard.incubator), False)
    except Refused as refused:
        return _person_form(request, viewer, refused.form, next_page, refused.status)
    found_at = people_picker.found_at(next_page, UUID(reply["id"]), checked.display_name)
    return RedirectResponse(found_at, 303)
