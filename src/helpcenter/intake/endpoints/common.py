"""What the POST endpoints share: the rate limit's 429 and the 503 of a database out of reach."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse

from helpcenter.intake import logs
from helpcenter.intake.ratelimit import RateLimiter


def rate_limited(limiter: RateLimiter | None, request: Request, event: str) -> JSONResponse | None:
    """The 429 answer if this client has sent too much (its address is counted in memory, never stored)."""
    if limiter is None:
        return None
    wait = limiter.wait_for(request.client.host if request.client else "unknown")
    if not wait:
        return None
    logs.event(event, status=429)
    return JSONResponse({"errors": []}, status_code=429, headers={"Retry-After": str(wait)})


def unavailable(event: str, error: Exception) -> JSONResponse:
    """The database is unreachable: nothing was stored, the client keeps what it sent and retries."""
    logs.event(event, level=40, status=503, detail=type(error).__name__)
    return JSONResponse({"errors": []}, status_code=503, headers={"Retry-After": "30"})
