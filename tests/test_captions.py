"""Captions read as written (issue 15 point 1): the VTT and SRT cues and the script's `display`
show the recap's own writing ("the S&P 500 up 1.65%", "REITs", "AI", "2026"), timed by the spoken
audio. Planned from every sample and the demo, timed with synthetic spans (no audio needed); the
published files of real renders are checked in test_publish_samples."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from podcast.assets.transcript import (
    CONTEXT_CHARS,
    chapter_context,
    chapters_for,
    cues_for,
    speaker_names,
    to_srt,
    to_vtt,
)
from podcast.config import load_show
from podcast.models import Recap, RenderedSegment, Segment
from podcast.script.length import figures
from podcast.script.lexicon import load_lexicon
from podcast.scripting import build_script
from podcast.util.sentences import split_sentences, split_written

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT.parent / "shared" / "samples"
RECAPS = [
    SAMPLES / "recap-tech-led-rally.txt",
    SAMPLES / "recap-2026-11-17.json",
    SAMPLES / "recap-2026-11-18.html",
    SAMPLES / "recap-2026-11-19.md",
    ROOT / "examples" / "recap-2026-11-24.md",
    ROOT / "examples" / "recap-2026-11-20.md",
]
_DIGIT_WORD = r"(?:zero|one|two|three|four|five|six|seven|eight|nine)"
SPOKEN_FIGURES = re.compile(
    rf"\b{_DIGIT_WORD} point {_DIGIT_WORD}\b|\btwenty twenty\b|\btwenty twenty-\w+|\bS and P\b"
    r"|\b(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-(?:one|two|three|four|five|six"
    r"|seven|eight|nine)\b|\bpercent\b"
)  # figures as the voice says them: a caption writes them with digits


def respellings() -> set[str]:
    """Every spoken form the lexicon gives that is not simply its written form re-cased."""
    lex = load_lexicon()
    found = set()
    for table in (lex.indexes, lex.names, lex.tickers, lex.acronyms):
        for written, spoken in table.items():
            if spoken.lower() != written.lower():
                found.add(spoken)
    return found


def timed(segments: tuple[Segment, ...]) -> list[RenderedSegment]:
    """Each segment as if spoken: its spoken sentences, one second each."""
    out = []
    for seg in segments:
        sentences = tuple(split_sentences(seg.text)) or (seg.text,)
        spans = tuple((float(i), i + 1.0) for i in range(len(sentences)))
        out.append(
            RenderedSegment(seg, "fake", Path("x.wav"), len(spans), 24000, False, sentences, spans)
        )
    return out


@pytest.fixture(scope="module")
def scripts() -> dict[str, tuple[str, tuple[Segment, ...]]]:
    show = load_show()
    built = {}
    for path in RECAPS:
        recap, script = build_script(path, show)
        body = " ".join(" ".join(str(b[1]) for b in s.blocks) for s in recap.sections)
        built[path.name] = (f"{recap.title} {body}", script.segments)
        RECAPS_READ[path.name] = recap
    return built


RECAPS_READ: dict[str, Recap] = {}


@pytest.mark.parametrize("name", [p.name for p in RECAPS])
def test_captions_write_figures_with_digits_and_no_respelling(scripts, name: str) -> None:
    source, segments = scripts[name]
    show = load_show()
    cues = cues_for(timed(segments), [10.0 * i for i in range(len(segments))], speaker_names(show))
    captions = [c.text for c in cues]
    text = "\n".join(captions)
    spoken = {m.group(0) for m in SPOKEN_FIGURES.finditer(text)}
    assert {w for w in spoken if w not in source} == set()  # unless the recap wrote the words
    bad = sorted(r for r in respellings() if re.search(rf"\b{re.escape(r)}\b", text)
                 and not re.search(rf"\b{re.escape(r)}\b", source, re.IGNORECASE))  # fmt: skip
    # (the source as written in any case: "First, the Dow ..." writes the recap's "The Dow")
    assert bad == [], bad
    # every figure a segment's written text states is in the captions, with its digits
    said = set().union(*(figures(s.caption) for s in segments))
    assert said and said <= figures(text), said - figures(text)
    # one cue per spoken sentence wherever the written and spoken splits agree (all of them here)
    assert len(cues) == sum(max(1, len(split_sentences(s.text))) for s in segments)
    vtt, srt = to_vtt(cues), to_srt(cues)
    assert all(c in vtt and c in srt for c in captions if "&" not in c and "<" not in c)


def test_the_intro_shows_the_date_as_written(scripts) -> None:
    _, segments = scripts["recap-2026-11-24.md"]
    intro = segments[0]
    assert "November 24, 2026" in intro.display and "twenty twenty-six" in intro.text
    assert "SPY +0.84%" in intro.display


_LEAD_THEN_CAPITAL = re.compile(
    r"^(?:First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Next|And finally), "
    r"(?:The|A|An|This|That|These|Those|It|Its|Their|Our|We|They|There|Stocks|Shares|Investors"
    r"|Traders|Markets|Oil|Gold|Energy|Tech|Banks)\b(?!\s+(?:&|/|and)?\s*[A-Z])"
)


@pytest.mark.parametrize("name", [p.name for p in RECAPS])
def test_a_list_item_reads_as_one_sentence_after_its_list_word(scripts, name: str) -> None:
    """ "First, the S&P 500 rose ...", not "First, The S&P 500 rose ..."; a name keeps its
    capital ("And finally, Treasury yields ...")."""
    _, segments = scripts[name]
    items = [s.display for s in segments if s.display.startswith(("First, ", "And finally, "))]
    assert items
    assert not [d for d in items if _LEAD_THEN_CAPITAL.match(d)]


def test_a_list_word_lowers_only_an_opening_article_or_pronoun() -> None:
    from podcast.script.planner import shown_item

    assert shown_item("The Fed held rates", "Second") == "Second, the Fed held rates."
    assert shown_item("Nvidia rose 3%", "First") == "First, Nvidia rose 3%."
    assert shown_item("AI stocks led", "And finally") == "And finally, AI stocks led."
    assert (
        shown_item("Stocks reversed a weak open", "First") == "First, stocks reversed a weak open."
    )
    assert shown_item("Treasury yields fell", "Second") == "Second, Treasury yields fell."
    assert shown_item("Energy: the laggard", "Third") == "Third, energy: the laggard."
    assert shown_item("Small Caps: IWM lagged", "Third") == "Third, Small Caps: IWM lagged."
    assert shown_item("Materials & Mining: up", "Third") == "Third, Materials & Mining: up."
    assert shown_item("The Fed held rates", "") == "The Fed held rates."


def test_written_sentences_keep_abbreviations() -> None:
    assert split_written("At 8:30 a.m. ET, data. U.S. stocks rose. J.P. Morgan fell 1%.") == [
        "At 8:30 a.m. ET, data.",
        "U.S. stocks rose.",
        "J.P. Morgan fell 1%.",
    ]


def test_a_segment_whose_splits_differ_is_one_cue_over_its_whole_span() -> None:
    seg = Segment("01-x-00", "snapshot", "host", "One. Two. Three.", display="One and two. Three.")
    (rendered,) = timed((seg,))
    cues = cues_for([rendered], [5.0], {"host": "Ava"})
    assert [(c.start_s, c.end_s, c.text) for c in cues] == [(5.0, 8.0, "One and two. Three.")]


def test_script_json_carries_the_display_text(scripts) -> None:
    from podcast.models import Script

    _, segments = scripts["recap-2026-11-19.md"]
    import datetime as dt

    data = Script("t", dt.date(2026, 11, 19), segments, 1.0).to_dict()
    assert all(s["display"] for s in data["segments"])  # type: ignore[index,union-attr]
    assert any("%" in s["display"] for s in data["segments"])  # type: ignore[index,union-attr]


@pytest.mark.parametrize("name", [p.name for p in RECAPS])
def test_chapters_give_their_context_as_written(scripts, name: str) -> None:
    """Each chapter says what it is about in the recap's words: the headline for the
    introduction, the first sentence of the section, one line long, figures with digits."""
    source, segments = scripts[name]
    recap = RECAPS_READ[name]
    chapters = chapters_for(timed(segments), [10.0 * i for i in range(len(segments))], recap)
    assert chapters[0].section == "intro" and chapters[0].context == recap.title
    for chapter in chapters:
        assert chapter.context, chapter
        assert len(chapter.context) <= CONTEXT_CHARS
        assert "\n" not in chapter.context and "<" not in chapter.context
        spoken = {m.group(0) for m in SPOKEN_FIGURES.finditer(chapter.context)}
        assert {w for w in spoken if w not in source} == set(), chapter
        bad = [r for r in respellings() if re.search(rf"\b{re.escape(r)}\b", chapter.context)
               and not re.search(rf"\b{re.escape(r)}\b", source)]  # fmt: skip
        assert bad == [], (chapter, bad)
        stem = chapter.context.removesuffix("…")
        if chapter.section not in ("intro", "disclaimer"):
            assert stem in " ".join(source.split()) or stem in html.unescape(source), chapter


def test_a_long_first_sentence_is_cut_at_a_word() -> None:
    import datetime as dt

    from podcast.models import Section

    words = " ".join(f"word{i}" for i in range(60))
    recap = Recap(
        date=dt.date(2026, 11, 19),
        title="A day",
        slug="a-day",
        sections=(Section("Macro", "macro", (("p", f"{words}. Second sentence."),)),),
        source_path=Path("x.md"),
        source_format="markdown",
    )
    context = chapter_context(recap, (), "macro")
    assert context.endswith("…") and len(context) <= CONTEXT_CHARS
    assert words.startswith(context[:-1]) and context[-2].isdigit()
    assert chapter_context(recap, (), "outlook") == ""  # a chapter with no section of its own
