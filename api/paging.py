"""The list convention's keyset cursors: `<sort key>_<id>` of the last item of a page."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC
from typing import Annotated, Any, Protocol, TypeVar
from uuid import UUID

from fastapi import Query

from api.problems import ApiProblem
from app.dto import ProjectState, SessionView

T = TypeVar("T")

Limit = Annotated[int, Query(ge=1, le=500, description="Items per page (default 50, max 500).")]
Cursor = Annotated[
    str | None, Query(max_length=100, description="The `next_cursor` of the previous page.")
]


class Keyed(Protocol):
    @property
    def sort_key(self) -> tuple[object, object]: ...


K = TypeVar("K", bound=Keyed)


def page_of(rows: Sequence[K], limit: int) -> tuple[list[K], str | None]:
    """A page from the `limit + 1` rows a query read: its items, and the cursor of the next
    page when there is one (the sort key of the page's last item)."""
    page = list(rows[:limit])
    if len(rows) <= limit:
        return page, None
    last: Any = page[-1]  # a read model's row, or a dashboard's plain copy of one
    key = last["sort_key"] if isinstance(last, Mapping) else last.sort_key
    return page, cursor_of(*key)


def cursor_of(first: object, second: object) -> str:
    """A keyset cursor: the sort key of the last item, as `<first>_<second>`."""
    text = first.isoformat() if hasattr(first, "isoformat") else str(first)
    return f"{text}_{second}"


def parse_cursor(cursor: str | None, parse_first: Callable[[str], T]) -> tuple[T, UUID] | None:
    if cursor is None:
        return None
    try:
        first, second = cursor.rsplit("_", 1)
        return parse_first(first), UUID(second)
    except ValueError:
        raise ApiProblem(
            422,
            "the cursor is not one this API handed out",
            errors=[{"field": "query.cursor", "message": "malformed"}],
        ) from None


# Sessions a project's reply embeds; the rest are a page of `GET /projects/{id}/sessions` away.
EMBEDDED_SESSIONS = 50


def _session_key(session: SessionView) -> tuple[Any, UUID]:
    return session.details.started_at.astimezone(UTC), session.session_id


def with_embedded_sessions(project: ProjectState, limit: int = EMBEDDED_SESSIONS) -> dict[str, Any]:
    """The project as a reply: its first `limit` sessions in the list's time order, how many
    there are, and the cursor of the next page of `GET /projects/{id}/sessions`."""
    ordered = sorted(project.sessions, key=_session_key)
    reply = {f.name: getattr(project, f.name) for f in dataclasses.fields(project)}
    more = len(ordered) > limit
    return {
        **reply,
        "reached_milestones": project.reached_milestones,
        "sessions": ordered[:limit],
        "sessions_total": len(ordered),
        "sessions_next_cursor": cursor_of(*_session_key(ordered[limit - 1])) if more else None,
        "sessions_href": f"/projects/{project.id}/sessions",
    }
