"""Free text that can be erased while every hash chain still verifies (salted commitments).

Every free-text value (`domain/freetext.py` says which) is stored inside its event as

    {"_type_":"freetext","_data_":{"t":"<the text>","s":"<a random 128-bit salt>"}}

and the hash chain covers the event's *committed form*: the stored bytes with each such value
replaced by its commitment, `sha256("freetext" \\n salt \\n text-as-stored)`,

    {"_type_":"freetext","_data_":{"c":"<the commitment>"}}

Redacting a value rewrites the stored row to that committed form of the one value: the text
and its salt are gone, the committed form (and so the chain) is unchanged. Because the salt is
random and deleted with the text, the commitment left behind cannot confirm a guessed name.
An event with no free text is its own committed form, so chains of events stored before this
scheme (and bundles exported then) verify unchanged.

Verification finds the values by a regular expression over the exact stored bytes and hashes
the text as stored: it decodes no JSON, so every byte outside the free-text values is covered
as before.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from eventsourcing.persistence import Transcoding

from domain.errors import InvalidInput
from domain.freetext import REDACTED

TAG = "freetext"
_PLAIN = re.compile(
    rb'\{"_type_":"freetext","_data_":\{"t":("(?:[^"\\]|\\.)*"),"s":"([0-9a-f]{32})"\}\}'
)


class FreeText:
    """A free-text value on its way into an event's stored form (see FreeTextAsSalted)."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


class FreeTextAsSalted(Transcoding):
    """Stores a FreeText with a fresh random salt; reads back the text, or REDACTED."""

    type = FreeText
    name = TAG

    def encode(self, obj: FreeText) -> dict[str, str]:
        return {"t": obj.text, "s": secrets.token_hex(16)}

    def decode(self, data: dict[str, str]) -> str:
        return data.get("t", REDACTED)


def commitment(salt: bytes, literal: bytes) -> bytes:
    """The commitment to one value: its salt and its text as stored (a JSON string literal)."""
    return hashlib.sha256(b"freetext\n" + salt + b"\n" + literal).hexdigest().encode()


def _committed(match: re.Match[bytes]) -> bytes:
    return b'{"_type_":"freetext","_data_":{"c":"' + commitment(match[2], match[1]) + b'"}}'


def committed_form(state: bytes) -> bytes:
    """The bytes the hash chain covers: `state` with each free-text value committed."""
    if b'"freetext"' not in state:
        return state
    return _PLAIN.sub(_committed, state)


# ---------------------------------------------------------------------------- values by pointer
@dataclass(frozen=True)
class Leaf:
    """One free-text value of an event: where it is (an RFC 6901 pointer into the event's data
    as `/projects/{id}/events` returns it) and its text (None once redacted)."""

    pointer: str
    text: str | None

    @property
    def redacted(self) -> bool:
        return self.text is None


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _unwrap(node: Any) -> Any:
    """A value inside the transcoder's {"_type_": ..., "_data_": ...} wrappers (not free text)."""
    while isinstance(node, dict) and len(node) == 2 and "_type_" in node and "_data_" in node:
        if node["_type_"] == TAG:
            return node
        node = node["_data_"]
    return node


def _walk(node: Any, path: str) -> Iterator[Leaf]:
    node = _unwrap(node)
    if isinstance(node, dict):
        if node.get("_type_") == TAG:
            data = node["_data_"]
            yield Leaf(path, data.get("t") if "t" in data else None)
            return
        for key, value in node.items():
            yield from _walk(value, f"{path}/{_escape(str(key))}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, f"{path}/{index}")


def leaves(state: bytes) -> list[Leaf]:
    """Every free-text value of a stored event, in the order its bytes hold them."""
    if b'"freetext"' not in state:
        return []
    return list(_walk(json.loads(state), ""))


def redacted_pointers(state: bytes) -> list[str]:
    return [leaf.pointer for leaf in leaves(state) if leaf.redacted]


def redact(state: bytes, pointer: str) -> bytes:
    """The stored event with the free-text value at `pointer` replaced by its commitment.
    Refuses a pointer that names no free text, or one already redacted."""
    found = leaves(state)
    plain = [leaf for leaf in found if not leaf.redacted]
    targets = [i for i, leaf in enumerate(plain) if leaf.pointer == pointer]
    if not targets:
        if any(leaf.pointer == pointer for leaf in found):
            raise InvalidInput("field", f"{pointer} is already redacted")
        raise InvalidInput("field", f"{pointer} is not a free-text value of this event")
    matches = list(_PLAIN.finditer(state))
    if len(matches) != len(plain):  # the bytes are not what this module wrote
        raise InvalidInput("field", "the stored event's free text cannot be located")
    match = matches[targets[0]]
    return state[: match.start()] + _committed(match) + state[match.end() :]


def normalised(text: str) -> str:
    """For matching names in free text: Unicode NFKC, case-folded."""
    return unicodedata.normalize("NFKC", text).casefold()


def matching(state: bytes, needles: list[str]) -> list[str]:
    """Pointers of the free-text values (not redacted) that contain any of `needles`
    (normalised substrings)."""
    wanted = [normalised(n) for n in needles if n.strip()]
    return [
        leaf.pointer
        for leaf in leaves(state)
        if leaf.text is not None and any(n in normalised(leaf.text) for n in wanted)
    ]
