"""The quotes CSV's numeric columns are parsed by pandas into typed values: exactly the decimal the
file writes, and a cell pandas cannot read as a number is a one-line InputError naming its line,
its column and the column's letter."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest

from podcast.errors import EXIT_INPUT, InputError
from podcast.ingest import read_quotes

HEADER = "symbol,name,kind,close,change_pct,volume\n"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def refused(path: Path) -> str:
    with pytest.raises(InputError) as info:
        read_quotes(path)
    message = str(info.value)
    assert info.value.exit_code == EXIT_INPUT and "\n" not in message
    return message


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("SPY,S&P,index,twelve,1,5", "line 3: close 'twelve' is not a number (column D)"),
        ("SPY,S&P,index,1.2.3,1,5", "line 3: close '1.2.3' is not a number (column D)"),
        ("SPY,S&P,index,1,up,5", "line 3: change_pct 'up' is not a number (column E)"),
        ("SPY,S&P,index,1,1%%,5", "line 3: change_pct '1%%' is not a number (column E)"),
        ("SPY,S&P,index,1,1,5k", "line 3: volume '5k' is not a number (column F)"),
        ("SPY,S&P,index,1,1,N/A", "line 3: volume 'N/A' is not a number (column F)"),
        ("SPY,S&P,index,NaN,1,5", "line 3: close 'NaN' is not a finite number (column D)"),
        ("SPY,S&P,index,1,-nan%,5", "line 3: change_pct '-nan%' is not a finite number (column E)"),
        ("SPY,S&P,index,1,1,1e309", "line 3: volume '1e309' is not a finite number (column F)"),
        ("SPY,S&P,index,1,1,2.5", "line 3: volume '2.5' must be a whole number ≥ 0 (column F)"),
    ],
)
def test_a_bad_number_names_its_line_and_column(tmp_path: Path, row: str, expected: str) -> None:
    path = write(tmp_path / "day.quotes.csv", HEADER + "QQQ,Nasdaq,index,1,1,5\n" + row + "\n")
    message = refused(path)
    assert message.startswith(f"quotes CSV {path}, ") and expected in message
    assert message.endswith("; fix that cell")


def test_the_letter_follows_the_header_order(tmp_path: Path) -> None:
    header = "volume,close,symbol,name,kind,change_pct\n"
    path = write(tmp_path / "q.csv", header + "5,1,SPY,S&P,index,1\n7,x,QQQ,Nasdaq,index,1\n")
    assert "line 3: close 'x' is not a number (column B)" in refused(path)


def test_the_first_bad_row_in_file_order_is_reported(tmp_path: Path) -> None:
    rows = "SPY,S&P,index,1,1,bad\nQQQ,Nasdaq,index,bad,1,5\n"
    assert "line 2: volume 'bad'" in refused(write(tmp_path / "q.csv", HEADER + rows))


def test_python_only_spellings_are_not_numbers(tmp_path: Path) -> None:
    """float() reads '1_000' and full-width digits; a spreadsheet never writes them, pandas
    refuses them, and so do we."""
    for cell in ("1_000", "１２", "−3"):  # underscore, full-width digits, a Unicode minus
        path = write(tmp_path / "q.csv", HEADER + f"SPY,S&P,index,{cell},1,5\n")
        assert f"close '{cell}' is not a number (column D)" in refused(path)


def test_columns_are_typed(tmp_path: Path) -> None:
    rows = (
        'SPY,S&P,index,"1,234.50",+3.5 %,"71,234,500"\n'
        "QQQ,Nasdaq,Index,2E2,-.25,1.5e3\n"
        "IWM,Russell,index, 7 ,0,0\n"
    )
    quotes = read_quotes(write(tmp_path / "q.csv", HEADER + rows))
    assert [(q.close, q.change_pct, q.volume, q.kind) for q in quotes] == [
        (1234.5, 3.5, 71234500, "index"),
        (200.0, -0.25, 1500, "index"),
        (7.0, 0.0, 0, "index"),
    ]
    for q in quotes:
        assert type(q.close) is float and type(q.change_pct) is float  # not numpy scalars
        assert type(q.volume) is int and type(q.symbol) is str and type(q.name) is str


def _decimal(rng: random.Random, int_digits: int) -> str:
    whole = str(rng.randint(1, 10**int_digits - 1))
    frac = "".join(rng.choice("0123456789") for _ in range(rng.randint(0, 17 - len(whole))))
    return f"{whole}.{frac}" if frac else whole


def _symbol(i: int) -> str:
    return "".join(chr(ord("A") + int(d)) for d in f"{i:04d}")


def test_numbers_are_exactly_the_decimals_written(tmp_path: Path) -> None:
    """Each value is the correctly rounded double of the cell, as float() gives (pandas'
    to_numeric alone is one unit in the last place off on some of these, '+973.8031287613611'
    among them): the same figures reach the script and the artwork, so the episode's bytes do
    not depend on the parser."""
    rng = random.Random(12)
    cells = [(_decimal(rng, 8), rng.choice(["+", "-", ""]) + _decimal(rng, 3)) for _ in range(2000)]
    cells.append(("1", "+973.8031287613611"))
    rows = "".join(f"{_symbol(i)},Name,stock,{c},{p},1\n" for i, (c, p) in enumerate(cells))
    quotes = read_quotes(write(tmp_path / "q.csv", HEADER + rows))
    assert [(q.close, q.change_pct) for q in quotes] == [(float(c), float(p)) for c, p in cells]


def test_the_sample_reads_as_the_standard_library_reads_it(samples: Path) -> None:
    """Cross-check against csv + float(): the sample's quotes are the same values."""
    path = samples / "recap-2026-11-19.quotes.csv"
    with path.open(encoding="utf-8", newline="") as f:
        expected = [
            (r["symbol"], r["kind"], float(r["close"]), float(r["change_pct"]), int(r["volume"]))
            for r in csv.DictReader(f)
        ]
    got = [(q.symbol, q.kind, q.close, q.change_pct, q.volume) for q in read_quotes(path)]
    assert got == expected and len(got) == 14
