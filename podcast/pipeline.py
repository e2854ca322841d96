"""The chain for one recap, one way: ingest → script → tts → audio → publish, meeting only
through the typed values of models.py. The audio stage ends in one FinishedEpisode (the checked
MP3 and its assets, see podcast/assets/) and the publisher numbers and writes it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from podcast import renderkey, shortcut
from podcast.assets import artwork, notes, transcript
from podcast.audio import export, master, mix, qa, stream
from podcast.config import ShowConfig
from podcast.models import (
    Chapter,
    Episode,
    EpisodeAssets,
    FinishedEpisode,
    Published,
    Recap,
    RenderedSegment,
    RenderKeys,
    Script,
)
from podcast.publish import layout
from podcast.publish.publisher import publish
from podcast.script.limit import refuse_over_limit
from podcast.scripting import build_script
from podcast.tts.cache import SegmentCache
from podcast.tts.pool import collect
from podcast.util.files import content_hash
from podcast.util.stopwatch import stage, timed, timed_iter

if TYPE_CHECKING:
    from podcast.scale.executors import Executor

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RenderResult:
    recap: Recap
    script: Script
    episode: Episode
    published: Published
    unchanged: bool = False  # already published with the same inputs and settings: not redone


@dataclass(frozen=True)
class Prepared:
    """A recap read, planned and checked, ready for speech: everything the render needs that
    does not depend on audio (its artwork drawn first, so a bad figure fails in seconds)."""

    recap: Recap
    script: Script
    keys: RenderKeys
    source: str  # content hash of the recap and quotes files
    art: bytes


def prepare(
    article: Path,
    out: Path,
    show: ShowConfig,
    *,
    date: dt.date | None = None,
    quotes: Path | None = None,
    cache: SegmentCache,
    state: Path | None = None,
    force: bool = False,
    rerender: bool = False,
) -> Prepared | RenderResult:
    """Read and plan one recap and refuse it early if it is too long; a RenderResult when it is
    already published with the same render key and files intact (shortcut.py), unless
    `rerender`. Nothing is written."""
    recap, script = build_script(article, show, date=date, quotes=quotes, force=force)
    # Too long to publish: refused before any folder, speech or publishing.
    refuse_over_limit(recap.source_path.name, script, show)
    source = content_hash(article, quotes)
    # After reading and planning, so bad input fails the same way, and the key has the recap's
    # resolved date and episode id; reading and planning cost little next to speech.
    keys = renderkey.keys_for(recap, source, date, show)
    if not rerender:
        done = shortcut.published_as_is(out, state, recap, script, show, keys, cache)
        if done is not None:
            log.info("%s: already published with these inputs and settings", recap.episode_id)
            episode, published = done
            return RenderResult(recap, script, episode, published, unchanged=True)
    art = artwork.episode_art(show, recap)  # before any speech: a bad figure fails in seconds
    return Prepared(recap, script, keys, source, art)


def render(
    article: Path,
    out: Path,
    show: ShowConfig,
    *,
    date: dt.date | None = None,
    quotes: Path | None = None,
    cache: SegmentCache,
    state: Path | None = None,
    force: bool = False,
    rerender: bool = False,
    executor: Executor | None = None,
) -> RenderResult:
    """Render one recap and publish it into `out` under its publish lock; `state` is OUT's state
    folder (default beside OUT); `force` renders even a document that is no market recap.

    One way: script -> speech -> the finished episode (audio stage) -> publish, as a batch of one
    on `executor` (default: the local worker pool; see podcast/scale/). Unless `rerender`, a
    recap already published with the same render key and files intact is answered from the
    catalog (shortcut.py): nothing is spoken, encoded or written."""
    from podcast.scale.batch import render_prepared  # scale drives the pipeline's steps

    ready = prepare(
        article, out, show, date=date, quotes=quotes, cache=cache, state=state, force=force,
        rerender=rerender,
    )  # fmt: skip
    if isinstance(ready, RenderResult):
        return ready
    return render_prepared(ready, out, show, cache=cache, state=state, executor=executor)


def publish_finished(
    out: Path, show: ShowConfig, finished: FinishedEpisode, *, state: Path, keys: RenderKeys
) -> Published:
    """The publish stage: the finished episode into OUT under its publish lock (one writer)."""
    return publish(out, show, finished, state=state, keys=keys)


def assemble(job: AssembleJob) -> FinishedEpisode:
    """The audio stage of one episode whose speech is all in the cache: the same function
    wherever it runs (this process, a pool worker or a cluster worker)."""
    rendered = collect(job.script.segments, job.show, job.cache, spoken=job.spoken)
    return finish_episode(
        job.recap, job.script, rendered, job.show, art=job.art, work=job.work, source=job.source
    )


@dataclass(frozen=True)
class AssembleJob:
    """What assembling one episode needs, as picklable values (it may run on another machine
    that shares the cache and the work area)."""

    recap: Recap
    script: Script
    show: ShowConfig
    art: bytes
    source: str
    work: Path
    cache: SegmentCache
    spoken: frozenset[str] = frozenset()


def finish_episode(
    recap: Recap,
    script: Script,
    rendered: list[RenderedSegment],
    show: ShowConfig,
    *,
    art: bytes,
    work: Path,
    source: str,
) -> FinishedEpisode:
    """The audio stage's end: mix, master and encode the MP3 (tagged, without its number), check
    it (QAError: nothing is published), and gather its typed assets for the publisher.
    `source` is the content hash of the recap and quotes files."""
    mixdown = mix_episode(rendered, show)
    starts = list(mixdown.segment_starts_s)
    chapters = transcript.chapters_for(rendered, starts, recap)
    cues = transcript.cues_for(rendered, starts, transcript.speaker_names(show))
    tags = mp3_tags(recap, show, art, chapters, mixdown.duration_s)
    mp3, measured = encode_episode(mixdown, show, tags, work)
    report = check_episode(mp3, measured, script, rendered, show, title=tags.title)
    episode = Episode(
        recap=recap,
        script=script,
        mp3=mp3,
        duration_s=report.duration_s,
        segments=tuple(rendered),
        chapters=tuple(chapters),
        cues=tuple(cues),
        lufs=report.lufs,
        true_peak_db=report.true_peak_db,
        speech_end_s=mixdown.speech_end_s,
    )
    assets = EpisodeAssets(
        notes_html=notes.notes_html(recap, show.link),
        summary=notes.summary(recap),
        transcript_vtt=transcript.to_vtt(cues),
        transcript_srt=transcript.to_srt(cues),
        transcript_json=transcript.to_json(cues),
        chapters_json=transcript.chapters_json(chapters, episode.duration_s, recap.title),
        image_png=art,
        show_cover=artwork.show_cover(show),
        audio_opus=(work / layout.WORK_OPUS).read_bytes(),
    )
    return FinishedEpisode(
        episode=episode, assets=assets, content_hash=source, number_mp3=tag_number(tags)
    )


@timed("mix")
def mix_episode(rendered: list[RenderedSegment], show: ShowConfig) -> mix.MixPlan:
    """The speech laid out between the show's intro and outro music (not yet mastered)."""
    return mix.layout(rendered, mix.show_spec(show))


