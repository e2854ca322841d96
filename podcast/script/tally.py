"""The planner's running length estimate: spoken words per section plus the pauses between
segments, updated one unit at a time so fitting a long recap stays linear (see length.fit)."""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Callable, Sequence

from podcast.script.length import Unit

Words = Callable[[Unit, "str | None"], int]


class SpokenTally:
    """Seconds a unit list takes to read: the same sum as planner.estimate_duration_s over the
    segments the units become, kept as integer word and pause totals.

    A unit that speaks to no words makes no segment; a segment's pause is the section pause when
    the next segment is in another section, and none after the last one.
    """

    def __init__(
        self,
        units: Sequence[Unit],
        *,
        leads: Sequence[str | None],
        words: Words,
        seconds_per_word: Callable[[str], float],
        fixed_s: float,
        section_pause_ms: int,
    ) -> None:
        self._units = list(units)
        self._leads = list(leads)
        self._count = words
        self._rate = seconds_per_word
        self._fixed_s = fixed_s
        self._section_pause_ms = section_pause_ms
        self._words = [words(u, lead) for u, lead in zip(self._units, self._leads, strict=True)]
        self._by_section: dict[str, int] = {}
        for unit, n in zip(self._units, self._words, strict=True):
            self._by_section[unit.section] = self._by_section.get(unit.section, 0) + n
        spoken = [i for i, n in enumerate(self._words) if n > 0]
        self._next = [-1] * len(self._units)
        self._prev = [-1] * len(self._units)
        for a, b in itertools.pairwise(spoken):
            self._next[a], self._prev[b] = b, a
        self._pause_ms = sum(self._pause(i) for i in spoken)

    def _pause(self, i: int) -> int:
        following = self._next[i]
        if following < 0:
            return 0
        if self._units[following].section != self._units[i].section:
            return self._section_pause_ms
        return self._units[i].pause_ms

    def seconds(self) -> float:
        speech = sum(n * self._rate(section) for section, n in self._by_section.items())
        return self._fixed_s + speech + self._pause_ms / 1000.0

    def update(self, index: int, unit: Unit, removed: str) -> None:
        """Unit `index` lost the sentence `removed`: its words less that sentence's own.

        Re-speaking the whole unit per dropped sentence made a long paragraph quadratic; a
        sentence spoken alone says what it says in its paragraph (the script's final estimate is
        recounted from the finished segments anyway). A unit left empty is counted exactly."""
        old = self._words[index]
        if unit.written.strip():
            said = self._count(dataclasses.replace(unit, written=removed), None)
            new = max(1, old - said) if old > 0 else self._count(unit, self._leads[index])
        else:
            new = self._count(unit, self._leads[index])
        self._units[index] = unit
        self._words[index] = new
        self._by_section[unit.section] += new - old
        if old > 0 and new == 0:
            self._unlink(index)
        elif old == 0 and new > 0:
            self._link(index)

    def _unlink(self, i: int) -> None:
        before, after = self._prev[i], self._next[i]
        self._pause_ms -= self._pause(i)
        if before >= 0:
            self._pause_ms -= self._pause(before)
            self._next[before] = after
            self._pause_ms += self._pause(before)
        if after >= 0:
            self._prev[after] = before
        self._next[i] = self._prev[i] = -1

    def _link(self, i: int) -> None:
        before = next((j for j in range(i - 1, -1, -1) if self._words[j] > 0), -1)
        after = (
            self._next[before]
            if before >= 0
            else next((j for j in range(i + 1, len(self._units)) if self._words[j] > 0), -1)
        )
        if before >= 0:
            self._pause_ms -= self._pause(before)
            self._next[before] = i
            self._pause_ms += self._pause(before)
        if after >= 0:
            self._prev[after] = i
        self._prev[i], self._next[i] = before, after
        self._pause_ms += self._pause(i)
