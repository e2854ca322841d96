"""The pronunciation lexicon (voices/lexicon.toml): written form -> spoken form, loaded once."""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "voices" / "lexicon.toml"
_TABLES = ("indexes", "names", "words", "tickers", "word_tickers", "acronyms")


@dataclass(frozen=True)
class Lexicon:
    """Tables of written form -> spoken form; ``phrases`` matches indexes, names and words in
    one pass. ``words`` holds each entry as written, capitalised and in title case."""

    indexes: dict[str, str]
    names: dict[str, str]
    words: dict[str, str]
    tickers: dict[str, str]
    word_tickers: dict[str, str]
    acronyms: dict[str, str]
    shouted: frozenset[str]
    phrases: re.Pattern[str]

    def phrase(self, written: str) -> str:
        """The spoken form of an index, name or word matched by ``phrases``."""
        return (
            self.indexes.get(written) or self.names.get(written) or self.words.get(written, written)
        )


def _table(data: dict[str, object], name: str) -> dict[str, str]:
    raw = data.get(name, {})
    if not isinstance(raw, dict):
        raise ValueError(f"lexicon: [{name}] must be a table")
    return {str(k): str(v) for k, v in raw.items()}


def _phrase_pattern(keys: list[str]) -> re.Pattern[str]:
    if not keys:
        return re.compile(r"(?!x)x")
    alternation = "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))
    return re.compile(rf"(?<![\w&])(?:{alternation})(?![\w&])")


@functools.cache
def load_lexicon(path: Path | None = None) -> Lexicon:
    """Read the lexicon TOML (default voices/lexicon.toml); cached per path."""
    data = tomllib.loads((path or DEFAULT_PATH).read_text(encoding="utf-8"))
    tables = {name: _table(data, name) for name in _TABLES}
    shouted_raw = data.get("shouted", {})
    shouted = shouted_raw.get("words", []) if isinstance(shouted_raw, dict) else []
    words = {}
    for written, said in tables["words"].items():  # "small caps", "Small caps", "Small Caps"
        capital = said[:1].upper() + said[1:]
        words.update({written: said, written.capitalize(): capital, written.title(): capital})
    phrases = _phrase_pattern([*tables["indexes"], *tables["names"], *words])
    return Lexicon(
        indexes=tables["indexes"],
        names=tables["names"],
        words=words,
        tickers=tables["tickers"],
        word_tickers=tables["word_tickers"],
        acronyms=tables["acronyms"],
        shouted=frozenset(str(w) for w in shouted),
        phrases=phrases,
    )
