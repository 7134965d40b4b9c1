"""What every signed-in page shares: rendering with the viewer's context, and people's names."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import Request
from fastapi.responses import HTMLResponse

from api.pages.render import page
from api.pages.session import Viewer
from app.access import Action, may
from domain.errors import NotFound


def render(
    request: Request, viewer: Viewer, template: str, status_code: int = 200, **context: Any
) -> HTMLResponse:
    read_models = viewer.container.read_models
    position = min(read_models.runner.positions().values(), default=0)
    principal = viewer.session.principal
    return page(
        request,
        template,
        viewer.language,
        status_code=status_code,
        viewer=viewer,
        principal=principal,
        csrf=viewer.session.csrf,
        may_audit=may(principal, Action.READ_HISTORY),
        may=lambda action: may(principal, Action[action]),
        sees_people=principal.sees_personal_data,
        position=position,
        **context,
    )


def name_of(viewer: Viewer, person_id: UUID | str) -> str | None:
    """A person's shown name for roles that see personal data; None otherwise or if unknown."""
    if not viewer.session.principal.sees_personal_data:
        return None
    try:
        return viewer.container.incubator.get_person(UUID(str(person_id))).shown_name
    except (ValueError, NotFound):
        return None
