"""Dates, times of day, quarters, halves and fiscal years as an anchor says them."""

from __future__ import annotations

import datetime as dt
import re

from podcast.script.guard import DIGIT, has, sub_if
from podcast.script.numbers import cardinal, integer, ordinal, spoken_date, year

_MONTHS = {
    "jan": "January", "feb": "February", "mar": "March", "apr": "April", "may": "May",
    "jun": "June", "jul": "July", "aug": "August", "sep": "September", "sept": "September",
    "oct": "October", "nov": "November", "dec": "December",
}  # fmt: skip
_MONTH = (
    r"(?P<month>(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December)\b|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?)"
)
_NOT_MORE = r"(?![\d%]|[.,:]\d)"
_ISO = re.compile(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?:T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?(?!\d)")
_US_DATE = re.compile(r"(?<![\d/.])(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})(?![\d/])")
_MONTH_DAY = re.compile(
    _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?" + _NOT_MORE
    + r"(?:\s*[-–—]\s*(?:(?P<month2>[A-Z][a-z]{2,8})\.?\s+)?(?P<day2>\d{1,2})(?:st|nd|rd|th)?"
    + _NOT_MORE + r")?"
    + r"(?:,?\s+(?P<year>(?:19|20)\d\d)(?![\d%]|[.,]\d))?"
)  # fmt: skip
_MONTH_YEAR = re.compile(_MONTH + r"\s+(?P<year>(?:19|20)\d\d)(?![\d%]|[.,]\d)")
_ZONES = {
    "ET": "Eastern", "EST": "Eastern", "EDT": "Eastern", "CT": "Central", "CST": "Central",
    "CDT": "Central", "PT": "Pacific", "PST": "Pacific", "PDT": "Pacific", "GMT": "G M T",
    "UTC": "U T C", "BST": "British time", "CET": "Central European time",
}  # fmt: skip
_ZONE = r"(?:\s*\(?(?P<zone>ET|EST|EDT|CT|CST|CDT|PT|PST|PDT|GMT|UTC|BST|CET)\b\)?)?"
_TIME_RANGE = re.compile(r"(?<=[aApP]\.[mM]\.)\s*[-–—]\s*(?=\d)|(?<=[aApP][mM])\s*[-–—]\s*(?=\d)")
_CLOCK = re.compile(
    r"(?<![\d:.,])(?P<h>\d{1,2})(?::(?P<m>[0-5]\d))?\s?(?P<half>[aApP])\.?\s?[mM]\b\.?" + _ZONE
)
_NOON = re.compile(r"\b(?P<word>[Nn]oon|[Mm]idnight)" + _ZONE)
_CLOCK_24 = re.compile(r"(?<![\d:.,])(?P<h>[01]?\d|2[0-3]):(?P<m>[0-5]\d)(?![\d:])" + _ZONE)
_SENTENCE_AFTER = re.compile(
    r"\s+(?!(?:Eastern|Central|Pacific|Monday|Tuesday|Wednesday|Thursday"
    r"|Friday|Saturday|Sunday)\b)[A-Z]"
)
_NTH = ("first", "second", "third", "fourth")
_FY = r"FY\s?'?(?P<fy>\d{4}|\d{2})(?!\d)"
_FY_Q = r"F(?:Y)?\s?'?(?P<fy>\d{4}|\d{2})(?!\d)"
_QUARTER = re.compile(
    r"(?<![\w])(?:Q(?P<q>[1-4])(?:\s?" + _FY_Q + r"|\s?'(?P<y2>\d{2})"
    r"|\s(?P<y4>(?:19|20)\d\d)(?![\d%]|[.,]\d))?"
    r"|(?P<q2>[1-4])Q(?:\s?'?(?P<ya>\d{4}|\d{2}))?)(?![\w])"
)
_HALF = re.compile(
    r"(?<![\w])(?:(?P<h>[12])H(?:\s?'?(?P<y>\d{4}|\d{2}))?"
    r"|H(?P<h2>[12])(?:\s'?(?P<y3>\d{4})|\s?'(?P<y4>\d{2}))?)(?![\w])"
)
_FISCAL = re.compile(r"(?<![\w])" + _FY + r"(?![\w])|(?<![\w])FY(?![\w])")
_CALENDAR_YEAR = re.compile(r"(?<![\w])CY\s?'?(?P<y>\d{4}|\d{2})(?![\w])")
# Guards (see guard.py): what an ISO date, a month name, a clock time and a range of clock times
# contain.
_ISO_DIGITS = re.compile(r"\d{4}-")
_MONTH_START = re.compile(r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)")
_CLOCK_CORE = re.compile(r"\d\s?[aApP]\.?\s?[mM]\b")
_M_DASH = re.compile(r"[mM]\.?\s*[-–—]\s*\d")  # "a.m. -" or "pm–" before a digit
_DIGIT_SLASH = re.compile(r"\d/\d")


def _full_year(digits: str) -> str:
    value = int(digits)
    return year(value + 2000 if len(digits) == 2 else value)


def _month(name: str) -> str:
    key = name.rstrip(".").lower()
    return _MONTHS.get(key if key == "sept" else key[:3], name)


def _iso(match: re.Match[str]) -> str:
    try:
        day = dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return match.group(0).replace("-", " ")
    return spoken_date(day)


def _us_date(match: re.Match[str]) -> str:
    month, day, yr = int(match.group(1)), int(match.group(2)), match.group(3)
    full = int(yr) + 2000 if len(yr) == 2 else int(yr)
    try:
        return spoken_date(dt.date(full, month, day))
    except ValueError:
        return match.group(0).replace("/", " ")


def _month_day(match: re.Match[str]) -> str:
    day = int(match.group("day"))
    if not 1 <= day <= 31:
        return match.group(0)
    words = f"{_month(match.group('month'))} {ordinal(day)}"
    if match.group("day2"):
        day2 = int(match.group("day2"))
        month2 = match.group("month2")
        if month2 and month2.lower()[:3] not in _MONTHS:
            return match.group(0)
        second = f"{_month(month2)} {ordinal(day2)}" if month2 else ordinal(day2)
        words += f" to {second}"
    if match.group("year"):
        words += f", {year(int(match.group('year')))}"
    return words


def _month_year(match: re.Match[str]) -> str:
    return f"{_month(match.group('month'))} {year(int(match.group('year')))}"


def _zone(match: re.Match[str]) -> str:
    zone = match.group("zone")
    return f" {_ZONES[zone]}" if zone else ""


def _minutes(m: str | None) -> str:
    if not m or m == "00":
        return ""
    return f" oh {cardinal(int(m))}" if m.startswith("0") else f" {cardinal(int(m))}"


def _part_of_day(hour: int, morning: bool, minutes: str | None) -> str:
    """What an anchor says after the hour instead of "A M" / "P M" (which speech recognition,
    and listeners, mishear as letters): "in the morning", "in the afternoon", "in the evening",
    "at night"; twelve o'clock sharp is "noon" or "midnight" on its own."""
    if hour == 12 and (not minutes or minutes == "00"):
        return "noon" if not morning else "midnight"
    if morning:
        return "at night" if hour == 12 else "in the morning"
    if hour == 12 or hour < 5:
        return "in the afternoon"
    return "in the evening" if hour < 9 else "at night"


def _clock(match: re.Match[str]) -> str:
    """ "8:30 a.m. ET" -> "eight thirty in the morning, Eastern"; "12 p.m." -> "noon"."""
    hour = int(match.group("h"))
    minutes = match.group("m")
    morning = match.group("half").lower() == "a"
    zone = _zone(match)
    part = _part_of_day(hour, morning, minutes)
    if part in ("noon", "midnight"):
        words = part
    else:
        words = f"{integer(match.group('h'))}{_minutes(minutes)} {part}"
    words += f",{zone}" if zone else ""
    if hour > 12 or hour == 0:  # "13 p.m.", "0:30 am": a clock the recap wrote oddly
        words = f"{cardinal(hour)}{_minutes(minutes)}{zone}"
    end = match.end()
    text = match.string
    ends_sentence = match.group(0).rstrip().endswith(".") and not match.group("zone")
    if ends_sentence and (end == len(text) or _SENTENCE_AFTER.match(text, end)):
        words += "."
    return words


def _clock_24(match: re.Match[str]) -> str:
    hour, minute = int(match.group("h")), match.group("m")
    if minute == "00":
        words = f"{cardinal(hour)} o'clock" if hour <= 12 else f"{cardinal(hour)} hundred"
    else:
        words = f"{cardinal(hour)}{_minutes(minute)}"
    return words + _zone(match)


def _quarter(match: re.Match[str]) -> str:
    nth = _NTH[int(match.group("q") or match.group("q2")) - 1]
    if match.group("fy"):
        return f"fiscal {nth} quarter {_full_year(match.group('fy'))}"
    digits = match.group("y2") or match.group("y4") or match.group("ya")
    return f"{nth} quarter {_full_year(digits)}" if digits else f"{nth} quarter"


def _half(match: re.Match[str]) -> str:
    nth = _NTH[int(match.group("h") or match.group("h2")) - 1]
    digits = match.group("y") or match.group("y3") or match.group("y4")
    return f"{nth} half of {_full_year(digits)}" if digits else f"{nth} half"


def _fiscal(match: re.Match[str]) -> str:
    digits = match.group("fy")
    return f"fiscal {_full_year(digits)}" if digits else "fiscal year"


def _dated(text: str) -> str:
    """The rules that need a digit: dates, time ranges and clock times."""
    text = sub_if(_ISO_DIGITS.search(text) is not None, _ISO, _iso, text)
    text = sub_if(_DIGIT_SLASH.search(text) is not None, _US_DATE, _us_date, text)
    if _MONTH_START.search(text):
        text = _MONTH_DAY.sub(_month_day, text)
        text = _MONTH_YEAR.sub(_month_year, text)
    text = sub_if(_M_DASH.search(text) is not None, _TIME_RANGE, " to ", text)
    text = sub_if(_CLOCK_CORE.search(text) is not None, _CLOCK, _clock, text)
    return sub_if(":" in text, _CLOCK_24, _clock_24, text)


def say_calendar(text: str) -> str:
    """Dates, clock times, quarters, halves and fiscal years in words ("Nov. 25", "Q3 FY2027").

    Each rule runs only where its trigger is in the text (see guard.py): a digit for dates and
    clock times, "noon"/"midnight", "Q", "H", "CY" or "FY"."""
    if DIGIT.search(text):
        text = _dated(text)
    noon = lambda m: m.group("word") + (f",{_zone(m)}" if m.group("zone") else "")  # noqa: E731
    text = sub_if(has(text, "oon", "idnight"), _NOON, noon, text)
    text = sub_if("Q" in text, _QUARTER, _quarter, text)
    text = sub_if("H" in text, _HALF, _half, text)
    calendar = lambda m: f"calendar {_full_year(m.group('y'))}"  # noqa: E731
    text = sub_if("CY" in text, _CALENDAR_YEAR, calendar, text)
    return sub_if("FY" in text, _FISCAL, _fiscal, text)
