"""Forms on one project, declared once and served by one pair of routes.

A `FormSpec` says what one form asks and does: the guard's action, the API's request schema
that checks it, how its fields become that schema's body, which command it runs, whether it
carries the version it was rendered from, and what the project page says after it. A
`PageSpec` puts forms on one page beside what the page shows (the gate's requirements, the
team). GET /ui/projects/{id}/{page} renders the forms the viewer may use; POST
/ui/projects/{id}/{page}/{form} runs one through api/pages/forms.py (the API's guard, its
command, its idempotent write), then goes back to the project page saying what was recorded,
or shows the page again with each refusal next to its field and the input kept.

No business rule lives here or in the specs (api/pages/project_forms.py): the domain refuses,
the page only says so.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.pages.forms import Form, FormDep, Refused, Submission
from api.pages.outbox import Queued, Shape, build
from api.pages.session import Viewer, ViewerDep
from api.pages.shell import render
from api.problems import ApiProblem
from app.access import Action
from app.commands import Command
from app.dto import ProjectState

Values = Mapping[str, Any]


def _no_defaults(_viewer: Viewer, _project: ProjectState) -> dict[str, Any]:
    return {}


def _no_context(_viewer: Viewer, _project: ProjectState, _query: Values) -> dict[str, Any]:
    return {}


def _while_open(project: ProjectState) -> bool:
    return not project.is_closed


def _plain(checked: Any, _target: Any) -> Command:
    command: Command = checked.command()
    return command


def _on_target(checked: Any, target: Any) -> Command:
    command: Command = checked.command(target)
    return command


@dataclass(frozen=True)
class FormSpec:
    name: str
    action: Action
    schema: type[Any]  # the API's request model; its .command() makes the command
    done: str  # what the project page says afterwards (views.DONE)
    body: Shape  # how the form's fields become the schema's body (api/pages/outbox.py)
    target: str | None = None  # the form field naming what is changed (a team member...)
    target_type: Callable[[str], Any] = UUID
    versioned: bool = False  # decides or changes something recorded: carries the version
    fields: Mapping[str, str] = field(default_factory=dict)  # API field -> form field
    defaults: Callable[[Viewer, ProjectState], dict[str, Any]] = _no_defaults
    available: Callable[[ProjectState], bool] = _while_open
    unless: Action | None = None  # not shown to whoever may do this instead (decide vs propose)
    queued: Queued | None = None  # saved without a connection, the outbox sends it there

    def outbox(self, viewer: Viewer, project: ProjectState) -> dict[str, Any] | None:
        """The form's data-outbox attribute, when the outbox may take it."""
        if self.queued is None:
            return None
        done = f"/ui/projects/{project.id}?done={self.done}"
        return self.queued.attribute(viewer, project, self.body, done, self.versioned)

    def make(self, checked: Any, target: Any) -> Command:
        return (_plain if self.target is None else _on_target)(checked, target)


@dataclass(frozen=True)
class PageSpec:
    slug: str
    title: str  # a msgid (labels.N_)
    template: str
    forms: tuple[FormSpec, ...]
    context: Callable[[Viewer, ProjectState, Values], dict[str, Any]] = _no_context

    def form(self, name: str) -> FormSpec | None:
        return next((spec for spec in self.forms if spec.name == name), None)

    def usable(self, viewer: Viewer, project: ProjectState) -> list[FormSpec]:
        """The forms this viewer may send on this project now."""
        guard = viewer.guard
        return [
            spec
            for spec in self.forms
            if spec.available(project)
            and guard.allows_project(project.id, spec.action)
            and not (spec.unless and guard.allows_project(project.id, spec.unless))
        ]


def links(pages: Sequence[PageSpec], viewer: Viewer, project: ProjectState) -> list[PageSpec]:
    """The pages of work the viewer has at least one usable form on (the project page's nav)."""
    return [page for page in pages if page.usable(viewer, project)]


def _target(submission: Submission, spec: FormSpec) -> Any:
    if spec.target is None:
        return None
    raw = submission.form.value(spec.target)
    try:
        if not isinstance(raw, str) or not raw.strip():
            raise ValueError(raw)
        return spec.target_type(raw.strip())
    except ValueError:
        submission.form.errors[spec.target] = submission.language.gettext(
            "Please choose from the list."
        )
        raise Refused(submission.form, 422) from None


def _show(
    request: Request,
    viewer: Viewer,
    page: PageSpec,
    project_id: UUID,
    refused: tuple[str, Form] | None = None,
    status: int = 200,
) -> HTMLResponse:
    guard = viewer.guard
    guard.project(project_id, Action.READ_PROJECT)
    project = guard.incubator.get_project(project_id)
    usable = page.usable(viewer, project)
    if not usable and refused is None:
        guard.project(project_id, page.forms[0].action)  # says why (403), or the project closed
        raise guard.forbidden(page.forms[0].action, "this project now")
    forms = {
        spec.name: Form(
            values=spec.defaults(viewer, project),
            version=project.version if spec.versioned else None,
        )
        for spec in usable
    }
    if refused is not None:
        forms[refused[0]] = refused[1]
    for spec in usable:
        if spec.name in forms:
            forms[spec.name].outbox = spec.outbox(viewer, project)
    return render(
        request,
        viewer,
        page.template,
        status_code=status,
        project=project,
        page=page,
        forms=forms,
        **page.context(viewer, project, request.query_params),
    )


def _submit(
    request: Request, viewer: Viewer, page: PageSpec, spec: FormSpec, project_id: UUID, data: Any
) -> Response:
    viewer.guard.project(project_id, spec.action)  # a refused caller learns nothing of its input
    submission = Submission(request, viewer, data, spec.fields)
    try:
        target = _target(submission, spec)
        body = build(spec.body, submission.form.values)
        checked = submission.validate(spec.schema, body)
        submission.command(
            project_id,
            spec.action,
            lambda: spec.make(checked, target),
            versioned=spec.versioned,
        )
    except Refused as refused:
        return _show(request, viewer, page, project_id, (spec.name, refused.form), refused.status)
    return RedirectResponse(f"/ui/projects/{project_id}?done={spec.done}", status_code=303)


def install(router: APIRouter, pages: Sequence[PageSpec]) -> None:
    """GET /ui/projects/{id}/{page} and POST /ui/projects/{id}/{page}/{form} for each page."""
    for page in pages:
        _install(router, page)


def _install(router: APIRouter, page: PageSpec) -> None:
    def show(request: Request, viewer: ViewerDep, project_id: UUID) -> HTMLResponse:
        return _show(request, viewer, page, project_id)

    def submit(
        request: Request, viewer: ViewerDep, project_id: UUID, form: str, data: FormDep
    ) -> Response:
        spec = page.form(form)
        if spec is None:
            raise ApiProblem(404, "there is no such form on this page")
        return _submit(request, viewer, page, spec, project_id, data)

    path = f"/ui/projects/{{project_id}}/{page.slug}"
    router.add_api_route(path, show, methods=["GET"], response_class=HTMLResponse)
    router.add_api_route(f"{path}/{{form}}", submit, methods=["POST"], response_model=None)
