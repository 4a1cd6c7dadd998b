"""Ticket references: HD- and eight characters drawn at random (40 bits), easy to read out and type."""

from __future__ import annotations

import random

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base 32: no I, L, O or U to confuse


def new_reference(rng: random.Random) -> str:
    """A reference such as HD-7K3M-9Q2X; the service uses `random.SystemRandom`, tests a seeded one."""
    characters = "".join(rng.choice(ALPHABET) for _ in range(8))
    return f"HD-{characters[:4]}-{characters[4:]}"
