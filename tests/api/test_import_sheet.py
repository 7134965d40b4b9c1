"""`seedbed import-sheet`: the template into an empty database (seen through the API), the dry
run's report, each kind of error by row and column, invalid files, all or nothing, re-runs
by each row's key, the actor, and XLSX beside a `;` CSV giving the same events."""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from uuid import UUID, uuid5

import openpyxl
import pytest

from app import commands as c
from app.bootstrap import Container
from app.settings import Settings
from app.sheets.batch import Batch
from app.sheets.importer import ROW_IDS, Report, import_sheet
from app.sheets.reading import SheetError
from app.sheets.template import ROWS, sheet_csv, template_csv, template_xlsx
from domain.errors import Conflict
from domain.project import MicroProject
from domain.values import EmpowermentTool, Outcome, PersonRole, TargetGroup
from store.import_rows import ImportedRow, recorded_rows, write_rows
from tests.api.client import Api
from tests.clock import fixed_clock
from tests.databases import migrated_container, stored_events
from tests.serving import seedbed

DOCS = Path(__file__).resolve().parents[2] / "docs"
P = "Kitchen garden Valga"


def csv_of(rows: Sequence[Mapping[str, str]], delimiter: str = ",", bom: bool = False) -> bytes:
    return ("\ufeff" if bom else "").encode() + sheet_csv(rows, delimiter)


def changed(index: int, **cells: str) -> list[dict[str, str]]:
    """The template's rows with row `index` (0: the first under the header) changed."""
    rows = [dict(row) for row in ROWS]
    rows[index].update(cells)
    return rows


def run(container: Container, data: bytes, name: str = "sheet.csv", dry: bool = False) -> Report:
    container.runner.catch_up()
    return import_sheet(container.incubator, container.engine, name, data, dry_run=dry)


def lines(report: Report) -> list[str]:
    return report.text().splitlines()


@pytest.fixture
def container(sqlite_url: str) -> Any:
    built = migrated_container(Settings(database_url=sqlite_url), fixed_clock)
    yield built
    built.close()


def test_the_template_imports_into_an_empty_database_and_reads_through_the_api(
    api_any_db: Api,
) -> None:
    api = api_any_db
    before = datetime.now(UTC).isoformat()
    data = (DOCS / "import-template.csv").read_bytes()
    report = run(api.container, data, "import-template.csv")
    assert report.errors == []
    assert report.count("record") == len(ROWS)
    assert report.position is not None
    wait = {"X-Min-Position": str(report.position)}
    listed = api.client.get("/projects", headers=api.headers("admin", **wait)).json()["items"]
    (project,) = [p for p in listed if p["title"] == P]
    assert (project["stage"], project["status"]) == ("co_creation", "active")
    events = api.get(f"/projects/{project['project_id']}/events", "auditor").json()["items"]
    actor = "system:import:" + hashlib.sha256(data).hexdigest()
    assert {e["actor"] for e in events} == {actor}
    assert all(e["recorded_at"] >= before for e in events)  # recorded at server time
    by_type = {e["type"]: e["occurred_on"] for e in events}
    assert by_type["MicroProject.Proposed"] == "2019-02-01"
    assert by_type["MicroProject.StageAdvanced"] == "2019-04-15"
    sessions = api.get(f"/projects/{project['project_id']}/sessions", "admin").json()["items"]
    assert [(s["details"]["started_at"], s["details"]["duration_minutes"]) for s in sessions] == [
        ("2019-02-20T14:00:00+02:00", 120),
        ("2019-05-08T10:00:00+03:00", 90),
    ]
    programmes = api.get("/programmes", "admin", **wait).json()["items"]
    assert "Gardens of the South" in {p["name"] for p in programmes}
    again = run(api.container, data, "import-template.csv")
    assert again.count("done") == len(ROWS)
    assert again.position is None
    assert lines(again)[-1] == f"nothing to record: all {len(ROWS)} rows are already recorded"


