"""The timed transcript (WebVTT and SRT, a cue per sentence with its speaker) and the
Podcasting 2.0 chapters file, both from the rendered episode's real timeline."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from podcast.config import ShowConfig
from podcast.models import Chapter, Cue, Recap, RenderedSegment, Segment
from podcast.util.caption import caption
from podcast.util.sentences import split_written

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


def cues_for(
    rendered: Sequence[RenderedSegment],
    starts_s: Sequence[float],
    speakers: Mapping[str, str],
) -> list[Cue]:
    """A cue per sentence: the segment's start in the episode plus the sentence's span in it.
    A cue shows the sentence as the recap wrote it (the segment's display text, split the way
    the spoken text was); if the two split differently, the segment is one cue."""
    cues: list[Cue] = []
    for seg, start in zip(rendered, starts_s, strict=True):
        speaker = speakers.get(seg.segment.role, seg.segment.role.title())
        for text, (a, b) in _shown(seg):
            if b > a:
                cues.append(Cue(round(start + a, 3), round(start + b, 3), text, speaker))
    return cues


def _shown(seg: RenderedSegment) -> list[tuple[str, tuple[float, float]]]:
    """Each written sentence of the segment with the span its spoken form takes."""
    spans = list(seg.spans_s)
    written = split_written(seg.segment.caption) if seg.segment.display else list(seg.sentences)
    if len(written) == len(spans):
        return list(zip(written, spans, strict=True))
    if not spans:
        return []
    return [(seg.segment.caption, (spans[0][0], spans[-1][1]))]


def _clock(seconds: float, sep: str) -> str:
    ms = round(seconds * 1000)
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def _escape_vtt(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def to_vtt(cues: Sequence[Cue]) -> str:
    """WebVTT with a voice tag naming the speaker on each cue."""
    lines = ["WEBVTT", ""]
    for i, cue in enumerate(cues, 1):
        lines += [
            str(i),
            f"{_clock(cue.start_s, '.')} --> {_clock(cue.end_s, '.')}",
            f"<v {_escape_vtt(cue.speaker)}>{_escape_vtt(cue.text)}",
            "",
        ]
    return "\n".join(lines)


def to_srt(cues: Sequence[Cue]) -> str:
    lines: list[str] = []
    for i, cue in enumerate(cues, 1):
        lines += [
            str(i),
            f"{_clock(cue.start_s, ',')} --> {_clock(cue.end_s, ',')}",
            f"{cue.speaker}: {cue.text}",
            "",
        ]
    return "\n".join(lines)


def to_json(cues: Sequence[Cue]) -> str:
    """The Podcasting 2.0 JSON transcript (version 1.0.0): a segment per cue, with its speaker
    and its start and end in seconds."""
    segments = [
        {"speaker": c.speaker, "startTime": c.start_s, "endTime": c.end_s, "body": c.text}
        for c in cues
    ]
    return (
        json.dumps({"version": "1.0.0", "segments": segments}, indent=1, ensure_ascii=False) + "\n"
    )


def chapters_json(chapters: Sequence[Chapter], duration_s: float, title: str) -> str:
    """Podcasting 2.0 JSON chapters, version 1.2.0."""
    items = []
    for i, ch in enumerate(chapters):
        end = chapters[i + 1].start_s if i + 1 < len(chapters) else duration_s
        items.append(
            {"startTime": round(ch.start_s, 3), "endTime": round(end, 3), "title": ch.title}
        )
    doc = {"version": "1.2.0", "title": title, "chapters": items}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


CONTEXT_CHARS = 140  # a chapter's context is one line of the chapter list


def _clip(text: str, limit: int = CONTEXT_CHARS) -> str:
    """`text` cut at a word boundary to at most `limit` characters, with an ellipsis if cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:-–—")
    return cut + "…"


def chapter_context(recap: Recap, segments: Sequence[Segment], section: str) -> str:
    """What a chapter is about, as the recap wrote it: the headline for the introduction, the
    first sentence of the section's first paragraph or list item, and for the sign-off the first
    sentence the episode shows there (the short spoken disclaimer)."""
    written = ""
    if section == "intro":
        written = recap.title
    elif section == "disclaimer":
        written = next((s.caption for s in segments if s.section == section), recap.disclaimer)
    else:
        for part in recap.sections:
            if part.kind == section and part.blocks:
                _, value = part.blocks[0]
                written = value if isinstance(value, str) else (value[0] if value else "")
                break
    sentences = split_written(caption(written)) if written.strip() else []
    return _clip(sentences[0]) if sentences else ""


def chapters_for(
    segments: list[RenderedSegment], starts: list[float], recap: Recap
) -> list[Chapter]:
    """A chapter where each section's first segment starts; intro chapter at 0."""
    headings = {s.kind: s.heading for s in recap.sections}
    script = [r.segment for r in segments]
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
            Chapter(
                title=title,
                start_s=0.0 if not chapters else start,
                section=section,
                context=chapter_context(recap, script, section),
            )
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
