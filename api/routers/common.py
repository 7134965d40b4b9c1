"""What every write route needs: the Write (idempotency and reply) for the current request."""

from __future__ import annotations

import hashlib
import json
from typing import Annotated

from fastapi import Depends, Request

from api.deps import ContainerDep, PrincipalDep
from api.writes import IdempotencyKey, Write

WRITE_RESPONSE_HEADERS = {
    "ETag": {"description": 'The stream\'s new version, e.g. "8".', "schema": {"type": "string"}},
    "X-Event-Position": {
        "description": "Global position of the write's last event.",
        "schema": {"type": "string"},
    },
}


async def _canonical_body(request: Request) -> bytes:
    raw = await request.body()
    try:
        return json.dumps(json.loads(raw), sort_keys=True, separators=(",", ":")).encode()
    except ValueError:
        return raw


async def current_write(
    request: Request,
    container: ContainerDep,
    principal: PrincipalDep,
    idempotency_key: IdempotencyKey = None,
) -> Write:
    request.app.state.write_limiter.take(principal.token_id)
    body = await _canonical_body(request)
    digest = hashlib.sha256(
        request.method.encode() + b" " + request.url.path.encode() + b"\n" + body
    ).hexdigest()
    return Write(container, principal, idempotency_key, digest)


WriteDep = Annotated[Write, Depends(current_write)]