def mp3_tags(
    recap: Recap, show: ShowConfig, art: bytes, chapters: list[Chapter], duration_s: float
) -> export.Tags:
    """The MP3's ID3 tags. No track number: it is assigned under the publish lock (`tag_number`)."""
    return export.Tags(
        title=recap.title,
        artist=show.author,
        album=show.title,
        date=recap.date,
        description=notes.summary(recap),
        cover=artwork.thumbnail(art),
        cover_mime=artwork.THUMBNAIL_MIME,
        chapters=tuple(chapters),
        duration_s=duration_s,
    )


def encode_episode(
    mixdown: mix.MixPlan, show: ShowConfig, tags: export.Tags, work: Path
) -> tuple[Path, qa.StreamMeasures]:
    """Master the mix (spooled to the work folder, read back per pass) and encode the MP3, and
    the Opus rendition beside it (work/WORK_OPUS) from the same stream in the same ffmpeg; QA's
    measures of the samples streamed into the encoder come with it (mastering's loudness and
    true peak of them, and a tap on the encoder's PCM for length and silence)."""
    sr, kbps = show.sample_rate, show.mp3_bitrate_kbps
    with stage("mix"):
        spool = stream.Spool.write(work / layout.WORK_MIX, mixdown.blocks())
    with stage("mastering"):
        mastered = master.master_stream(spool, sr)
    mp3 = work / layout.WORK_MP3
    tap = qa.EncoderTap(sr, level_db=export.lame_level_loss_db(kbps))
    with stage("encode"):  # the mastered blocks' own time, streamed in, counts as mastering
        blocks = timed_iter("mastering", stream.chunks(mastered))
        export.encode_mp3(
            blocks, sr, mp3, bitrate_kbps=kbps, tags=tags, listen=tap.feed,
            opus=work / layout.WORK_OPUS,
        )  # fmt: skip
    spool.remove()
    return mp3, tap.measures(lufs=mastered.lufs, true_peak_db=mastered.true_peak_db)


