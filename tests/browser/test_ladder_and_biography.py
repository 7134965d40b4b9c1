"""The participation ladder's charts and the start-up biography in Chromium, on the demo: the
charts drawn from the same readings the JSON gives, their tables opened, a bad instant
answered next to its field, and axe clean on each page."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.helpers import Demo, axe_violations, check_page, sign_in


def test_project_ladder_chart_and_biography_page_pass_axe(
    page: Any, demo: Demo, screenshot: Any
) -> None:
    sign_in(page, demo, "coordinator")
    theirs = demo.api("/me", "coordinator")["projects"]
    project = next(p for p in theirs if demo.api(f"/projects/{p}/participation")["readings"])
    readings = demo.api(f"/projects/{project}/participation")["readings"]

    check_page(page, screenshot, "portfolio-ladder")
    assert page.locator("#ladder svg[data-stacked-chart]").count() >= 1

    page.goto(f"{demo.url}/ui/projects/{project}")
    chart = page.locator("#ladder-chart")
    assert chart.locator("circle.coach").count() == len(readings)
    chart.locator("summary").click()
    assert chart.locator("table[data-ladder-readings] tbody tr").count() == len(readings)
    check_page(page, screenshot, "project-ladder")

    page.click("a:text-is('Start-up biography')")
    page.wait_for_url(re.compile(r"/ui/projects/[0-9a-f-]{36}/biography$"))
    story = demo.api(f"/projects/{project}/biography")
    assert page.locator("li[data-kind]").count() == len(story["chapters"])
    check_page(page, screenshot, "biography")

    page.fill("#as_known_at", "last spring")
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r"as_known_at=last"))
    assert page.locator("#as_known_at").get_attribute("aria-invalid") == "true"
    assert page.locator("#as_known_at-error").is_visible()
    page.errors.remove(
        "console: Failed to load resource: the server responded with a status of 422 "
        "(Unprocessable Entity)"
    )
    check_page(page, screenshot, "biography-refused")


@pytest.mark.parametrize("language", ["de", "da", "sv", "fi", "et", "lv", "lt", "pl"])
def test_ladder_and_biography_pass_axe_in_every_language(
    page: Any, demo: Demo, language: str
) -> None:
    sign_in(page, demo, "auditor")
    alldi = next(
        p["project_id"] for p in demo.api("/projects", limit=500)["items"] if p["title"] == "AllDi"
    )
    for path in ("/", f"/ui/projects/{alldi}", f"/ui/projects/{alldi}/biography"):
        page.goto(f"{demo.url}/ui/language?lang={language}&next={path}")
        assert page.locator("html").get_attribute("lang", timeout=5000).startswith(language)
        assert page.locator("#ladder, li[data-kind]").count() >= 1, path
        found = axe_violations(page)
        assert found == [], f"{language} {path}: {found}"
