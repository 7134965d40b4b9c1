"""Request ids, one structured JSON log line per request, and Prometheus metrics.

Labels carry the route template (`/projects/{project_id}`), never ids or personal data.
With several uvicorn workers, set PROMETHEUS_MULTIPROC_DIR to an empty folder so that a scrape
of any worker reports the sums of all of them.
"""

from __future__ import annotations

import json
import logging
import os
import re
import time
import uuid
from collections.abc import Iterable
from contextvars import ContextVar
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from projections.reader import ReadModels

request_id: ContextVar[str] = ContextVar("seedbed_request_id", default="-")
_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")

REQUESTS = Counter("seedbed_http_requests", "HTTP requests answered", ["method", "route", "status"])
LATENCY = Histogram(
    "seedbed_http_request_duration_seconds",
    "Time to answer an HTTP request",
    ["method", "route"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
EVENTS_APPENDED = Counter("seedbed_events_appended", "Events appended to the event store")

access_log = logging.getLogger("seedbed.access")


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id and extra fields."""

    FIELDS = ("method", "route", "path_template", "status", "duration_ms", "client")

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S") + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": request_id.get(),
        }
        for name in self.FIELDS:
            if hasattr(record, name):
                entry[name] = getattr(record, name)
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info).splitlines()[-1]
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(level: str = "INFO") -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    logging.Formatter.converter = time.gmtime
    root = logging.getLogger("seedbed")
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    root.propagate = False


class ObservabilityMiddleware:
    """Times every request, labels it by route template, logs it and sets X-Request-ID."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = dict(scope.get("headers", [])).get(b"x-request-id", b"").decode("latin-1")
        rid = given if _VALID_ID.match(given) else uuid.uuid4().hex
        token = request_id.set(rid)
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", rid.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            route = getattr(scope.get("route"), "path", None) or "unmatched"
            method = scope.get("method", "-")
            REQUESTS.labels(method, route, str(status)).inc()
            LATENCY.labels(method, route).observe(elapsed)
            access_log.info(
                "%s %s %s",
                method,
                route,
                status,
                extra={
                    "method": method,
                    "route": route,
                    "status": status,
                    "duration_ms": round(elapsed * 1000, 2),
                },
            )
            request_id.reset(token)


class ProjectionCollector(Collector):
    """Projection positions and lag, read when Prometheus scrapes."""

    def __init__(self, read_models: ReadModels) -> None:
        self.read_models = read_models

    def collect(self) -> Iterable[GaugeMetricFamily]:
        try:
            lag = self.read_models.lag()
        except Exception:  # an unreachable database shows as missing gauges, not a failed scrape
            return []
        head = GaugeMetricFamily("seedbed_event_head_position", "Newest event position")
        head.add_metric([], lag.head)
        position = GaugeMetricFamily(
            "seedbed_projection_position", "Last event applied", labels=["projection"]
        )
        behind = GaugeMetricFamily(
            "seedbed_projection_lag_events", "Events not yet applied", labels=["projection"]
        )
        for name, value in lag.positions.items():
            position.add_metric([name], value)
            behind.add_metric([name], lag.head - value)
        seconds = GaugeMetricFamily(
            "seedbed_projection_lag_seconds", "Age of the oldest event not yet applied"
        )
        seconds.add_metric([], lag.seconds)
        return [head, position, behind, seconds]


def metrics_text(read_models: ReadModels) -> tuple[bytes, str]:
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    else:
        for collector in (REQUESTS, LATENCY, EVENTS_APPENDED):
            registry.register(collector)
    registry.register(ProjectionCollector(read_models))
    return generate_latest(registry), CONTENT_TYPE_LATEST
