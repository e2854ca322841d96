"""Episode slugs, derived or validated, because a slug becomes a folder name and a URL path."""

from __future__ import annotations

import re
import unicodedata

from podcast.errors import InputError

__all__ = ["MAX_SLUG", "choose_slug", "slugify", "validate_slug"]

MAX_SLUG = 80
_VALID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def slugify(title: str, fallback: str = "recap") -> str:
    """A valid slug from any title: ASCII-folded, lowercase, hyphens, cut at a word, ≤ 80 chars."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    slug = _NON_ALNUM.sub("-", ascii_title.replace("&", " and ").lower()).strip("-")
    if len(slug) > MAX_SLUG:
        cut = slug[: MAX_SLUG + 1]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else cut[:MAX_SLUG]
        slug = slug[:MAX_SLUG].strip("-")
    return slug or fallback


def validate_slug(slug: str, where: str) -> str:
    """The slug itself when valid; otherwise an InputError naming where it came from."""
    if len(slug) > MAX_SLUG or not _VALID.fullmatch(slug):
        hint = slugify(slug)
        raise InputError(
            f"slug {slug[:100]!r} in {where} is not allowed: use lowercase letters, digits and "
            f"single hyphens, at most {MAX_SLUG} characters (e.g. {hint!r})"
        )
    return slug


def choose_slug(explicit: str | None, where: str, title: str) -> str:
    """The explicit slug when one is given (validated), else one derived from the title."""
    if explicit is not None and explicit.strip():
        return validate_slug(explicit.strip(), where)
    return slugify(headline(title))


def headline(title: str) -> str:
    """The title without trailing clauses that carry figures ("...Small Caps Lag: SPY +1.65%" ->
    "...Small Caps Lag"): numbers make poor, unstable URLs."""
    parts = re.split(r"\s*[:;]\s*", title)
    while len(parts) > 1 and re.search(r"\d", parts[-1]):
        parts.pop()
    return " ".join(parts)
