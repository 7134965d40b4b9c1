"""Generated from the OpenAPI document of Seedbed 0.6.0 by `python -m seedbed_client.generate`: do not edit."""

from __future__ import annotations

from typing import Any, Literal

from typing_extensions import NotRequired, TypedDict

from seedbed_client.base import Caller

DeviceState = Literal["active", "revoked", "expired"]
EmpowermentTool = Literal["needs_workshop", "social_business_model_canvas", "theory_of_change", "action_learning", "other"]
Family = Literal["participation", "concept", "capacity", "service", "organisation", "governance", "finance", "impact", "network", "transfer"]
Outcome = Literal["independent", "informal_stable", "absorbed", "discontinued"]
ParticipationLevel = Literal["informed", "consulted", "engaged", "co_designing", "co_producing", "user_led"]
PersonRole = Literal["service_user", "provider", "volunteer", "coach", "coordinator"]
Role = Literal["coach", "coordinator", "dashboard", "auditor", "admin"]
SessionMode = Literal["on_site", "remote", "phone"]
SessionType = Literal["coaching", "consulting", "training", "peer_exchange", "network_meeting", "needs_workshop", "gate_review", "biography_checkin"]
Stage = Literal["idea", "co_creation", "pilot", "independence"]
Status = Literal["active", "paused", "closed"]
TargetGroup = Literal["single_parents", "youth", "elderly", "migrants_refugees", "long_term_unemployed", "people_with_disabilities"]
TeamRole = Literal["service_user", "provider", "volunteer"]


class AcceleratorDashboard(TypedDict):
    """AcceleratorPublic as a dashboard receives it: no free text, no person ids."""

    cohort: str
    selected_on: str


class AcceleratorPublic(TypedDict):
    cohort: str
    selected_on: str
    actor: str


class AcceleratorSelectionCreate(TypedDict):
    cohort: str
    selected_on: str
    programme: NotRequired[str | None]


class AnchorPublic(TypedDict):
    """The chain head before and after the one rewrite of stored events (free text made"""

    old_head: str
    new_head: str
    events: int
    reanchored_at: str


class AssessmentCreate(TypedDict):
    assessed_on: str
    level: ParticipationLevel
    user_view: ParticipationLevel
    note: NotRequired[str]


class AttentionItemPublic(TypedDict):
    kind: Literal["checkin_overdue", "follow_up_due", "no_contact", "gate_ready", "gate_review_open"]
    project_id: str
    title: str
    since: str
    due_on: str | None
    detail: str


class AttentionPublic(TypedDict):
    items: list[AttentionItemPublic]
    next_cursor: str | None


class CataloguePublic(TypedDict):
    version: int
    items: list[MilestonePublic]


class ChainHead(TypedDict):
    version: int
    hash: str | None


class Closure(TypedDict):
    outcome: Outcome
    rationale: str
    override: NotRequired[str | None]
    closed_on: NotRequired[str | None]


class CoachAssignment(TypedDict):
    coach_id: str


class CoachRelease(TypedDict):
    reason: str


class CoachSessionsDashboard(TypedDict):
    """CoachSessionsPublic as a dashboard receives it: no free text, no person ids."""

    items: list[SessionEntryDashboard]
    next_cursor: str | None
    hours: HourTotalsDashboard


class CoachSessionsPublic(TypedDict):
    coach_id: str
    items: list[SessionEntryPublic]
    next_cursor: str | None
    hours: HourTotalsPublic


class CoachingHistoryDashboard(TypedDict):
    """CoachingHistoryPublic as a dashboard receives it: no free text, no person ids."""

    project_id: str
    sessions: list[SessionEntryDashboard]
    next_cursor: NotRequired[str | None]
    hours: HourTotalsDashboard


class CoachingHistoryPublic(TypedDict):
    project_id: str
    sessions: list[SessionEntryPublic]
    next_cursor: NotRequired[str | None]
    hours: HourTotalsPublic


class CohortProgressPublic(TypedDict):
    cohort: str
    projects: int
    by_stage: dict[str, int]
    by_outcome: dict[str, int]
    reached_independence: int


class CoordinatorAppointment(TypedDict):
    coordinator_id: str


class CountedEvent(TypedDict):
    stream_id: str
    version: int
    position: int | None
    type: str
    occurred_on: str | None


class CountedProject(TypedDict):
    project_id: str
    title: str
    head: ChainHead
    events: list[CountedEvent]


class DeviceDashboard(TypedDict):
    """DevicePublic as a dashboard receives it: no free text, no person ids."""

    id: str
    device: str
    role: Role
    programme_id: NotRequired[str | None]
    created_at: str
    expires_at: str | None
    revoked_at: str | None
    state: DeviceState
    current: bool


class DevicePublic(TypedDict):
    id: str
    device: str
    role: Role
    person_id: str | None
    programme_id: NotRequired[str | None]
    created_at: str
    expires_at: str | None
    revoked_at: str | None
    state: DeviceState
    current: bool


class DevicesDashboard(TypedDict):
    """DevicesPublic as a dashboard receives it: no free text, no person ids."""

    items: list[DeviceDashboard]


class DevicesPublic(TypedDict):
    items: list[DevicePublic]


class DiffPublic(TypedDict):
    from_version: int
    to_version: int
    changes: list[FieldChangePublic]


class DistributionPublic(TypedDict):
    projects: int
    by_level: dict[str, int]
    share_co_producing_or_above: float


class EnrolmentCreate(TypedDict):
    programme_id: str
    enrolled_on: str


class EnrolmentDashboard(TypedDict):
    """EnrolmentPublic as a dashboard receives it: no free text, no person ids."""

    programme_id: str
    enrolled_on: str


class EnrolmentPublic(TypedDict):
    programme_id: str
    enrolled_on: str


class Erasure(TypedDict):
    reason: str


class ErasureResult(TypedDict):
    id: str
    erased: bool
    free_text_matches: NotRequired[list[FreeTextMatch]]


class EventPublic(TypedDict):
    version: int
    position: int | None
    type: str
    recorded_at: str
    occurred_on: str | None
    actor: str | None
    actor_name: NotRequired[str | None]
    data: dict[str, Any]
    redacted: NotRequired[list[str]]


class EventsPublic(TypedDict):
    items: list[EventPublic]
    next_cursor: str | None


class EvidenceIn(TypedDict):
    note: NotRequired[str]
    links: NotRequired[list[str]]


class EvidencePublic(TypedDict):
    note: str
    links: list[str]


class FamilyScoreDashboard(TypedDict):
    """FamilyScorePublic as a dashboard receives it: no free text, no person ids."""

    family: Family
    reached: int
    total: int
    score: float


class FamilyScorePublic(TypedDict):
    family: Family
    reached: int
    total: int
    score: float


class FieldChangePublic(TypedDict):
    field: str
    before: Any
    after: Any
    text: str


class FollowUpIn(TypedDict):
    what: str
    due_on: str
    who: NotRequired[str | None]


class FollowUpPublic(TypedDict):
    what: str
    due_on: str
    who: str | None


class FreeTextMatch(TypedDict):
    """A free-text value that contains the person's name or contact, for review."""

    project_id: str
    version: int
    field: str


class GateLevelDashboard(TypedDict):
    """GateLevelPublic as a dashboard receives it: no free text, no person ids."""

    on: str
    to_stage: Stage
    level: ParticipationLevel | None


class GateLevelPublic(TypedDict):
    on: str
    to_stage: Stage
    level: ParticipationLevel | None


class GateReviewCreate(TypedDict):
    to: Stage
    note: str


class GateReviewDashboard(TypedDict):
    """GateReviewPublic as a dashboard receives it: no free text, no person ids."""

    review_id: str
    to: Stage
    requested_at: str
    state: str
    decision: str | None
    decided_on: str | None
    missing_milestones: list[str]


