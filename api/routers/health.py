"""Liveness and readiness (no token needed), and metrics (a token needed)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, PlainTextResponse

from api.deps import ContainerDep, metrics_reader
from api.docs import problems
from api.observability import metrics_text
from api.problems import HTTP_PROBLEMS, problem_response
from api.schemas.health import ReadyPublic

router = APIRouter(tags=["operations"])


@router.get("/health", summary="The process is up")
def health() -> dict[str, str]:
    return {"status": "ok"}


@router.get(
    "/metrics",
    response_class=PlainTextResponse,
    responses={
        200: {"content": {"text/plain": {}}, "description": "Prometheus text format"},
        **problems(401, 403),
    },
    summary="Request counts and latency by route, events appended, projection position and lag "
    "(an admin token, or the scrape token SEEDBED_METRICS_TOKEN)",
    dependencies=[Depends(metrics_reader)],
)
def metrics(container: ContainerDep) -> PlainTextResponse:
    body, content_type = metrics_text(container.read_models)
    return PlainTextResponse(body, media_type=content_type)


@router.get(
    "/ready",
    response_model=ReadyPublic,
    responses=problems(503),
    summary="The database answers; how far the projections lag behind (events and seconds)",
)
def ready(request: Request, container: ContainerDep) -> JSONResponse:
    try:
        lag = container.read_models.lag()
    except Exception as error:  # any failure to reach the database means "not ready"
        return problem_response(
            HTTP_PROBLEMS[503],
            f"the database is not reachable ({error.__class__.__name__})",
            {"Retry-After": "2"},
        )
    failure = container.runner.last_error
    if failure is not None:
        return problem_response(
            HTTP_PROBLEMS[503],
            f"the projections are stuck: {failure.__class__.__name__}",
            {"Retry-After": "5"},
        )
    body = ReadyPublic(
        status="ready",
        database="ok",
        head_position=lag.head,
        projection_positions=lag.positions,
        lag_events=lag.events,
        lag_seconds=lag.seconds,
        waiting_reads=request.app.state.waiters.waiting,
    )
    return JSONResponse(body.model_dump(mode="json"))
