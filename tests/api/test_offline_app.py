"""The installable app's pieces as the server serves them: the manifest, the service worker
(from the root, with its own policy), the pages a viewer's device keeps, the outbox's words
in the reader's language, and the forms marked for the outbox."""

from __future__ import annotations

import json
from collections.abc import Callable

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
    kept = browser().as_role("coach").get("/ui/offline/pages").json()
    base = f"/ui/projects/{page_scene.project}"
    assert kept["pages"] == [
        "/ui/home",
        "/ui/projects",
        "/ui/devices",
        base,
        f"{base}/sessions/new",
        f"{base}/milestones",
    ]
    assert "/static/outbox.js" in kept["files"]
    assert browser().get("/ui/offline/pages").status_code == 303  # signed out: sign in first


def test_the_outbox_speaks_the_readers_language_and_the_forms_are_marked_for_it(
    api: Api, browser: Callable[..., Browser], page_scene: PageScene
) -> None:
    page = browser("de-DE").as_role("coach").get(f"/ui/projects/{page_scene.project}/sessions/new")
    tree = parse(page.text)
    words = json.loads(tree.find("script", id="seedbed-outbox-words").text())
    assert words["problems"]["forbidden"] == "Das dürfen Sie in diesem Projekt nicht mehr tun."
    assert words["problems"]["project-closed"]
    assert words["waiting"] == "{n} wartend"
    form = tree.find("form", **{"data-outbox": "session"})
    assert form.attrs["data-api"] == f"/projects/{page_scene.project}/sessions"
    assert form.attrs["data-zone"] == "Europe/Berlin"
    assert int(form.attrs["data-base-version"] or 0) >= 1
    outbox = tree.find("section", id="outbox")
    assert outbox.attrs["data-actor"] == api.people["coach"]
    assert outbox.attrs["data-offline"] == "on"


def test_roles_that_do_not_work_in_the_field_keep_no_pages(
    browser: Callable[..., Browser], page_scene: PageScene
) -> None:
    for role in ("admin", "auditor", "dashboard"):
        page = browser().as_role(role).get(f"/ui/projects/{page_scene.project}")
        assert parse(page.text).find("section", id="outbox").attrs["data-offline"] == ""