class GateReviewDecline(TypedDict):
    reason: str


class GateReviewPublic(TypedDict):
    review_id: str
    to: Stage
    note: str
    requested_by: str
    requested_at: str
    state: str
    decision: str | None
    decided_by: str | None
    decided_on: str | None
    reason: str | None
    missing_milestones: list[str]


class GateReviewRequestedResult(TypedDict):
    id: str
    version: int
    position: int | None
    review_id: str


class GateReviewsDashboard(TypedDict):
    """GateReviewsPublic as a dashboard receives it: no free text, no person ids."""

    items: list[GateReviewDashboard]


class GateReviewsPublic(TypedDict):
    items: list[GateReviewPublic]


class HTTPValidationError(TypedDict):
    detail: NotRequired[list[ValidationError]]


class HeadCountDashboard(TypedDict):
    """HeadCountPublic as a dashboard receives it: no free text, no person ids."""

    role: TeamRole
    count: int


class HeadCountIn(TypedDict):
    role: TeamRole
    count: int


class HeadCountPublic(TypedDict):
    role: TeamRole
    count: int


class HourTotalsDashboard(TypedDict):
    """HourTotalsPublic as a dashboard receives it: no free text, no person ids."""

    total: float
    by_type: dict[str, float]
    by_month: dict[str, float]


class HourTotalsPublic(TypedDict):
    total: float
    by_type: dict[str, float]
    by_coach: dict[str, float]
    by_month: dict[str, float]


class IndicatorPublic(TypedDict):
    code: str
    title: str
    unit: str
    value: float
    cumulative: float
    previous: float | None
    definition: str
    definition_version: int
    projects: list[str]
    breakdown: dict[str, dict[str, float]]


class InstitutionCreate(TypedDict):
    institution: str


class LadderSummaryPublic(TypedDict):
    programme_id: str
    programme: str
    as_known_at: str
    by: Literal["period", "month"]
    now: LadderWindowPublic
    over_time: list[LadderWindowPublic]


class MeDashboard(TypedDict):
    """MePublic as a dashboard receives it: no free text, no person ids."""

    role: Role
    networks: list[str] | None
    projects: list[str] | None
    programme_id: NotRequired[str | None]


class MePublic(TypedDict):
    role: Role
    person_id: str | None
    display_name: str | None
    networks: list[str] | None
    projects: list[str] | None
    programme_id: NotRequired[str | None]


class MilestoneBoardDashboard(TypedDict):
    """MilestoneBoardPublic as a dashboard receives it: no free text, no person ids."""

    project_id: str
    catalogue_version: int
    score: float
    families: list[FamilyScoreDashboard]
    milestones: list[MilestoneStandingDashboard]


class MilestoneBoardPublic(TypedDict):
    project_id: str
    catalogue_version: int
    score: float
    families: list[FamilyScorePublic]
    milestones: list[MilestoneStandingPublic]


class MilestonePublic(TypedDict):
    id: str
    title: str
    family: Family
    gates: list[str]


class MilestoneReach(TypedDict):
    milestone_id: str
    reached_on: str
    evidence: EvidenceIn


class MilestoneRecordDashboard(TypedDict):
    """MilestoneRecordPublic as a dashboard receives it: no free text, no person ids."""

    milestone_id: str
    reached_on: str
    catalogue_version: int
    revoked: bool


class MilestoneRecordPublic(TypedDict):
    milestone_id: str
    reached_on: str
    evidence: EvidencePublic
    recorded_by: str
    catalogue_version: int
    revoked: bool
    revoked_reason: str
    revoked_by: str


class MilestoneRevocation(TypedDict):
    reason: str


class MilestoneStandingDashboard(TypedDict):
    """MilestoneStandingPublic as a dashboard receives it: no free text, no person ids."""

    milestone_id: str
    title: str
    family: Family
    gates: list[str]
    reached: bool
    reached_on: str | None
    revoked: bool


class MilestoneStandingPublic(TypedDict):
    milestone_id: str
    title: str
    family: Family
    gates: list[str]
    reached: bool
    reached_on: str | None
    evidence_note: str | None
    evidence_links: list[str]
    recorded_by: str | None
    revoked: bool
    revoked_reason: str | None


class NeedCreate(TypedDict):
    description: str
    tool: EmpowermentTool
    identified_on: str


class NeedDashboard(TypedDict):
    """NeedPublic as a dashboard receives it: no free text, no person ids."""

    need_id: str
    tool: EmpowermentTool
    identified_on: str


class NeedPublic(TypedDict):
    need_id: str
    description: str
    tool: EmpowermentTool
    identified_on: str
    recorded_by: str


class NeedRecordedResult(TypedDict):
    id: str
    version: int
    position: int | None
    need_id: str


class NetworkCreate(TypedDict):
    name: str
    country: str
    region: str
    target_group: TargetGroup
    institutions: NotRequired[list[str]]
    coordinator_id: NotRequired[str | None]


class NetworkDashboard(TypedDict):
    """NetworkPublic as a dashboard receives it: no free text, no person ids."""

    id: str
    version: int
    name: str
    country: str
    region: str
    target_group: TargetGroup
    institutions: list[str]
    registered_on: str


class NetworkPublic(TypedDict):
    id: str
    version: int
    name: str
    country: str
    region: str
    target_group: TargetGroup
    institutions: list[str]
    coordinator_id: str | None
    registered_on: str


class NetworkSummaryDashboard(TypedDict):
    """NetworkSummaryPublic as a dashboard receives it: no free text, no person ids."""

    network_id: str
    name: str
    country: str
    region: str
    target_group: TargetGroup
    projects: int


class NetworkSummaryPublic(TypedDict):
    network_id: str
    name: str
    country: str
    region: str
    target_group: TargetGroup
    coordinator_id: str | None
    projects: int


class NetworksDashboard(TypedDict):
    """NetworksPublic as a dashboard receives it: no free text, no person ids."""

    items: list[NetworkSummaryDashboard]
    next_cursor: str | None


class NetworksPublic(TypedDict):
    items: list[NetworkSummaryPublic]
    next_cursor: str | None


class Participants(TypedDict):
    person_ids: NotRequired[list[str]]
    anonymous: NotRequired[list[HeadCountIn]]


class ParticipationDashboard(TypedDict):
    """ParticipationPublic as a dashboard receives it: no free text, no person ids."""

    current: ParticipationLevel | None
    distance: int
    readings: list[ReadingDashboard]
    at_gates: list[GateLevelDashboard]


class ParticipationPublic(TypedDict):
    current: ParticipationLevel | None
    distance: int
    readings: list[ReadingPublic]
    at_gates: list[GateLevelPublic]


class Pause(TypedDict):
    reason: str
    paused_on: NotRequired[str | None]


class PeopleFound(TypedDict):
    items: list[PersonFound]
    next_cursor: str | None


class PeriodCreate(TypedDict):
    label: str
    starts_on: str
    ends_on: str


class PeriodDashboard(TypedDict):
    """PeriodPublic as a dashboard receives it: no free text, no person ids."""

    label: str
    starts_on: str
    ends_on: str


class PeriodPublic(TypedDict):
    label: str
    starts_on: str
    ends_on: str


class PersonCreate(TypedDict):
    display_name: str
    contact: NotRequired[str | None]
    role: PersonRole


class PersonCreated(TypedDict):
    id: str


class PersonFound(TypedDict):
    id: str
    role: PersonRole
    display_name: str


class PersonPublic(TypedDict):
    id: str
    role: PersonRole
    display_name: str | None
    contact: str | None
    registered_at: str
    erased: bool
    erased_at: str | None


class PortfolioPublic(TypedDict):
    projects: int
    by_stage: dict[str, int]
    by_status: dict[str, int]
    by_country: dict[str, int]
    by_target_group: dict[str, int]
    by_outcome: dict[str, int]
    funnel: dict[str, int]
    median_days_in_stage: dict[str, float | None]
    coaching_hours_per_month: dict[str, float]
    accelerator_cohorts: list[CohortProgressPublic]


