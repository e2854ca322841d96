"""Split spoken text into sentences: the unit of a transcript cue and of synthesis."""

from __future__ import annotations

import re

# Spoken text has no digits or abbreviations with periods ("P M", "U S"), so a sentence ends at
# . ! or ? followed by a space and a capital letter or an opening quote.
_BOUNDARY = re.compile(r"(?<=[.!?])['’\"”)]*\s+(?=[A-Z\"“‘'])")


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in _BOUNDARY.split(text.strip()) if s.strip()]


# Written text keeps its abbreviations: a period after one of these (or after a single capital,
# "U.S.", "J.P.") does not end a sentence, even before a capital ("8:30 a.m. ET", "Inc. Its").
_ABBREVIATIONS = frozenset(
    [
        "a.m",
        "p.m",
        "vs",
        "etc",
        "inc",
        "corp",
        "co",
        "ltd",
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "jr",
        "sr",
        "no",
        "approx",
        "est",
        "e.g",
        "i.e",
        "u.s",
        "u.k",
        "u.n",
        "e.u",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thur",
        "thurs",
        "fri",
    ]
)


def split_written(text: str) -> list[str]:
    """Split text as the recap wrote it into the sentences `split_sentences` finds in its
    spoken form: the same boundaries, but an abbreviation's period is not one."""
    pieces = split_sentences(text)
    merged: list[str] = []
    for piece in pieces:
        if merged:
            last_word = merged[-1].rsplit(None, 1)[-1].rstrip(".").lower().lstrip("(\"'“‘")
            if last_word in _ABBREVIATIONS or re.fullmatch(r"(?:[a-z]\.)*[a-z]", last_word):
                merged[-1] = f"{merged[-1]} {piece}"
                continue
        merged.append(piece)
    return merged
