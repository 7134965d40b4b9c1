"""The ladder's charts on the project page and the portfolio, and the biography page, against
scripted histories: the SVG's points and columns worked out by hand, what each role sees, and
a bad instant answered next to its field in the reader's language."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

import pytest

from api.pages.biography import BAD_INSTANT, TOO_EARLY
from api.pages.i18n import negotiate
from tests.api.client import Api
from tests.api.programme_story import build_story, ok, with_youth_project
from tests.api.test_participation import scripted
from tests.api.web_pages import Browser, parse, settle

# The ladder chart's geometry (api/pages/charts.py, ladder_chart): 600 wide, the plot from
# x=120 to 584 (464 wide), rows of 28 from y=10 with the lowest rung at the bottom, so rung r
# is at y = 10 + (5 - r) * 28 + 14.
Y = {1: 136.0, 3: 80.0, 4: 52.0}


def test_project_page_draws_the_readings_the_users_view_and_the_gate(
    api: Api, browser: Callable[..., Browser]
) -> None:
    project = scripted(api)  # readings 2017-04-12, 06-01 (co-assessment), 07-03; gate 05-01
    settle(api)
    page = browser().as_role("coordinator").get(f"/ui/projects/{project}")
    assert page.status_code == 200, page.text
    svg = parse(page.text).find("svg", data_ladder_chart=None)
    # 82 days from the first reading to the last: 2017-06-01 is day 50, 2017-05-01 day 19.
    coach = [
        (c.attrs["data-reading"], float(c.attrs["cx"]), float(c.attrs["cy"]))
        for c in svg.find_all("circle")
    ]
    assert coach == [
        ("2017-04-12", 120.0, Y[1]),  # consulted
        ("2017-06-01", 402.93, Y[3]),  # co_designing: 120 + 464 * 50 / 82
        ("2017-07-03", 584.0, Y[4]),  # co_producing
    ]
    users = svg.find("rect", data_users_view="2017-06-01")
    assert users.attrs["data-rung"] == "4"  # the users named co_producing
    gate = svg.find("g", data_gate="2017-05-01")
    assert gate.find("line").attrs["x1"] == "227.51"  # 120 + 464 * 19 / 82
    assert gate.find("path").attrs["d"] == f"M220.51,{Y[1] - 9} h14 l-7,9 z"  # at consulted
    assert svg.find("polyline").attrs["points"] == f"120.0,{Y[1]} 402.93,{Y[3]} 584.0,{Y[4]}"
    rows = [
        [cell.text().strip() for cell in row.find_all() if cell.tag in ("th", "td")]
        for row in parse(page.text).find("table", data_ladder_readings=None).find_all("tr")[1:]
    ]
    assert rows == [
        ["12 Apr 2017", "Session", "Consulted", "—"],
        ["1 Jun 2017", "Co-assessment", "Co-designing", "Co-producing"],
        ["3 Jul 2017", "Session", "Co-producing", "—"],
    ]
    caption = parse(page.text).find("figcaption", id="ladder-chart-title").text()
    assert caption == "Now: Co-producing · Rungs travelled since the first reading: 3"
    assert f"/ui/projects/{project}/biography" in page.text


def test_a_dashboard_sees_the_coach_readings_without_the_users_view(
    api: Api, browser: Callable[..., Browser]
) -> None:
    project = scripted(api)
    settle(api)
    page = browser().as_role("dashboard").get(f"/ui/projects/{project}")
    assert page.status_code == 200
    svg = parse(page.text).find("svg", data_ladder_chart=None)
    assert len(svg.find_all("circle")) == 3
    assert svg.find_all("rect", data_users_view=None) == []
    assert "own view" not in page.text
    assert "ZEPHYR" not in page.text
    assert f"/ui/projects/{project}/biography" not in page.text  # not theirs to open


def test_portfolio_draws_each_target_group_per_period(
    api: Api, browser: Callable[..., Browser]
) -> None:
    with_youth_project(api)
    settle(api)
    page = browser().as_role("dashboard").get("/")
    assert page.status_code == 200, page.text
    tree = parse(page.text)

    def columns(group: str) -> dict[str, list[tuple[str, float]]]:
        svg = tree.find("figure", id=f"ladder-{group}").find("svg")
        return {
            g.attrs["data-window"]: [
                (r.attrs["data-level"], float(r.attrs["height"])) for r in g.find_all("rect")
            ]
            for g in svg.find_all("g", data_window=None)
        }

    # The plot is 144 high; single parents' tallest column holds 2 projects (P2: B engaged,
    # A co_producing), youth's 1 (C): a project is 72 and 144 high respectively.
    assert columns("single_parents") == {
        "P1": [("co_designing", 72.0)],
        "P2": [("engaged", 72.0), ("co_producing", 72.0)],
        "P3": [("co_producing", 72.0)],
    }
    assert columns("youth") == {
        "P1": [("no_reading", 144.0)],
        "P2": [("no_reading", 144.0)],
        "P3": [("user_led", 144.0)],
    }
    table = tree.find("figure", id="ladder-single_parents").find("table")
    p2 = [c.text().strip() for c in table.find_all("tr")[2].find_all() if c.tag in ("th", "td")]
    assert p2 == ["P2", "0", "0", "1", "0", "1", "0", "0", "2", "50%"]
    for person in api.people.values():
        assert person not in page.text


def test_portfolio_ladder_is_not_shown_to_a_coach_and_an_unknown_programme_is_404(
    api: Api, browser: Callable[..., Browser]
) -> None:
    story, _c = with_youth_project(api)
    settle(api)
    coach = browser().as_role("coach").get("/")
    assert coach.status_code == 200
    assert 'id="ladder"' not in coach.text
    chosen = browser().as_role("auditor").get(f"/?programme={story.programme}")
    assert 'id="ladder-youth"' in chosen.text
    missing = browser().as_role("auditor").get("/?programme=00000000-0000-4000-8000-000000000000")
    assert missing.status_code == 404
    assert browser().as_role("auditor").get("/?programme=nonsense").status_code == 422


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("coach", 200),
        ("coordinator", 200),
        ("auditor", 200),
        ("admin", 200),
        ("dashboard", 403),
        ("other_coach", 403),
        ("other_coordinator", 403),
    ],
)
def test_who_may_open_the_biography_page(
    api: Api, browser: Callable[..., Browser], role: str, status: int
) -> None:
    project = scripted(api)
    settle(api)
    page = browser().as_role(role).get(f"/ui/projects/{project}/biography")
    assert page.status_code == status
    assert page.headers["content-type"].startswith("text/html")
    if status == 403:
        assert "AllDi" not in page.text
        assert "ZEPHYR" not in page.text
        return
    story = ok(api.get(f"/projects/{project}/biography", "admin"))
    items = parse(page.text).find_all("li", data_kind=None)
    assert [(i.attrs["data-kind"], i.attrs["data-version"]) for i in items] == [
        (c["kind"], str(c["version"])) for c in story["chapters"]
    ]
    assert "ZEPHYRNOTE" not in page.text  # the biography tells no co-assessment's note


def test_biography_page_as_known_at_and_its_pdf(api: Api, browser: Callable[..., Browser]) -> None:
    project = scripted(api)
    settle(api)
    reader = browser().as_role("coordinator")
    story = ok(api.get(f"/projects/{project}/biography", "admin"))
    before_training = ok(api.get(f"/projects/{project}/events", "admin"))["items"][-2]
    instant = urlencode({"as_known_at": before_training["recorded_at"]})
    page = reader.get(f"/ui/projects/{project}/biography?{instant}")
    assert page.status_code == 200, page.text
    shown = parse(page.text).find_all("li", data_kind=None)
    assert len(shown) == len(story["chapters"]) - 1  # the last session not yet recorded
    pdf_link = parse(page.text).find("a", download=None).attrs["href"]
    pdf = reader.get(pdf_link)
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"


@pytest.mark.parametrize(
    ("language", "given", "message"),
    [
        ("en-GB", "yesterday", BAD_INSTANT),
        ("en-GB", "2017-01-01T00:00:00", BAD_INSTANT),
        ("en-GB", "2001-01-01T00:00:00+00:00", TOO_EARLY),
        ("de-DE", "yesterday", BAD_INSTANT),
        ("lt-LT", "2001-01-01T00:00:00+00:00", TOO_EARLY),
    ],
)
def test_biography_page_with_a_bad_instant_says_so_next_to_the_field(
    api: Api, browser: Callable[..., Browser], language: str, given: str, message: str
) -> None:
    project = scripted(api)
    settle(api)
    query = urlencode({"as_known_at": given})
    page = browser(language).as_role("coach").get(f"/ui/projects/{project}/biography?{query}")
    assert page.status_code == 422
    field = parse(page.text).find("input", id="as_known_at")
    assert field.attrs["aria-invalid"] == "true"
    words = negotiate(language, None).gettext(message)  # the catalogue's, whatever it says
    assert words != message or language.startswith("en")
    assert parse(page.text).find("p", id="as_known_at-error").text() == words


def test_biography_page_tells_each_chapter_in_the_readers_language_with_names(
    api: Api, browser: Callable[..., Browser]
) -> None:
    """The JSON's `text` is an English sentence with ids; the page says who and which
    programme by name, and the levels, stages and milestones in the reader's language."""
    story = build_story(api)
    settle(api)
    chapters = ok(api.get(f"/projects/{story.a}/biography", "admin"))["chapters"]
    member = next(c for c in chapters if c["kind"] == "team_joined")
    assert member["facts"]["person_id"] in member["text"]  # the JSON keeps its ids
    german = negotiate("de-DE", None)
    page = browser("de-DE").as_role("coordinator").get(f"/ui/projects/{story.a}/biography")
    assert page.status_code == 200, page.text
    told = {
        (item.attrs["data-kind"], item.attrs["data-version"]): item.text()
        for item in parse(page.text).find_all("li", data_kind=None)
    }
    by_kind = lambda kind: [t for (k, _v), t in told.items() if k == kind]  # noqa: E731
    assert any("SEMPRE" in t for t in by_kind("enrolled"))
    assert story.programme not in page.text
    joined = by_kind("team_joined")
    assert any("U1" in t for t in joined)
    assert any("U2" in t for t in joined)
    assert member["facts"]["person_id"] not in page.text
    assert any(german.pgettext("value", "Co-designing") in t for t in by_kind("ladder_reading"))
    milestones = " ".join(by_kind("milestone"))
    assert german.gettext("Milestone reached") in milestones
    stages = " ".join(by_kind("stage"))
    assert (
        f"{german.pgettext('value', 'Idea')} → {german.pgettext('value', 'Co-creation')}" in stages
    )
