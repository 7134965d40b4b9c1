"""The offline coach app in Chromium (issue 16): the service worker keeps the coach's pages, the
outbox keeps what is saved without a network, and the sync sends each item exactly once.

The server is a real `seedbed serve` on a fixed port (one origin for the whole module, so the
service worker and the outbox survive its restarts), stopped or killed with SIGKILL when a test
needs it down: Playwright's `set_offline` takes the page offline but not the service worker,
so "offline" here is both. The browser keeps its profile in a folder, so that a restart of the
browser keeps the outbox. Every item is checked through the JSON API afterwards.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.browser.helpers import CHROMIUM_FLAGS, axe_violations
from tests.serving import SEEDBED, cli_token, coached_project, free_port, migrated_with_admin

pytestmark = pytest.mark.browser

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "locale": "en-GB",
}


@dataclass
class Server:
    """`seedbed serve` on one port, started, stopped and killed at will."""

    env: dict[str, str]
    log: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        env = {**os.environ, **self.env, "SEEDBED_PORT": str(self.port)}
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [SEEDBED, "serve", "--log-level", "warning"], env=env, stdout=out, stderr=out
            )
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{self.url}/health", timeout=1)
                return
            except httpx.TransportError:
                assert self.process.poll() is None, self.log.read_text()
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.1)

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.process is not None:
            self.process.send_signal(sig)
            self.process.wait(10)
            self.process = None

    def admin(self, method: str, path: str, body: Any = None) -> httpx.Response:
        headers = {"Authorization": f"Bearer {self.env['ADMIN_TOKEN']}"}
        return httpx.request(method, f"{self.url}{path}", json=body, headers=headers, timeout=10)


@pytest.fixture(scope="module")
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    request.getfixturevalue("chromium")  # skip before serving when there is no browser
    home = tmp_path_factory.mktemp("offline")
    env = {
        "SEEDBED_DATABASE_URL": f"sqlite:///{home / 'offline.sqlite3'}",
        "SEEDBED_HOST": "127.0.0.1",
    }
    admin = migrated_with_admin(env)
    served = Server({**env, "ADMIN_TOKEN": admin["Authorization"].split()[1]}, home / "server.log")
    served.start()
    yield served
    served.stop()


@dataclass
class Coach:
    project: str
    person: str
    token: str


@pytest.fixture
def coach(server: Server) -> Coach:
    return new_coach(server)


def new_coach(server: Server) -> Coach:
    """A coach with a token and a project of their own, in a network of its own."""
    with httpx.Client(
        base_url=server.url,
        headers={"Authorization": f"Bearer {server.env['ADMIN_TOKEN']}"},
        timeout=10,
    ) as http:
        project, person, _version = coached_project(
            http, "DE", "Dithmarschen", "elderly", "Dorfladen Wesselburen", "A village shop."
        )
    return Coach(project, person, cli_token(server.env, "coach", person))


@pytest.fixture
def profile(tmp_path: Path) -> Path:
    return tmp_path / "profile"


def open_phone(browser: Any, chromium: str, profile: Path) -> Any:
    """A browser with its profile in `profile` (the outbox and the kept pages live there)."""
    return browser.browser_type.launch_persistent_context(
        str(profile), executable_path=chromium, args=CHROMIUM_FLAGS, **PHONE
    )


def outbox(page: Any) -> dict[str, str]:
    return dict(
        page.eval_on_selector(
            "#outbox",
            "e => ({waiting: e.dataset.waiting, refused: e.dataset.refused, "
            "condition: e.dataset.condition, "
            "text: e.querySelector('[data-outbox-status]').textContent})",
        )
    )


def wait_outbox(page: Any, waiting: int, refused: int = 0) -> None:
    page.wait_for_function(
        "([w, r]) => { const e = document.getElementById('outbox');"
        " return e && e.dataset.waiting === String(w)"
        " && (e.dataset.refused || '0') === String(r); }",
        arg=[waiting, refused],
        timeout=20_000,
    )


def items(page: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = page.evaluate("() => window.seedbedOutbox.items()")
    return found


def sign_in(page: Any, server: Server, token: str, next_path: str = "/ui/home") -> None:
    page.goto(f"{server.url}/sign-in?next={next_path}")
    page.fill("#token", token)
    page.fill("#device", "field phone")
    with page.expect_navigation():
        page.click("form[action='/sign-in'] button[type=submit]")


def synced(page: Any, coach: Coach) -> None:
    """Waits until the service worker controls the page and a sync has kept the pages."""
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.evaluate("() => window.seedbedOutbox.sync()")
    kept = page.evaluate(
        "() => caches.open('seedbed-pages-v1').then(c => c.keys())"
        ".then(k => k.map(r => new URL(r.url).pathname))"
    )
    assert f"/ui/projects/{coach.project}/sessions/new" in kept
    assert f"/ui/projects/{coach.project}/milestones" in kept


def log_session(page: Any, server: Server, coach: Coach, minutes: int, summary: str) -> None:
    page.goto(f"{server.url}/ui/projects/{coach.project}/sessions/new")
    page.fill("#f-duration-minutes", str(minutes))
    page.fill("#f-summary", summary)
    page.click(f"form[action='/ui/projects/{coach.project}/sessions'] button[type=submit]")
    page.wait_for_selector("form[data-outbox] .queued")


def reach_milestone(page: Any, server: Server, coach: Coach) -> None:
    page.goto(f"{server.url}/ui/projects/{coach.project}/milestones")
    page.select_option("#f-milestone-id", "NEED-01")
    page.fill("#f-note", "Needs assessed with the villagers.")
    page.click(f"form[action='/ui/projects/{coach.project}/milestones/reach'] button[type=submit]")
    page.wait_for_selector("form[data-outbox] .queued")


def history(server: Server, project: str) -> list[tuple[str, Any]]:
    events = server.admin("GET", f"/projects/{project}/events").json()["items"]
    return [
        (e["type"].split(".")[-1], e["data"].get("details", {}).get("duration_minutes"))
        for e in events
        if e["type"].split(".")[-1] in ("SessionLogged", "MilestoneReached")
    ]


def test_a_field_day_offline_syncs_once_in_order_after_a_reload_and_a_browser_restart(
    browser: Any, chromium: str, server: Server, coach: Coach, profile: Path, screenshot: Any
) -> None:
    phone = open_phone(browser, chromium, profile)
    page = phone.new_page()
    sign_in(page, server, coach.token)
    synced(page, coach)
    server.stop()
    phone.set_offline(True)
    for minutes, summary in ((90, "Planned the shop rota."), (45, "Met the mayor."), (30, "Tea.")):
        log_session(page, server, coach, minutes, summary)
    reach_milestone(page, server, coach)
    wait_outbox(page, 4)
    assert "4 waiting" in outbox(page)["text"]
    assert "Offline" in outbox(page)["text"]
    assert axe_violations(page) == []
    screenshot(page, "outbox-offline")
    page.reload()
    wait_outbox(page, 4)
    phone.close()

    phone = open_phone(browser, chromium, profile)  # the same profile: the outbox is still there
    phone.set_offline(True)
    page = phone.new_page()
    page.goto(f"{server.url}/ui/home")
    wait_outbox(page, 4)
    assert [i["state"] for i in items(page)] == ["waiting"] * 4
    server.start()
    phone.set_offline(False)  # the page sees the network back and syncs itself
    wait_outbox(page, 0)
    assert [i["state"] for i in items(page)] == ["sent"] * 4
    assert all("body" not in i and "values" not in i for i in items(page))  # no free text kept
    assert history(server, coach.project) == [
        ("SessionLogged", 90),
        ("SessionLogged", 45),
        ("SessionLogged", 30),
        ("MilestoneReached", None),
    ]
    page.evaluate("() => window.seedbedOutbox.sync()")  # again: nothing more
    assert len(history(server, coach.project)) == 4
    screenshot(page, "outbox-synced")
    phone.close()


def test_a_server_killed_between_commit_and_reply_still_records_each_item_once(
    browser: Any, chromium: str, server: Server, coach: Coach, profile: Path
) -> None:
    phone = open_phone(browser, chromium, profile)
    page = phone.new_page()
    sign_in(page, server, coach.token)
    synced(page, coach)
    phone.set_offline(True)
    for minutes in (20, 25, 35):
        log_session(page, server, coach, minutes, f"Session of {minutes} minutes.")
    wait_outbox(page, 3)
    sent: list[str] = []

    def kill_after_commit(route: Any) -> None:
        sent.append(route.request.headers["idempotency-key"])
        if len(sent) == 2:  # the second write commits, then the server dies before replying
            route.fetch()
            server.stop(signal.SIGKILL)
            route.abort("connectionreset")
        else:
            route.continue_()

    phone.route(f"**/projects/{coach.project}/sessions", kill_after_commit)
    phone.set_offline(False)
    page.wait_for_function(
        "() => document.getElementById('outbox').dataset.condition === 'unreachable'"
    )
    assert [i["state"] for i in items(page)] == ["sent", "waiting", "waiting"]
    phone.unroute(f"**/projects/{coach.project}/sessions")
    server.start()
    assert [d for _t, d in history(server, coach.project)] == [20, 25]  # committed, unanswered
    page.evaluate("() => window.seedbedOutbox.sync()")
    wait_outbox(page, 0)
    assert [d for _t, d in history(server, coach.project)] == [20, 25, 35]
    phone.close()


def test_a_session_for_a_project_closed_meanwhile_is_refused_with_the_reason_and_copied(
    browser: Any, chromium: str, server: Server, coach: Coach, profile: Path, screenshot: Any
) -> None:
    with_coordinator(server, coach, "0481 12 34, Tuesdays at the town hall")
    phone = open_phone(browser, chromium, profile)
    page = phone.new_page()
    sign_in(page, server, coach.token)
    synced(page, coach)
    phone.set_offline(True)
    log_session(page, server, coach, 50, "Agreed on the opening hours.")
    wait_outbox(page, 1)
    closed = server.admin(
        "POST",
        f"/projects/{coach.project}/closure",
        {"outcome": "discontinued", "rationale": "The shop found no tenant."},
    )
    assert closed.status_code == 200, closed.text
    phone.set_offline(False)
    wait_outbox(page, 0, refused=1)
    refused = page.locator("[data-outbox-item][data-state=refused]")
    assert "The project is closed: it accepts no more changes." in (refused.text_content() or "")
    assert history(server, coach.project) == []
    ask = refused.locator("[data-outbox-ask]").get_attribute("href") or ""
    assert ask.startswith("mailto:?subject=")  # no address in the records: the coach adds it
    assert "Your coordinator: Anna Berg (0481 12 34, Tuesdays at the town hall)" in (
        refused.text_content() or ""
    )
    assert axe_violations(page) == []
    screenshot(page, "outbox-refused")
    with page.expect_navigation():
        refused.locator("[data-outbox-action=copy]").click()
    page.wait_for_selector("form[data-outbox] .queued")
    assert page.input_value("#f-summary") == "Agreed on the opening hours."
    assert page.input_value("#f-duration-minutes") == "50"
    assert [i["state"] for i in items(page)] == ["refused"]  # kept until the coach discards it
    page.locator("[data-outbox-action=discard]").click()
    page.wait_for_function("() => window.seedbedOutbox.items().then(i => i.length === 0)")
    phone.close()


def test_a_revoked_device_stops_the_sync_keeps_the_items_and_sends_them_after_signing_in(
    browser: Any, chromium: str, server: Server, coach: Coach, profile: Path
) -> None:
    phone = open_phone(browser, chromium, profile)
    page = phone.new_page()
    sign_in(page, server, coach.token)
    synced(page, coach)
    phone.set_offline(True)
    log_session(page, server, coach, 40, "Counted the stock.")
    log_session(page, server, coach, 15, "Called the baker.")
    wait_outbox(page, 2)
    coach_api = {"Authorization": f"Bearer {coach.token}"}
    devices = httpx.get(f"{server.url}/devices", headers=coach_api).json()["items"]
    active = [d["id"] for d in devices if d["state"] == "active"]
    assert len(active) == 1
    revoked = httpx.post(f"{server.url}/devices/{active[0]}/revocation", headers=coach_api)
    assert revoked.status_code == 200
    phone.set_offline(False)
    page.wait_for_function(
        "() => document.getElementById('outbox').dataset.condition === 'sign_in'"
    )
    assert "Sign in again" in outbox(page)["text"]
    assert [i["state"] for i in items(page)] == ["waiting", "waiting"]
    assert history(server, coach.project) == []
    page.click("[data-outbox-sign-in]")
    page.wait_for_url("**/sign-in**")
    page.fill("#token", coach.token)
    with page.expect_navigation():
        page.click("form[action='/sign-in'] button[type=submit]")
    wait_outbox(page, 0)
    assert [d for _t, d in history(server, coach.project)] == [40, 15]
    phone.close()


def kept_page(page: Any, path: str) -> str:
    text: str = page.evaluate(
        "path => caches.open('seedbed-pages-v1').then(c => c.match(path))"
        ".then(r => r ? r.text() : '')",
        path,
    )
    return text


def test_a_redaction_reaches_the_kept_pages_at_the_next_sync(
    browser: Any, chromium: str, server: Server, coach: Coach, profile: Path
) -> None:
    topic = "Zebrafish-secret of the mayor"
    _session, version = logged_session(server, coach, 60, topics=[topic])
    phone = open_phone(browser, chromium, profile)
    page = phone.new_page()
    sign_in(page, server, coach.token)
    synced(page, coach)
    assert topic in kept_page(page, f"/ui/projects/{coach.project}")
    redacted = server.admin(
        "POST",
        f"/projects/{coach.project}/redactions",
        {"version": version, "field": "/details/topics/0", "reason": "a name"},
    )
    assert redacted.status_code == 200, redacted.text
    page.evaluate("() => window.seedbedOutbox.sync()")
    kept = kept_page(page, f"/ui/projects/{coach.project}")
    assert topic not in kept
    assert "redacted" in kept  # kept again, as the server shows it now
    phone.close()


def sign_out(page: Any) -> None:
    with page.expect_navigation():
        page.click("form.sign-out button[type=submit]")
    page.wait_for_url("**/sign-in?signed_out=true")


def test_on_a_shared_phone_items_wait_for_their_owner_and_never_go_with_another_credential(
    browser: Any, chromium: str, server: Server, coach: Coach, profile: Path
) -> None:
    phone = open_phone(browser, chromium, profile)
    page = phone.new_page()
    sign_in(page, server, coach.token)
    synced(page, coach)
    phone.set_offline(True)
    log_session(page, server, coach, 35, "Left on the shared phone.")
    wait_outbox(page, 1)
    sessions_api = f"**/projects/{coach.project}/sessions"
    phone.route(sessions_api, lambda route: route.abort())  # the signal is gone again
    phone.set_offline(False)
    page.wait_for_function(
        "() => document.getElementById('outbox').dataset.condition === 'unreachable'"
    )
    sign_out(page)
    assert page.evaluate("() => caches.has('seedbed-pages-v1')") is False  # kept pages gone
    phone.unroute(sessions_api)

    other = new_coach(server)
    sign_in(page, server, other.token)
    page.evaluate("() => window.seedbedOutbox.sync()")
    wait_outbox(page, 0)
    assert "1 saved by someone else on this device" in outbox(page)["text"]
    assert page.locator("[data-outbox-item]").count() == 0  # not shown to the next person
    assert [i["state"] for i in items(page)] == ["waiting"]
    assert history(server, coach.project) == []
    sign_out(page)

    sign_in(page, server, coach.token)
    wait_outbox(page, 0)
    assert [i["state"] for i in items(page)] == ["sent"]
    assert [d for _t, d in history(server, coach.project)] == [35]
    phone.close()


# ---------------------------------------------------------------------------- every coach form
COORDINATOR_MAIL = "anna.berg@len-dithmarschen.example"


def with_coordinator(server: Server, coach: Coach, contact: str) -> None:
    """The coach's network gets a coordinator, Anna Berg, reached through `contact`."""
    network = server.admin("GET", f"/projects/{coach.project}").json()["network_id"]
    person = server.admin(
        "POST", "/people", {"display_name": "Anna Berg", "role": "coordinator", "contact": contact}
    ).json()["id"]
    appointed = server.admin("POST", f"/networks/{network}/coordinator", {"coordinator_id": person})
    assert appointed.status_code == 201, appointed.text


