"""Ingest: read one recap (txt|md|html|json) and quotes CSV into a clean Recap for the script."""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from podcast.errors import InputError
from podcast.ingest.chrome import remove_chrome
from podcast.ingest.clean import clean_text, clean_title
from podcast.ingest.dates import resolve_date
from podcast.ingest.index_moves import read_index_moves
from podcast.ingest.limits import check_limits
from podcast.ingest.quotes import read_quotes
from podcast.ingest.recap_check import check_recap
from podcast.ingest.slug import choose_slug
from podcast.ingest.sniff import MAX_BYTES, SUPPORTED, load
from podcast.models import Recap, section_texts

if TYPE_CHECKING:
    from podcast.ingest.draft import Draft

__all__ = ["MAX_BYTES", "SUPPORTED", "read_quotes", "read_recap", "recap_strings"]

# format -> "module:function", imported only when a recap of that format is read: markdown_it,
# yaml and bs4 (with lxml) are slow to import and a text recap needs none of them.
_READERS: dict[str, str] = {
    "text": "podcast.ingest.text:read_text",
    "markdown": "podcast.ingest.markdown:read_markdown",
    "html": "podcast.ingest.html:read_html",
    "json": "podcast.ingest.cms_json:read_json",
}


def _reader(fmt: str) -> Callable[[str], Draft]:
    """The reader for `fmt`, its module imported now (see _READERS)."""
    module, name = _READERS[fmt].split(":")
    reader: Callable[[str], Draft] = getattr(importlib.import_module(module), name)
    return reader


def recap_strings(recap: Recap) -> Iterator[str]:
    """Every string of a Recap a listener could hear or a page could show (for checks and tests)."""
    yield recap.title
    yield recap.author
    yield recap.disclaimer
    yield from section_texts(recap.sections)


def _source_lines(fmt: str, text: str) -> list[str] | None:
    """The lines the recap check reads for code and paths: Markdown and text as written (front
    matter left out); None for HTML and JSON, whose paragraphs and items count as lines."""
    if fmt == "markdown":
        from podcast.ingest.markdown import markdown_body

        return markdown_body(text).splitlines()
    if fmt == "text":
        return text.splitlines()
    return None


def read_recap(
    path: Path,
    *,
    date: dt.date | None = None,
    quotes: Path | None = None,
    require_recap: bool = False,
) -> Recap:
    """Read a recap file (and optional quotes CSV) into a Recap; InputError for a user's mistake.

    `date` (the CLI's --date) dates a recap that names no date of its own. With `require_recap`
    a document that does not look like a market recap is refused (see `recap_check`; the CLI's
    --force turns it off).
    """
    source = load(Path(path))
    try:
        draft = _reader(source.fmt)(source.text)
    except InputError as exc:
        if source.fmt != "markdown":
            raise
        from podcast.ingest.markdown import UnclosedFrontMatter  # imported: its reader just ran

        if not isinstance(exc, UnclosedFrontMatter):
            raise
        raise InputError(f"{source.path}: {exc}") from None
    if not any(section.blocks for section in draft.sections):
        raise InputError(
            f"{source.path} has no article text (only page chrome or nothing); "
            "pass the recap's page, export or text"
        )
    title = remove_chrome(clean_title(draft.title))
    if not title:
        raise InputError(f"{source.path} has no title; add the recap's headline")
    check_limits(
        source.path.name,
        title,
        [draft.author, draft.disclaimer, *section_texts(draft.sections)],
    )
    if require_recap:
        check_recap(str(source.path), title, draft.sections, _source_lines(source.fmt, source.text))
    lead = [s for s in draft.sections if not s.heading][:1]
    recap_date, date_source = resolve_date(
        path=source.path,
        argument=date,
        explicit=draft.date_field,
        lead_texts=[*draft.header_texts, *section_texts(lead)],
        all_texts=section_texts(draft.sections),
    )
    quote_rows = read_quotes(Path(quotes)) if quotes is not None else ()
    return Recap(
        date=recap_date,
        title=title,
        slug=choose_slug(draft.slug, draft.slug_where, title),
        sections=draft.sections,
        source_path=source.path,
        source_format=source.fmt,
        author=remove_chrome(clean_text(draft.author)),
        disclaimer=draft.disclaimer,
        quotes=quote_rows,
        date_source=date_source,
        index_moves=read_index_moves(title, draft.sections, quote_rows),
    )
