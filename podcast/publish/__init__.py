"""Publish stage: catalog (sqlite), feed (feedgen + podcast namespace), pages, static assets."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from podcast.publish.publisher import publish

__all__ = ["publish"]


def __getattr__(name: str) -> Any:
    """`podcast.publish.publish`, imported on first use: `layout` and `serve` (and the jobs that
    only name files) need none of the publisher's jinja2, feedgen and lxml."""
    if name == "publish":
        from podcast.publish.publisher import publish

        return publish
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
