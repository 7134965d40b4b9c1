"""What a form tells the device's outbox (static/outbox.js), declared once beside the form.

A form that may be saved without a connection names the JSON API route its item goes to
(`Queued`: method and path, the path's `{names}` filled from the form's fields), the label the
outbox lists it under, and a `Shape`: how the form's fields become that route's request body.
The same shape builds the body on the server (`build`, for the page's own post) and on the
device (outbox.js reads it from the form's `data-outbox` attribute), so that the two cannot
drift apart. A shape is a JSON value whose leaves name a form field and how to read it:
`text:NAME` (trimmed), `optional:NAME` (trimmed, null when blank), `lines:NAME` (one item a
line); the session forms use two leaves only the device reads (`session`, the log-a-session
body; `{"$changes": groups, "was": session}`, the fields a correction changed against the session
the page showed).

The outbox item also carries, for "ask the coordinator", the project's network coordinator as
the records hold them: their name and, when their contact holds an e-mail address, that address.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from api.pages.session import Viewer
from api.pages.shell import name_of
from app.dto import ProjectState
from domain.errors import NotFound

Shape = Mapping[str, Any] | str
Values = Mapping[str, Any]


def text(name: str) -> str:
    return f"text:{name}"


def optional(name: str) -> str:
    return f"optional:{name}"


def lines(name: str) -> str:
    return f"lines:{name}"


def _read(leaf: str, values: Values) -> Any:
    how, _, name = leaf.partition(":")
    raw = values.get(name, "")
    found = raw.strip() if isinstance(raw, str) else ""
    if how == "optional":
        return found or None
    if how == "lines":
        return [line.strip() for line in found.splitlines() if line.strip()]
    return found


def build(shape: Shape, values: Values) -> Any:
    """The request body the shape makes of the form's values (as outbox.js makes it)."""
    if isinstance(shape, str):
        return _read(shape, values)
    return {key: build(part, values) for key, part in shape.items()}


@dataclass(frozen=True)
class Queued:
    """The JSON API route a form's outbox item is sent to, and what the outbox calls it."""

    route: str  # "POST /projects/{project_id}/needs"; other {names} are the form's fields
    label: str  # a msgid (labels.N_)

    def attribute(
        self,
        viewer: Viewer,
        project: ProjectState,
        shape: Shape,
        done: str,
        version_checked: bool,
        **extra: Any,
    ) -> dict[str, Any]:
        """The form's `data-outbox` value: everything the device needs to send it later."""
        method, _, path = self.route.partition(" ")
        return {
            "label": viewer.language.gettext(self.label),
            "method": method,
            "api": path.replace("{project_id}", str(project.id)),
            "project": str(project.id),
            "title": project.title,
            "version": project.version,
            "if_match": version_checked,
            "body": shape,
            "done": done,
            "coordinator": coordinator(viewer, project),
            **extra,
        }


EMAIL = re.compile(r"[^@\s<>,;:()\"']+@[^@\s<>,;:()\"']+\.[A-Za-z]{2,}")


def coordinator(viewer: Viewer, project: ProjectState) -> dict[str, str] | None:
    """The project's network coordinator for "ask the coordinator": their shown name, the
    contact the people directory holds for them, and an e-mail address if that contact holds
    one (the directory has no e-mail field of its own)."""
    try:
        network = viewer.container.incubator.get_network(project.network_id)
        if network.coordinator_id is None or not viewer.session.principal.sees_personal_data:
            return None
        person = viewer.container.incubator.get_person(network.coordinator_id)
    except NotFound:
        return None
    contact = person.contact or ""
    found = EMAIL.search(contact)
    return {
        "name": name_of(viewer, network.coordinator_id) or "",
        "contact": contact,
        "email": found.group(0) if found else "",
    }
