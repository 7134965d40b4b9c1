"""Forms that write: the JSON API's own commands, through the same guard and the same
idempotent write, answered as pages.

A form page renders a `Form`: the values to show (defaults, or what was submitted), each
refusal next to the field it concerns, the refusals of no one field in a summary, the
idempotency key minted when the form was rendered (a double tap or a resubmission records
once), and for forms that change or decide something already recorded the version they were
rendered from (a stale one shows what changed meanwhile and lets the user resubmit on the new
state; it never overwrites silently). Every post carries the session's CSRF value and must
come from this site. No business rule lives here: `Submission` builds the API's request body,
validates it with the API's schema, and runs the command the schema makes.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any, TypeVar
from uuid import UUID

from fastapi import Depends, Request
from pydantic import BaseModel, ValidationError
from starlette.datastructures import FormData

from api.pages.labels import EVENT_LABELS
from api.pages.messages import domain_message, validation_message
from api.pages.session import Viewer, csrf_matches, same_origin
from api.pages.shell import name_of
from api.problems import ApiProblem
from api.writes import Write, expected_version
from app import audit
from app.access import Action
from app.commands import Command
from domain.errors import DomainError, GateNotMet, InvalidInput, VersionConflict

M = TypeVar("M", bound=BaseModel)


async def read_form(request: Request) -> FormData:
    return await request.form(max_files=0, max_fields=400)


FormDep = Annotated[FormData, Depends(read_form)]


def new_key() -> str:
    return secrets.token_urlsafe(18)


@dataclass
class Conflict:
    """The record moved on since the form was rendered: from which version to which."""

    rendered: int
    current: int
    changes: list[str]


@dataclass
class Form:
    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    summary: list[str] = field(default_factory=list)
    key: str = field(default_factory=new_key)
    version: int | None = None
    conflict: Conflict | None = None
    outbox: dict[str, Any] | None = None  # what the device's outbox needs (api/pages/outbox.py)

    def value(self, name: str, default: Any = "") -> Any:
        found = self.values.get(name, default)
        return default if found is None else found

    def chosen(self, name: str) -> list[str]:
        """The values of a multiple choice (checkboxes), as strings."""
        found = self.values.get(name, [])
        return [str(v) for v in (found if isinstance(found, list | tuple) else [found])]

    def error(self, name: str) -> str | None:
        return self.errors.get(name)

    @property
    def invalid(self) -> bool:
        return bool(self.errors or self.summary or self.conflict)


class Refused(Exception):
    """The submission was refused: re-render the form with `form` (input kept), `status`."""

    def __init__(self, form: Form, status: int) -> None:
        super().__init__(status)
        self.form = form
        self.status = status


def submitted(data: FormData) -> dict[str, Any]:
    """The posted fields as values (one) or lists (several, e.g. checkboxes)."""
    values: dict[str, Any] = {}
    for name in data:
        if name in ("csrf", "idempotency_key", "version"):
            continue
        found = [v for v in data.getlist(name) if isinstance(v, str)]
        values[name] = found[0] if len(found) == 1 else found
    return values


def _canonical(values: Mapping[str, Any]) -> bytes:
    return json.dumps(values, sort_keys=True, separators=(",", ":"), default=str).encode()


class Submission:
    """One posted form: checked, validated, run; refusals become a re-rendered `Form`."""

    def __init__(
        self,
        request: Request,
        viewer: Viewer,
        data: FormData,
        fields: Mapping[str, str] | None = None,
    ) -> None:
        self.request = request
        self.viewer = viewer
        self.data = data
        self.fields = dict(fields or {})  # an API field (dotted) -> the form field showing it
        self.form = Form(
            values=submitted(data),
            key=str(data.get("idempotency_key") or new_key())[:255],
            version=_version(data.get("version")),
        )
        csrf = data.get("csrf")
        if not same_origin(request) or not csrf_matches(
            viewer.session.csrf, csrf if isinstance(csrf, str) else None
        ):
            raise ApiProblem(403, "the form was stale or came from another site; nothing changed")

    @property
    def language(self) -> Any:
        return self.viewer.language

    def _fingerprint(self) -> str:
        return self.viewer.container.receipts.fingerprint(
            "POST", self.request.url.path, _canonical(self.form.values)
        )

    def sent_before(self) -> bool:
        """This very form (key and values) was recorded already: for forms whose body depends
        on the state it was compared with (a correction), which a replay must not recompute."""
        container = self.viewer.container
        principal = self.viewer.session.principal
        earlier = container.receipts.find(principal.token_id, self.form.key, container.clock())
        return earlier is not None and earlier.fingerprint == self._fingerprint()

    def _field(self, api_field: str) -> str:
        """The form field showing an API field: mapped exactly, or by its nearest mapped
        parent (evidence.links.2 -> the links box)."""
        name = api_field.removeprefix("body.")
        parts = name.split(".")
        for end in range(len(parts), 0, -1):
            mapped = self.fields.get(".".join(parts[:end]))
            if mapped is not None:
                return mapped
        return name

    def validate(self, schema: type[M], body: Mapping[str, Any]) -> M:
        """The API's request schema over the form's body; field errors in the user's words."""
        try:
            return schema.model_validate(body)
        except ValidationError as error:
            for problem in error.errors():
                name = self._field(".".join(str(part) for part in problem["loc"]))
                self.form.errors.setdefault(name, validation_message(self.language, problem))
            raise Refused(self.form, 422) from None

    def refuse(self, error: DomainError, stream_id: UUID | None = None) -> Refused:
        if isinstance(error, VersionConflict):
            rendered = self.form.version or error.current
            self.form.conflict = Conflict(
                rendered, error.current, self._changes(stream_id, rendered)
            )
            self.form.version = error.current  # resubmitting applies to the state now
            self.form.key = new_key()
            return Refused(self.form, 409)
        message = domain_message(self.language, error)
        if isinstance(error, GateNotMet) and "gate" in self.fields:
            self.form.errors.setdefault(self.fields["gate"], message)
            return Refused(self.form, 409)
        if isinstance(error, InvalidInput) and error.field:
            self.form.errors.setdefault(self._field(error.field), message)
            return Refused(self.form, 422)
        self.form.summary.append(message)
        return Refused(self.form, 409 if not isinstance(error, InvalidInput) else 422)

    def _changes(self, stream_id: UUID | None, since: int) -> list[str]:
        """What was recorded after `since`, in words: what, on which day, by whom."""
        if stream_id is None:
            return []
        incubator = self.viewer.guard.incubator
        try:
            entries = audit.project_history(incubator, stream_id, from_version=since + 1)
        except DomainError:
            return []
        language = self.language
        return [
            language.gettext(
                "%(what)s on %(day)s by %(who)s",
                what=language.gettext(EVENT_LABELS.get(entry.type.split(".")[-1], entry.type)),
                day=language.date(entry.recorded_at),
                who=name_of(self.viewer, entry.actor or "") or language.gettext("someone"),
            )
            for entry in entries[:20]
        ]

    def write(
        self,
        run: Callable[[int | None], Any],
        versioned: bool,
        stream_id: UUID | None = None,
    ) -> dict[str, Any]:
        """Runs the write keyed by the form's idempotency key (a replay answers as the first
        time); with the form's version when it `versioned`."""
        principal = self.viewer.session.principal
        container = self.viewer.container
        # What the person sent identifies the submission (not the body made from it, which
        # for a correction depends on the state it is compared with): the same form sent
        # twice replays. Keyed with the server secret, as the API's receipts are.
        write = Write(container, principal, self.form.key, self._fingerprint())
        expected = self.form.version if versioned else None
        try:
            reply = write.run(lambda: run(expected), status_code=201)
        except DomainError as error:
            raise self.refuse(error, stream_id) from None
        except ApiProblem as problem:  # the key was used for another submission
            self.form.summary.append(
                self.language.gettext(
                    "This form was already sent with other values. Please check and send it again."
                )
            )
            self.form.key = new_key()
            raise Refused(self.form, problem.status) from None
        answer: dict[str, Any] = json.loads(bytes(reply.body))
        return answer

    def command(
        self,
        stream_id: UUID,
        action: Action,
        make: Callable[[], Command],
        versioned: bool = False,
        network: bool = False,
    ) -> dict[str, Any]:
        """Checks the caller as the API does, makes the command (after the check, as the API
        does) and runs it."""
        guard = self.viewer.guard
        if network:
            guard.network(stream_id, action)
        else:
            guard.project(stream_id, action)
        try:
            command = make()
        except DomainError as error:
            raise self.refuse(error) from None
        actor = guard.principal.actor
        incubator = guard.incubator
        return self.write(
            lambda expected: incubator.execute(
                stream_id, command, actor=actor, expected_version=expected
            ),
            versioned,
            stream_id,
        )


def _version(raw: Any) -> int | None:
    if not isinstance(raw, str) or not raw.strip():
        return None
    try:
        return expected_version(raw.strip())
    except ApiProblem:
        return None
