"""The round-trip benchmark's pure parts (`benchmarks/heard.py`, `benchmarks/wer.py`): the WER
normaliser reads a transcript's figures the way the script says them, and the tally of words heard
worst charges every error to the spoken word it belongs to. Whisper itself is replaced by a fixed
transcript here; `make bench-heard` runs the real one."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from benchmarks import heard, voices
from benchmarks.wer import normalize, wer
from podcast.models import Segment
from podcast.tts.base import Speech


@pytest.mark.parametrize(
    ("transcript", "script"),
    [
        ("closed at $81.40 a barrel", "closed at eighty-one dollars and forty cents a barrel"),
        (
            "EPS of $3.84 versus $3.71",
            "E P S of three dollars and eighty-four cents versus "
            "three dollars and seventy-one cents",
        ),
        ("a $0.45 dividend", "a forty-five cents dividend"),
        ("$2.5 billion in buybacks", "two point five billion dollars in buybacks"),
        ("$141 a share", "one hundred forty-one dollars a share"),
        ("at 8:30 a.m. Eastern", "at eight thirty a.m. Eastern"),
        ("at 8.30 in the morning, Eastern", "at eight thirty in the morning, Eastern"),
        ("the 2:00 p.m. decision", "the two p.m. decision"),
        ("at 10:05 am", "at ten oh five a.m."),
    ],
)
def test_a_transcript_figure_reads_as_the_script_says_it(transcript: str, script: str) -> None:
    assert normalize(transcript) == normalize(script)
    assert wer(script, transcript) == 0.0


def test_a_decimal_is_not_a_clock_time() -> None:
    assert normalize("rose 8.30 percent") == ["rose", "eight", "point", "three", "percent"]
    assert normalize("yields at 4.35%") == [
        "yields",
        "at",
        "four",
        "point",
        "three",
        "five",
        "percent",
    ]


def test_the_tally_charges_each_error_to_its_spoken_word(monkeypatch) -> None:
    segments = [
        Segment("00-a-00", "snapshot", "host", "Crowded A I trades cracked.", 100),
        Segment("00-a-01", "snapshot", "analyst", "Small caps lagged and AI rallied.", 0),
    ]
    speeches = [Speech(np.zeros(2400, dtype=np.float32), 24000) for _ in segments]
    monkeypatch.setattr(voices, "transcribe", lambda audio: "Crowded eye trades cracked. "
                        "Small cats lagged in AI rallied today.")  # fmt: skip
    tally: dict[str, heard.WordTally] = {}
    score = heard.round_trip("one.md", segments, speeches, tally)
    assert (score.words, score.errors) == (10, 4)
    assert score.wer == pytest.approx(0.4)
    assert tally["ai"].said == 2 and tally["ai"].errors == 1 and tally["ai"].heard["eye"] == 1
    assert tally["caps"].heard["cats"] == 1 and tally["and"].heard["in"] == 1
    assert tally["rallied"].errors == 1  # the inserted "today" is charged to the word before it
    assert tally["trades"].errors == 0 and tally["trades"].recaps == {"one.md"}
    worst = heard.worst_words(tally, top=10)
    assert [t.word for t in worst] == ["and", "caps", "rallied"]  # "ai" was heard once of twice
    lines = heard.table([score], worst)
    assert "| **all** | | 10 | 4 | **0.400** |" in lines
    assert "| caps | 1 | 1 | cats ×1 | one.md |" in lines
    assert "| rallied | 1 | 1 | rallied +today ×1 | one.md |" in lines


def test_the_default_recaps_are_every_sample_and_demo() -> None:
    found = heard.recaps([])
    names = {p.name for p in found}
    assert "recap-tech-led-rally.txt" in names and "recap-2026-11-24.md" in names
    assert not any(p.suffix == ".csv" or p.name.lower() == "readme.md" for p in found)
    assert heard.recaps([Path("x.md")]) == [Path("x.md")]


def test_a_transcript_that_spells_a_respelled_name_properly_heard_it() -> None:
    respelled = heard.respellings()
    assert respelled["chevron"] == "shevron" and respelled["reits"] == "reets"
    assert "ma" not in respelled  # a ticker that is also a syllable is never rewritten
    segments = [Segment("00-a-00", "movers", "analyst", "Shevron fell; certain reets rallied.", 0)]
    from benchmarks.diffs import score_segments

    heard_as = "Chevron fell. Certain REITs rallied."
    alignment, _ = score_segments([s.id for s in segments], [s.text for s in segments], heard_as,
                                  respelled)  # fmt: skip
    assert alignment.errors == 0
    assert normalize("its lowest close") == normalize("it's lowest close")


def test_the_report_replaces_its_own_section_only(tmp_path: Path) -> None:
    md = tmp_path / "BENCHMARKS.md"
    md.write_text(
        "# Benchmarks\n\n## Script building and early refusal\n\nkept\n\n## Scale\n\nkept too\n"
    )
    heard.write_report(["| first |"], "2026-12-03T10:00", "one", md)
    heard.write_report(["| second |"], "2026-12-03T11:00", "two", md)
    text = md.read_text()
    assert text.count(heard.SECTION_TITLE) == 1 and "| second |" in text and "| first |" not in text
    assert text.count("kept") == 2 and "## Script building and early refusal" in text
