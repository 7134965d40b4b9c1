"""The figures on the web pages against the API's: tiles, tables and charts, and what seedbed.js's
live refresh writes into them (it must agree with the server's rounding and with a reload).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest

from api.pages.i18n import negotiate
from tests.api.client import Api
from tests.api.web_pages import Browser, Node, PageScene, figure, log_session, parse, settle


def js_pick(data: Any, path: str, zero_if_absent: bool = False) -> Any:
    """seedbed.js's `pick` for figures: a dotted path into the JSON (`length` of an array is
    its length); with `zero_if_absent`, a last key missing from an object that exists is 0;
    otherwise None where the path leads nowhere."""
    here = data
    parts = path.split(".")
    for index, part in enumerate(parts):
        if isinstance(here, list) and part == "length":
            here = len(here)
        elif isinstance(here, dict) and part in here:
            here = here[part]
        elif isinstance(here, dict) and zero_if_absent and index == len(parts) - 1:
            return 0
        else:
            return None
    return here


def js_refresh(element: Node, data: Any) -> Decimal | None:
    """The number seedbed.js's `applyFigures` writes into `element` from `data` (the figure at
    its data-field, reduced by data-reduce, shown with data-digits fraction digits (default 1)
    by Intl.NumberFormat, which rounds half away from zero); None where it leaves the element."""
    how = element.attrs.get("data-reduce")
    value = js_pick(data, element.attrs["data-field"], zero_if_absent=not how)
    if how and isinstance(value, dict):
        value = len(value) if how == "count" else sum(value.values())
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    digits = int(element.attrs.get("data-digits") or "1")
    return Decimal(value).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def shown_number(element: Node) -> Decimal:
    """A figure as the page shows it in English (1,778.5)."""
    return Decimal(element.text().strip().replace(",", ""))


def live_figures(html: str) -> list[tuple[str, Node]]:
    """(data-source, element) for each figure a live part of the page refreshes (not bars)."""
    return [
        (part.attrs["data-source"], element)
        for part in parse(html).find_all(data_live=None)
        for element in part.find_all(data_field=None)
        if element.tag != "rect"
    ]


def tile(html: str, key: str) -> str:
    return parse(html).find(data_tile=None, data_field=key).text().strip()


@pytest.fixture
def figures_scene(api: Api, page_scene: PageScene) -> PageScene:
    """Two projects, one paused; 1.5 + 1.0 coaching hours on the first."""
    log_session(api, page_scene.project, "coach", duration_minutes=60, topics=["budget"])
    paused = api.post(f"/projects/{page_scene.other}/pause", "coordinator", {"reason": "summer"})
    assert paused.status_code == 200, paused.text
    settle(api)
    return page_scene


@pytest.mark.usefixtures("figures_scene")
def test_portfolio_tiles_and_tables_show_the_apis_figures(
    api: Api, browser: Callable[..., Browser]
) -> None:
    english = negotiate("en-GB", None)
    page = browser().as_role("dashboard").get("/")
    portfolio = api.get("/dashboard/portfolio", "dashboard").json()
    assert portfolio["projects"] == 2
    assert portfolio["by_status"] == {"active": 1, "paused": 1}
    assert tile(page.text, "projects") == english.number(portfolio["projects"]) == "2"
    assert tile(page.text, "by_status.active") == english.number(portfolio["by_status"]["active"])
    assert tile(page.text, "by_status.active") == "1"
    assert tile(page.text, "by_country") == str(len(portfolio["by_country"])) == "1"
    for stage, count in portfolio["by_stage"].items():
        assert figure(page.text, f"by_stage.{stage}") == english.number(count)
    for month, hours in portfolio["coaching_hours_per_month"].items():
        assert figure(page.text, f"coaching_hours_per_month.{month}") == english.number(hours)
    assert figure(page.text, "coaching_hours_per_month.2018-04") == "2.5"
    assert figure(page.text, "by_target_group.single_parents") == "2"


def test_project_page_coaching_hours_are_the_apis(
    api: Api, browser: Callable[..., Browser], figures_scene: PageScene
) -> None:
    english = negotiate("en-GB", None)
    page = browser().as_role("coordinator").get(f"/ui/projects/{figures_scene.project}")
    history = api.get(f"/projects/{figures_scene.project}/coaching-history", "coordinator").json()
    assert history["hours"]["total"] == 2.5
    assert figure(page.text, "hours.total") == english.number(history["hours"]["total"]) == "2.5"
    current = [s for s in history["sessions"] if not s["withdrawn"]]
    assert figure(page.text, "sessions") == str(len(current)) == "2"
    assert figure(page.text, "hours.by_type.coaching") == "2.5"
    listing = browser().as_role("dashboard").get("/ui/projects")
    row = next(
        tr for tr in parse(listing.text).find_all("tr") if "Wendelstein Kitchen" in tr.text()
    )
    # sessions, coaching hours, milestones reached
    assert [td.text() for td in row.find_all("td", **{"class": "num"})] == ["2", "2.5", "0"]


@pytest.mark.parametrize("page_of", ["portfolio", "project", "coach"])
def test_a_live_refresh_with_unchanged_data_changes_no_figure(
    browser: Callable[..., Browser], figures_scene: PageScene, page_of: str
) -> None:
    """Each `[data-live]` part of a page names a JSON source, and seedbed.js rewrites every
    `[data-field]` figure in it from that JSON. With nothing changed, each must read as before
    (2.5 coaching hours are on these pages: a server rounding 2.5 to 2 disagrees with the
    browser's 3)."""
    path = {
        "portfolio": "/",
        "project": f"/ui/projects/{figures_scene.project}",
        "coach": f"/ui/coaches/{figures_scene.coach}",
    }[page_of]
    reader = browser().as_role("auditor")
    page = reader.get(path)
    assert page.status_code == 200
    figures = live_figures(page.text)
    assert len(figures) >= 3
    sources = {source: reader.get(source) for source, _element in figures}
    assert all(reply.status_code == 200 for reply in sources.values())
    wrong = []
    for source, element in figures:
        refreshed = js_refresh(element, sources[source].json())
        if refreshed is not None and refreshed != shown_number(element):
            wrong.append(f"{element.attrs['data-field']}: {element.text()} -> {refreshed}")
    assert wrong == []


def test_a_live_refresh_after_a_change_shows_what_a_reload_shows(
    api: Api, browser: Callable[..., Browser], page_scene: PageScene
) -> None:
    """Pausing both projects empties by_status.active: the API then leaves the key out, and a
    refresh must show 0 there, as the reloaded page does, not keep the old count."""
    reader = browser().as_role("auditor")
    before = reader.get("/").text
    assert tile(before, "by_status.active") == "2"
    for project in (page_scene.project, page_scene.other):
        paused = api.post(f"/projects/{project}/pause", "coordinator", {"reason": "winter"})
        assert paused.status_code == 200, paused.text
    settle(api)
    data = reader.get("/dashboard/portfolio").json()
    after = parse(reader.get("/").text)
    assert tile(reader.get("/").text, "by_status.active") == "0"
    stale = []
    for _source, element in live_figures(before):
        refreshed = js_refresh(element, data)
        now = refreshed if refreshed is not None else shown_number(element)
        reloaded = [
            node
            for node in after.find_all(data_field=element.attrs["data-field"])
            if node.tag != "rect"
        ]
        if reloaded and now != shown_number(reloaded[0]):
            stale.append(
                f"{element.attrs['data-field']}: refresh {now}, reload {reloaded[0].text()}"
            )
    assert stale == []
