"""The unchanged-render short cut: when the catalog says this recap was published with the same
render key (renderkey.py) and every file it wrote is still in OUT byte for byte, the episode
and its published paths are rebuilt from the catalog record instead of speaking, mixing,
encoding and publishing the same bytes again. Nothing is written."""

from __future__ import annotations

from pathlib import Path

from podcast.assets import transcript
from podcast.config import ShowConfig
from podcast.models import Chapter, Episode, Published, Recap, RenderedSegment, RenderKeys, Script
from podcast.publish import layout
from podcast.publish.statedir import resolve_state_dir
from podcast.publish.unchanged import still_published
from podcast.tts.base import describe_voice
from podcast.tts.cache import SegmentCache, cache_key


def published_as_is(
    out: Path,
    state: Path | None,
    recap: Recap,
    script: Script,
    show: ShowConfig,
    keys: RenderKeys,
    cache: SegmentCache,
) -> tuple[Episode, Published] | None:
    """The published episode when rendering it again would publish the same bytes, else None.
    Every segment counts as cached: none would be spoken."""
    out = out.resolve()
    if not out.is_dir():
        return None
    record = still_published(
        out, resolve_state_dir(out, state), recap.episode_id, render_key=keys.render
    )
    if record is None:
        return None
    profiles = [show.voice_for(seg.role) for seg in script.segments]
    voices = [voice for voice, _, _ in record.segments]
    if voices != [p.name for p in profiles] or len(record.chapter_sections) != len(record.chapters):
        return None  # a record that does not describe this script: render it
    identities = {name: describe_voice(p) for name, p in {p.name: p for p in profiles}.items()}
    segments = tuple(
        RenderedSegment(
            segment=seg,
            voice=profile.name,
            wav=cache.path_for(cache_key(seg.text, identities[profile.name])),
            duration_s=duration_s,
            sample_rate=sample_rate,
            cached=True,
        )
        for seg, profile, (_, duration_s, sample_rate) in zip(
            script.segments, profiles, record.segments, strict=True
        )
    )
    chapters = tuple(
        Chapter(
            title=title,
            start_s=start_s,
            section=section,
            context=transcript.chapter_context(recap, script.segments, section),
        )
        for (start_s, title), section in zip(record.chapters, record.chapter_sections, strict=True)
    )
    mp3 = out / record.mp3_path
    episode = Episode(
        recap=recap,
        script=script,
        mp3=mp3,
        duration_s=record.duration_s,
        segments=segments,
        chapters=chapters,
        lufs=record.lufs,
        true_peak_db=record.true_peak_db,
        speech_end_s=record.speech_end_s,
    )
    published = Published(
        episode_dir=out / layout.episode_folder(recap.episode_id),
        mp3=mp3,
        feed=out / layout.FEED,
        embed=out / layout.episode_file(recap.episode_id, layout.EMBED),
        index=out / layout.INDEX,
        guid=record.guid,
    )
    return episode, published
