"""Identities and times that never change for a show + date + slug: guids, URLs and pubDate."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from podcast.config import ShowConfig
from podcast.errors import PublishError
from podcast.publish import layout

# The Podcasting 2.0 namespace for podcast:guid (podcastindex.org/namespace/1.0#guid).
PODCAST_NAMESPACE_UUID = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")


def feed_url(show: ShowConfig) -> str:
    """The absolute URL of the show's feed.xml."""
    return layout.url_for(show.base_url, layout.FEED)


def feed_guid(url: str) -> uuid.UUID:
    """podcast:guid as the spec derives it: UUIDv5 of the feed URL without scheme or end slashes."""
    bare = re.sub(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", "", url.strip()).rstrip("/")
    return uuid.uuid5(PODCAST_NAMESPACE_UUID, bare)


def channel_guid(show: ShowConfig) -> str:
    return str(feed_guid(feed_url(show)))


def episode_guid(show: ShowConfig, date: dt.date, slug: str) -> str:
    """The item guid: UUIDv5 of "<date>/<slug>" under the channel guid."""
    return str(uuid.uuid5(uuid.UUID(channel_guid(show)), f"{date.isoformat()}/{slug}"))


def pub_date(show: ShowConfig, date: dt.date) -> dt.datetime:
    """The recap's date at the show's publish_time, in the show's time zone (never now())."""
    try:
        zone = ZoneInfo(show.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise PublishError(
            f"unknown time zone {show.timezone!r} in {show.source}; use an IANA name such as "
            "'America/New_York'"
        ) from None
    return dt.datetime.combine(date, show.publish_time, tzinfo=zone)