def logged_session(server: Server, coach: Coach, minutes: int, **fields: Any) -> tuple[str, int]:
    """A session the coach logged through the API (kept on the device with its forms)."""
    body = {
        "type": "coaching",
        "started_at": "2026-11-30T10:00:00+01:00",
        "duration_minutes": minutes,
        "mode": "on_site",
        "participation_level": "engaged",
        "summary": "Stocktaking.",
        **fields,
    }
    logged = httpx.post(
        f"{server.url}/projects/{coach.project}/sessions",
        json=body,
        headers={"Authorization": f"Bearer {coach.token}"},
        timeout=10,
    )
    assert logged.status_code == 201, logged.text
    return logged.json()["session_id"], logged.json()["version"]


def events(server: Server, project: str, *kinds: str) -> list[dict[str, Any]]:
    found = server.admin("GET", f"/projects/{project}/events").json()["items"]
    return [e for e in found if e["type"].split(".")[-1] in kinds]


def record_need(page: Any, server: Server, coach: Coach, text: str) -> None:
    page.goto(f"{server.url}/ui/projects/{coach.project}/needs")
    page.fill("#f-description", text)
    page.select_option("#f-tool", "needs_workshop")
    page.click("form[data-outbox] button[type=submit]")


def correct_session(page: Any, server: Server, coach: Coach, session: str, minutes: int) -> None:
    page.goto(f"{server.url}/ui/projects/{coach.project}/sessions/{session}")
    form = page.locator("form[action$='/corrections']")
    form.locator("[name=duration_minutes]").fill(str(minutes))
    form.locator("[name=reason]").fill("It ran longer than logged.")
    form.locator("button[type=submit]").click()
    form.locator(".queued").wait_for()


