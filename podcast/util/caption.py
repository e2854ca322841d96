"""A segment's caption: the sentence as the recap wrote it, without what no reader should see.

The written text keeps its figures, symbols and names ("the S&P 500 up 1.65%", "REITs"); what is
dropped is what the speech pass drops too: markup debris (a CDATA marker, a tag that survived
as text, an entity escaped twice) and stray "<" or ">" that compare nothing."""

from __future__ import annotations

import html
import re

_DEBRIS = re.compile(r"<!\[CDATA\[|!?\[?\bCDATA\[|\]\]>")
_TAG = re.compile(r"</?[A-Za-z][^<>]{0,200}>")
_COMPARISON = re.compile(r"(?<![<>=-])([<>]=?)(?=\s?[-+−]?[$€£]?\d)")  # "VIX < 15", "> $100"
_ARROWS = re.compile(r"<?[=-]+>|<[=-]+")  # "->", "=>", "<-": typed arrows, dropped as in speech
_ANGLES = re.compile(r"[<>]+")
_SPACE_BEFORE = re.compile(r"\s+(?=[,;:?!](?:\s|$)|\.(?:\s|$))")  # not before ".5%"
_HOLD = {"<": "\x00", ">": "\x01"}


def caption(written: str) -> str:
    """`written` as a caption: one line, single spaces, no markup debris."""
    text = written
    if "&" in text:
        text = html.unescape(text)  # an entity the page escaped twice ("&amp;lt;")
    if "<" in text or ">" in text or "CDATA" in text:
        text = _DEBRIS.sub(" ", text)
        text = _TAG.sub(" ", text)
        text = _COMPARISON.sub(lambda m: "".join(_HOLD.get(c, c) for c in m.group(1)), text)
        text = _ARROWS.sub(" ", text)
        text = _ANGLES.sub(" ", text)
        text = text.replace("\x00", "<").replace("\x01", ">")
    text = " ".join(text.split())
    return _SPACE_BEFORE.sub("", text)
