"""Figures in words: money, percent changes, units, ranges, ratios, years and plain numbers."""

from __future__ import annotations

import re

from podcast.script.guard import DIGIT, has, sub_from, sub_if
from podcast.script.numbers import cardinal, decimal, integer, ordinal, plural, year

NUM = r"(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?|\.\d+"
_START = r"(?<![\w.])"
_SIGN_START = r"(?<![\w.%)\]’'])"

_CURRENCIES = {
    "$": ("dollar", "dollars", "cent", "cents"),
    "US$": ("dollar", "dollars", "cent", "cents"),
    "C$": ("Canadian dollar", "Canadian dollars", "cent", "cents"),
    "A$": ("Australian dollar", "Australian dollars", "cent", "cents"),
    "HK$": ("Hong Kong dollar", "Hong Kong dollars", "cent", "cents"),
    "€": ("euro", "euros", "cent", "cents"),
    "£": ("pound", "pounds", "penny", "pence"),
    "¥": ("yen", "yen", "", ""),
}
_SCALES = {
    "k": "thousand", "K": "thousand", "thousand": "thousand",
    "M": "million", "MM": "million", "mn": "million", "mln": "million", "million": "million",
    "B": "billion", "bn": "billion", "billion": "billion",
    "T": "trillion", "tn": "trillion", "trillion": "trillion",
}  # fmt: skip
_PER = {
    "bbl": "a barrel", "barrel": "a barrel", "oz": "an ounce", "ounce": "an ounce",
    "share": "a share", "sh": "a share", "ton": "a ton", "t": "a ton", "tonne": "a tonne",
    "gal": "a gallon", "gallon": "a gallon", "lb": "a pound", "kg": "a kilogram",
    "MWh": "a megawatt hour", "MMBtu": "per million British thermal units", "mo": "a month",
    "month": "a month", "yr": "a year", "year": "a year", "day": "a day", "hr": "an hour",
}  # fmt: skip
_SCALE = (
    r"(?P<scale>\s?(?:thousand|million|billion|trillion)\b|(?:[KkMBT]|MM|bn|mn|mln|tn)\b"
    r"|\s(?:bn|mn|mln|tn)\b)"
)
_MONEY = re.compile(
    rf"(?:{_SIGN_START}(?P<sign>[+-]))?(?P<cur>US\$|C\$|A\$|HK\$|[$€£¥])\s?(?P<num>{NUM})"
    rf"{_SCALE}?(?:\s?/\s?(?P<per>{'|'.join(_PER)})\b)?"
)
_UNIT = (
    r"(?P<unit>%|percent\b|pct\b|per cent\b|bps\b|bp\b|bips\b|basis points?\b|pp\b|ppts?\b"
    r"|percentage points?\b|pts\b|points?\b)"
)
_CHANGE = re.compile(rf"{_SIGN_START}(?:(?P<sign>[+-])|(?P<pm>±)\s?)(?P<num>{NUM})\s?{_UNIT}")
_PERCENT = re.compile(rf"{_START}(?P<num>{NUM})\s?(?:%|pct\b|per cent\b)")
_UNITS = re.compile(
    rf"{_START}(?P<num>{NUM})(?:\s?(?P<bp>bps|bp|bips)\b|\s?(?P<pp>pp|ppts?)\b|\s?(?P<x>x)\b"
    rf"|{_SCALE}|\s?(?P<bbl>bbls?)\b|\s?(?P<oz>oz)\b)"
)
_DECADES = re.compile(r"(?<![\w.'’])(?P<apos>['’])?(?P<num>\d{2}|1[89]\d0|20\d0)s\b")
# A range of scaled money, "$26.1B-$26.4B" or "$900M–$1.2B" (the currency and the scale said once
# where they are the same: "twenty-six point one to twenty-six point four billion dollars"). Only
# a dash makes a range: in "up $3.2B to $40B" the "to" joins a change and a level.
_SCALE_WORD = r"(?:\s?(?:thousand|million|billion|trillion)\b|(?:[KkMBT]|MM|bn|mn|mln|tn)\b)"
_MONEY_RANGE = re.compile(
    rf"{_START}(?P<cur>US\$|C\$|A\$|HK\$|[$€£¥])\s?(?P<a>{NUM})(?P<sa>{_SCALE_WORD})?"
    rf"(?:\s*[–—]\s*|-|\s+-\s+)(?:(?P=cur)\s?)?(?P<b>{NUM})(?P<sb>{_SCALE_WORD})"
    rf"(?:\s?/\s?(?P<per>{'|'.join(_PER)})\b)?"
)
_RANGE = re.compile(r"(?<=\d)(?P<pct>%?)(?:\s*[–—]\s*|-|\s+-\s+)(?=[$€£¥]?\.?\d)")
_ORDINAL = re.compile(rf"{_START}(?P<num>\d{{1,15}})(?:st|nd|rd|th)\b")
_RATIO = re.compile(rf"{_START}(?P<a>{NUM})\s?:\s?(?P<b>{NUM})(?![\d:])")
_PLUS = re.compile(rf"{_START}(?P<num>{NUM})\+(?!\d)(?:\s(?P<next>[A-Z][a-z]+)\b)?")
_SIGNED = re.compile(rf"{_SIGN_START}(?:(?P<sign>[+-])|(?P<pm>±)\s?)(?P<num>{NUM})(?!\d)")
_FRACTION = re.compile(r"(?<![\w./])(?P<a>\d{1,2})/(?P<b>\d{1,2})(?![\w/]|\.\d)")
_YEAR = re.compile(
    r"(?<![\w.$€£¥])(?<!\d,)(?P<num>1[89]\d\d|20\d\d)(?!\d|,\d|\.\d|\s?%|\s?-?(?:stocks|shares|points"
    r"|companies|names|contracts|jobs|people|homes|units|barrels|members|times|issues|bps)\b)"
)
_NUMBER = re.compile(rf"{_START}(?P<num>{NUM})")
# Guards (see guard.py): what a decade, an ordinal, a range, a signed figure and a year contain,
# scanned for quickly. Where a number starts (not inside a word or after "."), and where money
# can start (a sign or a currency's first character): the rules are tried only there.
_NUM_START = re.compile(r"[\d.](?<![\w.][\d.])")
_MONEY_START = re.compile(r"[-+UCAH$€£¥]")
_DIGIT_DASH = re.compile(r"\d%?\s*[-–—]")
_SIGN_DIGIT = re.compile(r"[-+±]\s?[\d.]")
_DIGIT_S = re.compile(r"\ds")
_DIGIT_ORDINAL = re.compile(r"\d(?:st|nd|rd|th)")
_YEAR_DIGITS = re.compile(r"(?:1[89]|20)\d\d")
_DIGIT_SLASH = re.compile(r"\d/\d")
_LEFTOVER = re.compile(r"\d+")
_PLUS_MINUS_BEFORE = re.compile(
    r"\b(?:at|of|to|from|by|was|were|is|are|be|been|versus|than|about|around|near|roughly"
    r"|approximately|between|within|hit|reached|equals)\s*$",
    re.IGNORECASE,
)
_ARTICLE_BEFORE = re.compile(r"\b(?:a|an)\s+$", re.IGNORECASE)
_NOUN_AFTER = re.compile(
    r"\s+(?!(?:in|to|of|per|a|an|and|or|for|from|on|at|by|with|than|more|less|worth|each"
    r"|apiece|is|was|were|are|as|off|after|before|over|under|into|the)\b)[a-z]"
)
_FRACTIONS = {
    (1, 2): "one half", (1, 3): "one third", (2, 3): "two thirds", (1, 4): "one quarter",
    (3, 4): "three quarters", (1, 8): "one eighth", (3, 8): "three eighths",
    (5, 8): "five eighths", (7, 8): "seven eighths",
}  # fmt: skip
_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
_TIME_UNITS = {"Year", "Years", "Day", "Days", "Week", "Weeks", "Month", "Months", "Hour", "Hours"}


