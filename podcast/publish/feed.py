"""feed.xml from the catalog's records, with feedgen plus an extension for what feedgen lacks.

feedgen 1.0.0 accepts itunes:explicit only as "yes"/"no"/"clean" (Apple now wants "true"/"false")
and knows no Podcasting 2.0 tags, so `PodcastIndexExtension` writes those elements itself, through
lxml, which does all the escaping.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from lxml import etree

from podcast import __version__
from podcast.config import FeedText, ShowConfig, UpdateFrequency
from podcast.errors import PublishError
from podcast.publish import layout
from podcast.publish.catalog import EpisodeRecord, Rendition
from podcast.publish.ids import channel_guid, feed_url

PODCAST_NS = "https://podcastindex.org/namespace/1.0"
ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PSC_NS = "http://podlove.org/simple-chapters"
# The date a feed with no items claims as its lastBuildDate: fixed, so the bytes stay stable.
EMPTY_FEED_DATE = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
# podcast:soundbite: the key takeaways chapter, within the spec's recommended 15 to 120 seconds
# (a longer chapter is cut at 120 s; a shorter one is no soundbite).
SOUNDBITE_SECTION = "key_takeaways"
SOUNDBITE_MIN_S = 15.0
SOUNDBITE_MAX_S = 120.0
SOUNDBITE_TITLE_MAX_CHARS = 128
# podcast:alternateEnclosure's title (the namespace asks for at most 32 characters).
ALTERNATE_TITLE = "Smaller download (Opus)"


def _sub(parent: etree._Element, ns: str, tag: str, text: str | None = None, **attrs: str) -> None:
    elem = etree.SubElement(parent, f"{{{ns}}}{tag}", attrs)
    if text is not None:
        elem.text = text


class PodcastIndexExtension(BaseExtension):
    """Channel tags: podcast:guid, podcast:locked, podcast:updateFrequency, podcast:txt and
    itunes:explicit as true/false."""

    def __init__(self) -> None:
        self.guid: str | None = None
        self.locked: bool = True
        self.locked_owner: str = ""
        self.explicit: bool | None = None
        self.update_frequency: UpdateFrequency | None = None
        self.txt: tuple[FeedText, ...] = ()

    def extend_ns(self) -> dict[str, str]:
        return {"podcast": PODCAST_NS, "itunes": ITUNES_NS, "psc": PSC_NS}

    def extend_rss(self, rss_feed: etree._Element) -> etree._Element:
        channel = rss_feed[0]
        if self.explicit is not None:
            _sub(channel, ITUNES_NS, "explicit", "true" if self.explicit else "false")
        if self.guid:
            _sub(channel, PODCAST_NS, "guid", self.guid)
        attrs = {"owner": self.locked_owner} if self.locked_owner else {}
        _sub(channel, PODCAST_NS, "locked", "yes" if self.locked else "no", **attrs)
        if self.update_frequency is not None:
            rule = self.update_frequency
            _sub(channel, PODCAST_NS, "updateFrequency", rule.label, rrule=rule.rrule)
        for txt in self.txt:
            purpose = {"purpose": txt.purpose} if txt.purpose else {}
            _sub(channel, PODCAST_NS, "txt", txt.text, **purpose)
        return rss_feed


class PodcastIndexEntryExtension(BaseEntryExtension):
    """Item tags: podcast:alternateEnclosure, podcast:transcript, podcast:chapters and
    podcast:soundbite, when the episode has them."""

    def __init__(self) -> None:
        self.alternate: tuple[str, Rendition] | None = None  # (source URL, the rendition)
        self.transcripts: tuple[tuple[str, str], ...] = ()  # (url, media type)
        self.transcript_language: str = ""
        self.chapters_url: str | None = None
        self.chapters: tuple[tuple[float, str], ...] = ()
        self.soundbite: Soundbite | None = None

    def extend_rss(self, entry: etree._Element) -> etree._Element:
        if self.alternate is not None:
            url, alt = self.alternate
            attrs = {"type": alt.media_type, "length": str(alt.size),
                     "bitrate": str(alt.bitrate_bps), "title": ALTERNATE_TITLE,
                     "codecs": alt.codecs, "default": "false"}  # fmt: skip
            block = etree.SubElement(entry, f"{{{PODCAST_NS}}}alternateEnclosure", attrs)
            _sub(block, PODCAST_NS, "source", uri=url)
            _sub(block, PODCAST_NS, "integrity", type="sri", value=alt.integrity)
        for url, media_type in self.transcripts:
            attrs = {"url": url, "type": media_type}
            if self.transcript_language:
                attrs["language"] = self.transcript_language
            if media_type == "text/vtt":
                attrs["rel"] = "captions"  # timed, made for captions
            _sub(entry, PODCAST_NS, "transcript", **attrs)
        if self.chapters_url:
            attrs = {"url": self.chapters_url, "type": "application/json+chapters"}
            _sub(entry, PODCAST_NS, "chapters", **attrs)
        if self.chapters:  # Podlove Simple Chapters, inline, for apps that read those
            block = etree.SubElement(entry, f"{{{PSC_NS}}}chapters", version="1.2")
            for start, title in self.chapters:
                etree.SubElement(block, f"{{{PSC_NS}}}chapter", start=_npt(start), title=title)
        if self.soundbite is not None:
            bite = self.soundbite
            attrs = {"startTime": _decimal(bite.start_s), "duration": _decimal(bite.duration_s)}
            _sub(entry, PODCAST_NS, "soundbite", bite.title, **attrs)
        return entry


@dataclass(frozen=True)
class Soundbite:
    """A stretch of the episode's audio an app can preview: start and length in seconds."""

    start_s: float
    duration_s: float
    title: str


