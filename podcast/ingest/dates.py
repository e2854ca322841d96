"""The recap's date by documented precedence; impossible dates stop the run, guesses are flagged."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from pathlib import Path

from podcast.errors import InputError

__all__ = [
    "contains_date",
    "date_from_file_name",
    "find_text_date",
    "parse_date_value",
    "resolve_date",
]

_MONTH = (
    r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_YEAR = r"(?P<year>(?:19|20|21)\d{2})"
# "November 18, 2026", "Nov. 18, 2026", "18 November 2026", "2026-11-18". Month names are
# capitalised ("may" is a verb) and a year needs a month and day ("Russell 2000" is not a date).
_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(rf"\b{_MONTH}\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+{_YEAR}(?!\d)"),
    re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH}\.?,?\s+{_YEAR}(?!\d)"),
    re.compile(rf"(?<!\d){_YEAR}-(?P<month>\d{{2}})-(?P<day>\d{{2}})(?!\d)"),
)
_ISO_PREFIX = re.compile(r"\s*(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?:$|[T\s])")
_MONTHS = {
    name: number
    for number, names in enumerate(
        (("jan",), ("feb",), ("mar",), ("apr",), ("may",), ("jun",), ("jul",), ("aug",),
         ("sep",), ("oct",), ("nov",), ("dec",)),
        start=1,
    )
    for name in names
}  # fmt: skip


def _make(match: re.Match[str], where: str) -> dt.date:
    month_text = match.group("month")
    month = int(month_text) if month_text.isdigit() else _MONTHS[month_text[:3].lower()]
    try:
        return dt.date(int(match.group("year")), month, int(match.group("day")))
    except ValueError as exc:
        raise InputError(
            f"impossible date '{match.group(0).strip()}' in {where} ({exc}); correct it"
        ) from exc


def _first_match(text: str) -> re.Match[str] | None:
    found = [m for m in (p.search(text) for p in _PATTERNS) if m]
    return min(found, key=lambda m: m.start()) if found else None


def contains_date(text: str) -> bool:
    """True when the text holds a full written date (valid or not)."""
    return _first_match(text) is not None


def parse_date_value(value: str, where: str) -> dt.date:
    """An explicit date field ("2026-11-17", "2026-11-17T21:05:00-05:00", "Nov. 17, 2026").

    The date part is taken as written (no time-zone conversion).
    """
    iso = _ISO_PREFIX.match(value)
    if iso:
        return _make(iso, where)
    match = _first_match(value)
    if match and match.group(0).strip() == value.strip().rstrip("."):
        return _make(match, where)
    raise InputError(f"{where} '{value.strip()[:40]}' is not a date; write it as YYYY-MM-DD")


def find_text_date(texts: Iterable[str], where: str = "the text") -> dt.date | None:
    """The first full date written in the texts, in order; None when there is none."""
    for text in texts:
        match = _first_match(text)
        if match:
            return _make(match, where)
    return None


def date_from_file_name(path: Path) -> dt.date | None:
    """A YYYY-MM-DD in the file name (recap-2026-11-19.md), else None."""
    match = _PATTERNS[2].search(path.name)
    return _make(match, f"the file name {path.name}") if match else None


_WEEKDAY = re.compile(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def weekday_in_file_week(texts: Iterable[str], path: Path) -> dt.date | None:
    """The first weekday the text names, dated to the latest such day on or before the file's
    modification date (UTC): scraped page text says "Thursday" and is saved that week."""
    for text in texts:
        match = _WEEKDAY.search(text)
        if match:
            saved = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC).date()
            back = (saved.weekday() - _WEEKDAYS.index(match.group(1))) % 7
            return saved - dt.timedelta(days=back)
    return None


def resolve_date(
    *,
    path: Path,
    argument: dt.date | None,
    explicit: tuple[str, str, str] | None,
    lead_texts: Iterable[str],
    all_texts: Iterable[str],
) -> tuple[dt.date, str]:
    """(date, date_source), first found wins: the format's own field (front matter, HTML meta,
    JSON; `explicit` is (value, where, source)), a full date in the text (lead first), the file
    name, then `argument` (--date). A recap whose own date disagrees with --date is an error.
    With neither, the weekday the text names in the file's week; else an InputError.
    """
    if isinstance(argument, dt.datetime):
        argument = argument.date()
    lead_texts, all_texts = list(lead_texts), list(all_texts)
    found: tuple[dt.date, str] | None = None
    if explicit is not None:
        value, where, source = explicit
        found = parse_date_value(value, where), source
    else:
        for texts in (lead_texts, all_texts):
            in_text = find_text_date(texts)
            if in_text is not None:
                found = in_text, "text"
                break
        else:
            from_name = date_from_file_name(path)
            if from_name is not None:
                found = from_name, "file-name"
    if found is not None:
        if argument is not None and argument != found[0]:
            raise InputError(
                f"{path.name} is dated {found[0].isoformat()} ({found[1]}) but --date says "
                f"{argument.isoformat()}; drop --date or correct the recap"
            )
        return found
    if argument is not None:
        return argument, "argument"
    weekday = weekday_in_file_week([*lead_texts, *all_texts], path)
    if weekday is not None:
        return weekday, "text-weekday"
    raise InputError(
        f"{path.name} names no date (no front matter, <time> or meta tag, date in the text or "
        "in the file name); pass --date YYYY-MM-DD"
    )
