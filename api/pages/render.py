"""Jinja2 templates and the headers every page carries (its own CSP, no caching)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from api.pages.i18n import NATIVE_NAMES, Language, available
from api.pages.labels import FIELD_LABELS, VALUE_LABELS

HERE = Path(__file__).parent
STATIC_DIR = HERE / "static"

# Pages load their script and style from /static only; nothing inline, nothing third-party.
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; "
    "manifest-src 'self'; worker-src 'self'"
)
PAGE_HEADERS = {
    "Content-Security-Policy": PAGE_CSP,
    "Cache-Control": "no-store",
    "Vary": "Cookie, Accept-Language",
    # Browsers send `Origin: null` on form posts under no-referrer; the CSRF check needs it.
    "Referrer-Policy": "same-origin",
}

templates = Environment(
    loader=FileSystemLoader(HERE / "templates"),
    autoescape=select_autoescape(["html"]),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def _json_script(value: Any) -> Markup:
    """JSON safe to place inside <script type="application/json"> (no `</script>` break-out)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


templates.filters["json_script"] = _json_script


def page(
    request: Request,
    template: str,
    language: Language,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    html = templates.get_template(template).render(
        request=request,
        lang=language,
        _=language.gettext,
        gettext=language.gettext,
        pgettext=language.pgettext,
        ngettext=language.ngettext,
        v=language.value,
        role_name=language.role,
        words={value: language.value(value) for value in VALUE_LABELS},
        field_words={name: language.gettext(label) for name, label in FIELD_LABELS.items()},
        languages=[(code, NATIVE_NAMES[code]) for code in available()],
        path=request.url.path,
        query=request.url.query,
        **context,
    )
    return HTMLResponse(html, status_code=status_code, headers=PAGE_HEADERS)
