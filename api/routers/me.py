"""Who am I: the caller's role, person, networks and projects."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.deps import GuardDep, ReadModelsDep
from api.docs import PROJECTED
from api.replies import answer, documented
from api.schemas.me import MePublic
from domain.errors import NotFound

router = APIRouter(tags=["finding things"])


@router.get(
    "/me",
    response_model=documented(MePublic),
    responses=PROJECTED,
    summary="The caller: role, person, and the networks and projects they work in",
)
def me(guard: GuardDep, _fresh: ReadModelsDep) -> JSONResponse:
    principal = guard.principal
    scope = guard.scope()
    name = None
    if principal.person_id is not None:
        try:
            name = guard.incubator.get_person(principal.person_id).display_name
        except NotFound:
            name = None
    reply = {
        "role": principal.role,
        "person_id": principal.person_id,
        "display_name": name,
        "networks": None if scope.networks is None else sorted(scope.networks, key=str),
        "projects": None if scope.projects is None else sorted(scope.projects, key=str),
        "programme_id": principal.programme_id,
    }
    return answer(principal, reply, MePublic)
