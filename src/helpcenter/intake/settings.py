"""The helpdesk API's settings: HELPCENTER_INTAKE_* environment variables, checked once at start-up.

Every mistake is reported at once, one line each, naming the variable. Secrets (the Jira API token, the
SMTP password, a database password) are kept out of `repr` and never logged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Mapping
from urllib.parse import urlsplit

from helpcenter.policy.values import parse_duration

PREFIX = "HELPCENTER_INTAKE_"
CONNECTORS = ("none", "jira", "smtp")

# name (without the prefix) -> what it holds; the README's operator section lists the same variables.
VARIABLES = {
    "POLICY": "path of support.yml (default: support.yml in the working folder)",
    "DATABASE_URL": "sqlite:///PATH (default sqlite:///helpdesk.sqlite3) or postgresql://USER:PASSWORD@HOST/DB",
    "CORS_ORIGINS": "comma-separated origins of the help center allowed to post, e.g. https://help.example.com",
    "RATE_LIMIT": "tickets per client and window, e.g. 10/10min (default); 'off' to disable",
    "FEEDBACK_RATE_LIMIT": "\"Was this page helpful?\" posts per client and window (default 30/10min); 'off' to disable",
    "IDEMPOTENCY_RETENTION": "how long an Idempotency-Key is remembered (default 24h)",
    "CONNECTOR": "where tickets are forwarded: none (default, they stay in the outbox), jira or smtp",
    "WORKERS": "forwarding workers in this process (default 1; 0 to only accept tickets)",
    "MAX_ATTEMPTS": "attempts before a ticket is marked failed (default 20)",
    "RETRY_BASE": "first retry delay before jitter (default 5s); doubles on each attempt",
    "RETRY_CAP": "longest retry delay (default 1h)",
    "JIRA_URL": "Jira site, e.g. https://example.atlassian.net",
    "JIRA_EMAIL": "e-mail of the service account",
    "JIRA_API_TOKEN": "API token of the service account (secret)",
    "JIRA_SERVICE_DESK_ID": "id of the service desk (a number)",
    "JIRA_REFERENCE_FIELD": "field carrying our ticket reference: labels (default) or customfield_NNNNN",
    "SMTP_HOST": "SMTP server",
    "SMTP_PORT": "SMTP port (default 587)",
    "SMTP_STARTTLS": "true (default) or false",
    "SMTP_USERNAME": "SMTP login (optional)",
    "SMTP_PASSWORD": "SMTP password (secret, optional)",
    "SMTP_FROM": "sender address of the forwarded tickets",
    "SMTP_TO": "recipient (default: contacts.helpdesk_email of support.yml)",
    "LOG_LEVEL": "INFO (default), DEBUG, WARNING or ERROR",
}


class SettingsError(Exception):
    """One line per mistake, each naming its variable."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class JiraSettings:
    url: str
    email: str
    api_token: str = field(repr=False)
    service_desk_id: str
    reference_field: str = "labels"


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    starttls: bool
    username: str | None
    password: str | None = field(repr=False)
    sender: str
    recipient: str | None  # None: the policy's helpdesk address


@dataclass(frozen=True)
class RateLimit:
    tickets: int
    window: timedelta


@dataclass(frozen=True)
class Settings:
    policy_file: Path = Path("support.yml")
    database_url: str = field(default="sqlite:///helpdesk.sqlite3", repr=False)
    cors_origins: tuple[str, ...] = ()
    rate_limit: RateLimit | None = RateLimit(10, timedelta(minutes=10))
    # A vote, then its comment: two posts per page; a reader may vote on a dozen pages in a visit.
    feedback_rate_limit: RateLimit | None = RateLimit(30, timedelta(minutes=10))
    idempotency_retention: timedelta = timedelta(hours=24)
    connector: str = "none"
    workers: int = 1
    max_attempts: int = 20
    retry_base: timedelta = timedelta(seconds=5)
    retry_cap: timedelta = timedelta(hours=1)
    jira: JiraSettings | None = None
    smtp: SmtpSettings | None = None
    log_level: str = "INFO"


