"""The demo programme: deterministic for a seed, loaded through the domain's commands."""

from __future__ import annotations

from pathlib import Path

from app import audit
from app.demo import REAL_PROJECTS, DemoProgramme
from app.settings import Settings
from projections.registry import NAMES
from projections.summaries import SummaryFilter
from tests.databases import migrated_container, read_model_differences
from tests.serving import seed_demo, seedbed


def _histories(url: str, seed: int) -> dict[str, list[tuple[str, object]]]:
    container = migrated_container(Settings(database_url=url, embedded_projector=False))
    try:
        DemoProgramme(container.incubator, seed=seed).load()
        container.runner.catch_up()
        projects = container.read_models.list_projects(SummaryFilter(), 100, None)
        return {
            str(p.project_id): [
                (e.type, e.data) for e in audit.project_history(container.incubator, p.project_id)
            ]
            for p in projects
        }
    finally:
        container.close()


def test_same_seed_gives_the_same_programme(tmp_path: Path) -> None:
    first = _histories(f"sqlite:///{tmp_path / 'a.sqlite3'}", seed=7)
    second = _histories(f"sqlite:///{tmp_path / 'b.sqlite3'}", seed=7)
    other = _histories(f"sqlite:///{tmp_path / 'c.sqlite3'}", seed=8)
    assert len(first) == 26
    assert first == second
    assert first != other


def test_demo_programme_fills_every_dashboard_figure(database_url: str) -> None:
    container = migrated_container(Settings(database_url=database_url, embedded_projector=False))
    try:
        DemoProgramme(container.incubator).load()
        container.runner.catch_up()
        portfolio = container.read_models.portfolio()
        titles = {p.title for p in container.read_models.list_projects(SummaryFilter(), 100, None)}
        differences = read_model_differences(container)
    finally:
        container.close()
    assert {p.title for p in REAL_PROJECTS} <= titles
    assert portfolio.projects == 26
    assert len(portfolio.by_country) == 8
    assert portfolio.funnel["independence"] > 0
    assert all(v is not None for v in portfolio.median_days_in_stage.values())
    assert len(portfolio.coaching_hours_per_month) > 24
    (cohort,) = portfolio.accelerator_cohorts
    assert cohort.projects == 8
    assert differences == [[]] * len(NAMES)


def test_seed_demo_command_loads_once_and_writes_tokens(tmp_path: Path) -> None:
    env = {"SEEDBED_DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}"}
    tokens = tmp_path / "tokens.txt"
    assert seedbed("migrate", env=env).returncode == 0
    loaded = seed_demo(tmp_path, env)
    assert loaded.returncode == 0, loaded.stderr
    assert "26 projects" in loaded.stderr
    assert [line.split()[0] for line in tokens.read_text().splitlines()] == [
        "admin",
        "dashboard",
        "auditor",
        "coordinator",
        "coach",
    ]
    again = seedbed("seed-demo", "--if-empty", env=env)
    assert again.returncode == 0
    assert "nothing loaded" in again.stderr
    refused = seedbed("seed-demo", env=env)
    assert refused.returncode == 1