def test_a_need_and_a_session_correction_queued_offline_are_sent_once_through_the_api(
    browser: Any, chromium: str, server: Server, coach: Coach, profile: Path
) -> None:
    session, version = logged_session(server, coach, 60)
    phone = open_phone(browser, chromium, profile)
    page = phone.new_page()
    sign_in(page, server, coach.token)
    synced(page, coach)
    server.stop()
    phone.set_offline(True)
    record_need(page, server, coach, "A lift to the weekly market.")
    page.wait_for_selector("form[data-outbox] .queued")
    correct_session(page, server, coach, session, 75)
    wait_outbox(page, 2)
    page.reload()
    wait_outbox(page, 2)
    queued = items(page)
    assert [(i["method"], i["api"], i["if_match"]) for i in queued] == [
        ("POST", f"/projects/{coach.project}/needs", False),
        ("POST", f"/projects/{coach.project}/sessions/{session}/corrections", True),
    ]
    assert queued[1]["base_version"] == version  # the version the coach saw
    server.start()
    phone.set_offline(False)
    wait_outbox(page, 0)
    assert [i["state"] for i in items(page)] == ["sent", "sent"]
    page.evaluate("() => window.seedbedOutbox.sync()")
    recorded = events(server, coach.project, "NeedRecorded", "SessionCorrected")
    assert [e["type"].split(".")[-1] for e in recorded] == ["NeedRecorded", "SessionCorrected"]
    assert recorded[0]["data"]["description"] == "A lift to the weekly market."
    assert recorded[1]["data"]["changes"] == {"duration_minutes": 75}  # only what was changed
    assert recorded[1]["version"] == version + 2
    phone.close()


