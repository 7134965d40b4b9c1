"""Reads that cannot starve the server (issue 14): a page of events reads a page from the store,
a project's sessions and its coaching history follow the list convention, `/projects/{id}`
embeds a bounded number of sessions, `/diff` and the audit page are bounded, and exports stream
with flat memory. (Waiting reads and their cap: test_bounded_reads_server.py; the read limit:
test_security.py.)"""

from __future__ import annotations

import io
import tracemalloc
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any
from uuid import UUID

import pytest

from app import audit
from app.commands import RecordNeed
from app.incubator import Incubator
from domain.values import EmpowermentTool
from store.chain import ChainStore
from store.recorder import SeedbedRecorder
from tests.api.client import SESSION, Api

PROBLEM = "application/problem+json"


def _needs(incubator: Incubator, project: str, count: int, text: str = "care " * 80) -> None:
    """`count` events on the project, straight through the application (fast)."""
    for _ in range(count):
        command = RecordNeed(text, EmpowermentTool("needs_workshop"), date(2018, 1, 2))
        incubator.execute(UUID(project), command, actor="test")


def _sessions(api: Api, project: str, count: int) -> int:
    """`count` sessions logged over HTTP; the position of the last."""
    position = 0
    for _ in range(count):
        logged = api.post(f"/projects/{project}/sessions", "coach", SESSION)
        assert logged.status_code == 201, logged.text
        position = logged.json()["position"]
    return position


def _fresh(api: Api, role: str, position: int) -> dict[str, str]:
    return api.headers(role, **{"X-Min-Position": str(position)})


# ---------------------------------------------------------------------------- events
def test_events_limit_1_reads_one_page_from_the_store_not_the_whole_stream(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = api.project()
    _needs(api.container.incubator, project, 60)
    recorder = api.client.app.state.container.incubator.recorder  # type: ignore[attr-defined]
    assert isinstance(recorder, SeedbedRecorder)
    read: list[int] = []
    select_stream = recorder.select_stream

    def counted(*args: Any, **kwargs: Any) -> Any:
        rows = select_stream(*args, **kwargs)
        read.append(len(rows))
        return rows

    monkeypatch.setattr(recorder, "select_stream", counted)
    page = api.get(f"/projects/{project}/events", "auditor", limit=1)
    assert page.status_code == 200
    assert [e["version"] for e in page.json()["items"]] == [1]
    assert page.json()["next_cursor"] == "2"
    assert sum(read) <= 2, f"read {read} rows for one event"
    read.clear()
    last = api.get(f"/projects/{project}/events", "auditor", limit=1, cursor="61")
    assert [e["version"] for e in last.json()["items"]] == [61]
    assert sum(read) <= 2


def test_events_filtered_by_type_still_page_through_the_whole_stream(api: Api) -> None:
    project = api.project()
    _sessions(api, project, 2)
    _needs(api.container.incubator, project, 3)
    _sessions(api, project, 1)
    first = api.get(f"/projects/{project}/events", "auditor", type="SessionLogged", limit=2)
    assert [e["version"] for e in first.json()["items"]] == [3, 4]
    rest = api.get(
        f"/projects/{project}/events",
        "auditor",
        type="SessionLogged",
        limit=2,
        cursor=first.json()["next_cursor"],
    ).json()
    assert [e["version"] for e in rest["items"]] == [8]
    assert rest["next_cursor"] is None


LISTS = ["events", "sessions", "coaching-history"]


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": 0}, "query.limit"),
        ({"limit": 501}, "query.limit"),
        ({"cursor": "garbled!"}, "query.cursor"),
    ],
)
def test_a_bad_limit_or_cursor_is_a_422_problem_naming_it(
    api: Api, event_count: Callable[[], int], path: str, params: dict[str, Any], field: str
) -> None:
    project = api.project()
    before = event_count()
    role = "auditor" if path == "events" else "coordinator"
    refused = api.get(f"/projects/{project}/{path}", role, **params)
    assert refused.status_code == 422, refused.text
    assert refused.headers["content-type"] == PROBLEM
    assert field in [e["field"] for e in refused.json()["errors"]]
    assert event_count() == before


# ---------------------------------------------------------------------------- sessions
@pytest.fixture(scope="module")
def many_sessions(module_api: Api) -> tuple[str, int]:
    """A project with 52 sessions (more than a page and than a project embeds)."""
    project = module_api.project()
    return project, _sessions(module_api, project, 52)


@pytest.fixture(scope="module")
def module_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    from tests.api.client import api_in

    yield from api_in(tmp_path_factory, "bounded")


def test_a_projects_sessions_come_in_pages_with_the_hours_of_all(
    module_api: Api, many_sessions: tuple[str, int]
) -> None:
    api, (project, position) = module_api, many_sessions
    headers = _fresh(api, "coordinator", position)
    first = api.client.get(f"/projects/{project}/sessions", headers=headers).json()
    assert len(first["items"]) == 50
    assert first["hours"]["total"] == 52 * 1.5
    rest = api.client.get(
        f"/projects/{project}/sessions", params={"cursor": first["next_cursor"]}, headers=headers
    ).json()
    assert len(rest["items"]) == 2
    assert rest["next_cursor"] is None
    ids = [s["session_id"] for s in first["items"] + rest["items"]]
    assert len(set(ids)) == 52