class ProgrammeCreate(TypedDict):
    name: str
    funder: str
    starts_on: str
    ends_on: str
    periods: NotRequired[list[PeriodCreate]]
    checkin_every_days: NotRequired[int | None]


class ProgrammeDashboard(TypedDict):
    """ProgrammePublic as a dashboard receives it: no free text, no person ids."""

    id: str
    version: int
    name: str
    funder: str
    starts_on: str
    ends_on: str
    periods: list[PeriodDashboard]
    checkin_every_days: int | None
    catalogue_version: int
    gate_table_version: int


class ProgrammeListed(TypedDict):
    id: str
    name: str
    funder: str
    starts_on: str
    ends_on: str
    periods: list[PeriodPublic]
    checkin_every_days: int | None
    catalogue_version: int
    gate_table_version: int
    projects: int


class ProgrammeListedDashboard(TypedDict):
    """ProgrammeListed as a dashboard receives it: no free text, no person ids."""

    id: str
    name: str
    funder: str
    starts_on: str
    ends_on: str
    periods: list[PeriodDashboard]
    checkin_every_days: int | None
    catalogue_version: int
    gate_table_version: int
    projects: int


class ProgrammePublic(TypedDict):
    id: str
    version: int
    name: str
    funder: str
    starts_on: str
    ends_on: str
    periods: list[PeriodPublic]
    checkin_every_days: int | None
    catalogue_version: int
    gate_table_version: int


class ProgrammesDashboard(TypedDict):
    """ProgrammesPublic as a dashboard receives it: no free text, no person ids."""

    items: list[ProgrammeListedDashboard]
    next_cursor: str | None


class ProgrammesPublic(TypedDict):
    items: list[ProgrammeListed]
    next_cursor: str | None


class ProjectCreate(TypedDict):
    title: str
    network_id: str
    target_group: TargetGroup
    summary: str
    proposed_on: NotRequired[str | None]


class ProjectDashboard(TypedDict):
    """ProjectPublic as a dashboard receives it: no free text, no person ids."""

    id: str
    version: int
    title: str
    network_id: str
    target_group: TargetGroup
    stage: Stage
    status: Status
    outcome: Outcome | None
    proposed_on: str
    created_at: str
    modified_at: str
    needs: list[NeedDashboard]
    sessions: list[SessionDashboard]
    sessions_total: NotRequired[int | None]
    sessions_next_cursor: NotRequired[str | None]
    sessions_href: NotRequired[str | None]
    milestones: list[MilestoneRecordDashboard]
    reached_milestones: list[str]
    stage_history: list[StageChangeDashboard]
    accelerator: AcceleratorDashboard | None
    enrolments: NotRequired[list[EnrolmentDashboard]]
    redactions: NotRequired[list[RedactionDashboard]]


class ProjectPublic(TypedDict):
    id: str
    version: int
    title: str
    network_id: str
    target_group: TargetGroup
    summary: str
    stage: Stage
    status: Status
    outcome: Outcome | None
    status_reason: str
    proposed_on: str
    proposed_by: str
    created_at: str
    modified_at: str
    team: list[TeamMemberPublic]
    coaches: list[str]
    needs: list[NeedPublic]
    sessions: list[SessionPublic]
    sessions_total: NotRequired[int | None]
    sessions_next_cursor: NotRequired[str | None]
    sessions_href: NotRequired[str | None]
    milestones: list[MilestoneRecordPublic]
    reached_milestones: list[str]
    stage_history: list[StageChangePublic]
    accelerator: AcceleratorPublic | None
    enrolments: NotRequired[list[EnrolmentPublic]]
    redactions: NotRequired[list[RedactionPublic]]


class ProjectSessionsDashboard(TypedDict):
    """ProjectSessionsPublic as a dashboard receives it: no free text, no person ids."""

    project_id: str
    items: list[SessionEntryDashboard]
    next_cursor: str | None
    hours: HourTotalsDashboard


class ProjectSessionsPublic(TypedDict):
    project_id: str
    items: list[SessionEntryPublic]
    next_cursor: str | None
    hours: HourTotalsPublic


class ProjectSummaryDashboard(TypedDict):
    """ProjectSummaryPublic as a dashboard receives it: no free text, no person ids."""

    project_id: str
    title: str
    network_id: str
    country: str
    target_group: TargetGroup
    stage: Stage
    status: Status
    outcome: Outcome | None
    proposed_on: str
    stage_since: str
    closed_on: str | None
    accelerator_cohort: str | None
    sessions: int
    coaching_hours: float
    milestones_reached: int
    version: int


class ProjectSummaryPublic(TypedDict):
    project_id: str
    title: str
    network_id: str
    country: str
    target_group: TargetGroup
    stage: Stage
    status: Status
    outcome: Outcome | None
    proposed_on: str
    stage_since: str
    closed_on: str | None
    accelerator_cohort: str | None
    sessions: int
    coaching_hours: float
    milestones_reached: int
    version: int
    coach_ids: list[str]


class ProjectsDashboard(TypedDict):
    """ProjectsPublic as a dashboard receives it: no free text, no person ids."""

    items: list[ProjectSummaryDashboard]
    next_cursor: str | None


class ProjectsPublic(TypedDict):
    items: list[ProjectSummaryPublic]
    next_cursor: str | None


class ReadingDashboard(TypedDict):
    """ReadingPublic as a dashboard receives it: no free text, no person ids."""

    on: str
    level: ParticipationLevel
    source: Literal["session", "assessment"]


class ReadingPublic(TypedDict):
    on: str
    level: ParticipationLevel
    source: Literal["session", "assessment"]
    user_view: NotRequired[ParticipationLevel | None]


class ReadyPublic(TypedDict):
    status: str
    database: str
    head_position: int
    projection_positions: dict[str, int]
    lag_events: int
    lag_seconds: float
    waiting_reads: NotRequired[int]


class RedactionCreate(TypedDict):
    version: int
    field: str
    reason: str


class RedactionDashboard(TypedDict):
    """RedactionPublic as a dashboard receives it: no free text, no person ids."""

    version: int
    field: str


class RedactionPublic(TypedDict):
    version: int
    field: str


class Resumption(TypedDict):
    reason: str
    resumed_on: NotRequired[str | None]


class SessionChanges(TypedDict):
    """Only the fields to change; at least one. A field may be left out, never set to null."""

    type: NotRequired[SessionType | None]
    started_at: NotRequired[str | None]
    duration_minutes: NotRequired[int | None]
    mode: NotRequired[SessionMode | None]
    coach_ids: NotRequired[list[str] | None]
    participants: NotRequired[Participants | None]
    topics: NotRequired[list[str] | None]
    milestone_ids: NotRequired[list[str] | None]
    tools: NotRequired[list[EmpowermentTool] | None]
    summary: NotRequired[str | None]
    follow_ups: NotRequired[list[FollowUpIn] | None]
    participation_level: NotRequired[ParticipationLevel | None]


class SessionCorrection(TypedDict):
    changes: SessionChanges
    reason: str


class SessionCreate(TypedDict):
    type: SessionType
    started_at: str
    duration_minutes: int
    mode: SessionMode
    coach_ids: NotRequired[list[str]]
    participants: NotRequired[Participants]
    topics: NotRequired[list[str]]
    milestone_ids: NotRequired[list[str]]
    tools: NotRequired[list[EmpowermentTool]]
    summary: NotRequired[str]
    follow_ups: NotRequired[list[FollowUpIn]]
    participation_level: ParticipationLevel


