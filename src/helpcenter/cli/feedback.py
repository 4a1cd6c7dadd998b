"""What readers answered to "Was this page helpful?": `helpcenter intake feedback` and the flags of `status`.

Both read the helpdesk's database (HELPCENTER_INTAKE_DATABASE_URL, as `helpcenter intake serve`), never
create it, and judge the scores with `helpcenter.intake.feedback_report.RULES`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import replace
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

from helpcenter.intake.feedback_report import RULES, FeedbackRules, PageFeedback, summarize
from helpcenter.intake.settings import SettingsError, database_url_from, describe_database
from helpcenter.intake.storage import Storage, open_storage


CONNECT_TIMEOUT = 5  # seconds: `status` must not hang on a database server out of reach


class Unavailable(Exception):
    """No feedback can be read: the reason, in a sentence."""


def add_rule_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--low-score", type=int, metavar="PERCENT", default=round(RULES.low_score * 100),
                        help="flag pages with less than PERCENT %% of \"yes\" (default %(default)s)")
    parser.add_argument("--min-votes", type=int, metavar="N", default=RULES.min_votes,
                        help="... and at least N answers (default %(default)s)")


def add_parser(actions) -> None:
    report = actions.add_parser("feedback", help="readers' answers to \"Was this page helpful?\", worst page first",
                                description=f"Answers per page and language, with their comments; by default "
                                            f"those of the last {RULES.days} days.")
    report.add_argument("--since", type=_day, metavar="YYYY-MM-DD", help="first day (UTC) of the period")
    report.add_argument("--until", type=_day, metavar="YYYY-MM-DD", help="last day (UTC) of the period, included")
    report.add_argument("--json", action="store_true", help="print the report as JSON")
    add_rule_options(report)


def rules_of(args) -> FeedbackRules:
    return replace(RULES, low_score=args.low_score / 100, min_votes=args.min_votes)


def report(args) -> int:
    rules = rules_of(args)
    until = args.until or datetime.now(timezone.utc).date()
    since = args.since or until - timedelta(days=rules.days - 1)
    try:
        pages, where = read_feedback(since, until, rules)
    except Unavailable as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps({"since": since.isoformat(), "until": until.isoformat(), "database": where,
                          "low_score": rules.low_score, "min_votes": rules.min_votes,
                          "pages": [_as_json(page, rules) for page in pages]}, indent=2, ensure_ascii=False))
        return 0
    votes = sum(page.votes for page in pages)
    print(f"Was this page helpful? Readers' answers from {since} to {until} (UTC): "
          f"{votes} answer(s) on {len(pages)} page(s).")
    if not pages:
        return 0
    print(f"Worst first. LOW: less than {rules.low_score:.0%} \"yes\" with at least {rules.min_votes} answers.\n")
    print(f"{'':4} {'HELPFUL':>7} {'YES':>4} {'NO':>4}  {'LANG':<4}  PAGE")
    for page in pages:
        flag = "LOW" if page.is_low(rules) else ""
        print(f"{flag:<4} {page.score:>7.0%} {page.yes:>4} {page.no:>4}  {page.language:<4}  {page.page}")
        for received, text in page.comments:
            print(f"{'':24}{_day_of(received)}  “{' '.join(text.split())}”")
    return 0


def read_feedback(since: date, until: date, rules: FeedbackRules = RULES) -> tuple[list[PageFeedback], str]:
    """The pages' feedback of the days `since` to `until` (UTC, both included), and where it was read."""
    start = datetime.combine(since, time(), timezone.utc).timestamp()
    end = datetime.combine(until + timedelta(days=1), time(), timezone.utc).timestamp()
    storage, where = open_existing()
    try:
        return summarize(storage.votes(start, end), rules), where
    except Exception as error:  # the server went away, or the database is not the helpdesk's
        raise Unavailable(f"cannot read the feedback in {where} ({type(error).__name__})") from None
    finally:
        storage.close()


def open_existing() -> tuple[Storage, str]:
    """The helpdesk's database, as configured for `helpcenter intake serve`; never a new empty one."""
    try:
        url = database_url_from(os.environ)
    except SettingsError as error:
        raise Unavailable("; ".join(error.problems)) from None
    where = describe_database(url)
    if url.startswith("sqlite:///") and not Path(url[len("sqlite:///"):]).is_file():
        raise Unavailable(f"no feedback database at {url[len('sqlite:///'):]} (set HELPCENTER_INTAKE_DATABASE_URL "
                          "to the helpdesk's database)")
    if not url.startswith("sqlite") and "connect_timeout" not in url:  # a server that never answers
        url += ("&" if "?" in url else "?") + f"connect_timeout={CONNECT_TIMEOUT}"
    try:
        return open_storage(url), where
    except Exception as error:  # unreachable server, wrong password, unreadable file
        raise Unavailable(f"cannot reach the feedback database {where} ({type(error).__name__})") from None


def status_lines(docs: Path, default_language: str, rules: FeedbackRules = RULES) -> list[str]:
    """`helpcenter status`'s part: the pages readers found unhelpful lately, or why none can be shown."""
    until = datetime.now(timezone.utc).date()
    try:
        pages, where = read_feedback(until - timedelta(days=rules.days - 1), until, rules)
    except Unavailable as error:
        return [f"Reader feedback: not shown: {error}."]
    low = [page for page in pages if page.is_low(rules)]
    heading = (f"Reader feedback of the last {rules.days} days ({where}): {sum(page.votes for page in pages)} "
               f"answer(s) on {len(pages)} page(s)")
    if not low:
        return [f"{heading}; no page with a low score."]
    lines = [f"{heading}; {len(low)} page(s) with a low score (less than {rules.low_score:.0%} \"yes\", "
             f"at least {rules.min_votes} answers):"]
    for page in low:
        source = source_of(docs, page.language, default_language, page.page)
        lines.append(f"  LOW {page.score:>4.0%} ({page.yes} yes, {page.no} no)  {source}")
    lines.append("`helpcenter intake feedback` shows what readers wrote.")
    return lines


def source_of(docs: Path, language: str, default_language: str, page: str) -> str:
    """docs/en/faq/products.md for page faq/products/ in English (else the address, if the page is gone)."""
    stem = page[:-len(".html")] if page.endswith(".html") else page.rstrip("/")
    candidates = [f"{stem}.md", f"{stem}/index.md"] if stem else ["index.md"]
    for folder in (language, default_language):
        for candidate in candidates:
            if (docs / folder / candidate).is_file():
                shown = f" ({language} readers get this page: no {language} translation)" if folder != language else ""
                return f"{docs.name}/{folder}/{candidate}{shown}"
    prefix = "" if language == default_language else f"{language}/"
    return f"/{prefix}{page} (no such page now)"


def _as_json(page: PageFeedback, rules: FeedbackRules) -> dict:
    return {"page": page.page, "language": page.language, "yes": page.yes, "no": page.no,
            "score": round(page.score, 3), "low": page.is_low(rules),
            "comments": [{"day": _day_of(received), "text": text} for received, text in page.comments]}


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-11-01") from None


def _day_of(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, timezone.utc).date().isoformat()