def test_coaching_history_pages_its_sessions_and_totals_all_of_them(
    module_api: Api, many_sessions: tuple[str, int]
) -> None:
    api, (project, position) = module_api, many_sessions
    headers = _fresh(api, "coordinator", position)
    path = f"/projects/{project}/coaching-history"
    first = api.client.get(path, headers=headers).json()
    assert len(first["sessions"]) == 50
    assert first["hours"]["total"] == 52 * 1.5
    rest = api.client.get(
        path, params={"limit": 30, "cursor": first["next_cursor"]}, headers=headers
    ).json()
    assert len(rest["sessions"]) == 2
    assert rest["next_cursor"] is None
    dashboard = api.client.get(path, headers=_fresh(api, "dashboard", position)).json()
    assert len(dashboard["sessions"]) == 50
    assert dashboard["next_cursor"] == first["next_cursor"]
    assert "by_coach" not in dashboard["hours"]


def test_a_project_embeds_at_most_50_sessions_and_links_to_the_paged_list(
    module_api: Api, many_sessions: tuple[str, int]
) -> None:
    api, (project, position) = module_api, many_sessions
    reply = api.get(f"/projects/{project}", "coordinator").json()
    assert len(reply["sessions"]) == 50
    assert reply["sessions_total"] == 52
    assert reply["sessions_href"] == f"/projects/{project}/sessions"
    rest = api.client.get(
        reply["sessions_href"],
        params={"cursor": reply["sessions_next_cursor"]},
        headers=_fresh(api, "coordinator", position),
    ).json()
    embedded = {s["session_id"] for s in reply["sessions"]}
    assert len(rest["items"]) == 2
    assert not embedded & {s["session_id"] for s in rest["items"]}
    state = api.get(f"/projects/{project}/state", "auditor", version=reply["version"]).json()
    assert len(state["sessions"]) == 50
    assert state["sessions_total"] == 52


def test_a_project_embeds_up_to_500_sessions_when_asked_and_refuses_more(
    module_api: Api, many_sessions: tuple[str, int]
) -> None:
    api, (project, _position) = module_api, many_sessions
    reply = api.get(f"/projects/{project}", "coordinator", sessions_limit=500).json()
    assert len(reply["sessions"]) == 52
    assert reply["sessions_next_cursor"] is None
    refused = api.get(f"/projects/{project}", "coordinator", sessions_limit=501)
    assert refused.status_code == 422
    assert refused.headers["content-type"] == PROBLEM


# ---------------------------------------------------------------------------- diff and audit page
def test_a_diff_over_more_than_500_versions_is_a_422_problem(api: Api) -> None:
    project = api.project()
    refused = api.get(f"/projects/{project}/diff", "auditor", from_version=1, to_version=502)
    assert refused.status_code == 422
    assert refused.headers["content-type"] == PROBLEM
    assert "500" in refused.json()["detail"]
    assert refused.json()["errors"][0]["field"] == "query.to_version"


def test_the_audit_page_lists_a_window_of_events_around_the_chosen_version(
    api: Api, browser: Any
) -> None:
    project = api.project()
    _needs(api.container.incubator, project, 120)
    auditor = browser().as_role("auditor")
    page = auditor.get(f"/ui/projects/{project}/audit?version=60")
    assert page.status_code == 200
    rows = page.text.count('<tr data-version="')
    assert rows == 50
    assert '<tr data-version="60" aria-current="true"' in page.text
    head = auditor.get(f"/ui/projects/{project}/audit").text
    assert head.count('<tr data-version="') == 50
    assert '<tr data-version="122" aria-current="true"' in head
    assert 'max="122"' in head  # the slider still reaches every version


# ---------------------------------------------------------------------------- exports
def _project_with(api: Api, events: int) -> str:
    project = api.project()
    _needs(api.container.incubator, project, events)
    return project


def _read_counter(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the events the export has read from the database so far."""
    read = [0]
    in_order = ChainStore.in_order

    def counted(self: ChainStore, *args: Any, **kwargs: Any) -> Iterator[Any]:
        for row in in_order(self, *args, **kwargs):
            read[0] += 1
            yield row

    monkeypatch.setattr(ChainStore, "in_order", counted)
    return read


def test_the_http_export_sends_its_first_bytes_before_reading_the_last_event(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _project_with(api, 400)
    read = _read_counter(monkeypatch)
    chunks = audit.iter_bundle(api.container.incubator, UUID(project))
    first = next(chunks)
    assert first.startswith('{"anchors"')
    assert 0 < read[0] < 400, f"{read[0]} events read before the first chunk"
    rest = sum(chunk.count("\n") for chunk in chunks)
    assert first.count("\n") + rest == 1 + 403  # the manifest, the project's and its network's


def test_the_file_export_writes_as_it_reads(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    project = _project_with(api, 100)
    read = _read_counter(monkeypatch)
    seen_at_write: list[int] = []

    class Recording(io.StringIO):
        def write(self, text: str) -> int:
            seen_at_write.append(read[0])
            return super().write(text)

    count = audit.export_bundle(api.container.incubator, Recording(), UUID(project))
    assert count == 103
    assert seen_at_write[1] <= 1, "the first event is written as soon as it is read"
    assert seen_at_write == sorted(seen_at_write)


def _export_peak(api: Api, project: str) -> int:
    tracemalloc.start()
    try:
        for _chunk in audit.iter_bundle(api.container.incubator, UUID(project)):
            pass
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_export_memory_stays_flat_from_hundreds_to_thousands_of_events(api: Api) -> None:
    small = _project_with(api, 300)
    large = _project_with(api, 3000)
    small_peak, large_peak = _export_peak(api, small), _export_peak(api, large)
    # Ten times the events; a bundle built in memory would take ten times the memory (the
    # large bundle alone is over 1.5 MB).
    assert large_peak < small_peak * 2 + 512 * 1024, (small_peak, large_peak)
