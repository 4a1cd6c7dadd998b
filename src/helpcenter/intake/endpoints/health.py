"""GET /health: 200 when the service can reach its database, else 503 (for the reverse proxy or monitor)."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from helpcenter.intake import logs
from helpcenter.intake.context import Context


def routes(context: Context) -> list[Route]:
    async def health(request: Request) -> JSONResponse:
        try:
            await run_in_threadpool(context.storage.ping)
        except Exception as error:  # the database is down or unreachable
            logs.event("health.failed", level=40, detail=type(error).__name__)
            return JSONResponse({"status": "unavailable"}, status_code=503)
        return JSONResponse({"status": "ok"})

    return [Route("/health", health, methods=["GET"])]
