"""What a row's reference names: a record an earlier row of the sheet introduced (by its
name), or one already in Seedbed (by id, or by its exact name when only one has it)."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import Engine, select

from app.sheets.cells import CellError
from projections import programmes, summaries
from store.people import people_table

_NAMED = {
    "project": (summaries.LIVE.projects.c.project_id, summaries.LIVE.projects.c.title),
    "network": (summaries.LIVE.networks.c.network_id, summaries.LIVE.networks.c.name),
    "programme": (programmes.LIVE.programmes.c.programme_id, programmes.LIVE.programmes.c.name),
    "person": (people_table.c.id, people_table.c.display_name),
}


class References:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._sheet: dict[tuple[str, str], tuple[UUID, int]] = {}

    def introduce(self, kind: str, column: str, name: str, record_id: UUID, row: int) -> None:
        earlier = self._sheet.get((kind, name))
        if earlier is not None and earlier[0] != record_id:
            raise CellError(column, f'{kind} "{name}" is already introduced on row {earlier[1]}')
        self._sheet[(kind, name)] = (record_id, row)

    def find(self, kind: str, column: str, text: str) -> UUID:
        """The id the text names; a CellError for `column` when none or several."""
        introduced = self._sheet.get((kind, text))
        if introduced is not None:
            return introduced[0]
        try:
            return UUID(text)
        except ValueError:
            pass
        key, name = _NAMED[kind]
        with self._engine.connect() as connection:
            found = list(connection.execute(select(key).where(name == text).limit(2)).scalars())
        if not found:
            raise CellError(column, f'no {kind} "{text}" in the rows above nor in Seedbed')
        if len(found) > 1:
            raise CellError(column, f'several {kind}s are named "{text}" in Seedbed: give the id')
        return UUID(str(found[0]))
