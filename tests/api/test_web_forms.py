"""The pages of work over HTTP (issue 15): every form against every role, as test_auth.py does
for the JSON API, and each form's refusals.

For each form: the roles allowed to send it succeed and the change shows in the JSON API; every
other role (a coach or coordinator of something else, the dashboard, the auditor, nobody signed
in) is refused and nothing is stored; a post without the session's CSRF value changes nothing;
the same idempotency key records once; a form carrying a stale version shows the conflict and
can be sent again on the new state; bad input comes back as the form with the message next to
the field, in the reader's language, and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from babel.messages.pofile import read_po
from sqlalchemy import func, select

from api.pages.i18n import LOCALE_DIR, Language, negotiate
from domain.catalogue import CLOSURE_GATES, STAGE_GATES
from domain.values import Outcome, Stage
from store.people import people_table
from tests.api.client import Api, api_in
from tests.api.scenes import MILESTONE, Scene, build_scene, write_ok
from tests.api.web_pages import Browser, hidden, parse, settle
from tests.databases import stored_events

Fields = dict[str, str | list[str]]
Shows = Callable[[Api, Scene, str | None], bool]
Message = tuple[str, dict[str, Any]]  # a msgid and its values

FILL: Message = ("Please fill this in.", {})
DATE: Message = ("Please enter a date.", {})
CHOOSE: Message = ("Please choose one of the options.", {})
LIST: Message = ("Please choose from the list.", {})
FUTURE: Message = ("This date is in the future.", {})
WHOLE: Message = ("Please enter a whole number.", {})
FORMAT: Message = ("Please check the format of this value.", {})
UNKNOWN: Message = ("This milestone is not in the catalogue.", {})
LATER: Message = ("A session is logged after it took place: this time is in the future.", {})


def shorten(limit: int) -> Message:
    return ("Please shorten this to at most %(max_length)s characters.", {"max_length": limit})


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    """One database for the module: every test builds its own network and project in it."""
    yield from api_in(tmp_path_factory, "web-forms")


# ---------------------------------------------------------------------------- reading the API
def read(api: Api, path: str) -> Any:
    return api.get(path, "admin").json()


def project(api: Api, scene: Scene) -> dict[str, Any]:
    found: dict[str, Any] = read(api, f"/projects/{scene.project}")
    return found


def network(api: Api, network_id: str) -> dict[str, Any]:
    found: dict[str, Any] = read(api, f"/networks/{network_id}")
    return found


def reviews(api: Api, scene: Scene) -> list[dict[str, Any]]:
    return list(read(api, f"/projects/{scene.project}/gate-reviews")["items"])


def session_of(api: Api, scene: Scene) -> dict[str, Any]:
    return next(s for s in project(api, scene)["sessions"] if s["session_id"] == scene.session)


def created(location: str, prefix: str) -> str:
    """The id a creating form redirected to (/ui/networks/<id>?done=...)."""
    path = urlsplit(location).path
    assert path.startswith(prefix), location
    return path.removeprefix(prefix)


def footprint(api: Api) -> tuple[int, int]:
    """What a refused form must leave alone: the events and the people."""
    with api.container.engine.connect() as connection:
        people = connection.execute(select(func.count()).select_from(people_table)).scalar_one()
    return stored_events(api.container), int(people)


# ---------------------------------------------------------------------------- the forms
STAFF = ("coach", "other_coach", "coordinator", "other_coordinator")
ROLES: tuple[str | None, ...] = (*STAFF, "dashboard", "auditor", "admin", None)
TEAMWORK = ("coach", "coordinator", "admin")
COORDINATION = ("coordinator", "admin")
P = "/ui/projects/{project}"


@dataclass(frozen=True)
class Case:
    """A form: where it posts (under P unless absolute) and is rendered (`page`, else the
    action's parent), what the user fills in (over what the form shows), who may send it, the
    change as the JSON API shows it, the scene it needs, whether it carries the version."""

    action: str
    data: Fields
    allowed: tuple[str, ...]
    shows: Shows
    page: str = ""
    needs: frozenset[str] = frozenset()
    versioned: bool = False
    neither: tuple[str, ...] = ()  # roles this form is not for, nor refused (a refusal page)

    def __post_init__(self) -> None:
        if not self.action.startswith("/"):
            object.__setattr__(self, "action", f"{P}/{self.action}")
        if not self.page:
            object.__setattr__(self, "page", self.action.rsplit("/", 1)[0])

    @property
    def refused(self) -> tuple[str | None, ...]:
        return tuple(r for r in ROLES if r not in self.allowed and r not in self.neither)


@dataclass(frozen=True)
class Bad:
    """Input the form `form` refuses: these fields, refused at `at` with `message`."""

    form: str
    name: str
    data: Fields
    at: str
    message: Message
    status: int = 422


NEED_TEXT = "Evening childcare, said nine parents."
NOTE = "Seven parents assessed their needs together."
COHORT = "Accelerators 2019"
SUMMARY = "Practised the sponsor pitch."
GATE_NOT_MET = (
    "The gate is not met: these milestones are missing: %(missing)s. To go ahead "
    "anyway, justify an override."
)


def not_met(requires: tuple[tuple[str, ...], ...]) -> Message:
    return (GATE_NOT_MET, {"missing": ", ".join(" / ".join(group) for group in requires)})


def _status(value: str) -> Shows:
    return lambda api, s, _: project(api, s)["status"] == value


def _created_network(api: Api, _s: Scene, at: str | None) -> bool:
    found = network(api, created(at, "/ui/networks/")) if at else {}
    return found.get("institutions") == ["Kreis Plön", "Stadt Plön"]


def _created_project(api: Api, s: Scene, at: str | None) -> bool:
    found = read(api, f"/projects/{created(at, '/ui/projects/')}") if at else {}
    return bool(found.get("title") == f"Kiosk {s.project}")


def _registered_person(api: Api, s: Scene, at: str | None) -> bool:
    if at is None:
        return False
    person = read(api, f"/people/{parse_qs(urlsplit(at).query)['registered'][0]}")
    return bool(person["display_name"] == f"Pia {s.project}")


CASES: dict[str, Case] = {
    "record a need": Case(
        "needs/record",
        {"description": NEED_TEXT, "tool": "needs_workshop", "on": "2017-02-10"},
        TEAMWORK,
        lambda api, s, _: any(n["description"] == NEED_TEXT for n in project(api, s)["needs"]),
    ),
    "reach a milestone": Case(
        "milestones/reach",
        {"milestone_id": "TEAM-01", "on": "2017-03-02", "note": NOTE, "links": "https://e.org/m"},
        TEAMWORK,
        lambda api, s, _: "TEAM-01" in project(api, s)["reached_milestones"],
    ),
    "revoke a milestone": Case(
        "milestones/revoke",
        {"milestone_id": "NEED-01", "reason": "the workshop had no parents"},
        TEAMWORK,
        lambda api, s, _: "NEED-01" not in project(api, s)["reached_milestones"],
        needs=frozenset({"milestone"}),
        versioned=True,
    ),
    "add a team member": Case(
        "team/add",
        {"person_id": "{newcomer}", "role": "volunteer", "on": "2017-03-01"},
        TEAMWORK,
        lambda api, s, _: any(m["person_id"] == s.newcomer for m in project(api, s)["team"]),
        page=P + "/team?registered={newcomer}&name=Nils%20Newcomer",
        needs=frozenset({"newcomer"}),
    ),
    "remove a team member": Case(
        "team/remove",
        {"person_id": "{member}", "reason": "moved away", "on": "2017-06-01"},
        TEAMWORK,
        lambda api, s, _: all(m["person_id"] != s.member for m in project(api, s)["team"]),
        needs=frozenset({"member"}),
        versioned=True,
    ),
    "assign a coach": Case(
        "coaches/assign",
        {"coach_id": "{other_coach}"},
        COORDINATION,
        lambda api, s, _: s.other_coach in project(api, s)["coaches"],
    ),
    "release a coach": Case(
        "coaches/release",
        {"coach_id": "{coach}", "reason": "parental leave"},
        COORDINATION,
        lambda api, s, _: s.coach not in project(api, s)["coaches"],
        versioned=True,
    ),
    "propose a stage change": Case(
        "stage/propose",
        {"to": "co_creation", "note": NOTE},
        ("coach",),
        lambda api, s, _: any(r["note"] == NOTE for r in reviews(api, s)),
        neither=COORDINATION,  # may propose, as in the API, but are offered the decision
    ),
    "decide the stage": Case(
        "stage/decide",
        {"to": "co_creation", "rationale": "gate review", "override": "they meet anyway"},
        COORDINATION,
        lambda api, s, _: project(api, s)["stage"] == "co_creation",
        versioned=True,
    ),
    "decline a gate review": Case(
        "stage/decline",
        {"review_id": "{review}", "reason": "the team does not meet yet"},
        COORDINATION,
        lambda api, s, _: all(r["state"] != "open" for r in reviews(api, s)),
        needs=frozenset({"review"}),
        versioned=True,
    ),
    "pause": Case(
        "status/pause",
        {"reason": "summer break", "on": "2017-07-01"},
        COORDINATION,
        _status("paused"),
        versioned=True,
    ),
    "resume": Case(
        "status/resume",
        {"reason": "back from the break", "on": "2017-09-01"},
        COORDINATION,
        _status("active"),
        needs=frozenset({"paused"}),
        versioned=True,
    ),
    "close": Case(
        "status/close",
        {"outcome": "informal_stable", "rationale": "runs on its own", "on": "2019-06-30"},
        COORDINATION,
        _status("closed"),
        versioned=True,
    ),
    "select for the accelerator": Case(
        "status/accelerator",
        {"cohort": COHORT, "on": "2019-10-01"},
        COORDINATION,
        lambda api, s, _: (project(api, s)["accelerator"] or {}).get("cohort") == COHORT,
    ),
    "log a session": Case(  # a coordinator or an admin held no session: refused by the domain
        "sessions",
        {"started_on": "2018-04-12", "started_time": "17:00", "summary": SUMMARY},
        ("coach",),
        lambda api, s, _: any(x["summary"] == SUMMARY for x in project(api, s)["sessions"]),
        page=f"{P}/sessions/new",
        neither=COORDINATION,
    ),
    "correct a session": Case(
        "sessions/{session}/corrections",
        {"duration_minutes": "120", "reason": "typo in the duration"},
        TEAMWORK,
        lambda api, s, _: session_of(api, s)["duration_minutes"] == 120,
        needs=frozenset({"session"}),
        versioned=True,
    ),
    "withdraw a session": Case(
        "sessions/{session}/withdrawal",
        {"reason": "logged twice"},
        TEAMWORK,
        lambda api, s, _: session_of(api, s)["withdrawn"],
        needs=frozenset({"session"}),
        versioned=True,
    ),
    "register a network": Case(
        "/ui/networks/new",
        {
            "name": "LEN Plön {project}",
            "country": "DE",
            "region": "Plön",
            "target_group": "elderly",
            "institutions": "Kreis Plön\nStadt Plön",
        },
        ("coordinator", "other_coordinator", "admin"),
        _created_network,
        page="/ui/networks/new",
    ),
    "add an institution": Case(
        "/ui/networks/{network}/institution",
        {"institution": "Stadtbücherei Heide"},
        COORDINATION,
        lambda api, s, _: "Stadtbücherei Heide" in network(api, s.network)["institutions"],
    ),
    "appoint a coordinator": Case(
        "/ui/networks/{network}/coordinator",
        {"coordinator_id": "{other_coordinator}"},
        COORDINATION,
        lambda api, s, _: network(api, s.network)["coordinator_id"] == s.other_coordinator,
        versioned=True,
    ),
    "propose a project": Case(
        "/ui/projects/new",
        {"title": "Kiosk {project}", "summary": "Young mothers run a kiosk."},
        COORDINATION,
        _created_project,
        page="/ui/projects/new?network_id={network}",
    ),
    "register a person": Case(
        "/ui/people/new",
        {"display_name": "Pia {project}", "contact": "pia@example.org", "role": "provider"},
        ("coach", "other_coach", "coordinator", "other_coordinator", "admin"),
        _registered_person,
        page="/ui/people/new",
    ),
}
VERSIONED = {name: case for name, case in CASES.items() if case.versioned}

NOT_MET_STAGE = not_met(STAGE_GATES[(Stage.IDEA, Stage.CO_CREATION)].requires)
NOT_MET_CLOSURE = not_met(CLOSURE_GATES[Outcome.INDEPENDENT].requires)
LEVEL = "participation_level"
BAD = (
    Bad("record a need", "empty", {"description": ""}, "description", FILL),
    Bad("record a need", "too long", {"description": "x" * 5001}, "description", shorten(5000)),
    Bad("record a need", "unknown tool", {"tool": "telepathy"}, "tool", CHOOSE),
    Bad("record a need", "bad date", {"on": "2017-02-30"}, "on", DATE),
    Bad("record a need", "future", {"on": "2030-01-01"}, "on", FUTURE),
    Bad("reach a milestone", "bad date", {"on": "02.03.2017"}, "on", DATE),
    Bad("reach a milestone", "unknown", {"milestone_id": "NOPE-99"}, "milestone_id", UNKNOWN),
    Bad("reach a milestone", "long link", {"links": "h:" + "x" * 2000}, "links", shorten(2000)),
    Bad("revoke a milestone", "empty", {"reason": ""}, "reason", FILL),
    Bad("revoke a milestone", "no milestone", {"milestone_id": ""}, "milestone_id", LIST),
    Bad("add a team member", "unknown role", {"role": "boss"}, "role", CHOOSE),
    Bad("add a team member", "no person", {"person_id": "nobody"}, "person_id", LIST),
    Bad("add a team member", "bad date", {"on": "yesterday"}, "on", DATE),
    Bad("remove a team member", "empty", {"reason": ""}, "reason", FILL),
    Bad("remove a team member", "too long", {"reason": "x" * 2001}, "reason", shorten(2000)),
    Bad("assign a coach", "no coach", {"coach_id": ""}, "coach_id", LIST),
    Bad("release a coach", "empty", {"reason": ""}, "reason", FILL),
    Bad("propose a stage change", "empty", {"note": ""}, "note", FILL),
    Bad("propose a stage change", "unknown stage", {"to": "nirvana"}, "to", CHOOSE),
    Bad("decide the stage", "empty", {"rationale": ""}, "rationale", FILL),
    Bad("decide the stage", "bad date", {"on": "2017-13-01"}, "on", DATE),
    Bad("decide the stage", "gate not met", {"override": ""}, "to", NOT_MET_STAGE, 409),
    Bad("decline a gate review", "empty", {"reason": ""}, "reason", FILL),
    Bad("decline a gate review", "no review", {"review_id": "x"}, "review_id", LIST),
    Bad("pause", "empty", {"reason": ""}, "reason", FILL),
    Bad("pause", "bad date", {"on": "someday"}, "on", DATE),
    Bad("resume", "too long", {"reason": "x" * 2001}, "reason", shorten(2000)),
    Bad("close", "unknown outcome", {"outcome": "vanished"}, "outcome", CHOOSE),
    Bad("close", "empty", {"rationale": ""}, "rationale", FILL),
    Bad("close", "gate not met", {"outcome": "independent"}, "outcome", NOT_MET_CLOSURE, 409),
    Bad("select for the accelerator", "too long", {"cohort": "x" * 101}, "cohort", shorten(100)),
    Bad("select for the accelerator", "no date", {"on": ""}, "on", DATE),
    Bad("log a session", "not a number", {"duration_minutes": "lots"}, "duration_minutes", WHOLE),
    Bad("log a session", "unknown level", {LEVEL: "top"}, LEVEL, CHOOSE),
    Bad("log a session", "future", {"started_on": "2030-01-01"}, "started_on", LATER),
    Bad("correct a session", "empty", {"reason": ""}, "reason", FILL),
    Bad("withdraw a session", "empty", {"reason": ""}, "reason", FILL),
    Bad("register a network", "empty", {"name": ""}, "name", FILL),
    Bad("register a network", "bad country", {"country": "D1"}, "country", FORMAT),
    Bad("register a network", "unknown group", {"target_group": "aliens"}, "target_group", CHOOSE),
    Bad("add an institution", "empty", {"institution": ""}, "institution", FILL),
    Bad("add an institution", "too long", {"institution": "x" * 201}, "institution", shorten(200)),
    Bad("appoint a coordinator", "nobody", {"coordinator_id": ""}, "coordinator_id", LIST),
    Bad("propose a project", "empty", {"title": ""}, "title", FILL),
    Bad("propose a project", "too long", {"summary": "x" * 5001}, "summary", shorten(5000)),
    Bad("propose a project", "bad date", {"proposed_on": "2017-02-31"}, "proposed_on", DATE),
    Bad("register a person", "empty", {"display_name": ""}, "display_name", FILL),
    Bad("register a person", "unknown role", {"role": "king"}, "role", CHOOSE),
)
FIRST_BAD = {bad.form: bad for bad in reversed(BAD)}


# ---------------------------------------------------------------------------- a browser's form
def scene_for(api: Api, case: Case) -> Scene:
    scene = build_scene(api, case.needs)
    settle(api)
    return scene


def signed_in(api: Api, role: str | None, language: str = "en-GB") -> Browser:
    reader = Browser(api, language)
    return reader if role is None else reader.as_role(role)


def form_fields(html: str, action: str) -> Fields:
    """What a browser would send for the form posting to `action`, as rendered."""
    form = parse(html).find("form", action=action, method="post")
    values: dict[str, list[str]] = {}
    for node in form.walk():
        name = node.attrs.get("name")
        if not name or node.tag not in ("input", "textarea", "select"):
            continue
        if node.tag == "textarea":
            value = node.text().removeprefix("\n")
        elif node.tag == "select":
            options = node.find_all("option")
            chosen = [o for o in options if "selected" in o.attrs] or options[:1]
            if not chosen:
                continue
            value = chosen[0].attrs.get("value", chosen[0].text())
        elif node.attrs.get("type") in ("radio", "checkbox") and "checked" not in node.attrs:
            continue
        else:
            value = node.attrs.get("value", "")
        values.setdefault(name, []).append(value)
    return {name: found[0] if len(found) == 1 else found for name, found in values.items()}


def rendered(
    api: Api,
    scene: Scene,
    case: Case,
    role: str,
    language: str = "en-GB",
    changes: Fields | None = None,
) -> tuple[Browser, Fields]:
    """A browser of `role` on the form's page, and the form as rendered, filled in with the
    case's data and `changes`."""
    reader = signed_in(api, role, language)
    page = reader.get(scene.fill(case.page))
    assert page.status_code == 200, page.text
    shown = form_fields(page.text, scene.fill(case.action))
    return reader, {**shown, **scene.fill(case.data), **(changes or {})}


def post(reader: Browser, scene: Scene, case: Case, fields: Fields) -> httpx.Response:
    response: httpx.Response = reader.client.post(scene.fill(case.action), data=fields)
    return response


def as_someone_else(api: Api, scene: Scene, case: Case, role: str | None) -> httpx.Response:
    """`role` sends the form as an allowed role rendered it, with `role`'s own CSRF value."""
    _, fields = rendered(api, scene, case, case.allowed[0])
    reader = signed_in(api, role)
    if role is not None:
        fields["csrf"] = hidden(reader.get("/ui/projects").text, "csrf", "/sign-out")
    return post(reader, scene, case, fields)


def assert_refused(response: httpx.Response, role: str | None) -> None:
    if role is None:
        assert response.status_code == 303, response.text
        assert response.headers["location"].startswith("/sign-in?next="), response.headers
    else:
        assert response.status_code == 403, response.text
        assert response.headers["content-type"].startswith("text/html")


def error_at(html: str, name: str) -> str:
    """The message shown next to the field `name`."""
    ident = "f-" + name.replace(".", "-").replace("_", "-")
    found = parse(html).find_all("p", id=f"{ident}-error")
    if not found:  # a picker with nobody to choose shows its message after its notice
        found = parse(html).find_all("p", **{"class": "error"})
    assert len(found) == 1, f"no single message at {name!r}"
    return found[0].text().strip()


# ---------------------------------------------------------------------------- (a) allowed
HAPPY = [(name, role) for name, case in CASES.items() for role in case.allowed]


@pytest.mark.parametrize(("name", "role"), HAPPY, ids=[f"{n}-{r}" for n, r in HAPPY])
def test_an_allowed_role_sends_the_form_and_the_api_shows_it(
    api: Api, name: str, role: str
) -> None:
    case = CASES[name]
    scene = scene_for(api, case)
    reader, fields = rendered(api, scene, case, role)
    assert not case.shows(api, scene, None)
    before = footprint(api)
    sent = post(reader, scene, case, fields)
    assert sent.status_code == 303, sent.text
    assert "done=" in sent.headers["location"]
    assert footprint(api) != before
    settle(api)
    assert case.shows(api, scene, sent.headers["location"])
    assert reader.get(sent.headers["location"]).status_code == 200


# ---------------------------------------------------------------------------- (b) refused
REFUSED = [(name, role) for name, case in CASES.items() for role in case.refused]


@pytest.mark.parametrize(("name", "role"), REFUSED, ids=[f"{n}-{r}" for n, r in REFUSED])
def test_every_other_role_is_refused_and_nothing_changes(
    api: Api, name: str, role: str | None
) -> None:
    case = CASES[name]
    scene = scene_for(api, case)
    before = footprint(api)
    assert_refused(as_someone_else(api, scene, case, role), role)
    assert footprint(api) == before
    assert not case.shows(api, scene, None)


WORK_PAGES = ("needs", "milestones", "team", "coaches", "stage", "status", "sessions/new")


@pytest.mark.parametrize("role", ["other_coach", "other_coordinator", "dashboard", "auditor"])
def test_a_role_with_no_form_on_a_page_of_work_is_refused_it(api: Api, role: str) -> None:
    scene = build_scene(api, frozenset({"member"}))
    settle(api)
    reader = signed_in(api, role)
    for page in WORK_PAGES:
        shown = reader.get(f"/ui/projects/{scene.project}/{page}")
        assert shown.status_code == 403, (page, shown.text)
        assert 'name="idempotency_key"' not in shown.text
        assert "Mia Member" not in shown.text


# Whose network a project is proposed in is part of the input: that refusal needs it read.
SIGNED_IN_REFUSED = [
    (n, r)
    for n, r in REFUSED
    if r is not None and (n, r) != ("propose a project", "other_coordinator")
]


@pytest.mark.parametrize(
    ("name", "role"), SIGNED_IN_REFUSED, ids=[f"{n}-{r}" for n, r in SIGNED_IN_REFUSED]
)
def test_a_refused_role_learns_nothing_of_its_bad_input(api: Api, name: str, role: str) -> None:
    """The guard answers before the input is read: no field messages, no re-rendered form
    (which would show the project's team and choices to whoever is refused)."""
    case = CASES[name]
    scene = build_scene(api, case.needs | {"member"})
    settle(api)
    _, fields = rendered(api, scene, case, case.allowed[0], changes=FIRST_BAD[name].data)
    reader = signed_in(api, role)
    fields["csrf"] = hidden(reader.get("/ui/projects").text, "csrf", "/sign-out")
    before = footprint(api)
    refused = post(reader, scene, case, fields)
    assert_refused(refused, role)
    assert 'class="error"' not in refused.text
    assert "Mia Member" not in refused.text  # the team's names
    assert footprint(api) == before


# ---------------------------------------------------------------------------- (c) CSRF
@pytest.mark.parametrize("csrf", ["missing", "wrong"])
@pytest.mark.parametrize("name", CASES)
def test_a_form_without_the_sessions_csrf_value_changes_nothing(
    api: Api, name: str, csrf: str
) -> None:
    case = CASES[name]
    scene = scene_for(api, case)
    reader, fields = rendered(api, scene, case, case.allowed[0])
    if csrf == "missing":
        del fields["csrf"]
    else:
        fields["csrf"] = hidden(signed_in(api, case.allowed[0]).get("/").text, "csrf", "/sign-out")
    before = footprint(api)
    refused = post(reader, scene, case, fields)
    assert refused.status_code == 403, refused.text
    assert footprint(api) == before
    assert not case.shows(api, scene, None)


# ---------------------------------------------------------------------------- (d) idempotency
@pytest.mark.parametrize("name", CASES)
def test_sending_the_same_form_twice_records_once(api: Api, name: str) -> None:
    case = CASES[name]
    scene = scene_for(api, case)
    # A coordinator who hands their network over may not send anything there any more.
    role = "admin" if name == "appoint a coordinator" else case.allowed[0]
    reader, fields = rendered(api, scene, case, role)
    first = post(reader, scene, case, fields)
    assert first.status_code == 303, first.text
    once = footprint(api)
    again = post(reader, scene, case, fields)
    assert again.status_code == 303, again.text
    assert again.headers["location"] == first.headers["location"]
    assert footprint(api) == once


# ---------------------------------------------------------------------------- (e) stale version
def interlope(api: Api, scene: Scene, case: Case) -> None:
    """Someone else changes the record the form was rendered from."""
    if case.action.startswith("/ui/networks"):
        write_ok(api, f"/networks/{scene.network}/institutions", "admin", {"institution": "Amt"})
    else:
        write_ok(api, f"/projects/{scene.project}/milestones", "admin", MILESTONE)


@pytest.mark.parametrize("name", VERSIONED)
def test_a_stale_form_shows_the_conflict_and_can_be_sent_again(api: Api, name: str) -> None:
    case = VERSIONED[name]
    scene = scene_for(api, case)
    reader, fields = rendered(api, scene, case, case.allowed[0])
    assert fields["version"]
    interlope(api, scene, case)
    before = footprint(api)
    stale = post(reader, scene, case, fields)
    assert stale.status_code == 409, stale.text
    form = parse(stale.text).find("form", action=scene.fill(case.action), method="post")
    assert "Someone changed the project meanwhile" in form.find(**{"class": "conflict"}).text()
    assert footprint(api) == before
    assert not case.shows(api, scene, None)
    again = form_fields(stale.text, scene.fill(case.action))
    assert int(str(again["version"])) > int(str(fields["version"]))
    assert again["idempotency_key"] != fields["idempotency_key"]
    resent = post(reader, scene, case, {**again, **scene.fill(case.data)})
    assert resent.status_code == 303, resent.text
    settle(api)
    assert case.shows(api, scene, resent.headers["location"])


# ---------------------------------------------------------------------------- (f) bad input
def expected(language: Language, bad: Bad) -> str:
    message, values = bad.message
    return language.gettext(message, **values)


@pytest.mark.parametrize("language", ["en-GB", "de-DE"])
@pytest.mark.parametrize("bad", BAD, ids=[f"{b.form}-{b.name}" for b in BAD])
def test_bad_input_comes_back_with_the_message_at_the_field(
    api: Api, bad: Bad, language: str
) -> None:
    case = CASES[bad.form]
    scene = scene_for(api, case)
    reader, fields = rendered(api, scene, case, case.allowed[0], language, bad.data)
    before = footprint(api)
    refused = post(reader, scene, case, fields)
    assert refused.status_code == bad.status, refused.text
    assert footprint(api) == before
    words = negotiate(language, None)
    assert parse(refused.text).find("html").attrs["lang"].startswith(words.code)
    want = expected(words, bad)
    assert error_at(refused.text, bad.at) == want
    english = expected(negotiate("en", None), bad)
    if want != english:  # the catalogue translates it: the English must not show
        assert english not in refused.text
    again = form_fields(refused.text, scene.fill(case.action))
    for key, value in scene.fill(case.data).items():  # the input is kept
        if key not in bad.data and not key.endswith("_id"):
            assert again.get(key) == value, key


FIELD_MESSAGES = sorted({b.message[0] for b in BAD})


@pytest.mark.parametrize("message", FIELD_MESSAGES)
def test_field_messages_are_in_the_catalogues(message: str) -> None:
    """A message shown next to a field is extracted for translation, and so in German too."""
    for catalogue in (LOCALE_DIR / "messages.pot", LOCALE_DIR / "de/LC_MESSAGES/messages.po"):
        with catalogue.open("rb") as po:
            assert message in read_po(po), f"{message!r} is not in {catalogue.name}"


def test_a_correction_records_only_the_fields_the_coach_changed(api: Api) -> None:
    """The correction form shows the session as logged (one tool, one milestone, a head
    count, no team member): changing only the duration corrects only the duration."""
    case = CASES["correct a session"]
    scene = scene_for(api, case)
    reader, fields = rendered(api, scene, case, "coach")
    assert post(reader, scene, case, fields).status_code == 303
    events = api.get(f"/projects/{scene.project}/events", "auditor").json()["items"]
    corrected = [e for e in events if e["type"].endswith("SessionCorrected")]
    assert len(corrected) == 1, events
    assert sorted(corrected[0]["data"]["changes"]) == ["duration_minutes"]


def test_the_dashboard_reads_no_free_text_on_a_session_page(api: Api) -> None:
    """The dashboard role sees figures, never personal text (README, roles): the page of a
    session, where it is corrected and withdrawn, is no exception."""
    scene = build_scene(api, frozenset({"session"}))
    settle(api)
    page = signed_in(api, "dashboard").get(f"/ui/projects/{scene.project}/sessions/{scene.session}")
    assert page.status_code in (200, 403, 404)
    # SESSION's summary, topic and follow-up.
    for text in ("Worked through the canvas.", "website", "draft the sponsor letter"):
        assert text not in page.text