def test_a_dry_run_on_the_command_line_reports_each_row_and_records_nothing(
    tmp_path: Path,
) -> None:
    env = {"SEEDBED_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    assert seedbed("migrate", env=env).returncode == 0
    sheet = tmp_path / "valga.csv"
    sheet.write_bytes(csv_of(changed(9, minutes="ninety")))
    dry = seedbed("import-sheet", str(sheet), "--dry-run", env=env)
    assert dry.returncode == 1
    printed = dry.stdout.splitlines()
    assert printed[0] == 'row 2: would record network "Valga LEN" (EE, Valgamaa)'
    assert printed[9] == 'row 11, column minutes: "ninety" is not a whole number'
    assert printed[-1].startswith("1 row is invalid: nothing recorded")
    sheet.write_bytes(template_csv())
    dry = seedbed("import-sheet", str(sheet), "--dry-run", env=env)
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.splitlines()[-1] == (
        f"dry run: {len(ROWS)} to record, 0 already recorded; nothing recorded"
    )
    empty = Settings(database_url=env["SEEDBED_DATABASE_URL"])
    probe = migrated_container(empty)
    try:
        assert stored_events(probe) == 0
    finally:
        probe.close()
    broken = tmp_path / "broken.xlsx"
    broken.write_text("row_key,kind\n")
    refused = seedbed("import-sheet", str(broken), env=env)
    assert refused.returncode == 1
    assert "not an XLSX workbook" in refused.stderr


@pytest.mark.parametrize(
    ("index", "cells", "expected"),
    [
        (9, {"minutes": "ninety"}, 'row 11, column minutes: "ninety" is not a whole number'),
        (9, {"minutes": "721"}, "row 11, column minutes: 721 is not from 1 to 720"),
        (9, {"date": "31.02.2019"}, 'row 11, column date: "31.02.2019" is not a date'),
        (9, {"type": "coachin"}, 'row 11, column type: "coachin" is not one of: coaching'),
        (9, {"date": "2022-01-03"}, "row 11, column date: a session is logged after it took"),
        (9, {"project": "Nowhere"}, 'row 11, column project: no project "Nowhere" in the rows'),
        (9, {"coaches": "Anu Kask; Nobody"}, 'row 11, column coaches: no person "Nobody"'),
        (10, {"milestone": "NEED-99"}, "row 12, column milestone: 'NEED-99' is not in the"),
        (10, {"to": "pilot"}, "row 12, column to: a milestone row does not use it"),
        (11, {"date": "2030-01-01"}, "row 13, column date: 2030-01-01 is in the future"),
        (11, {"milestone": "CONC-01"}, "row 14, column to: gate idea→co_creation needs: TEAM-01"),
        (5, {"date": "2018-01-01"}, "row 7, column date: is outside the programme (2019-01-01"),
        (3, {"role": "boss"}, 'row 5, column role: "boss" is not one of: service_user'),
        (4, {"network": "Valga"}, 'row 6, column network: no network "Valga" in the rows above'),
        (4, {"note": ""}, "row 6, column note: is empty"),
        (0, {"country": "XX"}, "row 2, column country:"),
        (1, {"periods": "P1 2019"}, 'row 3, column periods: "P1 2019" is not LABEL FIRST/LAST'),
        (6, {"kind": "mentor"}, 'row 8, column kind: "mentor" is not a kind of row'),
        (7, {"row_key": "VALGA-01"}, 'row 9, column row_key: "VALGA-01" is also the key of row 2'),
    ],
)
def test_each_kind_of_error_names_its_row_and_column_and_nothing_is_recorded(
    container: Container, index: int, cells: dict[str, str], expected: str
) -> None:
    report = run(container, csv_of(changed(index, **cells)))
    assert [line for line in lines(report) if line.startswith(expected)], lines(report)
    assert lines(report)[-1].endswith("fix the rows above and run it again)")
    assert report.position is None
    assert stored_events(container) == 0


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("sheet.xlsx", b"kind,project\nproject,x\n", "not an XLSX workbook"),
        ("sheet.csv", b"", "the file is empty"),
        ("sheet.csv", b"\n,,\n", "the file is empty"),
        ("sheet.ods", b"kind\n", "expected an .xlsx or a .csv file"),
        ("sheet.csv", "kind;project\nsession;Ä\n".encode("latin-1"), "not UTF-8 text"),
        ("sheet.csv", b"project,date\nx,2019-01-01\n", "missing column kind"),
        ("sheet.csv", b"kind,project,minuts\nsession,x,9\n", "unknown column minuts"),
        ("sheet.csv", b"kind,project\n", "no rows under the header"),
        ("sheet.csv", b"kind,project\nsession,x\n", "missing columns: date (for session rows)"),
        ("sheet.csv", b"kind,kind\nsession,x\n", "column kind appears twice"),
    ],
)
def test_an_invalid_file_is_refused_whole(
    container: Container, name: str, data: bytes, message: str
) -> None:
    with pytest.raises(SheetError, match=re.escape(message)):
        run(container, data, name)
    assert stored_events(container) == 0


