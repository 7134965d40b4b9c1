"""The HTTP checks of a served Seedbed, shared by .ci/wheel-smoke and docker/smoke.

    python serve_checks.py BASE_URL CSS_FILE [--pid PID] [--wait SECONDS]

Waits for /health to answer (and, with --pid, for that process to stay alive), then requires:
GET /health 200; an unauthenticated GET / 303 to /sign-in (the redirect is not followed
automatically); GET of that /sign-in 200, HTML with the sign-in form; GET /static/seedbed.css
200 text/css with the bytes of CSS_FILE (the checkout's file). Standard library only, so any
Python 3.11 can run it. Exit 1 on any failure, each check printed.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import urllib.error
import urllib.request
from email.message import Message
from pathlib import Path


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def get(url: str) -> tuple[int, Message, bytes]:
    try:
        with _OPENER.open(url, timeout=10) as reply:
            return int(reply.status), reply.headers, reply.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def wait_for_health(base: str, pid: int | None, seconds: float) -> str | None:
    """None once /health answers at all, else why it never did."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            get(base + "/health")
            return None
        except OSError:
            if pid is not None:
                try:
                    os.kill(pid, 0)
                except OSError:
                    return f"the server (pid {pid}) exited before it answered"
            if time.monotonic() > deadline:
                return f"no answer on {base}/health within {seconds:g} s"
            time.sleep(0.2)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("css_file", type=Path)
    parser.add_argument("--pid", type=int)
    parser.add_argument("--wait", type=float, default=60)
    args = parser.parse_args()
    base: str = args.base.rstrip("/")
    problem = wait_for_health(base, args.pid, args.wait)
    if problem is not None:
        print(f"  FAIL {problem}")
        return 1
    failures: list[str] = []

    def check(what: str, ok: bool, detail: str) -> None:
        print(f"  {'ok  ' if ok else 'FAIL'} {what}: {detail}")
        if not ok:
            failures.append(what)

    status, headers, body = get(base + "/health")
    check("GET /health", status == 200, f"{status} {body[:80]!r}")

    status, headers, body = get(base + "/")
    location = headers.get("Location", "")
    check(
        "GET / (no session)",
        status == 303 and location.startswith("/sign-in"),
        f"{status} Location: {location!r} (wanted 303 to /sign-in)",
    )

    target = location if location.startswith("/sign-in") else "/sign-in"
    status, headers, body = get(base + target)
    kind = headers.get("Content-Type", "")
    check(
        f"GET {target}",
        status == 200 and kind.startswith("text/html") and b"<form" in body,
        f"{status} {kind} ({len(body)} bytes{', with a form' if b'<form' in body else ''})",
    )

    expected = args.css_file.read_bytes()
    status, headers, body = get(base + "/static/seedbed.css")
    kind = headers.get("Content-Type", "")
    same = body == expected
    check(
        "GET /static/seedbed.css",
        status == 200 and kind.startswith("text/css") and same,
        f"{status} {kind} ({len(body)} bytes, {'the same as' if same else 'NOT'} "
        f"{args.css_file.name} of the checkout)",
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
