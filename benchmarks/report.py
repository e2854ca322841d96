"""The printed table, the diagnostics for misheard voices, and results/voices.json."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.episode import EpisodeResult
from benchmarks.targets import EPISODE_WER, POOL_RATIO, Target, voice_wer_limit
from benchmarks.voices import VoiceResult, WerResult


def _f(value: float | None, digits: int = 3) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _runs(values: Sequence[float], digits: int = 4) -> str:
    return " ".join(f"{v:.{digits}f}" for v in values) or "—"


def _loads(values: Sequence[float | None]) -> str:
    return " ".join("?" if v is None else f"{v:.0%}" for v in values) or "—"


def _row(cells: Sequence[str], widths: Sequence[int]) -> str:
    return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()


def voice_table(voices: Sequence[VoiceResult], episode: EpisodeResult) -> list[str]:
    head = ["engine", "voice", "roles", "RTF median", "RTF runs", "busy", "audio s", "WER",
            "WER on", "WER target", "result"]  # fmt: skip
    rows: list[list[str]] = []
    for v in voices:
        roles = ",".join(sorted(r for r, p in episode.roles.items() if p == v.profile)) or "-"
        limit = voice_wer_limit(v.profile, episode.roles)
        verdict = (
            "—" if limit is None else ("PASS" if v.wer is not None and v.wer <= limit else "FAIL")
        )
        rows.append([
            v.engine, v.profile, roles, _f(v.rtf_median, 4), _runs(v.rtf_runs),
            _loads(v.other_load_runs), _f(v.audio_s, 1),
            _f(v.wer), v.wer_scope or (v.error or "—"), "—" if limit is None else f"≤ {limit:.2f}",
            verdict,
        ])  # fmt: skip
    ep = episode.wer
    rows.append([
        "episode", "default show", "all", "—", "—", "—", _f(episode.audio_s, 1),
        _f(ep.wer if ep else None), f"{ep.words} words" if ep else (episode.error or "—"),
        f"≤ {EPISODE_WER:.2f}", "PASS" if ep and ep.wer <= EPISODE_WER else "FAIL",
    ])  # fmt: skip
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    return [_row(head, widths), _row(["-" * w for w in widths], widths)] + [
        _row(r, widths) for r in rows
    ]


def pool_lines(episode: EpisodeResult) -> list[str]:
    return [
        "TTS of the whole episode, pool.render_segments (fresh empty cache each run, interleaved):",
        f"  workers=None (pool)  median {_f(episode.pool_median, 2)} s   runs "
        f"{_runs(episode.pool_runs_s, 2)}   busy {_loads(episode.pool_other_load)}",
        f"  workers=0 (single)   median {_f(episode.single_median, 2)} s   runs "
        f"{_runs(episode.single_runs_s, 2)}   busy {_loads(episode.single_other_load)}",
        f"  pool/single          {_f(episode.ratio, 3)}   (target ≤ {POOL_RATIO})",
        "  busy: share of the machine's CPUs used by other processes during each run",
    ]


def target_lines(targets: Sequence[Target]) -> list[str]:
    out = ["Targets:"]
    for t in targets:
        verdict = "PASS" if t.passed else "FAIL"
        margin = t.margin
        how = (
            "not measured"
            if margin is None
            else (f"headroom {margin:.4f}" if margin >= 0 else f"OVER by {-margin:.4f}")
        )
        note = f"  [{t.note}]" if t.note else ""
        out.append(f"  {verdict:4}  {t.name:32} {_f(t.measured, 4):>8} ≤ {t.limit:<5}  {how}{note}")
    return out


def diagnosis(name: str, result: WerResult, *, worst: int) -> list[str]:
    out = [f"{name}: WER {result.wer:.3f} on {result.words} words; top confusions (ref -> hyp):"]
    out.append("  " + ", ".join(f"{c} ×{n}" for c, n in result.confusions) or "  none")
    for s in result.worst[:worst]:
        out.append(f"  {s.segment_id}: {s.errors}/{s.ref_words} wrong ({s.wer:.2f})")
        out.append(f"    {s.diff}")
    return out


def _as_json(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        data = {f.name: _as_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
        for prop in ("rtf_median", "pool_median", "single_median", "ratio", "passed", "margin",
                     "wer"):  # fmt: skip
            if hasattr(type(value), prop) and isinstance(getattr(type(value), prop), property):
                data[prop] = getattr(value, prop)
        return data
    if isinstance(value, dict):
        return {str(k): _as_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_as_json(v) for v in value]
    return value


def write_json(path: Path, payload: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(_as_json(payload), indent=2, ensure_ascii=False) + "\n")
    tmp.replace(path)