def test_an_unknown_kind_in_an_xlsx_is_a_row_error(container: Container) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["kind", "project"])
    sheet.append(["harvest", P])
    out = io.BytesIO()
    book.save(out)
    report = run(container, out.getvalue(), "sheet.xlsx")
    assert lines(report)[0].startswith('row 2, column kind: "harvest" is not a kind of row')


def test_a_fixed_row_records_the_whole_sheet_once_and_a_rerun_nothing(
    container: Container,
) -> None:
    refused = run(container, csv_of(changed(9, minutes="ninety")))
    assert len(refused.errors) == 1
    assert stored_events(container) == 0
    fixed = run(container, csv_of(changed(9, minutes="90")))
    assert fixed.errors == []
    assert fixed.count("record") == len(ROWS)
    recorded = stored_events(container)
    again = run(container, csv_of(changed(9, minutes="90")))
    assert again.count("done") == len(ROWS)
    assert stored_events(container) == recorded
    assert lines(again)[9].startswith("row 11: already recorded on 2021-12-15: ")


def test_a_row_changed_under_its_key_after_recording_is_refused(container: Container) -> None:
    assert run(container, template_csv()).errors == []
    recorded = stored_events(container)
    report = run(container, csv_of(changed(13, minutes="75")))
    assert lines(report)[13].startswith(
        'row 15, column row_key: "VALGA-14" was recorded on 2021-12-15 from other content'
    )
    assert stored_events(container) == recorded


def test_rows_without_keys_are_known_by_their_content(container: Container) -> None:
    keyless = [{k: v for k, v in row.items() if k != "row_key"} for row in ROWS]
    assert run(container, csv_of(keyless)).count("record") == len(ROWS)
    recorded = stored_events(container)
    # The manager adds a third session at the bottom: only it is recorded.
    third = {**keyless[13], "date": "2019-06-05", "note": "Planted the first beds."}
    added = run(container, csv_of([*keyless, third]))
    assert (added.count("done"), added.count("record")) == (len(ROWS), 1)
    assert stored_events(container) == recorded + 1
    # Two identical rows are two facts (the second's key gets "#2").
    twice = run(container, csv_of([*keyless, third, third]))
    assert twice.count("record") == 1
    assert stored_events(container) == recorded + 2


def _events(container: Container) -> list[dict[str, Any]]:
    """Every event's data, without the actor (the file's digest) and the recording time."""
    recorder, mapper = container.incubator.recorder, container.incubator.mapper
    found = []
    for notification in recorder.select_notifications(1, 10_000):
        event = mapper.to_domain_event(notification)
        found.append({k: v for k, v in event.__dict__.items() if k not in ("actor", "timestamp")})
    return found


def test_an_xlsx_and_a_semicolon_csv_with_dotted_dates_give_the_same_events(
    tmp_path: Path, container: Container
) -> None:
    assert run(container, template_xlsx(), "import-template.xlsx").errors == []
    dotted = [
        {**row, "date": ".".join(reversed(row["date"].split("-")))} if "date" in row else row
        for row in ROWS
    ]
    other = migrated_container(
        Settings(database_url=f"sqlite:///{tmp_path / 'other.sqlite3'}"), fixed_clock
    )
    try:
        report = run(other, csv_of(dotted, delimiter=";", bom=True), "export.csv")
        assert report.errors == [], lines(report)
        assert _events(other) == _events(container)
    finally:
        other.close()


