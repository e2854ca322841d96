"""The episode's oEmbed document (https://oembed.com, type "rich"): what a CMS fetches to embed
the "Listen to this Recap" player from the episode's URL.

OUT is static, so there is no `?url=` endpoint: each episode folder holds its own JSON document
and the pages point to it with a discovery <link rel="alternate" type="application/json+oembed">.
The `html` member is built with markupsafe (a hostile title stays text inside an attribute) and
the whole document with json.dumps (keys sorted, so the same episode gives the same bytes).
"""

from __future__ import annotations

import json
import struct
from typing import Any

from podcast.config import ShowConfig
from podcast.publish import layout
from podcast.publish.catalog import EpisodeRecord
from podcast.publish.pages import EMBED_HEIGHT_PX, EMBED_WIDTH_PX, OEMBED_MIME, embed_code

MIME = OEMBED_MIME
VERSION = "1.0"
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(data: bytes | None) -> tuple[int, int] | None:
    """A PNG's width and height from its IHDR chunk; None for anything else."""
    if not data or len(data) < 24 or not data.startswith(_PNG_SIGNATURE) or data[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", data[16:24])
    return (width, height) if width and height else None


def oembed_path(record: EpisodeRecord) -> str:
    """The document's path relative to OUT, beside the episode's audio."""
    return layout.beside(record.mp3_path, layout.OEMBED)


def render_oembed(
    show: ShowConfig, record: EpisodeRecord, *, thumbnail: tuple[str, bytes] | None
) -> bytes:
    """The oEmbed JSON for one episode. `thumbnail` is (path relative to OUT, PNG bytes) of the
    episode's image or else the show's cover; its size is read from the PNG, and a thumbnail of
    unknown size is left out (the spec wants url, width and height together)."""
    embed_url = layout.url_for(show.base_url, layout.beside(record.mp3_path, layout.EMBED))
    doc: dict[str, Any] = {
        "type": "rich",
        "version": VERSION,
        "title": record.title,
        "html": embed_code(embed_url, record.title),
        "width": EMBED_WIDTH_PX,
        "height": EMBED_HEIGHT_PX,
        "provider_name": show.title,
        "provider_url": show.link or show.base_url,
    }
    if show.author:
        doc["author_name"] = show.author
        doc["author_url"] = show.link or show.base_url
    size = png_size(thumbnail[1]) if thumbnail else None
    if thumbnail and size:
        doc["thumbnail_url"] = layout.url_for(show.base_url, thumbnail[0])
        doc["thumbnail_width"], doc["thumbnail_height"] = size
    return (json.dumps(doc, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode()
