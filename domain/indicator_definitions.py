"""The funder indicators a programme reports, as versioned data.

Each definition is shown next to its figure in every report and export; when a definition
changes, its `version` goes up (and `INDICATOR_SET_VERSION` with it) so that a report says
which wording it was computed under. Codes RCO84, RCO87, RCO116 and RCR104 are Interreg's
output and result indicators; HOURS, USERS, JOBS and LADDER are the programme's own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

INDICATOR_SET_VERSION = 1

# How long after a period a take-up still counts for RCR104.
UPTAKE_DAYS = 365


@dataclass(frozen=True)
class IndicatorDefinition:
    code: str
    title: str
    unit: str
    definition: str
    version: int = 1


_DEFINITIONS = (
    IndicatorDefinition(
        "RCO84",
        "Pilot actions developed jointly and implemented",
        "pilot actions",
        "Enrolled projects that moved into the pilot stage (a stage advance to pilot) with a "
        "decision date in the period, on or after their enrolment.",
    ),
    IndicatorDefinition(
        "RCO87",
        "Organisations cooperating across borders",
        "organisations",
        "Distinct institutions (per network) that had joined the networks of the enrolled "
        "projects active in the period by its last day.",
    ),
    IndicatorDefinition(
        "RCO116",
        "Jointly developed solutions",
        "solutions",
        "Enrolled projects closed in the period, on or after their enrolment, with the outcome "
        "independent, informal_stable or absorbed.",
    ),
    IndicatorDefinition(
        "RCR104",
        "Solutions taken up or up-scaled by organisations",
        "solutions",
        "Enrolled projects that reached TRANS-01 (approach taken up elsewhere) or were closed "
        f"as absorbed, from the first day of the period (or their enrolment, if later) to "
        f"{UPTAKE_DAYS} days after its last.",
    ),
    IndicatorDefinition(
        "HOURS",
        "Coaching hours",
        "hours",
        "Minutes of the support sessions of enrolled projects started in the period (on or "
        "after their enrolment), "
        "corrections applied and withdrawn sessions left out, divided by 60; broken down by "
        "session type and by target group.",
    ),
    IndicatorDefinition(
        "USERS",
        "Service users involved",
        "people",
        "Distinct service users on the teams of enrolled projects at any time in the period "
        "from their enrolment on, plus, per project, the largest anonymous service-user head "
        "count of a session counted by HOURS.",
    ),
    IndicatorDefinition(
        "JOBS",
        "First workplaces created",
        "projects",
        "Enrolled projects that reached JOB-01 (first paid or inclusive workplace) in the "
        "period, on or after their enrolment (revoked milestones not counted).",
    ),
    IndicatorDefinition(
        "LADDER",
        "Share of projects at co_producing or above",
        "share (0-1)",
        "Of the enrolled projects active in the period, the share whose latest participation "
        "reading from a session on or before the period's last day is co_producing or "
        "user_led (0 when no project is active).",
    ),
)

DEFINITIONS: Mapping[str, IndicatorDefinition] = MappingProxyType({d.code: d for d in _DEFINITIONS})
CODES: tuple[str, ...] = tuple(DEFINITIONS)
