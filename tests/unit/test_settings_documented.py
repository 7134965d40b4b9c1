"""Every setting is documented where an operator looks: `.env.example` (with its default) and
the README's configuration table; and neither documents a setting that does not exist."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import TypeAdapter

from app.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
PREFIX = "SEEDBED_"
FIELDS = sorted(Settings.model_fields)


def variable(field: str) -> str:
    return PREFIX + field.upper()


def env_example() -> dict[str, str]:
    """The uncommented `NAME=value` lines of .env.example (the ones a copy actually sets)."""
    values: dict[str, str] = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        match = re.fullmatch(r"([A-Z][A-Z0-9_]*)=(.*)", line.strip())
        if match:
            values[match[1]] = match[2]
    return values


def readme_table() -> set[str]:
    """The variables named in the first column of the README's "## Configuration" table."""
    text = (ROOT / "README.md").read_text()
    section = text.split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    return {
        match[1]
        for line in section.splitlines()
        if (match := re.match(r"\| `([A-Z][A-Z0-9_]*)` \|", line))
    }


@pytest.mark.parametrize("field", FIELDS)
def test_env_example_sets_each_setting_to_its_default(field: str) -> None:
    values = env_example()
    assert variable(field) in values, f"{variable(field)} is missing from .env.example"
    info = Settings.model_fields[field]
    assert info.annotation is not None
    written = TypeAdapter(info.annotation).validate_python(values[variable(field)])
    assert written == info.default, f".env.example sets {variable(field)} to {written!r}"


@pytest.mark.parametrize("field", FIELDS)
def test_readme_configuration_table_lists_each_setting(field: str) -> None:
    assert variable(field) in readme_table(), f"{variable(field)} is missing from the README"


def test_nothing_documented_that_is_not_a_setting() -> None:
    known = {variable(field) for field in FIELDS}
    for where, names in ((".env.example", env_example()), ("README", readme_table())):
        unknown = {name for name in names if name.startswith(PREFIX)} - known
        assert not unknown, f"{where} documents settings that app/settings.py lacks: {unknown}"
