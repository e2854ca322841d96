"""Reader for the CMS's JSON export; only READ_FIELDS are read, so related/sources never leak."""

from __future__ import annotations

import json
from typing import Any

from podcast.errors import InputError
from podcast.ingest.clean import clean_text, clean_title
from podcast.ingest.draft import Draft
from podcast.ingest.html import read_fragment
from podcast.ingest.sections import SectionBuilder
from podcast.ingest.sniff import check_no_dtd

__all__ = ["READ_FIELDS", "read_json"]

READ_FIELDS = (
    "headline", "published_at", "slug", "author", "key_takeaways", "body_html", "disclaimer",
)  # fmt: skip


def _string(data: dict[str, Any], key: str, *, required: bool = False) -> str | None:
    value = data.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise InputError(f"the JSON export has no '{key}'; export the recap with its {key}")
        return None
    if not isinstance(value, str):
        raise InputError(f"JSON field '{key}' must be a string, not {type(value).__name__}")
    return value


def _author(data: dict[str, Any]) -> str:
    author = data.get("author")
    if isinstance(author, dict):
        name = author.get("name")
        return clean_text(name) if isinstance(name, str) else ""
    return clean_text(author) if isinstance(author, str) else ""


def _takeaways(data: dict[str, Any]) -> list[str]:
    value = data.get("key_takeaways")
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InputError("JSON field 'key_takeaways' must be a list of strings")
    return list(value)


def read_json(text: str) -> Draft:
    """Read the CMS export into a Draft."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"the JSON is not valid (line {exc.lineno}, column {exc.colno}: {exc.msg}); fix it"
        ) from exc
    except RecursionError as exc:
        raise InputError("the JSON is nested too deeply to be a recap export") from exc
    if not isinstance(data, dict):
        raise InputError(
            f"the JSON is a {type(data).__name__}, not an object; pass the CMS's recap export"
        )
    headline = _string(data, "headline", required=True)
    body = _string(data, "body_html", required=True)
    assert headline is not None and body is not None
    check_no_dtd(body, "JSON field 'body_html'")

    builder = SectionBuilder()
    takeaways = _takeaways(data)
    if takeaways:
        builder.heading("Key Takeaways")
        builder.bullets(takeaways)
    read_fragment(body, builder)
    sections, body_disclaimer = builder.finish()
    disclaimer = _string(data, "disclaimer")
    # The field is the article's disclaimer; it is cleaned (and chrome removed) like any text.
    if disclaimer is not None:
        check = SectionBuilder()
        check.heading("Disclaimer")
        check.paragraph(disclaimer)
        _, body_disclaimer = check.finish()
    published = _string(data, "published_at")
    title = clean_title(headline)
    return Draft(
        title=title,
        sections=sections,
        disclaimer=body_disclaimer,
        author=_author(data),
        slug=_string(data, "slug"),
        slug_where="the JSON 'slug'",
        date_field=(published, "the JSON 'published_at'", "json") if published else None,
        header_texts=(title, *builder.datelines),
    )