def test_a_stale_correction_is_refused_on_sync_and_the_coach_copies_it_or_asks_the_coordinator(
    browser: Any, chromium: str, server: Server, coach: Coach, profile: Path
) -> None:
    with_coordinator(server, coach, f"{COORDINATOR_MAIL}, 0481 12")
    member = server.admin(
        "POST", "/people", {"display_name": "Ottilie Frers", "role": "service_user"}
    )
    session, _version = logged_session(server, coach, 60)
    added = server.admin(
        "POST",
        f"/projects/{coach.project}/team",
        {"person_id": member.json()["id"], "role": "service_user", "joined_on": "2026-11-30"},
    )
    assert added.status_code == 201, added.text
    phone = open_phone(browser, chromium, profile)
    page = phone.new_page()
    sign_in(page, server, coach.token)
    synced(page, coach)
    server.stop()
    phone.set_offline(True)
    correct_session(page, server, coach, session, 80)
    wait_outbox(page, 1)
    server.start()
    corrected = server.admin(  # someone else corrects the session meanwhile
        "POST",
        f"/projects/{coach.project}/sessions/{session}/corrections",
        {"changes": {"summary": "Stocktaking with the mayor."}, "reason": "The mayor came too."},
    )
    assert corrected.status_code == 201, corrected.text
    phone.set_offline(False)
    wait_outbox(page, 0, refused=1)
    refused = page.locator("[data-outbox-item][data-state=refused]")
    reason = "The project changed while you were filling in the form."
    assert reason in (refused.text_content() or "")
    assert len(events(server, coach.project, "SessionCorrected")) == 1  # only the other one

    mail = urllib.parse.urlsplit(refused.locator("[data-outbox-ask]").get_attribute("href") or "")
    assert (mail.scheme, mail.path) == ("mailto", COORDINATOR_MAIL)
    asked = urllib.parse.parse_qs(mail.query)
    assert asked["subject"] == ["Refused on sync: Correct this session · Dorfladen Wesselburen"]
    body = asked["body"][0]
    assert reason in body
    assert "Reason for the correction: It ran longer than logged." in body
    assert "Ottilie" not in body  # the team's names are not what the coach typed

    with page.expect_navigation():
        refused.locator("[data-outbox-action=copy]").click()
    form = page.locator("form[action$='/corrections']")
    form.locator(".queued").wait_for()
    assert form.locator("[name=duration_minutes]").input_value() == "80"
    assert form.locator("[name=reason]").input_value() == "It ran longer than logged."
    assert "Stocktaking with the mayor." in page.content()  # the form is on the new state now
    phone.close()


