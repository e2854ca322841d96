"""The spoken script of every sample: speakable characters only, no page chrome, every figure said,
the target length met by dropping low-priority sections first, and roles by section."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest

from podcast.config import load_show
from podcast.ingest import read_recap
from podcast.models import Recap, Section
from podcast.script.length import Unit, figures, fit
from podcast.script.planner import estimate_duration_s, plan, spoken_list

ROOT = Path(__file__).resolve().parents[1]
ALLOWED = re.compile(r"[A-Za-z .,;:?!'’\-]*")
CHROME = [
    "Listen to this Recap",
    "Share this article",
    "Spread the word",
    "Loading audio",
    "Sources",
    "more sources",
    "enter this week's contest",
    "Alpha Coins",
    "Explore More Content",
]
# Each sample's figures as a listener must hear them.
FIGURES = {
    "recap-tech-led-rally.txt": [
        "the S and P five hundred up one point six five percent",
        "the Nasdaq one hundred up two point four nine percent",
        "the Russell two thousand down zero point two nine percent",
        "first quarter",
    ],
    "recap-2026-11-19.md": [
        "twelve basis points",
        "four point four seven percent",
        "down one point eight four percent",
        "eighty-one dollars and forty cents a barrel",
        "month over month",
        "year over year",
        "one point four times",
        "plus or minus seven percent",
        "two hundred eighteen thousand",
        "November twenty-fifth",
        "fiscal third quarter twenty twenty-seven",
        "three to one",
        "five thousand eight hundred twelve point three four",
        "twenty-five basis point cut",
        "one hundred forty-one dollars and twenty-two cents",
        "P C E",
    ],
    "recap-2026-11-17.json": [
        "D R Horton",
        "minus six point two versus plus three point zero expected",
        "one point three four million",
        "eight thirty in the morning, Eastern",
        "up two point one four percent",
        "nine basis points",
        "ten point nine trillion dollars",
        "four to one",
        "N Y S E",
        "two hundred twenty-six dollars and eighteen cents",
    ],
    "recap-2026-11-18.html": [
        "December sixteenth to seventeenth",
        "two in the afternoon, Eastern",
        "two thousand six hundred fifty-five dollars an ounce",
        "three dollars and eighty-four cents versus three dollars and seventy-one cents estimated",
        "thirty-one dollars and fifty cents to thirty-two dollars",
        "one percent to two percent",
        "ten point two billion",
        "a five billion dollar buyback",
        "F O M C",
        "E P S",
        "eighty-eight thousand five hundred dollars",
        "twenty twenty-seven",
    ],
}


@pytest.fixture(scope="module")
def show():
    return load_show()


def script_for(samples: Path, name: str, show):
    return plan(read_recap(samples / name, date=None), show)


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_sample_script_is_speakable_and_complete(samples: Path, show, name: str) -> None:
    script = script_for(samples, name, show)
    texts = [s.text for s in script.segments]
    for text in texts:
        assert ALLOWED.fullmatch(text), text
        assert not re.search(r"\d", text)
    joined = " ".join(texts)
    for phrase in CHROME:
        assert phrase.lower() not in joined.lower(), phrase
    for figure in FIGURES[name]:
        assert figure in joined, figure


def test_roles_by_section(samples: Path, show) -> None:
    script = script_for(samples, "recap-2026-11-19.md", show)
    segs = script.segments
    assert segs[0].section == "intro" and segs[0].role == "announcer"
    assert segs[-1].section == "outro" and segs[-1].role == "announcer"
    assert segs[-2].section == "disclaimer" and segs[-2].role == "announcer"
    body_roles = {}
    for seg in segs[1:-2]:
        body_roles.setdefault(seg.section, set()).add(seg.role)
    assert all(len(r) == 1 for r in body_roles.values())
    order = [next(iter(body_roles[s])) for s in body_roles]
    assert order[:4] == ["host", "analyst", "host", "analyst"]


def test_intro_names_show_weekday_date_and_host(samples: Path, show) -> None:
    intro = script_for(samples, "recap-2026-11-19.md", show).segments[0].text
    assert show.title in intro and show.host_name in intro
    assert "Thursday, November nineteenth, twenty twenty-six" in intro
    disclaimer = script_for(samples, "recap-2026-11-19.md", show).segments[-2].text
    assert disclaimer.count(".") == 1 and "not investment advice" in disclaimer


def test_full_recap_is_about_nine_minutes(samples: Path, show) -> None:
    script = script_for(samples, "recap-tech-led-rally.txt", show)
    assert 510 <= script.estimated_duration_s <= 600, script.estimated_duration_s
    dropped = [d.section for d in script.dropped]
    assert dropped and dropped[0] == "history"  # the lowest priority goes first
    assert all(d.reason for d in script.dropped)
    kept = {s.section for s in script.segments}
    assert {"key_takeaways", "snapshot", "bottom_line"} <= kept and not kept & set(dropped)


def test_estimate_uses_each_roles_words_per_minute(samples: Path, show) -> None:
    script = script_for(samples, "recap-2026-11-19.md", show)
    slow_voices = {
        name: dataclasses.replace(
            v,
            words_per_minute=v.words_per_minute / 2,
            letters_per_second=v.letters_per_second and v.letters_per_second / 2,
        )
        for name, v in show.voices.items()
    }
    slow = dataclasses.replace(show, voices=slow_voices)
    assert estimate_duration_s(script.segments, slow) > 1.6 * script.estimated_duration_s


def test_a_voice_with_a_letter_rate_counts_letters_not_words(show) -> None:
    """Figures said in words ("zero point eight four percent") are many short words: a voice's
    pace per letter is steady where its pace per word is not (15.65 and 15.57 letters a second
    for heart on the seed and the demo, 170 and 191 words a minute)."""
    heart = show.voices["heart"]
    assert heart.letters_per_second
    dense = "zero point eight four percent, one point two one percent"
    prose = "Consumer discretionary outperformed considerably throughout"
    assert heart.speech_units(dense) == sum(c.isalpha() for c in dense)
    assert heart.speech_seconds(dense) == pytest.approx(
        len(dense.replace(" ", "").replace(",", "")) / heart.letters_per_second
    )
    words_only = dataclasses.replace(heart, letters_per_second=None)
    # per word the dense line (9 words) would take longer than the prose (5 long words) by far
    assert words_only.speech_seconds(dense) > 1.7 * words_only.speech_seconds(prose)
    assert heart.speech_seconds(dense) < 1.1 * heart.speech_seconds(prose)


def test_short_target_drops_sections_then_repeats(samples: Path, show) -> None:
    recap = read_recap(samples / "recap-2026-11-19.md")
    tight = dataclasses.replace(show, target_duration_s=150.0, duration_tolerance_s=15.0)
    script = plan(recap, tight)
    assert script.estimated_duration_s <= 165.0
    reasons = [d.reason for d in script.dropped]
    assert any("lowest priority" in r for r in reasons)
    full = plan(recap, show)
    assert len(script.segments) < len(full.segments)
    # Sentences are never cut: every kept segment ends like a sentence.
    assert all(s.text.rstrip()[-1] in ".?!" for s in script.segments)


def test_fit_drops_repeated_figures_after_sections() -> None:
    units = [
        Unit("intro", "Hello there.", 0),
        Unit("key_takeaways", "SPY +1.65% and QQQ +2.49%.", 0),
        Unit("snapshot", "The S&P 500 rose 1.65%. Breadth was narrow today across the board.", 0),
        Unit("outro", "Bye.", 0),
    ]

    def words(us: list[Unit]) -> float:
        return float(sum(len(u.written.split()) for u in us))

    _, dropped = fit(units, estimate=words, lower_s=0, upper_s=19, priorities={"snapshot": 9})
    # Dropping the only droppable section would leave too little, so the repeat goes instead.
    kept2, dropped2 = fit(units, estimate=words, lower_s=18, upper_s=19, priorities={})
    assert [d.reason for d in dropped2] == ["repeats figures from the key takeaways"]
    snapshot = next(u for u in kept2 if u.section == "snapshot")
    assert snapshot.written == "Breadth was narrow today across the board."
    assert dropped and dropped[0].section == "snapshot"
    assert figures("up +1.65% or 1.65%") == {"1.65%"}
    assert figures("the S&P 500 and the Russell 2000 over 30-day highs") == set()


def test_spoken_list_words() -> None:
    assert spoken_list(["a", "b", "c"]) == ["First, a.", "Second, b.", "And finally, c."]
    assert spoken_list(["only one"]) == ["only one."]


def test_unknown_headings_are_kept_in_order(show) -> None:
    recap = Recap(
        date=dt.date(2026, 11, 20),
        title="A Day",
        slug="a-day",
        sections=(
            Section("Key Takeaways", "key_takeaways", (("ul", ("Stocks rose 1%.",)),)),
            Section("Earnings Watch", "other", (("p", "Three firms report tomorrow."),)),
            Section("Bottom line", "bottom_line", (("p", "Calm."),)),
        ),
        source_path=ROOT / "x.md",
        source_format="markdown",
    )
    sections = [s.section for s in plan(recap, show).segments]
    assert sections.index("key_takeaways") < sections.index("other") < sections.index("bottom_line")
    assert any("Earnings Watch" in s.text for s in plan(recap, show).segments)


def test_the_demo_is_a_full_day_with_every_section_kind(show) -> None:
    """`make demo` renders examples/recap-2026-11-24.md: every section kind the planner knows,
    nothing dropped, planned at 8:30-10:00 (rendered with the real voices: 9:00)."""
    from podcast.ingest.sections import KINDS

    recap = read_recap(Path(__file__).resolve().parents[1] / "examples" / "recap-2026-11-24.md")
    script = plan(recap, show)
    assert script.dropped == ()
    kinds = {s.section for s in script.segments} - {"intro", "outro"}
    assert kinds == set(KINDS) - {"other"}, set(KINDS) - kinds
    assert 510 <= script.estimated_duration_s <= 600, script.estimated_duration_s
