"""POST /feedback: a reader's "Was this page helpful?" vote (and comment): checked, stored, 204."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from helpcenter.intake import logs
from helpcenter.intake.context import Context
from helpcenter.intake.endpoints.common import rate_limited, unavailable
from helpcenter.intake.feedback import parse_vote
from helpcenter.intake.payload import read_json
from helpcenter.intake.storage import VoteConflict
from helpcenter.intake.tickets import FieldError, Rejected

BODY_LIMIT = 8 * 1024  # a vote with a comment at its longest, escaped, is far below


def routes(context: Context) -> list[Route]:
    async def give_feedback(request: Request) -> Response:
        refused = rate_limited(context.feedback_limiter, request, "feedback.rate_limited")
        if refused:
            return refused
        try:
            vote = parse_vote(await read_json(request, BODY_LIMIT), context.policy)
            # Kept to the hour: the time of a vote must not single out a visit in a web server's logs.
            hour = context.clock().timestamp() // 3600 * 3600
            await run_in_threadpool(context.storage.store_vote, vote, hour)
        except Rejected as rejected:
            logs.event("feedback.rejected", status=rejected.status,
                       fields=sorted({error.field for error in rejected.errors}))
            return JSONResponse(rejected.body(), status_code=rejected.status)
        except VoteConflict:
            logs.event("feedback.rejected", status=422, fields=["id"])
            return JSONResponse({"errors": [FieldError("id", "invalid", "this id holds a vote on another page; draw "
                                                                        "a new one").as_json()]}, status_code=422)
        except Exception as error:
            return unavailable("feedback.store_failed", error)
        logs.event("feedback.stored", status=204)
        return Response(status_code=204)

    return [Route("/feedback", give_feedback, methods=["POST"])]
