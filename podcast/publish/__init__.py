"""Publish stage: catalog (sqlite), feed (feedgen + podcast namespace), pages, static assets."""

from podcast.publish.publisher import publish

__all__ = ["publish"]
