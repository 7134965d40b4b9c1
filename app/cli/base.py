"""What every command shares: the container for one command, and one-line error messages."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any
from uuid import UUID

from app.settings import Settings

if TYPE_CHECKING:
    from app.bootstrap import Container

Commands = Any  # argparse's subparsers action (its class is private)


@contextmanager
def opened(settings: Settings) -> Iterator[Container]:
    """The composition root for one command: built from settings, closed afterwards."""
    from app.bootstrap import build_container

    container = build_container(settings)
    try:
        yield container
    finally:
        container.close()


def programme_named(container: Container, given: str) -> UUID:
    """The programme named by its id or its exact name (ProgrammeNotFound when there is none)."""
    from app.programmes import get_programme
    from domain.errors import ProgrammeNotFound
    from projections import programmes

    try:
        programme_id = UUID(given)
    except ValueError:
        programme_id = None
    if programme_id is not None:
        return get_programme(container.incubator, programme_id).id
    container.runner.catch_up()
    with container.read_models.engine.connect() as connection:
        listed = programmes.list_programmes(connection, 500)
    for programme in listed:
        if programme.name == given:
            return programme.programme_id
    raise ProgrammeNotFound(given)


def safe_url(url: str) -> str:
    """The URL without its password, for messages."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def one_line(error: BaseException) -> str:
    lines = [line.strip() for line in str(error).splitlines()]
    return " ".join(line for line in lines if line and not line.startswith("(Background on"))
