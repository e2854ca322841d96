"""What a format reader returns, so date, slug and final checks are settled once in read_recap."""

from __future__ import annotations

from dataclasses import dataclass

from podcast.models import Section

__all__ = ["Draft"]


@dataclass(frozen=True)
class Draft:
    """One recap as read from its format.

    `date_field` is (value as written, where, date_source) for a format's own date field;
    `header_texts` are lines outside the sections that may hold the date (byline, dateline).
    """

    title: str
    sections: tuple[Section, ...]
    disclaimer: str = ""
    author: str = ""
    slug: str | None = None
    slug_where: str = ""
    date_field: tuple[str, str, str] | None = None
    header_texts: tuple[str, ...] = ()