def test_the_template_files_in_docs_are_what_the_layout_makes() -> None:
    assert (DOCS / "import-template.csv").read_bytes() == template_csv()
    assert (DOCS / "import-template.xlsx").read_bytes() == template_xlsx()


def test_rows_may_name_records_already_in_seedbed_by_id_or_exact_name(api: Api) -> None:
    network = api.network()
    project = api.project(network, title="AllDi")
    rows = [
        {"kind": "milestone", "project": "AllDi", "milestone": "NEED-01", "date": "2018-03-01",
         "note": "workshop"},
        {"kind": "session", "project": project, "date": "2018-03-01", "minutes": "60",
         "type": "coaching", "mode": "phone", "level": "engaged", "coaches": "The coach"},
        {"kind": "network", "name": "LEN Plön", "country": "de", "region": "Kreis Plön",
         "target_group": "elderly", "person": "The coordinator"},
        {"kind": "project", "project": "Second", "network": "LEN Plön",
         "target_group": "elderly", "note": "Lunch club", "date": "2018-01-01"},
        {"kind": "closure", "project": "Second", "outcome": "Informal stable",
         "date": "01.06.2018", "note": "Runs on its own."},
    ]  # fmt: skip
    report = run(api.container, csv_of(rows))
    assert report.errors == [], lines(report)
    state = api.container.incubator.get_project(UUID(project))
    assert "NEED-01" in {m.milestone_id for m in state.milestones}
    assert len(state.sessions) == 1
    wait = {"X-Min-Position": str(report.position)}
    listed = api.client.get("/projects", headers=api.headers("admin", **wait)).json()["items"]
    (second_id,) = [p["project_id"] for p in listed if p["title"] == "Second"]
    second = api.container.incubator.get_project(UUID(second_id))
    assert (second.status.value, second.outcome) == ("closed", Outcome.INFORMAL_STABLE)
    plon = api.container.incubator.get_network(second.network_id)
    assert (plon.country, str(plon.coordinator_id)) == ("DE", api.people["coordinator"])


def test_a_person_registered_by_an_interrupted_run_is_not_registered_twice(
    container: Container,
) -> None:
    """A run that registered its people and then lost its transaction leaves them, under the
    ids of their rows' keys: the next run finds them."""
    coach_id = uuid5(ROW_IDS, "VALGA-03")
    container.incubator.register_person(
        display_name="Maarja Tamm", role=PersonRole.COACH, person_id=coach_id
    )
    report = run(container, template_csv())
    assert report.errors == [], lines(report)
    project = container.incubator.get_project(uuid5(ROW_IDS, "VALGA-05"))
    assert project.coaches == (coach_id,)


def test_a_stream_changed_meanwhile_fails_the_whole_batch(container: Container) -> None:
    """All or nothing at the transaction: one stale stream and no event, no key is stored."""
    incubator = container.incubator
    network = incubator.register_network(
        name="LEN Harku", country="EE", region="Harju county",
        target_group=TargetGroup.ELDERLY, institutions=[], actor="admin",
    )  # fmt: skip
    project = incubator.propose_project(
        title="Harku", network_id=network.id, target_group=TargetGroup.ELDERLY,
        summary="A community centre.", actor="admin", proposed_on=date(2019, 1, 1),
    )  # fmt: skip
    before = stored_events(container)
    batch = Batch(incubator, "system:import:test", fixed_clock())
    batch.add(incubator.new_project(
        title="Second", network_id=network.id, target_group=TargetGroup.ELDERLY,
        summary="Another.", actor="system:import:test",
    ))  # fmt: skip
    batch.run(
        MicroProject, project.id, c.RecordNeed("Rides", EmpowermentTool.OTHER, date(2019, 2, 1))
    )
    incubator.execute(project.id, c.Pause("winter"), actor="admin")  # another writer
    key = ImportedRow("HARKU-1", "0" * 64, "1" * 64, 2, "need", None, fixed_clock())
    with pytest.raises(Conflict, match="run the import again"):
        batch.record(lambda connection: write_rows(connection, [key]))
    assert stored_events(container) == before + 1  # the pause alone
    assert recorded_rows(container.engine, ["HARKU-1"]) == {}
