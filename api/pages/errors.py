"""Refusals on pages come back as pages: sign-in for 401, a readable page for the rest.

`api.problems` asks `page_problem` first for every error; it answers only for page paths.
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from api.deps import Guard
from api.pages.render import page
from api.pages.session import Viewer, language_of, session_of
from api.pages.shell import render
from store.web_sessions import SESSION_COOKIE, WebSession

PAGE_PATHS = ("/ui/", "/sign-in", "/sign-out")


def is_page(path: str) -> bool:
    return path == "/" or path.startswith(PAGE_PATHS)


def page_problem(request: Request, status: int, title: str, detail: str) -> Response | None:
    if not is_page(request.url.path):
        return None
    if status == 401:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        ended = "&ended=true" if request.cookies.get(SESSION_COOKIE) else ""
        return RedirectResponse(
            f"/sign-in?next={quote(target, safe='')}{ended}",
            status_code=303,
            headers={"Cache-Control": "no-store"},
        )
    language = language_of(request)
    session = _session(request)
    if session is not None:  # signed in: the page keeps its navigation and sign-out
        container = request.app.state.container
        viewer = Viewer(session, Guard(container, session.principal), language, container)
        return render(
            request,
            viewer,
            "error.html",
            status_code=status,
            status=status,
            title=title,
            detail=detail,
        )
    return page(
        request,
        "error.html",
        language,
        status_code=status,
        status=status,
        title=title,
        detail=detail,
        viewer=None,
    )


def _session(request: Request) -> WebSession | None:
    container = getattr(request.app.state, "container", None)
    if container is None:
        return None
    try:
        return session_of(request, container)
    except Exception:
        return None
