"""The shared cache's client: django-redis, with a cap on the size of an entry.

Losing the cache costs speed, never an error: settings.py turns on
django-redis's IGNORE_EXCEPTIONS (an outage, a timeout, or a full Redis that
refuses writes under ``noeviction`` are logged and read as a miss). This
client adds one bound: an entry larger than CACHE_MAX_ENTRY_BYTES after
compression is not stored (it is drawn again next time), so one huge journal
cannot crowd everybody else out of the cache.
"""

import logging

from django.conf import settings
from django_redis.client import DefaultClient

logger = logging.getLogger(__name__)


class EntryTooLarge(Exception):
    pass


class CappedClient(DefaultClient):
    def encode(self, value, *, allow_int=True):
        encoded = super().encode(value, allow_int=allow_int)
        if isinstance(encoded, bytes) and len(encoded) > settings.CACHE_MAX_ENTRY_BYTES:
            raise EntryTooLarge(len(encoded))
        return encoded

    def set(self, key, value, *args, **kwargs):
        try:
            return super().set(key, value, *args, **kwargs)
        except EntryTooLarge as too_large:
            logger.info("Not cached: %s is %s bytes", key, too_large.args[0])
            return False
