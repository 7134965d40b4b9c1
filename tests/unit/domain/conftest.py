"""Domain fixtures: AllDi just proposed, and a project after a long scripted history
(the builders are in tests/unit/domain/builders.py)."""

from __future__ import annotations

from typing import Any

import pytest

from domain.project import MicroProject
from tests.unit.domain.builders import propose_alldi, script_full_history


@pytest.fixture
def project() -> MicroProject:
    """AllDi, just proposed, with the Proposed event already collected."""
    proposed = propose_alldi()
    proposed.collect_events()
    return proposed


@pytest.fixture
def full_history() -> tuple[MicroProject, list[Any]]:
    """A project after `script_full_history`, and all of its events."""
    scripted = propose_alldi()
    script_full_history(scripted)
    return scripted, list(scripted.collect_events())
