"""A per-client rate limit for public submits, kept in the cache (Redis in production).

The client is known only by a salted hash of its address, in the cache, for one time window;
nothing about it is stored with answers.
"""

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache

from participatie.client import client_address

from .constants import SUBMIT_RATE_LIMIT, SUBMIT_RATE_WINDOW_SECONDS

logger = logging.getLogger(__name__)


def _client_key(request) -> str:
    address = client_address(request)
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]


def submit_allowed(request, *, scope: str = "submit", limit: int | None = None) -> bool:
    """Count one public submit of this client; False once it made too many in the current window.

    Fails open: when the cache (Redis) does not answer, the submit is allowed and a warning is
    logged, so an outage never costs a resident their answers.
    """
    if limit is None:
        limit = getattr(settings, "SURVEYS_SUBMIT_RATE_LIMIT", SUBMIT_RATE_LIMIT)
    window = getattr(settings, "SURVEYS_SUBMIT_RATE_WINDOW", SUBMIT_RATE_WINDOW_SECONDS)
    bucket = int(time.time() // window)
    key = f"surveys:rate:{scope}:{_client_key(request)}:{bucket}"
    try:
        if cache.add(key, 1, timeout=window + 5):
            return limit >= 1
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=window + 5)
            count = 1
    except Exception:  # noqa: BLE001 - any cache failure (Redis down, timeout) must not refuse a resident
        logger.warning(
            "Rate limit %r not checked: the cache does not answer; allowing the submit.", scope, exc_info=True
        )
        return True
    return count <= limit
