"""Does a document look like a market recap? Refuse READMEs, code, recipes and the like.

`podcast render README.md` would otherwise publish the project's README as an episode. The check
reads three signals from the ingested article (and, for Markdown and text, its source lines):

- **recap sections**: headings the planner knows (Key Takeaways, Market snapshot, Sectors, Movers,
  Outlook, Bottom line, ...; see `sections.classify_heading`). They count only in a document that
  uses at least one market word (below), so a meeting note's "Key takeaways" is not enough.
- **market figures**: a percentage, basis points, a price or amount ($81.40), index points or a
  signed move (+3.0) in a paragraph or item that names the market: a market word (stocks, shares,
  S&P 500, Dow, Nasdaq, Treasury, yields, Fed, earnings, investors, VIX, bitcoin, ...) or a
  ticker right before the figure ("SPY +0.21%"). A sports score or a recipe's "20%" has none.
- **code and paths**: lines inside code fences, shell prompts, statements, and lines where at
  least a quarter of the words are paths, file names, --options, identifiers or calls.

A document is refused, with the reason in one line, when
1. at least `MAX_CODE_SHARE` (40 %) of its (at least `MIN_LINES_FOR_SHARE`) lines are code or
   paths; or
2. it has no market figure and no recap section; or
3. it has no recap section and fewer than `MIN_FIGURES_PER_1000_WORDS` (3) market figures per
   1,000 words: a long text that mentions the S&P 500 once is about something else.
A real recap clears these by far (the samples: 6 to 11 recap sections, 11 to 46 figures, no
code); a two-paragraph recap with a few index moves passes on its figures alone. Only the first
`SAMPLE_CHARS` characters are read (of the blocks and of the source lines): enough to tell, and
bounded time on a 2 MB input. `--force` skips the check.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from podcast.errors import InputError
from podcast.models import Section

__all__ = [
    "MAX_CODE_SHARE",
    "MIN_FIGURES_PER_1000_WORDS",
    "SAMPLE_CHARS",
    "Evidence",
    "check_recap",
    "code_line_share",
    "gather",
    "market_figures",
]

MAX_CODE_SHARE = 0.40
MIN_LINES_FOR_SHARE = 5
MIN_FIGURES_PER_1000_WORDS = 3.0
SAMPLE_CHARS = 50_000
_LONG_TOKEN = 200  # a run this long without a space is a path, URL or blob, never prose
NOT_RECAP_KINDS = frozenset({"other", "disclaimer", "chrome"})

# -- market words and figures --------------------------------------------------------------------

_MARKET_WORDS = re.compile(
    r"\b(?:stocks?|equit(?:y|ies)|shares|shareholders?|S&P|Nasdaq|Russell\s+[12]000"
    r"|Treasur(?:y|ies)|yields?|bonds?|Federal\s+Reserve|rate\s+(?:cut|hike)s?|earnings"
    r"|ind(?:ex|exes|ices)|Wall\s+Street|investors?|traders?|sell-?offs?|futures|crude"
    r"|oil\s+prices?|gold\s+prices?|bitcoin|crypto\w*|the\s+dollar|volatility|sectors?"
    r"|(?:small|large|mid|mega)[\s-]?caps?|basis\s+points?|bps|inflation|payrolls|blue[\s-]chips?"
    r"|market\s+cap\w*|price\s+targets?|valuations?|benchmark|(?:stock|bond|equity)\s+markets?"
    r"|Stoxx|Nikkei|Hang\s+Seng|Sensex|Brent|barrels?|commodit(?:y|ies)|ticker"
    # Abbreviations and names that are other words in lower case ("dow", "fed", "eps"):
    r"|(?-i:Dow|Fed|FOMC|EPS|CPI|PCE|GDP|VIX|NYSE|ETFs?|DAX|FTSE|CAC|KOSPI|TSX|ASX|MSCI|WTI))\b",
    re.IGNORECASE,
)
# Bounded and anchored at a number's start, so a long run of digits costs linear time.
_NUM = r"(?<![\d,.])\d[\d,]{0,24}(?:\.\d{1,8})?"
_FIGURE = re.compile(
    rf"[+\-−–]?{_NUM}\s?(?:%|percent\b|pct\b|bps\b|bp\b|basis[\s-]points?\b)"
    rf"|[$€£]\s?{_NUM}"
    rf"|\b{_NUM}\s(?:points?|pts)\b"
    rf"|(?<![\w.])[+\-−]\d{{1,12}}(?:\.\d{{1,8}})?\b",
    re.IGNORECASE,
)
# "SPY +0.21%", "QQQ: -1.84%", "AAPL (-2.1%)": a ticker right before a signed figure.
_TICKER_MOVE = re.compile(r"\b[A-Z]{1,5}\b[:\s(]{1,3}[+\-−–]\d{1,6}(?:\.\d{1,8})?\s?%")
_WORD = re.compile(r"[A-Za-z0-9][\w'’&.-]*")

# -- code and paths ------------------------------------------------------------------------------

_FENCE = re.compile(r"\s{0,3}(?:```|~~~)")
_CODE_LINE = re.compile(
    r"\s*(?:\$\s|>>>\s|#!|#include\b|import\s+[\w.]+|from\s+[\w.]+\s+import\b|def\s+\w+\("
    r"|class\s+\w+[(:]|return\b|(?:if|for|while|elif|else|try|except)\b.*:$"
    r"|[{}\[\]();]+$|//|/\*|\*/|@\w+\(|(?:const|let|var|fn|func|pub)\s+\w+"
    r"|[\w.\[\]\"']+\s*(?:[-+*/|&]?=|:=)\s*\S)"
    r"|.*[;{]\s*$",
)
_EXTENSIONS = (
    "py|pyi|md|toml|json|txt|html?|csv|sh|bash|ya?ml|cfg|ini|lock|js|ts|tsx|css|mp3|wav|png"
    "|jpe?g|vtt|srt|xml|sqlite|db|j2|service|timer|rs|go|c|h|cpp|hpp|java|rb|env|log|conf|whl"
)
_CODE_TOKEN = re.compile(
    r"(?:~|\.{1,2})?/[\w.-]+.*"  # /etc/x, ~/.cache, ./run, ../x
    r"|[\w.-]+/[\w.-]*/.*|[\w.-]+/"  # a/b/c, folder/
    rf"|[\w.-]*\w\.(?:{_EXTENSIONS})(?::\d+)?"  # file.py, podcast.toml:12
    r"|--?[A-Za-z][\w-]*(?:=\S*)?"  # --force, -v, --out=DIR
    r"|[a-z][a-z0-9]*(?:_[a-z0-9]+)+"  # snake_case
    r"|[a-z]{2,}[A-Z][a-z]+\w*"  # camelCase
    r"|[A-Z][A-Z0-9]*_[A-Z0-9_]+(?:=\S*)?"  # ENV_VARS
    r"|\w+\(.*\)?"  # call()
    r"|\w+=\S*|.*(?:::|->|=>|==|&&|\|\||\{|\}).*"  # key=value, operators
    r"|.*`.*"  # `code`
    r"|(?:https?|ftp)://\S+",
)
_STRIP = "[]()<>,.;:!?\"'“”‘’*_|"
_TABLE_RULE = re.compile(r"\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*")
_CODE_TOKEN_SHARE = 0.25


_MAYBE_CODE = re.compile(r"[/.=(){}`:&|<>_-]|[a-z][A-Z]")  # a cheap filter before _CODE_TOKEN


def _is_code_token(token: str) -> bool:
    core = token.strip(_STRIP)
    if "`" in token or len(core) > _LONG_TOKEN:
        return True
    return bool(_MAYBE_CODE.search(core)) and _CODE_TOKEN.fullmatch(core) is not None


def _is_code_line(line: str) -> bool:
    if _CODE_LINE.match(line):
        return True
    tokens = [t for t in line.replace("|", " ").split() if t.strip(_STRIP)]
    if not tokens:
        return False
    code = sum(1 for t in tokens if _is_code_token(t))
    return code >= 1 and code / len(tokens) >= _CODE_TOKEN_SHARE


# "[label]: https://..." defines where a Markdown reference link points: a link, not content.
_LINK_DEFINITION = re.compile(r"\s{0,3}\[[^\[\]]{1,200}\]:\s*\S+.*")


def code_line_share(lines: Iterable[str]) -> tuple[int, int]:
    """(code or path lines, lines counted): blank lines, table rules and Markdown link reference
    definitions are not counted; every line inside a ``` or ~~~ fence is code."""
    code = total = 0
    fenced = False
    for line in lines:
        if _FENCE.match(line):
            fenced = not fenced
            code, total = code + 1, total + 1
            continue
        if not line.strip() or _TABLE_RULE.fullmatch(line):
            continue
        if not fenced and _LINK_DEFINITION.fullmatch(line):
            continue
        total += 1
        if fenced or _is_code_line(line.strip()):
            code += 1
    return code, total


def market_figures(text: str) -> int:
    """How many figures in one paragraph or item are about the market (see the module doc)."""
    moves = len(_TICKER_MOVE.findall(text))
    figures = len(_FIGURE.findall(text))
    if _MARKET_WORDS.search(text):
        return max(moves, figures)
    return moves


@dataclass(frozen=True)
class Evidence:
    """What the check saw: the numbers behind its verdict (also for tests and --verbose)."""

    recap_sections: int
    market_figures: int
    market_words: int
    words: int
    code_lines: int
    lines: int

    @property
    def code_share(self) -> float:
        return self.code_lines / self.lines if self.lines else 0.0

    def problem(self) -> str | None:
        """Why this is not a recap (one short clause), or None when it looks like one."""
        if self.lines >= MIN_LINES_FOR_SHARE and self.code_share >= MAX_CODE_SHARE:
            return f"{self.code_share:.0%} of lines are code or paths"
        if self.recap_sections:
            return None
        if not self.market_figures:
            return "no market figures and no recap sections"
        if self.market_figures * 1000 / max(self.words, 1) < MIN_FIGURES_PER_1000_WORDS:
            figures = "figure" if self.market_figures == 1 else "figures"
            return (
                f"only {self.market_figures} market {figures} in {self.words:,} words "
                "and no recap sections"
            )
        return None


def _sample(texts: Iterable[str], limit: int = SAMPLE_CHARS) -> list[str]:
    """The texts in order until `limit` characters are taken (the last one cut)."""
    out: list[str] = []
    for text in texts:
        if limit <= 0:
            break
        out.append(text[:limit])
        limit -= len(text) + 1
    return out


def _block_texts(sections: Sequence[Section]) -> Iterator[str]:
    for section in sections:
        for _, value in section.blocks:
            yield from [value] if isinstance(value, str) else value


def gather(title: str, sections: Sequence[Section], source_lines: Sequence[str] | None) -> Evidence:
    """The evidence for one document: its title, sections and (for Markdown and text) source
    lines; without source lines each paragraph and item counts as one line."""
    blocks = _sample([title, *_block_texts(sections)])
    headings = _sample(s.heading for s in sections if s.heading)
    everything = [*blocks, *headings]
    market_words = sum(len(_MARKET_WORDS.findall(text)) for text in everything)
    kinds = {s.kind for s in sections} - NOT_RECAP_KINDS
    code, lines = code_line_share(_sample(source_lines) if source_lines is not None else blocks)
    return Evidence(
        recap_sections=len(kinds) if market_words else 0,
        market_figures=sum(market_figures(text) for text in blocks),
        market_words=market_words,
        words=sum(len(_WORD.findall(text)) for text in everything),
        code_lines=code,
        lines=lines,
    )


def check_recap(
    name: str, title: str, sections: Sequence[Section], source_lines: Sequence[str] | None
) -> Evidence:
    """The evidence when the document looks like a market recap; InputError (exit 2) otherwise."""
    evidence = gather(title, sections, source_lines)
    problem = evidence.problem()
    if problem is not None:
        raise InputError(
            f"{name} does not look like a market recap ({problem}); pass the day's recap, "
            "or --force to render it anyway"
        )
    return evidence
