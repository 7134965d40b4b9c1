"""The dashboard's words and formats: complete catalogues, language negotiation, and dates,
numbers and months in the reader's locale (Babel's CLDR data, no HTTP)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from enum import Enum
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from hypothesis import given, settings
from hypothesis import strategies as st

from api.pages.i18n import LANGUAGES, LOCALE_DIR, Language, available, negotiate
from api.pages.labels import ROLE_LABELS, VALUE_LABELS
from domain.catalogue import CLOSURE_GATES, STAGE_GATES, Family
from domain.values import (
    EmpowermentTool,
    Outcome,
    ParticipationLevel,
    PersonRole,
    SessionMode,
    SessionType,
    Stage,
    Status,
    TargetGroup,
    TeamRole,
)
from store.tokens import Role

ROOT = Path(__file__).resolve().parents[3]
TEMPLATE = LOCALE_DIR / "messages.pot"
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "N_": None,
    "NP_": ((1, "c"), 2),
}
PLACEHOLDER = re.compile(r"%\((\w+)\)s")
# The domain values a page shows through v(...) or Language.value/gate.
SHOWN_ENUMS: tuple[type[Enum], ...] = (
    Stage,
    Status,
    Outcome,
    TargetGroup,
    SessionType,
    SessionMode,
    Family,
    ParticipationLevel,
    EmpowermentTool,
    TeamRole,
    PersonRole,
)
STAGE_PERIOD_HOW = ("proposed", "advanced", "reverted")  # projections/stages.py


def language(accept_language: str, cookie: str | None = None) -> Language:
    return negotiate(accept_language, cookie)


def _messages(path: Path) -> dict[tuple[str | None, str], str]:
    with path.open("rb") as po:
        catalog = read_po(po)
    return {
        (m.context, str(m.id)): str(m.string)
        for m in catalog
        if m.id and not isinstance(m.id, tuple)
    } | {(m.context, str(m.id[0])): str(m.string[0]) for m in catalog if isinstance(m.id, tuple)}


def _fuzzy(path: Path) -> list[str]:
    with path.open("rb") as po:
        return [str(m.id) for m in read_po(po) if m.id and m.fuzzy]


# ---------------------------------------------------------------------------- the catalogues
def test_the_template_holds_exactly_the_words_the_code_and_templates_use() -> None:
    """`make catalogues` was run: every msgid in the sources is in the template, and no
    other (nothing to translate that nothing shows)."""
    method_map = [("api/**.py", "python"), ("api/pages/templates/**.html", "jinja2")]
    extracted = {
        (context, message if isinstance(message, str) else message[0])
        for _file, _line, message, _comments, context in extract_from_dir(
            str(ROOT), method_map, keywords=KEYWORDS
        )
    }
    assert set(_messages(TEMPLATE)) == extracted


def test_every_language_of_the_programme_has_a_catalogue() -> None:
    assert available() == LANGUAGES


@pytest.mark.parametrize("code", [c for c in available() if c != "en"])
def test_every_catalogue_translates_every_message(code: str) -> None:
    catalogue = LOCALE_DIR / code / "LC_MESSAGES" / "messages.po"
    words = _messages(catalogue)
    missing = sorted(str(k) for k in _messages(TEMPLATE) if not words.get(k, "").strip())
    assert missing == []
    assert _fuzzy(catalogue) == []


@pytest.mark.parametrize("code", [c for c in available() if c != "en"])
def test_every_translation_keeps_the_placeholders_of_its_message(code: str) -> None:
    words = _messages(LOCALE_DIR / code / "LC_MESSAGES" / "messages.po")
    wrong = {
        message: translation
        for (_context, message), translation in words.items()
        if translation
        and set(PLACEHOLDER.findall(message)) != set(PLACEHOLDER.findall(translation))
    }
    assert wrong == {}


def test_every_role_has_a_name() -> None:
    assert set(ROLE_LABELS) == {role.value for role in Role}


@pytest.mark.parametrize("code", available())
def test_every_domain_value_a_page_shows_has_words(code: str) -> None:
    shown = [member.value for enum in SHOWN_ENUMS for member in enum] + list(STAGE_PERIOD_HOW)
    assert [value for value in shown if value not in VALUE_LABELS] == []
    speaker = Language(code, negotiate(code, None).locale)
    assert all("_" not in speaker.value(value) for value in shown)


@pytest.mark.parametrize("code", available())
def test_every_gate_reads_as_words(code: str) -> None:
    speaker = Language(code, negotiate(code, None).locale)
    for gate in [*STAGE_GATES.values(), *CLOSURE_GATES.values()]:
        shown = speaker.gate(gate.name)
        assert "_" not in shown, shown
        assert shown != gate.name


def test_gates_in_english_and_german() -> None:
    english, german = language("en"), language("de")
    assert english.gate("idea→co_creation") == "Idea → Co-creation"
    assert german.gate("idea→co_creation") == "Idee → Ko-Kreation"
    assert german.gate("pilot→independence") == "Pilot → Selbstständigkeit"
    assert english.gate("close as independent") == "closure as independent"
    assert german.gate("close as independent") == "Abschluss als selbstständig"
    assert english.gate("closure:independent") == "closure: independent"


def test_text_fills_placeholders_and_falls_back_to_english_only_for_missing_words() -> None:
    english, german = language("en-GB"), language("de-DE")
    assert english.gettext("Signed in as %(role)s", role="auditor") == "Signed in as auditor"
    assert german.gettext("State at version %(version)s of %(head)s", version=2, head=5) == (
        "Stand bei Version 2 von 5"
    )
    assert german.gettext("Sign in") == "Anmelden"
    assert german.gettext("No such message anywhere") == "No such message anywhere"


def test_values_in_each_language() -> None:
    english, german = language("en"), language("de")
    assert english.value("co_creation") == "Co-creation"
    assert german.value("co_creation") == "Ko-Kreation"
    assert german.value("paused") == "pausiert"
    assert english.value(None) == german.value(None) == "—"
    assert english.value("never_heard_of") == "never heard of"
    assert german.value("never_heard_of") == "never heard of"


# ---------------------------------------------------------------------------- negotiation
@pytest.mark.parametrize(
    ("accept_language", "cookie", "code", "tag"),
    [
        ("", None, "en", "en-GB"),
        ("de", None, "de", "de-DE"),
        ("en", None, "en", "en-GB"),
        ("de-AT", None, "de", "de-AT"),
        ("DE-at", None, "de", "de-AT"),
        ("en-US", None, "en", "en-US"),
        ("de-AT,de;q=0.9,en;q=0.5", None, "de", "de-AT"),
        ("fr-FR, de;q=0.5, en;q=0.4", None, "de", "de-DE"),
        ("en;q=0.5, de;q=0.9", None, "de", "de-DE"),
        ("de;q=0.1, en-US;q=0.2", None, "en", "en-US"),
        ("en-US;q=0.9, de;q=0.5, en-GB;q=0.1", None, "en", "en-US"),
        ("de;q=0, en-US;q=0.1", None, "en", "en-US"),  # q=0: not acceptable
        ("de; q=0.5, en; q=0.4", None, "de", "de-DE"),  # whitespace around parameters
        ("fr, de-CH;q=0.8", None, "de", "de-CH"),
        ("*", None, "en", "en-GB"),
        ("*, de;q=0.1", None, "de", "de-DE"),
        ("fr, it, es", None, "en", "en-GB"),
        ("de;q=abc, en-US", None, "en", "en-US"),  # a garbled q drops that tag
        (";;;,, ,;q=,-,", None, "en", "en-GB"),
        ("i-klingon, de", None, "de", "de-DE"),
        ("x" * 36 + ", de-CH", None, "de", "de-CH"),  # an overlong tag is skipped
        ("de-" + "a" * 40, None, "en", "en-GB"),
        (", ".join(["fr"] * 20 + ["de"]), None, "en", "en-GB"),  # only 20 tags are read
        ("de-AT", "en", "en", "en-GB"),  # the cookie wins over the header
        ("en-US", "de", "de", "de-DE"),
        ("en-US, de-CH", "de", "de", "de-CH"),  # ... and still takes the header's locale
        ("de-AT", "fr", "de", "de-AT"),  # an unknown cookie value is ignored
        ("de-AT", "", "de", "de-AT"),
    ],
)
def test_negotiation(accept_language: str, cookie: str | None, code: str, tag: str) -> None:
    chosen = negotiate(accept_language, cookie)
    assert chosen.code == code
    assert chosen.tag == tag


@settings(max_examples=300, deadline=None)
@given(
    accept_language=st.text(max_size=200)
    | st.lists(
        st.sampled_from(["de", "en", "-", "_", "AT", "US", ";", "q=", "0.", "5", ",", "*", " "]),
        max_size=20,
    ).map("".join),
    cookie=st.none() | st.text(max_size=10),
)
def test_negotiation_never_fails_on_any_header(accept_language: str, cookie: str | None) -> None:
    chosen = negotiate(accept_language, cookie)
    assert chosen.code in LANGUAGES
    assert chosen.tag.split("-")[0] == chosen.code
    assert chosen.date(date(2017, 2, 1))
    assert chosen.number(1.5)


# ---------------------------------------------------------------------------- formats
@pytest.mark.parametrize(
    ("accept_language", "shown"),
    [
        ("en-GB", "1 Feb 2017"),
        ("en-US", "Feb 1, 2017"),
        ("de-AT", "01.02.2017"),
        ("de", "01.02.2017"),
    ],
)
def test_dates_in_the_readers_locale(accept_language: str, shown: str) -> None:
    reader = language(accept_language)
    assert reader.date(date(2017, 2, 1)) == shown
    assert reader.date("2017-02-01") == shown
    assert reader.date(datetime(2017, 2, 1, 23, 59, tzinfo=UTC)) == shown
    # A moment with an offset is dated where it happened, not in UTC.
    assert reader.date("2017-02-01T23:30:00-05:00") == shown


def test_no_date_is_a_dash() -> None:
    assert language("en").date(None) == "—"
    assert language("de").date("") == "—"
    assert language("de").datetime(None) == "—"


def test_datetimes_in_the_readers_locale() -> None:
    moment = datetime(2021, 12, 15, 12, 0, tzinfo=UTC)
    assert language("en-GB").datetime(moment) == "15 Dec 2021, 12:00:00 UTC"
    assert language("de-AT").datetime(moment) == "15.12.2021, 12:00:00 UTC"
    assert language("de").datetime("2021-12-15T12:00:00+00:00") == "15.12.2021, 12:00:00 UTC"
    assert language("en-US").datetime(moment).startswith("Dec 15, 2021, 12:00:00")
    # Recorded times are shown in UTC whatever offset they carry, and say so.
    assert language("en-GB").datetime("2021-12-15T13:00:00+01:00") == "15 Dec 2021, 12:00:00 UTC"


@pytest.mark.parametrize(
    ("accept_language", "whole", "fraction", "two_digits", "rounded"),
    [
        ("en-GB", "1,778", "1.5", "1.23", "1,234"),
        ("en-US", "1,778", "1.5", "1.23", "1,234"),
        ("de-DE", "1.778", "1,5", "1,23", "1.234"),
        ("de-AT", "1.778", "1,5", "1,23", "1.234"),
    ],
)
def test_numbers_in_the_readers_locale(
    accept_language: str, whole: str, fraction: str, two_digits: str, rounded: str
) -> None:
    reader = language(accept_language)
    assert reader.number(1778) == whole
    assert reader.number(1.5) == fraction
    assert reader.number(1.234, 2) == two_digits
    assert reader.number(1234.4, 0) == rounded
    assert reader.number(2.0) == "2"  # no trailing zero
    assert reader.number(0) == "0"
    assert reader.number(None) == "—"


def test_numbers_round_half_away_from_zero_like_the_browser() -> None:
    """seedbed.js redraws live figures with Intl.NumberFormat, which rounds half away from zero
    (2.25 -> 2.3, 2.5 -> 3); the server must round the same way, or a figure jumps on the first
    refresh. Quarter hours (15 and 45 minute sessions) hit this all the time."""
    english = language("en-GB")
    assert english.number(2.25) == "2.3"
    assert english.number(0.25) == "0.3"
    assert english.number(2.5, 0) == "3"
    assert english.number(0.75) == "0.8"


@pytest.mark.parametrize(
    ("accept_language", "april", "december", "january"),
    [
        ("en-GB", "Apr 2019", "Dec 2019", "Jan 2019"),
        ("en-US", "Apr 2019", "Dec 2019", "Jan 2019"),
        ("de-DE", "Apr. 2019", "Dez. 2019", "Jan. 2019"),
        ("de-AT", "Apr. 2019", "Dez. 2019", "Jän. 2019"),
    ],
)
def test_months_in_the_readers_locale(
    accept_language: str, april: str, december: str, january: str
) -> None:
    reader = language(accept_language)
    assert reader.month("2019-04") == april
    assert reader.month("2019-12") == december
    assert reader.month("2019-01") == january


def test_the_html_lang_tag_is_bcp_47() -> None:
    assert language("de-AT").tag == "de-AT"
    assert language("en").tag == "en-GB"
    assert "_" not in language("en-US").tag


def test_a_quality_above_one_is_not_a_preference() -> None:
    """RFC 9110 bounds q to [0, 1]; `de;q=5` must not outrank a plain `en`."""
    assert negotiate("de;q=5, en", None).code == "en"
