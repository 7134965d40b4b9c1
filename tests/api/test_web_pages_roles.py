"""Who sees what on the web dashboard: the dashboard role sees figures but no names or personal
text, auditors see everything, a coach sees only their own projects and coach page, and only
auditors and admins open the audit page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.api.client import SESSION, Api
from tests.api.scenes import scoped_tokens
from tests.api.web_pages import COACH_NAME, TOPIC, Browser, PageScene, figure, settle


def test_the_dashboard_role_sees_no_names_or_topics_on_a_project_page(
    browser: Callable[..., Browser], page_scene: PageScene
) -> None:
    page = browser().as_role("dashboard").get(f"/ui/projects/{page_scene.project}")
    assert page.status_code == 200
    assert "Wendelstein Kitchen" in page.text
    assert COACH_NAME not in page.text
    assert "The coach" not in page.text
    assert TOPIC not in page.text
    assert f"/ui/coaches/{page_scene.coach}" not in page.text
    assert f"/ui/projects/{page_scene.project}/audit" not in page.text  # no audit link either
    assert figure(page.text, "sessions") == "1"  # the figures are still there


@pytest.mark.parametrize("role", ["coordinator", "auditor", "admin", "quirina"])
def test_roles_that_see_personal_data_see_names_and_topics(
    browser: Callable[..., Browser], page_scene: PageScene, role: str
) -> None:
    page = browser().as_role(role).get(f"/ui/projects/{page_scene.project}")
    assert page.status_code == 200
    assert COACH_NAME in page.text
    assert TOPIC in page.text


def test_the_dashboard_role_sees_a_coach_page_without_the_name(
    browser: Callable[..., Browser], page_scene: PageScene
) -> None:
    as_dashboard = browser().as_role("dashboard").get(f"/ui/coaches/{page_scene.coach}")
    assert as_dashboard.status_code == 200
    assert COACH_NAME not in as_dashboard.text
    assert figure(as_dashboard.text, "hours.total") == "1.5"
    as_auditor = browser().as_role("auditor").get(f"/ui/coaches/{page_scene.coach}")
    assert COACH_NAME in as_auditor.text


@pytest.mark.parametrize(
    ("role", "status"),
    [("dashboard", 403), ("coach", 403), ("coordinator", 403), ("auditor", 200), ("admin", 200)],
)
def test_only_auditors_and_admins_see_the_audit_page(
    browser: Callable[..., Browser], page_scene: PageScene, role: str, status: int
) -> None:
    page = browser().as_role(role).get(f"/ui/projects/{page_scene.project}/audit")
    assert page.status_code == status
    assert page.headers["content-type"].startswith("text/html")
    if status == 403:
        assert "This token may not see this page." in page.text
        assert "Wendelstein Kitchen" not in page.text
        assert COACH_NAME not in page.text


RATIONALE = "rationale-quokka-sentence"
OVERRIDE = "override-ibis-justification"
EVIDENCE = "evidence-narwhal-note"
REVOKED = "revoked-axolotl-reason"
WITHDRAWN = "withdrawn-pangolin-reason"
PRIVATE = (COACH_NAME, TOPIC, RATIONALE, OVERRIDE, EVIDENCE, REVOKED, WITHDRAWN)


@pytest.fixture
def private_scene(api: Api, page_scene: PageScene) -> PageScene:
    """The page scene with every kind of personal text a project page can show: a stage decision's
    rationale and override, a milestone's evidence note, a revocation's and a withdrawal's
    reason (besides the coach's name and the session topic)."""
    at = f"/projects/{page_scene.project}"
    writes: list[tuple[str, str, dict[str, Any]]] = [
        (
            "/stage-transitions",
            "coordinator",
            {"to": "co_creation", "rationale": RATIONALE, "override": OVERRIDE},
        ),
        (
            "/milestones",
            "coach",
            {"milestone_id": "PLAN-01", "reached_on": "2018-05-01", "evidence": {"note": EVIDENCE}},
        ),
        (
            "/milestones",
            "coach",
            {"milestone_id": "TEAM-01", "reached_on": "2018-05-02", "evidence": {"note": "x"}},
        ),
        ("/milestones/TEAM-01/revocation", "coach", {"reason": REVOKED}),
    ]
    for path, role, body in writes:
        response = api.post(at + path, role, body)
        assert response.status_code in (200, 201), response.text
    logged = api.post(f"{at}/sessions", "coach", {**SESSION, "topics": ["other"]})
    assert logged.status_code == 201, logged.text
    withdrawn = api.post(
        f"{at}/sessions/{logged.json()['session_id']}/withdrawal", "coach", {"reason": WITHDRAWN}
    )
    assert withdrawn.status_code in (200, 201), withdrawn.text
    settle(api)
    return page_scene


def test_the_dashboard_role_sees_no_personal_text_anywhere(
    api: Api, browser: Callable[..., Browser], private_scene: PageScene
) -> None:
    reader = browser().as_role("dashboard")
    for path in (
        "/",
        "/ui/projects",
        f"/ui/projects/{private_scene.project}",
        f"/ui/coaches/{private_scene.coach}",
        f"/ui/coaches/{api.people['coach']}",
    ):
        page = reader.get(path)
        assert page.status_code == 200, path
        assert [text for text in PRIVATE if text in page.text] == [], path


def test_an_auditor_sees_the_personal_text_of_a_project(
    api: Api, browser: Callable[..., Browser], private_scene: PageScene
) -> None:
    reader = browser().as_role("auditor")
    page = reader.get(f"/ui/projects/{private_scene.project}")
    assert [text for text in PRIVATE if text not in page.text] == []
    coach_page = reader.get(f"/ui/coaches/{api.people['coach']}")
    assert WITHDRAWN in coach_page.text


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("admin", 200),
        ("coordinator", 200),
        ("other_coordinator", 403),
        ("coach", 200),
        ("other_coach", 403),
        ("dashboard", 200),
        ("auditor", 200),
    ],
)
def test_who_may_open_a_project_page(
    browser: Callable[..., Browser], page_scene: PageScene, role: str, status: int
) -> None:
    page = browser().as_role(role).get(f"/ui/projects/{page_scene.project}")
    assert page.status_code == status
    assert page.headers["content-type"].startswith("text/html")
    assert ("Wendelstein Kitchen" in page.text) is (status == 200)


