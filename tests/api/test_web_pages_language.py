"""The reader's language on the web dashboard: Accept-Language, the language switch and its
cookie, and dates and numbers in the reader's locale.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from babel.numbers import format_decimal

from tests.api.web_pages import Browser, PageScene, hidden, parse, set_cookie

LANGUAGE_COOKIE = "seedbed_lang"


def test_a_german_browser_gets_the_sign_in_page_in_german(
    browser: Callable[..., Browser],
) -> None:
    form = browser("de-AT,de;q=0.9,en;q=0.5").form()
    root = parse(form.text)
    assert root.find("html").attrs["lang"] == "de-AT"
    assert root.find("h1").text().strip() == "Anmelden"
    assert "API-Token" in form.text
    assert "Sign in" not in form.text


@pytest.mark.parametrize(
    ("accept_language", "html_lang", "proposed_on", "days"),
    [
        ("de-AT", "de-AT", "01.02.2017", "1.778"),
        ("de", "de-DE", "01.02.2017", "1.778"),
        ("en-US", "en-US", "Feb 1, 2017", "1,778"),
        ("en-GB", "en-GB", "1 Feb 2017", "1,778"),
        # CLDR's Swiss grouping mark changed between allowed Babel releases (U+2019, then an
        # ASCII apostrophe in 2.19): the expectation is what the installed Babel says.
        (
            "fr-FR, de-CH;q=0.8, en;q=0.5",
            "de-CH",
            "01.02.2017",
            format_decimal(1778, locale="de_CH"),
        ),
        ("", "en-GB", "1 Feb 2017", "1,778"),
    ],
)
def test_dates_and_numbers_follow_the_browsers_locale(
    browser: Callable[..., Browser],
    page_scene: PageScene,
    accept_language: str,
    html_lang: str,
    proposed_on: str,
    days: str,
) -> None:
    page = browser(accept_language).as_role("coordinator").get(f"/ui/projects/{page_scene.project}")
    root = parse(page.text)
    assert root.find("html").attrs["lang"] == html_lang
    assert root.find("time", datetime="2017-02-01").text() == proposed_on
    # 2017-02-01 to the fixed clock's 2021-12-15: 1778 days in the idea stage.
    assert root.find("td", data_period_days=None).text() == days


@pytest.mark.usefixtures("page_scene")
def test_the_language_switch_sets_a_cookie_that_wins_over_the_browser(
    browser: Callable[..., Browser],
) -> None:
    reader = browser("en-US").as_role("dashboard")
    assert parse(reader.get("/ui/projects").text).find("h1").text() == "Projects"
    switched = reader.get("/ui/language?lang=de&next=%2Fui%2Fprojects")
    assert switched.status_code == 303
    assert switched.headers["location"] == "/ui/projects"
    cookie = set_cookie(switched, LANGUAGE_COOKIE)
    assert cookie is not None
    assert cookie.value == "de"
    assert cookie["path"] == "/"
    assert cookie["max-age"] == str(365 * 86400)
    german = parse(reader.get("/ui/projects").text)
    assert german.find("h1").text() == "Projekte"
    assert german.find("html").attrs["lang"] == "de-DE"
    back = reader.get("/ui/language?lang=en&next=%2F")
    assert back.headers["location"] == "/"
    assert parse(reader.get("/ui/projects").text).find("h1").text() == "Projects"


def test_a_language_cookie_wins_over_accept_language(browser: Callable[..., Browser]) -> None:
    form = browser("de-AT").get("/sign-in", Cookie=f"{LANGUAGE_COOKIE}=en")
    root = parse(form.text)
    assert root.find("h1").text().strip() == "Sign in"
    assert root.find("html").attrs["lang"] == "en-GB"
    ignored = browser("de-AT").get("/sign-in", Cookie=f"{LANGUAGE_COOKIE}=fr")
    assert parse(ignored.text).find("h1").text().strip() == "Anmelden"


def test_the_language_switch_ignores_unknown_languages_and_foreign_next(
    browser: Callable[..., Browser],
) -> None:
    reader = browser()
    unknown = reader.get("/ui/language?lang=fr&next=%2Fui%2Fprojects")
    assert unknown.status_code == 303
    assert unknown.headers["location"] == "/ui/projects"
    assert set_cookie(unknown, LANGUAGE_COOKIE) is None
    malformed = reader.get("/ui/language?lang=deutsch")
    assert malformed.status_code == 422
    assert malformed.headers["content-type"].startswith("text/html")
    foreign = reader.get("/ui/language?lang=de&next=%2F%2Fevil.example")
    assert foreign.headers["location"] == "/"


def test_the_language_form_returns_to_the_same_page(
    browser: Callable[..., Browser],
) -> None:
    reader = browser().as_role("dashboard")
    page = reader.get("/ui/projects?stage=idea")
    assert hidden(page.text, "next", "/ui/language") == "/ui/projects?stage=idea"
