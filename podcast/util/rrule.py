"""RFC 5545 recurrence rules (section 3.3.10), checked before they reach the feed.

A show states its release schedule as an RRULE in podcast:updateFrequency; an app that cannot
parse it shows nothing, so a mistyped rule must be a config error, not a silent feed defect. The
grammar is small enough to check here completely, without another dependency.
"""

from __future__ import annotations

import re

FREQS = ("SECONDLY", "MINUTELY", "HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY")
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# BYxxx parts with a list of (signed) integers: the allowed range of their absolute value.
_INT_LISTS = {
    "BYSECOND": (0, 60, False),
    "BYMINUTE": (0, 59, False),
    "BYHOUR": (0, 23, False),
    "BYMONTHDAY": (1, 31, True),
    "BYYEARDAY": (1, 366, True),
    "BYWEEKNO": (1, 53, True),
    "BYMONTH": (1, 12, False),
    "BYSETPOS": (1, 366, True),
}
_UNTIL = re.compile(r"\d{8}(T\d{6}Z?)?")
_BYDAY = re.compile(r"([+-]?)(\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)")


def normalize_rrule(text: str) -> str:
    """The rule with its names in upper case (RFC 5545 names are case-insensitive); raises
    ValueError saying what is wrong. COUNT is refused: the Podcasting 2.0 tag then needs a
    dtstart, which a show's schedule does not have (use UNTIL)."""
    rule = text.strip().upper()
    if rule.startswith("RRULE:"):
        rule = rule.removeprefix("RRULE:")
    parts: dict[str, str] = {}
    for part in rule.split(";"):
        name, sep, value = part.partition("=")
        if not sep or not name or not value:
            raise ValueError(f"{text!r} is not an RRULE: parts are NAME=VALUE joined by ';'")
        if name in parts:
            raise ValueError(f"{text!r} names {name} twice")
        parts[name] = value
    freq = parts.get("FREQ")
    if freq not in FREQS:
        raise ValueError(f"{text!r} needs FREQ= one of {', '.join(FREQS)}")
    for name, value in parts.items():
        _check_part(name, value, freq)
    if "COUNT" in parts:
        raise ValueError(f"{text!r}: COUNT needs a dtstart, which a show has not; use UNTIL")
    return rule


def _check_part(name: str, value: str, freq: str) -> None:
    if name == "FREQ":
        return
    if name in ("INTERVAL", "COUNT"):
        if not value.isdigit() or int(value) < 1:
            raise ValueError(f"{name} must be a whole number of at least 1, not {value!r}")
    elif name == "UNTIL":
        if not _UNTIL.fullmatch(value):
            raise ValueError(f"UNTIL must be a date YYYYMMDD or YYYYMMDDTHHMMSSZ, not {value!r}")
    elif name == "WKST":
        if value not in WEEKDAYS:
            raise ValueError(f"WKST must be one of {', '.join(WEEKDAYS)}, not {value!r}")
    elif name == "BYDAY":
        for day in value.split(","):
            match = _BYDAY.fullmatch(day)
            if not match:
                raise ValueError(f"BYDAY {day!r} is not a weekday ({', '.join(WEEKDAYS)})")
            if match.group(2) is not None:
                if freq not in ("MONTHLY", "YEARLY"):
                    raise ValueError(f"BYDAY {day!r}: a numbered weekday needs MONTHLY or YEARLY")
                if not 1 <= int(match.group(2)) <= 53:
                    raise ValueError(f"BYDAY {day!r}: the week number must be 1 to 53")
    elif name in _INT_LISTS:
        low, high, signed = _INT_LISTS[name]
        for item in value.split(","):
            number = item[1:] if signed and item[:1] in "+-" and len(item) > 1 else item
            if not number.isdigit() or not low <= int(number) <= high:
                raise ValueError(f"{name} {item!r} is out of range {low} to {high}")
        _check_combination(name, freq)
    else:
        raise ValueError(f"{name} is not a part of an RRULE")


def _check_combination(name: str, freq: str) -> None:
    """RFC 5545's rules for which BYxxx parts a frequency admits."""
    if name == "BYWEEKNO" and freq != "YEARLY":
        raise ValueError("BYWEEKNO needs FREQ=YEARLY")
    if name == "BYMONTHDAY" and freq == "WEEKLY":
        raise ValueError("BYMONTHDAY cannot be used with FREQ=WEEKLY")
    if name == "BYYEARDAY" and freq in ("DAILY", "WEEKLY", "MONTHLY"):
        raise ValueError(f"BYYEARDAY cannot be used with FREQ={freq}")
