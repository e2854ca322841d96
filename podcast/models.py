"""Typed values that pass between the stages: ingest → script → tts → audio → publish."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Section:
    """One part of a recap as written: a heading (may be empty for a lead) and its blocks.

    `kind` is the planner's canonical name for the heading ("key_takeaways", "snapshot", ...,
    "other"); `paragraphs` are prose blocks and `bullets` the list items, in document order as
    `blocks` (each block is ("p", text) or ("ul", [items])).
    """

    heading: str
    kind: str
    blocks: tuple[tuple[str, str | tuple[str, ...]], ...]

    @property
    def paragraphs(self) -> list[str]:
        return [b[1] for b in self.blocks if b[0] == "p" and isinstance(b[1], str)]

    def texts(self) -> list[str]:
        """Every string of the section in order: the heading, then each paragraph and item."""
        out = [self.heading] if self.heading else []
        for _, value in self.blocks:
            out.extend([value] if isinstance(value, str) else value)
        return out

    @property
    def bullets(self) -> list[str]:
        out: list[str] = []
        for kind, value in self.blocks:
            if kind == "ul" and isinstance(value, tuple):
                out.extend(value)
        return out


def section_texts(sections: Iterable[Section]) -> Iterator[str]:
    """Every string of the sections in order (each one's heading, paragraphs and items)."""
    for section in sections:
        yield from section.texts()


@dataclass(frozen=True)
class Quote:
    """One row of the optional quotes CSV."""

    symbol: str
    name: str
    kind: str
    close: float
    change_pct: float
    volume: int


@dataclass(frozen=True)
class IndexMove:
    """One headline index's move of the day (e.g. SPY +1.65 %), as the episode art charts it."""

    symbol: str
    change_pct: float


@dataclass(frozen=True)
class Recap:
    """One trading day's article, cleaned of page chrome."""

    date: dt.date
    title: str
    slug: str
    sections: tuple[Section, ...]
    source_path: Path
    source_format: str
    author: str = ""
    disclaimer: str = ""
    quotes: tuple[Quote, ...] = ()
    date_source: str = ""
    index_moves: tuple[IndexMove, ...] = ()  # the day's headline index moves, read by ingest

    @property
    def episode_id(self) -> str:
        return f"{self.date.isoformat()}-{self.slug}"


@dataclass(frozen=True)
class Segment:
    """One unit of speech: a voice reads `text`, then `pause_ms` of silence follows. `display`
    is the same words as the recap wrote them ("the S&P 500 up 1.65%", "REITs", "2026"), for the
    captions and the player; "" when they are the spoken text itself."""

    id: str
    section: str
    role: str
    text: str
    pause_ms: int = 600
    display: str = ""

    @property
    def caption(self) -> str:
        """What a reader sees for this segment: its display text, else its spoken text."""
        return self.display or self.text


@dataclass(frozen=True)
class Dropped:
    """Something the planner left out of the spoken script, and why."""

    section: str
    reason: str
    words: int


@dataclass(frozen=True)
class Script:
    """The spoken script of an episode."""

    title: str
    date: dt.date
    segments: tuple[Segment, ...]
    estimated_duration_s: float
    dropped: tuple[Dropped, ...] = ()

    def to_dict(self) -> dict[str, object]:
        return {
            "title": self.title,
            "date": self.date.isoformat(),
            "segments": [
                {
                    "id": s.id,
                    "section": s.section,
                    "role": s.role,
                    "text": s.text,
                    "display": s.caption,
                }
                for s in self.segments
            ],
            "estimated_duration_s": round(self.estimated_duration_s, 1),
            "dropped": [
                {"section": d.section, "reason": d.reason, "words": d.words} for d in self.dropped
            ],
        }


@dataclass(frozen=True)
class VoiceProfile:
    """A voice as configured in voices/*.toml. `None` settings mean the engine's default."""

    name: str
    engine: str
    voice: str | None = None
    speed: float | None = None
    gain_db: float = 0.0
    words_per_minute: float = 165.0
    # Letters a second, measured: a voice's pace is steadier per letter than per word (a script
    # dense with figures has many short words). When set, length estimates count letters.
    letters_per_second: float | None = None
    description: str = ""

    def speech_units(self, text: str) -> int:
        """What this voice's pace counts in `text`: its letters, or else its words."""
        if self.letters_per_second:
            return sum(map(str.isalpha, text))  # as `ch.isalpha()` for each, without a frame
        return len(text.split())

    def seconds_per_unit(self) -> float:
        """Seconds per counted unit (letter or word) at this voice's measured pace."""
        if self.letters_per_second:
            return 1.0 / self.letters_per_second
        return 60.0 / self.words_per_minute

    def speech_seconds(self, text: str) -> float:
        """How long this voice takes to say `text`, estimated."""
        return self.speech_units(text) * self.seconds_per_unit()


@dataclass(frozen=True)
class RenderedSegment:
    """A segment's speech as a mono WAV file on disk, with where each sentence sits in it."""

    segment: Segment
    voice: str
    wav: Path
    duration_s: float
    sample_rate: int
    cached: bool
    sentences: tuple[str, ...] = ()
    spans_s: tuple[tuple[float, float], ...] = ()


@dataclass(frozen=True)
class Chapter:
    """A chapter of the episode; `context` says what it is about as the recap wrote it."""

    title: str
    start_s: float
    section: str
    context: str = ""


@dataclass(frozen=True)
class Cue:
    """A transcript cue: one sentence, timed from the rendered audio."""

    start_s: float
    end_s: float
    text: str
    speaker: str


@dataclass(frozen=True)
class Episode:
    """The finished audio of one recap, before it is published."""

    recap: Recap
    script: Script
    mp3: Path
    duration_s: float
    segments: tuple[RenderedSegment, ...]
    chapters: tuple[Chapter, ...] = ()
    cues: tuple[Cue, ...] = ()
    lufs: float | None = None
    true_peak_db: float | None = None
    speech_end_s: float | None = None  # where the last word ends (the outro bed rings on)


@dataclass(frozen=True)
class RenderKeys:
    """What an episode was rendered from (podcast/renderkey.py), kept in the catalog: `render`
    covers inputs and settings (what `podcast render` compares), `settings` only the settings
    (what the nightly compares, its ledger standing for the inputs)."""

    render: str
    settings: str


@dataclass(frozen=True)
class EpisodeAssets:
    """What is published beside an episode's MP3, as values; publish/layout.py names the files.
    `None` leaves a file out (and the feed and pages then do not link it)."""

    notes_html: str
    summary: str
    transcript_vtt: str | None = None
    transcript_srt: str | None = None
    transcript_json: str | None = None
    chapters_json: str | None = None
    image_png: bytes | None = None
    show_cover: bytes | None = None
    # The lighter Opus rendition (audio/export.py), listed as podcast:alternateEnclosure.
    audio_opus: bytes | None = None


@dataclass(frozen=True)
class FinishedEpisode:
    """The audio stage's product and the publisher's one input: the checked MP3 and its assets.

    It carries no episode number: the publisher assigns it inside its transaction, under the
    publish lock, and calls `number_mp3(mp3, number)` to write it into the MP3's own tag before
    it reads the bytes (so the audio, the catalog and the feed always agree)."""

    episode: Episode
    assets: EpisodeAssets
    content_hash: str
    number_mp3: Callable[[Path, int], None] | None = None


@dataclass(frozen=True)
class Published:
    """Where an episode ended up."""

    episode_dir: Path
    mp3: Path
    feed: Path
    embed: Path
    index: Path
    guid: str