def test_a_connection_dropped_between_the_probe_and_the_post_leaves_the_need_waiting_sent_once(
    browser: Any, chromium: str, server: Server, coach: Coach, profile: Path
) -> None:
    phone = open_phone(browser, chromium, profile)
    page = phone.new_page()
    sign_in(page, server, coach.token)
    synced(page, coach)
    needs_api = f"**/projects/{coach.project}/needs"

    def commit_then_drop(route: Any) -> None:  # /ready answered; the post's reply never comes
        route.fetch()
        route.abort("connectionreset")

    phone.route(needs_api, commit_then_drop)
    record_need(page, server, coach, "Somewhere to meet in winter.")
    page.wait_for_selector("form[data-outbox] .queued")  # the outbox, not the browser's error page
    assert page.url.endswith(f"/ui/projects/{coach.project}/needs")
    assert [i["state"] for i in items(page)] == ["waiting"]
    assert len(events(server, coach.project, "NeedRecorded")) == 1  # committed, unanswered
    phone.unroute(needs_api)
    page.evaluate("() => window.seedbedOutbox.sync()")
    wait_outbox(page, 0)
    assert [i["state"] for i in items(page)] == ["sent"]
    assert len(events(server, coach.project, "NeedRecorded")) == 1  # the receipt answered

    record_need(page, server, coach, "A bench at the bus stop.")  # online: sent, then the project
    page.wait_for_url(lambda url: url.endswith(f"/ui/projects/{coach.project}?done=need-recorded"))
    assert len(events(server, coach.project, "NeedRecorded")) == 2
    phone.close()
