"""The audit page: the state at a chosen version, the verified chain, the actors' names, and the
422 page for a version that cannot be.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.api.web_pages import COACH_NAME, Browser, PageScene, check_page_headers, parse


def test_the_audit_page_shows_the_state_at_a_chosen_version(
    browser: Callable[..., Browser], page_scene: PageScene
) -> None:
    auditor = browser().as_role("auditor")
    first = parse(auditor.get(f"/ui/projects/{page_scene.project}/audit?version=1").text)
    assert first.find("h2", id="state-title").text() == "State at version 1 of 4"
    assert first.find(data_state_field="version").text() == "1"
    assert first.find(data_state_field="coaches.length").text() == "0"
    assert first.find(data_state_field="sessions_total").text() == "0"
    assert first.find("tr", aria_current="true").attrs["data-version"] == "1"
    head = parse(auditor.get(f"/ui/projects/{page_scene.project}/audit").text)
    assert head.find("h2", id="state-title").text() == "State at version 4 of 4"
    assert head.find(data_state_field="coaches.length").text() == "2"
    assert head.find(data_state_field="sessions_total").text() == "1"
    assert [tr.attrs["data-version"] for tr in head.find_all("tr", data_version=None)] == [
        "1",
        "2",
        "3",
        "4",
    ]
    beyond = parse(auditor.get(f"/ui/projects/{page_scene.project}/audit?version=99").text)
    assert beyond.find("h2", id="state-title").text() == "State at version 4 of 4"


def test_the_audit_page_verifies_the_chain_and_names_the_actors(
    browser: Callable[..., Browser], page_scene: PageScene
) -> None:
    page = browser().as_role("auditor").get(f"/ui/projects/{page_scene.project}/audit")
    verification = parse(page.text).find(data_verification=None)
    assert verification.attrs["data-verification"] == "intact"
    assert "Intact: all 4 events" in verification.text()
    assert COACH_NAME in page.text  # logged the session
    assert "The coordinator" in page.text  # proposed the project


@pytest.mark.parametrize("version", ["0", "-1", "abc", "1.5", str(10**10)])
def test_an_impossible_audit_version_is_a_422_page(
    browser: Callable[..., Browser], page_scene: PageScene, version: str
) -> None:
    page = (
        browser()
        .as_role("auditor")
        .get(f"/ui/projects/{page_scene.project}/audit?version={version}")
    )
    assert page.status_code == 422
    assert page.headers["content-type"].startswith("text/html")
    check_page_headers(page)
