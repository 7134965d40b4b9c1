"""The demo's programmes: SEMPRE with every project, SEMPRE Accelerators with the eight
accelerated ones (enrolled in both, one stream each), and a report for its first period."""

from __future__ import annotations

from datetime import UTC, datetime

from app.demo import REAL_PROJECTS, DemoProgramme
from app.demo_programmes import ACCELERATORS, SEMPRE, programme_id
from app.reports.service import indicator_report
from app.settings import Settings
from projections import programmes
from tests.databases import migrated_container


def test_demo_enrols_every_project_in_sempre_and_the_eight_in_both(database_url: str) -> None:
    container = migrated_container(Settings(database_url=database_url, embedded_projector=False))
    try:
        DemoProgramme(container.incubator).load()
        container.runner.catch_up()
        with container.read_models.engine.connect() as connection:
            listed = programmes.list_programmes(connection, 10)
            sempre = programmes.enrolled_projects(connection, programme_id(SEMPRE, 2016))
            accelerated = programmes.enrolled_projects(connection, programme_id(ACCELERATORS, 2016))
        titles = {container.incubator.get_project(p).title for p, _day in accelerated}
        report = indicator_report(
            container.incubator,
            container.read_models,
            programme_id(ACCELERATORS, 2016),
            period="P2",
            as_known_at=datetime(2021, 1, 1, tzinfo=UTC),
        )
        again = indicator_report(
            container.incubator,
            container.read_models,
            programme_id(ACCELERATORS, 2016),
            period="P2",
            as_known_at=datetime(2021, 1, 1, tzinfo=UTC),
        )
    finally:
        container.close()
    assert [(p.name, p.projects) for p in listed] == [("SEMPRE", 26), ("SEMPRE Accelerators", 8)]
    assert len(sempre) == 26
    assert titles == {p.title for p in REAL_PROJECTS}
    assert {p for p, _ in accelerated} <= {p for p, _ in sempre}
    assert report == again
    figures = {i["code"]: i for i in report["indicators"]}
    assert (report["from"], report["to"]) == ("2020-01-01", "2020-06-30")
    assert figures["HOURS"]["value"] > 0
    assert figures["USERS"]["value"] > 0
    assert 0 <= figures["LADDER"]["value"] <= 1
    assert set(figures["HOURS"]["projects"]) <= {str(p) for p, _ in accelerated}
