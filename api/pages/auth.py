"""Sign-in and sign-out forms, and the language switch."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.deps import ContainerDep
from api.pages.i18n import available
from api.pages.render import PAGE_HEADERS, page
from api.pages.session import (
    CSRF_COOKIE,
    LANGUAGE_COOKIE,
    LanguageDep,
    csrf_matches,
    is_https,
    safe_next,
    same_origin,
    session_of,
)
from store.devices import DEVICE_COOKIE
from store.tokens import ROLES_WITH_A_PERSON
from store.web_sessions import SESSION_COOKIE

router = APIRouter(include_in_schema=False)
SIGN_IN_FORM_SECONDS = 3600
Text = Annotated[str, Form(max_length=512)]


# The device cookie goes only to the JSON API's project paths, where the outbox sends; never to
# the pages (/ui/...), never readable by a script (HttpOnly), never sent cross-site (Strict).
DEVICE_COOKIE_PATH = "/projects"


def container_days(request: Request) -> int:
    days: int = request.app.state.container.settings.device_token_days
    return days


def _redirect(to: str) -> RedirectResponse:
    return RedirectResponse(to, status_code=303, headers={"Cache-Control": "no-store"})


def _sign_in_form(
    request: Request,
    language: LanguageDep,
    next_path: str,
    message: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    csrf = secrets.token_urlsafe(32)
    response = page(
        request,
        "sign_in.html",
        language,
        status_code=status_code,
        csrf=csrf,
        next_path=safe_next(next_path),
        message=message,
        viewer=None,
        device_days=container_days(request),
    )
    response.set_cookie(
        CSRF_COOKIE,
        csrf,
        max_age=SIGN_IN_FORM_SECONDS,
        path="/sign-in",
        httponly=True,
        samesite="strict",
        secure=is_https(request),
    )
    return response


@router.get("/sign-in", response_model=None)
def sign_in_form(
    request: Request,
    container: ContainerDep,
    language: LanguageDep,
    next: Annotated[str, Query(max_length=512)] = "/",
    ended: bool = False,
    signed_out: bool = False,
) -> Response:
    if session_of(request, container) is not None:
        return _redirect(safe_next(next))
    message = None
    if ended:
        message = language.gettext("Your session has ended. Please sign in again.")
    elif signed_out:
        message = language.gettext("You are signed out.")
    return _sign_in_form(request, language, next, message)


@router.post("/sign-in", response_model=None)
def sign_in(
    request: Request,
    container: ContainerDep,
    language: LanguageDep,
    token: Text,
    csrf: Text = "",
    next: Text = "/",
    offline: Text = "",
    device: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    if not same_origin(request) or not csrf_matches(request.cookies.get(CSRF_COOKIE), csrf):
        return _sign_in_form(
            request,
            language,
            next,
            language.gettext("The form was stale or came from another site. Please try again."),
            403,
        )
    now = container.clock()
    signer = container.tokens.verify(token.strip(), now)
    device_token = (
        None  # only coaches and coordinators work in the field (no admin left on a phone)
    )
    if signer is not None and offline == "on" and signer.role in ROLES_WITH_A_PERSON:
        name = device or request.headers.get("user-agent", "")[:60]
        _device, device_token = container.devices.issue(signer, name, now)
    opened = None
    if signer is not None:  # a device signs in with its own credential: revoking it ends both
        opened = container.web_sessions.open(device_token or token.strip(), now)
    if opened is None:
        return _sign_in_form(
            request,
            language,
            next,
            language.gettext("That token is unknown, revoked or expired."),
            401,
        )
    cookie, _session = opened
    response = _redirect(safe_next(next))
    response.set_cookie(
        SESSION_COOKIE,
        cookie,
        max_age=int(container.web_sessions.lifetime.total_seconds()),
        path="/",
        httponly=True,
        samesite="strict",
        secure=is_https(request),
    )
    response.delete_cookie(CSRF_COOKIE, path="/sign-in")
    if device_token is not None:
        response.set_cookie(
            DEVICE_COOKIE,
            device_token,
            max_age=int(container.devices.lifetime.total_seconds()),
            path=DEVICE_COOKIE_PATH,
            httponly=True,
            samesite="strict",
            secure=is_https(request),
        )
    return response


@router.post("/sign-out", response_model=None)
def sign_out(request: Request, container: ContainerDep, csrf: Text = "") -> Response:
    session = session_of(request, container)
    if session is not None:
        if not same_origin(request) or not csrf_matches(session.csrf, csrf):
            return Response(
                "the sign-out form was stale or came from another site",
                status_code=403,
                media_type="text/plain",
                headers=PAGE_HEADERS,
            )
        container.web_sessions.close(request.cookies.get(SESSION_COOKIE, ""))
        token_id = session.principal.token_id
        if container.devices.is_device(token_id):  # a shared phone keeps nothing that signs in
            container.devices.revoke(token_id, container.clock())
    response = _redirect("/sign-in?signed_out=true")
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict")
    response.delete_cookie(DEVICE_COOKIE, path=DEVICE_COOKIE_PATH, httponly=True, samesite="strict")
    return response


@router.get("/ui/language", response_model=None)
def choose_language(
    lang: Annotated[str, Query(pattern="^[a-z]{2}$")],
    next: Annotated[str, Query(max_length=512)] = "/",
) -> Response:
    response = _redirect(safe_next(next))
    if lang in available():
        response.set_cookie(
            LANGUAGE_COOKIE, lang, max_age=365 * 86400, path="/", samesite="lax", httponly=True
        )
    return response
