"""Replies by audience: what a route returns is validated into its public schema, or, for a
dashboard, stripped by the one rule of `projections/audience.py` and validated into the
schema's dashboard twin, derived from it without the hidden keys (so a dashboard reply with
free text or a person id cannot be built, and the OpenAPI document shows both shapes)."""

from __future__ import annotations

import types
import typing
from functools import cache
from typing import Any, Union, get_args, get_origin

from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, create_model, model_validator

from projections.audience import HIDDEN_FROM_DASHBOARDS, without_personal_data
from store.tokens import Principal, Role


def _twin(annotation: Any) -> Any:
    """A field's type with every model inside it replaced by that model's dashboard twin."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return dashboard_model(annotation)
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is None or not args:
        return annotation
    twins = tuple(_twin(arg) for arg in args)
    if origin in (Union, types.UnionType):
        return Union[twins]  # noqa: UP007 - built from a tuple of types
    if origin is typing.Annotated:
        return typing.Annotated[twins]
    return origin[twins[0] if len(twins) == 1 else twins]


@cache
def dashboard_model(model: type[BaseModel]) -> type[BaseModel]:
    """`model` without the fields a dashboard never receives, at any depth: `XPublic` gives
    `XDashboard`."""
    fields: dict[str, Any] = {
        name: (_twin(info.annotation), info)
        for name, info in model.model_fields.items()
        if name not in HIDDEN_FROM_DASHBOARDS
    }
    name = model.__name__.removesuffix("Public") + "Dashboard"
    # The model's own "before" validators (a pair read as {version, field}, ...) go along.
    validators: dict[str, Any] = {
        key: model_validator(mode="before")(
            typing.cast(Any, classmethod(getattr(decorator.func, "__func__", decorator.func)))
        )
        for key, decorator in model.__pydantic_decorators__.model_validators.items()
        if decorator.info.mode == "before"
    }
    twin: type[BaseModel] = create_model(
        name,
        __config__=ConfigDict(extra="ignore"),
        __doc__=f"{model.__name__} as a dashboard receives it: no free text, no person ids.",
        __validators__=validators,
        **fields,
    )
    return twin


def for_dashboard(principal: Principal) -> bool:
    return principal.role is Role.DASHBOARD


def answer(
    principal: Principal, value: Any, model: type[BaseModel], headers: dict[str, str] | None = None
) -> JSONResponse:
    """The reply for this principal: the public shape, or the dashboard twin."""
    if for_dashboard(principal):
        twin = dashboard_model(model).model_validate(without_personal_data(value))
        # Free-form maps inside (a session's details) lose their hidden keys too.
        body = without_personal_data(twin.model_dump(mode="json"))
    else:
        body = model.model_validate(value, from_attributes=True).model_dump(mode="json")
    return JSONResponse(body, headers=headers)


def documented(model: type[BaseModel]) -> Any:
    """The route's response model for the OpenAPI document: the public or the dashboard shape."""
    return model | dashboard_model(model)
