"""Word error rate: a small text normaliser, then a Levenshtein alignment over words.

Both sides go through the same normaliser, so the score counts what a listener would mishear,
not how Whisper chose to write it: "1.65%" and "one point six five percent" are the same words,
and so are "AI" and the script's spelled-out "A I".
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from num2words import num2words

_SCALES = {"thousand", "million", "billion", "trillion"}
_NUMBER = re.compile(r"(?P<cur>\$)?(?P<num>\d[\d,]*(?:\.\d+)?|\.\d+)(?P<suf>st|nd|rd|th|s)?")
_SCALE_AFTER = re.compile(r"\s*(?:thousand|million|billion|trillion|[KMBT]\b)", re.IGNORECASE)
# A clock time: "8:30" anywhere, "8.30" only before a.m./p.m. or a time of day (else a decimal).
_CLOCK = re.compile(
    r"\b(?P<h>[0-9]|1[0-2]):(?P<m>[0-5][0-9])\b"
    r"|\b(?P<h2>[0-9]|1[0-2])\.(?P<m2>[0-5][0-9])(?=\s*(?:[ap]\.?\s?m\b|in the (?:morning|afternoon"
    r"|evening)|o'clock|eastern\b|ET\b))",
    re.IGNORECASE,
)
_DIGIT_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


def _tidy(words: str) -> str:
    return " ".join(words.replace(",", " ").replace("-", " ").replace(" and ", " ").split())


def _integer_words(digits: str, *, yearish: bool) -> str:
    if len(digits) > 1 and digits.startswith("0"):
        return " ".join(_DIGIT_WORDS[int(d)] for d in digits)
    n = int(digits)
    if yearish and (1910 <= n <= 1999 or 2010 <= n <= 2099):
        return _tidy(num2words(n, to="year"))
    return _tidy(num2words(n))


def _cents(whole: str, frac: str) -> str:
    """ "$81.40" the way the script says a price: "eighty one dollars and forty cents"."""
    dollars, cents = int(whole or "0"), int(frac.ljust(2, "0"))
    parts = [f"{_tidy(num2words(dollars))} dollars"] if dollars or not cents else []
    if cents:
        parts.append(f"{_tidy(num2words(cents))} cents")
    return f" {' and '.join(parts)} "


def _clock(match: re.Match[str]) -> str:
    """ "8:30" or "8.30 a.m." the way an anchor says the time: "eight thirty", "two" for "2:00"."""
    hour, minutes = int(match["h"] or match["h2"]), match["m"] or match["m2"]
    words = _tidy(num2words(hour))
    if minutes != "00":
        tail = (
            f"oh {_DIGIT_WORDS[int(minutes[1])]}" if minutes[0] == "0" else num2words(int(minutes))
        )
        words = f"{words} {_tidy(tail)}"
    return f" {words} "


def _number_words(match: re.Match[str]) -> str:
    raw = match["num"]
    suffix = match["suf"] or ""
    whole, _, frac = raw.replace(",", "").partition(".")
    cents = match["cur"] and frac and len(frac) <= 2 and not suffix
    if cents and not _SCALE_AFTER.match(match.string, match.end()):
        return _cents(whole, frac)
    if suffix in ("st", "nd", "rd", "th") and whole and not frac:
        return " " + _tidy(num2words(int(whole), to="ordinal")) + " "
    words = _integer_words(whole, yearish="," not in raw and not frac) if whole else ""
    if frac:
        frac = frac.rstrip("0") or "0"  # the script reads "4.50" as "four point five"
        words = f"{words} point {' '.join(_DIGIT_WORDS[int(d)] for d in frac)}".strip()
    if suffix == "s":  # decades: "1990s" -> "nineteen nineties"
        words = words[:-1] + "ies" if words.endswith("y") else words + "s"
    if match["cur"]:
        words += " DOLLARS"  # placed after any scale word below
    return f" {words} "


def _move_dollars(tokens: list[str]) -> list[str]:
    """ "five DOLLARS billion" -> "five billion dollars", the way the script says money."""
    out = list(tokens)
    for i, tok in enumerate(out):
        if tok == "DOLLARS":
            if i + 1 < len(out) and out[i + 1] in _SCALES:
                out[i], out[i + 1] = out[i + 1], "dollars"
            else:
                out[i] = "dollars"
    return out


def _join_letters(tokens: list[str]) -> list[str]:
    """Runs of two or more single letters become one token: "a i" -> "ai", "c p i" -> "cpi"."""
    out: list[str] = []
    run: list[str] = []
    for tok in [*tokens, ""]:
        if len(tok) == 1 and tok.isalpha():
            run.append(tok)
            continue
        if len(run) >= 2:
            out.append("".join(run))
        else:
            out.extend(run)
        run = []
        if tok:
            out.append(tok)
    return out


def normalize(text: str) -> list[str]:
    """Lowercased words: hyphens to spaces, % and & as words, numbers as words, no punctuation."""
    text = text.replace("’", "'").replace("‘", "'").replace("–", " ").replace("—", " ")
    text = re.sub(r"'s\b", "", text)  # possessives and "it's": Whisper often drops them
    text = re.sub(r"\b([Ii])ts\b", r"\1t", text)  # "its" sounds as "it's", which became "it"
    text = text.replace("%", " percent ").replace("&", " and ").replace("+", " plus ")
    text = _CLOCK.sub(_clock, text)
    text = _NUMBER.sub(_number_words, text)
    text = text.replace("-", " ").replace("/", " ")
    text = re.sub(r"[^\w\s]|_", " ", text.replace("'", ""))
    tokens = [t if t == "DOLLARS" else t.lower() for t in text.split()]
    return _join_letters(_move_dollars(tokens))


def compounds(ref_chunks: Sequence[Sequence[str]], hyp: Sequence[str]) -> set[str]:
    """Compounds written as one word somewhere and as two adjacent words elsewhere.

    "mega cap" and "megacap", "Stock Alpha" and "StockAlpha" are the same words spoken: how a
    script or a transcript spaces a compound is not a mishearing. The reference comes in chunks
    (segments) so no pair straddles two of them.
    """
    words = set(hyp).union(*ref_chunks)
    pairs = {a + b for a, b in itertools.pairwise(hyp)}
    for chunk in ref_chunks:
        pairs.update(a + b for a, b in itertools.pairwise(chunk))
    return pairs & words


def join_compounds(tokens: Sequence[str], joined: set[str]) -> list[str]:
    """`tokens` with every adjacent pair that makes one of the `joined` words written as one."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        if i + 1 < len(tokens) and tokens[i] + tokens[i + 1] in joined:
            out.append(tokens[i] + tokens[i + 1])
            i += 2
        else:
            out.append(tokens[i])
            i += 1
    return out


