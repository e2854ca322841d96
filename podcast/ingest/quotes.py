"""Reader for the optional quotes CSV: pandas splits it into cells, keeping line numbers, and types
the numeric columns (close, change_pct, volume) as float64; a bad or implausible cell fails with
its line and column, at ingest, before any speech is rendered."""

from __future__ import annotations

import io
import math
import re
from pathlib import Path
from typing import TYPE_CHECKING

from podcast.errors import InputError
from podcast.ingest.clean import clean_text
from podcast.ingest.sniff import read_text_file
from podcast.models import Quote

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["COLUMNS", "MAX_CHANGE_PCT", "MAX_CLOSE", "MAX_VOLUME", "NUMERIC", "read_quotes"]

COLUMNS = ("symbol", "name", "kind", "close", "change_pct", "volume")
_SYMBOL = re.compile(r"[A-Z.\-^]{1,10}")
_KIND = re.compile(r"[a-z][a-z0-9_ -]{0,29}")


# What a day's quote can plausibly be: anything outside is a typo or an export bug, and an
# absurd value that is still a float (1e308) would overflow later stages (the artwork's chart).
MAX_CHANGE_PCT = 1_000.0
MAX_CLOSE = 100_000_000.0
MAX_VOLUME = 10**15

NUMERIC = ("close", "change_pct", "volume")
_NAN = re.compile(r"[+-]?nan", re.IGNORECASE)  # numpy's spelling of a missing float


def read_quotes(path: Path) -> tuple[Quote, ...]:
    """The CSV's rows as Quotes, in file order; InputError naming the row and column otherwise."""
    path = Path(path)
    cells = _cells(read_text_file(path, what="quotes CSV"), path)
    numbers = _numbers(cells)
    quotes: list[Quote] = []
    seen: set[str] = set()
    for line in cells.index:
        raw = {c: str(cells.at[line, c]) for c in COLUMNS}
        if not any(raw.values()):
            continue  # a blank line
        where = f"{path}, line {line}"
        symbol, name, kind = _text_cells(raw, where, seen)
        for column in NUMERIC:
            _check_number(float(numbers.at[line, column]), raw[column], where, cells.attrs[column])
        quotes.append(
            Quote(
                symbol=symbol,
                name=name,
                kind=kind,
                close=float(numbers.at[line, "close"]),
                change_pct=float(numbers.at[line, "change_pct"]),
                volume=round(float(numbers.at[line, "volume"])),
            )
        )
    return tuple(quotes)


def _text_cells(raw: dict[str, str], where: str, seen: set[str]) -> tuple[str, str, str]:
    """A row's symbol, clean name and lower-case kind, after checking no cell is empty and the
    symbol is new (added to `seen`)."""
    for column in COLUMNS:
        if not raw[column]:
            raise InputError(f"quotes CSV {where}: {column} is empty; fill it in")
    symbol, name, kind = raw["symbol"], raw["name"], raw["kind"].lower()
    if not _SYMBOL.fullmatch(symbol):
        raise InputError(f"quotes CSV {where}: symbol {symbol[:20]!r} must be 1-10 of A-Z . - ^")
    if symbol in seen:
        raise InputError(f"quotes CSV {where}: symbol {symbol} appears twice; keep one row")
    seen.add(symbol)
    clean_name = clean_text(name)
    if not clean_name:
        raise InputError(f"quotes CSV {where}: name {name[:20]!r} has no text; fill it in")
    if not _KIND.fullmatch(kind):
        raise InputError(
            f"quotes CSV {where}: kind {raw['kind'][:20]!r} must be a word such as index, stock"
        )
    return symbol, clean_name, kind


def _cells(text: str, path: Path) -> pd.DataFrame:
    """The data rows as stripped strings in the COLUMNS order, indexed by line number (the header
    is line 1; blank lines are kept, so the numbers hold). `attrs` maps each column to how a
    message names it: 'close (column D)', the letter as a spreadsheet shows it."""
    import pandas as pd  # heavy: imported only when a quotes file is given

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
    frame = frame.apply(lambda column: column.str.strip())
    frame.index = pd.RangeIndex(1, len(frame) + 1)
    header = [str(c).lower() for c in frame.iloc[0]] if len(frame) else []
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise InputError(
            f"quotes CSV {path} is missing column(s) {', '.join(missing)}; "
            f"the header must be {','.join(COLUMNS)}"
        )
    cells = frame.iloc[1:, [header.index(c) for c in COLUMNS]].set_axis(list(COLUMNS), axis=1)
    cells.attrs = {c: f"{c} (column {_letters(header.index(c))})" for c in COLUMNS}
    return cells


def _numbers(cells: pd.DataFrame) -> pd.DataFrame:
    """close, change_pct and volume as float64 columns, NaN where a cell is not a number.

    Thousands separators ("1,200") and a trailing % on the change are allowed. pandas decides
    what a number is (`to_numeric`: no "1_000", no full-width digits, unlike float()); the value
    of an accepted cell is the correctly rounded double of its decimal (`astype`), because
    to_numeric's own parser can be a unit in the last place off on a 17-digit cell and the
    episode's bytes must not depend on that.
    """
    import pandas as pd

    typed = {}
    for column in NUMERIC:
        text = cells[column].str.replace(",", "", regex=False)
        if column == "change_pct":
            text = text.str.removesuffix("%").str.strip()
        accepted = pd.to_numeric(text, errors="coerce").notna()
        typed[column] = text.where(accepted, "nan").astype("float64")
    return pd.DataFrame(typed, index=cells.index)


def _check_number(value: float, raw: str, where: str, cell: str) -> None:
    """InputError unless the parsed cell is a plausible close, change or volume."""
    column, letter = cell.split(" ", 1)  # "close", "(column D)"
    if math.isnan(value) and not _NAN.fullmatch(raw.removesuffix("%").strip()):
        raise InputError(
            f"quotes CSV {where}: {column} {raw[:30]!r} is not a number {letter}; fix that cell"
        )
    if not math.isfinite(value):
        raise InputError(
            f"quotes CSV {where}: {column} {raw[:30]!r} is not a finite number {letter}; "
            "fix that cell"
        )
    if column == "close" and not 0 < value <= MAX_CLOSE:
        raise InputError(
            f"quotes CSV {where}: {cell} {raw[:30]!r} must be a price above 0 and at most "
            f"{MAX_CLOSE:,.0f}; fix that cell"
        )
    if column == "change_pct" and abs(value) > MAX_CHANGE_PCT:
        raise InputError(
            f"quotes CSV {where}: {cell} {raw[:30]!r} is not a plausible day's change (at most "
            f"±{MAX_CHANGE_PCT:,.0f} %); fix that cell"
        )
    if column == "volume":
        if value < 0 or abs(value - round(value)) > 1e-6:  # "71234500.0" from a float export
            raise InputError(
                f"quotes CSV {where}: volume {raw[:30]!r} must be a whole number ≥ 0 {letter}; "
                "fix that cell"
            )
        if value > MAX_VOLUME:
            raise InputError(
                f"quotes CSV {where}: {cell} {raw[:30]!r} is more than {MAX_VOLUME:,} shares; "
                "fix that cell"
            )


def _letters(index: int) -> str:
    """0 -> 'A', 25 -> 'Z', 26 -> 'AA': a column as a spreadsheet names it."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters
