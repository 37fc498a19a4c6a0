"""Throttles kept in the cache (Redis in production): counters per key and time window.

A throttle never stands in the way when the cache is down: it lets the request through and logs a
warning (fail open), so an outage of Redis does not take logging in or a password reset with it.
Keys hold only salted hashes, never an e-mail address or a client address in plain text.
"""

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache

from .client import client_address

logger = logging.getLogger(__name__)


def _hashed(value: str) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}:{value}".encode()).hexdigest()[:32]


def rate_limit_hit(*, key: str, limit: int, window: int) -> bool:
    """Count one hit on ``key`` in the current window; False once it had more than ``limit`` hits.

    Raises what the cache raises; ``throttle_allows`` turns that into fail-open.
    """
    bucket = int(time.time() // window)
    full_key = f"throttle:{key}:{bucket}"
    if cache.add(full_key, 1, timeout=window + 5):
        return limit >= 1
    try:
        count = cache.incr(full_key)
    except ValueError:  # expired between add and incr
        cache.add(full_key, 1, timeout=window + 5)
        count = 1
    return count <= limit


def throttle_allows(*, name: str, checks: list[tuple[str, str, int]], window: int) -> bool:
    """Count one hit for every (kind, value, limit) in ``checks``; True when none is over its limit.

    Every check is counted (so one client spraying addresses and many clients hammering one address are
    both caught). With the cache down: True, and a warning in the log.
    """
    try:
        results = [
            rate_limit_hit(key=f"{name}:{kind}:{_hashed(value)}", limit=limit, window=window)
            for kind, value, limit in checks
        ]
    except Exception:  # noqa: BLE001 - any cache failure (connection refused, timeout): fail open
        logger.warning("Throttle %s not applied: the cache is unavailable", name, exc_info=True)
        return True
    return all(results)


def password_reset_allowed(*, request, email: str) -> bool:
    """May this client ask for a password-reset e-mail to ``email`` now? Counted per address and per client,
    whether or not the address belongs to an account (so the answer reveals nothing about that)."""
    rate = settings.PASSWORD_RESET_RATE
    return throttle_allows(
        name="password-reset",
        checks=[
            ("email", email.strip().lower(), rate["per_email"]),
            ("client", client_address(request), rate["per_client"]),
        ],
        window=rate["window"],
    )
