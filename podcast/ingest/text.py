"""Reader for scraped page text, where headings and bullets are known only by each line's shape."""

from __future__ import annotations

import re
from dataclasses import dataclass

from podcast.errors import InputError
from podcast.ingest.chrome import byline_author, remove_chrome, starts_chrome_section
from podcast.ingest.chrome_kinds import (
    chrome_heading,
    chrome_kind,
    drop_chrome_sentences,
    is_disclaimer,
)
from podcast.ingest.clean import clean_block
from podcast.ingest.dates import contains_date
from podcast.ingest.draft import Draft
from podcast.ingest.sections import SectionBuilder, classify_heading, parse_bullet

__all__ = ["read_text"]

MAX_HEADING_WORDS = 12
MAX_TITLE_WORDS = 40
_TERMINAL = (".", "!", "?", "…")
_CLOSERS = "\"'”’)]"
# Prose that merely starts like a label ("Note: ...") is never a heading.
_PROSE_PREFIX = re.compile(r"(?:note|notes|editor'?s note|update|correction)\s*:", re.IGNORECASE)


@dataclass
class _Line:
    kind: str  # "text" | "bullet" | "chrome-section"
    text: str


def _ends_sentence(text: str) -> bool:
    return text.rstrip(_CLOSERS).endswith(_TERMINAL)


def _lines(text: str, datelines: list[str]) -> list[_Line | None]:
    """Logical lines; None marks a paragraph break (a blank or chrome line). A dropped chrome
    line that holds a date ("Updated Mar 4, 2026, 6:47 PM EST") goes to `datelines`."""
    out: list[_Line | None] = []
    for raw in clean_block(text).split("\n"):
        if not raw:
            out.append(None)
            continue
        if starts_chrome_section(raw):
            out.append(_Line("chrome-section", raw))
            continue
        bullet = parse_bullet(raw)
        content = remove_chrome(bullet if bullet is not None else raw)
        if not content:
            out.append(None)
            continue
        previous = out[-1] if out else None
        if (
            previous is not None
            and previous.kind in ("text", "bullet")
            and bullet is None
            and content[0].islower()
            and not _ends_sentence(previous.text)
            and not previous.text.endswith(":")
        ):
            previous.text = f"{previous.text} {content}"  # a hard-wrapped line continues
            continue
        # Chrome by kind ("Sources: Reuters, ...", "Win a prize in ..."): a short label
        # opens a block of it, like "Sources"; otherwise the line (or sentence) goes.
        if classify_heading(content) in ("other", "chrome") and not byline_author(content):
            if chrome_kind(content) and not is_disclaimer(content):
                label = bullet is None and chrome_heading(content) and not _ends_sentence(content)
                out.append(_Line("chrome-section", content) if label else None)
                if contains_date(content):
                    datelines.append(content)
                continue
            # A disclaimer's sentences stay for the builder, which knows the section.
            kept = drop_chrome_sentences(content, disclaimer=True)
            if kept != content and contains_date(content) and not contains_date(kept):
                datelines.append(content)
            if not kept:
                out.append(None)
                continue
            content = kept
        out.append(_Line("bullet" if bullet is not None else "text", content))
    return out


def _is_prose(line: _Line) -> bool:
    return line.kind == "bullet" or (
        line.kind == "text"
        and (len(line.text.split()) > MAX_HEADING_WORDS or _ends_sentence(line.text))
    )


def _heading_kind(line: str, following: _Line | None) -> str | None:
    """The kind when the line is a heading, else None.

    A heading is short (≤ 12 words), has no terminal punctuation, is not "Note: ...", and either
    names a known section or is followed by prose or bullets (then it is "other"). A short line
    ending with ":" ("Several overlapping themes explain the move:") is prose.
    """
    words = line.split()
    if not words or len(words) > MAX_HEADING_WORDS or _ends_sentence(line):
        return None
    if _PROSE_PREFIX.match(line):
        return None
    kind = classify_heading(line)
    if kind != "other":
        return kind
    if line.endswith((":", ";", ",")) or not (line[0].isupper() or line[0].isdigit()):
        return None
    if following is not None and _is_prose(following):
        return "other"
    return None


def read_text(text: str) -> Draft:
    """Read scraped page text into a Draft."""
    datelines: list[str] = []
    lines = _lines(text, datelines)
    content = [i for i, line in enumerate(lines) if line is not None]
    # Chrome before the title ("...Explore More Content" in a pasted header) opens no block.
    while content and (line := lines[content[0]]) is not None and line.kind == "chrome-section":
        content.pop(0)
    if not content:
        raise InputError("the text has no article in it (only page chrome); pass the recap itself")
    first = lines[content[0]]
    assert first is not None
    if (
        first.kind != "text"
        or len(first.text.split()) > MAX_TITLE_WORDS
        or classify_heading(first.text) in ("key_takeaways", "disclaimer")
    ):
        raise InputError("no title found: put the recap's headline alone on the first line")
    title = first.text
    header: list[str] = [title]
    author = ""
    position = 1
    # A byline and/or a dateline may follow the title.
    while position < len(content):
        line = lines[content[position]]
        assert line is not None
        if line.kind == "chrome-section" and position + 1 < len(content):
            position += 1  # chrome between the title and the byline or dateline
            continue
        name = byline_author(line.text) if line.kind == "text" else ""
        if name and not author and len(line.text.split()) <= 16 and not _ends_sentence(line.text):
            author = name
        elif not (line.kind == "text" and len(line.text.split()) <= 8 and contains_date(line.text)):
            break
        header.append(line.text)
        position += 1

    builder = SectionBuilder()
    rest = [lines[i] for i in content[position:]]
    for index, line in enumerate(rest):
        assert line is not None
        if line.kind == "chrome-section":
            builder.heading(line.text)
            continue
        if line.kind == "bullet":
            builder.bullet(line.text)
            continue
        following = rest[index + 1] if index + 1 < len(rest) else None
        kind = _heading_kind(line.text, following)
        if kind is not None and not (builder.skipping and kind == "other"):
            builder.heading(line.text)
        else:
            builder.paragraph(line.text)
    sections, disclaimer = builder.finish()
    header += [*datelines, *builder.datelines]
    return Draft(
        title=title,
        sections=sections,
        disclaimer=disclaimer,
        author=author,
        header_texts=tuple(header),
    )
