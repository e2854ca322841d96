"""The length gate right after planning: a script estimated over the show's `[qa] max_minutes`
is refused before any speech is rendered (rendering it first cost minutes and unbounded memory)."""

from __future__ import annotations

from dataclasses import dataclass

from podcast.config import ShowConfig
from podcast.errors import ScriptTooLong
from podcast.models import Script

_SHOWN_SECTIONS = 3


def clock(seconds: float) -> str:
    """m:ss, as an editor reads an episode's length."""
    mins, secs = divmod(round(seconds), 60)
    return f"{mins}:{secs:02d}"


@dataclass(frozen=True)
class OverLimit:
    """A script over the limit: its estimate, the limit, and each section's estimated seconds
    (longest first)."""

    estimated_s: float
    limit_s: float
    sections: tuple[tuple[str, float], ...]

    def to_dict(self) -> dict[str, object]:
        return {
            "estimated_duration_s": round(self.estimated_s, 1),
            "max_duration_s": round(self.limit_s, 1),
            "sections": [{"section": s, "estimated_s": round(t, 1)} for s, t in self.sections],
            "reason": self.reason(),
        }

    def reason(self) -> str:
        longest = ", ".join(
            f"{s.replace('_', ' ')} {clock(t)}" for s, t in self.sections[:_SHOWN_SECTIONS]
        )
        return (
            f"the script would run about {clock(self.estimated_s)}, over the show's limit of "
            f"{clock(self.limit_s)} ([qa] max_minutes); longest sections: {longest}"
        )


def section_seconds(script: Script, show: ShowConfig) -> dict[str, float]:
    """Each section's estimated speech and pauses, the same sum as the script's estimate."""
    out: dict[str, float] = {}
    for seg in script.segments:
        voice = show.voice_for(seg.role)
        spoken = voice.speech_seconds(seg.text) + seg.pause_ms / 1000.0
        out[seg.section] = out.get(seg.section, 0.0) + spoken
    return out


def over_limit(script: Script, show: ShowConfig) -> OverLimit | None:
    """None when the estimate is within `[qa] max_minutes`."""
    if script.estimated_duration_s <= show.qa_max_duration_s:
        return None
    sections = sorted(section_seconds(script, show).items(), key=lambda kv: (-kv[1], kv[0]))
    return OverLimit(script.estimated_duration_s, show.qa_max_duration_s, tuple(sections))


def refuse_over_limit(name: str, script: Script, show: ShowConfig) -> None:
    """ScriptTooLong (exit 2) naming the recap, the estimate, the limit and the long sections."""
    over = over_limit(script, show)
    if over is not None:
        raise ScriptTooLong(
            f"{name}: {over.reason()}; shorten those sections (or raise [qa] max_minutes in "
            f"{show.source.name}); nothing was rendered"
        )
