"""The dashboard in headless Chromium: sign in, portfolio, project, audit slider, coach, sign out.

Each page is checked against the JSON API it is drawn from, scanned with axe-core (no serious or
critical violations), screenshotted into test-artifacts/screenshots, and watched for script
errors and CSP violations (the pages run under `script-src 'self'`).
"""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import Any

import pytest

from api.pages import views
from api.pages.i18n import negotiate
from tests.browser.helpers import Demo, axe_violations, check_page, sign_in

pytestmark = pytest.mark.browser


def figure(page: Any, selector: str) -> float:
    text = page.locator(selector).first.text_content() or ""
    return float(text.replace(",", ""))


def test_sign_in_portfolio_project_audit_slider_and_sign_out(
    page: Any, demo: Demo, screenshot: Any
) -> None:
    page.goto(f"{demo.url}/")
    page.wait_for_url(re.compile(r"/sign-in\?next=%2F$"))
    check_page(page, screenshot, "sign-in")

    sign_in(page, demo, "auditor")
    portfolio = demo.api("/dashboard/portfolio")
    assert figure(page, "[data-tile][data-field='projects']") == portfolio["projects"]
    assert (
        figure(page, "[data-tile][data-field='by_status.active']")
        == (portfolio["by_status"]["active"])
    )
    for stage, count in portfolio["funnel"].items():
        cell = page.locator(f"#funnel td[data-field='funnel.{stage}']")
        assert float(cell.text_content() or "") == count
    for country, count in portfolio["by_country"].items():
        bar = page.locator(f"#by-country [data-value-of='by_country.{country}']")
        assert float(bar.text_content() or "") == count
    tiles = {
        "projects": portfolio["projects"],
        "by_status.active": portfolio["by_status"]["active"],
        "by_country": len(portfolio["by_country"]),
        "coaching_hours_per_month": round(sum(portfolio["coaching_hours_per_month"].values())),
    }
    for refreshed in (False, True):  # as rendered, then as the script redraws them from JSON
        if refreshed:
            page.click("[data-live][data-source='/dashboard/portfolio'] [data-refresh]")
            page.wait_for_selector("text=/Updated \\d/")
        shown = {key: figure(page, f"[data-tile][data-field='{key}']") for key in tiles}
        assert shown == tiles, f"refreshed={refreshed}"
        widths = page.locator("#funnel rect.bar").evaluate_all(
            "bars => bars.map(b => Number(b.getAttribute('width')))"
        )
        counts = list(portfolio["funnel"].values())
        assert widths == sorted(widths, reverse=True)
        assert widths[0] > 0
        assert widths[-1] / widths[0] == pytest.approx(counts[-1] / counts[0], abs=0.01)
    check_page(page, screenshot, "portfolio")

    page.click("nav >> text=Projects")
    page.wait_for_url(f"{demo.url}/ui/projects")
    listed = demo.api("/projects", limit=500)["items"]
    assert page.locator("table.projects tbody tr").count() == len(listed)
    check_page(page, screenshot, "projects")

    page.click("table.projects a:text-is('AllDi')")
    page.wait_for_url(re.compile(r"/ui/projects/[0-9a-f-]{36}$"))
    project_id = page.url.rsplit("/", 1)[1]
    history = demo.api(f"/projects/{project_id}/coaching-history")
    assert figure(page, "[data-field='hours.total']") == pytest.approx(
        history["hours"]["total"], abs=0.05
    )
    assert figure(page, "[data-field='sessions']") == len(
        [s for s in history["sessions"] if not s["withdrawn"]]
    )
    periods = demo.api(f"/projects/{project_id}/stage-history")["periods"]
    days = [float(c.replace(",", "")) for c in page.locator("[data-period-days]").all_inner_texts()]
    assert days == [p["days"] for p in periods]
    board = demo.api(f"/projects/{project_id}/milestones")
    reached = {m["milestone_id"] for m in board["milestones"] if m["reached"]}
    shown = set(
        page.locator("li.milestone.reached").evaluate_all(
            "items => items.map(i => i.dataset.milestone)"
        )
    )
    assert shown == reached
    withdrawn = [s for s in history["sessions"] if s["withdrawn"]]
    assert page.locator("tr.withdrawn").count() == len(withdrawn)
    check_page(page, screenshot, "project")

    page.click("text=Audit trail")
    page.wait_for_url(re.compile(r"/audit$"))
    head = demo.api(f"/projects/{project_id}")["version"]
    assert page.locator("[data-verification='intact']").count() == 1
    # The 50 events around the chosen version (the head), not the whole stream.
    assert page.locator("table.events tbody tr").count() == min(head, 50)
    slider = page.locator("#version")
    slider.focus()
    page.keyboard.press("Home")
    page.wait_for_selector(f"#state-title:text-is('State at version 1 of {head}')")
    first = demo.api(f"/projects/{project_id}/state", role="auditor", version=1)
    assert page.inner_text("[data-state-field='version']") == "1"
    assert page.inner_text("[data-state-field='stage']") == "Idea"
    assert first["stage"] == "idea"
    for _ in range(5):
        page.keyboard.press("End" if _ == 0 else "ArrowLeft")
    target = head - 4
    page.wait_for_selector(f"#state-title:text-is('State at version {target} of {head}')")
    state = demo.api(f"/projects/{project_id}/state", role="auditor", version=target)
    assert int(page.inner_text("[data-state-field='sessions_total']")) == state["sessions_total"]
    assert int(page.inner_text("[data-state-field='team.length']")) == len(state["team"])
    diff = demo.api(
        f"/projects/{project_id}/diff", role="auditor", from_version=target - 1, to_version=target
    )
    shown_changes = page.locator("[data-changes] li").all_inner_texts()
    # The script's words for the fetched changes are the ones the server writes into the page.
    english = negotiate("en-GB", None)
    expected = [views.change_text(SimpleNamespace(**c), english) for c in diff["changes"]]
    assert shown_changes == (expected or ["No field changed."])
    assert not any("{" in text for text in shown_changes)  # words, never a Python repr
    assert page.locator("tr.current").get_attribute("data-version") == str(target)
    assert page.url.endswith(f"?version={target}")
    check_page(page, screenshot, "audit")

    page.go_back()
    page.wait_for_url(re.compile(r"/ui/projects/[0-9a-f-]{36}$"))
    page.click("text=/Coaches:/ >> a >> nth=0")
    page.wait_for_url(re.compile(r"/ui/coaches/[0-9a-f-]{36}$"))
    coach_id = page.url.rsplit("/", 1)[1]
    sessions = demo.api(f"/coaches/{coach_id}/sessions", limit=50)
    assert figure(page, "[data-field='hours.total']") == pytest.approx(
        sessions["hours"]["total"], abs=0.05
    )
    assert page.locator("table.sessions tbody tr").count() == len(sessions["items"])
    check_page(page, screenshot, "coach")

    page.click("text=Sign out")
    page.wait_for_url(re.compile(r"/sign-in\?signed_out=true$"))
    assert page.locator("text=You are signed out.").count() == 1
    page.goto(f"{demo.url}/ui/projects")
    assert "/sign-in" in page.url
    response = page.request.get(f"{demo.url}/dashboard/portfolio")
    assert response.status == 401


