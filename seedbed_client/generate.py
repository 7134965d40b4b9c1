"""Writes seedbed_client/_generated.py from Seedbed's OpenAPI document: a TypedDict or a Literal
for every schema, and one method per route (path parameters positional, the body typed, query
parameters and the If-Match / X-Min-Position / Idempotency-Key headers as keywords, the reply's
type passed along so that base.py checks the reply against it).

    python -m seedbed_client.generate http://127.0.0.1:8000/openapi.json
    python -m seedbed_client.generate openapi.json

Nothing here is written by hand that the document says; tests/client/test_schema_drift.py
renders the served document again and fails when the committed file differs.
"""

from __future__ import annotations

import json
import keyword
import re
import sys
from pathlib import Path
from typing import Any

import httpx

TARGET = Path(__file__).with_name("_generated.py")
HEADERS = {
    "If-Match": "if_match",
    "X-Min-Position": "min_position",
    "Idempotency-Key": "idempotency_key",
}
HEADER_TYPES = {
    "if_match": "str | int | None",
    "min_position": "int | None",
    "idempotency_key": "str | None",
}
SCALARS = {"string": "str", "integer": "int", "number": "float", "boolean": "bool", "null": "None"}


def type_of(schema: dict[str, Any]) -> str:
    """The Python type of a JSON schema, as source text."""
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    if "enum" in schema:
        return "Literal[" + ", ".join(json.dumps(v) for v in schema["enum"]) + "]"
    if "const" in schema:
        return f"Literal[{json.dumps(schema['const'])}]"
    for union in ("anyOf", "oneOf"):
        if union in schema:
            parts: list[str] = []
            for option in schema[union]:
                text = type_of(option)
                if text not in parts:
                    parts.append(text)
            return " | ".join(parts)
    if "allOf" in schema and len(schema["allOf"]) == 1:
        return type_of(schema["allOf"][0])
    kind = schema.get("type")
    if kind == "array":
        return f"list[{type_of(schema['items'])}]" if "items" in schema else "list[Any]"
    if kind == "object":
        extra = schema.get("additionalProperties")
        return (
            f"dict[str, {type_of(extra)}]"
            if isinstance(extra, dict) and extra
            else "dict[str, Any]"
        )
    if isinstance(kind, str) and kind in SCALARS:
        return SCALARS[kind]
    return "Any"


def _model(name: str, schema: dict[str, Any]) -> str:
    required = set(schema.get("required", []))
    fields = schema.get("properties", {})
    lines = []
    for field, spec in fields.items():
        text = type_of(spec)
        lines.append((field, text if field in required else f"NotRequired[{text}]"))
    if all(f.isidentifier() and not keyword.iskeyword(f) for f, _ in lines):
        body = "".join(f"    {f}: {t}\n" for f, t in lines) or "    pass\n"
        doc = (
            f'    """{schema["description"].splitlines()[0]}"""\n\n'
            if schema.get("description")
            else ""
        )
        return f"class {name}(TypedDict):\n{doc}{body}"
    pairs = "".join(f'        "{f}": "{t}",\n' for f, t in lines)
    return f'{name} = TypedDict(\n    "{name}",\n    {{\n{pairs}    }},\n)\n'


def _schemas(document: dict[str, Any]) -> tuple[list[str], list[str], list[str]]:
    aliases: list[str] = []
    models: list[str] = []
    late: list[str] = []
    for name, schema in sorted(document.get("components", {}).get("schemas", {}).items()):
        if schema.get("type") == "object" and "properties" in schema:
            text = _model(name, schema)
            (models if text.startswith("class") else late).append(text)
        else:
            aliases.append(f"{name} = {type_of(schema)}\n")
    return aliases, models, late


def method_name(operation_id: str, path: str, method: str) -> str:
    """FastAPI's operation ids are `<function><path>_<method>`: the function's name."""
    suffix = re.sub(r"\W", "_", path) + "_" + method
    return operation_id[: -len(suffix)] if operation_id.endswith(suffix) else operation_id


