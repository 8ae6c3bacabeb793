"""A fixed-window limit per client address for anonymous forms.

The address is hashed with the secret key, so the cache never holds it. The
cache is the deployment's (shared across app servers when it is Redis).
"""

import hashlib

from django.conf import settings
from django.core.cache import cache


class RateLimited(Exception):
    """This address has used its allowance for now."""


def take(*, scope: str, client_address: str, limit: int, window_seconds: int) -> None:
    """Count one use; raise RateLimited past `limit` in the current window."""
    digest = hashlib.sha256(
        f"{settings.SECRET_KEY}:{client_address or 'unknown'}".encode()
    ).hexdigest()[:32]
    key = f"ratelimit:{scope}:{digest}"
    cache.add(key, 0, window_seconds)
    if cache.incr(key) > limit:
        raise RateLimited
