"""HTML pages: the embeddable "Listen to this Recap" player and the episode index (autoescaped)."""

from __future__ import annotations

import math
import posixpath
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from podcast.config import ShowConfig
from podcast.models import Chapter
from podcast.publish import layout
from podcast.publish.catalog import EpisodeRecord
from podcast.util.dates import display_date

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = Path(__file__).resolve().parent / "static"
# The pages load nothing from another host; scripts and styles only from files of OUT (no inline
# JS or CSS), nothing by default; fetch() is for transcript.vtt beside the page.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "media-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'"
)
PLAYER_TITLE = "Listen to this Recap"
# Tall enough for the card with its transcript panel; the player fills whatever height it gets.
EMBED_HEIGHT_PX = 560
EMBED_WIDTH_PX = 640  # the widest the iframe grows; it shrinks with the article's column
OEMBED_MIME = "application/json+oembed"


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


def embed_code(url: str, episode_title: str = "") -> str:
    """The one-line HTML an article pastes to show the player, also the oEmbed `html`. The
    iframe's title names the episode for screen readers; both attributes are escaped here, so
    a hostile title stays text (the page escapes this whole string again where it shows it)."""
    name = f"{PLAYER_TITLE}: {episode_title}" if episode_title else PLAYER_TITLE
    return (
        f'<iframe src="{escape(url)}" title="{escape(name)}" loading="lazy" '
        f'style="width:100%;max-width:{EMBED_WIDTH_PX}px;height:{EMBED_HEIGHT_PX}px;border:0">'
        "</iframe>"
    )


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
    env.filters["longdate"] = display_date
    # A constant of this module, no outside data: its quotes stay literal in the attribute.
    env.globals["csp"] = Markup(CSP)  # noqa: S704
    return env


def _html_lang(show: ShowConfig) -> str:
    return show.language or "en"


def render_embed(
    show: ShowConfig, record: EpisodeRecord, *, chapters: Sequence[Chapter], mp3_url: str
) -> str:
    """A standalone page for an iframe beside the episode's files (mp3_url is relative to it;
    the record's lighter rendition, if any, is offered first where the browser can play it).

    The audio element keeps its native controls in the HTML, so the page plays without
    JavaScript; static/player.js swaps in the custom player, the transcript and the chapters.
    """
    folder = posixpath.dirname(record.mp3_path)

    def beside(path: str | None) -> str | None:
        return posixpath.relpath(path, folder) if path else None

    static = posixpath.relpath(layout.STATIC_DIR, folder)
    embed_path = layout.beside(record.mp3_path, layout.EMBED)
    template = _env().get_template("embed.html.j2")
    return template.render(
        show=show,
        record=record,
        chapters=sorted(chapters, key=lambda c: c.start_s),
        mp3_url=mp3_url,
        transcript_url=beside(record.transcript_path),
        # The lighter Opus rendition first: the browser takes the first <source> whose type it
        # can play (canPlayType), and falls through to the MP3 if it cannot or the file fails.
        opus_url=beside(record.alternate.path) if record.alternate else None,
        opus_type=f"{layout.OPUS_MEDIA_TYPE}; codecs={layout.OPUS_CODECS}",
        art_url=beside(record.image_path),
        player_js=f"{static}/{layout.PLAYER_JS}",
        player_css=f"{static}/{layout.PLAYER_CSS}",
        icon_url=f"{static}/{layout.ICON}",
        player_title=PLAYER_TITLE,
        embed_code=embed_code(layout.url_for(show.base_url, embed_path), record.title),
        oembed_url=layout.url_for(show.base_url, layout.beside(record.mp3_path, layout.OEMBED)),
        oembed_mime=OEMBED_MIME,
        lang=_html_lang(show),
    )


def render_index(
    show: ShowConfig,
    records: Sequence[EpisodeRecord],
    *,
    cover_url: str | None = None,
    has_oembed: Callable[[str], bool] = lambda path: True,
) -> str:
    """OUT/index.html: every episode, newest first, with relative links to its files.
    `cover_url` (relative to OUT) is the show's cover, when OUT has one. The page's oEmbed
    discovery link names the newest episode's document when `has_oembed(its path)` (an episode
    published before oEmbed has none until it is rendered again)."""
    items = sorted(records, key=lambda r: (r.pub_date, r.episode_number), reverse=True)
    episodes = [
        {
            "record": r,
            "embed_url": layout.beside(r.mp3_path, layout.EMBED),
            "art_url": r.image_path,
        }
        for r in items
    ]
    oembed = layout.beside(items[0].mp3_path, layout.OEMBED) if items else None
    if oembed and not has_oembed(oembed):
        oembed = None
    template = _env().get_template("index.html.j2")
    return template.render(
        show=show,
        episodes=episodes,
        feed_url=layout.FEED,
        feed_absolute_url=layout.url_for(show.base_url, layout.FEED),
        cover_url=cover_url,
        oembed_url=layout.url_for(show.base_url, oembed) if oembed else None,
        oembed_title=items[0].title if items else "",
        oembed_mime=OEMBED_MIME,
        index_css=layout.static_file(layout.INDEX_CSS),
        player_js=layout.static_file(layout.PLAYER_JS),
        icon_url=layout.static_file(layout.ICON),
        lang=_html_lang(show),
    )
