"""Per-segment scores from one whole-script alignment, to show where a voice is misheard."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from benchmarks.wer import Alignment, align, compounds, join_compounds, normalize


@dataclass(frozen=True)
class SegmentScore:
    """One segment's share of the alignment: its errors, reference words and a readable diff."""

    segment_id: str
    errors: int
    ref_words: int
    diff: str

    @property
    def wer(self) -> float:
        return self.errors / max(1, self.ref_words)


def _mark(ref: str | None, hyp: str | None) -> str:
    if ref == hyp:
        return ref or ""
    if ref is None:
        return f"[+{hyp}]"
    if hyp is None:
        return f"[-{ref}]"
    return f"[{ref}→{hyp}]"


def score_segments(
    ids: Sequence[str],
    texts: Sequence[str],
    hypothesis: str,
    respelled: Mapping[str, str] | None = None,
) -> tuple[Alignment, list[SegmentScore]]:
    """Align all texts (joined) with the transcript; give each pair to its reference segment.

    An insertion goes to the segment of the reference word before it (the first segment if none).
    `respelled` maps a word as written to the lexicon's spelling the script speaks ("chevron" ->
    "shevron"): a transcript that writes the word properly heard it right.
    """
    per_segment = [normalize(text) for text in texts]
    hyp = [(respelled or {}).get(word, word) for word in normalize(hypothesis)]
    joined = compounds(per_segment, hyp)
    owners: list[int] = []
    ref: list[str] = []
    for index, words in enumerate(per_segment):
        words = join_compounds(words, joined)
        ref.extend(words)
        owners.extend([index] * len(words))
    alignment = align(ref, join_compounds(hyp, joined))
    errors = [0] * len(texts)
    counts = [0] * len(texts)
    marks: list[list[str]] = [[] for _ in texts]
    position, current = 0, 0
    for r, h in alignment.pairs:
        if r is not None:
            current = owners[position]
            position += 1
            counts[current] += 1
        if r != h:
            errors[current] += 1
        marks[current].append(_mark(r, h))
    scores = [
        SegmentScore(ids[i], errors[i], counts[i], " ".join(marks[i])) for i in range(len(texts))
    ]
    return alignment, scores
