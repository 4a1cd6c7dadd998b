"""Structured logs: one JSON object per line on stderr, holding references and outcomes, never what a
customer typed (no name, e-mail, company, subject, description, nor client address)."""

from __future__ import annotations

import json
import logging
import sys
from datetime import datetime, timezone

LOGGER = "helpcenter.intake"
# The only fields a log line may carry besides its event: none of them holds personal data.
FIELDS = ("reference", "status", "replayed", "fields", "attempt", "outcome", "delay_s", "worker", "connector",
          "duration_ms", "detail", "database", "workers", "origins")

log = logging.getLogger(LOGGER)


class JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {"time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
                "level": record.levelname.lower(), "event": record.getMessage()}
        line.update({name: getattr(record, name) for name in FIELDS if hasattr(record, name)})
        if record.exc_info:
            line["error"] = f"{record.exc_info[0].__name__}"  # the type only: a message may quote input
        return json.dumps(line, ensure_ascii=False)


def event(name: str, level: int = logging.INFO, **fields) -> None:
    """Log `name` with the given fields (each must be one of FIELDS)."""
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise ValueError(f"log fields {sorted(unknown)} are not allowed (personal data stays out of logs)")
    log.log(level, name, extra=fields)


def configure(level: str = "INFO", stream=None) -> None:
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonLines())
    log.handlers[:] = [handler]
    log.setLevel(level)
    log.propagate = False
