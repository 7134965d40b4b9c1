"""CSRF on the web dashboard's forms: a forged or cross-site sign-in opens no session, and
signing out needs the session's own CSRF value from a same-origin form.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from store.web_sessions import SESSION_COOKIE
from tests.api.client import Api
from tests.api.web_pages import Browser, hidden, session_rows, set_cookie

CSRF_MESSAGE = "The form was stale or came from another site."


CSRF_CASES = {
    "no csrf field": ({}, None),
    "empty csrf": ({}, ""),
    "wrong csrf": ({}, "x" * 43),
    "foreign Origin": ({"Origin": "https://evil.example"}, "form"),
    "look-alike Origin": ({"Origin": "http://testserver.evil.example"}, "form"),
    "Origin null": ({"Origin": "null"}, "form"),
    "cross-site fetch": ({"Sec-Fetch-Site": "cross-site"}, "form"),
    "same-site fetch": ({"Sec-Fetch-Site": "same-site"}, "form"),
}


@pytest.mark.parametrize(("headers", "csrf"), CSRF_CASES.values(), ids=CSRF_CASES.keys())
def test_a_forged_sign_in_is_refused_with_403_and_opens_no_session(
    api: Api, browser: Callable[..., Browser], headers: dict[str, str], csrf: str | None
) -> None:
    reader = browser()
    form = reader.form()
    data = {"token": api.tokens["admin"], "next": "/"}
    if csrf is not None:
        data["csrf"] = hidden(form.text, "csrf", "/sign-in") if csrf == "form" else csrf
    refused = reader.client.post("/sign-in", data=data, headers=headers)
    assert refused.status_code == 403
    assert refused.headers["content-type"].startswith("text/html")
    assert CSRF_MESSAGE in refused.text
    assert set_cookie(refused, SESSION_COOKIE) is None
    assert SESSION_COOKIE not in reader.client.cookies
    assert session_rows(api) == 0
    assert reader.get("/").status_code == 303


def test_a_csrf_value_from_another_browsers_form_is_refused(
    api: Api, browser: Callable[..., Browser]
) -> None:
    """The value must match this browser's own sign-in cookie, not merely be a value we issued."""
    victim_form = browser().form()
    attacker = browser()  # never loaded the form: no seedbed_signin cookie
    refused = attacker.client.post(
        "/sign-in",
        data={"token": api.tokens["admin"], "csrf": hidden(victim_form.text, "csrf", "/sign-in")},
    )
    assert refused.status_code == 403
    assert session_rows(api) == 0


def test_a_same_origin_browser_form_post_is_accepted(
    api: Api, browser: Callable[..., Browser]
) -> None:
    signed_in = browser().sign_in(
        api.tokens["auditor"], Origin="http://testserver", **{"Sec-Fetch-Site": "same-origin"}
    )
    assert signed_in.status_code == 303
    assert session_rows(api) == 1


def test_signing_out_needs_the_sessions_csrf_value(
    api: Api, browser: Callable[..., Browser]
) -> None:
    reader = browser().as_role("dashboard")
    csrf = hidden(reader.get("/").text, "csrf", "/sign-out")
    for refused in (
        reader.sign_out("not-the-value"),
        reader.sign_out(""),
        reader.client.post("/sign-out"),
        reader.sign_out(csrf, Origin="https://evil.example"),
        reader.sign_out(csrf, **{"Sec-Fetch-Site": "cross-site"}),
    ):
        assert refused.status_code == 403
        assert set_cookie(refused, SESSION_COOKIE) is None
    assert session_rows(api) == 1
    assert reader.get("/").status_code == 200