def from_environment(environ: Mapping[str, str]) -> Settings:
    """Settings from HELPCENTER_INTAKE_* variables; raises SettingsError listing every mistake."""
    reader = _Reader(environ)
    settings = Settings(
        policy_file=Path(reader.text("POLICY", "support.yml")),
        database_url=reader.database_url(),
        cors_origins=reader.origins(),
        rate_limit=reader.rate_limit("RATE_LIMIT", "10/10min"),
        feedback_rate_limit=reader.rate_limit("FEEDBACK_RATE_LIMIT", "30/10min"),
        idempotency_retention=reader.duration("IDEMPOTENCY_RETENTION", "24h"),
        connector=reader.choice("CONNECTOR", CONNECTORS, "none"),
        workers=reader.integer("WORKERS", 1, minimum=0),
        max_attempts=reader.integer("MAX_ATTEMPTS", 20, minimum=1),
        retry_base=reader.duration("RETRY_BASE", "5s"),
        retry_cap=reader.duration("RETRY_CAP", "1h"),
        log_level=reader.choice("LOG_LEVEL", ("DEBUG", "INFO", "WARNING", "ERROR"), "INFO", upper=True),
    )
    if settings.connector == "jira":
        settings = _replace(settings, jira=reader.jira())
    elif settings.connector == "smtp":
        settings = _replace(settings, smtp=reader.smtp())
    if not settings.policy_file.is_file():
        reader.problem("POLICY", f"{settings.policy_file} is not a file; give the path of support.yml")
    reader.unknown_variables()
    if reader.problems:
        raise SettingsError(reader.problems)
    return settings


def database_url_from(environ: Mapping[str, str]) -> str:
    """Only the database URL (the CLI's list, show and retry need nothing else)."""
    reader = _Reader(environ)
    url = reader.database_url()
    if reader.problems:
        raise SettingsError(reader.problems)
    return url


def describe_database(url: str) -> str:
    """The URL without its password, for messages and logs."""
    parts = urlsplit(url)
    if parts.password:
        return url.replace(f":{parts.password}@", ":***@", 1)
    return url


def _rate_limit(value: str) -> RateLimit:
    count, _, window = value.partition("/")
    if not count.strip().isdigit() or int(count) < 1:
        raise ValueError(value)
    return RateLimit(int(count), parse_duration(window))


def _replace(settings: Settings, **changes) -> Settings:
    from dataclasses import replace

    return replace(settings, **changes)