class SessionDashboard(TypedDict):
    """SessionPublic as a dashboard receives it: no free text, no person ids."""

    session_id: str
    type: SessionType
    started_at: str
    duration_minutes: int
    mode: SessionMode
    anonymous_participants: list[HeadCountDashboard]
    milestone_ids: list[str]
    tools: list[EmpowermentTool]
    participation_level: ParticipationLevel
    corrections: int
    withdrawn: bool


class SessionEntryDashboard(TypedDict):
    """SessionEntryPublic as a dashboard receives it: no free text, no person ids."""

    session_id: str
    project_id: str
    details: dict[str, Any]
    corrections: int
    withdrawn: bool


class SessionEntryPublic(TypedDict):
    session_id: str
    project_id: str
    details: dict[str, Any]
    logged_by: str
    corrections: int
    withdrawn: bool
    withdrawal_reason: str


class SessionLoggedResult(TypedDict):
    id: str
    version: int
    position: int | None
    session_id: str


class SessionPublic(TypedDict):
    session_id: str
    type: SessionType
    started_at: str
    duration_minutes: int
    mode: SessionMode
    coach_ids: list[str]
    participant_ids: list[str]
    anonymous_participants: list[HeadCountPublic]
    topics: list[str]
    milestone_ids: list[str]
    tools: list[EmpowermentTool]
    summary: str
    follow_ups: list[FollowUpPublic]
    participation_level: ParticipationLevel
    logged_by: str
    corrections: int
    withdrawn: bool
    withdrawal_reason: str


class SessionWithdrawal(TypedDict):
    reason: str


class StageChangeDashboard(TypedDict):
    """StageChangePublic as a dashboard receives it: no free text, no person ids."""

    from_stage: Stage | None
    to_stage: Stage
    occurred_on: str
    kind: str
    overridden: list[str]


class StageChangePublic(TypedDict):
    from_stage: Stage | None
    to_stage: Stage
    occurred_on: str
    rationale: str
    actor: str
    kind: str
    override: str
    overridden: list[str]


class StageHistoryDashboard(TypedDict):
    """StageHistoryPublic as a dashboard receives it: no free text, no person ids."""

    project_id: str
    periods: list[StagePeriodDashboard]


class StageHistoryPublic(TypedDict):
    project_id: str
    periods: list[StagePeriodPublic]


class StageOnPublic(TypedDict):
    date: str
    as_known_at: str | None
    known_version: int
    stage: Stage | None


class StagePeriodDashboard(TypedDict):
    """StagePeriodPublic as a dashboard receives it: no free text, no person ids."""

    seq: int
    stage: Stage
    entered_on: str
    left_on: str | None
    days: int
    how: str


class StagePeriodPublic(TypedDict):
    seq: int
    stage: Stage
    entered_on: str
    left_on: str | None
    days: int
    how: str
    rationale: str
    override: str
    actor: str


class StageTransition(TypedDict):
    to: Stage
    rationale: str
    override: NotRequired[str | None]
    decided_on: NotRequired[str | None]
    review_id: NotRequired[str | None]


class TeamMemberCreate(TypedDict):
    person_id: str
    role: TeamRole
    joined_on: str


class TeamMemberPublic(TypedDict):
    person_id: str
    role: TeamRole
    joined_on: str


class TeamMemberRemoval(TypedDict):
    reason: str
    left_on: NotRequired[str | None]


class ValidationError(TypedDict):
    loc: list[str | int]
    msg: str
    type: str
    input: NotRequired[Any]
    ctx: NotRequired[dict[str, Any]]


class VerificationPublic(TypedDict):
    intact: bool
    events: int
    head: str
    broken_at: NotRequired[int | None]
    reason: NotRequired[str | None]
    anchor: NotRequired[AnchorPublic | None]


class WriteResult(TypedDict):
    id: str
    version: int
    position: int | None


IndicatorDrillDownPublic = TypedDict(
    "IndicatorDrillDownPublic",
    {
        "programme_id": "str",
        "code": "str",
        "from": "str",
        "to": "str",
        "as_known_at": "str",
        "value": "float",
        "definition": "str",
        "definition_version": "int",
        "projects": "list[CountedProject]",
    },
)


IndicatorReportPublic = TypedDict(
    "IndicatorReportPublic",
    {
        "programme_id": "str",
        "programme": "str",
        "funder": "str",
        "period": "str | None",
        "from": "str",
        "to": "str",
        "previous_period": "PeriodWindow | None",
        "as_known_at": "str",
        "indicator_set_version": "int",
        "indicators": "list[IndicatorPublic]",
    },
)


LadderWindowPublic = TypedDict(
    "LadderWindowPublic",
    {
        "label": "str",
        "from": "str",
        "to": "str",
        "total": "DistributionPublic",
        "by_target_group": "dict[str, DistributionPublic]",
    },
)


PeriodWindow = TypedDict(
    "PeriodWindow",
    {
        "label": "str",
        "from": "str",
        "to": "str",
    },
)


