"""Numbers as a news anchor says them, built on num2words: no "and", no commas inside a number."""

from __future__ import annotations

import datetime as dt
import functools
import unicodedata

from num2words import num2words


@functools.lru_cache(maxsize=4096)  # num2words is slow and a recap repeats its figures
def cardinal(n: int) -> str:
    """1234 -> "one thousand two hundred thirty-four"."""
    words: str = num2words(n)
    return _tidy(words)


@functools.lru_cache(maxsize=1024)
def ordinal(n: int) -> str:
    """20 -> "twentieth"."""
    words: str = num2words(n, to="ordinal")
    return _tidy(words)


@functools.lru_cache(maxsize=1024)
def year(n: int) -> str:
    """2026 -> "twenty twenty-six"; 2000 -> "two thousand"; 2005 -> "two thousand five"."""
    if 2000 <= n <= 2009:
        return cardinal(n)
    words: str = num2words(n, to="year")
    return _tidy(words)


def spoken_date(day: dt.date, *, with_year: bool = True) -> str:
    """2026-11-19 -> "November nineteenth, twenty twenty-six"."""
    text = f"{day.strftime('%B')} {ordinal(day.day)}"
    return f"{text}, {year(day.year)}" if with_year else text


def _tidy(words: str) -> str:
    return " ".join(words.replace(",", "").replace(" and ", " ").split())


_DIGIT_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_MAX_CARDINAL_DIGITS = 15


def digits(text: str) -> str:
    """Each digit on its own, "007" -> "zero zero seven" (codes, leading zeros, huge numbers)."""
    values = (unicodedata.digit(ch, None) for ch in text)
    return " ".join(_DIGIT_WORDS[v] for v in values if v is not None)


@functools.lru_cache(maxsize=4096)
def integer(text: str) -> str:
    """Whole number, "5,812" -> "five thousand eight hundred twelve"; odd runs digit by digit."""
    plain = text.replace(",", "")
    if not plain.isdigit():
        return digits(plain)
    if (len(plain) > 1 and plain.startswith("0")) or len(plain) > _MAX_CARDINAL_DIGITS:
        return digits(plain)
    return cardinal(int(plain))


@functools.lru_cache(maxsize=4096)
def decimal(text: str, *, trim: bool = True) -> str:
    """Decimal, "5,812.34" -> "five thousand eight hundred twelve point three four".

    With ``trim`` trailing zeros go ("4.50" -> "four point five") but one digit always stays
    ("3.0" -> "three point zero"), the way an anchor reads a quoted figure.
    """
    whole, _, frac = text.partition(".")
    words = integer(whole) if whole else ""
    if not frac:
        return words
    if trim:
        frac = frac.rstrip("0") or "0"
    point = f"point {digits(frac)}"
    return f"{words} {point}" if words else point


def plural(words: str) -> str:
    """A spoken number as a plural (decades): "ninety" -> "nineties", "six" -> "sixes"."""
    if words.endswith("y"):
        return words[:-1] + "ies"
    if words.endswith(("x", "s")):
        return words + "es"
    return words + "s"
