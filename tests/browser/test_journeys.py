"""The work of a coordinator and a coach, done in Chromium through the forms only (issue 15).

The demo programme supplies the people and tokens (`seed-demo`); everything the journeys do
(propose a project, assign its coach, register a person, log and correct sessions, reach
milestones, propose and decide gates) is done by filling in and sending forms, then checked
against the JSON API. The coach works on a phone-sized viewport. Along the way: a double
submission records once, a stale form gets the conflict page, a form without its CSRF value
changes nothing, and every page passes axe-core.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.helpers import Demo, axe_violations, check_page, sign_in

pytestmark = pytest.mark.browser

PHONE = {
    "viewport": {"width": 360, "height": 780},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
TITLE = "Repair café Wesselburen"


def opened(browser: Any, **options: Any) -> tuple[Any, Any, list[str]]:
    context = browser.new_context(locale="en-GB", **options)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"page error: {error}"))
    page.on(
        "console",
        lambda m: errors.append(f"console: {m.text}") if m.type == "error" else None,
    )
    return context, page, errors


@pytest.fixture
def coordinator(browser: Any, demo: Demo) -> Iterator[Any]:
    context, page, errors = opened(browser, viewport={"width": 1280, "height": 900})
    sign_in(page, demo, "coordinator")
    yield page
    context.close()
    assert [e for e in errors if "status of 4" not in e] == [], errors


@pytest.fixture
def coach(browser: Any, demo: Demo) -> Iterator[Any]:
    context, page, errors = opened(browser, **PHONE)
    sign_in(page, demo, "coach")
    yield page
    context.close()
    # A refused form answers 4xx, which Chromium logs as a failed load: that is the journey.
    assert [e for e in errors if "status of 4" not in e] == [], errors


def send(page: Any, action: str) -> None:
    """Submits the form posting to `action` with its own button, and waits for the answer."""
    with page.expect_navigation():
        page.click(f"form[action='{action}'] button[type=submit]")


def done_says(page: Any) -> str:
    return (page.locator(".done").first.text_content() or "").strip()


def error_of(page: Any, field: str) -> str:
    return (page.locator(f"#f-{field}-error").text_content() or "").strip()


def project_id(page: Any) -> str:
    found = re.search(r"/ui/projects/([0-9a-f-]{36})", page.url)
    assert found, page.url
    return found.group(1)


def no_sideways_scroll(page: Any) -> None:
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1, f"{page.url} scrolls sideways by {overflow}px"


def test_a_coordinator_and_a_coach_do_their_work_through_the_forms(
    coordinator: Any, coach: Any, demo: Demo, screenshot: Any
) -> None:
    url = demo.url
    me = demo.api("/me", "coach")
    coach_name = demo.api(f"/people/{me['person_id']}", "coach")["display_name"]

    # ---- the coordinator proposes a project in their network
    coordinator.goto(f"{url}/ui/home")
    coordinator.click("text=Propose a project")
    coordinator.fill("#f-title", TITLE)
    coordinator.select_option("#f-network-id", index=1)
    coordinator.select_option("#f-target-group", "elderly")
    coordinator.fill("#f-summary", "Neighbours mend what the elderly cannot replace.")
    check_page(coordinator, screenshot, "propose")
    send(coordinator, "/ui/projects/new")
    project = project_id(coordinator)
    assert "proposed" in done_says(coordinator)
    state = demo.api(f"/projects/{project}")
    assert (state["title"], state["stage"], state["coaches"]) == (TITLE, "idea", [])

    # ---- assigns the coach, found by name
    base = f"/ui/projects/{project}"
    coordinator.goto(f"{url}{base}/coaches")
    coordinator.fill("#people-q", coach_name[:5])
    with coordinator.expect_navigation():
        coordinator.click("form.search button[type=submit]")
    coordinator.get_by_label(re.compile(re.escape(coach_name))).check()
    check_page(coordinator, screenshot, "assign-coach")
    send(coordinator, f"{base}/coaches/assign")
    assert demo.api(f"/projects/{project}")["coaches"] == [me["person_id"]]

    # ---- a gate decision refused: the gate is not met, said next to the choice
    coordinator.goto(f"{url}{base}/stage")
    coordinator.check("#f-to-1")
    coordinator.fill("#f-rationale", "The group is ready.")
    send(coordinator, f"{base}/stage/decide")
    assert "NEED-01" in error_of(coordinator, "to")
    assert "TEAM-01" in error_of(coordinator, "to")
    assert coordinator.input_value("#f-rationale") == "The group is ready."  # input kept
    check_page(coordinator, screenshot, "gate-refused")
    assert demo.api(f"/projects/{project}")["stage"] == "idea"

    # ---- the coach, on a phone: the project is on their home, one tap to log a session
    coach.goto(f"{url}/ui/home")
    card = coach.locator(".card", has_text=TITLE)
    card.get_by_role("link", name="Log a session").click()
    coach.wait_for_url(f"**{base}/sessions/new")
    no_sideways_scroll(coach)
    coach.fill("#f-duration-minutes", "75")
    coach.check("input[name=participation_level][value=co_designing]")
    coach.fill("#f-topics", "tool library\nopening hours")
    coach.fill("#f-anonymous-service-user", "6")
    coach.fill("#f-follow-ups-0-what", "Ask the parish for the hall")
    coach.fill("#f-follow-ups-0-due-on", "2030-01-31")
    coach.fill("#f-summary", "First meeting in the village hall.")
    screenshot(coach, "log-session-phone")
    assert axe_violations(coach) == []
    send(coach, f"{base}/sessions")
    assert "logged" in done_says(coach)
    sessions = demo.api(f"/projects/{project}")["sessions"]
    assert len(sessions) == 1
    assert sessions[0]["duration_minutes"] == 75

    # ---- a double submission records once: the form posted twice with its one key
    coach.goto(f"{url}{base}/sessions/new")
    assert coach.input_value("#f-duration-minutes") == "75"  # prefilled from their last
    statuses = coach.evaluate(
        """async () => {
            const form = document.querySelector("form.work");
            const send = () => fetch(form.action, {method: "POST", body: new FormData(form),
                                                   redirect: "manual"});
            const answers = await Promise.all([send(), send()]);
            return answers.map(a => a.type === "opaqueredirect" ? 303 : a.status);
        }"""
    )
    assert statuses == [303, 303]
    sessions = demo.api(f"/projects/{project}")["sessions"]
    assert len(sessions) == 2

    # ---- a form without its CSRF value changes nothing
    # (the page's own post: with JavaScript the outbox sends through the JSON API, where the
    # device credential's header stands in for the CSRF value)
    coach.goto(f"{url}{base}/sessions/new")
    with coach.expect_navigation():
        coach.evaluate(
            "() => { const form = document.querySelector('form.work');"
            " form.querySelector('input[name=csrf]').remove(); form.submit(); }"
        )
    assert coach.locator("h1").text_content() == "Something went wrong"
    assert coach.locator("nav[aria-label=Main]").count() == 1  # the 403 page keeps its nav
    assert len(demo.api(f"/projects/{project}")["sessions"]) == 2

    # ---- correct the first session; withdraw the second
    first, second = (s["session_id"] for s in sessions)
    coach.goto(f"{url}{base}/sessions/{first}")
    coach.fill("#f-duration-minutes", "90")
    coach.fill("#f-reason", "It ran longer.")
    send(coach, f"{base}/sessions/{first}/corrections")
    assert "correction" in done_says(coach)
    assert coach.locator("ol.history li").count() == 2  # logged, corrected
    coach.goto(f"{url}{base}/sessions/{second}")
    withdraw = f"{base}/sessions/{second}/withdrawal"
    coach.fill(f"form[action='{withdraw}'] textarea[name=reason]", "Logged twice by mistake.")
    send(coach, withdraw)
    by_id = {s["session_id"]: s for s in demo.api(f"/projects/{project}")["sessions"]}
    assert by_id[first]["duration_minutes"] == 90
    assert by_id[first]["corrections"] == 1
    assert by_id[second]["withdrawn"] is True

    # ---- a stale form: two tabs on the same session, the second sees the conflict
    stale = coach.context.new_page()
    stale.goto(f"{url}{base}/sessions/{first}")
    coach.goto(f"{url}{base}/sessions/{first}")
    coach.fill("#f-duration-minutes", "95")
    coach.fill("#f-reason", "Counted the tea break.")
    send(coach, f"{base}/sessions/{first}/corrections")
    stale.fill("#f-duration-minutes", "80")
    stale.fill("#f-reason", "Without the tea break.")
    send(stale, f"{base}/sessions/{first}/corrections")
    conflict = stale.locator(".conflict")
    assert "changed the project meanwhile" in (conflict.text_content() or "")
    assert "Session corrected" in (conflict.text_content() or "")
    assert stale.input_value("#f-duration-minutes") == "80"  # their input kept
    check_page(stale, screenshot, "conflict")
    assert demo.api(f"/projects/{project}")["sessions"][0]["duration_minutes"] == 95
    send(stale, f"{base}/sessions/{first}/corrections")  # resubmitted on the new state
    assert demo.api(f"/projects/{project}")["sessions"][0]["duration_minutes"] == 80
    stale.close()

    # ---- register a person and put them on the team
    coach.goto(f"{url}{base}/team")
    coach.click("text=Register the person first")
    coach.fill("#f-display-name", "Wiebke S.")
    coach.select_option("#f-role", "service_user")
    send(coach, "/ui/people/new")
    assert coach.input_value("#people-q") == "Wiebke S."
    coach.get_by_label(re.compile("Wiebke S.")).check()
    coach.select_option("#f-role", "service_user")
    send(coach, f"{base}/team/add")
    assert "team" in done_says(coach)
    team = demo.api(f"/projects/{project}")["team"]
    assert [m["role"] for m in team] == ["service_user"]

    # ---- reach the two milestones the first gate asks for, with evidence
    for milestone, note in (("NEED-01", "Needs workshop with 6 neighbours."), ("TEAM-01", "")):
        coach.goto(f"{url}{base}/milestones")
        coach.select_option("#f-milestone-id", milestone)
        coach.fill("#f-note", note)
        if not note:  # evidence is a note or links: first refused, then a link
            send(coach, f"{base}/milestones/reach")
            assert "Evidence needs a note or at least one link" in error_of(coach, "note")
            coach.fill("#f-links", "https://example.org/minutes-2030-01")
        send(coach, f"{base}/milestones/reach")
    reached = demo.api(f"/projects/{project}")["reached_milestones"]
    assert reached == ["NEED-01", "TEAM-01"]

    # ---- propose the stage change for the coordinator to decide
    coach.goto(f"{url}{base}/stage")
    coach.check("#f-to-1")
    coach.fill("#f-note", "Needs assessed; the core group meets every week.")
    screenshot(coach, "propose-gate-phone")
    send(coach, f"{base}/stage/propose")
    reviews = demo.api(f"/projects/{project}/gate-reviews")["items"]
    assert [(r["to"], r["state"]) for r in reviews] == [("co_creation", "open")]

    # ---- the coordinator decides it: the review is preselected, the gate now met
    coordinator.goto(f"{url}/ui/home")
    to_decide = coordinator.locator("section[aria-labelledby=reviews-title]").text_content()
    assert TITLE in (to_decide or "")
    coordinator.goto(f"{url}{base}/stage")
    assert "the gate is met" in (coordinator.locator(".panel").first.text_content() or "")
    assert coordinator.input_value("#f-review-id") == reviews[0]["review_id"]
    coordinator.fill("#f-rationale", "Gate review passed.")
    screenshot(coordinator, "gate-decision")
    assert axe_violations(coordinator) == []
    send(coordinator, f"{base}/stage/decide")
    state = demo.api(f"/projects/{project}")
    assert state["stage"] == "co_creation"
    reviews = demo.api(f"/projects/{project}/gate-reviews")["items"]
    assert (reviews[0]["state"], reviews[0]["decision"]) == ("decided", "advanced")

    # ---- and an override: to pilot without its milestones, justified as such
    coordinator.goto(f"{url}{base}/stage")
    coordinator.check("#f-to-1")
    coordinator.fill("#f-rationale", "The pilot starts with the spring market.")
    coordinator.fill("#f-override", "The market date will not wait; the plan follows.")
    send(coordinator, f"{base}/stage/decide")
    last = demo.api(f"/projects/{project}")["stage_history"][-1]
    assert last["to_stage"] == "pilot"
    assert last["override"] == "The market date will not wait; the plan follows."
    assert set(last["overridden"]) == {"CONC-01 or CONC-02", "PLAN-01"}
    check_page(coordinator, screenshot, "project-after")


WORK_PAGES = (
    "/ui/home",
    "/ui/projects/new",
    "/ui/networks",
    "/ui/networks/new",
    "/ui/people/new",
    "{project}/sessions/new",
    "{project}/needs",
    "{project}/milestones",
    "{project}/team",
    "{project}/coaches",
    "{project}/stage",
    "{project}/status",
)


@pytest.mark.parametrize("language", ["en", "de", "da", "sv", "fi", "et", "lv", "lt", "pl"])
def test_every_page_of_work_passes_axe_in_every_language(
    browser: Any, demo: Demo, language: str
) -> None:
    context, page, errors = opened(browser, viewport={"width": 1280, "height": 900})
    try:
        sign_in(page, demo, "coordinator")
        page.goto(f"{demo.url}/ui/language?lang={language}&next=/ui/home")
        assert page.locator("html").get_attribute("lang", timeout=5000).startswith(language)
        theirs = demo.api("/me", "coordinator")["projects"]
        active = [p for p in theirs if demo.api(f"/projects/{p}")["status"] == "active"]
        project = f"/ui/projects/{active[0]}"
        for path in WORK_PAGES:
            page.goto(f"{demo.url}{path.format(project=project)}")
            assert page.locator("h1").count() == 1, path
            found = axe_violations(page)
            assert found == [], f"{language} {path}: {found}"
    finally:
        context.close()
    assert errors == [], errors
