"""The chain for one recap: ingest → script → tts → audio → publish, meeting only through models."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

from podcast.audio import export, master, mix, qa, stream
from podcast.config import ShowConfig
from podcast.ingest import read_recap
from podcast.models import Chapter, Episode, Published, Recap, RenderedSegment, Script
from podcast.publish import artwork, notes, transcript
from podcast.publish.publisher import publish
from podcast.publish.statedir import prepare_state, work_folder
from podcast.script.limit import refuse_over_limit
from podcast.script.planner import plan
from podcast.tts.cache import SegmentCache
from podcast.tts.pool import render_segments
from podcast.util.files import content_hash

log = logging.getLogger(__name__)

SECTION_TITLES = {
    "intro": "Introduction",
    "key_takeaways": "Key takeaways",
    "snapshot": "Market snapshot",
    "why_moved": "Why the market moved",
    "sectors": "Sectors and standouts",
    "movers": "Notable movers",
    "macro": "Macro and the Fed",
    "technical": "Technicals and breadth",
    "crypto": "Crypto and risk assets",
    "outlook": "What to watch tomorrow",
    "history": "Historical context",
    "bottom_line": "Bottom line",
    "disclaimer": "Disclaimer and sign-off",
}


@dataclass(frozen=True)
class RenderResult:
    recap: Recap
    script: Script
    episode: Episode
    published: Published


def build_script(
    article: Path,
    show: ShowConfig,
    *,
    date: dt.date | None = None,
    quotes: Path | None = None,
    force: bool = False,
) -> tuple[Recap, Script]:
    """Read and plan one recap; unless `force`, a document that is no market recap is refused."""
    recap = read_recap(article, date=date, quotes=quotes, require_recap=not force)
    if recap.date_source == "text-weekday":
        log.warning(
            "%s names only a weekday; dated %s (%s), the latest such day in the week the file "
            "was saved (pass --date to set it)",
            article.name,
            recap.date.isoformat(),
            recap.date.strftime("%A"),
        )
    return recap, plan(recap, show)


def chapters_for(
    segments: list[RenderedSegment], starts: list[float], recap: Recap
) -> list[Chapter]:
    """A chapter where each section's first segment starts; intro chapter at 0."""
    headings = {s.kind: s.heading for s in recap.sections}
    chapters: list[Chapter] = []
    seen: set[str] = set()
    for rendered, start in zip(segments, starts, strict=True):
        section = rendered.segment.section
        if section == "outro":
            section = "disclaimer"
        if section in seen:
            continue
        seen.add(section)
        title = SECTION_TITLES.get(section) or headings.get(section) or section.replace("_", " ")
        chapters.append(
            Chapter(title=title, start_s=0.0 if not chapters else start, section=section)
        )
    return chapters


def speaker_names(show: ShowConfig) -> dict[str, str]:
    """Who speaks each role, for the transcript's voice tags."""
    same = show.roles.get("announcer") == show.roles.get("host")
    return {
        "host": show.host_name,
        "analyst": show.analyst_name,
        "announcer": show.host_name if same else "Announcer",
    }


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
) -> RenderResult:
    """Render one recap in a private work folder (in parallel with other renders), then publish it
    into `out` under its publish lock; `state` is OUT's state folder (default beside OUT);
    `force` renders even a document that is no market recap."""
    recap, script = build_script(article, show, date=date, quotes=quotes, force=force)
    # Too long to publish: refused before any folder, speech or publishing.
    refuse_over_limit(recap.source_path.name, script, show)
    art = artwork.episode_art(show, recap)  # before any speech: a bad figure fails in seconds
    state_dir = prepare_state(out, state)
    with work_folder(state_dir) as work:
        rendered = render_segments(script.segments, show, cache)
        sr = show.sample_rate
        mixdown = mix.layout(rendered, mix.show_spec(show))
        spool = stream.Spool.write(work / "mix.f32", mixdown.blocks())  # read back per pass
        mastered = master.master_stream(spool, sr)
        starts = list(mixdown.segment_starts_s)
        chapters = chapters_for(rendered, starts, recap)
        cues = transcript.cues_for(rendered, starts, speaker_names(show))
        mp3 = work / "episode.mp3"
        # No track number yet: it is assigned under the publish lock (`number_mp3` below).
        tags = export.Tags(
            title=recap.title,
            artist=show.author,
            album=show.title,
            date=recap.date,
            description=notes.summary(recap),
            cover=artwork.thumbnail(art),
            cover_mime=artwork.THUMBNAIL_MIME,
            chapters=tuple(chapters),
            duration_s=mixdown.duration_s,
        )
        export.encode_mp3(
            stream.chunks(mastered), sr, mp3, bitrate_kbps=show.mp3_bitrate_kbps, tags=tags
        )
        spool.remove()
        report = qa.inspect(
            mp3,
            expected_segments=len(script.segments),
            rendered_segments=len(rendered),
            segment_durations_s=[r.duration_s for r in rendered],
            min_duration_s=show.qa_min_duration_s,
            max_duration_s=show.qa_max_duration_s,
            lufs_tolerance=show.qa_lufs_tolerance,
            max_silence_s=show.qa_max_silence_s,
        )
        qa.gate(report)  # QAError: nothing below runs, nothing is published
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
            extra={"speech_end_s": mixdown.speech_end_s, "qa": report},
        )

        def number_mp3(path: Path, number: int) -> None:
            """The episode number into the ID3 tag (TRCK): the whole tag is rewritten, so the
            bytes depend only on the tags, never on what the file held before."""
            numbered = dataclasses.replace(tags, track=number)
            export.write_tags(path, numbered, tags.duration_s)

        published = publish(
            out,
            show,
            episode,
            script_json=script.to_dict(),
            notes_html=notes.notes_html(recap, show.link),
            summary=notes.summary(recap),
            content_hash=content_hash(article, quotes),
            show_cover=artwork.show_cover(show),
            extra_files={
                "transcript.vtt": transcript.to_vtt(cues).encode(),
                "transcript.srt": transcript.to_srt(cues).encode(),
                "episode.png": art,
                "chapters.json": transcript.chapters_json(
                    chapters, episode.duration_s, recap.title
                ).encode(),
            },
            state=state_dir,
            number_mp3=number_mp3,
        )
        return RenderResult(recap=recap, script=script, episode=episode, published=published)


def summary_json(result: RenderResult) -> dict[str, object]:
    """The `--json` summary (DESIGN.md contract)."""
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
        "chapters": [{"title": c.title, "start_s": round(c.start_s, 3)} for c in ep.chapters],
    }
