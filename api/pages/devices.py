"""The devices page: the device credentials a person signed in with (an admin: everyone's),
each revocable, through the same store and access rule as GET/POST /devices."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.pages.forms import FormDep
from api.pages.session import ViewerDep, csrf_matches, same_origin
from api.pages.shell import render
from api.problems import ApiProblem
from app.devices import devices_of, revoke_device

router = APIRouter(include_in_schema=False)


@router.get("/ui/devices", response_class=HTMLResponse)
def devices(
    request: Request,
    viewer: ViewerDep,
    done: Annotated[str | None, Query(max_length=40)] = None,
) -> HTMLResponse:
    rows = devices_of(viewer.container.devices, viewer.session.principal, viewer.container.clock())
    said = viewer.language.gettext("The device is revoked.") if done == "revoked" else None
    return render(request, viewer, "devices.html", rows=rows, done=said)


@router.post("/ui/devices/{token_id}/revocation", response_model=None)
def revoke(request: Request, viewer: ViewerDep, token_id: str, data: FormDep) -> Response:
    csrf = data.get("csrf")
    if not same_origin(request) or not csrf_matches(
        viewer.session.csrf, csrf if isinstance(csrf, str) else None
    ):
        raise ApiProblem(403, "the form was stale or came from another site; nothing changed")
    container = viewer.container
    revoke_device(container.devices, viewer.session.principal, token_id, container.clock())
    return RedirectResponse("/ui/devices?done=revoked", status_code=303)
