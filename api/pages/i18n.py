"""The pages' words in the programme's languages, and dates and numbers in the reader's locale.

The words live in gettext catalogues (`api/pages/locale/<language>/LC_MESSAGES/messages.po`,
English msgids, extracted from the templates and the code with Babel: `make catalogues`),
compiled with Babel when first used. The language of the text is the `seedbed_lang` cookie's
(the language switch) or else the first of the browser's Accept-Language tags we have a
catalogue for. Dates and numbers follow the most specific locale the browser names for that
language (en-GB writes 21 Nov 2026, en-US Nov 21, 2026, de-AT 21.11.2026), through Babel's CLDR
data.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent
from babel.support import NullTranslations, Translations

from api.pages.labels import MILESTONE_LABELS, ROLE_LABELS, VALUE_LABELS

LOCALE_DIR = Path(__file__).parent / "locale"
# The programme's languages: English, and those of its eight countries.
LANGUAGES = ("en", "de", "da", "sv", "fi", "et", "lv", "lt", "pl")
DEFAULT_LANGUAGE = "en"
DEFAULT_LOCALES = {
    "en": "en_GB",
    "de": "de_DE",
    "da": "da_DK",
    "sv": "sv_SE",
    "fi": "fi_FI",
    "et": "et_EE",
    "lv": "lv_LV",
    "lt": "lt_LT",
    "pl": "pl_PL",
}
# Each language named in itself, for the language switch.
NATIVE_NAMES = {
    "en": "English",
    "de": "Deutsch",
    "da": "Dansk",
    "sv": "Svenska",
    "fi": "Suomi",
    "et": "Eesti",
    "lv": "Latviešu",
    "lt": "Lietuvių",
    "pl": "Polski",
}


def _catalogue(code: str) -> Path:
    return LOCALE_DIR / code / "LC_MESSAGES" / "messages.po"


def available() -> tuple[str, ...]:
    """English (the msgids themselves) and the languages whose catalogue is present."""
    return tuple(c for c in LANGUAGES if c == DEFAULT_LANGUAGE or _catalogue(c).exists())


@cache
def translations(code: str) -> NullTranslations:
    """The language's catalogue, compiled with Babel (read once per process)."""
    if code == DEFAULT_LANGUAGE:
        return NullTranslations()
    with _catalogue(code).open("rb") as po:
        catalog = read_po(po, locale=code)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled)


@dataclass(frozen=True)
class Language:
    """The words (`code`: a catalogue's language) and the locale for dates and numbers
    (e.g. de_AT)."""

    code: str
    locale: Locale

    @property
    def tag(self) -> str:
        """The BCP 47 tag for `<html lang>` and the browser's Intl (de-AT)."""
        return str(self.locale).replace("_", "-")

    def gettext(self, message: str, **values: object) -> str:
        """`message` (its English msgid) in this language, `%(name)s` filled from `values`."""
        words: str = translations(self.code).ugettext(message)
        return words % values if values else words

    def pgettext(self, context: str, message: str, **values: object) -> str:
        words: str = translations(self.code).upgettext(context, message)
        return words % values if values else words

    def ngettext(self, singular: str, plural: str, n: int, **values: object) -> str:
        words: str = translations(self.code).ungettext(singular, plural, n)
        return words % {"n": n, **values}

    def value(self, word: str | None) -> str:
        """A domain value (stage, status, target group, ...) in this language."""
        if word is None:
            return "—"
        label = VALUE_LABELS.get(word)
        return self.pgettext("value", label) if label else word.replace("_", " ")

    def role(self, role: str) -> str:
        return self.gettext(ROLE_LABELS[role])

    def milestone(self, milestone_id: str) -> str:
        """A milestone's title in this language (the catalogue's id if it has none)."""
        label = MILESTONE_LABELS.get(milestone_id)
        return self.gettext(label) if label else milestone_id

    def gate(self, name: str) -> str:
        """A gate's name ("idea→co_creation", "closure:independent") in this language."""
        kind, _, rest = name.rpartition(":")
        shown = " → ".join(self.value(part) for part in rest.split("→"))
        return f"{self.value(kind)}: {shown}" if kind else shown

    def date(self, day: date | datetime | str | None) -> str:
        if day is None or day == "":
            return "—"
        if isinstance(day, str):
            day = datetime.fromisoformat(day) if "T" in day else date.fromisoformat(day)
        if isinstance(day, datetime):
            day = day.date()
        return format_date(day, format="medium", locale=self.locale)

    def datetime(self, moment: datetime | str | None) -> str:
        if moment is None or moment == "":
            return "—"
        if isinstance(moment, str):
            moment = datetime.fromisoformat(moment)
        # Recorded times are shown in UTC, marked so: an audit compares them across countries.
        shown = format_datetime(moment, format="medium", tzinfo=UTC, locale=self.locale)
        return f"{shown} UTC"

    def number(self, value: float | int | None, digits: int = 1) -> str:
        if value is None:
            return "—"
        if isinstance(value, int):
            return format_decimal(value, locale=self.locale)
        # Half away from zero, as the browser's Intl.NumberFormat rounds when a page refreshes
        # its figures (Babel and round() would round half to even: 2.25 -> 2.2, then 2.3).
        exact = Decimal(value).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
        return format_decimal(exact, format=f"#,##0.{'#' * digits}", locale=self.locale)

    def percent(self, share: float) -> str:
        """A share (0-1) as a whole percentage in this locale (33 %, 33%)."""
        return format_percent(share, locale=self.locale)

    def month(self, month: str) -> str:
        """'2019-04' as a short month and year in this locale (Apr 2019, Apr. 2019)."""
        year, number = (int(part) for part in month.split("-"))
        return format_date(date(year, number, 1), format="MMM y", locale=self.locale)


def _parse_accept_language(header: str) -> list[str]:
    """Language tags by descending preference (q=0 dropped; at most 20 considered)."""
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(header.split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        tag = tag.strip()
        if not tag or tag == "*" or len(tag) > 35:
            continue
        quality = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                quality = float(params[2:])
            except ValueError:
                continue
        if 0 < quality <= 1:  # RFC 9110: q is between 0 and 1
            ranked.append((-quality, index, tag))
    return [tag for _q, _i, tag in sorted(ranked)]


def _locale(tag: str) -> Locale | None:
    try:
        return Locale.parse(tag.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return None


def negotiate(accept_language: str, chosen: str | None) -> Language:
    """The reader's language: the `lang` cookie's choice, else the browser's preference."""
    tags = _parse_accept_language(accept_language)
    offered = available()
    code = chosen if chosen in offered else None
    if code is None:
        for tag in tags:
            primary = tag.split("-")[0].lower()
            if primary in offered:
                code = primary
                break
    code = code or DEFAULT_LANGUAGE
    for tag in tags:  # the most specific locale the browser names for that language
        if tag.split("-")[0].lower() == code and "-" in tag:
            found = _locale(tag)
            if found is not None:
                return Language(code, found)
    return Language(code, Locale.parse(DEFAULT_LOCALES[code]))