def _reply_type(operation: dict[str, Any]) -> str:
    for status, reply in sorted(operation.get("responses", {}).items()):
        if status.startswith("2"):
            schema = reply.get("content", {}).get("application/json", {}).get("schema")
            return type_of(schema) if schema else "Any"
    return "Any"


def _method(path: str, method: str, operation: dict[str, Any], name: str) -> str:
    positional, keywords, query, headers = [], [], [], []
    for parameter in operation.get("parameters", []):
        python = parameter["name"]
        if keyword.iskeyword(python):  # ?from=: the method's keyword is from_
            python += "_"
        if parameter["in"] == "path":
            positional.append(f"{python}: str")
        elif parameter["in"] == "query":
            text = type_of(parameter.get("schema", {}))
            optional = "" if "None" in text else " | None"
            keywords.append(f"{python}: {text}{optional} = None")
            query.append(f'"{parameter["name"]}": {python}')
        elif parameter["in"] == "header" and parameter["name"] in HEADERS:
            python = HEADERS[parameter["name"]]
            keywords.append(f"{python}: {HEADER_TYPES[python]} = None")
            headers.append(f'"{parameter["name"]}": {python}')
    body = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if body is not None:
        positional.append(f"body: {type_of(body['schema'])}")
    arguments = ", ".join(["self", *positional, *(["*", *keywords] if keywords else [])])
    summary = operation.get("summary", "").replace('"""', "'")
    body_value = "body" if body is not None else "None"
    names = [p.split(":")[0] for p in positional if not p.startswith("body")]
    path_params = ", ".join(f'"{n}": {n}' for n in names)
    reply = _reply_type(operation)
    ignore = "" if reply == "Any" else "  # type: ignore[no-any-return]"
    checked = "" if reply == "Any" else f"            reply={reply},\n"
    return (
        f"    def {name}({arguments}) -> {reply}:\n"
        f'        """{method.upper()} {path}: {summary}"""\n'
        f"        return self._call({ignore}\n"
        f'            "{method.upper()}",\n'
        f'            "{path}",\n'
        f"            {{{path_params}}},\n"
        f"            query={{{', '.join(query)}}},\n"
        f"            body={body_value},\n"
        f"            headers={{{', '.join(headers)}}},\n"
        f"{checked}"
        f"        )\n"
    )


def render(document: dict[str, Any]) -> str:
    aliases, models, late = _schemas(document)
    methods = []
    for path, item in sorted(document["paths"].items()):
        for method, operation in item.items():
            name = method_name(operation["operationId"], path, method)
            methods.append((name, _method(path, method, operation, name)))
    names = [n for n, _ in methods]
    duplicates = {n for n in names if names.count(n) > 1}
    assert not duplicates, f"two routes share a function name: {sorted(duplicates)}"
    info = document.get("info", {})
    return (
        f'"""Generated from the OpenAPI document of {info.get("title", "Seedbed")} '
        f'{info.get("version", "")} by `python -m seedbed_client.generate`: do not edit."""\n\n'
        "from __future__ import annotations\n\n"
        "from typing import Any, Literal\n\n"
        # typing_extensions' TypedDict: pydantic checks replies against these, and on Python
        # 3.11 it reads typing's own TypedDict incompletely (it refuses it).
        "from typing_extensions import NotRequired, TypedDict\n\n"
        "from seedbed_client.base import Caller\n\n"
        + "".join(aliases)
        + "\n\n"
        + "\n\n".join(models)
        + ("\n\n" + "\n\n".join(late) if late else "")
        + "\n\nclass Routes(Caller):\n"
        '    """One method per route of the API."""\n\n'
        + "\n".join(text for _n, text in sorted(methods))
        + "\n\nROUTES = "
        + json.dumps(
            sorted(f"{m.upper()} {p}" for p, item in document["paths"].items() for m in item),
            indent=4,
        )
        + "\n"
    )


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    source = args[0] if args else "http://127.0.0.1:8000/openapi.json"
    if source.startswith(("http://", "https://")):
        document = httpx.get(source, timeout=10).json()
    else:
        document = json.loads(Path(source).read_text())
    TARGET.write_text(render(document))
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
