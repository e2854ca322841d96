"""Heading to canonical kind, bullets, and the one builder every reader feeds, so rules match."""

from __future__ import annotations

import re
from collections.abc import Iterable

from podcast.ingest.chrome import is_chrome_section_heading, remove_chrome
from podcast.ingest.chrome_kinds import (
    chrome_heading,
    drop_chrome_lines,
    drop_chrome_sentences,
    is_prose,
)
from podcast.ingest.clean import clean_text
from podcast.ingest.dates import contains_date
from podcast.models import Section

__all__ = ["KINDS", "SectionBuilder", "classify_heading", "parse_bullet"]

# Canonical kinds in the planner's vocabulary, with the heading patterns that name them. Order
# matters: the first match wins, and the broad macro/Fed pattern comes last.
_KIND_PATTERNS: tuple[tuple[str, str], ...] = (
    ("key_takeaways", r"key\s+takeaways?|takeaways|key\s+points|highlights|at\s+a\s+glance"),
    ("disclaimer", r"disclaimers?|important\s+disclosures?|disclosures?"),
    ("snapshot", r"market\s+snapshot|snapshot|market\s+overview|the\s+market\s+today"),
    ("why_moved", r"why\s+(?:the\s+)?(?:market|markets|stocks)\s+moved"
                  r"|what\s+moved\s+(?:the\s+)?market"),
    ("sectors", r"sectors?\b|sector\s+(?:rotation|performance|movers|watch)"),
    ("movers", r"notable\s+(?:individual\s+)?movers|(?:top|biggest|stock)\s+movers|movers\b"),
    ("technical", r"technical\b|breadth\b|market\s+internals"),
    ("crypto", r"crypto|cryptocurrenc|bitcoin|digital\s+assets"),
    ("outlook", r"what\s+this\s+means\s+for\s+tomorrow|.*\boutlook\b|looking\s+ahead"
                r"|what\s+to\s+watch"
                r"|the\s+(?:day|week)\s+ahead|what'?s\s+next"),
    ("history", r"historical\s+context|history\b|in\s+historical\s+context"),
    ("bottom_line", r"(?:the\s+)?bottom\s+line|conclusion"),
    ("macro", r"macro|.*\bfed\b|.*\bfederal\s+reserve\b|econom(?:y|ic)\b"),
)  # fmt: skip
KINDS: tuple[str, ...] = (*(k for k, _ in _KIND_PATTERNS), "other")
_KIND_RES = tuple((kind, re.compile(rx, re.IGNORECASE)) for kind, rx in _KIND_PATTERNS)

# "- •text", "- text", "* text", "+ text", "• text", "▪text": the marker, then the item.
_BULLET = re.compile(r"^\s*(?:[-*+]\s+|[•◦▪‣●·]\s*)(?:[•◦▪‣●·]\s*)?(?P<text>\S.*)$")
_DISCLAIMER_LEAD = re.compile(r"^disclaimer\s*:\s*(?P<text>\S.*)$", re.IGNORECASE | re.DOTALL)


def classify_heading(heading: str) -> str:
    """The canonical kind of a heading ("key_takeaways", "snapshot", ...), "chrome" or "other"."""
    text = heading.strip().rstrip(":").strip()
    if is_chrome_section_heading(text):
        return "chrome"
    for kind, rx in _KIND_RES:
        if rx.match(text):
            return kind
    return "other"


def parse_bullet(line: str) -> str | None:
    """The item text when the line is a bullet ("- •", "-", "*", "•"), else None.

    A leading minus sign is not a bullet: "-6.2 versus +3.0" needs a space after the dash.
    """
    m = _BULLET.match(line)
    return m.group("text").strip() if m else None


def _prepare(text: str) -> str:
    """Cleaned text with chrome removed; "" when nothing of the article is left."""
    return remove_chrome(clean_text(text))


def _prepare_article(text: str, *, disclaimer: bool = False) -> str:
    """`_prepare`, and chrome recognised by kind dropped too: its lines, then its sentences (a
    disclaimer's own sentences kept when `disclaimer`)."""
    lines = drop_chrome_lines(text, disclaimer=disclaimer)
    return drop_chrome_sentences(_prepare(lines), disclaimer=disclaimer)


