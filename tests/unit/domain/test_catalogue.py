"""The milestone catalogue and the stage and closure gates, as versioned data."""

from __future__ import annotations

import itertools

import pytest

from domain.catalogue import (
    CATALOGUE_VERSION,
    CLOSURE_GATES,
    MILESTONES,
    STAGE_GATES,
    Family,
    Gate,
    gates_served_by,
    milestone,
)
from domain.errors import InvalidInput, UnknownMilestone
from domain.values import STAGE_ORDER, Outcome, Stage

# Copied from docs/DOMAIN.md: these ids must never change meaning.
DOMAIN_MD_CATALOGUE = {
    "NEED-01": Family.PARTICIPATION,
    "TEAM-01": Family.PARTICIPATION,
    "TEAM-02": Family.PARTICIPATION,
    "CONC-01": Family.CONCEPT,
    "CONC-02": Family.CONCEPT,
    "PLAN-01": Family.CONCEPT,
    "SKILL-01": Family.CAPACITY,
    "PILOT-01": Family.SERVICE,
    "PILOT-02": Family.SERVICE,
    "ORG-01": Family.ORGANISATION,
    "ORG-02": Family.ORGANISATION,
    "GOV-01": Family.GOVERNANCE,
    "GOV-02": Family.GOVERNANCE,
    "FIN-01": Family.FINANCE,
    "FIN-02": Family.FINANCE,
    "FIN-03": Family.FINANCE,
    "JOB-01": Family.IMPACT,
    "NET-01": Family.NETWORK,
    "TRANS-01": Family.TRANSFER,
    "IMPACT-01": Family.IMPACT,
}

ALL_GATES = (*STAGE_GATES.values(), *CLOSURE_GATES.values())


def test_catalogue_lists_twenty_milestones() -> None:
    assert len(MILESTONES) == 20


def test_catalogue_ids_are_the_stable_ids_of_domain_md_in_order() -> None:
    assert list(MILESTONES) == list(DOMAIN_MD_CATALOGUE)


def test_catalogue_families_match_domain_md() -> None:
    assert {m.id: m.family for m in MILESTONES.values()} == DOMAIN_MD_CATALOGUE


def test_catalogue_entries_are_keyed_by_their_own_id_and_titled() -> None:
    for key, entry in MILESTONES.items():
        assert entry.id == key
        assert entry.title.strip() == entry.title
        assert entry.title


def test_catalogue_titles_match_domain_md_examples() -> None:
    assert MILESTONES["NEED-01"].title == "needs assessed together with service users"
    assert MILESTONES["FIN-03"].title == "at least two independent income sources"


def test_catalogue_mapping_assignment_is_refused() -> None:
    with pytest.raises(TypeError):
        MILESTONES["NEW-01"] = MILESTONES["NEED-01"]  # type: ignore[index]


def test_catalogue_version_is_a_positive_integer() -> None:
    assert isinstance(CATALOGUE_VERSION, int)
    assert CATALOGUE_VERSION >= 1


def test_milestone_known_id_returns_entry() -> None:
    assert milestone("PLAN-01") is MILESTONES["PLAN-01"]


@pytest.mark.parametrize("unknown", ["NEED-99", "need-01", "", " NEED-01", "NEED01"])
def test_milestone_unknown_id_raises_unknown_milestone(unknown: str) -> None:
    with pytest.raises(UnknownMilestone) as raised:
        milestone(unknown)
    assert raised.value.field == "milestone_id"
    assert raised.value.milestone_id == unknown
    assert isinstance(raised.value, InvalidInput)


def test_milestone_unknown_id_names_the_given_field() -> None:
    with pytest.raises(UnknownMilestone) as raised:
        milestone("XYZ-01", field="milestone_ids")
    assert raised.value.field == "milestone_ids"


def test_stage_gates_cover_every_forward_move_and_only_those() -> None:
    forward_moves = set(itertools.pairwise(STAGE_ORDER))
    assert set(STAGE_GATES) == forward_moves