class Routes(Caller):
    """One method per route of the API."""

    def add_institution(self, network_id: str, body: InstitutionCreate, *, if_match: str | int | None = None, idempotency_key: str | None = None) -> WriteResult:
        """POST /networks/{network_id}/institutions: An institution joins the network (its coordinator, admin)"""
        return self._call(  # type: ignore[no-any-return]
            "POST",
            "/networks/{network_id}/institutions",
            {"network_id": network_id},
            query={},
            body=body,
            headers={"If-Match": if_match, "Idempotency-Key": idempotency_key},
            reply=WriteResult,
        )

    def add_team_member(self, project_id: str, body: TeamMemberCreate, *, if_match: str | int | None = None, idempotency_key: str | None = None) -> WriteResult:
        """POST /projects/{project_id}/team: Add a person to the team (coach, coordinator)"""
        return self._call(  # type: ignore[no-any-return]
            "POST",
            "/projects/{project_id}/team",
            {"project_id": project_id},
            query={},
            body=body,
            headers={"If-Match": if_match, "Idempotency-Key": idempotency_key},
            reply=WriteResult,
        )

    def appoint_coordinator(self, network_id: str, body: CoordinatorAppointment, *, if_match: str | int | None = None, idempotency_key: str | None = None) -> WriteResult:
        """POST /networks/{network_id}/coordinator: Appoint the network's coordinator (its coordinator hands over, or an admin)"""
        return self._call(  # type: ignore[no-any-return]
            "POST",
            "/networks/{network_id}/coordinator",
            {"network_id": network_id},
            query={},
            body=body,
            headers={"If-Match": if_match, "Idempotency-Key": idempotency_key},
            reply=WriteResult,
        )

    def assess(self, project_id: str, body: AssessmentCreate, *, if_match: str | int | None = None, idempotency_key: str | None = None) -> WriteResult:
        """POST /projects/{project_id}/participation-assessments: Record a ladder reading made together with the service users (assigned coach, coordinator)"""
        return self._call(  # type: ignore[no-any-return]
            "POST",
            "/projects/{project_id}/participation-assessments",
            {"project_id": project_id},
            query={},
            body=body,
            headers={"If-Match": if_match, "Idempotency-Key": idempotency_key},
            reply=WriteResult,
        )

    def assign_coach(self, project_id: str, body: CoachAssignment, *, if_match: str | int | None = None, idempotency_key: str | None = None) -> WriteResult:
        """POST /projects/{project_id}/coaches: Assign a coach (coordinator)"""
        return self._call(  # type: ignore[no-any-return]
            "POST",
            "/projects/{project_id}/coaches",
            {"project_id": project_id},
            query={},
            body=body,
            headers={"If-Match": if_match, "Idempotency-Key": idempotency_key},
            reply=WriteResult,
        )

    def catalogue(self) -> CataloguePublic:
        """GET /milestones: The sustainability milestone catalogue"""
        return self._call(  # type: ignore[no-any-return]
            "GET",
            "/milestones",
            {},
            query={},
            body=None,
            headers={},
            reply=CataloguePublic,
        )

    def change_stage(self, project_id: str, body: StageTransition, *, if_match: str | int | None = None, idempotency_key: str | None = None) -> WriteResult:
        """POST /projects/{project_id}/stage-transitions: Move to the next stage (gated; coordinator may override) or one stage back"""
        return self._call(  # type: ignore[no-any-return]
            "POST",
            "/projects/{project_id}/stage-transitions",
            {"project_id": project_id},
            query={},
            body=body,
            headers={"If-Match": if_match, "Idempotency-Key": idempotency_key},
            reply=WriteResult,
        )

    def close(self, project_id: str, body: Closure, *, if_match: str | int | None = None, idempotency_key: str | None = None) -> WriteResult:
        """POST /projects/{project_id}/closure: Close with an outcome; `independent` is gated (coordinator); no writes after"""
        return self._call(  # type: ignore[no-any-return]
            "POST",
            "/projects/{project_id}/closure",
            {"project_id": project_id},
            query={},
            body=body,
            headers={"If-Match": if_match, "Idempotency-Key": idempotency_key},
            reply=WriteResult,
        )

    def coach_sessions(self, coach_id: str, *, limit: int | None = None, cursor: str | None = None, min_position: int | None = None) -> CoachSessionsPublic | CoachSessionsDashboard:
        """GET /coaches/{coach_id}/sessions: A coach's sessions across projects, in time order, with their hours (a coordinator sees those of their networks' projects only)"""
        return self._call(  # type: ignore[no-any-return]
            "GET",
            "/coaches/{coach_id}/sessions",
            {"coach_id": coach_id},
            query={"limit": limit, "cursor": cursor},
            body=None,
            headers={"X-Min-Position": min_position},
            reply=CoachSessionsPublic | CoachSessionsDashboard,
        )

    def coaching_history(self, project_id: str, *, limit: int | None = None, cursor: str | None = None, min_position: int | None = None) -> CoachingHistoryPublic | CoachingHistoryDashboard:
        """GET /projects/{project_id}/coaching-history: Sessions in time order, a page at a time (corrections applied, withdrawals marked), and hours by type, coach and month of all of them"""
        return self._call(  # type: ignore[no-any-return]
            "GET",
            "/projects/{project_id}/coaching-history",
            {"project_id": project_id},
            query={"limit": limit, "cursor": cursor},
            body=None,
            headers={"X-Min-Position": min_position},
            reply=CoachingHistoryPublic | CoachingHistoryDashboard,
        )

    def correct_session(self, project_id: str, session_id: str, body: SessionCorrection, *, if_match: str | int | None = None, idempotency_key: str | None = None) -> WriteResult:
        """POST /projects/{project_id}/sessions/{session_id}/corrections: Correct a logged session: the changed fields and a reason"""
        return self._call(  # type: ignore[no-any-return]
            "POST",
            "/projects/{project_id}/sessions/{session_id}/corrections",
            {"project_id": project_id, "session_id": session_id},
            query={},
            body=body,
            headers={"If-Match": if_match, "Idempotency-Key": idempotency_key},
            reply=WriteResult,
        )

    def create_programme(self, body: ProgrammeCreate, *, idempotency_key: str | None = None) -> WriteResult:
        """POST /programmes: Create a programme with its reporting periods (admin)"""
        return self._call(  # type: ignore[no-any-return]
            "POST",
            "/programmes",
            {},
            query={},
            body=body,
            headers={"Idempotency-Key": idempotency_key},
            reply=WriteResult,
        )

    def decline_review(self, project_id: str, review_id: str, body: GateReviewDecline, *, if_match: str | int | None = None, idempotency_key: str | None = None) -> WriteResult:
        """POST /projects/{project_id}/gate-reviews/{review_id}/decline: Close a gate review without a stage change, with a reason (coordinator)"""
        return self._call(  # type: ignore[no-any-return]
            "POST",
            "/projects/{project_id}/gate-reviews/{review_id}/decline",
            {"project_id": project_id, "review_id": review_id},
            query={},
            body=body,
            headers={"If-Match": if_match, "Idempotency-Key": idempotency_key},
            reply=WriteResult,
        )

    def diff(self, project_id: str, *, from_version: int | None = None, to_version: int | None = None) -> DiffPublic:
        """GET /projects/{project_id}/diff: What changed between two versions, at most 500 apart, as a list of field changes (auditor)"""
        return self._call(  # type: ignore[no-any-return]
            "GET",
            "/projects/{project_id}/diff",
            {"project_id": project_id},
            query={"from_version": from_version, "to_version": to_version},
            body=None,
            headers={},
            reply=DiffPublic,
        )

    def drill_down(self, programme_id: str, code: str, *, from_: str | None = None, to: str | None = None, period: str | None = None, as_known_at: str | None = None) -> IndicatorDrillDownPublic:
        """GET /programmes/{programme_id}/indicators/{code}: What one figure counts: the projects, the events (versions, positions) and each project's chain head as known at the instant"""
        return self._call(  # type: ignore[no-any-return]
            "GET",
            "/programmes/{programme_id}/indicators/{code}",
            {"programme_id": programme_id, "code": code},
            query={"from": from_, "to": to, "period": period, "as_known_at": as_known_at},
            body=None,
            headers={},
            reply=IndicatorDrillDownPublic,
        )

    def enrol(self, project_id: str, body: EnrolmentCreate, *, if_match: str | int | None = None, idempotency_key: str | None = None) -> WriteResult:
        """POST /projects/{project_id}/enrolments: Enrol the project in a programme (its coordinator); several over its life"""
        return self._call(  # type: ignore[no-any-return]
            "POST",
            "/projects/{project_id}/enrolments",
            {"project_id": project_id},
            query={},
            body=body,
            headers={"If-Match": if_match, "Idempotency-Key": idempotency_key},
            reply=WriteResult,
        )

    def erase_person(self, person_id: str, body: Erasure, *, idempotency_key: str | None = None) -> ErasureResult:
        """POST /people/{person_id}/erasure: Erase a person's personal data (admin); every history still replays"""
        return self._call(  # type: ignore[no-any-return]
            "POST",
            "/people/{person_id}/erasure",
            {"person_id": person_id},
            query={},
            body=body,
            headers={"Idempotency-Key": idempotency_key},
            reply=ErasureResult,
        )

    def export(self, *, project_id: str | None = None) -> Any:
        """GET /audit/export: A bundle of events with their hashes for offline replay: one project, or all"""
        return self._call(
            "GET",
            "/audit/export",
            {},
            query={"project_id": project_id},
            body=None,
            headers={},
        )

    def find_people(self, *, role: PersonRole | None = None, q: str | None = None, limit: int | None = None, cursor: str | None = None, min_position: int | None = None) -> PeopleFound:
        """GET /people: Find the people the caller works with, by role and name (a coach: their projects' teams and coaches; a coordinator: their networks' people, every coach and coordinator; auditor, admin: everyone; not for dashboards)"""
        return self._call(  # type: ignore[no-any-return]
            "GET",
            "/people",
            {},
            query={"role": role, "q": q, "limit": limit, "cursor": cursor},
            body=None,
            headers={"X-Min-Position": min_position},
            reply=PeopleFound,
        )

    def get_network(self, network_id: str, *, min_position: int | None = None) -> NetworkPublic | NetworkDashboard:
        """GET /networks/{network_id}: A network (from its stream; a programme-scoped token: one of its programme's projects' networks, as the read models know them)"""
        return self._call(  # type: ignore[no-any-return]
            "GET",
            "/networks/{network_id}",
            {"network_id": network_id},
            query={},
            body=None,
            headers={"X-Min-Position": min_position},
            reply=NetworkPublic | NetworkDashboard,
        )

    def get_person(self, person_id: str, *, min_position: int | None = None) -> PersonPublic:
        """GET /people/{person_id}: A person the caller works with (a coach: their projects' teams and coaches; a coordinator: their networks' people, every coach and coordinator; auditor, admin: everyone; not for dashboards). Anyone else answers 404, as an unknown id does"""
        return self._call(  # type: ignore[no-any-return]
            "GET",
            "/people/{person_id}",
            {"person_id": person_id},
            query={},
            body=None,
            headers={"X-Min-Position": min_position},
            reply=PersonPublic,
        )

    def get_project(self, project_id: str, *, sessions_limit: int | None = None) -> ProjectPublic | ProjectDashboard:
        """GET /projects/{project_id}: A project's current state, replayed from its event stream (never stale)"""
        return self._call(  # type: ignore[no-any-return]
            "GET",
            "/projects/{project_id}",
            {"project_id": project_id},
            query={"sessions_limit": sessions_limit},
            body=None,
            headers={},
            reply=ProjectPublic | ProjectDashboard,
        )

    def health(self) -> dict[str, str]:
        """GET /health: The process is up"""
        return self._call(  # type: ignore[no-any-return]
            "GET",
            "/health",
            {},
            query={},
            body=None,
            headers={},
            reply=dict[str, str],
        )

    def list_devices(self) -> DevicesPublic | DevicesDashboard:
        """GET /devices: The device credentials the caller may revoke: their own (admin: every one)"""
        return self._call(  # type: ignore[no-any-return]
            "GET",
            "/devices",
            {},
            query={},
            body=None,
            headers={},
            reply=DevicesPublic | DevicesDashboard,
        )

    def list_events(self, project_id: str, *, from_version: int | None = None, to_version: int | None = None, type: str | None = None, recorded_from: str | None = None, recorded_to: str | None = None, limit: int | None = None, cursor: str | None = None) -> EventsPublic:
        """GET /projects/{project_id}/events: The project's event stream: version, position, type, times, actor, data (auditor)"""
        return self._call(  # type: ignore[no-any-return]
            "GET",
            "/projects/{project_id}/events",
            {"project_id": project_id},
            query={"from_version": from_version, "to_version": to_version, "type": type, "recorded_from": recorded_from, "recorded_to": recorded_to, "limit": limit, "cursor": cursor},
            body=None,
            headers={},
            reply=EventsPublic,
        )

    def list_networks(self, *, limit: int | None = None, cursor: str | None = None, min_position: int | None = None) -> NetworksPublic | NetworksDashboard:
        """GET /networks: The networks the caller may see (coordinator: theirs; coach: their projects')"""
        return self._call(  # type: ignore[no-any-return]
            "GET",
            "/networks",
            {},
            query={"limit": limit, "cursor": cursor},
            body=None,
            headers={"X-Min-Position": min_position},
            reply=NetworksPublic | NetworksDashboard,
        )

    def list_programmes(self, *, limit: int | None = None, cursor: str | None = None, min_position: int | None = None) -> ProgrammesPublic | ProgrammesDashboard:
        """GET /programmes: The programmes, by name, with their periods and how many projects are enrolled (a programme-scoped token: its own)"""
        return self._call(  # type: ignore[no-any-return]
            "GET",
            "/programmes",
            {},
            query={"limit": limit, "cursor": cursor},
            body=None,
            headers={"X-Min-Position": min_position},
            reply=ProgrammesPublic | ProgrammesDashboard,
        )

    def list_projects(self, *, stage: Stage | None = None, status: Status | None = None, country: str | None = None, network_id: str | None = None, coach_id: str | None = None, target_group: TargetGroup | None = None, limit: int | None = None, cursor: str | None = None, min_position: int | None = None) -> ProjectsPublic | ProjectsDashboard:
        """GET /projects: Project summaries, filtered (a coach sees the projects they coach)"""
        return self._call(  # type: ignore[no-any-return]
            "GET",
            "/projects",
            {},
            query={"stage": stage, "status": status, "country": country, "network_id": network_id, "coach_id": coach_id, "target_group": target_group, "limit": limit, "cursor": cursor},
            body=None,
            headers={"X-Min-Position": min_position},
            reply=ProjectsPublic | ProjectsDashboard,
        )

    def list_reviews(self, project_id: str) -> GateReviewsPublic | GateReviewsDashboard:
        """GET /projects/{project_id}/gate-reviews: The project's gate reviews, open and decided, with the milestones still missing"""
        return self._call(  # type: ignore[no-any-return]
            "GET",
            "/projects/{project_id}/gate-reviews",
            {"project_id": project_id},
            query={},
            body=None,
            headers={},
            reply=GateReviewsPublic | GateReviewsDashboard,
        )

    def log_session(self, project_id: str, body: SessionCreate, *, if_match: str | int | None = None, idempotency_key: str | None = None) -> SessionLoggedResult:
        """POST /projects/{project_id}/sessions: Log a support session (assigned coach, coordinator)"""
        return self._call(  # type: ignore[no-any-return]
            "POST",
            "/projects/{project_id}/sessions",
            {"project_id": project_id},
            query={},
            body=body,
            headers={"If-Match": if_match, "Idempotency-Key": idempotency_key},
            reply=SessionLoggedResult,
        )

    def me(self, *, min_position: int | None = None) -> MePublic | MeDashboard:
        """GET /me: The caller: role, person, and the networks and projects they work in"""
        return self._call(  # type: ignore[no-any-return]
            "GET",
            "/me",
            {},
            query={},
            body=None,
            headers={"X-Min-Position": min_position},
            reply=MePublic | MeDashboard,
        )

    def metrics(self) -> Any:
        """GET /metrics: Request counts and latency by route, events appended, projection position and lag (an admin token, or the scrape token SEEDBED_METRICS_TOKEN)"""
        return self._call(
            "GET",
            "/metrics",
            {},
            query={},
            body=None,
            headers={},
        )

    def milestone_board(self, project_id: str, *, min_position: int | None = None) -> MilestoneBoardPublic | MilestoneBoardDashboard:
        """GET /projects/{project_id}/milestones: Every catalogue milestone: reached?, when, evidence, the gates it serves; scores"""
        return self._call(  # type: ignore[no-any-return]
            "GET",
            "/projects/{project_id}/milestones",
            {"project_id": project_id},
            query={},
            body=None,
            headers={"X-Min-Position": min_position},
            reply=MilestoneBoardPublic | MilestoneBoardDashboard,
        )

    def pause(self, project_id: str, body: Pause, *, if_match: str | int | None = None, idempotency_key: str | None = None) -> WriteResult:
        """POST /projects/{project_id}/pause: Pause an active project (coordinator)"""
        return self._call(  # type: ignore[no-any-return]
            "POST",
            "/projects/{project_id}/pause",
            {"project_id": project_id},
            query={},
            body=body,
            headers={"If-Match": if_match, "Idempotency-Key": idempotency_key},
            reply=WriteResult,
        )

    def portfolio(self, *, min_position: int | None = None) -> PortfolioPublic:
        """GET /dashboard/portfolio: Counts by stage, country, target group and outcome; the funnel; median days in each stage; coaching hours per month; accelerator cohort progress (a programme-scoped token: of its programme's projects)"""
        return self._call(  # type: ignore[no-any-return]
            "GET",
            "/dashboard/portfolio",
            {},
            query={},
            body=None,
            headers={"X-Min-Position": min_position},
            reply=PortfolioPublic,
        )

    def project_sessions(self, project_id: str, *, limit: int | None = None, cursor: str | None = None, min_position: int | None = None) -> ProjectSessionsPublic | ProjectSessionsDashboard:
        """GET /projects/{project_id}/sessions: The project's sessions in time order, a page at a time, with the hours of all"""
        return self._call(  # type: ignore[no-any-return]
            "GET",
            "/projects/{project_id}/sessions",
            {"project_id": project_id},
            query={"limit": limit, "cursor": cursor},
            body=None,
            headers={"X-Min-Position": min_position},
            reply=ProjectSessionsPublic | ProjectSessionsDashboard,
        )

    def project_state(self, project_id: str, *, version: int | None = None, as_of: str | None = None) -> ProjectPublic:
        """GET /projects/{project_id}/state: The project replayed to `version`, or as it was recorded at `as_of` (auditor)"""
        return self._call(  # type: ignore[no-any-return]
            "GET",
            "/projects/{project_id}/state",
            {"project_id": project_id},
            query={"version": version, "as_of": as_of},
            body=None,
            headers={},
            reply=ProjectPublic,
        )

    def propose_project(self, body: ProjectCreate, *, idempotency_key: str | None = None) -> WriteResult:
        """POST /projects: Propose a project in a network; it starts in stage `idea` (coordinator)"""
        return self._call(  # type: ignore[no-any-return]
            "POST",
            "/projects",
            {},
            query={},
            body=body,
            headers={"Idempotency-Key": idempotency_key},
            reply=WriteResult,
        )

    def reach_milestone(self, project_id: str, body: MilestoneReach, *, if_match: str | int | None = None, idempotency_key: str | None = None) -> WriteResult:
        """POST /projects/{project_id}/milestones: Record a milestone reached, with evidence (coach, coordinator); unknown id → 422"""
        return self._call(  # type: ignore[no-any-return]
            "POST",
            "/projects/{project_id}/milestones",
            {"project_id": project_id},
            query={},
            body=body,
            headers={"If-Match": if_match, "Idempotency-Key": idempotency_key},
            reply=WriteResult,
        )

    def read_attention(self) -> AttentionPublic:
        """GET /attention: Check-ins overdue, follow-ups past their date, projects without contact, gates ready and reviews open, for the caller's projects (a dashboard: 403)"""
        return self._call(  # type: ignore[no-any-return]
            "GET",
            "/attention",
            {},
            query={},
            body=None,
            headers={},
            reply=AttentionPublic,
        )

    def read_biography(self, project_id: str, *, as_known_at: str | None = None, format: Literal["json", "pdf"] | None = None) -> Any:
        """GET /projects/{project_id}/biography: The project's story in time order: check-ins, stage decisions, milestones, ladder readings, team changes (a dashboard: 403)"""
        return self._call(
            "GET",
            "/projects/{project_id}/biography",
            {"project_id": project_id},
            query={"as_known_at": as_known_at, "format": format},
            body=None,
            headers={},
        )

    def read_indicators(self, programme_id: str, *, from_: str | None = None, to: str | None = None, period: str | None = None, as_known_at: str | None = None, format: Literal["json", "csv", "xlsx", "pdf"] | None = None) -> IndicatorReportPublic:
        """GET /programmes/{programme_id}/indicators: The programme's indicators for a period, cumulative and previous, as known at an instant (JSON, CSV, XLSX or PDF)"""
        return self._call(  # type: ignore[no-any-return]
            "GET",
            "/programmes/{programme_id}/indicators",
            {"programme_id": programme_id},
            query={"from": from_, "to": to, "period": period, "as_known_at": as_known_at, "format": format},
            body=None,
            headers={},
            reply=IndicatorReportPublic,
        )

    def read_ladder(self, programme_id: str, *, by: Literal["period", "month"] | None = None, as_known_at: str | None = None) -> LadderSummaryPublic:
        """GET /programmes/{programme_id}/participation: How many of the programme's projects stand on each rung of the participation ladder, per target group, now and per reporting period or month (a coordinator: their networks' projects)"""
        return self._call(  # type: ignore[no-any-return]
            "GET",
            "/programmes/{programme_id}/participation",
            {"programme_id": programme_id},
            query={"by": by, "as_known_at": as_known_at},
            body=None,
            headers={},
            reply=LadderSummaryPublic,
        )

    def read_participation(self, project_id: str) -> ParticipationPublic | ParticipationDashboard:
        """GET /projects/{project_id}/participation: Ladder readings from sessions and co-assessments, the current level, the distance travelled and the level at each gate decision"""
        return self._call(  # type: ignore[no-any-return]
            "GET",
            "/projects/{project_id}/participation",
            {"project_id": project_id},
            query={},
            body=None,
            headers={},
            reply=ParticipationPublic | ParticipationDashboard,
        )

    def read_programme(self, programme_id: str) -> ProgrammePublic | ProgrammeDashboard:
        """GET /programmes/{programme_id}: A programme with its periods (from its own stream, never stale)"""
        return self._call(  # type: ignore[no-any-return]
            "GET",
            "/programmes/{programme_id}",
            {"programme_id": programme_id},
            query={},
            body=None,
            headers={},
            reply=ProgrammePublic | ProgrammeDashboard,
        )

    def ready(self) -> ReadyPublic:
        """GET /ready: The database answers; how far the projections lag behind (events and seconds)"""
        return self._call(  # type: ignore[no-any-return]
            "GET",
            "/ready",
            {},
            query={},
            body=None,
            headers={},
            reply=ReadyPublic,
        )

    def record_need(self, project_id: str, body: NeedCreate, *, if_match: str | int | None = None, idempotency_key: str | None = None) -> NeedRecordedResult:
        """POST /projects/{project_id}/needs: Record a need found with an empowerment tool (coach, coordinator)"""
        return self._call(  # type: ignore[no-any-return]
            "POST",
            "/projects/{project_id}/needs",
            {"project_id": project_id},
            query={},
            body=body,
            headers={"If-Match": if_match, "Idempotency-Key": idempotency_key},
            reply=NeedRecordedResult,
        )

    def redact(self, project_id: str, body: RedactionCreate, *, idempotency_key: str | None = None) -> WriteResult:
        """POST /projects/{project_id}/redactions: Redact a free-text value of an event (admin); closed projects too"""
        return self._call(  # type: ignore[no-any-return]
            "POST",
            "/projects/{project_id}/redactions",
            {"project_id": project_id},
            query={},
            body=body,
            headers={"Idempotency-Key": idempotency_key},
            reply=WriteResult,
        )

    def register_network(self, body: NetworkCreate, *, idempotency_key: str | None = None) -> WriteResult:
        """POST /networks: Register a network (a coordinator for themselves; an admin for anyone)"""
        return self._call(  # type: ignore[no-any-return]
            "POST",
            "/networks",
            {},
            query={},
            body=body,
            headers={"Idempotency-Key": idempotency_key},
            reply=WriteResult,
        )

    def register_person(self, body: PersonCreate, *, idempotency_key: str | None = None) -> PersonCreated:
        """POST /people: Register a person (coach, coordinator, admin); the name stays out of the events"""
        return self._call(  # type: ignore[no-any-return]
            "POST",
            "/people",
            {},
            query={},
            body=body,
            headers={"Idempotency-Key": idempotency_key},
            reply=PersonCreated,
        )

    def release_coach(self, project_id: str, coach_id: str, body: CoachRelease, *, if_match: str | int | None = None, idempotency_key: str | None = None) -> WriteResult:
        """DELETE /projects/{project_id}/coaches/{coach_id}: Release a coach from the project, with a reason in the body (coordinator)"""
        return self._call(  # type: ignore[no-any-return]
            "DELETE",
            "/projects/{project_id}/coaches/{coach_id}",
            {"project_id": project_id, "coach_id": coach_id},
            query={},
            body=body,
            headers={"If-Match": if_match, "Idempotency-Key": idempotency_key},
            reply=WriteResult,
        )

    def remove_team_member(self, project_id: str, person_id: str, body: TeamMemberRemoval, *, if_match: str | int | None = None, idempotency_key: str | None = None) -> WriteResult:
        """DELETE /projects/{project_id}/team/{person_id}: Remove a person from the team, with a reason in the body"""
        return self._call(  # type: ignore[no-any-return]
            "DELETE",
            "/projects/{project_id}/team/{person_id}",
            {"project_id": project_id, "person_id": person_id},
            query={},
            body=body,
            headers={"If-Match": if_match, "Idempotency-Key": idempotency_key},
            reply=WriteResult,
        )

    def request_review(self, project_id: str, body: GateReviewCreate, *, if_match: str | int | None = None, idempotency_key: str | None = None) -> GateReviewRequestedResult:
        """POST /projects/{project_id}/gate-reviews: Propose a stage change for the coordinator to decide (assigned coach, coordinator)"""
        return self._call(  # type: ignore[no-any-return]
            "POST",
            "/projects/{project_id}/gate-reviews",
            {"project_id": project_id},
            query={},
            body=body,
            headers={"If-Match": if_match, "Idempotency-Key": idempotency_key},
            reply=GateReviewRequestedResult,
        )

    def resume(self, project_id: str, body: Resumption, *, if_match: str | int | None = None, idempotency_key: str | None = None) -> WriteResult:
        """POST /projects/{project_id}/resume: Resume a paused project (coordinator)"""
        return self._call(  # type: ignore[no-any-return]
            "POST",
            "/projects/{project_id}/resume",
            {"project_id": project_id},
            query={},
            body=body,
            headers={"If-Match": if_match, "Idempotency-Key": idempotency_key},
            reply=WriteResult,
        )

    def revoke_device(self, token_id: str) -> DevicePublic | DeviceDashboard:
        """POST /devices/{token_id}/revocation: Revoke a device credential: its outbox stops at its next sync (own, or admin)"""
        return self._call(  # type: ignore[no-any-return]
            "POST",
            "/devices/{token_id}/revocation",
            {"token_id": token_id},
            query={},
            body=None,
            headers={},
            reply=DevicePublic | DeviceDashboard,
        )

    def revoke_milestone(self, project_id: str, milestone_id: str, body: MilestoneRevocation, *, if_match: str | int | None = None, idempotency_key: str | None = None) -> WriteResult:
        """POST /projects/{project_id}/milestones/{milestone_id}/revocation: Revoke a reached milestone, with a reason (coach, coordinator)"""
        return self._call(  # type: ignore[no-any-return]
            "POST",
            "/projects/{project_id}/milestones/{milestone_id}/revocation",
            {"project_id": project_id, "milestone_id": milestone_id},
            query={},
            body=body,
            headers={"If-Match": if_match, "Idempotency-Key": idempotency_key},
            reply=WriteResult,
        )

    def select_for_accelerator(self, project_id: str, body: AcceleratorSelectionCreate, *, if_match: str | int | None = None, idempotency_key: str | None = None) -> WriteResult:
        """POST /projects/{project_id}/accelerator: Select the project for an accelerator cohort (coordinator); with `programme`, enrol it there too, in the same write"""
        return self._call(  # type: ignore[no-any-return]
            "POST",
            "/projects/{project_id}/accelerator",
            {"project_id": project_id},
            query={},
            body=body,
            headers={"If-Match": if_match, "Idempotency-Key": idempotency_key},
            reply=WriteResult,
        )

    def stage_history(self, project_id: str, *, min_position: int | None = None) -> StageHistoryPublic | StageHistoryDashboard:
        """GET /projects/{project_id}/stage-history: Every period the project spent in a stage, with the days it took"""
        return self._call(  # type: ignore[no-any-return]
            "GET",
            "/projects/{project_id}/stage-history",
            {"project_id": project_id},
            query={},
            body=None,
            headers={"X-Min-Position": min_position},
            reply=StageHistoryPublic | StageHistoryDashboard,
        )

    def stage_on(self, project_id: str, *, date: str | None = None, as_known_at: str | None = None) -> StageOnPublic:
        """GET /projects/{project_id}/stage-on: Bitemporal: the stage the project was in on a date, as known at an instant"""
        return self._call(  # type: ignore[no-any-return]
            "GET",
            "/projects/{project_id}/stage-on",
            {"project_id": project_id},
            query={"date": date, "as_known_at": as_known_at},
            body=None,
            headers={},
            reply=StageOnPublic,
        )

    def verification(self, project_id: str) -> VerificationPublic:
        """GET /projects/{project_id}/verification: Recompute the stream's hash chain; names the first broken link (auditor)"""
        return self._call(  # type: ignore[no-any-return]
            "GET",
            "/projects/{project_id}/verification",
            {"project_id": project_id},
            query={},
            body=None,
            headers={},
            reply=VerificationPublic,
        )

    def withdraw_session(self, project_id: str, session_id: str, body: SessionWithdrawal, *, if_match: str | int | None = None, idempotency_key: str | None = None) -> WriteResult:
        """POST /projects/{project_id}/sessions/{session_id}/withdrawal: Withdraw a logged session, with a reason"""
        return self._call(  # type: ignore[no-any-return]
            "POST",
            "/projects/{project_id}/sessions/{session_id}/withdrawal",
            {"project_id": project_id, "session_id": session_id},
            query={},
            body=body,
            headers={"If-Match": if_match, "Idempotency-Key": idempotency_key},
            reply=WriteResult,
        )


