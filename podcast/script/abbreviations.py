"""Written shorthand said in full: vs., est., e.g., m/m, y/y, U.S., "&", "/" between words."""

from __future__ import annotations

import re
from collections.abc import Callable

_WORDS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), spoken)
    for pattern, spoken in (
        (r"(?i)(?<![\w.])e\.\s?g\.?(?![\w])", "for example"),
        (r"(?i)(?<![\w.])i\.\s?e\.?(?![\w])", "that is"),
        (r"(?<![\w.])(?:[Vv][Ss]\.?|v\.)(?!\w)", "versus"),
        (r"(?<![\w.])avg\.?(?![\w])", "average"),
        (r"(?i)(?<![\w/])(?:m/m|mo/mo)(?![\w/])|(?<![\w])MoM(?![\w])", "month over month"),
        (r"(?i)(?<![\w/])(?:y/y|yr/yr)(?![\w/])|(?<![\w])Yo[Yy](?![\w])", "year over year"),
        (r"(?i)(?<![\w/])q/q(?![\w/])|(?<![\w])QoQ(?![\w])", "quarter over quarter"),
        (r"(?i)(?<![\w/])w/w(?![\w/])|(?<![\w])WoW(?![\w])", "week over week"),
        (r"(?i)(?<![\w/])(?:bbls?/d|b/d|bpd)(?![\w/])", "barrels a day"),
        (r"(?i)(?<![\w/])w/o(?![\w/])", "without"),
        (r"(?i)(?<![\w/])w/(?=\s)", "with"),
        (r"(?i)(?<![\w/])n/a(?![\w/])", "not available"),
        (r"(?i)(?<![\w/])and/or(?![\w/])", "and or"),
        (r"\+/-|\+-(?=\s?[$\d.])", "±"),
        (r"(?<![\w.])No\.\s?(?=\d)|#(?=\d)", "number "),
        (r"~\s?(?=[$€£¥]?\.?\d)|≈\s?", "about "),
        (r"(?<![<\w])<\s?(?=[$€£¥]?\.?\d)", "less than "),
        (r"(?<![>\w-])>\s?(?=[$€£¥]?\.?\d)", "more than "),
    )
)
# Shorthand that can end a sentence: the period stays when a new sentence follows.
_ENDINGS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), spoken)
    for pattern, spoken in (
        (r"(?<![\w.])est\.", "estimated"),
        (r"(?i)(?<![\w.])approx\.", "approximately"),
        (r"(?<![\w.])etc\.", "et cetera"),
    )
)
_NEW_SENTENCE = re.compile(r"\s+[A-Z]|\s*$")
# Unit words with no number in front; after a number the figures pass reads them.
_UNITS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(r"(?<![\d/])(?<![\d/] )" + pattern), spoken)
    for pattern, spoken in (
        (r"\bbbls?\b", "barrels"),
        (r"\b(?:bps|bips)\b", "basis points"),
        (r"\bbp\b", "basis point"),
        (r"\bpct\b", "percent"),
    )
)
_DOTTED_CAPS = re.compile(r"(?<![\w])((?:[A-Z]\.){2,}|(?:[A-Z]\.)+[A-Z](?![\w.]))")
_AMPERSAND = re.compile(r"\s*&\s*")
# A first word not followed by "/word" is taken whole (group "rest" unset) and left as it is:
# every later start inside it ("a-a-a-...") would reach the same place and fail alike.
_SLASHED = re.compile(r"(?<![\w/])[A-Za-z][\w'’-]*+(?P<rest>(?:/[A-Za-z][\w'’-]*)+(?![\w/]))?")
_SPACED_SLASH = re.compile(r"(?<=[A-Za-z])\s+/\s+(?=[A-Za-z])")


def _ending(spoken: str) -> Callable[[re.Match[str]], str]:
    def replace(match: re.Match[str]) -> str:
        follows_sentence = _NEW_SENTENCE.match(match.string, match.end())
        return spoken + "." if follows_sentence else spoken

    return replace


def _dotted(match: re.Match[str]) -> str:
    letters = " ".join(ch for ch in match.group(1) if ch.isalpha())
    return letters + "." if match.end() == len(match.string) else letters


def _slashed(match: re.Match[str]) -> str:
    if match.group("rest") is None:
        return match.group(0)
    parts = match.group(0).split("/")
    joiner = "and" if all(p.isupper() for p in parts) else "or"
    return ", ".join(parts[:-1]) + f" {joiner} {parts[-1]}"


def expand_abbreviations(text: str) -> str:
    """Say shorthand in full; keeps every digit for the figures pass."""
    for pattern, spoken in _WORDS:
        text = pattern.sub(spoken, text)
    for pattern, spoken in _ENDINGS:
        text = pattern.sub(_ending(spoken), text)
    for pattern, spoken in _UNITS:
        text = pattern.sub(spoken, text)
    text = _DOTTED_CAPS.sub(_dotted, text)
    text = _AMPERSAND.sub(" and ", text)
    if "/" in text:
        text = _SLASHED.sub(_slashed, text)
    return _SPACED_SLASH.sub(" and ", text)
