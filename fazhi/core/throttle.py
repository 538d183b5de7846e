"""Rate limits for what anyone may do without an account (public bookings, comments, lookups).

A fixed window per (scope, client address), counted in the database so that every worker
process of the server shares the count.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from fazhi.core.models import RateCounter


def allow(
    scope: str, key: str, *, limit: int, window: timedelta, now: datetime | None = None
) -> bool:
    """Count one more attempt of ``key`` at ``scope``; False once it exceeds ``limit`` within
    ``window`` (the attempt is still counted, so hammering does not reopen the window)."""
    now = now or timezone.now()
    key = key[:100]
    with transaction.atomic():
        counter = RateCounter.objects.select_for_update().filter(scope=scope, key=key).first()
        if counter is None:
            # A new address: forget the addresses not seen for a day (they are personal data).
            purge(before=now - timedelta(days=1))
            try:
                with transaction.atomic():
                    RateCounter.objects.create(scope=scope, key=key, window_started_at=now, count=1)
                return limit >= 1
            except IntegrityError:  # another request created it first: count on that row
                counter = RateCounter.objects.select_for_update().get(scope=scope, key=key)
        if now - counter.window_started_at >= window:
            counter.window_started_at, counter.count = now, 0
        counter.count += 1
        counter.save(update_fields=["window_started_at", "count"])
        return counter.count <= limit


def purge(*, before: datetime) -> int:
    """Forget counters whose window started before ``before``."""
    deleted, _ = RateCounter.objects.filter(window_started_at__lt=before).delete()
    return deleted
