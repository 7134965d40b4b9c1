"""The sustainability milestone catalogue and the stage gates, as versioned data.

Milestone ids are stable. When the catalogue changes, `CATALOGUE_VERSION` goes up and the
old ids keep their meaning; every `MilestoneReached` event records the version it was checked
against.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from types import MappingProxyType

from domain.errors import UnknownMilestone
from domain.values import Outcome, Stage

CATALOGUE_VERSION = 1
# The stage and closure gates below; a programme records the version it reports against.
GATE_TABLE_VERSION = 1


class Family(Enum):
    PARTICIPATION = "participation"
    CONCEPT = "concept"
    CAPACITY = "capacity"
    SERVICE = "service"
    ORGANISATION = "organisation"
    GOVERNANCE = "governance"
    FINANCE = "finance"
    IMPACT = "impact"
    NETWORK = "network"
    TRANSFER = "transfer"


@dataclass(frozen=True)
class Milestone:
    id: str
    title: str
    family: Family


_MILESTONES = (
    Milestone("NEED-01", "needs assessed together with service users", Family.PARTICIPATION),
    Milestone("TEAM-01", "a core group of users meets regularly", Family.PARTICIPATION),
    Milestone("TEAM-02", "a service user holds a lead role", Family.PARTICIPATION),
    Milestone("CONC-01", "social business model canvas done", Family.CONCEPT),
    Milestone("CONC-02", "theory of change drafted", Family.CONCEPT),
    Milestone("PLAN-01", "pilot plan agreed", Family.CONCEPT),
    Milestone("SKILL-01", "users trained in a key skill", Family.CAPACITY),
    Milestone("PILOT-01", "first service delivered to real users", Family.SERVICE),
    Milestone("PILOT-02", "regular delivery for at least three cycles", Family.SERVICE),
    Milestone("ORG-01", "organisational form chosen", Family.ORGANISATION),
    Milestone(
        "ORG-02",
        "legal entity registered (association, cooperative, company) "
        "or a documented host arrangement",
        Family.ORGANISATION,
    ),
    Milestone("GOV-01", "governance body with seats for service users", Family.GOVERNANCE),
    Milestone("GOV-02", "written agreement with a public actor", Family.GOVERNANCE),
    Milestone("FIN-01", "financing plan beyond the end of project funding", Family.FINANCE),
    Milestone("FIN-02", "first earned income", Family.FINANCE),
    Milestone("FIN-03", "at least two independent income sources", Family.FINANCE),
    Milestone("JOB-01", "first paid or inclusive workplace", Family.IMPACT),
    Milestone("NET-01", "local partnership formalised", Family.NETWORK),
    Milestone("TRANS-01", "the approach taken up elsewhere", Family.TRANSFER),
    Milestone("IMPACT-01", "evidence of outcomes for users reported", Family.IMPACT),
)

MILESTONES: Mapping[str, Milestone] = MappingProxyType({m.id: m for m in _MILESTONES})


def milestone(milestone_id: str, field: str = "milestone_id") -> Milestone:
    """The catalogue entry for `milestone_id`; raises `UnknownMilestone` for any other id."""
    try:
        return MILESTONES[milestone_id]
    except KeyError:
        raise UnknownMilestone(milestone_id, field) from None


@dataclass(frozen=True)
class Gate:
    """Milestones required before a move: every group must have one reached member."""

    name: str
    requires: tuple[tuple[str, ...], ...]

    def missing(self, reached: Iterable[str]) -> tuple[tuple[str, ...], ...]:
        have = set(reached)
        return tuple(group for group in self.requires if not have.intersection(group))

    @property
    def milestone_ids(self) -> frozenset[str]:
        return frozenset(m for group in self.requires for m in group)


STAGE_GATES: Mapping[tuple[Stage, Stage], Gate] = MappingProxyType(
    {
        (Stage.IDEA, Stage.CO_CREATION): Gate("idea→co_creation", (("NEED-01",), ("TEAM-01",))),
        (Stage.CO_CREATION, Stage.PILOT): Gate(
            "co_creation→pilot", (("CONC-01", "CONC-02"), ("PLAN-01",))
        ),
        (Stage.PILOT, Stage.INDEPENDENCE): Gate(
            "pilot→independence", (("PILOT-01",), ("PILOT-02",))
        ),
    }
)

CLOSURE_GATES: Mapping[Outcome, Gate] = MappingProxyType(
    {
        Outcome.INDEPENDENT: Gate(
            "close as independent", (("ORG-02",), ("GOV-01",), ("FIN-01",), ("FIN-03",))
        ),
    }
)


def gates_served_by(milestone_id: str) -> tuple[str, ...]:
    """Names of the gates a milestone counts towards."""
    gates = [*STAGE_GATES.values(), *CLOSURE_GATES.values()]
    return tuple(g.name for g in gates if milestone_id in g.milestone_ids)


for _gate in (*STAGE_GATES.values(), *CLOSURE_GATES.values()):
    for _id in _gate.milestone_ids:
        assert _id in MILESTONES, f"gate {_gate.name} names unknown milestone {_id}"
