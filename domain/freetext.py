"""What counts as free text: what people type, and so what may name a person (docs/API.md,
"v1.1 additions"). Session summaries and topics, follow-ups, need descriptions, evidence notes
and links, and every rationale, reason, justification and note. Titles, network names, regions
and institutions are not free text.

This is data: each event or value-object class with the names of its free-text fields. The
store keeps these values erasable (a salted commitment in the hash chain, see
`store/freetext.py`), dashboards never receive them, and a redaction replaces one with
`REDACTED`. `tests/unit/domain/test_freetext.py` checks that every text field of every event
and value object is either listed here or named as not free text.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from domain.project import GateReview, MicroProject, ParticipationAssessment, SessionRecord
from domain.sessions import FollowUp, SessionDetails
from domain.values import Evidence, MilestoneRecord, Need, StageChange

REDACTED = "redacted"

P = MicroProject

FREE_TEXT_FIELDS: Mapping[type, tuple[str, ...]] = MappingProxyType(
    {
        # value objects (inside events, and inside snapshots of a project)
        SessionDetails: ("summary", "topics"),
        FollowUp: ("what",),
        Evidence: ("note", "links"),
        Need: ("description",),
        MilestoneRecord: ("revoked_reason",),
        StageChange: ("rationale", "override"),
        SessionRecord: ("withdrawal_reason",),
        GateReview: ("note", "reason"),
        ParticipationAssessment: ("note",),
        # events
        P.Proposed: ("summary",),
        P.NeedRecorded: ("description",),
        P.TeamMemberRemoved: ("reason",),
        P.CoachReleased: ("reason",),
        P.SessionCorrected: ("reason",),
        P.SessionWithdrawn: ("reason",),
        P.MilestoneRevoked: ("reason",),
        P.StageAdvanced: ("rationale", "override"),
        P.StageReverted: ("reason",),
        P.Paused: ("reason",),
        P.Resumed: ("reason",),
        P.Closed: ("rationale", "override"),
        P.FieldRedacted: ("reason",),
        P.GateReviewRequested: ("note",),
        P.GateReviewClosed: ("reason",),
        P.ParticipationAssessed: ("note",),
    }
)

# A correction's `changes` are a partial SessionDetails: the same fields are free text there.
CHANGES_OF: Mapping[type, type] = MappingProxyType({P.SessionCorrected: SessionDetails})

# Text fields that are not free text (tests/unit/domain/test_freetext.py holds every text
# field to one of the two lists).
NOT_FREE_TEXT: frozenset[str] = frozenset(
    {
        "title",  # a project's name
        "name",  # a network's name
        "country",
        "region",
        "institution",
        "institutions",
        "cohort",  # an accelerator cohort's name
        "milestone_id",
        "milestone_ids",
        "actor",  # a person id or system:<name>
        "logged_by",
        "recorded_by",
        "revoked_by",
        "proposed_by",
        "kind",
        "overridden",  # milestone ids waived by an override
        "field",  # a JSON pointer
        "decision",  # advanced, reverted or declined
        "state",
        "requested_by",
        "decided_by",
        "assessed_by",
        "funder",  # a programme's funder
        "label",  # a reporting period's label
    }
)
