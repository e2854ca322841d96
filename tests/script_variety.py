"""Generated text for the "script output unchanged" test: phrases and whole recaps that mix what
the normaliser reads (figures, money, tickers, dates, times, abbreviations, links, slashes,
markup, odd characters). Seeded, so the same text comes back on every run; the outputs the
script builder gave before the speed-up are saved in tests/data/variety/ (see `save`)."""

from __future__ import annotations

import json
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "tests" / "data" / "variety"

_WORDS = (
    "stocks", "rose", "fell", "Treasury", "yields", "the", "Fed", "held", "rates", "and",
    "investors", "weighed", "guidance", "on", "Tuesday", "banks", "led", "Energy", "lagged",
    "while", "a", "an", "its", "than", "at", "to", "from", "was", "about", "versus", "up", "down",
    "CAT", "AAPL", "NVDA", "F", "T", "GE", "CPI", "PCE", "GDP", "FOMC", "ETF", "AI", "IPO", "NYSE",
    "S&P 500", "Nasdaq", "Dow", "Russell 2000", "VIX", "WTI", "Brent", "BUY", "SELL", "HOLD",
    "Nov.", "Dec", "March", "Q3", "1H", "H2", "FY2027", "FY", "CY25", "noon", "midnight", "ET",
)  # fmt: skip
_FIGURES = (
    "0.8%", "+1.65%", "-2.1%", "±0.5%", "6,120.45", "$71.30", "$5 billion", "€2.5bn", "£3",
    "¥150", "US$4.2M", "C$1.35", "HK$20", "$1.2T", "10-year", "4.12%", "6 bps", "25bp",
    "1.5 pp", "2x", "3.5x", "12k", "$80/bbl", "$2,650/oz", "1990s", "'80s", "2020s", "2026",
    "1999", "3-5%", "2–3", "$10-$12", "19th", "1st", "2nd", "3rd", "3:1", "1/2", "3/4",
    "11/25", "5+", "50+ Years", "1,000+", "Nov. 25, 2026", "2026-11-24", "11/24/2026",
    "9:30 a.m. ET", "4 p.m.", "16:00", "10:15 (ET)", "Q3 FY2027", "Q4 '26", "3Q25", "2H 2026",
    "#1", "No. 3", "~4%", "≈ 5", "< 15", "> $100", "<= 2%", ">= 3", "007", "1234567890123456789",
    ".5%", "0.0", "4.50", "3D", "+/- 2%", "+-3", "1e5", "٣", "½",
)  # fmt: skip
_SHORTHAND = (
    "vs.", "vs", "v.", "e.g.", "i.e.", "est.", "approx.", "etc.", "avg", "m/m", "y/y", "MoM",
    "YoY", "q/q", "w/w", "b/d", "bpd", "w/o", "w/ ", "n/a", "and/or", "U.S.", "U.K.", "E.U.",
    "A/B", "ab/cd/ef", "AT&T", "Q&A", "bps", "bbl", "pct", "x / y",
)  # fmt: skip
_MARKUP = (
    "[the Fed](https://fed.gov/x)", "![chart](a.png)", "[ [ ", "<b>bold</b>", "<script>x</script>",
    "&amp;", "&lt;time&gt;", "&foo;", "]]>", "<![CDATA[x]]>", "https://example.com/a?b=c",
    "www.cnbc.com", "ir@example.com", "Stock.ai", "**strong**", "`code`", "_em_", "->", "=>",
    "...", "…", " -- ", " — ", "(NYSE: GE)", "(AAPL, MSFT)", "$TSLA", "“quoted”", "‘single’",
    "Apple’s", "’90s", "naïve", "Straße", "🚀", "\u200b", "•", "|", "{x}", "~", "@", "=",
)  # fmt: skip
_ENDS = (".", ".", ".", "!", "?", ";", ",", ":", "")


def phrase(rng: random.Random) -> str:
    """One sentence-like string of 3 to 14 pieces drawn from all the tables."""
    tables = (_WORDS, _WORDS, _WORDS, _FIGURES, _FIGURES, _SHORTHAND, _MARKUP)
    pieces = [rng.choice(rng.choice(tables)) for _ in range(rng.randint(3, 14))]
    glue = rng.choice((" ", " ", " ", "", "-", "/", ", ", "\n"))
    text = " ".join(pieces[:-2]) + (glue + glue.join(pieces[-2:]) if len(pieces) > 2 else "")
    return text + rng.choice(_ENDS)


def phrases(count: int = 1500, seed: int = 11) -> list[str]:
    rng = random.Random(seed)
    return [phrase(rng) for _ in range(count)]


def recap(seed: int) -> str:
    """A Markdown recap with front matter, takeaways, sections of paragraphs built of phrases."""
    rng = random.Random(seed)
    lines = ["---", f'title: "Stocks {rng.choice(_WORDS)} as {rng.choice(_FIGURES)} move"']
    lines += ["date: 2026-11-24", "---", "", "## Key Takeaways", ""]
    lines += [f"- {phrase(rng)}" for _ in range(rng.randint(2, 7))]
    for heading in rng.sample(
        ["Market Overview", "Rates", "Commodities", "Earnings", "What to Watch", "Sectors"], 3
    ):
        lines += ["", f"## {heading}", ""]
        for _ in range(rng.randint(1, 4)):
            lines.append(" ".join(phrase(rng) for _ in range(rng.randint(1, 6))))
            lines.append("")
    lines += ["## Bottom Line", "", phrase(rng), ""]
    return "\n".join(lines)


RECAP_SEEDS = tuple(range(1, 13))


def script_json(path: Path) -> str:
    """`podcast script --json --force` for a file, in process; dated 2026-11-24 when the file
    names no full date of its own (a weekday alone is dated by the file's mtime)."""
    import datetime as dt

    from podcast import pipeline
    from podcast.config import load_show
    from podcast.errors import InputError

    try:
        recap, script = pipeline.build_script(path, load_show(), force=True)
    except InputError:  # a recap that names no date of its own
        recap = None
    if recap is None or recap.date_source == "text-weekday":  # dated by the file's mtime
        day = dt.date(2026, 11, 24)
        _, script = pipeline.build_script(path, load_show(), date=day, force=True)
    return json.dumps(script.to_dict(), ensure_ascii=False)


def save() -> None:  # pragma: no cover - run once, by hand, on the reference commit
    """Write the reference outputs: `PYTHONPATH=$PWD .venv/bin/python -m tests.script_variety`."""
    import tempfile

    from podcast.script.normalize import speak

    REFERENCE.mkdir(parents=True, exist_ok=True)
    said = {text: speak(text) for text in phrases()}
    (REFERENCE / "speak.json").write_text(json.dumps(said, ensure_ascii=False, indent=0) + "\n")
    scripts: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for seed in RECAP_SEEDS:
            path = Path(tmp) / f"variety-{seed}.md"
            path.write_text(recap(seed), encoding="utf-8")
            scripts[path.name] = script_json(path)
    for path in sorted((ROOT / "tests" / "data" / "recaps").iterdir()):
        scripts[path.name] = script_json(path)
    text = json.dumps(scripts, ensure_ascii=False, indent=0)
    (REFERENCE / "scripts.json").write_text(text + "\n")


if __name__ == "__main__":
    save()