def test_stage_gates_require_the_milestones_of_domain_md() -> None:
    assert STAGE_GATES[(Stage.IDEA, Stage.CO_CREATION)].requires == (("NEED-01",), ("TEAM-01",))
    assert STAGE_GATES[(Stage.CO_CREATION, Stage.PILOT)].requires == (
        ("CONC-01", "CONC-02"),
        ("PLAN-01",),
    )
    assert STAGE_GATES[(Stage.PILOT, Stage.INDEPENDENCE)].requires == (
        ("PILOT-01",),
        ("PILOT-02",),
    )


def test_closure_gates_only_independent_outcome_has_a_gate() -> None:
    assert set(CLOSURE_GATES) == {Outcome.INDEPENDENT}
    assert CLOSURE_GATES[Outcome.INDEPENDENT].requires == (
        ("ORG-02",),
        ("GOV-01",),
        ("FIN-01",),
        ("FIN-03",),
    )


def test_gates_reference_only_catalogue_ids() -> None:
    for gate in ALL_GATES:
        assert gate.milestone_ids <= set(MILESTONES), gate.name


def test_gates_have_unique_names() -> None:
    names = [gate.name for gate in ALL_GATES]
    assert len(set(names)) == len(names)


def test_gate_milestone_ids_flattens_alternatives() -> None:
    gate = STAGE_GATES[(Stage.CO_CREATION, Stage.PILOT)]
    assert gate.milestone_ids == frozenset({"CONC-01", "CONC-02", "PLAN-01"})


@pytest.mark.parametrize(
    ("milestone_id", "gate_names"),
    [
        ("NEED-01", ("idea→co_creation",)),
        ("TEAM-01", ("idea→co_creation",)),
        ("CONC-01", ("co_creation→pilot",)),
        ("CONC-02", ("co_creation→pilot",)),
        ("PLAN-01", ("co_creation→pilot",)),
        ("PILOT-01", ("pilot→independence",)),
        ("PILOT-02", ("pilot→independence",)),
        ("ORG-02", ("close as independent",)),
        ("GOV-01", ("close as independent",)),
        ("FIN-01", ("close as independent",)),
        ("FIN-03", ("close as independent",)),
    ],
)
def test_gates_served_by_gate_milestone_names_its_gate(
    milestone_id: str, gate_names: tuple[str, ...]
) -> None:
    assert gates_served_by(milestone_id) == gate_names


@pytest.mark.parametrize(
    "milestone_id",
    [
        "TEAM-02",
        "SKILL-01",
        "ORG-01",
        "GOV-02",
        "FIN-02",
        "JOB-01",
        "NET-01",
        "TRANS-01",
        "IMPACT-01",
        "NOT-A-MILESTONE",
    ],
)
def test_gates_served_by_other_milestone_is_empty(milestone_id: str) -> None:
    assert gates_served_by(milestone_id) == ()


def test_gate_missing_nothing_reached_returns_every_group() -> None:
    gate = STAGE_GATES[(Stage.CO_CREATION, Stage.PILOT)]
    assert gate.missing([]) == (("CONC-01", "CONC-02"), ("PLAN-01",))


@pytest.mark.parametrize("concept", ["CONC-01", "CONC-02"])
def test_gate_missing_either_alternative_satisfies_its_group(concept: str) -> None:
    gate = STAGE_GATES[(Stage.CO_CREATION, Stage.PILOT)]
    assert gate.missing([concept]) == (("PLAN-01",),)
    assert gate.missing([concept, "PLAN-01"]) == ()


def test_gate_missing_unrelated_milestones_do_not_count() -> None:
    gate = STAGE_GATES[(Stage.IDEA, Stage.CO_CREATION)]
    assert gate.missing(["TEAM-02", "PLAN-01", "NEED-01"]) == (("TEAM-01",),)


def test_gate_missing_keeps_the_order_of_requires() -> None:
    gate = CLOSURE_GATES[Outcome.INDEPENDENT]
    assert gate.missing(["GOV-01"]) == (("ORG-02",), ("FIN-01",), ("FIN-03",))


def test_gate_missing_accepts_any_iterable_once() -> None:
    gate = Gate("test", (("A",), ("B", "C")))
    assert gate.missing(m for m in ("C", "A")) == ()
    assert gate.missing(frozenset({"A"})) == (("B", "C"),)
