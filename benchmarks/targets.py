"""The targets the benchmark checks, each with its measured value, limit and margin."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from benchmarks.episode import EpisodeResult
from benchmarks.voices import VoiceResult

HOST_WER = 0.08
OTHER_DEFAULT_WER = 0.16
EPISODE_WER = 0.10
POOL_RATIO = 0.65
HIBARI_RTF = 0.02
BUSY_WARNING = 0.10  # other processes' share of the CPUs above which a timing is flagged


@dataclass(frozen=True)
class Target:
    """`measured <= limit`; `measured` is None when it could not be measured (a FAIL)."""

    name: str
    measured: float | None
    limit: float
    note: str = ""

    @property
    def passed(self) -> bool:
        return self.measured is not None and self.measured <= self.limit

    @property
    def margin(self) -> float | None:
        """Headroom under the limit (negative: how far over it)."""
        return None if self.measured is None else self.limit - self.measured


def voice_wer_limit(profile: str, roles: dict[str, str]) -> float | None:
    """The host's voice has the tight limit, other voices of the default show the looser one."""
    if profile == roles.get("host"):
        return HOST_WER
    if profile in roles.values():
        return OTHER_DEFAULT_WER
    return None


def _busy_note(loads: Sequence[float]) -> str:
    """A warning when other processes took a noticeable share of the CPUs during the timing."""
    if loads and max(loads) > BUSY_WARNING:
        return f"other processes used up to {max(loads):.0%} of the CPUs: timing is unreliable"
    return ""


def check(voices: Sequence[VoiceResult], episode: EpisodeResult) -> list[Target]:
    roles = episode.roles
    by_name = {v.profile: v for v in voices}
    targets: list[Target] = []
    for profile in dict.fromkeys([roles.get("host", ""), *roles.values()]):
        limit = voice_wer_limit(profile, roles)
        if limit is None:
            continue
        who = ", ".join(sorted(r for r, p in roles.items() if p == profile))
        result = by_name.get(profile)
        measured = result.wer if result else None
        note = (result.error or "") if result else "profile not benchmarked"
        targets.append(Target(f"WER {profile} ({who})", measured, limit, note))
    wer = episode.wer.wer if episode.wer else None
    targets.append(Target("WER episode (default show)", wer, EPISODE_WER, episode.error or ""))
    busy = [x for x in (*episode.pool_other_load, *episode.single_other_load) if x is not None]
    note = episode.error or _busy_note(busy)
    targets.append(Target("TTS time pool/single", episode.ratio, POOL_RATIO, note))
    for v in voices:
        if v.engine == "hibari":
            busy = [x for x in v.other_load_runs if x is not None]
            note = v.error or _busy_note(busy)
            targets.append(Target(f"RTF hibari {v.profile}", v.rtf_median, HIBARI_RTF, note))
    return targets
