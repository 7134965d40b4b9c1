"""What is due, for the caller's projects (coach, coordinator, auditor, admin)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.deps import ContainerDep, GuardDep
from api.docs import READ
from api.replies import answer
from api.schemas.attention import AttentionPublic
from app.access import Action
from app.attention import attention_for

router = APIRouter(tags=["attention"])


@router.get(
    "/attention",
    response_model=AttentionPublic,
    responses=READ,
    summary="Check-ins overdue, follow-ups past their date, projects without contact, gates "
    "ready and reviews open, for the caller's projects (a dashboard: 403)",
)
def read_attention(guard: GuardDep, container: ContainerDep) -> JSONResponse:
    principal = guard.require(Action.READ_ATTENTION)
    items = attention_for(
        guard.incubator,
        container.read_models,
        principal.role.value,
        principal.person_id,
        guard.today(),
        container.settings.no_contact_days,
        principal.programme_id,
    )
    return answer(principal, {"items": items, "next_cursor": None}, AttentionPublic)
