"""The day's headline index moves (SPY, QQQ, IWM, DIA and their percent change), read once at
ingest from the quotes table or the recap's words, so the episode art only draws typed figures."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from podcast.models import IndexMove, Quote, Section, section_texts

INDEX_ORDER = ("SPY", "QQQ", "IWM", "DIA")
MAX_MOVES = 4

_SYM = "|".join(INDEX_ORDER)
_NUM = r"(?P<sign>[+\-−–])?\s?(?<![\d.,])(?P<num>\d{1,2}(?:\.\d+)?)\s?%"
# "SPY +1.65%", "QQQ: -1.84%", "IWM (-0.29%)": a signed figure right after the symbol.
_SIGNED = re.compile(
    rf"\b(?P<sym>{_SYM})\b[:\s(]*(?P<sign>[+\-−–])\s?(?P<num>\d{{1,2}}(?:\.\d+)?)\s?%"
)
# "(SPY) closed up 1.65%", "(DIA) held up better at -0.11%", "IWM fell 1.32%": a verb (or a sign)
# says which way; the words between stay in one clause (no bracket, '%', ';' or sentence end) and
# name no other ticker, so "(SPY) lagged while NVDA fell 3.1%" gives nothing for SPY.
_WORDED = re.compile(rf"\(?\b(?P<sym>{_SYM})\b\)?(?P<gap>(?:(?!\.\s)[^();%\n]){{0,60}}?){_NUM}")
_TICKERISH = re.compile(r"\b[A-Z]{2,5}\b")
_NOT_TICKERS = frozenset({"ET", "US", "AI", "CPI", "PPI", "PCE", "GDP", "FOMC", "NYSE", "EPS"})
_UP_WORDS = re.compile(
    r"\b(up|rose|rises|rising|gained|gains|added|adds|climbed|jumped|surged|rallied|advanced|"
    r"higher|rebounded|popped|firmed|edged up|ticked up)\b",
    re.IGNORECASE,
)
_DOWN_WORDS = re.compile(
    r"\b(down|fell|falls|falling|lost|loses|slipped|slid|dropped|declined|sank|tumbled|"
    r"retreated|lower|eased|off|shed|dipped|edged down|ticked down)\b",
    re.IGNORECASE,
)


def read_index_moves(
    title: str, sections: Sequence[Section], quotes: Sequence[Quote] = ()
) -> tuple[IndexMove, ...]:
    """The day's headline index moves, at most four.

    From the quotes table when it has index rows (file order), else read from the recap's words:
    Key Takeaways first, then the title, then the rest; the first figure for a symbol wins.
    """
    rows = [IndexMove(q.symbol.upper(), q.change_pct) for q in quotes if q.kind.lower() == "index"]
    if rows:
        return tuple(rows[:MAX_MOVES])
    found: dict[str, float] = {}
    for text in _texts_in_order(title, sections):
        for symbol, value in _moves_in(text):
            found.setdefault(symbol, value)
    return tuple(IndexMove(s, found[s]) for s in INDEX_ORDER if s in found)[:MAX_MOVES]


def _texts_in_order(title: str, sections: Sequence[Section]) -> Iterator[str]:
    yield from section_texts(s for s in sections if s.kind == "key_takeaways")
    yield title
    yield from section_texts(s for s in sections if s.kind != "key_takeaways")


def _moves_in(text: str) -> list[tuple[str, float]]:
    """Every index figure in one text, in the order written."""
    hits: list[tuple[int, str, float]] = []
    for m in _SIGNED.finditer(text):
        hits.append((m.start(), m["sym"], _signed(m["sign"], m["num"])))
    for m in _WORDED.finditer(text):
        if any(t not in _NOT_TICKERS for t in _TICKERISH.findall(m["gap"])):
            continue
        sign = m["sign"]
        if not sign:
            verbs = [(v.start(), "+") for v in _UP_WORDS.finditer(m["gap"])]
            verbs += [(v.start(), "-") for v in _DOWN_WORDS.finditer(m["gap"])]
            if not verbs:
                continue
            sign = max(verbs)[1]  # the verb nearest the figure
        hits.append((m.start(), m["sym"], _signed(sign, m["num"])))
    hits.sort(key=lambda hit: hit[0])
    return [(sym, value) for _, sym, value in hits]


def _signed(sign: str | None, number: str) -> float:
    value = float(number)
    return -value if sign in ("-", "−", "–") else value