class SectionBuilder:
    """Collects heading/paragraph/bullet events in document order and builds the sections."""

    def __init__(self) -> None:
        self._sections: list[Section] = []
        self._heading = ""
        self._kind = "other"
        self._blocks: list[tuple[str, str | tuple[str, ...]]] = []
        self._disclaimer: list[str] = []
        # "article" | "disclaimer" | "skip" (under a chrome heading) | "soft" (under a heading
        # that is chrome by kind only: "You might also like"; article prose ends it)
        self._mode = "article"
        self.headings_seen = 0
        # Dated chrome that was dropped ("Updated Mar 4, 2026, 6:47 PM EST"): never spoken, but
        # the page's date may be in it (the reader adds these to its header texts).
        self.datelines: list[str] = []

    @property
    def skipping(self) -> bool:
        """True while under a chrome heading ("Sources", "Related", ...)."""
        return self._mode == "skip"

    def heading(self, text: str) -> str:
        """Start a new section; returns the kind it was given ("chrome" ones are dropped)."""
        self.headings_seen += 1
        cleaned = clean_text(text)
        heading = remove_chrome(cleaned).rstrip(":").strip()
        kind = classify_heading(cleaned)
        if heading and kind == "other" and chrome_heading(heading):
            # Chrome by kind ("You might also like"): its block is skipped up to the next
            # heading or article prose, which continues the section it interrupted.
            if self._mode != "skip":
                self._mode = "soft"
            return "chrome"
        self._close()
        if kind == "chrome" or not heading:
            self._mode = "skip"
            return "chrome"
        self._heading, self._kind = heading, kind
        self._mode = "disclaimer" if kind == "disclaimer" else "article"
        return kind

    def paragraph(self, text: str) -> None:
        """Add a prose block to the current section."""
        if self._resume(text):
            return
        keep = self._mode == "disclaimer" or bool(_DISCLAIMER_LEAD.match(clean_text(text)))
        prepared = self._article(text, disclaimer=keep)
        if not prepared:
            return
        lead = _DISCLAIMER_LEAD.match(prepared)
        if self._mode == "disclaimer":
            self._disclaimer.append(prepared)
        elif lead:  # "Disclaimer: This report is ..." written as a paragraph
            self._disclaimer.append(lead.group("text"))
        else:
            self._blocks.append(("p", prepared))

    def bullets(self, items: Iterable[str]) -> None:
        """Add one list block; its items are cleaned, chrome items dropped."""
        items = tuple(items)
        if any(self._resume(item) for item in items):
            return
        keep = self._mode == "disclaimer"
        kept = tuple(p for p in (self._article(i, disclaimer=keep) for i in items) if p)
        if not kept:
            return
        if self._mode == "disclaimer":
            self._disclaimer.extend(kept)
        else:
            self._blocks.append(("ul", kept))

    def bullet(self, text: str) -> None:
        """Add one item, extending the list block just before it if there is one."""
        if self._resume(text):
            return
        prepared = self._article(text, disclaimer=self._mode == "disclaimer")
        if not prepared:
            return
        if self._mode == "disclaimer":
            self._disclaimer.append(prepared)
            return
        if self._blocks and self._blocks[-1][0] == "ul":
            previous = self._blocks[-1][1]
            assert isinstance(previous, tuple)
            self._blocks[-1] = ("ul", (*previous, prepared))
        else:
            self._blocks.append(("ul", (prepared,)))

    def _article(self, text: str, *, disclaimer: bool) -> str:
        """`_prepare_article`; a date that only dropped chrome held goes to `datelines`."""
        prepared = _prepare_article(text, disclaimer=disclaimer)
        if prepared != text and contains_date(text) and not contains_date(prepared):
            self.datelines.append(clean_text(text))
        return prepared

    def _resume(self, text: str) -> bool:
        """True when the block is to be skipped: under a chrome heading, or under a heading
        that is chrome by kind unless the block is article prose (which ends the skip)."""
        if self._mode == "skip":
            return True
        if self._mode == "soft":
            if not is_prose(clean_text(text)):
                return True
            self._mode = "disclaimer" if self._kind == "disclaimer" else "article"
        return False

    def end_section(self) -> None:
        """Close the current section (its container ended); what follows has no heading."""
        self._close()
        self._mode = "article"

    def _close(self) -> None:
        if self._blocks:
            self._sections.append(Section(self._heading, self._kind, tuple(self._blocks)))
        self._heading, self._kind, self._blocks = "", "other", []

    def finish(self) -> tuple[tuple[Section, ...], str]:
        """The sections that have content, and the disclaimer text ("" when there is none)."""
        self._close()
        return tuple(self._sections), " ".join(self._disclaimer)
