"""The installable app's pieces as the server serves them: the manifest, the service worker
(from the root, with its own policy), the pages a viewer's device keeps, the outbox's words
in the reader's language, and the forms marked for the outbox."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from api.pages.i18n import negotiate
from tests.api.client import Api
from tests.api.web_pages import Browser, PageScene, parse


def test_the_manifest_and_the_service_worker_are_served_by_the_app(
    browser: Callable[..., Browser],
) -> None:
    anonymous = browser()
    manifest = anonymous.get("/manifest.webmanifest")
    assert manifest.status_code == 200
    assert manifest.headers["content-type"].startswith("application/manifest+json")
    assert manifest.json()["start_url"] == "/ui/home"
    assert manifest.json()["display"] == "standalone"
    worker = anonymous.get("/sw.js")
    assert worker.status_code == 200
    assert worker.headers["content-type"].startswith("text/javascript")
    assert worker.headers["service-worker-allowed"] == "/"
    assert worker.headers.get_list("content-security-policy") == ["default-src 'self'"]
    assert "importScripts" not in worker.text  # nothing from anywhere else
    assert anonymous.get("/static/outbox.js").status_code == 200


def test_a_coach_keeps_their_projects_and_forms_and_no_other(
    browser: Callable[..., Browser], page_scene: PageScene
) -> None:
    coach = browser().as_role("coach")
    kept = coach.get("/ui/offline/pages").json()
    base = f"/ui/projects/{page_scene.project}"
    session = coach.get(f"/projects/{page_scene.project}/sessions").json()["items"][0]
    assert kept["pages"] == [
        "/ui/home",
        "/ui/projects",
        "/ui/devices",
        base,
        f"{base}/sessions/new",
        f"{base}/milestones",
        f"{base}/needs",
        f"{base}/team",
        f"{base}/stage",
        f"{base}/sessions/{session['session_id']}",  # to correct or withdraw it offline
    ]
    assert all(coach.get(path).status_code == 200 for path in kept["pages"])
    assert "/static/outbox.js" in kept["files"]
    assert browser().get("/ui/offline/pages").status_code == 303  # signed out: sign in first


def test_the_outbox_speaks_the_readers_language_and_the_forms_are_marked_for_it(
    api: Api, browser: Callable[..., Browser], page_scene: PageScene
) -> None:
    page = browser("de-DE").as_role("coach").get(f"/ui/projects/{page_scene.project}/sessions/new")
    tree = parse(page.text)
    words = json.loads(tree.find("script", id="seedbed-outbox-words").text())
    german = negotiate("de-DE", None)  # the catalogue's words, whatever the translator chose
    forbidden = "You may no longer do this on this project."
    assert words["problems"]["forbidden"] == german.gettext(forbidden) != forbidden
    assert words["problems"]["project-closed"]
    other = "This was refused: %(reason)s"  # a type the outbox has no words of its own for
    assert words["problems"]["other"] == german.gettext(other, reason="{reason}") != other
    gone = "What this changes is no longer there: it was removed meanwhile."
    assert words["problems"]["not-found"] == german.gettext(gone) != gone
    assert words["waiting"] == german.gettext("%(n)s waiting", n="{n}") != "{n} waiting"
    declared = declared_forms(page.text)[f"/ui/projects/{page_scene.project}/sessions"]
    assert declared["method"] == "POST"
    assert declared["api"] == f"/projects/{page_scene.project}/sessions"
    assert declared["body"] == "session"
    assert declared["zone"] == "Europe/Berlin"
    assert declared["version"] >= 1
    assert declared["if_match"] is False  # logging a session only appends
    assert declared["label"] == german.gettext("Log a session")
    assert declared["done"] == f"/ui/projects/{page_scene.project}?done=session-logged"
    outbox = tree.find("section", id="outbox")
    assert outbox.attrs["data-actor"] == api.people["coach"]
    assert outbox.attrs["data-offline"] == "on"


def test_roles_that_do_not_work_in_the_field_keep_no_pages(
    browser: Callable[..., Browser], page_scene: PageScene
) -> None:
    for role in ("admin", "auditor", "dashboard"):
        page = browser().as_role(role).get(f"/ui/projects/{page_scene.project}")
        assert parse(page.text).find("section", id="outbox").attrs["data-offline"] == ""


def declared_forms(page: str) -> dict[str, dict[str, Any]]:
    """The forms of a page that the outbox takes: their action, and what they declare."""
    return {
        form.attrs["action"] or "": json.loads(form.attrs["data-outbox"] or "")
        for form in parse(page).find_all("form")
        if "data-outbox" in form.attrs
    }


def test_every_form_of_a_coachs_field_work_declares_its_api_route_for_the_outbox(
    api: Api, browser: Callable[..., Browser], page_scene: PageScene
) -> None:
    project = page_scene.project
    base = f"/ui/projects/{project}"
    today = api.container.clock().date().isoformat()
    reached = api.post(
        f"/projects/{project}/milestones",
        "coach",
        {"milestone_id": "NEED-01", "reached_on": today, "evidence": {"note": "Workshop."}},
    )
    assert reached.status_code == 201, reached.text
    member = api.person(name="Ottilie Frers")
    added = api.post(
        f"/projects/{project}/team",
        "coach",
        {
            "person_id": member,
            "role": "service_user",
            "joined_on": today,
        },
    )
    assert added.status_code == 201, added.text
    coach = browser().as_role("coach")
    session = coach.get(f"/projects/{project}/sessions").json()["items"][0]["session_id"]
    version = coach.get(f"/projects/{project}").json()["version"]
    found: dict[str, tuple[str, str, bool]] = {}
    for page in ("needs", "milestones", "team", "stage", f"sessions/{session}"):
        for action, declared in declared_forms(coach.get(f"{base}/{page}").text).items():
            assert declared["project"] == project
            assert declared["version"] == version
            found[action.removeprefix(base)] = (
                declared["method"],
                declared["api"].removeprefix(f"/projects/{project}"),
                declared["if_match"],
            )
    assert found == {
        "/needs/record": ("POST", "/needs", False),
        "/milestones/reach": ("POST", "/milestones", False),
        "/milestones/revoke": ("POST", "/milestones/{milestone_id}/revocation", True),
        "/team/add": ("POST", "/team", False),
        "/team/remove": ("DELETE", "/team/{person_id}", True),
        "/stage/propose": ("POST", "/gate-reviews", False),
        f"/sessions/{session}/corrections": ("POST", f"/sessions/{session}/corrections", True),
        f"/sessions/{session}/withdrawal": ("POST", f"/sessions/{session}/withdrawal", True),
    }
    needs = declared_forms(coach.get(f"{base}/needs").text)[f"{base}/needs/record"]
    assert needs["body"] == {
        "description": "text:description",
        "tool": "text:tool",
        "identified_on": "text:on",
    }
    assert needs["coordinator"]["name"]  # the network's coordinator, for "ask the coordinator"
    coordinator = browser().as_role("coordinator")
    decisions = declared_forms(coordinator.get(f"{base}/stage").text)
    assert decisions == {}  # a coordinator's decisions need a connection