def test_dashboard_token_sees_figures_but_no_people_and_no_audit(
    page: Any, demo: Demo, screenshot: Any
) -> None:
    sign_in(page, demo, "dashboard")
    assert page.locator("text=Signed in as dashboard").count() == 1
    page.goto(f"{demo.url}/ui/projects")
    page.click("table.projects a:text-is('AllDi')")
    page.wait_for_url(re.compile(r"/ui/projects/[0-9a-f-]{36}$"))
    assert page.locator("text=Audit trail").count() == 0
    assert page.locator("th:text-is('Topics')").count() == 0
    assert page.locator("a[href^='/ui/coaches/']").count() == 0
    check_page(page, screenshot, "project-dashboard-role")
    response = page.goto(page.url + "/audit")
    assert response is not None
    assert response.status == 403
    page.errors.remove(
        "console: Failed to load resource: the server responded with a status of 403 (Forbidden)"
    )
    assert page.locator("text=This token may not see this page.").count() == 1


def test_german_words_and_dates_in_the_readers_locale(
    browser: Any, demo: Demo, screenshot: Any
) -> None:
    context = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{demo.url}/")
        assert page.locator("h1:text-is('Anmelden')").count() == 1
        page.fill("#token", demo.tokens["auditor"])
        page.click("form[action='/sign-in'] button[type=submit]")
        page.wait_for_url(f"{demo.url}/")
        assert page.locator("html").get_attribute("lang") == "de-DE"
        assert page.locator("h2:text-is('Accelerator-Jahrgänge')").count() == 1
        page.goto(f"{demo.url}/ui/projects")
        dates = page.locator("table.projects time").all_inner_texts()
        assert dates
        assert all(re.fullmatch(r"\d{2}\.\d{2}\.\d{4}", d) for d in dates), dates
        screenshot(page, "projects-de")
        page.select_option("#lang-choice", "en")  # the switch submits itself
        page.wait_for_selector("h1:text-is('Projects')")
        assert page.url.endswith("/ui/projects")
    finally:
        context.close()


