"""A long episode for the fake voice: a recap whose script runs about N minutes and a test show
with the QA limit raised to fit it (the memory test and the episode benchmark both use it)."""

from __future__ import annotations

import random
from pathlib import Path

from podcast.config import PROJECT_ROOT


def long_recap(minutes: float, seed: int = 1) -> str:
    """A recap with the usual sections whose script runs about `minutes` long."""
    rng = random.Random(seed)
    sections = ["Key Takeaways", "Market Snapshot", "Why the Market Moved", "Sectors",
                "Notable Movers", "Macro", "What to Watch", "Bottom Line"]  # fmt: skip
    per = int(minutes * 165) // len(sections)
    lines = ["---", "title: Stocks Drift in a Long Session", "date: 2026-11-24", "---", ""]
    for heading in sections:
        lines.append(f"## {heading}\n")
        words = i = 0
        while words < per:
            i += 1
            text = (
                f"The S&P 500 rose {rng.randint(1, 99) / 100:.2f}% as traders weighed earnings "
                f"from company number {i} and bond yields near {rng.randint(380, 460) / 100:.2f}% "
                "while volumes stayed light across the board."
            )
            lines.append(f"- {text}" if heading == "Key Takeaways" else text + "\n")
            words += len(text.split())
        lines.append("")
    return "\n".join(lines)


def long_show(folder: Path, minutes: float) -> Path:
    """tests/data/fake-show.toml with `max_minutes` raised and the script's target set."""
    path = folder / "long-show.toml"
    fake = (PROJECT_ROOT / "tests" / "data" / "fake-show.toml").read_text()
    fake = fake.replace('voices_dir = "../../voices"', f'voices_dir = "{PROJECT_ROOT / "voices"}"')
    fake = fake.replace("min_minutes = 0.25", f"min_minutes = 0.25\nmax_minutes = {minutes + 10}")
    path.write_text(fake + f"\n[script]\ntarget_minutes = {minutes}\ntolerance_minutes = 3.0\n")
    return path
