"""Size limits on what a recap may hold, checked once it is read and before the script is built.

A real recap's paragraph is a few hundred words and its headline one line. A paragraph of a
million characters, or a "word" of thousands of characters with no space (pasted data, an encoded
blob), is not prose to read aloud, and the script's normaliser is slow on such text (its e-mail
pattern scans every long run of word characters from each position in it). Refusing it here
keeps a bad file to a one-line error in milliseconds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from podcast.errors import InputError

__all__ = ["MAX_PARAGRAPH_CHARS", "MAX_TITLE_CHARS", "MAX_WORD_CHARS", "check_limits"]

MAX_PARAGRAPH_CHARS = 20_000
MAX_WORD_CHARS = 1_000
MAX_TITLE_CHARS = 500
# From the start of a run only: trying every position of a 1,000-character run was quadratic.
_LONG_WORD = re.compile(rf"(?<!\S)\S{{{MAX_WORD_CHARS + 1}}}")


def check_limits(name: str, title: str, texts: Iterable[str]) -> None:
    """InputError naming the first text over a limit: the headline, a paragraph or list item, a
    run of characters without a space."""
    if len(title) > MAX_TITLE_CHARS:
        raise InputError(
            f"{name}: the headline is {len(title):,} characters long (at most "
            f"{MAX_TITLE_CHARS:,}); put the headline alone on its line"
        )
    for text in texts:
        if len(text) > MAX_PARAGRAPH_CHARS:
            raise InputError(
                f"{name}: a paragraph of {len(text):,} characters (at most "
                f"{MAX_PARAGRAPH_CHARS:,}) starting {text[:40]!r}; split it into paragraphs or "
                "pass the article alone"
            )
        if _LONG_WORD.search(text):
            raise InputError(
                f"{name}: a run of more than {MAX_WORD_CHARS:,} characters without a space, "
                f"which is not prose, in the paragraph starting {text[:40]!r}; remove it"
            )
