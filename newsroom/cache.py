"""Django's Redis cache, made to shrug off a Redis outage.

Django's RedisCache raises when Redis cannot be reached, which would turn every page into
a 500. Here a failed call is logged and answered as a cache miss would be (``get`` returns
the default, ``add``/``set`` store nothing), so the site keeps working, only slower. After a
failure Redis is left alone for ``RETRY_SECONDS`` (answers come at once, and the log gets
one line per outage rather than one per call); then the next call tries again.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("newsroom.cache")
UNREACHABLE = (RedisConnectionError, RedisTimeoutError)


class TolerantRedisCache(RedisCache):
    RETRY_SECONDS = 5.0

    def __init__(self, server, params):
        super().__init__(server, params)
        self._down_until = 0.0

    def _call(self, method, fallback, *args, **kwargs):
        if time.monotonic() < self._down_until:
            return fallback
        try:
            result = method(*args, **kwargs)
        except UNREACHABLE as exc:
            if not self._down_until:
                logger.warning("Redis is unreachable, serving without the cache: %s", exc)
            self._down_until = time.monotonic() + self.RETRY_SECONDS
            return fallback
        if self._down_until:
            logger.warning("Redis is reachable again.")
            self._down_until = 0.0
        return result

    @property
    def available(self) -> bool:
        """False while Redis is known to be down (for /healthz)."""
        return time.monotonic() >= self._down_until

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().add, False, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call(super().get, default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().set, None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().touch, False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call(super().delete, False, key, version)

    def get_many(self, keys, version=None):
        return self._call(super().get_many, {}, keys, version)

    def has_key(self, key, version=None):
        return self._call(super().has_key, False, key, version)

    def incr(self, key, delta=1, version=None):
        # An unreachable counter counts from nothing: rate limits fail open.
        return self._call(super().incr, delta, key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().set_many, list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call(super().delete_many, None, keys, version)

    def clear(self):
        return self._call(super().clear, False)
