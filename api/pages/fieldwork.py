"""What a form shows and how its fields become the API's request body: session times in the
project's local time, the participation ladder explained, choices of the domain's values.

Pure functions of data and language (no HTTP, no database), like views.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from api.pages.i18n import Language
from api.pages.labels import N_
from domain.catalogue import MILESTONES
from domain.values import EmpowermentTool, ParticipationLevel, SessionMode, SessionType, TeamRole

LADDER_HINTS: Mapping[str, str] = {
    "informed": N_("Service users are told what is planned."),
    "consulted": N_("Service users are asked for their views before others decide."),
    "engaged": N_("Service users take part in the activities."),
    "co_designing": N_("Service users shape the plans together with the providers."),
    "co_producing": N_("Service users deliver the service together with the providers."),
    "user_led": N_("Service users lead; providers support them."),
}
FOLLOW_UP_ROWS = 3
ANONYMOUS_ROLES = tuple(role.value for role in TeamRole)


def local_moment(day: str, at: str, zone: ZoneInfo) -> str:
    """The form's date and time in the zone, as the API's aware timestamp (or, when they do not
    parse, the text as given, for the API's own validation to refuse)."""
    try:
        moment = datetime.combine(date.fromisoformat(day), time.fromisoformat(at), zone)
    except ValueError:
        return f"{day}T{at}"
    return moment.isoformat()


def options(values: Iterable[str], language: Language) -> list[tuple[str, str]]:
    return [(value, language.value(value)) for value in values]


def session_choices(language: Language) -> dict[str, Any]:
    return {
        "types": options((t.value for t in SessionType), language),
        "modes": options((m.value for m in SessionMode), language),
        "levels": [
            (level.value, language.value(level.value), language.gettext(LADDER_HINTS[level.value]))
            for level in ParticipationLevel
        ],
        "tools": options((t.value for t in EmpowermentTool), language),
        "milestones": [(m.id, f"{m.id} · {language.milestone(m.id)}") for m in MILESTONES.values()],
        "anonymous_roles": options(ANONYMOUS_ROLES, language),
        "follow_up_rows": range(FOLLOW_UP_ROWS),
    }


def _lines(text: Any) -> list[str]:
    return [line.strip() for line in str(text or "").splitlines() if line.strip()]


def _many(values: Mapping[str, Any], name: str) -> list[str]:
    found = values.get(name, [])
    return [v for v in (found if isinstance(found, list) else [found]) if v]


def session_body(values: Mapping[str, Any], zone: ZoneInfo) -> dict[str, Any]:
    """The log-a-session form's fields as POST /projects/{id}/sessions's body."""
    anonymous = []
    for role in ANONYMOUS_ROLES:
        raw = str(values.get(f"anonymous.{role}", "") or "").strip()
        if raw and raw != "0":
            anonymous.append({"role": role, "count": raw})
    follow_ups = []
    for row in range(FOLLOW_UP_ROWS):
        what = str(values.get(f"follow_ups.{row}.what", "") or "").strip()
        due = str(values.get(f"follow_ups.{row}.due_on", "") or "").strip()
        if what or due:
            follow_ups.append({"what": what, "due_on": due})
    body: dict[str, Any] = {
        "type": values.get("type") or None,
        "started_at": local_moment(
            str(values.get("started_on", "")), str(values.get("started_time", "")), zone
        ),
        "duration_minutes": values.get("duration_minutes") or None,
        "mode": values.get("mode") or None,
        "participants": {"person_ids": _many(values, "participant_ids"), "anonymous": anonymous},
        "topics": _lines(values.get("topics")),
        "milestone_ids": _many(values, "milestone_ids"),
        "tools": _many(values, "tools"),
        "summary": str(values.get("summary", "") or "").strip(),
        "follow_ups": follow_ups,
        "participation_level": values.get("participation_level") or None,
    }
    return {k: v for k, v in body.items() if v is not None}


# A session's API fields and the form fields that show them (for refusals).
SESSION_FIELDS: Mapping[str, str] = {
    "started_at": "started_on",
    "participants.person_ids": "participant_ids",
    "coach_ids": "participant_ids",
    "type": "type",
    "participation_level": "participation_level",
    **{f"follow_ups.{row}.what": f"follow_ups.{row}.what" for row in range(FOLLOW_UP_ROWS)},
    **{f"follow_ups.{row}.due_on": f"follow_ups.{row}.due_on" for row in range(FOLLOW_UP_ROWS)},
    **{
        f"participants.anonymous.{i}.count": f"anonymous.{r}" for i, r in enumerate(ANONYMOUS_ROLES)
    },
}


def prefill_session(
    last: Mapping[str, Any] | None, zone: ZoneInfo, now: datetime
) -> dict[str, Any]:
    """A new session's form, filled from the coach's last session on the project (its type,
    mode, duration, participants and level), dated now in the project's local time."""
    here = now.astimezone(zone)
    values: dict[str, Any] = {
        "started_on": here.date().isoformat(),
        "started_time": here.strftime("%H:%M"),
        "type": "coaching",
        "mode": "on_site",
        "duration_minutes": "60",
        "participation_level": "engaged",
    }
    if last:
        values.update(
            type=last.get("session_type", "coaching"),
            mode=last.get("mode", "on_site"),
            duration_minutes=str(last.get("duration_minutes", 60)),
            participation_level=last.get("participation_level", "engaged"),
            participant_ids=[str(p) for p in last.get("participant_ids", [])],
        )
        for head in last.get("anonymous_participants", []):
            values[f"anonymous.{head['role']}"] = str(head["count"])
    return values


# The fields a correction compares, as groups of form fields, and the API key each sets.
CORRECTABLE: Mapping[str, tuple[str, ...]] = {
    "type": ("type",),
    "started_at": ("started_on", "started_time"),
    "duration_minutes": ("duration_minutes",),
    "mode": ("mode",),
    "participants": ("participant_ids", *(f"anonymous.{r}" for r in ANONYMOUS_ROLES)),
    "topics": ("topics",),
    "milestone_ids": ("milestone_ids",),
    "tools": ("tools",),
    "summary": ("summary",),
    "follow_ups": tuple(
        f"follow_ups.{row}.{part}" for row in range(FOLLOW_UP_ROWS) for part in ("what", "due_on")
    ),
    "participation_level": ("participation_level",),
}


def correction_fields() -> dict[str, str]:
    fields = {f"changes.{k}": v for k, v in SESSION_FIELDS.items()}
    fields.update({f"changes.{key}": group[0] for key, group in CORRECTABLE.items()})
    return fields


# Checkboxes: a browser posts nothing when none is ticked and one value when one is.
MANY = frozenset({"participant_ids", "milestone_ids", "tools"})


def _normal(field: str, value: Any) -> Any:
    if field in MANY or isinstance(value, list):
        values = value if isinstance(value, list) else [] if value is None else [value]
        return sorted(str(v).strip() for v in values if str(v).strip())
    text = str(value or "").strip()
    return "" if text in ("", "0") else text


def correction_changes(
    values: Mapping[str, Any], zone: ZoneInfo, current: Mapping[str, Any]
) -> dict[str, Any]:
    """The fields the correction form changed (against the session as it stands), as the
    API's `changes`: only those, so that a correction records exactly what was corrected."""
    body = session_body(values, zone)
    changes: dict[str, Any] = {}
    for key, group in CORRECTABLE.items():
        if key == "topics":
            differs = _lines(values.get("topics")) != _lines(current.get("topics"))
        else:
            differs = any(_normal(f, values.get(f)) != _normal(f, current.get(f)) for f in group)
        if differs:
            changes[key] = body.get(key, [] if key in ("topics", "milestone_ids", "tools") else "")
    return changes
