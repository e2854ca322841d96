"""Reader for the optional quotes CSV (pandas); a bad or implausible cell fails with its line and
column, at ingest, before any speech is rendered."""

from __future__ import annotations

import io
import math
import re
from pathlib import Path

from podcast.errors import InputError
from podcast.ingest.clean import clean_text
from podcast.ingest.sniff import read_text_file
from podcast.models import Quote

__all__ = ["COLUMNS", "MAX_CHANGE_PCT", "MAX_CLOSE", "MAX_VOLUME", "read_quotes"]

COLUMNS = ("symbol", "name", "kind", "close", "change_pct", "volume")
_SYMBOL = re.compile(r"[A-Z.\-^]{1,10}")
_KIND = re.compile(r"[a-z][a-z0-9_ -]{0,29}")


# What a day's quote can plausibly be: anything outside is a typo or an export bug, and an
# absurd value that is still a float (1e308) would overflow later stages (the artwork's chart).
MAX_CHANGE_PCT = 1_000.0
MAX_CLOSE = 100_000_000.0
MAX_VOLUME = 10**15


def _number(raw: str, column: str, where: str) -> float:
    text = raw.strip().replace(",", "")
    if column == "change_pct":
        text = text.removesuffix("%").strip()
    try:
        value = float(text)
    except ValueError:
        raise InputError(
            f"quotes CSV {where}: {column} {raw!r} is not a number; fix that cell"
        ) from None
    if not math.isfinite(value):
        raise InputError(f"quotes CSV {where}: {column} {raw!r} is not a finite number")
    return value


def _cell(column: str, positions: list[int]) -> str:
    """'change_pct (column E)': the column's name and its letter as a spreadsheet shows it."""
    index = positions[COLUMNS.index(column)]
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return f"{column} (column {letters})"


def _close(raw: str, where: str, cell: str) -> float:
    value = _number(raw, "close", where)
    if not 0 < value <= MAX_CLOSE:
        raise InputError(
            f"quotes CSV {where}: {cell} {raw[:30]!r} must be a price above 0 and at most "
            f"{MAX_CLOSE:,.0f}; fix that cell"
        )
    return value


def _change(raw: str, where: str, cell: str) -> float:
    value = _number(raw, "change_pct", where)
    if abs(value) > MAX_CHANGE_PCT:
        raise InputError(
            f"quotes CSV {where}: {cell} {raw[:30]!r} is not a plausible day's change (at most "
            f"±{MAX_CHANGE_PCT:,.0f} %); fix that cell"
        )
    return value


def _volume(raw: str, where: str, cell: str = "volume") -> int:
    value = _number(raw, "volume", where)
    if value < 0 or abs(value - round(value)) > 1e-6:  # "71234500.0" from a float export is fine
        raise InputError(f"quotes CSV {where}: volume {raw!r} must be a whole number ≥ 0")
    if value > MAX_VOLUME:
        raise InputError(
            f"quotes CSV {where}: {cell} {raw[:30]!r} is more than {MAX_VOLUME:,} shares; "
            "fix that cell"
        )
    return round(value)


def read_quotes(path: Path) -> tuple[Quote, ...]:
    """The CSV's rows as Quotes, in file order; InputError naming the row and column otherwise."""
    import pandas as pd  # heavy: imported only when a quotes file is given

    path = Path(path)
    text = read_text_file(path, what="quotes CSV")
    try:
        # header=None: every line is data, so a row with too many fields is a ParserError
        # instead of silently becoming an index; blank lines are kept so line numbers hold.
        frame = pd.read_csv(
            io.StringIO(text.lstrip("\ufeff")),
            header=None,
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,
            skipinitialspace=True,
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(f"quotes CSV {path} cannot be parsed ({first}); fix the file") from exc
    rows = [[str(v).strip() for v in row] for row in frame.itertuples(index=False)]
    header = [c.lower() for c in rows[0]] if rows else []
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise InputError(
            f"quotes CSV {path} is missing column(s) {', '.join(missing)}; "
            f"the header must be {','.join(COLUMNS)}"
        )
    positions = [header.index(c) for c in COLUMNS]
    quotes: list[Quote] = []
    seen: set[str] = set()
    for line, row in enumerate(rows[1:], start=2):
        if not any(row):
            continue  # a blank line
        where = f"{path}, line {line}"
        symbol, name, kind, close, change, volume = (row[i] for i in positions)
        for column, value in zip(COLUMNS, (symbol, name, kind, close, change, volume), strict=True):
            if not value:
                raise InputError(f"quotes CSV {where}: {column} is empty; fill it in")
        if not _SYMBOL.fullmatch(symbol):
            raise InputError(
                f"quotes CSV {where}: symbol {symbol[:20]!r} must be 1-10 of A-Z . - ^"
            )
        if symbol in seen:
            raise InputError(f"quotes CSV {where}: symbol {symbol} appears twice; keep one row")
        seen.add(symbol)
        clean_name = clean_text(name)
        if not clean_name:
            raise InputError(f"quotes CSV {where}: name {name[:20]!r} has no text; fill it in")
        if not _KIND.fullmatch(kind.lower()):
            raise InputError(
                f"quotes CSV {where}: kind {kind[:20]!r} must be a word such as index, stock"
            )
        quotes.append(
            Quote(
                symbol=symbol,
                name=clean_name,
                kind=kind.lower(),
                close=_close(close, where, _cell("close", positions)),
                change_pct=_change(change, where, _cell("change_pct", positions)),
                volume=_volume(volume, where, _cell("volume", positions)),
            )
        )
    return tuple(quotes)
