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
    "informed": NP_("value", "Informed"),
    "consulted": NP_("value", "Consulted"),
    "engaged": NP_("value", "Engaged"),
    "co_designing": NP_("value", "Co-designing"),
    "co_producing": NP_("value", "Co-producing"),
    "user_led": NP_("value", "User-led"),
    "social_business_model_canvas": NP_("value", "Social business model canvas"),
    "theory_of_change": NP_("value", "Theory of change"),
    "action_learning": NP_("value", "Action learning"),
    "other": NP_("value", "Other"),
    "service_user": NP_("value", "service user"),
    "provider": NP_("value", "provider"),
    "volunteer": NP_("value", "volunteer"),
    "coach": NP_("value", "coach"),
    "coordinator": NP_("value", "coordinator"),
}

ROLE_LABELS: dict[str, str] = {
    "coach": N_("coach"),
    "coordinator": N_("coordinator"),
    "dashboard": N_("dashboard"),
    "auditor": N_("auditor"),
    "admin": N_("admin"),
}

# What an event of a project's stream says happened, for people (the audit page, conflicts).
EVENT_LABELS: dict[str, str] = {
    "Proposed": N_("Project proposed"),
    "NeedRecorded": N_("Need recorded"),
    "TeamMemberAdded": N_("Team member added"),
    "TeamMemberRemoved": N_("Team member removed"),
    "CoachAssigned": N_("Coach assigned"),
    "CoachReleased": N_("Coach released"),
    "SessionLogged": N_("Session logged"),
    "SessionCorrected": N_("Session corrected"),
    "SessionWithdrawn": N_("Session withdrawn"),
    "MilestoneReached": N_("Milestone reached"),
    "MilestoneRevoked": N_("Milestone revoked"),
    "StageAdvanced": N_("Stage advanced"),
    "StageReverted": N_("Stage stepped back"),
    "Paused": N_("Project paused"),
    "Resumed": N_("Project resumed"),
    "Closed": N_("Project closed"),
    "SelectedForAccelerator": N_("Selected for the accelerator"),
    "FieldRedacted": N_("Free text redacted"),
    "GateReviewRequested": N_("Gate review proposed"),
    "GateReviewClosed": N_("Gate review decided"),
    "Registered": N_("Network registered"),
    "CoordinatorAppointed": N_("Coordinator appointed"),
    "InstitutionJoined": N_("Institution joined"),
}

# The milestone catalogue's titles by id (domain/catalogue.py), to translate.
MILESTONE_LABELS: dict[str, str] = {
    "NEED-01": N_("needs assessed together with service users"),
    "TEAM-01": N_("a core group of users meets regularly"),
    "TEAM-02": N_("a service user holds a lead role"),
    "CONC-01": N_("social business model canvas done"),
    "CONC-02": N_("theory of change drafted"),
    "PLAN-01": N_("pilot plan agreed"),
    "SKILL-01": N_("users trained in a key skill"),
    "PILOT-01": N_("first service delivered to real users"),
    "PILOT-02": N_("regular delivery for at least three cycles"),
    "ORG-01": N_("organisational form chosen"),
    "ORG-02": N_(
        "legal entity registered (association, cooperative, company) or a documented host "
        "arrangement"
    ),
    "GOV-01": N_("governance body with seats for service users"),
    "GOV-02": N_("written agreement with a public actor"),
    "FIN-01": N_("financing plan beyond the end of project funding"),
    "FIN-02": N_("first earned income"),
    "FIN-03": N_("at least two independent income sources"),
    "JOB-01": N_("first paid or inclusive workplace"),
    "NET-01": N_("local partnership formalised"),
    "TRANS-01": N_("the approach taken up elsewhere"),
    "IMPACT-01": N_("evidence of outcomes for users reported"),
}

# A project state's fields, as the audit page names them in its list of changes.
FIELD_LABELS: dict[str, str] = {
    "title": N_("Title"),
    "summary": N_("Summary"),
    "stage": N_("Stage"),
    "status": N_("Status"),
    "outcome": N_("Outcome"),
    "status_reason": N_("Reason of the status"),
    "team": N_("Team"),
    "coaches": N_("Coaches"),
    "needs": N_("Needs"),
    "sessions": N_("Sessions"),
    "milestones": N_("Milestones"),
    "stage_history": N_("Stage history"),
    "accelerator": N_("Accelerator"),
    "gate_reviews": N_("Gate reviews"),
    "redactions": N_("Redactions"),
    "details": N_("details"),
    "corrections": N_("corrections"),
    "withdrawn": N_("withdrawn"),
    "withdrawal_reason": N_("reason of the withdrawal"),
    "revoked": N_("revoked"),
    "revoked_reason": N_("reason of the revocation"),
    "state": N_("state"),
}