ROUTES = [
    "DELETE /projects/{project_id}/coaches/{coach_id}",
    "DELETE /projects/{project_id}/team/{person_id}",
    "GET /attention",
    "GET /audit/export",
    "GET /coaches/{coach_id}/sessions",
    "GET /dashboard/portfolio",
    "GET /devices",
    "GET /health",
    "GET /me",
    "GET /metrics",
    "GET /milestones",
    "GET /networks",
    "GET /networks/{network_id}",
    "GET /people",
    "GET /people/{person_id}",
    "GET /programmes",
    "GET /programmes/{programme_id}",
    "GET /programmes/{programme_id}/indicators",
    "GET /programmes/{programme_id}/indicators/{code}",
    "GET /programmes/{programme_id}/participation",
    "GET /projects",
    "GET /projects/{project_id}",
    "GET /projects/{project_id}/biography",
    "GET /projects/{project_id}/coaching-history",
    "GET /projects/{project_id}/diff",
    "GET /projects/{project_id}/events",
    "GET /projects/{project_id}/gate-reviews",
    "GET /projects/{project_id}/milestones",
    "GET /projects/{project_id}/participation",
    "GET /projects/{project_id}/sessions",
    "GET /projects/{project_id}/stage-history",
    "GET /projects/{project_id}/stage-on",
    "GET /projects/{project_id}/state",
    "GET /projects/{project_id}/verification",
    "GET /ready",
    "POST /devices/{token_id}/revocation",
    "POST /networks",
    "POST /networks/{network_id}/coordinator",
    "POST /networks/{network_id}/institutions",
    "POST /people",
    "POST /people/{person_id}/erasure",
    "POST /programmes",
    "POST /projects",
    "POST /projects/{project_id}/accelerator",
    "POST /projects/{project_id}/closure",
    "POST /projects/{project_id}/coaches",
    "POST /projects/{project_id}/enrolments",
    "POST /projects/{project_id}/gate-reviews",
    "POST /projects/{project_id}/gate-reviews/{review_id}/decline",
    "POST /projects/{project_id}/milestones",
    "POST /projects/{project_id}/milestones/{milestone_id}/revocation",
    "POST /projects/{project_id}/needs",
    "POST /projects/{project_id}/participation-assessments",
    "POST /projects/{project_id}/pause",
    "POST /projects/{project_id}/redactions",
    "POST /projects/{project_id}/resume",
    "POST /projects/{project_id}/sessions",
    "POST /projects/{project_id}/sessions/{session_id}/corrections",
    "POST /projects/{project_id}/sessions/{session_id}/withdrawal",
    "POST /projects/{project_id}/stage-transitions",
    "POST /projects/{project_id}/team"
]
