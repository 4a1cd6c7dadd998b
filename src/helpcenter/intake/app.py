"""`create_app(settings)`: the helpdesk API as an ASGI app, with its clock and randomness injectable.

Everything is built from the settings, nothing at import time: a test builds one app per case with its own
database, clock and random numbers. Forwarding workers run in threads of the same process while the app
is up (lifespan), when a connector is configured.
"""

from __future__ import annotations

import contextlib
import os
import random
import socket


from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Mount

from helpcenter.intake import logs
from helpcenter.intake.connectors import Connector, build_connector
from helpcenter.intake.context import Context
from helpcenter.intake.endpoints import feedback, health, tickets
from helpcenter.intake.outbox import Forwarder, RetryPolicy, start_workers
from helpcenter.intake.ratelimit import RateLimiter
from helpcenter.intake.service import Clock, Intake, utc_now
from helpcenter.intake.settings import Settings, describe_database
from helpcenter.intake.storage import Storage, open_storage
from helpcenter.policy.loader import load_policy

PREFIX = "/api/v1"  # the contract's server path
ENDPOINTS = (tickets, feedback, health)  # a new endpoint is one more module with `routes(context)`


def create_app(settings: Settings, *, clock: Clock = utc_now, rng: random.Random | None = None,
               connector: Connector | None = None, storage: Storage | None = None) -> Starlette:
    """The app. `clock` returns aware UTC datetimes; `rng` draws references and retry jitter (a
    `random.SystemRandom` by default); `connector` and `storage` replace those the settings describe."""
    rng = rng or random.SystemRandom()
    policy = load_policy(settings.policy_file)
    storage = storage or open_storage(settings.database_url)
    def limiter(limit):
        return RateLimiter(limit, lambda: clock().timestamp()) if limit else None

    context = Context(settings=settings, policy=policy, storage=storage, clock=clock, rng=rng,
                      intake=Intake(policy, storage, clock, rng, settings.idempotency_retention),
                      limiter=limiter(settings.rate_limit), feedback_limiter=limiter(settings.feedback_rate_limit))
    connector = connector or build_connector(settings, policy)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):
        context.intake.warm_up()  # before the first request is accepted
        logs.event("service.started", database=describe_database(settings.database_url),
                   connector=connector.name if connector else "none", origins=list(settings.cors_origins),
                   workers=settings.workers if connector else 0)
        stop, threads = None, []
        if connector and settings.workers:
            retry = RetryPolicy(settings.max_attempts, settings.retry_base, settings.retry_cap)
            worker_id = f"{socket.gethostname()}:{os.getpid()}"
            stop, threads = start_workers(settings.workers, lambda index: Forwarder(
                storage, connector, clock, rng, retry, f"{worker_id}:{index}"), "forwarder")
        try:
            yield
        finally:
            if stop:
                stop.set()
                for thread in threads:
                    thread.join(timeout=30)
            if connector:
                connector.close()
            storage.close()
            logs.event("service.stopped")

    async def internal_error(request: Request, error: Exception) -> JSONResponse:
        logs.event("request.crashed", level=40, detail=type(error).__name__)
        return JSONResponse({"errors": []}, status_code=500)

    app = Starlette(
        routes=[Mount(PREFIX, routes=[route for module in ENDPOINTS for route in module.routes(context)])],
        middleware=[Middleware(CORSMiddleware, allow_origins=list(settings.cors_origins),
                               allow_methods=["GET", "POST"], allow_headers=["Content-Type", "Idempotency-Key"],
                               expose_headers=["Retry-After"], max_age=600)],
        exception_handlers={Exception: internal_error},
        lifespan=lifespan,
    )
    app.state.context = context
    return app


def app_from_environment() -> Starlette:
    """For `uvicorn --factory helpcenter.intake.app:app_from_environment`: settings from the environment."""
    from helpcenter.intake.settings import from_environment

    settings = from_environment(os.environ)
    logs.configure(settings.log_level)
    return create_app(settings)


