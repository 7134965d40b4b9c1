"""Refusals in the user's language: validation errors by their kind, domain errors by class.

The API answers in English (its problem bodies are for programs); a page shows the same
refusal next to the field it concerns, in the reader's language.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from api.pages.i18n import Language
from api.pages.labels import N_
from domain import errors as e

# pydantic's error types, and how a page says them.
_VALIDATION: Mapping[str, str] = {
    "missing": N_("Please fill this in."),
    "string_too_short": N_("Please fill this in."),
    "string_too_long": N_("Please shorten this to at most %(max_length)s characters."),
    "too_long": N_("Please choose at most %(max_length)s."),
    "greater_than_equal": N_("Please enter at least %(ge)s."),
    "less_than_equal": N_("Please enter at most %(le)s."),
    "int_parsing": N_("Please enter a whole number."),
    "int_type": N_("Please enter a whole number."),
    "date_parsing": N_("Please enter a date."),
    "date_from_datetime_parsing": N_("Please enter a date."),
    "date_type": N_("Please enter a date."),
    "datetime_parsing": N_("Please enter a date and a time."),
    "datetime_from_date_parsing": N_("Please enter a date and a time."),
    "timezone_aware": N_("Please enter a date and a time."),
    "enum": N_("Please choose one of the options."),
    "literal_error": N_("Please choose one of the options."),
    "uuid_parsing": N_("Please choose from the list."),
    "uuid_type": N_("Please choose from the list."),
    "string_pattern_mismatch": N_("Please check the format of this value."),
    "extra_forbidden": N_("This field is not part of the form."),
}


def validation_message(language: Language, problem: Mapping[str, Any]) -> str:
    kind = str(problem.get("type", ""))
    context = {k: v for k, v in (problem.get("ctx") or {}).items() if isinstance(v, int | str)}
    message = _VALIDATION.get(kind)
    if message is None:
        return language.gettext("This value is not valid.")
    wanted = set(re.findall(r"%\((\w+)\)s", message))
    return language.gettext(message, **{k: context.get(k, "") for k in wanted})


# The domain's reasons (English) that a page says in the reader's words, by a pattern.
_REASONS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"is in the future"), N_("This date is in the future.")),
    (
        re.compile(r"is before 2000|is before the year 2000"),
        N_("This date is before the year 2000."),
    ),
    (
        re.compile(r"is before the last stage change"),
        N_("This date is before the last stage change."),
    ),
    (re.compile(r"is before the session"), N_("The follow-up is due before the session.")),
    (re.compile(r"is before the member joined"), N_("This date is before the member joined.")),
    (re.compile(r"must not be empty"), N_("Please fill this in.")),
    (re.compile(r"must be at most (\d+) characters"), N_("Please shorten this.")),
    (
        re.compile(r"a session is logged after it took place"),
        N_("A session is logged after it took place: this time is in the future."),
    ),
    (
        re.compile(r"must be from 1 to \d+ minutes"),
        N_("A session lasts from 1 minute to 12 hours."),
    ),
    (
        re.compile(r"at least one coach held the session"),
        N_("Name at least one coach who held the session."),
    ),
    (re.compile(r"is named twice"), N_("Someone is named twice.")),
    (re.compile(r"not in the milestone catalogue"), N_("This milestone is not in the catalogue.")),
    (
        re.compile(r"needs a note or at least one link"),
        N_("Evidence needs a note or at least one link."),
    ),
    (re.compile(r"a link must not be blank"), N_("A link must not be blank.")),
    (
        re.compile(r"not an assigned coach|coaches of the project"),
        N_("Only coaches assigned to the project can be named."),
    ),
    (
        re.compile(r"a step back has no gate to override"),
        N_("A step back has no gate to override."),
    ),
    (re.compile(r"head count"), N_("A head count is from 1 to 10,000.")),
)


def domain_message(language: Language, error: e.DomainError) -> str:
    """A domain refusal in the reader's words (the English reason as a last resort)."""
    if isinstance(error, e.GateNotMet):
        missing = ", ".join(" / ".join(group) for group in error.missing)
        return language.gettext(
            "The gate is not met: these milestones are missing: %(missing)s. To go ahead "
            "anyway, justify an override.",
            missing=missing,
        )
    if isinstance(error, e.ProjectClosed):
        return language.gettext("The project is closed: it accepts no more changes.")
    if isinstance(error, e.SessionAlreadyWithdrawn):
        return language.gettext("This session was withdrawn: it cannot change any more.")
    if isinstance(error, e.VersionConflict):
        return language.gettext("The project changed while you were filling in the form.")
    if isinstance(error, e.NotFound):
        return language.gettext("It does not exist (any more): %(what)s.", what=error.kind)
    if isinstance(error, e.AlreadyRecorded):
        return language.gettext("This is already recorded.")
    reason = error.reason if isinstance(error, e.InvalidInput) else error.message
    for pattern, message in _REASONS:
        if pattern.search(reason):
            return language.gettext(message)
    if isinstance(error, e.InvalidTransition):
        return language.gettext("This change is not possible now: %(reason)s", reason=reason)
    return language.gettext("This was refused: %(reason)s", reason=reason)
