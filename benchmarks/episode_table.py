"""The episode benchmark's pure parts: medians, ratios and verdicts, the table, and the editor
that changes one sentence of a recap (benchmarks/episode_bench.py runs the measures)."""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

HEADER = ("measure", "median", "runs", "ratio", "target", "result", "busy")


@dataclass(frozen=True)
class Measure:
    """The raw runs of one measure; `busy` is other processes' CPU share during each run."""

    key: str
    label: str
    unit: str
    runs: tuple[float, ...]
    busy: tuple[float | None, ...] = ()
    note: str = ""

    @property
    def median(self) -> float | None:
        return statistics.median(self.runs) if self.runs else None


@dataclass(frozen=True)
class Goal:
    """`measure <= limit`, or `measure / over <= limit` when `over` names another measure."""

    key: str
    limit: float
    over: str | None = None
    name: str = ""  # how the ratio reads, e.g. "unchanged/cold"


def ratio(measure: Measure | None, over: Measure | None) -> float | None:
    """median / median of the other measure; None when either is missing or the divisor is 0."""
    if measure is None or over is None:
        return None
    top, bottom = measure.median, over.median
    if top is None or not bottom:
        return None
    return top / bottom


def judged(goal: Goal, measures: Mapping[str, Measure]) -> float | None:
    """The value the goal is judged on: the median, or the ratio of medians."""
    measure = measures.get(goal.key)
    if goal.over is None:
        return measure.median if measure else None
    return ratio(measure, measures.get(goal.over))


def verdict(value: float | None, limit: float) -> str:
    """PASS when measured and within the limit; a missing measure FAILs."""
    return "PASS" if value is not None and value <= limit else "FAIL"


def _num(value: float | None, unit: str = "") -> str:
    if value is None:
        return "—"
    digits = 0 if unit == "MB" else (3 if abs(value) < 10 else 1)
    text = f"{value:.{digits}f}"
    return f"{text} {unit}".rstrip()


def _busy(values: Sequence[float | None]) -> str:
    seen = [v for v in values if v is not None]
    return f"{max(seen):.0%}" if seen else "—"


def rows(measures: Sequence[Measure], goals: Sequence[Goal]) -> list[tuple[str, ...]]:
    """One row per measure: median, raw runs, ratio (if its goal is one), target, verdict, the
    most other processes took during any of its runs."""
    by_key = {m.key: m for m in measures}
    goal_of = {g.key: g for g in goals}
    out: list[tuple[str, ...]] = []
    for m in measures:
        runs = " ".join(_num(r) for r in m.runs) or "—"
        goal = goal_of.get(m.key)
        ratio_cell = target = result = "—"
        if goal is not None:
            value = judged(goal, by_key)
            if goal.over is not None:
                ratio_cell = f"{goal.name} {_num(value)}"
                target = f"≤ {goal.limit:g} ({goal.name})"
            else:
                target = f"≤ {_num(goal.limit, m.unit)}"
            result = verdict(value, goal.limit)
        label = f"{m.label} [{m.note}]" if m.note else m.label
        out.append((label, _num(m.median, m.unit), runs, ratio_cell, target, result, _busy(m.busy)))
    return out


def markdown(header: Sequence[str], body: Sequence[Sequence[str]]) -> list[str]:
    """A Markdown table (pipes in cells escaped)."""

    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"

    return [line(header), line(["---"] * len(header)), *(line(r) for r in body)]


def stage_rows(
    timings: Mapping[str, Sequence[Mapping[str, float]]], stages: Sequence[str]
) -> list[tuple[str, ...]]:
    """Per stage, the median seconds of each kind of run (columns in `timings` order)."""
    out: list[tuple[str, ...]] = []
    for name in stages:
        cells = [name]
        for runs in timings.values():
            values = [t[name] for t in runs if name in t]
            cells.append(_num(statistics.median(values)) if values else "—")
        out.append(tuple(cells))
    return out


# A sentence: starts at a capital, ends at . ! or ? followed by a space or the line's end, and
# has at least six words (headings, dates and list stubs are not candidates).
_SENTENCE = re.compile(r"(?<![^\s])[A-Z][^.!?\n]*(?:\.\d[^.!?\n]*)*[.!?](?=\s|$)", re.M)
_SKIP_LINE = re.compile(r"^\s*(?:#|---|[|>]|\w+:\s)")


def sentences(text: str) -> Iterator[tuple[int, int]]:
    """The (start, end) spans of prose sentences of six words or more, outside headings, front
    matter keys and tables, in the order they are nearest the middle of the text (the body, which
    every planner keeps, rather than the headline or the sign-off)."""
    found: list[tuple[int, int]] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        if not _SKIP_LINE.match(line):
            for m in _SENTENCE.finditer(line):
                if len(m.group().split()) >= 6:
                    found.append((offset + m.start(), offset + m.end()))
        offset += len(line)
    middle = len(text) / 2
    yield from sorted(found, key=lambda span: (abs((span[0] + span[1]) / 2 - middle), span[0]))


def edit_sentence(text: str, span: tuple[int, int]) -> str:
    """`text` with the sentence at `span` changed: a short clause before its final mark, so the
    words change in that sentence alone."""
    start, end = span
    if not 0 <= start < end <= len(text) or text[end - 1] not in ".!?":
        raise ValueError(f"no sentence ends at {end}")
    return text[: end - 1] + ", the desk noted" + text[end - 1 :]
