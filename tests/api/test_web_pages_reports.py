"""The programme manager's report page: the programmes, a period's figures beside their
definitions, the downloads of the same report, in the reader's language, with no personal
data for a dashboard."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.api.client import Api
from tests.api.programme_story import build_story
from tests.api.web_pages import Browser, parse


def test_report_page_shows_the_hand_worked_figures_and_downloads_the_same_report(
    api: Api, browser: Callable[..., Browser]
) -> None:
    story = build_story(api)
    reader = browser().as_role("dashboard")
    listed = reader.get("/ui/programmes")
    assert listed.status_code == 200
    assert f"/ui/programmes/{story.programme}" in listed.text
    page = reader.get(f"/ui/programmes/{story.programme}?period=P2")
    assert page.status_code == 200, page.text
    rows = {row.attrs["data-code"]: row for row in parse(page.text).find_all("tr", data_code=None)}
    assert list(rows) == ["RCO84", "RCO87", "RCO116", "RCR104", "HOURS", "USERS", "JOBS", "LADDER"]
    cells = [c.text().strip() for c in rows["HOURS"].find_all("td")]
    assert cells[:3] == ["3", "1.5", "4.5"]
    assert "Minutes of the support sessions" in cells[3]
    links = {
        a.text().strip(): a.attrs["href"] for a in parse(page.text).find_all("a", download=None)
    }
    assert set(links) == {"XLSX", "PDF", "CSV"}
    xlsx = reader.get(str(links["XLSX"]))
    assert xlsx.status_code == 200
    assert xlsx.content == reader.get(str(links["XLSX"])).content
    people = [*api.people.values(), "The coach", "gate met"]
    for person in people:
        assert person not in page.text


def test_report_page_in_german(api: Api, browser: Callable[..., Browser]) -> None:
    story = build_story(api)
    page = browser("de-DE").as_role("admin").get(f"/ui/programmes/{story.programme}?period=P2")
    assert page.status_code == 200
    assert "Indikatorenbericht" in page.text
    assert "Coaching-Stunden" in page.text


@pytest.mark.parametrize("role", ["coach"])
def test_report_page_is_refused_to_a_coach(
    api: Api, browser: Callable[..., Browser], role: str
) -> None:
    story = build_story(api)
    page = browser().as_role(role).get(f"/ui/programmes/{story.programme}")
    assert page.status_code == 403
