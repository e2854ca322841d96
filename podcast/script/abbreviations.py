"""Written shorthand said in full: vs., est., e.g., m/m, y/y, U.S., "&", "/" between words."""

from __future__ import annotations

import re
from collections.abc import Callable

from podcast.script.guard import Triggers, cases, sub_from, sub_if, triggered

# Triggers (see guard.py): a rule runs only when one of its triggers is in the text, a string
# found by substring search or a pattern starting with a literal "/" or "." (both are fast).
# They spell out the case folding of the (?i) rules ("i" also matches "ı" and "İ" there).
_DOT_G = re.compile(r"\.\s?[gG]")
_SLASH_M = re.compile(r"/[mM]")
_SLASH_Y = re.compile(r"/[yY]")
_SLASH_Q = re.compile(r"/[qQ]")
_SLASH_W = re.compile(r"/[wW]")
_SLASH_D = re.compile(r"/[dD]")
_SLASH_O = re.compile(r"/[oO]")
_SLASH_A = re.compile(r"/[aA]")
_SLASH_SPACE = re.compile(r"/\s")
# (pattern, spoken, triggers)
_WORD_RULES: tuple[tuple[str, str, Triggers], ...] = (
    (r"(?i)(?<![\w.])e\.\s?g\.?(?![\w])", "for example", (_DOT_G,)),
    (r"(?i)(?<![\w.])i\.\s?e\.?(?![\w])", "that is", (*cases("i."), "ı.", "İ.")),
    (r"(?<![\w.])(?:[Vv][Ss]\.?|v\.)(?!\w)", "versus", (*cases("vs"), "v.")),
    (r"(?<![\w.])avg\.?(?![\w])", "average", ("avg",)),
    (
        r"(?i)(?<![\w/])(?:m/m|mo/mo)(?![\w/])|(?<![\w])MoM(?![\w])",
        "month over month",
        (_SLASH_M, *cases("mom")),
    ),
    (
        r"(?i)(?<![\w/])(?:y/y|yr/yr)(?![\w/])|(?<![\w])Yo[Yy](?![\w])",
        "year over year",
        (_SLASH_Y, *cases("yoy")),
    ),
    (
        r"(?i)(?<![\w/])q/q(?![\w/])|(?<![\w])QoQ(?![\w])",
        "quarter over quarter",
        (_SLASH_Q, *cases("qoq")),
    ),
    (
        r"(?i)(?<![\w/])w/w(?![\w/])|(?<![\w])WoW(?![\w])",
        "week over week",
        (_SLASH_W, *cases("wow")),
    ),
    (r"(?i)(?<![\w/])(?:bbls?/d|b/d|bpd)(?![\w/])", "barrels a day", (_SLASH_D, *cases("bpd"))),
    (r"(?i)(?<![\w/])w/o(?![\w/])", "without", (_SLASH_O,)),
    (r"(?i)(?<![\w/])w/(?=\s)", "with", (_SLASH_SPACE,)),
    (r"(?i)(?<![\w/])n/a(?![\w/])", "not available", (_SLASH_A,)),
    (r"(?i)(?<![\w/])and/or(?![\w/])", "and or", (_SLASH_O,)),
    (r"\+/-|\+-(?=\s?[$\d.])", "±", ("+",)),
    (r"(?<![\w.])No\.\s?(?=\d)|#(?=\d)", "number ", ("No.", "#")),
    (r"~\s?(?=[$€£¥]?\.?\d)|≈\s?", "about ", ("~", "≈")),
    (r"(?<![<\w])<\s?(?=[$€£¥]?\.?\d)", "less than ", ("<",)),
    (r"(?<![>\w-])>\s?(?=[$€£¥]?\.?\d)", "more than ", (">",)),
)
_WORDS = tuple((re.compile(pattern), spoken, triggers) for pattern, spoken, triggers in _WORD_RULES)
# Shorthand that can end a sentence: the period stays when a new sentence follows.
_ENDINGS: tuple[tuple[re.Pattern[str], str, Triggers], ...] = tuple(
    (re.compile(pattern), spoken, triggers)
    for pattern, spoken, triggers in (
        (r"(?<![\w.])est\.", "estimated", ("est.",)),
        (r"(?i)(?<![\w.])approx\.", "approximately", cases("x.")),
        (r"(?<![\w.])etc\.", "et cetera", ("etc.",)),
    )
)
_NEW_SENTENCE = re.compile(r"\s+[A-Z]|\s*$")
# Unit words with no number in front; after a number the figures pass reads them.
# (pattern, spoken, start): each is tried only where its `start` is found (see guard.sub_from).
_UNITS: tuple[tuple[re.Pattern[str], str, re.Pattern[str]], ...] = tuple(
    (re.compile(r"(?<![\d/])(?<![\d/] )" + pattern), spoken, re.compile(start))
    for pattern, spoken, start in (
        (r"\bbbls?\b", "barrels", "bbl"),
        (r"\b(?:bps|bips)\b", "basis points", "b(?:ps|ips)"),
        (r"\bbp\b", "basis point", "bp"),
        (r"\bpct\b", "percent", "pct"),
    )
)
_DOTTED_CAPS = re.compile(r"(?<![\w])((?:[A-Z]\.){2,}|(?:[A-Z]\.)+[A-Z](?![\w.]))")
_DOTTED_START = re.compile(r"[A-Z]\.[A-Z]")  # in every dotted abbreviation (a guard)
_AMPERSAND = re.compile(r"\s*&\s*")
# A first word not followed by "/word" is taken whole (group "rest" unset) and left as it is:
# every later start inside it ("a-a-a-...") would reach the same place and fail alike.
_SLASHED = re.compile(r"(?<![\w/])[A-Za-z][\w'’-]*+(?P<rest>(?:/[A-Za-z][\w'’-]*)+(?![\w/]))?")
_SPACED_SLASH = re.compile(r"(?<=[A-Za-z])\s+/\s+(?=[A-Za-z])")
_SPACE_SLASH = re.compile(r"\s/")  # its guard


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
    """Say shorthand in full; keeps every digit for the figures pass.

    A rule runs only where its trigger is in the text (see guard.py)."""
    for pattern, spoken, triggers in _WORDS:
        text = sub_if(triggered(text, triggers), pattern, spoken, text)
    for pattern, spoken, triggers in _ENDINGS:
        text = sub_if(triggered(text, triggers), pattern, _ending(spoken), text)
    for pattern, spoken, start in _UNITS:
        text = sub_from(start, pattern, spoken, text)
    text = sub_if(_DOTTED_START.search(text) is not None, _DOTTED_CAPS, _dotted, text)
    text = sub_if("&" in text, _AMPERSAND, " and ", text)
    if "/" in text:
        text = _SLASHED.sub(_slashed, text)
        text = sub_if(_SPACE_SLASH.search(text) is not None, _SPACED_SLASH, " and ", text)
    return text
