"""The start-up biography as a page: the story of `GET /projects/{id}/biography` (the same
guard, the same chapters) as known at an instant the reader chooses, with its PDF."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from urllib.parse import urlencode
from uuid import UUID

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from api.pages.labels import EVENT_LABELS, N_
from api.pages.session import Viewer, ViewerDep
from api.pages.shell import name_of, render
from app.access import Action
from app.biography import biography
from app.programmes import get_programme
from domain.errors import NotFound, NotRecordedYet

router = APIRouter(include_in_schema=False)

# What each kind of chapter is called on the page.
CHAPTERS: dict[str, str] = {
    "proposed": EVENT_LABELS["Proposed"],
    "enrolled": N_("Enrolled in a programme"),
    "team_joined": EVENT_LABELS["TeamMemberAdded"],
    "team_left": EVENT_LABELS["TeamMemberRemoved"],
    "checkin": N_("Biography check-in"),
    "ladder_reading": N_("Ladder reading"),
    "co_assessment": N_("Co-assessment"),
    "stage": N_("Stage decision"),
    "milestone": N_("Milestone"),
    "paused": EVENT_LABELS["Paused"],
    "resumed": EVENT_LABELS["Resumed"],
    "closed": EVENT_LABELS["Closed"],
}
BAD_INSTANT = N_("Give a date and time with its offset, e.g. 2020-01-01T00:00:00+00:00.")
TOO_EARLY = N_("Nothing of this project was recorded by then.")


def _programme_name(viewer: Viewer, programme_id: str) -> str:
    try:
        return get_programme(viewer.container.incubator, UUID(programme_id)).name
    except (ValueError, NotFound):
        return programme_id


def told(viewer: Viewer, chapter: dict[str, Any]) -> tuple[str, str]:
    """A chapter's name and sentence in the reader's language, with people and programmes by
    name (for the roles that see names; the JSON's English `text` otherwise)."""
    lang, facts, kind = viewer.language, chapter.get("facts") or {}, str(chapter["kind"])
    name = lang.gettext(CHAPTERS[kind])
    if kind == "milestone":
        action = "MilestoneReached" if facts.get("action") == "reached" else "MilestoneRevoked"
        name = lang.gettext(EVENT_LABELS[action])
        words = [lang.milestone(facts["milestone_id"]), facts.get("reason", "")]
    elif kind == "enrolled":
        words = [_programme_name(viewer, facts["programme_id"])]
    elif kind in ("team_joined", "team_left"):
        who = name_of(viewer, facts["person_id"]) or lang.gettext("a team member")
        words = [f"{who} ({lang.value(facts['role'])})" if "role" in facts else who]
        words.append(facts.get("reason", ""))
    elif kind == "checkin":
        words = [facts["summary"], lang.value(facts["level"])]
    elif kind == "ladder_reading":
        words = [f"{lang.value(facts['session_type'])}: {lang.value(facts['level'])}"]
    elif kind == "co_assessment":
        view = lang.gettext("The users' own view")
        words = [f"{lang.value(facts['level'])}; {view}: {lang.value(facts['user_view'])}"]
    elif kind == "stage":
        words = [f"{lang.value(facts['from_stage'])} → {lang.value(facts['to_stage'])}"]
        words.append(facts["why"])
    elif kind == "closed":
        words = [lang.value(facts["outcome"]), facts["rationale"]]
    elif kind in ("paused", "resumed"):
        words = [facts["reason"]]
    else:  # the project's own words (its title and summary)
        words = [str(chapter["text"])]
    return name, ": ".join(w for w in words if w)


def _instant(text: str | None) -> tuple[datetime | None, str]:
    """The chosen instant, or the message for the field."""
    if not text:
        return None, ""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        return None, BAD_INSTANT
    return (moment, "") if moment.utcoffset() is not None else (None, BAD_INSTANT)


@router.get("/ui/projects/{project_id}/biography", response_class=HTMLResponse)
def biography_page(
    request: Request,
    viewer: ViewerDep,
    project_id: UUID,
    as_known_at: Annotated[str | None, Query(max_length=64)] = None,
) -> HTMLResponse:
    viewer.guard.project_scope(project_id, Action.READ_BIOGRAPHY)
    moment, error = _instant(as_known_at)
    try:
        story = biography(viewer.container.incubator, project_id, moment)
    except NotRecordedYet:
        story, error = biography(viewer.container.incubator, project_id), TOO_EARLY
    pdf = {"format": "pdf", "as_known_at": story["as_known_at"]}
    return render(
        request,
        viewer,
        "biography.html",
        status_code=422 if error else 200,
        story=story,
        told=lambda chapter: told(viewer, chapter),
        error=viewer.language.gettext(error) if error else None,
        typed=as_known_at or story["as_known_at"],
        pdf=f"/projects/{project_id}/biography?{urlencode(pdf)}",
    )