def soundbite(record: EpisodeRecord) -> Soundbite | None:
    """The key takeaways chapter as a soundbite: from its start to the next chapter's (or the
    episode's end), at most SOUNDBITE_MAX_S; None when the episode has no such chapter, or it
    is shorter than SOUNDBITE_MIN_S, or the record predates chapter sections (schema 3)."""
    if len(record.chapter_sections) != len(record.chapters):
        return None
    starts = [start for start, _ in record.chapters] + [record.duration_s]
    for i, section in enumerate(record.chapter_sections):
        if section != SOUNDBITE_SECTION:
            continue
        start, title = record.chapters[i]
        length = min(starts[i + 1] - start, SOUNDBITE_MAX_S)
        if length < SOUNDBITE_MIN_S:
            return None
        return Soundbite(round(start, 3), round(length, 3), title[:SOUNDBITE_TITLE_MAX_CHARS])
    return None


def _decimal(seconds: float) -> str:
    """Seconds as the namespace writes them: a plain decimal with at least one fraction digit."""
    text = f"{seconds:.3f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def _npt(seconds: float) -> str:
    """Normal play time as Podlove chapters write it: HH:MM:SS.mmm."""
    ms = round(seconds * 1000)
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


def itunes_duration(seconds: float) -> str:
    """Whole seconds, as a decimal integer (Apple accepts plain seconds)."""
    return str(max(0, round(seconds)))