def _direction(match: re.Match[str], *, change: bool) -> str:
    if match.groupdict().get("pm"):
        return "plus or minus"
    sign = match.group("sign")
    if not sign:
        return ""
    before = match.string[max(0, match.start() - 30) : match.start()]
    if change and not _PLUS_MINUS_BEFORE.search(before):
        return "up" if sign == "+" else "down"
    return "plus" if sign == "+" else "minus"


def _join(*parts: str) -> str:
    return " ".join(p for p in parts if p)


def _money(match: re.Match[str]) -> str:
    one, many, sub_one, sub_many = _CURRENCIES[match.group("cur")]
    num, scale, per = match.group("num"), match.group("scale"), match.group("per")
    whole, _, frac = num.replace(",", "").partition(".")
    text = match.string
    adjective = (
        not per
        and not match.group("sign")
        and _ARTICLE_BEFORE.search(text[max(0, match.start() - 4) : match.start()]) is not None
        and _NOUN_AFTER.match(text, match.end()) is not None
    )
    if scale:
        words = f"{decimal(num)} {_SCALES[scale.strip()]} {one if adjective else many}"
    elif not sub_one or len(frac) > 2:
        words = f"{decimal(num)} {one if num == '1' else many}"
    else:
        cents = int(frac.ljust(2, "0")) if frac else 0
        dollars = int(whole) if whole else 0
        parts = []
        if dollars or not cents:
            parts.append(f"{integer(whole or '0')} {one if dollars == 1 or adjective else many}")
        if cents:
            parts.append(f"{cardinal(cents)} {sub_one if cents == 1 or adjective else sub_many}")
        words = " and ".join(parts)
    return _join(_direction(match, change=False), words, _PER.get(per or "", ""))


def _money_range(match: re.Match[str]) -> str:
    many = _CURRENCIES[match.group("cur")][1]
    low, high = decimal(match.group("a")), decimal(match.group("b"))
    scale_b = _SCALES[match.group("sb").strip()]
    scale_a = _SCALES[match.group("sa").strip()] if match.group("sa") else scale_b
    first = low if scale_a == scale_b else f"{low} {scale_a}"
    return _join(f"{first} to {high} {scale_b} {many}", _PER.get(match.group("per") or "", ""))


