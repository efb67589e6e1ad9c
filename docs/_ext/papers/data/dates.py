"""Days: the UTC day a paper is added on, the day a build stands for, and what counts as new.

Days in the data are UTC days, whoever writes them and wherever: ``add`` writes
today's UTC date. A hand-written local date may be a day ahead of UTC (UTC+14),
so the check accepts any day that has begun somewhere on Earth.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterable

#: The earliest time zone on Earth is 14 hours ahead of UTC (Line Islands).
_EARLIEST_ZONE = datetime.timedelta(hours=14)


def utc_today() -> datetime.date:
    return datetime.datetime.now(datetime.UTC).date()


def latest_day_anywhere() -> datetime.date:
    """The latest date that is already today somewhere on Earth."""
    return (datetime.datetime.now(datetime.UTC) + _EARLIEST_ZONE).date()


def build_day() -> datetime.date:
    """Today (UTC), or the day SOURCE_DATE_EPOCH names: a reproducible build marks the same rows new."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date()
    return utc_today()


def newest(papers: Iterable, count: int) -> list:
    """The `count` papers added last, newest first; papers added the same day in the list's own order."""
    ordered = sorted(enumerate(papers), key=lambda item: (item[1].added, -item[0]), reverse=True)
    return [paper for _, paper in ordered[:count]]


def is_new(added: str, today: datetime.date, days: int, first: str) -> bool:
    """Added within `days` of `today`, and after the list's first day (a list's first papers are not news)."""
    if not added or added <= first:
        return False
    return (today - datetime.date.fromisoformat(added)).days < days
