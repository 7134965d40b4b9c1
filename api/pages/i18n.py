"""The dashboard's words in English and German, and dates and numbers in the reader's locale.

The language of the text is English or German: the `seedbed_lang` cookie (the language switch)
wins, else the first of the browser's Accept-Language tags we have words for. Dates and numbers
follow the most specific locale the browser names for that language (en-GB writes 21 Nov 2026,
en-US Nov 21, 2026, de-AT 21.11.2026), through Babel's CLDR data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal

LANGUAGES = ("en", "de")
DEFAULT_LANGUAGE = "en"

EN: dict[str, str] = {
    "app.name": "Seedbed",
    "app.tagline": "Incubation of rural social-service micro projects",
    "nav.skip": "Skip to content",
    "nav.portfolio": "Portfolio",
    "nav.projects": "Projects",
    "nav.main": "Main",
    "nav.language": "Language",
    "nav.signed_in_as": "Signed in as {role}",
    "auth.sign_in": "Sign in",
    "auth.sign_out": "Sign out",
    "auth.token": "API token",
    "auth.token_help": "The token you were given (it starts with sbt_). "
    "It is checked once; the browser keeps only a session cookie.",
    "auth.failed": "That token is unknown, revoked or expired.",
    "auth.expired": "Your session has ended. Please sign in again.",
    "auth.signed_out": "You are signed out.",
    "auth.csrf": "The form was stale or came from another site. Please try again.",
    "role.coach": "coach",
    "role.coordinator": "coordinator",
    "role.dashboard": "dashboard",
    "role.auditor": "auditor",
    "role.admin": "admin",
    "portfolio.title": "Portfolio",
    "portfolio.projects": "Projects",
    "portfolio.active": "Active",
    "portfolio.countries": "Countries",
    "portfolio.hours": "Coaching hours",
    "portfolio.funnel": "Stage funnel",
    "portfolio.funnel_help": "Projects that reached each stage, ever.",
    "portfolio.by_stage": "Projects now in each stage",
    "portfolio.by_country": "Projects by country",
    "portfolio.by_target_group": "Projects by target group",
    "portfolio.by_outcome": "Closed projects by outcome",
    "portfolio.median_days": "Median days in each stage",
    "portfolio.hours_per_month": "Coaching hours per month",
    "portfolio.cohorts": "Accelerator cohorts",
    "portfolio.cohort": "Cohort {cohort}",
    "portfolio.independent": "reached independence",
    "portfolio.no_cohorts": "No project has been selected for the accelerator yet.",
    "live.refresh": "Refresh",
    "live.updated": "Updated {time}",
    "live.failed": "Could not refresh; the figures shown may be old.",
    "table.show": "Show as table",
    "table.count": "Count",
    "table.hours": "Hours",
    "table.days": "Days",
    "table.month": "Month",
    "table.none": "Nothing yet.",
    "projects.title": "Projects",
    "projects.filter": "Filter",
    "projects.any": "any",
    "projects.apply": "Apply",
    "projects.next": "Next page",
    "projects.empty": "No project matches.",
    "field.title": "Title",
    "field.stage": "Stage",
    "field.status": "Status",
    "field.country": "Country",
    "field.network": "Network",
    "field.target_group": "Target group",
    "field.outcome": "Outcome",
    "field.proposed_on": "Proposed on",
    "field.stage_since": "In stage since",
    "field.sessions": "Sessions",
    "field.hours": "Coaching hours",
    "field.milestones": "Milestones reached",
    "field.cohort": "Accelerator cohort",
    "field.version": "Version",
    "field.summary": "Summary",
    "field.coaches": "Coaches",
    "field.team": "Team",
    "project.timeline": "Stage timeline",
    "project.timeline_help": "Each period the project spent in a stage, and how long.",
    "project.entered": "Entered",
    "project.left": "Left",
    "project.ongoing": "ongoing",
    "project.how": "How",
    "project.rationale": "Rationale",
    "project.milestones": "Milestone board",
    "project.family_score": "{reached} of {total} reached",
    "project.opens": "Opens",
    "project.reached_on": "Reached on {date}",
    "project.not_reached": "not reached",
    "project.revoked": "revoked: {reason}",
    "project.evidence": "Evidence",
    "project.coaching": "Coaching history",
    "project.session_date": "Date",
    "project.session_type": "Type",
    "project.session_mode": "Mode",
    "project.minutes": "Minutes",
    "project.topic": "Topics",
    "project.logged_by": "Logged by",
    "project.corrected": "corrected: {count}",
    "project.withdrawn": "withdrawn: {reason}",
    "project.hours_by_type": "Hours by type",
    "project.audit": "Audit trail",
    "project.hidden": "hidden for this role",
    "coach.title": "Coach",
    "coach.sessions": "Sessions",
    "coach.hours": "Hours",
    "coach.by_month": "Hours per month",
    "coach.project": "Project",
    "coach.more": "Older sessions",
    "audit.title": "Audit: {title}",
    "audit.verification": "Verification",
    "audit.intact": "Intact: all {events} events chain up to head {head}.",
    "audit.broken": "Broken at version {version}: {reason}",
    "audit.slider": "Version",
    "audit.slider_help": "Move the slider to see the project as it was after that event.",
    "audit.show": "Show",
    "audit.state_at": "State at version {version} of {head}",
    "audit.events": "Event timeline",
    "audit.recorded_at": "Recorded",
    "audit.occurred_on": "Occurred",
    "audit.type": "Event",
    "audit.actor": "Actor",
    "audit.changes": "Changes since the previous version",
    "audit.no_changes": "No field changed.",
    "error.title": "Something went wrong",
    "error.403": "This token may not see this page.",
    "error.404": "There is no such page or project.",
    "error.back": "Back to the portfolio",
    "footer.data": "Figures come from the read models at event position {position}.",
}

DE: dict[str, str] = {
    "app.name": "Seedbed",
    "app.tagline": "Inkubation ländlicher sozialer Mikroprojekte",
    "nav.skip": "Zum Inhalt springen",
    "nav.portfolio": "Portfolio",
    "nav.projects": "Projekte",
    "nav.main": "Hauptnavigation",
    "nav.language": "Sprache",
    "nav.signed_in_as": "Angemeldet als {role}",
    "auth.sign_in": "Anmelden",
    "auth.sign_out": "Abmelden",
    "auth.token": "API-Token",
    "auth.token_help": "Das Token, das Sie erhalten haben (es beginnt mit sbt_). "
    "Es wird einmal geprüft; der Browser behält nur ein Sitzungs-Cookie.",
    "auth.failed": "Dieses Token ist unbekannt, widerrufen oder abgelaufen.",
    "auth.expired": "Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.",
    "auth.signed_out": "Sie sind abgemeldet.",
    "auth.csrf": "Das Formular war veraltet oder kam von einer anderen Seite. "
    "Bitte versuchen Sie es erneut.",
    "role.coach": "Coach",
    "role.coordinator": "Koordination",
    "role.dashboard": "Dashboard",
    "role.auditor": "Prüfung",
    "role.admin": "Verwaltung",
    "portfolio.title": "Portfolio",
    "portfolio.projects": "Projekte",
    "portfolio.active": "Aktiv",
    "portfolio.countries": "Länder",
    "portfolio.hours": "Coaching-Stunden",
    "portfolio.funnel": "Phasentrichter",
    "portfolio.funnel_help": "Projekte, die jede Phase je erreicht haben.",
    "portfolio.by_stage": "Projekte je Phase (aktuell)",
    "portfolio.by_country": "Projekte nach Land",
    "portfolio.by_target_group": "Projekte nach Zielgruppe",
    "portfolio.by_outcome": "Abgeschlossene Projekte nach Ergebnis",
    "portfolio.median_days": "Median der Tage je Phase",
    "portfolio.hours_per_month": "Coaching-Stunden pro Monat",
    "portfolio.cohorts": "Accelerator-Jahrgänge",
    "portfolio.cohort": "Jahrgang {cohort}",
    "portfolio.independent": "selbstständig geworden",
    "portfolio.no_cohorts": "Noch kein Projekt wurde für den Accelerator ausgewählt.",
    "live.refresh": "Aktualisieren",
    "live.updated": "Aktualisiert {time}",
    "live.failed": "Aktualisierung fehlgeschlagen; die Zahlen sind eventuell veraltet.",
    "table.show": "Als Tabelle zeigen",
    "table.count": "Anzahl",
    "table.hours": "Stunden",
    "table.days": "Tage",
    "table.month": "Monat",
    "table.none": "Noch nichts.",
    "projects.title": "Projekte",
    "projects.filter": "Filtern",
    "projects.any": "alle",
    "projects.apply": "Anwenden",
    "projects.next": "Nächste Seite",
    "projects.empty": "Kein Projekt passt.",
    "field.title": "Titel",
    "field.stage": "Phase",
    "field.status": "Status",
    "field.country": "Land",
    "field.network": "Netzwerk",
    "field.target_group": "Zielgruppe",
    "field.outcome": "Ergebnis",
    "field.proposed_on": "Vorgeschlagen am",
    "field.stage_since": "In der Phase seit",
    "field.sessions": "Termine",
    "field.hours": "Coaching-Stunden",
    "field.milestones": "Erreichte Meilensteine",
    "field.cohort": "Accelerator-Jahrgang",
    "field.version": "Version",
    "field.summary": "Zusammenfassung",
    "field.coaches": "Coaches",
    "field.team": "Team",
    "project.timeline": "Phasenverlauf",
    "project.timeline_help": "Jeder Zeitraum, den das Projekt in einer Phase verbrachte.",
    "project.entered": "Beginn",
    "project.left": "Ende",
    "project.ongoing": "laufend",
    "project.how": "Wie",
    "project.rationale": "Begründung",
    "project.milestones": "Meilensteine",
    "project.family_score": "{reached} von {total} erreicht",
    "project.opens": "Öffnet",
    "project.reached_on": "Erreicht am {date}",
    "project.not_reached": "nicht erreicht",
    "project.revoked": "widerrufen: {reason}",
    "project.evidence": "Nachweis",
    "project.coaching": "Coaching-Verlauf",
    "project.session_date": "Datum",
    "project.session_type": "Art",
    "project.session_mode": "Form",
    "project.minutes": "Minuten",
    "project.topic": "Themen",
    "project.logged_by": "Erfasst von",
    "project.corrected": "korrigiert: {count}",
    "project.withdrawn": "zurückgezogen: {reason}",
    "project.hours_by_type": "Stunden nach Art",
    "project.audit": "Prüfpfad",
    "project.hidden": "für diese Rolle verborgen",
    "coach.title": "Coach",
    "coach.sessions": "Termine",
    "coach.hours": "Stunden",
    "coach.by_month": "Stunden pro Monat",
    "coach.project": "Projekt",
    "coach.more": "Ältere Termine",
    "audit.title": "Prüfung: {title}",
    "audit.verification": "Verifikation",
    "audit.intact": "Intakt: alle {events} Ereignisse sind bis Kopf {head} verkettet.",
    "audit.broken": "Gebrochen bei Version {version}: {reason}",
    "audit.slider": "Version",
    "audit.slider_help": "Schieben Sie den Regler, um das Projekt nach diesem Ereignis zu sehen.",
    "audit.show": "Zeigen",
    "audit.state_at": "Stand bei Version {version} von {head}",
    "audit.events": "Ereignisverlauf",
    "audit.recorded_at": "Erfasst",
    "audit.occurred_on": "Geschehen",
    "audit.type": "Ereignis",
    "audit.actor": "Akteur",
    "audit.changes": "Änderungen seit der vorigen Version",
    "audit.no_changes": "Kein Feld hat sich geändert.",
    "error.title": "Etwas ist schiefgegangen",
    "error.403": "Dieses Token darf diese Seite nicht sehen.",
    "error.404": "Diese Seite oder dieses Projekt gibt es nicht.",
    "error.back": "Zurück zum Portfolio",
    "footer.data": "Die Zahlen stammen aus den Lesemodellen bei Ereignisposition {position}.",
}

# The domain's words (stage, status, target group, ...) by value.
VALUES: dict[str, dict[str, str]] = {
    "en": {
        "idea": "Idea",
        "co_creation": "Co-creation",
        "pilot": "Pilot",
        "independence": "Independence",
        "active": "active",
        "paused": "paused",
        "closed": "closed",
        "independent": "independent",
        "informal_stable": "informal, stable",
        "absorbed": "absorbed",
        "discontinued": "discontinued",
        "single_parents": "Single parents",
        "youth": "Youth",
        "elderly": "Elderly people",
        "migrants_refugees": "Migrants and refugees",
        "long_term_unemployed": "Long-term unemployed",
        "people_with_disabilities": "People with disabilities",
        "coaching": "Coaching",
        "consulting": "Consulting",
        "training": "Training",
        "peer_exchange": "Peer exchange",
        "network_meeting": "Network meeting",
        "needs_workshop": "Needs workshop",
        "gate_review": "Gate review",
        "biography_checkin": "Biography check-in",
        "on_site": "on site",
        "remote": "remote",
        "phone": "phone",
        "participation": "Participation",
        "concept": "Concept",
        "capacity": "Capacity",
        "service": "Service",
        "organisation": "Organisation",
        "governance": "Governance",
        "finance": "Finance",
        "impact": "Impact",
        "network": "Network",
        "transfer": "Transfer",
        "advanced": "advanced",
        "reverted": "stepped back",
        "close as independent": "closure as independent",
        "proposed": "proposed",
    },
    "de": {
        "idea": "Idee",
        "co_creation": "Ko-Kreation",
        "pilot": "Pilot",
        "independence": "Selbstständigkeit",
        "active": "aktiv",
        "paused": "pausiert",
        "closed": "abgeschlossen",
        "independent": "selbstständig",
        "informal_stable": "informell, stabil",
        "absorbed": "übernommen",
        "discontinued": "eingestellt",
        "single_parents": "Alleinerziehende",
        "youth": "Jugendliche",
        "elderly": "Ältere Menschen",
        "migrants_refugees": "Zugewanderte und Geflüchtete",
        "long_term_unemployed": "Langzeitarbeitslose",
        "people_with_disabilities": "Menschen mit Behinderung",
        "coaching": "Coaching",
        "consulting": "Beratung",
        "training": "Schulung",
        "peer_exchange": "Austausch unter Peers",
        "network_meeting": "Netzwerktreffen",
        "needs_workshop": "Bedarfsworkshop",
        "gate_review": "Phasenprüfung",
        "biography_checkin": "Biografie-Gespräch",
        "on_site": "vor Ort",
        "remote": "online",
        "phone": "telefonisch",
        "participation": "Beteiligung",
        "concept": "Konzept",
        "capacity": "Kompetenz",
        "service": "Angebot",
        "organisation": "Organisation",
        "governance": "Steuerung",
        "finance": "Finanzen",
        "impact": "Wirkung",
        "network": "Vernetzung",
        "transfer": "Transfer",
        "advanced": "aufgestiegen",
        "reverted": "zurückgestuft",
        "close as independent": "Abschluss als selbstständig",
        "proposed": "vorgeschlagen",
    },
}

CATALOGUES = {"en": EN, "de": DE}


@dataclass(frozen=True)
class Language:
    """The words (`code`: en or de) and the locale for dates and numbers (e.g. de_AT)."""

    code: str
    locale: Locale

    @property
    def tag(self) -> str:
        """The BCP 47 tag for `<html lang>` and the browser's Intl (de-AT)."""
        return str(self.locale).replace("_", "-")

    def text(self, key: str, **values: object) -> str:
        words = CATALOGUES[self.code].get(key) or EN[key]
        return words.format(**values) if values else words

    def value(self, word: str | None) -> str:
        """A domain value (stage, status, target group, ...) in this language."""
        if word is None:
            return "—"
        return VALUES[self.code].get(word) or VALUES["en"].get(word) or word.replace("_", " ")

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
    code = chosen if chosen in LANGUAGES else None
    if code is None:
        for tag in tags:
            primary = tag.split("-")[0].lower()
            if primary in LANGUAGES:
                code = primary
                break
    code = code or DEFAULT_LANGUAGE
    for tag in tags:  # the most specific locale the browser names for that language
        if tag.split("-")[0].lower() == code and "-" in tag:
            found = _locale(tag)
            if found is not None:
                return Language(code, found)
    default = {"en": "en_GB", "de": "de_DE"}[code]
    return Language(code, Locale.parse(default))
