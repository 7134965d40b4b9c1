"""Device credentials: signing in to work offline issues a device token of the signer's role,
kept in an HttpOnly, SameSite=Strict cookie that only the JSON API's project paths receive and
that counts only with the outbox's header; its owner and admins list and revoke it, and a
revoked one stops the next sync and the pages signed in with it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from store.devices import DEVICE_COOKIE
from tests.api.client import SESSION, Api
from tests.api.scenes import scoped_tokens
from tests.api.web_pages import Browser, PageScene, hidden, set_cookie, token_id

OUTBOX = {"X-Seedbed-Device": "outbox"}


def offline_sign_in(browser: Browser, token: str, device: str = "Anna's phone") -> Any:
    csrf = hidden(browser.form().text, "csrf", "/sign-in")
    data = {"token": token, "csrf": csrf, "next": "/ui/home", "offline": "on", "device": device}
    return browser.client.post("/sign-in", data=data)


def test_signing_in_offline_sets_a_strict_httponly_device_cookie_for_the_api_only(
    api: Api, browser: Callable[..., Browser]
) -> None:
    phone = browser()
    signed_in = offline_sign_in(phone, api.tokens["coach"])
    assert signed_in.status_code == 303, signed_in.text
    cookie = set_cookie(signed_in, DEVICE_COOKIE)
    assert cookie is not None
    assert cookie["path"] == "/projects"
    assert cookie["httponly"] is True
    assert cookie["samesite"].lower() == "strict"
    assert int(cookie["max-age"]) == 30 * 86400
    listed = api.get("/devices", "coach").json()["items"]
    assert [(d["device"], d["role"], d["state"]) for d in listed] == [
        ("Anna's phone", "coach", "active")
    ]
    assert listed[0]["id"] == token_id(cookie.value)
    assert listed[0]["person_id"] == api.people["coach"]


def test_the_device_cookie_writes_only_with_the_outbox_header(
    api: Api, browser: Callable[..., Browser], page_scene: PageScene
) -> None:
    phone = browser()
    offline_sign_in(phone, api.tokens["coach"])
    path = f"/projects/{page_scene.project}/sessions"
    without = phone.client.post(path, json=SESSION)
    assert without.status_code == 401
    sent = phone.client.post(path, json=SESSION, headers={**OUTBOX, "Idempotency-Key": "k-1"})
    assert sent.status_code == 201, sent.text
    again = phone.client.post(path, json=SESSION, headers={**OUTBOX, "Idempotency-Key": "k-1"})
    assert again.status_code == 201
    assert again.json() == sent.json()  # the receipt answers; nothing recorded twice


def test_a_revoked_device_stops_its_next_sync_and_its_pages(
    api: Api, browser: Callable[..., Browser], page_scene: PageScene
) -> None:
    phone = browser()
    offline_sign_in(phone, api.tokens["coach"])
    device = api.get("/devices", "coach").json()["items"][0]
    revoked = api.post(f"/devices/{device['id']}/revocation", "coach")
    assert revoked.status_code == 200, revoked.text
    assert revoked.json()["state"] == "revoked"
    path = f"/projects/{page_scene.project}/sessions"
    refused = phone.client.post(path, json=SESSION, headers=OUTBOX)
    assert refused.status_code == 401
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert phone.get("/ui/home").status_code == 303  # back to sign-in


def test_another_persons_device_is_not_found_and_an_admin_sees_every_one(
    api: Api, browser: Callable[..., Browser]
) -> None:
    offline_sign_in(browser(), api.tokens["coach"])
    offline_sign_in(browser(), api.tokens["coordinator"], "office laptop")
    mine = api.get("/devices", "coach").json()["items"]
    assert [d["device"] for d in mine] == ["Anna's phone"]
    stranger = api.post(f"/devices/{mine[0]['id']}/revocation", "other_coach")
    assert stranger.status_code == 404
    assert api.get("/devices", "other_coach").json()["items"] == []
    every = api.get("/devices", "admin").json()["items"]
    assert sorted(d["device"] for d in every) == ["Anna's phone", "office laptop"]
    assert api.post(f"/devices/{mine[0]['id']}/revocation", "admin").status_code == 200


def test_the_devices_page_revokes_and_signing_out_revokes_this_device(
    api: Api, browser: Callable[..., Browser]
) -> None:
    phone, laptop = browser(), browser()
    offline_sign_in(phone, api.tokens["coach"])
    offline_sign_in(laptop, api.tokens["coach"], "laptop")
    page = laptop.get("/ui/devices")
    assert page.status_code == 200
    assert "Anna&#39;s phone" in page.text
    assert "(this device)" in page.text
    phone_id = next(
        d["id"] for d in api.get("/devices", "coach").json()["items"] if d["device"] != "laptop"
    )
    csrf = hidden(page.text, "csrf", f"/ui/devices/{phone_id}/revocation")
    done = laptop.client.post(f"/ui/devices/{phone_id}/revocation", data={"csrf": csrf})
    assert done.status_code == 303
    forged = laptop.client.post(f"/ui/devices/{phone_id}/revocation", data={"csrf": "x"})
    assert forged.status_code == 403
    signed_out = laptop.sign_out(csrf)
    assert signed_out.status_code == 303
    states = {d["device"]: d["state"] for d in api.get("/devices", "coach").json()["items"]}
    assert states == {"Anna's phone": "revoked", "laptop": "revoked"}


def test_only_coaches_and_coordinators_get_a_device_credential(
    api: Api, browser: Callable[..., Browser]
) -> None:
    for role in ("admin", "auditor", "dashboard"):
        signed_in = offline_sign_in(browser(), api.tokens[role])
        assert signed_in.status_code == 303
        assert set_cookie(signed_in, DEVICE_COOKIE) is None
    assert api.get("/devices", "admin").json()["items"] == []


def test_a_retry_after_signing_in_again_finds_the_first_reply_and_records_once(
    api: Api, browser: Callable[..., Browser], page_scene: PageScene
) -> None:
    """The first send was committed but its reply lost; the device was then revoked: the
    outbox resends with the new device credential and the same key, and the receipt answers."""
    phone = browser()
    offline_sign_in(phone, api.tokens["coach"])
    path = f"/projects/{page_scene.project}/sessions"
    headers = {**OUTBOX, "Idempotency-Key": "device-key-1"}
    first = phone.client.post(path, json=SESSION, headers=headers)
    assert first.status_code == 201
    device = next(d for d in api.get("/devices", "coach").json()["items"] if d["state"] == "active")
    assert api.post(f"/devices/{device['id']}/revocation", "coach").status_code == 200
    phone.client.cookies.clear()
    offline_sign_in(phone, api.tokens["coach"])
    again = phone.client.post(path, json=SESSION, headers=headers)
    assert again.status_code == 201
    assert again.json() == first.json()
    events = api.get(f"/projects/{page_scene.project}/events", "admin").json()["items"]
    logged = [e for e in events if e["type"].endswith("SessionLogged")]
    assert [e["version"] for e in logged][-1] == first.json()["version"]  # recorded once
    assert len(logged) == 2  # the scene's session and this one


def test_a_device_of_a_programme_scoped_token_keeps_the_scope(
    api: Api, browser: Callable[..., Browser], page_scene: PageScene
) -> None:
    programmes = scoped_tokens(api, [page_scene.project])
    phone = browser()
    assert offline_sign_in(phone, api.tokens["scoped_coordinator"]).status_code == 303
    listed = api.get("/devices", "coordinator").json()["items"]
    assert [(d["role"], d["programme_id"]) for d in listed] == [("coordinator", programmes["ours"])]
    inside = f"/projects/{page_scene.project}/sessions"
    outside = f"/projects/{page_scene.other}/sessions"
    assert phone.client.post(outside, json=SESSION, headers=OUTBOX).status_code == 403
    assert phone.client.post(inside, json=SESSION, headers=OUTBOX).status_code == 201
    assert phone.get("/ui/projects").status_code == 200
    assert "Moorhof Repair Cafe" not in phone.get("/ui/projects").text
