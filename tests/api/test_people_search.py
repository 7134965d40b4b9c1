"""Finding people: GET /people?role=&q=&limit=&cursor= and the pages' person picker.

docs/API.md ("Finding things"): a coach finds the teams and coaches of the projects they coach;
a coordinator the people of their networks' projects and every coach and coordinator (to assign
one); auditor and admin everyone; a dashboard nobody (403). `q` matches a case-folded,
NFKC-normalised part of the name; erased people are never found; pages are keyset pages in the
order of the folded name, then the id.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from tests.api.client import Api, api_in
from tests.api.scenes import TEAM, write_ok
from tests.api.web_pages import Browser, parse, settle

PROBLEM_JSON = "application/problem+json"
PAGE_NAMES = [f"Pager {n:02d}" for n in range(12)] + ["Pager 05"]  # one name twice


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    yield from api_in(tmp_path_factory, "people-search")


@dataclass
class World:
    """Network A (coordinator) with project A (coach) and network B (other_coordinator) with
    project B (other_coach), their teams, and people on no team."""

    ids: dict[str, str] = field(default_factory=dict)  # name -> id (the last of a name)
    pagers: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def world(api: Api) -> World:
    world = World()
    a = api.project(api.network("coordinator"))
    proposal = {"title": "Elsewhere", "target_group": "youth", "summary": "Far away."}
    network_b = api.network("other_coordinator")
    b = write_ok(api, "/projects", "other_coordinator", {**proposal, "network_id": network_b})["id"]
    coach = {"coach_id": api.people["other_coach"]}
    write_ok(api, f"/projects/{b}/coaches", "other_coordinator", coach)
    team = {"a": a, "b": b}
    for project, name, role in (
        ("a", "José Álvarez", "service_user"),
        ("a", "Jürgen Straße", "volunteer"),
        ("a", "Zoë Provider", "provider"),
        ("a", "Eric Erased", "service_user"),
        ("b", "Björn Outsider", "service_user"),
    ):
        person = api.person(role=role, name=name)
        who = "coordinator" if project == "a" else "other_coordinator"
        write_ok(api, f"/projects/{team[project]}/team", who, {**TEAM, "person_id": person})
        world.ids[name] = person
    for name in PAGE_NAMES:
        person = api.person(name=name)
        write_ok(api, f"/projects/{a}/team", "coordinator", {**TEAM, "person_id": person})
        world.pagers.append(person)
    for name, role in (
        ("Nadia Nowhere", "service_user"),
        ("Carla Freecoach", "coach"),
        ("Otto Orga", "coordinator"),
        ("Ingrid STRASSE", "volunteer"),
        ("Fiona Fjord", "service_user"),
    ):
        world.ids[name] = api.person(role=role, name=name)
    erased = api.post(f"/people/{world.ids['Eric Erased']}/erasure", "admin", {"reason": "asked"})
    assert erased.status_code == 200, erased.text
    world.ids.update(project_a=a, project_b=b)
    settle(api)
    return world


def people(api: Api, caller: str | None, **params: Any) -> httpx.Response:
    """GET /people as `caller` (Api.get keeps `role` for the caller's)."""
    response: httpx.Response = api.client.get("/people", params=params, headers=api.headers(caller))
    return response


def find(api: Api, caller: str | None, **params: Any) -> list[dict[str, Any]]:
    """Every page of GET /people (following next_cursor) as `caller`."""
    found: list[dict[str, Any]] = []
    cursor = None
    while True:
        page = people(api, caller, **params, **({"cursor": cursor} if cursor else {}))
        assert page.status_code == 200, page.text
        body = page.json()
        found.extend(body["items"])
        cursor = body["next_cursor"]
        if cursor is None:
            return found


def names(api: Api, caller: str | None, **params: Any) -> set[str]:
    return {p["display_name"] for p in find(api, caller, **params)}


BASE = {"The coach", "The coordinator", "Another coach", "Elsewhere"}
TEAM_A = {"José Álvarez", "Jürgen Straße", "Zoë Provider", *PAGE_NAMES}
EVERYONE = BASE | TEAM_A | {"Björn Outsider", "Nadia Nowhere", "Carla Freecoach", "Otto Orga"}
EVERYONE |= {"Ingrid STRASSE", "Fiona Fjord"}
STAFF = {"The coach", "The coordinator", "Another coach", "Elsewhere", "Carla Freecoach"}
STAFF |= {"Otto Orga"}

SCOPES = {
    # A coach: their projects' teams and coaches (themselves among them).
    "coach": TEAM_A | {"The coach"},
    "other_coach": {"Björn Outsider", "Another coach"},
    # A coordinator: their networks' teams and coaches, and every coach and coordinator.
    "coordinator": TEAM_A | STAFF,
    "other_coordinator": {"Björn Outsider"} | STAFF,
    "auditor": EVERYONE,
    "admin": EVERYONE,
}


@pytest.mark.parametrize("role", SCOPES)
@pytest.mark.usefixtures("world")
def test_each_role_finds_exactly_the_people_it_works_with(api: Api, role: str) -> None:
    assert names(api, role, limit=500) == SCOPES[role]


@pytest.mark.parametrize("role", SCOPES)
@pytest.mark.usefixtures("world")
def test_what_the_search_finds_the_caller_may_also_read(api: Api, role: str) -> None:
    for person in find(api, role, q="o", limit=500):
        read = api.get(f"/people/{person['id']}", role)
        assert read.status_code == 200, (person, read.text)
        assert read.json()["display_name"] == person["display_name"]


@pytest.mark.parametrize(("role", "status"), [("dashboard", 403), (None, 401)])
@pytest.mark.usefixtures("world")
def test_the_dashboard_and_strangers_find_nobody(api: Api, role: str | None, status: int) -> None:
    refused = people(api, role, q="José")
    assert refused.status_code == status
    assert refused.headers["content-type"] == PROBLEM_JSON
    assert "José" not in refused.text


MATCHES = {
    "lower case": ("josé", {"José Álvarez"}),
    "upper case": ("JOSÉ ÁLVAREZ", {"José Álvarez"}),
    "decomposed accent": (unicodedata.normalize("NFD", "José"), {"José Álvarez"}),
    "sharp s as ss": ("STRASSE", {"Jürgen Straße", "Ingrid STRASSE"}),
    "ss as sharp s": ("straße", {"Jürgen Straße", "Ingrid STRASSE"}),
    "capital sharp s": ("STRAẞE", {"Jürgen Straße", "Ingrid STRASSE"}),
    "compatibility ligature": ("ﬁ", {"Fiona Fjord"}),
    "a part of a name": ("ürg", {"Jürgen Straße"}),
    "spaces around": ("  zoë  ", {"Zoë Provider"}),
    "nothing matches": ("Quetzal", set()),
}


@pytest.mark.parametrize(("q", "expected"), MATCHES.values(), ids=MATCHES.keys())
@pytest.mark.usefixtures("world")
def test_q_matches_a_case_folded_normalised_part_of_the_name(
    api: Api, q: str, expected: set[str]
) -> None:
    assert names(api, "admin", q=q, limit=500) == expected


@pytest.mark.usefixtures("world")
def test_a_composed_name_is_found_by_its_decomposed_spelling_and_back(
    api: Api,
) -> None:
    decomposed = unicodedata.normalize("NFD", "Zoë Provider")
    assert decomposed != "Zoë Provider"
    assert names(api, "coach", q=decomposed) == {"Zoë Provider"}


@pytest.mark.usefixtures("world")
def test_the_search_is_scoped_before_it_matches(
    api: Api,
) -> None:
    assert names(api, "coach", q="Björn") == set()
    assert names(api, "other_coach", q="Björn") == {"Björn Outsider"}
    assert names(api, "coordinator", q="Nadia") == set()  # on no team of theirs
    assert names(api, "coordinator", q="Carla") == {"Carla Freecoach"}  # a coach to assign
    assert names(api, "coach", q="Carla") == set()


@pytest.mark.parametrize("role", ["coach", "coordinator", "auditor", "admin"])
def test_erased_people_are_never_found(api: Api, world: World, role: str) -> None:
    every = find(api, role, limit=500)
    assert world.ids["Eric Erased"] not in {p["id"] for p in every}
    assert all(p["display_name"] for p in every)
    assert names(api, role, q="Eric") == set()
    assert names(api, role, q="erased") == set()


ROLE_FILTERS = {
    ("coordinator", "coach"): {"The coach", "Another coach", "Carla Freecoach"},
    ("coordinator", "coordinator"): {"The coordinator", "Elsewhere", "Otto Orga"},
    ("coordinator", "provider"): {"Zoë Provider"},
    ("coach", "volunteer"): {"Jürgen Straße"},
    ("coach", "coordinator"): set(),
    ("admin", "volunteer"): {"Jürgen Straße", "Ingrid STRASSE"},
}


@pytest.mark.parametrize(
    ("caller", "role"), ROLE_FILTERS, ids=[f"{c}-{r}" for c, r in ROLE_FILTERS]
)
@pytest.mark.usefixtures("world")
def test_the_role_filter_keeps_only_that_role(api: Api, caller: str, role: str) -> None:
    found = find(api, caller, role=role, limit=500)
    assert {p["display_name"] for p in found} == ROLE_FILTERS[(caller, role)]
    assert {p["role"] for p in found} <= {role}


def folded(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


@pytest.mark.parametrize("limit", [1, 2, 5, 13, 14])
def test_pages_have_no_duplicates_no_gaps_and_a_stable_order(
    api: Api, world: World, limit: int
) -> None:
    paged = find(api, "coach", q="pager", limit=limit)
    assert [p["id"] for p in paged] == [p["id"] for p in find(api, "coach", q="pager", limit=500)]
    assert sorted(p["id"] for p in paged) == sorted(world.pagers)
    assert paged == sorted(paged, key=lambda p: (folded(p["display_name"]), p["id"]))
    first = people(api, "coach", q="pager", limit=limit).json()
    assert len(first["items"]) == min(limit, len(PAGE_NAMES))
    assert (first["next_cursor"] is None) == (limit >= len(PAGE_NAMES))


@pytest.mark.usefixtures("world")
def test_the_cursor_is_the_last_persons_id(
    api: Api,
) -> None:
    first = people(api, "coach", q="pager", limit=4).json()
    assert first["next_cursor"] == first["items"][-1]["id"]


BAD_QUERIES = {
    "limit 0": {"limit": 0},
    "limit too big": {"limit": 501},
    "limit not a number": {"limit": "ten"},
    "cursor not an id": {"cursor": "Pager 05"},
    "unknown role": {"role": "king"},
    "role of a token, not a person": {"role": "auditor"},
    "q too long": {"q": "x" * 201},
}


@pytest.mark.parametrize("params", BAD_QUERIES.values(), ids=BAD_QUERIES.keys())
@pytest.mark.usefixtures("world")
def test_a_bad_query_is_a_problem(api: Api, params: dict[str, Any]) -> None:
    refused = people(api, "coordinator", **params)
    assert 400 <= refused.status_code < 500, refused.text
    assert refused.headers["content-type"] == PROBLEM_JSON
    assert refused.json()["status"] == refused.status_code


def test_a_cursor_naming_someone_out_of_scope_answers_as_an_unknown_one(
    api: Api, world: World
) -> None:
    """A cursor is the id of a person of an earlier page: one the caller cannot read must not
    tell them whether it exists, nor where its name sorts (docs/API.md, people reads)."""
    unknown = people(api, "coach", cursor="00000000-0000-4000-8000-000000000000")
    assert 400 <= unknown.status_code < 500
    assert unknown.headers["content-type"] == PROBLEM_JSON
    outside = people(api, "coach", cursor=world.ids["Björn Outsider"])
    assert outside.status_code == unknown.status_code, outside.text


# ---------------------------------------------------------------------------- the picker
def offered(api: Api, role: str, path: str, action: str, name: str) -> tuple[set[str], str]:
    """The people (ids) a page's picker offers as choices of `name` in the form posting to
    `action`, and the page."""
    page = Browser(api, "en-GB").as_role(role).get(path)
    assert page.status_code == 200, page.text
    form = parse(page.text).find("form", action=action, method="post")
    return {i.attrs["value"] for i in form.find_all("input", type="radio", name=name)}, page.text


def test_the_coach_picker_offers_the_coaches_not_yet_assigned(api: Api, world: World) -> None:
    a = world.ids["project_a"]
    ids, _ = offered(
        api,
        "coordinator",
        f"/ui/projects/{a}/coaches?q=COACH",
        f"/ui/projects/{a}/coaches/assign",
        "coach_id",
    )
    assert ids == {api.people["other_coach"], world.ids["Carla Freecoach"]}


def test_the_team_picker_finds_only_whom_the_coach_works_with(api: Api, world: World) -> None:
    a = world.ids["project_a"]
    ids, page = offered(
        api,
        "coach",
        f"/ui/projects/{a}/team?q=bj%C3%B6rn",
        f"/ui/projects/{a}/team/add",
        "person_id",
    )
    assert ids == set()
    assert "Björn" not in page.replace("“björn”", "")
    assert "Nobody matches “björn”." in page


@pytest.mark.parametrize(("name", "shown"), [("Nadia Nowhere", True), ("Nadia", False)])
def test_the_person_just_registered_is_offered_only_under_the_name_typed(
    api: Api, world: World, name: str, shown: bool
) -> None:
    a, nadia = world.ids["project_a"], world.ids["Nadia Nowhere"]
    path = f"/ui/projects/{a}/team?q={quote(name)}&registered={nadia}&name={quote(name)}"
    ids, _ = offered(api, "coach", path, f"/ui/projects/{a}/team/add", "person_id")
    assert (nadia in ids) is shown


def test_the_pickers_never_offer_erased_people(api: Api, world: World) -> None:
    b = world.ids["project_b"]
    path = f"/ui/projects/{b}/team?q=&registered={world.ids['Eric Erased']}&name=Eric%20Erased"
    ids, _ = offered(api, "admin", path, f"/ui/projects/{b}/team/add", "person_id")
    assert world.ids["Eric Erased"] not in ids
    assert ids >= {world.ids["Nadia Nowhere"], world.ids["José Álvarez"]}


def test_the_network_form_offers_coordinators_only(api: Api, world: World) -> None:
    ids, _ = offered(api, "admin", "/ui/networks/new", "/ui/networks/new", "coordinator_id")
    coordinators = {api.people["coordinator"], api.people["other_coordinator"]}
    assert ids == coordinators | {world.ids["Otto Orga"]}
