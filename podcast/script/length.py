"""Fit a script to the show's target length: drop the lowest-priority sections first, then sentences
that only repeat figures already said in the key takeaways. Sentences are never cut.

The length is kept by a `Tally` that is updated as units change (one unit re-measured per dropped
sentence), so fitting stays linear in the recap's size instead of re-measuring the whole script
once per sentence.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Protocol

from podcast.models import Dropped

_FIGURE = re.compile(r"[-+±$€£]?\d[\d,]*(?:\.\d+)?\s*(?:%|bps?\b|x\b|[KMB]\b)?")
_INDEX_NAMES = re.compile(r"S&P\s?500|Russell\s?[12]000|Nasdaq[- ]?100|\b\d+-(?:day|year|week)\b")
_SENTENCES = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“‘'(])")
PROTECTED = frozenset({"intro", "key_takeaways", "bottom_line", "disclaimer", "outro"})


@dataclass(frozen=True)
class Unit:
    """One piece of written text the planner will speak, with the pause after it."""

    section: str
    written: str
    pause_ms: int
    is_transition: bool = False
    list_group: int | None = None  # bullets of one list share a group; numbered after fitting
    display: str | None = None  # its caption when that is not `written` (the intro's date)


class Tally(Protocol):
    """The estimated length of a list of units, kept up to date as units change."""

    def seconds(self) -> float: ...

    def update(self, index: int, unit: Unit, removed: str) -> None:
        """Unit `index` now reads `unit`: its text less the sentence `removed`."""


TallyFactory = Callable[[list[Unit]], Tally]


class _Recount:
    """A Tally over a whole-list estimate (re-measures everything; for small scripts and tests)."""

    def __init__(self, estimate: Callable[[list[Unit]], float], units: list[Unit]) -> None:
        self._estimate = estimate
        self._units = list(units)

    def seconds(self) -> float:
        return self._estimate(self._units)

    def update(self, index: int, unit: Unit, removed: str) -> None:
        self._units[index] = unit


def figures(text: str) -> set[str]:
    """The figures a text states, normalised ("+1.65%" and "1.65%" are the same figure)."""
    text = _INDEX_NAMES.sub(" ", text)  # "S&P 500" names an index, it states no figure
    return {m.group(0).lstrip("+-±").replace(" ", "") for m in _FIGURE.finditer(text)}


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCES.split(text.strip()) if s]


def fit(
    units: list[Unit],
    *,
    estimate: Callable[[list[Unit]], float] | None = None,
    tally: TallyFactory | None = None,
    lower_s: float,
    upper_s: float,
    priorities: dict[str, int],
) -> tuple[list[Unit], list[Dropped]]:
    """Units that fit under `upper_s`, and what was dropped and why (in the order it was dropped).

    Sections go lowest priority first (later ones first on a tie); a section whose removal would
    leave the script under `lower_s` is kept. Then whole sentences that only repeat figures
    already said in the key takeaways go, lowest-priority section first.

    `tally` measures a unit list and follows its changes; `estimate` (a whole-list estimate) is
    the simple form of the same.
    """
    if tally is None:
        if estimate is None:
            raise TypeError("fit() needs a tally or an estimate")
        whole = estimate
        tally = lambda us: _Recount(whole, us)  # noqa: E731
    dropped: list[Dropped] = []

    def prio(section: str) -> int:
        return priorities.get(section, priorities.get("other", 50))

    order = sorted(
        {u.section for u in units if u.section not in PROTECTED},
        key=lambda s: (prio(s), -_first(units, s)),
    )
    for section in order:
        if tally(units).seconds() <= upper_s:
            return units, dropped
        rest = [u for u in units if u.section != section]
        if tally(rest).seconds() < lower_s:
            continue
        words = sum(len(u.written.split()) for u in units if u.section == section)
        reason = f"lowest priority ({prio(section)}) to fit the target length"
        dropped.append(Dropped(section, reason, words))
        units = rest
    said = set().union(*(figures(u.written) for u in units if u.section == "key_takeaways"))
    if not said:
        return [u for u in units if u.written.strip()], dropped
    running = tally(units)
    for i in sorted(range(len(units)), key=lambda i: (prio(units[i].section), -i)):
        unit = units[i]
        if unit.section in PROTECTED or unit.is_transition:
            continue
        single = _single_spaced(unit.written)
        for sent in sentences(unit.written):
            if running.seconds() <= upper_s:
                break
            figs = figures(sent)
            if figs and figs <= said:
                units[i] = replace(
                    units[i], written=_without(units[i].written, sent, single), display=None
                )
                single = True
                running.update(i, units[i], sent)
                reason = "repeats figures from the key takeaways"
                dropped.append(Dropped(unit.section, reason, len(sent.split())))
    return [u for u in units if u.written.strip()], dropped


def _single_spaced(text: str) -> bool:
    """True when the words of `text` are separated by single spaces, with none at its ends."""
    return text == " ".join(text.split())


def _without(text: str, sentence: str, single: bool) -> str:
    """`text` less the first occurrence of `sentence`, its spaces made single.

    On a single-spaced text only the junction can hold two spaces, so it is mended there instead
    of splitting the whole paragraph again for every dropped sentence (quadratic)."""
    if not single:
        return " ".join(text.replace(sentence, "", 1).strip().split())
    at = text.find(sentence)
    if at < 0:
        return text
    head, tail = text[:at], text[at + len(sentence) :]
    if head.endswith(" ") and tail.startswith(" "):
        tail = tail[1:]
    return (head + tail).strip(" ")


def _first(units: list[Unit], section: str) -> int:
    return next(i for i, u in enumerate(units) if u.section == section)
