"""The typed client says nothing by hand that the OpenAPI document says: its models and methods
are rendered from the served document, and the committed file must be exactly that rendering
(regenerate with `python -m seedbed_client.generate URL-or-FILE`). Its error tree knows every
problem type the server answers."""

from __future__ import annotations

from typing import Any

import pytest

from api.main import create_app
from api.problems import HTTP_PROBLEMS, PROBLEMS, UNTRUSTED_HOST
from app.settings import Settings
from seedbed_client import errors
from seedbed_client.client import ROUTES, SeedbedClient
from seedbed_client.generate import TARGET, method_name, render


@pytest.fixture(scope="module")
def served() -> dict[str, Any]:
    document: dict[str, Any] = create_app(Settings(database_url="sqlite:///:memory:")).openapi()
    return document


def test_the_committed_client_is_the_rendering_of_the_served_schema(served: dict[str, Any]) -> None:
    assert TARGET.read_text() == render(served), (
        "the client and the served OpenAPI document disagree: "
        "run `python -m seedbed_client.generate` against the server"
    )


def test_every_route_has_one_method(served: dict[str, Any]) -> None:
    operations = {
        f"{method.upper()} {path}": method_name(operation["operationId"], path, method)
        for path, item in served["paths"].items()
        for method, operation in item.items()
    }
    assert sorted(operations) == ROUTES
    for name in operations.values():
        assert callable(getattr(SeedbedClient, name)), name


def test_every_problem_type_has_its_error() -> None:
    slugs = {kind.slug for kind in [*PROBLEMS.values(), *HTTP_PROBLEMS.values(), UNTRUSTED_HOST]}
    slugs |= {"http-error", "internal-error"}
    assert slugs <= set(errors.BY_TYPE)
    for status in HTTP_PROBLEMS:
        assert status in errors.BY_STATUS


@pytest.mark.parametrize(
    ("status", "slug", "kind"),
    [
        (409, "project-closed", errors.ProjectClosed),
        (409, "version-conflict", errors.VersionConflict),
        (422, "invalid-input", errors.InvalidInput),
        (401, "unauthenticated", errors.Unauthenticated),
        (418, "teapot", errors.ProblemError),
        (503, "something-new", errors.Unavailable),
    ],
)
def test_a_problem_becomes_its_typed_error(status: int, slug: str, kind: type) -> None:
    error = errors.problem_error(status, {"type": f"/problems/{slug}", "detail": "d"}, {})
    assert type(error) is kind
    assert isinstance(error, errors.ProblemError)
