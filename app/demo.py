"""A demo programme: the SEMPRE networks and micro projects with 2016-2021 histories.

Deterministic for a seed. Every event comes from the domain's own commands (the aggregates'
command methods, with their rules), and each project's history is saved in one transaction.
`projects` above the 26 real-sized programme adds generated projects (for benchmarks).

The demo records its history when it happened: a recording clock for the demo only stamps
each event as recorded on the evening of the day it happened (a session two hours after it
ended), so `as_of` and `as_known_at` questions about 2016-2021 have answers. Every other
writer, imports and offline syncs included, records at server time.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from uuid import UUID

from eventsourcing.domain import Aggregate

from app.demo_programmes import ACCELERATORS, SEMPRE, demo_programme
from app.incubator import Incubator
from domain.catalogue import STAGE_GATES
from domain.network import LocalNetwork
from domain.project import MicroProject
from domain.sessions import FollowUp, HeadCount, SessionDetails
from domain.values import (
    EmpowermentTool,
    Evidence,
    Outcome,
    ParticipationLevel,
    PersonRole,
    SessionMode,
    SessionType,
    Stage,
    Status,
    TargetGroup,
    TeamRole,
)

END = date(2021, 6, 30)
COHORT = "SEMPRE Accelerators 2019"
NETWORKS_REGISTERED_ON = date(2016, 5, 2)

# (name, country, region, target group)
NETWORKS = [
    ("LEN Dithmarschen", "DE", "Kreis Dithmarschen", TargetGroup.SINGLE_PARENTS),
    ("LEN Plön", "DE", "Kreis Plön", TargetGroup.ELDERLY),
    ("LEN Nordfriesland", "DE", "Kreis Nordfriesland", TargetGroup.MIGRANTS_REFUGEES),
    ("LEN Lolland", "DK", "Lolland", TargetGroup.LONG_TERM_UNEMPLOYED),
    ("LEN Guldborgsund", "DK", "Guldborgsund", TargetGroup.YOUTH),
    ("LEN Luleå", "SE", "Norrbotten", TargetGroup.MIGRANTS_REFUGEES),
    ("LEN Gävleborg", "SE", "Gävleborg", TargetGroup.PEOPLE_WITH_DISABILITIES),
    ("LEN Kainuu", "FI", "Kainuu", TargetGroup.ELDERLY),
    ("LEN Lapland", "FI", "Lapland", TargetGroup.YOUTH),
    ("LEN Harku", "EE", "Harju county", TargetGroup.ELDERLY),
    ("LEN Liepāja", "LV", "Kurzeme", TargetGroup.YOUTH),
    ("LEN Rucava", "LV", "South Kurzeme", TargetGroup.LONG_TERM_UNEMPLOYED),
    ("LEN Jurbarkas", "LT", "Tauragė county", TargetGroup.SINGLE_PARENTS),
    ("LEN Słupsk", "PL", "Pomerania", TargetGroup.LONG_TERM_UNEMPLOYED),
]

INSTITUTIONS = ["municipality", "parish church", "public library", "day-care centre", "job centre"]


@dataclass(frozen=True)
class RealProject:
    title: str
    network: str
    target_group: TargetGroup
    summary: str
    furthest: Stage
    outcome: Outcome | None


REAL_PROJECTS = [
    RealProject(
        "AllDi",
        "LEN Dithmarschen",
        TargetGroup.SINGLE_PARENTS,
        "Single parents help each other: a website and a sponsoring circle.",
        Stage.INDEPENDENCE,
        Outcome.INDEPENDENT,
    ),
    RealProject(
        "Newspaper & Web",
        "LEN Nordfriesland",
        TargetGroup.MIGRANTS_REFUGEES,
        "Refugees write a local newspaper and website, coached every other week.",
        Stage.INDEPENDENCE,
        Outcome.INFORMAL_STABLE,
    ),
    RealProject(
        "Stopover Coffee Shop",
        "LEN Liepāja",
        TargetGroup.YOUTH,
        "Young mothers run a coffee shop at the bus stopover, run by a company.",
        Stage.INDEPENDENCE,
        Outcome.ABSORBED,
    ),
    RealProject(
        "Martyno Žąsys",
        "LEN Jurbarkas",
        TargetGroup.SINGLE_PARENTS,
        "Single parents found an association; two workplaces are planned.",
        Stage.INDEPENDENCE,
        Outcome.INDEPENDENT,
    ),
    RealProject(
        "SIVANs dog service",
        "LEN Gävleborg",
        TargetGroup.PEOPLE_WITH_DISABILITIES,
        "People with mental disabilities run a dog walking and care service.",
        Stage.INDEPENDENCE,
        None,
    ),
    RealProject(
        "Harkujärve Community Centre",
        "LEN Harku",
        TargetGroup.ELDERLY,
        "Older villagers run their community centre and its activities.",
        Stage.INDEPENDENCE,
        Outcome.INDEPENDENT,
    ),
    RealProject(
        "Rucava recipe brochure",
        "LEN Rucava",
        TargetGroup.LONG_TERM_UNEMPLOYED,
        "Long-term unemployed collect and sell the region's traditional recipes.",
        Stage.PILOT,
        Outcome.INFORMAL_STABLE,
    ),
    RealProject(
        "Sömnadskollektivet",
        "LEN Luleå",
        TargetGroup.MIGRANTS_REFUGEES,
        "Migrant tailors form a sewing cooperative.",
        Stage.INDEPENDENCE,
        None,
    ),
]

GENERATED_TITLES = [
    "Village bus buddies",
    "Repair café",
    "Homework club",
    "Community garden",
    "Senior IT help",
    "Youth radio",
    "Lunch table",
    "Bike workshop",
    "Language tandem",
    "Care circle",
    "Playground parents",
    "Wood workshop",
    "Choir for all",
    "Second-hand shop",
    "Fishing club",
    "Mushroom school",
    "Sauna evenings",
    "Knitting circle",
]

SESSION_TYPES = [
    (SessionType.COACHING, 40),
    (SessionType.CONSULTING, 12),
    (SessionType.TRAINING, 12),
    (SessionType.PEER_EXCHANGE, 8),
    (SessionType.NETWORK_MEETING, 8),
    (SessionType.NEEDS_WORKSHOP, 6),
    (SessionType.GATE_REVIEW, 4),
    (SessionType.BIOGRAPHY_CHECKIN, 10),
]
LEVELS = list(ParticipationLevel)

# milestones worked on at each stage (beyond the gate's own)
EXTRA_MILESTONES = {
    Stage.IDEA: ["TEAM-02"],
    Stage.CO_CREATION: ["SKILL-01", "ORG-01", "NET-01"],
    Stage.PILOT: ["FIN-02", "GOV-02", "JOB-01"],
    Stage.INDEPENDENCE: ["ORG-02", "GOV-01", "FIN-01", "FIN-03", "IMPACT-01", "TRANS-01"],
}


@dataclass
class DemoSummary:
    networks: int = 0
    projects: int = 0
    people: int = 0
    events: int = 0
    # The walk-through project of the README: an active project in the earliest stage, with
    # its coach and its network's coordinator (the demo's coach and coordinator tokens).
    project_id: UUID | None = None
    coach_id: UUID | None = None
    coordinator_id: UUID | None = None
    network_id: UUID | None = None
    alldi_id: UUID | None = None


def record_when_it_happened(aggregate: Aggregate) -> None:
    """The demo's recording clock: stamps the aggregate's pending events with the time they
    would have been recorded, in order (each at least a second after the one before)."""
    at: datetime | None = None
    for event in aggregate.pending_events:
        day = getattr(event, "occurred_on", None)
        if isinstance(event, MicroProject.SessionLogged):
            moment = event.details.ended_at.astimezone(UTC) + timedelta(hours=2)
        elif isinstance(day, date):
            moment = datetime.combine(day, time(18), UTC)
        else:
            moment = (at or datetime.combine(END, time(18), UTC)) + timedelta(minutes=5)
        at = moment if at is None else max(moment, at + timedelta(seconds=1))
        object.__setattr__(event, "timestamp", at)


class DemoProgramme:
    def __init__(self, incubator: Incubator, seed: int = 2016) -> None:
        self.incubator = incubator
        self.seed = seed
        self.rng = random.Random(seed)
        self.today = incubator.clock().date()
        self.now = incubator.clock()

    def _uuid(self) -> UUID:
        return UUID(int=self.rng.getrandbits(128), version=4)

    def _person(self, role: PersonRole, name: str) -> UUID:
        return self.incubator.register_person(
            display_name=name, role=role, person_id=self._uuid()
        ).id

    def load(
        self, projects: int = 26, progress: Callable[[int, int], None] | None = None
    ) -> DemoSummary:
        summary = DemoSummary()
        networks: dict[str, tuple[UUID, list[UUID]]] = {}
        networks_by_id: dict[UUID, UUID] = {}
        walk_through: MicroProject | None = None
        for n, (name, country, region, group) in enumerate(NETWORKS):
            coordinator = self._person(PersonRole.COORDINATOR, f"Coordinator {n + 1} ({name})")
            coaches = [self._person(PersonRole.COACH, f"Coach {n + 1}.{k + 1}") for k in range(2)]
            network = LocalNetwork.register(
                id=self._uuid(),
                name=name,
                country=country,
                region=region,
                target_group=group,
                institutions=[f"{region} {i}" for i in self.rng.sample(INSTITUTIONS, 3)],
                coordinator_id=coordinator,
                actor=str(coordinator),
                today=self.today,
                registered_on=NETWORKS_REGISTERED_ON,
            )
            self._save(network)
            networks[name] = (network.id, [coordinator, *coaches])
            networks_by_id[network.id] = coordinator
            summary.networks += 1
            summary.people += 3
        sempre, accelerators = (
            demo_programme(spec, self.seed, "system:seed-demo", self.today)
            for spec in (SEMPRE, ACCELERATORS)
        )
        for programme in (sempre, accelerators):
            self._save(programme)
        self.programmes = (sempre, accelerators)
        plans: list[tuple[str, str, TargetGroup, str, Stage, Outcome | None]] = [
            (p.title, p.network, p.target_group, p.summary, p.furthest, p.outcome)
            for p in REAL_PROJECTS
        ]
        while len(plans) < projects:
            name, _c, _r, group = self.rng.choice(NETWORKS)
            furthest = self.rng.choices(list(Stage), weights=[3, 4, 3, 2])[0]
            outcome = self.rng.choice([None, None, Outcome.DISCONTINUED, Outcome.INFORMAL_STABLE])
            title = f"{self.rng.choice(GENERATED_TITLES)} {len(plans) + 1}"
            plans.append(
                (
                    title,
                    name,
                    group,
                    f"{title}: a service co-created with its users.",
                    furthest,
                    outcome,
                )
            )
        for index, (title, network_name, group, text, furthest, outcome) in enumerate(
            plans[:projects]
        ):
            network_id, staff = networks[network_name]
            team = (
                []
                if index >= 200
                else [
                    self._person(PersonRole.SERVICE_USER, f"Service user {index + 1}.{k + 1}")
                    for k in range(self.rng.randint(2, 5))
                ]
            )
            summary.people += len(team)
            project = self._history(
                network_id,
                staff,
                team,
                title,
                group,
                text,
                furthest,
                outcome,
                selected=index < len(REAL_PROJECTS),
            )
            summary.events += len(project.pending_events)
            self._save(project)
            summary.projects += 1
            if project.title == "AllDi":
                summary.alldi_id = project.id
            if project.status is Status.ACTIVE and (
                walk_through is None or project.stage.index < walk_through.stage.index
            ):
                walk_through = project
            if progress is not None:
                progress(index + 1, projects)
        if walk_through is not None:
            summary.project_id = walk_through.id
            summary.coach_id = walk_through.coaches[0]
            summary.network_id = walk_through.network_id
            summary.coordinator_id = networks_by_id[walk_through.network_id]
        return summary

    def _save(self, aggregate: Aggregate) -> None:
        record_when_it_happened(aggregate)
        self.incubator.save(aggregate)
        # The saved object still carries the stamps its events had when they were made.
        self.incubator.evict(aggregate.id)

    # ------------------------------------------------------------------ one project
    def _history(
        self,
        network_id: UUID,
        staff: list[UUID],
        team: list[UUID],
        title: str,
        group: TargetGroup,
        text: str,
        furthest: Stage,
        outcome: Outcome | None,
        selected: bool,
    ) -> MicroProject:
        rng = self.rng
        coordinator, coaches = staff[0], staff[1:]
        by = str(coordinator)
        day = date(2016, 6, 1) + timedelta(days=rng.randint(0, 540))
        project = MicroProject.propose(
            id=self._uuid(),
            title=title,
            network_id=network_id,
            target_group=group,
            summary=text,
            actor=by,
            proposed_on=day,
            today=self.today,
        )
        sempre, accelerators = self.programmes
        project.enrol(sempre.id, day, sempre.window(), by, self.today)
        coach = rng.choice(coaches)
        project.assign_coach(coach, by)
        for member in team:
            project.add_team_member(member, TeamRole.SERVICE_USER, day, by, self.today)
        project.record_need(
            self._uuid(),
            f"What {group.value.replace('_', ' ')} miss most nearby",
            EmpowermentTool.NEEDS_WORKSHOP,
            day + timedelta(days=14),
            str(coach),
            self.today,
        )
        stages = list(Stage)
        for stage in stages[: furthest.index + 1]:
            span = rng.randint(120, 330)
            end = min(day + timedelta(days=span), END)
            self._sessions(project, coach, stage, day, end, bool(team))
            if end >= END:
                return project
            for milestone in EXTRA_MILESTONES[stage]:
                if rng.random() < 0.6 or (
                    stage is Stage.INDEPENDENCE and outcome is Outcome.INDEPENDENT
                ):
                    self._reach(
                        project, coach, milestone, day + timedelta(days=rng.randint(10, span))
                    )
            if stage is Stage.PILOT and rng.random() < 0.15 and stage is not furthest:
                back = end
                project.revert_stage(
                    Stage.CO_CREATION, "the pilot lost its venue", by, self.today, back
                )
                end = back + timedelta(days=rng.randint(40, 90))
                self._reach(project, coach, "PLAN-01", end, again=True)
                project.advance_stage(Stage.PILOT, "a new venue was found", by, self.today, end)
            if selected and stage is Stage.PILOT and project.accelerator is None:
                chosen = max(end, date(2019, 10, 1)) if end < END else END
                project.select_for_accelerator(COHORT, chosen, by, self.today)
                # The selection is an enrolment in SEMPRE Accelerators: the same stream runs on.
                project.enrol(accelerators.id, chosen, accelerators.window(), by, self.today)
            if stage is not furthest:
                gate = STAGE_GATES[(stage, stages[stage.index + 1])]
                for group_ids in gate.requires:
                    self._reach(project, coach, rng.choice(group_ids), end - timedelta(days=7))
                project.advance_stage(
                    stages[stage.index + 1], "gate review passed", by, self.today, end
                )
            day = end
        if outcome is not None:
            closed = min(day + timedelta(days=rng.randint(30, 200)), END)
            if outcome is Outcome.INDEPENDENT:
                for milestone in ("ORG-02", "GOV-01", "FIN-01", "FIN-03"):
                    self._reach(project, coach, milestone, closed - timedelta(days=3))
            project.close(
                outcome, "the partners agreed at the final review", by, self.today, closed
            )
        return project

    def _reach(
        self, project: MicroProject, coach: UUID, milestone: str, on: date, again: bool = False
    ) -> None:
        if milestone in project.reached_milestones:
            if not again:
                return
            project.revoke_milestone(milestone, "the plan changed", str(coach))
        project.reach_milestone(
            milestone,
            min(on, END),
            Evidence(f"{milestone} documented by the coach"),
            str(coach),
            self.today,
        )

    def _sessions(
        self, project: MicroProject, coach: UUID, stage: Stage, start: date, end: date, named: bool
    ) -> None:
        rng = self.rng
        day = start + timedelta(days=rng.randint(3, 12))
        level = min(stage.index + 1 + rng.randint(0, 1), len(LEVELS) - 1)
        while day < end:
            started = datetime(
                day.year, day.month, day.day, rng.choice([9, 10, 14, 16, 17]), tzinfo=UTC
            )
            kind = rng.choices(
                [t for t, _ in SESSION_TYPES], weights=[w for _, w in SESSION_TYPES]
            )[0]
            participants = list(project.team)[:3] if named and rng.random() < 0.4 else []
            details = SessionDetails(
                session_type=kind,
                started_at=started,
                duration_minutes=rng.choice([45, 60, 90, 120]),
                mode=rng.choices(list(SessionMode), weights=[6, 3, 1])[0],
                coach_ids=(coach,),
                participation_level=LEVELS[level],
                summary=f"{kind.value.replace('_', ' ')} session",
                participant_ids=tuple(UUID(p) for p in participants),
                anonymous_participants=(HeadCount(TeamRole.SERVICE_USER, rng.randint(2, 9)),),
                follow_ups=(FollowUp("prepare the next step", day + timedelta(days=14)),)
                if rng.random() < 0.3
                else (),
            )
            session_id = self._uuid()
            project.log_session(session_id, details, str(coach), self.now)
            roll = rng.random()
            if roll < 0.05:
                project.correct_session(
                    session_id, {"duration_minutes": 75}, "duration mistyped", str(coach), self.now
                )
            elif roll < 0.07:
                project.withdraw_session(session_id, "logged twice", str(coach))
            day += timedelta(days=rng.randint(10, 28))