def test_pages_work_without_javascript(browser: Any, demo: Demo, screenshot: Any) -> None:
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    try:
        sign_in(page, demo, "auditor")
        assert page.locator("#funnel table tbody tr").count() == 4
        page.goto(f"{demo.url}/ui/projects?stage=pilot")
        rows = page.locator("table.projects tbody tr")
        expected = demo.api("/projects", stage="pilot", limit=500)["items"]
        assert rows.count() == len(expected)
        page.locator("table.projects a").first.click()
        page.click("text=Audit trail")
        page.locator("#version").fill("2")
        page.click("form.slider button[type=submit]")
        page.wait_for_url(re.compile(r"/audit\?version=2$"))
        assert page.locator("#state-title").inner_text().startswith("State at version 2 of ")
        screenshot(page, "audit-no-javascript")
        page.click("form.sign-out button")
        page.wait_for_url(re.compile(r"/sign-in\?signed_out=true$"))
    finally:
        context.close()


def test_readable_on_a_phone(browser: Any, demo: Demo, screenshot: Any) -> None:
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    try:
        sign_in(page, demo, "auditor")
        for path in ("/", "/ui/projects"):
            page.goto(f"{demo.url}{path}")
            overflow = page.evaluate(
                "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 1, f"{path} scrolls sideways by {overflow}px on a phone"
        page.goto(f"{demo.url}/")
        screenshot(page, "portfolio-phone")
    finally:
        context.close()


def test_the_accessibility_check_finds_a_real_violation(page: Any, demo: Demo) -> None:
    """The axe check is not vacuous: a button without a name and an unlabelled input fail it."""
    page.goto(f"{demo.url}/sign-in")
    assert axe_violations(page) == []
    page.evaluate(
        "() => { document.querySelector('main').insertAdjacentHTML('beforeend', "
        '\'<button type="button"></button><input type="text">\'); }'
    )
    found = {v["id"] for v in axe_violations(page)}
    assert {"button-name", "label"} <= found, found


def test_coach_sees_own_projects_and_own_sessions_only(
    page: Any, demo: Demo, screenshot: Any
) -> None:
    sign_in(page, demo, "coach")
    page.click("nav >> text=Sessions")
    page.wait_for_url(re.compile(r"/ui/coaches/[0-9a-f-]{36}$"))
    own = demo.api(f"/coaches/{page.url.rsplit('/', 1)[1]}/sessions", role="coach", limit=50)
    assert page.locator("table.sessions tbody tr").count() == len(own["items"])
    check_page(page, screenshot, "coach-own-page")
    page.click("nav >> text=Projects")
    page.wait_for_url(f"{demo.url}/ui/projects")
    assigned = demo.api("/projects", role="coach", limit=500)["items"]
    everything = demo.api("/projects", limit=500)["items"]
    assert 0 < len(assigned) < len(everything)
    titles = page.locator("table.projects tbody th a").all_inner_texts()
    assert sorted(titles) == sorted(p["title"] for p in assigned)
    others = {p["project_id"] for p in everything} - {p["project_id"] for p in assigned}
    response = page.goto(f"{demo.url}/ui/projects/{sorted(others)[0]}")
    assert response is not None
    assert response.status == 403
    page.errors.remove(
        "console: Failed to load resource: the server responded with a status of 403 (Forbidden)"
    )
