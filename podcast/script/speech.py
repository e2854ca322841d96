"""The last pass: symbols to words or commas, leftover digits spelled, only speakable characters."""

from __future__ import annotations

import re
import unicodedata

from podcast.script.guard import has, sub_if
from podcast.script.markup import drop_combining
from podcast.script.numbers import integer

ALLOWED = re.compile(r"[A-Za-z .,;:?!'’-]*")
_ELLIPSIS = re.compile(r"\.{2,}(?=\s*[a-z])|…(?=\s*[a-z])")
_DOTS = re.compile(r"\.{2,}|…")
_DASHES = re.compile(r"\s*(?:[–—―]+|-{2,})\s*|\s+-+\s+|\s+-+$|^-+\s+")
_BRACKETS = re.compile(r"\s*[()\[\]{}|•·▪►●◦‣⁃]+\s*")
# Guards (see guard.py): what every dash run and every bracket run contains.
_SPACE_HYPHEN = re.compile(r"\s-")
_BRACKET = re.compile(r"[()\[\]{}|•·▪►●◦‣⁃]")
_QUOTES = re.compile('["“”„‟«»‹›‘‚`´]')
_PLUS = re.compile(r"(?<=\w)\s*\+\s*(?=\w)")
_SYMBOLS = {
    "%": " percent ", "&": " and ", "@": " at ", "=": " equals ",
    "°": " degrees ", "×": " times ", "±": " plus or minus ",
}  # fmt: skip
# CDATA debris that reaches the last pass as characters (an escaped "]]>" ending a headline, a
# "[CDATA[" left of a marker): never spoken.
_DEBRIS = re.compile(r"<!\[CDATA\[|!?\[?\bCDATA\[|\]\]>")
# "<" and ">" are words only as a comparison before a figure ("VIX < 15", "> $100"); anywhere else
# they are left-over markup (a stray tag, an arrow, a breadcrumb) and are dropped.
_COMPARISON = re.compile(r"(?<![<>=-])([<>]=?)(?=\s?[-+−]?[$€£]?\d)")
_COMPARISONS = {"<": " less than ", ">": " greater than ", "<=": " at most ", ">=": " at least "}
_ARROWS = re.compile(r"<?[=-]+>|<[=-]+")  # "->", "=>", "<-": typed arrows, not words
_ANGLES = re.compile(r"[<>]+")
_SYMBOL = re.compile("|".join(re.escape(s) for s in _SYMBOLS))
_DIGITS = re.compile(r"\d+")
_LATIN = str.maketrans({"ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "œ": "oe",
                        "Œ": "OE", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "þ": "th", "ð": "d",
                        "ı": "i"})  # fmt: skip
_NOT_ALLOWED = re.compile(r"[^A-Za-z .,;:?!'’-]+")
# A run of hyphens, except a single one between two ASCII letters ("a-b"), which _hyphen would
# keep as it is: such hyphens are not matched at all (a long "a-a-a-..." costs nothing).
_HYPHEN = re.compile(r"-(?:-+|(?<![A-Za-z]-)|(?![A-Za-z]))")
_APOSTROPHE = re.compile(r"['’]+")
_SPACE_BEFORE = re.compile(r"\s+(?=[.,;:?!])")
_PUNCT_RUN = re.compile(r"[.,;:?!](?:\s*[.,;:?!])+")
_SPACE_AFTER = re.compile(r"([,;:?!])(?=[A-Za-z'’])")
_LEAD = re.compile(r"^[\s.,;:?!'’-]+")
_TRAIL = re.compile(r"[\s,;-]+$")
_SPACES = re.compile(r"\s+")
_ODD_SPACE = re.compile(r"[^\S ]")  # whitespace other than a space
_STRENGTH = "?!.;:,"


def _hyphen(match: re.Match[str]) -> str:
    text, start, end = match.string, match.start(), match.end()
    before = text[start - 1 : start]
    after = text[end : end + 1]
    if end - start == 1 and before.isalpha() and before.isascii():
        if after.isalpha() and after.isascii():
            return "-"
        if re.match(r" (?:and|or|to) ", text[end : end + 5]):
            return "-"
    return " "


def _apostrophe(match: re.Match[str]) -> str:
    text, start, end = match.string, match.start(), match.end()
    before = text[start - 1 : start]
    after = text[end : end + 1]
    possessive = before in "sS" and not after.isalnum()
    if end - start == 1 and before.isalpha() and (after.isalpha() or possessive):
        return match.group(0)
    return " "


def _strongest(match: re.Match[str]) -> str:
    marks = [ch for ch in match.group(0) if not ch.isspace()]
    return min(marks, key=_STRENGTH.index)


def _spell_digits(match: re.Match[str]) -> str:
    return f" {integer(match.group(0))} "


def _ascii_letters(text: str) -> str:
    if text.isascii():
        return text
    return drop_combining(unicodedata.normalize("NFKD", text.translate(_LATIN)))


def _single_spaces(text: str) -> str:
    """Every run of whitespace one space (skipped when the text has only single spaces)."""
    return sub_if("  " in text or _ODD_SPACE.search(text) is not None, _SPACES, " ", text)


def tidy(text: str) -> str:
    """Spaces and punctuation made regular; applying it twice changes nothing."""
    for _ in range(4):
        before = text
        text = _single_spaces(text)
        text = sub_if("-" in text, _HYPHEN, _hyphen, text)
        text = sub_if(has(text, "'", "’"), _APOSTROPHE, _apostrophe, text)
        text = _single_spaces(text)
        text = _SPACE_BEFORE.sub("", text)
        text = _PUNCT_RUN.sub(_strongest, text)
        text = _SPACE_AFTER.sub(r"\1 ", text)
        text = _LEAD.sub("", text)
        text = sub_if(text[-1:].isspace() or text[-1:] in ",;-", _TRAIL, "", text)
        if text == before:
            break
    return text


def to_speech(text: str) -> str:
    """Only letters, spaces and .,;:?!'’- remain; nothing an engine could misread.

    Markup debris ("]]>", "<![CDATA[", entity names, stray "<" and ">") is dropped, not spoken;
    "<" and ">" before a figure are a comparison ("less than", "greater than").
    """
    text = sub_if(has(text, "CDATA[", "]]>"), _DEBRIS, " ", text)
    if has(text, "<", ">"):
        text = _COMPARISON.sub(lambda m: _COMPARISONS[m.group(1)], text)
        text = _ARROWS.sub(" ", text)
        text = _ANGLES.sub(" ", text)
    if has(text, "..", "…"):
        text = _ELLIPSIS.sub(",", text)
        text = _DOTS.sub(".", text)
    dashes = has(text, "–", "—", "―", "--") or text.startswith("-")
    text = sub_if(dashes or _SPACE_HYPHEN.search(text) is not None, _DASHES, ", ", text)
    text = sub_if(_BRACKET.search(text) is not None, _BRACKETS, ", ", text)
    text = _QUOTES.sub("", text)
    text = sub_if("+" in text, _PLUS, " plus ", text)
    text = _SYMBOL.sub(lambda m: _SYMBOLS[m.group(0)], text)
    text = _DIGITS.sub(_spell_digits, text)
    text = _NOT_ALLOWED.sub(" ", _ascii_letters(text))
    return tidy(text)
