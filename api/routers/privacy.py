"""Redactions: a free-text value removed from the record, the chain still intact (admin)."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.deps import ContainerDep, GuardDep
from api.docs import UPDATED
from api.schemas.common import WriteResult
from api.schemas.privacy import RedactionCreate
from api.writes import WriteDep
from app.access import Action

router = APIRouter(tags=["privacy"])


@router.post(
    "/projects/{project_id}/redactions",
    response_model=WriteResult,
    responses=UPDATED,
    summary="Redact a free-text value of an event (admin); closed projects too",
)
def redact(
    project_id: UUID,
    body: RedactionCreate,
    guard: GuardDep,
    write: WriteDep,
    container: ContainerDep,
) -> JSONResponse:
    principal = guard.require(Action.REDACT)
    reply = write.run(
        lambda: guard.incubator.redact(
            project_id,
            version=body.version,
            field=body.field,
            reason=body.reason,
            actor=principal.actor,
        )
    )
    container.settle_redaction(int(reply.headers["X-Event-Position"]))
    return reply
