"""Turn written market text into words an engine speaks correctly (figures, symbols, tickers)."""

from __future__ import annotations

import re

from podcast.script.abbreviations import expand_abbreviations
from podcast.script.dates import say_calendar
from podcast.script.figures import say_figures
from podcast.script.guard import has, sub_if
from podcast.script.lexicon import Lexicon, load_lexicon
from podcast.script.markup import join_lines, strip_markup
from podcast.script.numbers import digits
from podcast.script.speech import to_speech
from podcast.script.tickers import drop_tickers, say_phrases, say_tickers

_MAX_PASSES = 4


# CDATA markers, raw or escaped ("Stocks rally ]]&gt;" in a headline): the markers go, the words
# inside stay (strip_markup would drop an unclosed section's words along with it).
_CDATA_MARKS = re.compile(r"(?:<|&lt;?)!\[CDATA\[|!?\[?\bCDATA\[|\]\](?:>|&gt;?)", re.IGNORECASE)


# An entity strip_markup did not decode ("&foo;", "&#1114112;") is markup, never a word.
_ENTITY_NAMES = re.compile(r"&(?:[a-z][a-z0-9]{1,31}|#[0-9]{1,8}|#x[0-9a-f]{1,7});", re.IGNORECASE)
# "<=" and ">=" before a figure, said before the figures pass spells the number.
_BOUNDS = re.compile(r"(?<![<>=-])([<>])=(?=\s?[-+−]?[$€£]?\d)")


def _once(text: str, lexicon: Lexicon) -> str:
    cdata = has(text, "]]", "a[", "A[")  # "]]" or the end of "CDATA[" in any case
    text = join_lines(strip_markup(sub_if(cdata, _CDATA_MARKS, " ", text)))
    text = sub_if("&" in text and ";" in text, _ENTITY_NAMES, " ", text)
    bound = lambda m: " at most " if m.group(1) == "<" else " at least "  # noqa: E731
    text = sub_if("=" in text, _BOUNDS, bound, text)
    text = say_phrases(text, lexicon)
    text = say_calendar(text)
    text = expand_abbreviations(text)
    text = drop_tickers(text, lexicon)
    text = say_figures(text)
    text = say_tickers(text, lexicon)
    return to_speech(text)


def _safe(text: str) -> str:
    """Last resort when a rule fails: digits one by one, everything else through the last pass."""
    try:
        return to_speech("".join(f" {digits(ch)} " if ch.isdigit() else ch for ch in text))
    except Exception:  # speak() must never raise
        letters = "".join(ch if ch.isascii() and ch.isalpha() else " " for ch in text)
        return " ".join(letters.split())


def speak(text: str, *, lexicon: Lexicon | None = None) -> str:
    """Written text -> spoken text: no digits, only letters, spaces and .,;:?!'’- ; never raises.

    The rules are written so that their output matches no rule again; for adversarial input the
    passes repeat until the text is a fixed point, which makes ``speak`` idempotent. A broken
    lexicon file is a setup error and does raise (from ``load_lexicon``); no input text does.
    """
    if not isinstance(text, str):
        text = str(text)
    lex = lexicon or load_lexicon()
    try:
        out = _once(text, lex)
        for _ in range(_MAX_PASSES):
            again = _once(out, lex)
            if again == out:
                break
            out = again
        return out
    except Exception:  # speak() must never raise: fall back to the plainest safe reading
        return _safe(text)
