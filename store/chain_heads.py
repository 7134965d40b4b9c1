"""The hash of each stream's last committed event, as this process last saw it.

Each append chains its first event to the hash of the stream's previous event; reading that
hash is a statement of the group commit's one writer thread per write. A committed event's hash
never changes (a redaction rewrites the stored text to its commitment, which the hash already
covered; a restore or the re-anchoring migration runs with the service stopped), so a hash
this process committed or read stays true. Only committed hashes are remembered: the recorder
hands over an append's heads after its transaction committed, never from inside it (a rolled
back append's version is taken again later, with another hash). A stream another process
appended to since is found by its version: the cache answers only for (stream, version).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Mapping
from uuid import UUID


class CommittedHeads:
    """(stream → version, hash) for the `size` streams appended to most recently."""

    def __init__(self, size: int = 20_000) -> None:
        self._size = size
        self._heads: OrderedDict[UUID, tuple[int, str]] = OrderedDict()
        self._lock = threading.Lock()

    def hash_of(self, stream: UUID, version: int) -> str | None:
        """The hash of the stream's event at `version`, when it is the last one seen."""
        with self._lock:
            found = self._heads.get(stream)
        if found is None or found[0] != version:
            return None
        return found[1]

    def remember(self, heads: Mapping[UUID, tuple[int, str]]) -> None:
        """Committed heads: each stream's last version and its hash."""
        with self._lock:
            for stream, head in heads.items():
                known = self._heads.get(stream)
                if known is not None and known[0] > head[0]:
                    continue  # a later version was seen first (another thread's read)
                self._heads[stream] = head
                self._heads.move_to_end(stream)
            while len(self._heads) > self._size:
                self._heads.popitem(last=False)
