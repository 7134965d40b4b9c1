"""A typed Python client of Seedbed's HTTP API, an outbox in a local SQLite file, and the coach's
command line `seedbed-coach` on top of them. It imports nothing of the server: only httpx."""

from seedbed_client.client import ROUTES, SeedbedClient
from seedbed_client.errors import ProblemError, SeedbedError, Unreachable
from seedbed_client.outbox import Item, Outbox, SyncReport

__all__ = [
    "ROUTES",
    "Item",
    "Outbox",
    "ProblemError",
    "SeedbedClient",
    "SeedbedError",
    "SyncReport",
    "Unreachable",
]
