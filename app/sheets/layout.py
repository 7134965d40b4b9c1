"""The sheet layout: one row per fact, a `kind` column saying what the row records.

The first row names the columns (any order, capitals and spaces as typed: "Target group" is
`target_group`); a column the layout does not know is refused, so that a misspelt one is not
silently ignored. Rows refer to what earlier rows introduce by its name (a `project` row's
title, a `network`, `programme` or `person` row's `name`), or to records already in Seedbed
by id or exact name. Lists in one cell are separated by `;`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

COLUMNS: Mapping[str, str] = {
    "row_key": "the row's own key (optional; else a digest of its content): see README",
    "kind": "what the row records (the kinds below)",
    "project": "the project's title: introduced by a `project` row, referred to by the others",
    "name": "the name a `network`, `programme` or `person` row introduces",
    "network": "a `project` row's network: a name from the sheet, or a network's id or name",
    "programme": "an `enrolment` row's programme: a name from the sheet, or an id or name",
    "person": "the person a `coach` or `team member` row names; a network's coordinator",
    "role": "a person's role (coach, coordinator, service_user, provider, volunteer); "
    "a team member's (service_user, provider, volunteer)",
    "country": "a network's country (ISO 3166 alpha-2, e.g. EE)",
    "region": "a network's region",
    "target_group": "a network's or project's target group",
    "institutions": "a network's institutions, separated by ;",
    "funder": "a programme's funder",
    "date": "the day the fact happened (YYYY-MM-DD or DD.MM.YYYY); a programme's first day",
    "until": "a programme's last day",
    "periods": "a programme's reporting periods: LABEL FIRST/LAST; ... "
    "(P1 2019-01-01/2019-12-31; P2 ...)",
    "time": "a session's start in the network's local time (HH:MM, default 10:00)",
    "minutes": "a session's duration in whole minutes (1 to 720)",
    "type": "a session's type",
    "mode": "a session's mode (on_site, remote, phone)",
    "level": "a session's participation level",
    "coaches": "the coaches who held a session, separated by ;",
    "users": "how many service users took part in a session (an anonymous head count)",
    "tool": "the empowerment tool a need was found with",
    "milestone": "a milestone's id (NEED-01, ...)",
    "to": "the stage a gate decision moves the project to",
    "outcome": "a closure's outcome",
    "override": "a coordinator's justification for a gate decision or closure whose gate "
    "is not met",
    "note": "the free text: a project's summary, a need's description, a session's summary, "
    "a milestone's evidence, a decision's rationale",
}


@dataclass(frozen=True)
class Kind:
    """A kind of row: the columns it needs and may have, and what it records."""

    name: str
    records: str
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()

    @property
    def columns(self) -> tuple[str, ...]:
        return self.required + self.optional


KINDS: Mapping[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind(
            "network",
            "registers a local empowerment network",
            ("name", "country", "region", "target_group"),
            ("institutions", "person", "date"),
        ),
        Kind(
            "programme",
            "creates a programme",
            ("name", "funder", "date", "until"),
            ("periods",),
        ),
        Kind("person", "registers a person (personal data, erasable)", ("name", "role")),
        Kind(
            "project",
            "proposes a project, in stage idea",
            ("project", "network", "target_group", "note"),
            ("date",),
        ),
        Kind("enrolment", "enrols a project in a programme", ("project", "programme", "date")),
        Kind("coach", "assigns a coach to a project", ("project", "person")),
        Kind(
            "team member",
            "adds a person to a project's team",
            ("project", "person", "role", "date"),
        ),
        Kind("need", "records a need", ("project", "note", "tool", "date")),
        Kind(
            "session",
            "logs a support session",
            ("project", "date", "minutes", "type", "mode", "level"),
            ("time", "coaches", "users", "note"),
        ),
        Kind("milestone", "reaches a milestone", ("project", "milestone", "date"), ("note",)),
        Kind(
            "gate decision",
            "moves a project one stage on (gated) or back",
            ("project", "to", "date", "note"),
            ("override",),
        ),
        Kind(
            "closure",
            "closes a project with an outcome",
            ("project", "outcome", "date", "note"),
            ("override",),
        ),
    )
}


def kind_named(text: str) -> Kind | None:
    """The kind a cell names ("Gate decision", "team_member" and "team member" alike)."""
    return KINDS.get(" ".join(text.lower().replace("_", " ").split()))
