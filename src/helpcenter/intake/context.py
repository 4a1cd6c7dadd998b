"""What every endpoint of the helpdesk API shares: settings, policy, storage, clock, limits."""

from __future__ import annotations

import random
from dataclasses import dataclass

from helpcenter.intake.ratelimit import RateLimiter
from helpcenter.intake.service import Clock, Intake
from helpcenter.intake.settings import Settings
from helpcenter.intake.storage import Storage
from helpcenter.policy.model import SupportPolicy


@dataclass
class Context:
    settings: Settings
    policy: SupportPolicy
    storage: Storage
    clock: Clock
    rng: random.Random
    intake: Intake
    limiter: RateLimiter | None  # tickets; None: no rate limit
    feedback_limiter: RateLimiter | None = None  # "Was this page helpful?" posts
