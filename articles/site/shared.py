"""What every server process must agree on, kept in the database they all share.

Worker processes, management commands and other servers share nothing else for sure: a
memory cache is one per process, a file one per machine, and Redis may be absent or down.
So the page cache's generation and the rate-limit counters live here, in two small tables.

- ``PageGeneration``: one row whose token names the current generation of cached public
  pages (see ``articles.site.caching``). Any content change writes a new token; each process
  reads it at most every ``caching.GENERATION_CHECK_SECONDS``, so a cached page costs no query.
- ``RateCount``: one row per (limit, address, minute), counted up by one atomic statement,
  so that the limit holds however many processes answer the address.
"""

from django.db import connections, models

PRIMARY = "default"


class PageGeneration(models.Model):
    token = models.CharField(max_length=32)
    # The next scheduled publication: pages rendered before it must not outlive it.
    next_change_at = models.DateTimeField(null=True)
    changed_at = models.DateTimeField()

    class Meta:
        verbose_name = "page-cache generation"

    def __str__(self):
        return self.token


class RateCount(models.Model):
    key = models.CharField(max_length=200, unique=True)
    minute = models.BigIntegerField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "rate-limit count"

    def __str__(self):
        return f"{self.key}: {self.count}"


def count_request(key: str, minute: int) -> int:
    """Add one to ``key``'s count for ``minute`` and return the new count, atomically.

    One statement (an upsert, on SQLite and PostgreSQL alike), so concurrent workers never
    lose a count. The first request of a minute also clears the minutes before the last.
    """
    table = connections[PRIMARY].ops.quote_name(RateCount._meta.db_table)
    with connections[PRIMARY].cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (key, minute, count) VALUES (%s, %s, 1) "  # noqa: S608
            f"ON CONFLICT (key) DO UPDATE SET count = {table}.count + 1 RETURNING count",
            [f"{key}:{minute}", minute],
        )
        (count,) = cursor.fetchone()
        if count == 1:
            cursor.execute(f"DELETE FROM {table} WHERE minute < %s", [minute - 1])  # noqa: S608
    return count