def render_feed(
    show: ShowConfig,
    records: Sequence[EpisodeRecord],
    published: Callable[[str], bool] | None = None,
) -> bytes:
    """The whole feed.xml as bytes: newest first, at most show.max_feed_items items.
    `published(path)` says whether a file of OUT exists (the SRT and JSON transcripts are listed
    beside the recorded VTT only where an episode has them; without it, only the VTT; an
    episode's lighter rendition is listed only where its file is there)."""
    items = sorted(records, key=lambda r: (r.pub_date, r.episode_number), reverse=True)
    items = items[: max(0, show.max_feed_items)]
    fg = FeedGenerator()
    fg.load_extension("podcast")
    fg.register_extension("podcastindex", PodcastIndexExtension, PodcastIndexEntryExtension)

    self_url = feed_url(show)
    fg.title(show.title)
    fg.description(show.description or show.title)
    # feedgen's RSS <link> is the last link given: the self link first, the website last.
    fg.link(href=self_url, rel="self", type="application/rss+xml")
    fg.link(href=show.link or show.base_url, rel="alternate")
    fg.language(show.language)
    if show.copyright:
        fg.copyright(show.copyright)
    fg.generator(f"recap-podcast {__version__}")
    cover = layout.url_for(show.base_url, layout.COVER)
    fg.image(url=cover, title=show.title, link=show.link or show.base_url)
    newest = items[0].pub_date if items else EMPTY_FEED_DATE
    fg.lastBuildDate(newest)  # feedgen's default is now(); the feed must not change by itself
    fg.pubDate(newest)

    fg.podcast.itunes_author(show.author)
    if show.owner_name and show.owner_email:
        fg.podcast.itunes_owner(name=show.owner_name, email=show.owner_email)
    category = {"cat": show.category}
    if show.subcategory:
        category["sub"] = show.subcategory
    fg.podcast.itunes_category(category)
    fg.podcast.itunes_image(cover)
    fg.podcast.itunes_type("episodic")
    fg.podcast.itunes_summary(show.description or show.title)

    fg.podcastindex.guid = channel_guid(show)
    fg.podcastindex.locked = False
    fg.podcastindex.locked_owner = show.owner_email
    fg.podcastindex.explicit = show.explicit
    fg.podcastindex.update_frequency = show.update_frequency
    fg.podcastindex.txt = show.txt

    for record in items:
        _add_item(fg, show, record, published or (lambda _path: False))
    try:
        data = fg.rss_str(pretty=True, encoding="UTF-8", xml_declaration=True)
    except ValueError as exc:
        raise PublishError(f"cannot render the feed ({exc}); check podcast.toml [show]") from None
    assert isinstance(data, bytes)
    return data


def _add_item(
    fg: FeedGenerator, show: ShowConfig, record: EpisodeRecord, published: Callable[[str], bool]
) -> None:
    if isinstance(record.mp3_bytes, bool) or not isinstance(record.mp3_bytes, int):
        raise PublishError(f"episode {record.episode_id}: mp3_bytes must be an integer")
    if record.mp3_bytes <= 0:
        raise PublishError(f"episode {record.episode_id}: the MP3 is empty; render it again")
    base = show.base_url
    fe = fg.add_entry(order="append")
    fe.title(record.title)
    fe.link(href=layout.url_for(base, layout.beside(record.mp3_path, layout.EMBED)))
    fe.description(record.notes_html or record.summary or record.title)
    fe.guid(record.guid, permalink=False)
    fe.pubDate(record.pub_date)
    fe.enclosure(layout.url_for(base, record.mp3_path), str(record.mp3_bytes), "audio/mpeg")
    if record.alternate is not None and published(record.alternate.path):
        url = layout.url_for(base, record.alternate.path)
        fe.podcastindex.alternate = (url, record.alternate)
    fe.podcast.itunes_duration(itunes_duration(record.duration_s))
    fe.podcast.itunes_episode(record.episode_number)
    fe.podcast.itunes_episode_type("full")
    if record.summary:
        fe.podcast.itunes_summary(record.summary)
    if record.image_path:
        fe.podcast.itunes_image(layout.url_for(base, record.image_path))
    if record.transcript_path:  # the VTT; the SRT and JSON beside it where they were published
        beside = [(layout.beside(record.transcript_path, name), kind)
                  for name, kind in layout.TRANSCRIPTS]  # fmt: skip
        fe.podcastindex.transcripts = tuple(
            (layout.url_for(base, path), kind)
            for path, kind in beside
            if path == record.transcript_path or published(path)
        )
        fe.podcastindex.transcript_language = show.language
    if record.chapters_path:
        fe.podcastindex.chapters_url = layout.url_for(base, record.chapters_path)
    fe.podcastindex.chapters = record.chapters
    fe.podcastindex.soundbite = soundbite(record)
