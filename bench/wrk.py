"""HTTP load from wrk (Debian's `wrk`, a C load generator), so the loader is not the bottleneck.

`run_wrk` POSTs to a list of paths in turn (one path per request, say 200 projects' sessions),
each request with its own body (a counter in it) and, when `keyed`, its own Idempotency-Key,
for a fixed time on N keep-alive connections; a Lua `done` hook prints the summary as JSON.
Python's own loaders on these two cores capped a raw INSERT+COMMIT endpoint at about half of
what wrk drives (DESIGN.md, 2026-12-01): never measure throughput with them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

COUNTER = "%N%"  # where each request's counter goes in the body

LUA = r"""
local paths = {%(paths)s}
local body_head, body_tail = %(head)s, %(tail)s
local keyed = %(keyed)s
local headers = {%(headers)s}
local counter = 0
local prefix = ""
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end

function init(args)
  math.randomseed(os.time() + (tid or 0))
  prefix = "wrk-" .. tostring(tid or 0) .. "-" .. tostring(os.time()) .. "-"
    .. tostring(math.random(1, 1000000000))
end

function request()
  counter = counter + 1
  if keyed then headers["Idempotency-Key"] = prefix .. counter end
  local path = paths[(counter %% #paths) + 1]
  local body = nil
  if body_head then body = body_head .. counter .. (body_tail or "") end
  return wrk.format("POST", path, headers, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %%d, "duration_us": %%d, "status": %%d, "connect": %%d, '
    .. '"read": %%d, "write": %%d, "timeout": %%d, "p50": %%d, "p99": %%d}\n',
    summary.requests, summary.duration, e.status, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
"""


@dataclass(frozen=True)
class WrkResult:
    requests: int
    seconds: float
    errors: int  # non-2xx/3xx answers, plus socket errors and timeouts
    p50_ms: float
    p99_ms: float

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def wrk_binary() -> str:
    """wrk's path; installs Debian's package when run as root, else says what to do."""
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False, env=env)
        if not shutil.which("wrk"):
            subprocess.run(["apt-get", "update", "-qq"], check=False, env=env)
            subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False, env=env)
        found = shutil.which("wrk")
        if found:
            return found
    raise SystemExit(
        "the benchmark needs wrk (a C HTTP load generator): apt-get install wrk, then rerun"
    )


def _lua_string(value: str | None) -> str:
    return "nil" if value is None else json.dumps(value)  # a JSON string is a Lua string here


def script(paths: Sequence[str], body: str | None, headers: Mapping[str, str], keyed: bool) -> str:
    head, tail = (None, None) if body is None else body.split(COUNTER, 1)
    all_headers = {"Content-Type": "application/json", **headers} if body else dict(headers)
    return LUA % {
        "paths": ", ".join(_lua_string(p) for p in paths),
        "head": _lua_string(head),
        "tail": _lua_string(tail),
        "keyed": "true" if keyed else "false",
        "headers": ", ".join(
            f"[{_lua_string(k)}] = {_lua_string(v)}" for k, v in all_headers.items()
        ),
    }


def run_wrk(
    base_url: str,
    paths: Sequence[str],
    body: str | None,
    clients: int,
    seconds: float,
    work: Path,
    headers: Mapping[str, str] | None = None,
    keyed: bool = False,
) -> WrkResult:
    """`clients` keep-alive connections for `seconds`; `body` holds COUNTER once (or None)."""
    lua = work / f"wrk-{os.getpid()}-{abs(hash((tuple(paths), body, keyed)))}.lua"
    lua.write_text(script(paths, body, headers or {}, keyed))
    command = [
        wrk_binary(),
        "--threads",
        str(min(clients, 2)),
        "--connections",
        str(clients),
        "--duration",
        f"{max(1, round(seconds))}s",
        "--timeout",
        "30s",
        "--script",
        str(lua),
        base_url,
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    line = next((x for x in done.stdout.splitlines() if x.startswith("WRKJSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk printed no summary:\n{done.stdout}\n{done.stderr}")
    found = json.loads(line[len("WRKJSON ") :])
    errors = sum(found[k] for k in ("status", "connect", "read", "write", "timeout"))
    return WrkResult(
        found["requests"],
        found["duration_us"] / 1e6,
        errors,
        found["p50"] / 1e3,
        found["p99"] / 1e3,
    )
