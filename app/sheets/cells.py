"""A cell's text to the value a command takes, or a `CellError` naming the column."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, time
from enum import Enum
from typing import TypeVar

E = TypeVar("E", bound=Enum)

# Dates as ISO (2019-03-04) or as German, Baltic, Polish and Finnish spreadsheets write them
# (04.03.2019, 4.3.2019): day first, never the ambiguous month-first 03/04/2019.
_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


class CellError(Exception):
    """A cell that cannot be what its column holds."""

    def __init__(self, column: str, message: str) -> None:
        super().__init__(f"column {column}: {message}")
        self.column = column
        self.message = message


class Cells:
    """One row's cells by column, with the parsers each column needs."""

    def __init__(self, cells: Mapping[str, str]) -> None:
        self._cells = cells

    def text(self, column: str) -> str:
        return self._cells.get(column, "").strip()

    def required(self, column: str) -> str:
        value = self.text(column)
        if not value:
            raise CellError(column, "is empty")
        return value

    def listed(self, column: str) -> list[str]:
        """A list in one cell, its items separated by `;`."""
        return [item.strip() for item in self.text(column).split(";") if item.strip()]

    def whole(self, column: str, low: int, high: int) -> int:
        given = self.required(column)
        try:
            value = int(given)
        except ValueError:
            raise CellError(column, f'"{given}" is not a whole number') from None
        if not low <= value <= high:
            raise CellError(column, f"{value} is not from {low} to {high}")
        return value

    def whole_or_none(self, column: str, low: int, high: int) -> int | None:
        return self.whole(column, low, high) if self.text(column) else None

    def day(self, column: str) -> date:
        return parse_day(column, self.required(column))

    def day_or_none(self, column: str) -> date | None:
        return self.day(column) if self.text(column) else None

    def clock(self, column: str, default: time) -> time:
        given = self.text(column)
        if not given:
            return default
        try:
            return time.fromisoformat(given)
        except ValueError:
            raise CellError(column, f'"{given}" is not a time of day (HH:MM)') from None

    def choice(self, column: str, enum: type[E]) -> E:
        return parse_choice(column, self.required(column), enum)


def parse_day(column: str, given: str) -> date:
    dotted = _DOTTED.match(given)
    try:
        if dotted:
            day, month, year = (int(part) for part in dotted.groups())
            return date(year, month, day)
        return date.fromisoformat(given)
    except ValueError:
        raise CellError(column, f'"{given}" is not a date (YYYY-MM-DD or DD.MM.YYYY)') from None


def parse_choice(column: str, given: str, enum: type[E]) -> E:
    """One of the enum's values; spaces and capitals as people type them ("Co producing")."""
    wanted = "_".join(given.lower().replace("-", " ").split())
    for member in enum:
        if member.value == wanted:
            return member
    allowed = ", ".join(str(m.value) for m in enum)
    raise CellError(column, f'"{given}" is not one of: {allowed}')
