"""Split spoken text into sentences: the unit of a transcript cue and of synthesis."""

from __future__ import annotations

import re

# Spoken text has no digits or abbreviations with periods ("P M", "U S"), so a sentence ends at
# . ! or ? followed by a space and a capital letter or an opening quote.
_BOUNDARY = re.compile(r"(?<=[.!?])['’\"”)]*\s+(?=[A-Z\"“‘'])")


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in _BOUNDARY.split(text.strip()) if s.strip()]
