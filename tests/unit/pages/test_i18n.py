"""The dashboard's words and formats: complete catalogues, language negotiation, and dates,
numbers and months in the reader's locale (Babel's CLDR data, no HTTP)."""

from __future__ import annotations

import re
import string
from datetime import UTC, date, datetime
from enum import Enum
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import api.pages as web
from api.pages.i18n import DE, EN, LANGUAGES, VALUES, Language, negotiate
from domain.catalogue import CLOSURE_GATES, STAGE_GATES, Family
from domain.values import Outcome, SessionMode, SessionType, Stage, Status, TargetGroup
from store.tokens import Role

WEB = Path(web.__file__).parent
TEMPLATES = sorted((WEB / "templates").glob("*.html"))
# t('key' ...) / t("key" ...) in a template; language.text("key" ...) in the Python code.
TEMPLATE_KEY = re.compile(r"""\bt\(\s*(['"])([^'"]+)\1""")
CODE_KEY = re.compile(r"""\.text\(\s*(['"])([^'"]+)\1""")
# The domain values a page shows through v(...) or Language.value/gate.
SHOWN_ENUMS: tuple[type[Enum], ...] = (
    Stage,
    Status,
    Outcome,
    TargetGroup,
    SessionType,
    SessionMode,
    Family,
)
STAGE_PERIOD_HOW = ("proposed", "advanced", "reverted")  # projections/stages.py


def language(accept_language: str, cookie: str | None = None) -> Language:
    return negotiate(accept_language, cookie)


def placeholders(text: str) -> set[str]:
    return {name for _literal, name, _spec, _conv in string.Formatter().parse(text) if name}


# ---------------------------------------------------------------------------- the catalogues
def test_english_and_german_have_the_same_keys() -> None:
    assert set(EN) - set(DE) == set()
    assert set(DE) - set(EN) == set()


def test_the_domain_words_have_the_same_keys_in_both_languages() -> None:
    assert set(VALUES) == set(LANGUAGES)
    assert set(VALUES["en"]) - set(VALUES["de"]) == set()
    assert set(VALUES["de"]) - set(VALUES["en"]) == set()


def test_every_text_has_the_same_placeholders_in_both_languages() -> None:
    differing = {
        key: (placeholders(EN[key]), placeholders(DE[key]))
        for key in EN
        if placeholders(EN[key]) != placeholders(DE.get(key, ""))
    }
    assert differing == {}


def test_no_text_is_empty() -> None:
    assert [k for k, v in EN.items() if not v.strip()] == []
    assert [k for k, v in DE.items() if not v.strip()] == []
    for code in LANGUAGES:
        assert [k for k, v in VALUES[code].items() if not v.strip()] == []


def test_every_key_the_templates_and_routes_use_exists() -> None:
    assert TEMPLATES, "no templates found"
    used: set[str] = set()
    for template in TEMPLATES:
        used |= {match[1] for match in TEMPLATE_KEY.findall(template.read_text())}
    for module in WEB.glob("*.py"):
        used |= {match[1] for match in CODE_KEY.findall(module.read_text())}
    assert len(used) > 50  # the scan finds them
    prefixes = {key for key in used if key.endswith(".")}  # t('role.' ~ role): checked below
    assert sorted(used - prefixes - set(EN)) == []
    assert prefixes <= {"role."}


def test_every_role_has_a_name_in_both_languages() -> None:
    for role in Role:
        assert f"role.{role.value}" in EN
        assert f"role.{role.value}" in DE


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_domain_value_a_page_shows_has_words(code: str) -> None:
    shown = [member.value for enum in SHOWN_ENUMS for member in enum]
    shown += STAGE_PERIOD_HOW
    assert [value for value in shown if value not in VALUES[code]] == []


@pytest.mark.parametrize("code", LANGUAGES)
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
    assert english.text("nav.signed_in_as", role="auditor") == "Signed in as auditor"
    assert german.text("audit.state_at", version=2, head=5) == "Stand bei Version 2 von 5"
    assert german.text("auth.sign_in") == "Anmelden"
    with pytest.raises(KeyError):
        english.text("no.such.key")


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
