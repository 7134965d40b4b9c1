"""Who is looking at a page: the session cookie, the language, and the CSRF checks of forms.

The session cookie is HttpOnly and SameSite=Strict (Secure over HTTPS). Every form that changes
something (sign-in, sign-out) carries a CSRF value: sign-in a random one doubled in a short-lived
cookie, sign-out the session's own secret; a form posted from another origin is refused on its
Origin header as well.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, Request

from api.deps import ContainerDep, Guard
from api.pages.i18n import Language, negotiate
from api.problems import ApiProblem
from app.bootstrap import Container
from store.web_sessions import SESSION_COOKIE, WebSession

CSRF_COOKIE = "seedbed_signin"
LANGUAGE_COOKIE = "seedbed_lang"


def language_of(request: Request) -> Language:
    return negotiate(
        request.headers.get("accept-language", ""), request.cookies.get(LANGUAGE_COOKIE)
    )


LanguageDep = Annotated[Language, Depends(language_of)]


def session_of(request: Request, container: Container) -> WebSession | None:
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie:
        return None
    return container.web_sessions.resolve(cookie, container.clock())


@dataclass(frozen=True)
class Viewer:
    """A signed-in reader of the pages: their session, the API's guard for it, their language."""

    session: WebSession
    guard: Guard
    language: Language
    container: Container


async def _signed_in(request: Request, container: ContainerDep) -> WebSession:
    session = session_of(request, container)
    if session is None:
        raise ApiProblem(401, "sign in to see this page")
    return session


def viewer(
    container: ContainerDep,
    language: LanguageDep,
    session: Annotated[WebSession, Depends(_signed_in)],
) -> Viewer:
    return Viewer(session, Guard(container, session.principal), language, container)


ViewerDep = Annotated[Viewer, Depends(viewer)]


def same_origin(request: Request) -> bool:
    """False when the browser says the form came from another origin (Origin or Sec-Fetch-Site).

    Browsers send Origin on every POST form; a request without it (curl) is judged by the CSRF
    value alone."""
    if request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
        return False
    origin = request.headers.get("origin")
    if origin is None:
        return True
    if origin == "null":
        return False
    host = request.headers.get("host", "")
    return urlsplit(origin).netloc == host


def csrf_matches(expected: str | None, given: str | None) -> bool:
    return bool(expected) and bool(given) and hmac.compare_digest(str(expected), str(given))


def safe_next(target: str | None) -> str:
    """Only a path on this site (never `//host` or a scheme) is followed after sign-in."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or any(ord(c) < 32 for c in target):
        return "/"
    return target


def is_https(request: Request) -> bool:
    return request.url.scheme == "https"
