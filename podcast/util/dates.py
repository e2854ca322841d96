"""A date as readers see it on the pages and the episode art, in English whatever the locale."""

from __future__ import annotations

import datetime as dt

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def display_date(day: dt.date, separator: str = ", ") -> str:
    """e.g. "Thu, Nov 19, 2026"; `separator` goes between the weekday and the month."""
    return f"{_DAYS[day.weekday()]}{separator}{_MONTHS[day.month - 1]} {day.day}, {day.year}"
