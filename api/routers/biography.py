"""A project's start-up biography, as JSON or PDF, as known at an instant (not for
dashboards: it tells the story in the words people typed)."""

from __future__ import annotations

import json
from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import AwareDatetime

from api.deps import GuardDep
from api.docs import READ
from app.access import Action
from app.biography import biography
from app.reports.biography_pdf import biography_pdf

router = APIRouter(prefix="/projects/{project_id}", tags=["biography"])


@router.get(
    "/biography",
    responses={**READ, 200: {"content": {"application/pdf": {"schema": {"type": "string"}}}}},
    summary="The project's story in time order: check-ins, stage decisions, milestones, "
    "ladder readings, team changes (a dashboard: 403)",
)
def read_biography(
    project_id: UUID,
    guard: GuardDep,
    as_known_at: Annotated[AwareDatetime | None, Query()] = None,
    format: Annotated[Literal["json", "pdf"], Query()] = "json",
) -> Response:
    guard.project_scope(project_id, Action.READ_BIOGRAPHY)
    story = biography(guard.incubator, project_id, as_known_at)
    if format == "pdf":
        return Response(
            biography_pdf(story),
            media_type="application/pdf",
            headers={"Content-Disposition": 'attachment; filename="biography.pdf"'},
        )
    body = json.dumps(story, ensure_ascii=False, separators=(",", ":")).encode()
    return Response(body, media_type="application/json")
