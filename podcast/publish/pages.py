"""HTML pages: the embeddable "Listen to this Recap" player and the episode index (autoescaped)."""

from __future__ import annotations

import math
import posixpath
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from podcast.config import ShowConfig
from podcast.models import Chapter
from podcast.publish.catalog import EpisodeRecord
from podcast.publish.ids import FEED_NAME

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = Path(__file__).resolve().parent / "static"
# The pages load nothing from another host; scripts only from files beside them (no inline JS).
CSP = (
    "default-src 'self'; media-src 'self'; img-src 'self' data:; "
    "style-src 'self' 'unsafe-inline'; script-src 'self'"
)


def format_duration(seconds: float) -> str:
    """m:ss, or h:mm:ss from an hour up."""
    total = max(0, round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def format_timestamp(seconds: float) -> str:
    """A chapter's start as players show it: whole seconds, rounded down."""
    return format_duration(math.floor(max(0.0, seconds)))


def _seconds(value: float) -> str:
    """A media time for data-start attributes: plain decimal, no exponent."""
    return f"{max(0.0, value):.3f}".rstrip("0").rstrip(".")


@cache
def _env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "j2"], default_for_string=True, default=True),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["duration"] = format_duration
    env.filters["seconds"] = _seconds
    env.filters["timestamp"] = format_timestamp
    # A constant of this module, no outside data: its quotes stay literal in the attribute.
    env.globals["csp"] = Markup(CSP)  # noqa: S704
    return env


def _html_lang(show: ShowConfig) -> str:
    return show.language or "en"


def render_embed(
    show: ShowConfig, record: EpisodeRecord, *, chapters: Sequence[Chapter], mp3_url: str
) -> str:
    """A standalone page for an iframe beside the episode's files (mp3_url is relative to it)."""
    folder = posixpath.dirname(record.mp3_path)
    transcript = (
        posixpath.relpath(record.transcript_path, folder) if record.transcript_path else None
    )
    static = posixpath.relpath("static", folder)
    template = _env().get_template("embed.html.j2")
    return template.render(
        show=show,
        record=record,
        chapters=sorted(chapters, key=lambda c: c.start_s),
        mp3_url=mp3_url,
        transcript_url=transcript,
        player_js=f"{static}/player.js",
        lang=_html_lang(show),
        srclang=_html_lang(show).split("-")[0],
    )


def render_index(show: ShowConfig, records: Sequence[EpisodeRecord]) -> str:
    """OUT/index.html: every episode, newest first, with relative links to its files."""
    items = sorted(records, key=lambda r: (r.pub_date, r.episode_number), reverse=True)
    episodes = [
        {
            "record": r,
            "embed_url": posixpath.join(posixpath.dirname(r.mp3_path), "embed.html"),
        }
        for r in items
    ]
    template = _env().get_template("index.html.j2")
    return template.render(
        show=show,
        episodes=episodes,
        feed_url=FEED_NAME,
        lang=_html_lang(show),
    )
