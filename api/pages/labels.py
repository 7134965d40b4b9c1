"""Words for the domain's values and the roles, as gettext msgids (translated in the
catalogues; `NP_` and `N_` only mark them for `pybabel extract`)."""

from __future__ import annotations


def N_(message: str) -> str:  # noqa: N802 - the gettext convention
    """Marks a msgid for extraction; translated where it is shown."""
    return message


def NP_(context: str, message: str) -> str:  # noqa: N802, ARG001 - as N_, with a context
    """Marks a msgid with its context for extraction."""
    return message


# The domain's values (stage, status, target group, session type, ...) by value.
VALUE_LABELS: dict[str, str] = {
    "idea": NP_("value", "Idea"),
    "co_creation": NP_("value", "Co-creation"),
    "pilot": NP_("value", "Pilot"),
    "independence": NP_("value", "Independence"),
    "active": NP_("value", "active"),
    "paused": NP_("value", "paused"),
    "closed": NP_("value", "closed"),
    "independent": NP_("value", "independent"),
    "informal_stable": NP_("value", "informal, stable"),
    "absorbed": NP_("value", "absorbed"),
    "discontinued": NP_("value", "discontinued"),
    "single_parents": NP_("value", "Single parents"),
    "youth": NP_("value", "Youth"),
    "elderly": NP_("value", "Elderly people"),
    "migrants_refugees": NP_("value", "Migrants and refugees"),
    "long_term_unemployed": NP_("value", "Long-term unemployed"),
    "people_with_disabilities": NP_("value", "People with disabilities"),
    "coaching": NP_("value", "Coaching"),
    "consulting": NP_("value", "Consulting"),
    "training": NP_("value", "Training"),
    "peer_exchange": NP_("value", "Peer exchange"),
    "network_meeting": NP_("value", "Network meeting"),
    "needs_workshop": NP_("value", "Needs workshop"),
    "gate_review": NP_("value", "Gate review"),
    "biography_checkin": NP_("value", "Biography check-in"),
    "on_site": NP_("value", "on site"),
    "remote": NP_("value", "remote"),
    "phone": NP_("value", "phone"),
    "participation": NP_("value", "Participation"),
    "concept": NP_("value", "Concept"),
    "capacity": NP_("value", "Capacity"),
    "service": NP_("value", "Service"),
    "organisation": NP_("value", "Organisation"),
    "governance": NP_("value", "Governance"),
    "finance": NP_("value", "Finance"),
    "impact": NP_("value", "Impact"),
    "network": NP_("value", "Network"),
    "transfer": NP_("value", "Transfer"),
    "advanced": NP_("value", "advanced"),
    "reverted": NP_("value", "stepped back"),
    "close as independent": NP_("value", "closure as independent"),
    "proposed": NP_("value", "proposed"),
}

ROLE_LABELS: dict[str, str] = {
    "coach": N_("coach"),
    "coordinator": N_("coordinator"),
    "dashboard": N_("dashboard"),
    "auditor": N_("auditor"),
    "admin": N_("admin"),
}
