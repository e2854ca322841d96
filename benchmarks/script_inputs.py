"""Generated hostile recaps for the script-building benchmark and tests (nothing big is committed).

Each generator returns the file's text; every one passes the ingest limits (2 MB, paragraphs of
at most 20,000 characters, no run of over 1,000 characters without a space) so that it reaches
the script builder, which is what these inputs stress.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

KB = 1024
PARAGRAPH_CHARS = 19_000  # under ingest.limits.MAX_PARAGRAPH_CHARS (20,000)

_PROSE = (
    "Stocks rose on Tuesday as investors weighed a softer inflation reading against firm "
    "guidance from the central bank, and the S&P 500 added 0.8% to 6,120.45 while the Nasdaq "
    "gained 1.2%. Treasury yields eased, with the 10-year note at 4.12%, down 6 bps on the day. "
    "Energy lagged after crude slipped 2.1% to $71.30 a barrel, and utilities trailed as well. "
    "Breadth was positive, with advancers outnumbering decliners by about two to one on the NYSE. "
)


_WORDS = ("Stocks", "Bonds", "Oil", "Gold", "Banks", "Chips", "Retail", "Energy", "Housing")


def _paragraphs(unit: str, size: int, per_paragraph: int = PARAGRAPH_CHARS) -> list[str]:
    """Paragraphs made of `unit` repeated, about `size` characters in all, each under the limit."""
    count = max(1, -(-size // (per_paragraph - 20)))
    each = size // count
    text = (unit * (each // len(unit) + 1))[:each].rsplit(" ", 1)[0].strip()
    # Each paragraph differs (the planner caches what it has spoken).
    return [f"{_WORDS[i % len(_WORDS)]} {i} {text}" for i in range(count)]


def _text_recap(title: str, paragraphs: list[str]) -> str:
    """A plain-text recap: a headline with a date, then the paragraphs, blank lines between."""
    return f"{title}\nNovember 24, 2026\n\n" + "\n\n".join(paragraphs) + "\n"


def brackets(size: int = 200 * KB) -> str:
    """Paragraphs of `[ ` repeated (the unclosed Markdown link that made `_MD_LINKS` quadratic)."""
    return _text_recap("Markets drift in a quiet session", _paragraphs("[ ", size))


def _front_matter(title: str) -> list[str]:
    """The lines of a Markdown recap's front matter (title as written, the benchmark's date),
    then a blank line."""
    return ["---", f"title: {title}", "date: 2026-11-24", "---", ""]


def brackets_markdown(size: int = 200 * KB) -> str:
    """The same `[ ` paragraphs as a Markdown recap (the Markdown parser reads them first)."""
    head = "\n".join(_front_matter("Markets drift in a quiet session"))
    return head + "\n" + "\n\n".join(_paragraphs("[ ", size)) + "\n"


def hyphens(size: int = 200 * KB) -> str:
    """Paragraphs of `a-a-a-…` tokens just under the 1,000-character word limit."""
    token = "-".join(["a"] * 499)  # 997 characters
    return _text_recap("Markets drift in a quiet session", _paragraphs(token + " ", size))


def slashes(size: int = 200 * KB) -> str:
    """Paragraphs of `a/a/a/…` tokens (the slashed-words pattern backtracked on these)."""
    token = "/".join(["ab"] * 330) + "x"
    return _text_recap("Markets drift in a quiet session", _paragraphs(token + " ", size))


def prose(size: int = 2 * KB * KB - 24 * KB) -> str:
    """Ordinary market prose up to the 2 MB input limit, in ordinary-sized paragraphs. The
    decimals of each sentence count up together (same length, so the same size), so sentences
    with figures seldom repeat, as in a real recap: the chrome filter caches what it has
    weighed, and a text repeating one paragraph would measure the cache, not the work."""
    counter = itertools.count(1)

    def vary(sentence: str) -> str:
        found = list(_DECIMAL.finditer(sentence))
        digits = sum(len(m.group(1)) + len(m.group(2)) for m in found)
        if not digits:
            return sentence
        field = f"{next(counter) % 10**digits:0{digits}d}"
        out, at, used = [], 0, 0
        for m in found:
            whole, frac = len(m.group(1)), len(m.group(2))
            out.append(sentence[at : m.start()])
            out.append(f"{field[used : used + whole]}.{field[used + whole : used + whole + frac]}")
            used, at = used + whole + frac, m.end()
        return "".join(out) + sentence[at:]

    paragraphs = [
        " ".join(vary(sentence) for sentence in _SENTENCE.split(paragraph))
        for paragraph in _paragraphs(_PROSE, size, per_paragraph=2_000)
    ]
    return _text_recap("Stocks climb as inflation cools", paragraphs)


_DECIMAL = re.compile(r"(\d+)\.(\d+)")
_SENTENCE = re.compile(r"(?<=\.) (?=[A-Z])")


def takeaways_recap(items: int = 1_200) -> str:
    """The issue's reproduction (~94 KB): front matter, a Key Takeaways list of `items` one-line
    bullets with figures, and a bottom line."""
    lines = [
        *_front_matter('"Stocks edge higher as traders sift a flood of data"'),
        "## Key Takeaways",
        "",
    ]
    tickers = itertools.cycle(["AAPL", "MSFT", "NVDA", "AMZN", "XOM", "JPM", "TSLA", "META"])
    for i in range(items):
        pct = (i * 37 % 900) / 100
        price = 50 + (i * 13 % 400) + (i % 100) / 100
        lines.append(
            f"- {next(tickers)} moved {pct:.2f}% to ${price:,.2f} on volume of "
            f"{1 + i % 40}.{i % 10} million shares late, item {i + 1}."
        )
    lines += [
        "",
        "## Bottom Line",
        "",
        "Gains were broad but thin, and tomorrow's payrolls report decides the next move.",
        "",
    ]
    return "\n".join(lines)


def long_bottom_line(paragraphs: int = 60) -> str:
    """A recap still over the length limit after trimming: a short takeaways list and a bottom
    line (protected) of many ordinary paragraphs, within every ingest limit (~150 KB)."""
    body = [
        *_front_matter('"Stocks edge higher as traders sift a flood of data"'),
        "## Key Takeaways",
        "",
        "- The S&P 500 rose 0.8% to 6,120.45.",
        "- The 10-year yield fell 6 bps to 4.12%.",
        "",
        "## Bottom Line",
        "",
    ]
    body += [_PROSE * 5 + "\n" for _ in range(paragraphs)]
    return "\n".join(body)


def write(folder: Path, name: str, text: str) -> Path:
    """Write a generated recap into `folder` and return its path."""
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# name -> (file name, generator): the inputs the benchmark times.
PATHOLOGICAL_200K = {
    "brackets-200k": ("brackets-200k.txt", brackets),
    "hyphens-200k": ("hyphens-200k.txt", hyphens),
    "slashes-200k": ("slashes-200k.txt", slashes),
}