def test_a_coach_sees_only_the_projects_they_coach(
    browser: Callable[..., Browser], page_scene: PageScene
) -> None:
    coach = browser().as_role("coach")
    assert coach.get(f"/ui/projects/{page_scene.project}").status_code == 200
    refused = coach.get(f"/ui/projects/{page_scene.other}")
    assert refused.status_code == 403
    assert refused.headers["content-type"].startswith("text/html")
    assert "Moorhof Repair Cafe" not in refused.text
    listing = coach.get("/ui/projects")
    assert listing.status_code == 200
    assert "Wendelstein Kitchen" in listing.text
    assert "Moorhof Repair Cafe" not in listing.text
    everything = browser().as_role("dashboard").get("/ui/projects")
    assert "Wendelstein Kitchen" in everything.text
    assert "Moorhof Repair Cafe" in everything.text


def test_a_coach_sees_only_their_own_coach_page(
    api: Api, browser: Callable[..., Browser], page_scene: PageScene
) -> None:
    other = browser().as_role("other_coach")
    refused = other.get(f"/ui/coaches/{page_scene.coach}")
    assert refused.status_code == 403
    assert refused.headers["content-type"].startswith("text/html")
    assert COACH_NAME not in refused.text
    own = browser().as_role("quirina")
    page = own.get(f"/ui/coaches/{page_scene.coach}")
    assert page.status_code == 200
    assert COACH_NAME in page.text
    assert own.get(f"/ui/coaches/{api.people['coach']}").status_code == 403


# ---------------------------------------------------------------------------- programme scope
@pytest.fixture
def scoped_scene(api: Api, page_scene: PageScene) -> dict[str, str]:
    """The page scene with Wendelstein Kitchen (not Moorhof Repair Cafe) enrolled in "ours",
    and tokens scoped to ours and to theirs (tests/api/scenes.py, `scoped_tokens`)."""
    made = scoped_tokens(api, [page_scene.project])
    settle(api)
    return {**made, "project": page_scene.project, "other": page_scene.other}