class _Reader:
    def __init__(self, environ: Mapping[str, str]) -> None:
        self.environ = environ
        self.problems: list[str] = []

    def problem(self, name: str, text: str) -> None:
        self.problems.append(f"{PREFIX}{name}: {text}")

    def raw(self, name: str) -> str | None:
        value = self.environ.get(PREFIX + name)
        return value.strip() if value is not None and value.strip() else None

    def text(self, name: str, default: str) -> str:
        return self.raw(name) or default

    def required(self, name: str, why: str) -> str:
        value = self.raw(name)
        if value is None:
            self.problem(name, f"missing; required {why}")
            return ""
        return value

    def choice(self, name: str, choices: tuple[str, ...], default: str, upper: bool = False) -> str:
        value = self.raw(name) or default
        value = value.upper() if upper else value.lower()
        if value not in choices:
            self.problem(name, f"{value!r} is not one of: {', '.join(choices)}")
            return default
        return value

    def integer(self, name: str, default: int, minimum: int) -> int:
        value = self.raw(name)
        if value is None:
            return default
        if not value.isdigit() or int(value) < minimum:
            self.problem(name, f"{value!r} is not a whole number of at least {minimum}")
            return default
        return int(value)

    def duration(self, name: str, default: str) -> timedelta:
        value = self.raw(name) or default
        try:
            return parse_duration(value)
        except ValueError as error:
            self.problem(name, str(error))
            return parse_duration(default)

    def boolean(self, name: str, default: bool) -> bool:
        value = self.raw(name)
        if value is None:
            return default
        if value.lower() not in ("true", "false"):
            self.problem(name, f"{value!r} is not true or false")
            return default
        return value.lower() == "true"

    def database_url(self) -> str:
        url = self.text("DATABASE_URL", "sqlite:///helpdesk.sqlite3")
        scheme = urlsplit(url).scheme
        if scheme == "sqlite":
            if not url.startswith("sqlite:///") or len(url) <= len("sqlite:///"):
                self.problem("DATABASE_URL", "write a SQLite URL as sqlite:///relative/path.sqlite3 "
                                             "or sqlite:////absolute/path.sqlite3")
        elif scheme not in ("postgresql", "postgres"):
            self.problem("DATABASE_URL", f"{describe_database(url)!r} is neither sqlite:///PATH nor "
                                         "postgresql://USER:PASSWORD@HOST/DATABASE")
        return url

    def origins(self) -> tuple[str, ...]:
        value = self.raw("CORS_ORIGINS")
        origins = []
        for origin in (value or "").split(","):
            origin = origin.strip().rstrip("/")
            if not origin:
                continue
            parts = urlsplit(origin)
            if parts.scheme not in ("http", "https") or not parts.netloc or parts.path:
                self.problem("CORS_ORIGINS", f"{origin!r} is not an origin; write scheme://host[:port], "
                                             "e.g. https://help.example.com")
                continue
            origins.append(origin)
        return tuple(origins)

    def rate_limit(self, name: str, default: str) -> RateLimit | None:
        value = self.text(name, default)
        if value.lower() == "off":
            return None
        try:
            return _rate_limit(value)
        except ValueError:
            self.problem(name, f"{value!r} is not a limit such as {default} (requests/window) or off")
            return _rate_limit(default)

    def jira(self) -> JiraSettings:
        why = f"when {PREFIX}CONNECTOR=jira"
        url = self.required("JIRA_URL", why).rstrip("/")
        if url and not url.startswith(("https://", "http://")):
            self.problem("JIRA_URL", f"{url!r} is not a web address; write https://example.atlassian.net")
        desk = self.required("JIRA_SERVICE_DESK_ID", why)
        if desk and not desk.isdigit():
            self.problem("JIRA_SERVICE_DESK_ID", f"{desk!r} is not a number (see the service desk's URL)")
        reference_field = self.text("JIRA_REFERENCE_FIELD", "labels")
        if reference_field != "labels" and not (reference_field.startswith("customfield_")
                                                 and reference_field[12:].isdigit()):
            self.problem("JIRA_REFERENCE_FIELD", f"{reference_field!r} is neither labels nor customfield_NNNNN")
        return JiraSettings(url=url, email=self.required("JIRA_EMAIL", why),
                            api_token=self.required("JIRA_API_TOKEN", why), service_desk_id=desk,
                            reference_field=reference_field)

    def smtp(self) -> SmtpSettings:
        why = f"when {PREFIX}CONNECTOR=smtp"
        return SmtpSettings(
            host=self.required("SMTP_HOST", why), port=self.integer("SMTP_PORT", 587, minimum=1),
            starttls=self.boolean("SMTP_STARTTLS", True), username=self.raw("SMTP_USERNAME"),
            password=self.raw("SMTP_PASSWORD"), sender=self.required("SMTP_FROM", why),
            recipient=self.raw("SMTP_TO"),
        )

    def unknown_variables(self) -> None:
        for name in sorted(self.environ):
            if name.startswith(PREFIX) and name[len(PREFIX):] not in VARIABLES:
                self.problems.append(f"{name}: unknown variable; known: "
                                     + ", ".join(PREFIX + known for known in VARIABLES))
