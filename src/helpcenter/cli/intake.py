"""`helpcenter intake`: run the helpdesk API and look at its outbox.

    helpcenter intake serve [--host H] [--port P]   the API on http://H:P/api/v1 (settings: HELPCENTER_INTAKE_*)
    helpcenter intake list [--state S] [--limit N]  tickets, newest first: state, attempts, last error
    helpcenter intake show REF                      one ticket: what the customer typed, files, every attempt
    helpcenter intake retry REF                     send a failed (or waiting) ticket again now
    helpcenter intake feedback [--since D] [--until D] [--json]   readers' answers to "Was this page helpful?"
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import datetime, timezone

from helpcenter.cli import feedback
from helpcenter.intake.settings import SettingsError, database_url_from, describe_database, from_environment
from helpcenter.intake.storage import STATES, open_storage


def add_parser(commands) -> None:
    intake = commands.add_parser("intake", help="the helpdesk API behind the ticket form, and its outbox",
                                 description=__doc__.splitlines()[0], epilog=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    actions = intake.add_subparsers(dest="action", required=True, metavar="ACTION")
    serve = actions.add_parser("serve", help="run the API (uvicorn); settings from HELPCENTER_INTAKE_* variables")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8001)
    listing = actions.add_parser("list", help="tickets of the outbox, newest first")
    listing.add_argument("--state", choices=STATES)
    listing.add_argument("--limit", type=int, default=50)
    show = actions.add_parser("show", help="one ticket with its files and attempts")
    show.add_argument("reference")
    retry = actions.add_parser("retry", help="send a ticket again now")
    retry.add_argument("reference")
    feedback.add_parser(actions)
    intake.set_defaults(run=run, needs_project=False)


def run(args) -> int:
    try:
        return {"serve": serve, "list": list_tickets, "show": show, "retry": retry,
                "feedback": feedback.report}[args.action](args)
    except SettingsError as error:
        for problem in error.problems:
            print(f"error: {problem}", file=sys.stderr)
        return 2


def serve(args) -> int:
    import uvicorn

    from helpcenter.intake import logs
    from helpcenter.intake.app import create_app

    settings = from_environment(os.environ)
    logs.configure(settings.log_level)
    app = create_app(settings)
    print(f"helpdesk API on http://{args.host}:{args.port}/api/v1/tickets, outbox in "
          f"{describe_database(settings.database_url)}, connector: {settings.connector}", file=sys.stderr, flush=True)
    # No access log: it would hold the customers' addresses. Behind a reverse proxy, uvicorn takes the
    # client's address from X-Forwarded-For when the proxy is in FORWARDED_ALLOW_IPS (default 127.0.0.1).
    uvicorn.run(app, host=args.host, port=args.port, access_log=False, log_level="warning", proxy_headers=True,
                forwarded_allow_ips=os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"), timeout_graceful_shutdown=10)
    return 0


def _storage():
    return open_storage(database_url_from(os.environ))


def _time(seconds: float | None) -> str:
    return datetime.fromtimestamp(seconds, timezone.utc).strftime("%Y-%m-%d %H:%M:%S") if seconds else "-"


def list_tickets(args) -> int:
    storage = _storage()
    try:
        records = storage.tickets(args.state, args.limit)
        counts = storage.counts()
    finally:
        storage.close()
    print(f"{'REFERENCE':<13} {'RECEIVED (UTC)':<19} {'STATE':<8} {'ATTEMPTS':>8}  {'CATEGORY':<22} NEXT/REMOTE/LAST ERROR")
    for record in records:
        note = record.remote_id or ""
        if record.state == "pending" and record.attempts:
            note = f"next attempt {_time(record.next_attempt_at)}; {record.last_error}"
        elif record.state == "failed":
            note = record.last_error or ""
        print(f"{record.reference:<13} {_time(record.created_at):<19} {record.state:<8} {record.attempts:>8}  "
              f"{record.ticket.get('category', ''):<22} {note}")
    print(", ".join(f"{count} {state}" for state, count in counts.items()))
    return 0


def show(args) -> int:
    storage = _storage()
    try:
        record = storage.ticket(args.reference)
    finally:
        storage.close()
    if record is None:
        print(f"error: no ticket {args.reference} in the outbox; `helpcenter intake list` shows them", file=sys.stderr)
        return 1
    print(f"{record.reference}: {record.state}, {record.attempts} attempt(s), received {_time(record.created_at)} UTC"
          + (f", remote {record.remote_id}" if record.remote_id else ""))
    print(json.dumps(record.ticket, indent=2, ensure_ascii=False))
    for name, kind, size in record.files:
        print(f"file: {name} ({kind}, {size} bytes)")
    for attempt in record.history:
        print(f"attempt {attempt.number}: {_time(attempt.started_at)} -> {attempt.outcome}: {attempt.detail}")
    return 0


def retry(args) -> int:
    storage = _storage()
    try:
        queued = storage.requeue(args.reference, datetime.now(timezone.utc).timestamp())
    finally:
        storage.close()
    if not queued:
        print(f"error: {args.reference} is not in the outbox or was already sent", file=sys.stderr)
        return 1
    print(f"{args.reference}: will be sent again by the next free worker")
    return 0


