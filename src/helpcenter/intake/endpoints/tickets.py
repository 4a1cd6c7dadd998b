"""POST /tickets: rate limit, Idempotency-Key, read and check the ticket, store it, answer (the contract)."""

from __future__ import annotations

import time

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from helpcenter.intake import logs
from helpcenter.intake.context import Context
from helpcenter.intake.endpoints.common import rate_limited, unavailable
from helpcenter.intake.payload import read_request
from helpcenter.intake.service import InProgress
from helpcenter.intake.tickets import FieldError, Rejected, parse_ticket

KEY_HEADER = "Idempotency-Key"


def routes(context: Context) -> list[Route]:
    async def create_ticket(request: Request) -> JSONResponse:
        started = time.perf_counter()
        refused = rate_limited(context.limiter, request, "ticket.rate_limited")
        if refused:
            return refused
        try:
            key = idempotency_key(request)
            payload, attachments = await read_request(request, context.policy)
            ticket = parse_ticket(payload, context.policy, context.clock(), attachments)
            outcome = await run_in_threadpool(context.intake.submit, key, ticket)
        except Rejected as rejected:
            logs.event("ticket.rejected", status=rejected.status,
                       fields=sorted({error.field for error in rejected.errors}))
            return JSONResponse(rejected.body(), status_code=rejected.status)
        except InProgress:
            logs.event("ticket.in_progress", status=409)
            return JSONResponse({"errors": [FieldError(KEY_HEADER, "invalid", "a request with this key is still "
                                                                           "being processed; retry later").as_json()]},
                                status_code=409, headers={"Retry-After": "1"})
        except Exception as error:  # the database is unreachable: nothing was acknowledged
            return unavailable("ticket.store_failed", error)
        logs.event("ticket.accepted", reference=outcome.body.get("reference"), status=outcome.status,
                   replayed=outcome.replayed, duration_ms=round((time.perf_counter() - started) * 1000, 1))
        return JSONResponse(outcome.body, status_code=outcome.status)

    return [Route("/tickets", create_ticket, methods=["POST"])]


def idempotency_key(request: Request) -> str:
    key = request.headers.get(KEY_HEADER)
    if key is None or not key.strip():
        raise Rejected(400, [FieldError(KEY_HEADER, "required", "send an Idempotency-Key header (a UUID per ticket)")])
    if not 8 <= len(key) <= 100 or not key.isascii() or not key.isprintable():
        raise Rejected(400, [FieldError(KEY_HEADER, "invalid", "8 to 100 printable ASCII characters")])
    return key