@timed("qa")
def check_episode(
    mp3: Path,
    measured: qa.StreamMeasures,
    script: Script,
    rendered: list[RenderedSegment],
    show: ShowConfig,
    *,
    title: str | None = None,
) -> qa.QAReport:
    """The QA report of the episode from what was streamed into the encoder and the written
    MP3's headers (no second decode); QAError when it fails the show's limits."""
    report = qa.inspect(
        mp3,
        measured,
        bitrate_kbps=show.mp3_bitrate_kbps,
        title=title,
        expected_segments=len(script.segments),
        rendered_segments=len(rendered),
        segment_durations_s=[r.duration_s for r in rendered],
        min_duration_s=show.qa_min_duration_s,
        max_duration_s=show.qa_max_duration_s,
        lufs_tolerance=show.qa_lufs_tolerance,
        max_silence_s=show.qa_max_silence_s,
    )
    qa.gate(report)
    return report


@dataclass(frozen=True)
class NumberTag:
    """How the publisher writes the episode number into the MP3 (the ID3 track, TRCK) once it
    has assigned it: the whole tag is rewritten, so the bytes depend only on the tags, never on
    what the file held before. A value, not a closure: it travels back from a cluster worker."""

    tags: export.Tags

    def __call__(self, path: Path, number: int) -> None:
        tags = dataclasses.replace(self.tags, track=number)
        export.write_tags(path, tags, self.tags.duration_s)


def tag_number(tags: export.Tags) -> Callable[[Path, int], None]:
    """The publisher's numbering step for an MP3 tagged with `tags` (see NumberTag)."""
    return NumberTag(tags)


def summary_json(result: RenderResult) -> dict[str, object]:
    """The `--json` summary (its contract is in the README, under "Using it")."""
    ep, pub = result.episode, result.published
    return {
        "episode_dir": str(pub.episode_dir),
        "mp3": str(pub.mp3),
        "feed": str(pub.feed),
        "embed": str(pub.embed),
        "index": str(pub.index),
        "duration_s": round(ep.duration_s, 3),
        "estimated_duration_s": round(result.script.estimated_duration_s, 1),
        "guid": pub.guid,
        "unchanged": result.unchanged,
        "title": result.recap.title,
        "date": result.recap.date.isoformat(),
        "lufs": ep.lufs,
        "true_peak_db": ep.true_peak_db,
        "segments": [
            {
                "id": r.segment.id,
                "section": r.segment.section,
                "role": r.segment.role,
                "voice": r.voice,
                "text": r.segment.text,
                "duration_s": round(r.duration_s, 3),
                "cached": r.cached,
            }
            for r in ep.segments
        ],
        "cache_hits": sum(1 for r in ep.segments if r.cached),
        "chapters": [
            {"title": c.title, "start_s": round(c.start_s, 3), "context": c.context}
            for c in ep.chapters
        ],
    }