def _basis_points(num: str, unit: str) -> str:
    return "basis point" if unit == "bp" or num in {"1", "1.0"} else "basis points"


def _unit_word(num: str, unit: str) -> str:
    unit = unit.lower()
    if unit in {"%", "percent", "pct", "per cent"}:
        return "percent"
    if unit in {"bps", "bp", "bips"} or unit.startswith("basis"):
        return _basis_points(num, unit)
    if unit.startswith(("pp", "percentage")):
        return "percentage point" if num == "1" else "percentage points"
    return "point" if num == "1" else "points"


def _change(match: re.Match[str]) -> str:
    num = match.group("num")
    unit = _unit_word(num, match.group("unit"))
    return _join(_direction(match, change=True), decimal(num), unit)


def _units(match: re.Match[str]) -> str:
    num = match.group("num")
    words = decimal(num)
    if match.group("bp"):
        return f"{words} {_basis_points(num, match.group('bp'))}"
    if match.group("pp"):
        return f"{words} {_unit_word(num, 'pp')}"
    if match.group("x"):
        return f"{words} times"
    if match.group("scale"):
        return f"{words} {_SCALES[match.group('scale').strip()]}"
    if match.group("bbl"):
        return f"{words} {'barrel' if num == '1' else 'barrels'}"
    return f"{words} {'ounce' if num == '1' else 'ounces'}"


def _decade(match: re.Match[str]) -> str:
    num = match.group("num")
    if len(num) == 2:
        return plural(cardinal(int(num))) if num != "00" else "two thousands"
    head, _, last = year(int(num)).rpartition(" ")
    return _join(head, plural(last))


def _fraction(match: re.Match[str]) -> str:
    a, b = int(match.group("a")), int(match.group("b"))
    if (a, b) in _FRACTIONS:
        return _FRACTIONS[(a, b)]
    if 1 <= a <= 12 and 1 <= b <= 31:
        return f"{_MONTH_NAMES[a - 1]} {ordinal(b)}"
    return f"{cardinal(a)} over {cardinal(b)}"


def _plus(match: re.Match[str]) -> str:
    nxt = match.group("next")
    words = f"{decimal(match.group('num'))}-plus"
    if nxt:
        return f"{words} {nxt.lower() if nxt in _TIME_UNITS else nxt}"
    return words


def _spaced(words: str, match: re.Match[str]) -> str:
    """A space before a letter that follows straight on ("3D" -> "three D")."""
    nxt = match.string[match.end() : match.end() + 1]
    return f"{words} " if nxt.isalpha() else words


def _year(match: re.Match[str]) -> str:
    return _spaced(year(int(match.group("num"))), match)


def say_figures(text: str) -> str:
    """Every number in words, with its sign, currency and unit the way an anchor reads it.

    Every rule here needs a digit; each also runs only where its own trigger (a sign, a
    currency, "%", ":", "/", a digit followed by "s" or an ordinal ending) is in the text."""
    if not DIGIT.search(text):
        return text
    text = sub_if(_DIGIT_S.search(text) is not None, _DECADES, _decade, text)
    if has(text, "$", "€", "£", "¥"):  # before the plain range: "$26.1-$26.4B" is one range
        text = sub_from(_MONEY_START, _MONEY_RANGE, _money_range, text)
    dashes = _DIGIT_DASH.search(text) is not None
    text = sub_if(dashes, _RANGE, lambda m: f"{m.group('pct')} to ", text)
    if has(text, "$", "€", "£", "¥"):
        text = sub_from(_MONEY_START, _MONEY, _money, text)
    text = sub_if(_SIGN_DIGIT.search(text) is not None, _CHANGE, _change, text)
    percent = lambda m: f"{decimal(m.group('num'))} percent"  # noqa: E731
    if has(text, "%", "pct", "per cent"):
        text = sub_from(_NUM_START, _PERCENT, percent, text)
    text = sub_from(_NUM_START, _UNITS, _units, text)
    ordinal_ = lambda m: ordinal(int(m.group("num")))  # noqa: E731
    text = sub_if(_DIGIT_ORDINAL.search(text) is not None, _ORDINAL, ordinal_, text)
    ratio = lambda m: f"{decimal(m.group('a'))} to {decimal(m.group('b'))}"  # noqa: E731
    text = sub_if(":" in text, _RATIO, ratio, text)
    text = sub_if("+" in text, _PLUS, _plus, text)
    signed = lambda m: _join(_direction(m, change=False), decimal(m.group("num")))  # noqa: E731
    text = sub_if(_SIGN_DIGIT.search(text) is not None, _SIGNED, signed, text)
    text = sub_if(_DIGIT_SLASH.search(text) is not None, _FRACTION, _fraction, text)
    text = sub_if(_YEAR_DIGITS.search(text) is not None, _YEAR, _year, text)
    text = sub_from(_NUM_START, _NUMBER, lambda m: _spaced(decimal(m.group("num")), m), text)
    return _LEFTOVER.sub(lambda m: f" {integer(m.group(0))} ", text)