@dataclass(frozen=True)
class Alignment:
    """A word-level alignment: pairs of (reference word or None, hypothesis word or None)."""

    pairs: tuple[tuple[str | None, str | None], ...]

    @property
    def errors(self) -> int:
        return sum(1 for r, h in self.pairs if r != h)

    @property
    def ref_words(self) -> int:
        return sum(1 for r, _ in self.pairs if r is not None)

    @property
    def wer(self) -> float:
        return self.errors / max(1, self.ref_words)

    def confusions(self) -> Counter[str]:
        """ "ref -> hyp" for substitutions, "ref -> ·" for deletions, "· -> hyp" for insertions."""
        return Counter(f"{r or '·'} -> {h or '·'}" for r, h in self.pairs if r != h)


def align(ref: Sequence[str], hyp: Sequence[str]) -> Alignment:
    """Levenshtein over words (substitution, deletion, insertion all cost 1), with a backtrace."""
    n, m = len(ref), len(hyp)
    cost = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        cost[i][0] = i
    for j in range(m + 1):
        cost[0][j] = j
    for i in range(1, n + 1):
        row, prev = cost[i], cost[i - 1]
        for j in range(1, m + 1):
            sub = prev[j - 1] + (ref[i - 1] != hyp[j - 1])
            row[j] = min(sub, prev[j] + 1, row[j - 1] + 1)
    pairs: list[tuple[str | None, str | None]] = []
    i, j = n, m
    while i > 0 or j > 0:
        if i > 0 and j > 0 and cost[i][j] == cost[i - 1][j - 1] + (ref[i - 1] != hyp[j - 1]):
            pairs.append((ref[i - 1], hyp[j - 1]))
            i, j = i - 1, j - 1
        elif i > 0 and cost[i][j] == cost[i - 1][j] + 1:
            pairs.append((ref[i - 1], None))
            i -= 1
        else:
            pairs.append((None, hyp[j - 1]))
            j -= 1
    pairs.reverse()
    return Alignment(tuple(pairs))


def wer(reference: str, hypothesis: str) -> float:
    ref, hyp = normalize(reference), normalize(hypothesis)
    joined = compounds([ref], hyp)
    return align(join_compounds(ref, joined), join_compounds(hyp, joined)).wer