KITCHEN, CAFE = "Wendelstein Kitchen", "Moorhof Repair Cafe"
# (role, page, status, shown, not shown): every page a dashboard or a coordinator reads, for a
# session signed in with a token scoped to ours (the kitchen's programme) or to theirs.
SCOPED_PAGES = [
    ("scoped_dashboard", "/", 200, (), ("theirs",)),  # the ladder's programme picker
    ("dashboard", "/", 200, ("theirs",), ()),
    ("scoped_dashboard", "/ui/projects", 200, (KITCHEN,), (CAFE,)),
    ("outside_dashboard", "/ui/projects", 200, (), (KITCHEN, CAFE)),
    ("dashboard", "/ui/projects", 200, (KITCHEN, CAFE), ()),
    ("scoped_dashboard", "/ui/projects/{project}", 200, (KITCHEN,), ()),
    ("scoped_dashboard", "/ui/projects/{other}", 403, (), (CAFE,)),
    ("outside_dashboard", "/ui/projects/{project}", 403, (), (KITCHEN,)),
    ("scoped_dashboard", "/ui/programmes", 200, ("ours",), ("theirs",)),
    ("dashboard", "/ui/programmes", 200, ("ours", "theirs"), ()),
    ("scoped_dashboard", "/ui/programmes/{ours}", 200, ("ours",), ()),
    ("scoped_dashboard", "/ui/programmes/{theirs}", 403, (), ()),
    ("scoped_coordinator", "/ui/home", 200, (KITCHEN,), (CAFE, "Propose a project")),
    ("coordinator", "/ui/home", 200, (KITCHEN, CAFE, "Propose a project"), ()),
    ("scoped_coordinator", "/ui/projects", 200, (KITCHEN,), (CAFE,)),
    ("scoped_coordinator", "/ui/projects/{other}", 403, (), (CAFE,)),
    ("scoped_coordinator", "/ui/projects/{project}/stage", 200, (KITCHEN,), ()),
    ("scoped_coordinator", "/ui/projects/{other}/status", 403, (), (CAFE,)),
    ("outside_coordinator", "/ui/projects/{project}/sessions/new", 403, (), ()),
    ("scoped_coordinator", "/ui/networks", 200, ("LEN Dithmarschen",), ()),
    ("outside_coordinator", "/ui/networks", 200, (), ("LEN Dithmarschen",)),
    ("scoped_coordinator", "/ui/networks/{network}", 200, (KITCHEN,), (CAFE,)),
    ("scoped_coordinator", "/ui/programmes/{theirs}", 403, (), ()),
    ("scoped_coordinator", "/ui/projects/new", 403, (), ()),
    ("scoped_coordinator", "/ui/projects/{project}/biography", 200, (KITCHEN,), ()),
    ("scoped_coordinator", "/ui/projects/{other}/biography", 403, (), (CAFE,)),
    ("coordinator", "/ui/projects/new", 200, (), ()),
]


@pytest.mark.parametrize(
    ("role", "path", "status", "shown", "hidden"),
    SCOPED_PAGES,
    ids=[f"{path} as {role}" for role, path, *_ in SCOPED_PAGES],
)
def test_a_session_of_a_programme_scoped_token_sees_only_its_programme(
    browser: Callable[..., Browser],
    page_scene: PageScene,
    scoped_scene: dict[str, str],
    role: str,
    path: str,
    status: int,
    shown: tuple[str, ...],
    hidden: tuple[str, ...],
) -> None:
    page = browser().as_role(role).get(path.format(network=page_scene.network, **scoped_scene))
    assert page.status_code == status, page.text
    assert page.headers["content-type"].startswith("text/html")
    assert [text for text in shown if text not in page.text] == []
    assert [text for text in hidden if text in page.text] == []


@pytest.mark.usefixtures("scoped_scene")
def test_a_scoped_session_counts_only_its_programme_on_the_portfolio_and_coach_pages(
    browser: Callable[..., Browser], page_scene: PageScene
) -> None:
    ours, theirs = browser().as_role("scoped_dashboard"), browser().as_role("outside_dashboard")
    assert figure(browser().as_role("dashboard").get("/").text, "projects") == "2"
    assert figure(ours.get("/").text, "projects") == "1"
    assert figure(theirs.get("/").text, "projects") == "0"
    coach_page = f"/ui/coaches/{page_scene.coach}"
    assert figure(ours.get(coach_page).text, "hours.total") == "1.5"
    assert figure(theirs.get(coach_page).text, "hours.total") == "0"
    # The session's cookie reads the JSON API with the token's scope too.
    listed = ours.get("/projects").json()["items"]
    assert [row["project_id"] for row in listed] == [page_scene.project]
    assert ours.get(f"/projects/{page_scene.other}").status_code == 403
