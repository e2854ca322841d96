"""Issue 11 point 2: the guards that make script building fast say only "cannot match" (see
podcast/script/guard.py): each rule gives the same result with its guard as without it."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from podcast.ingest import chrome
from podcast.script import abbreviations, figures, guard, speech, tickers

# Text made of what the rules react to: digits, signs, currencies, units, letters, slashes.
_PIECES = st.sampled_from(
    [
        "1", "23", "4,500", ".5", "2026", "$", "US$", "C$", "HK$", "€", "-", "+", "±", "%",
        " ", "  ", ".", ",", "/", ":", "a", "b", "bps", "bp", "bbl", "pct", "x", "K", "M", "bn",
        "Q", "AAPL", "$TSLA", "F", "-a", "a-", "--", "\t", "\n", "’", "'", "e.g.", "vs",
    ]
)  # fmt: skip
TEXT = st.lists(_PIECES, max_size=40).map("".join)


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_sub_from_is_re_sub(text: str) -> None:
    """Trying a rule only where its start is found gives what re.sub gives."""
    cases: list[tuple[re.Pattern[str], re.Pattern[str]]] = [
        (figures._NUM_START, figures._NUMBER),
        (figures._NUM_START, figures._PERCENT),
        (figures._NUM_START, figures._UNITS),
        (figures._MONEY_START, figures._MONEY),
        (tickers._DOLLAR, tickers._CASHTAG),
        *((start, pattern) for pattern, _, start in abbreviations._UNITS),
    ]
    for start, pattern in cases:

        def mark(m: re.Match[str]) -> str:
            return f"<{m.group(0)}@{m.start()}>"

        assert guard.sub_from(start, pattern, mark, text) == pattern.sub(mark, text)
    unit = abbreviations._UNITS[0]
    assert guard.sub_from(unit[2], unit[0], unit[1], text) == unit[0].sub(unit[1], text)


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_hyphen_rule_skips_only_what_it_keeps(text: str) -> None:
    """The hyphen rule leaves "a-b" unmatched: the same as matching it and keeping it."""
    assert speech._HYPHEN.sub(speech._hyphen, text) == re.sub(r"-+", speech._hyphen, text)


def test_cases_spells_every_case() -> None:
    assert sorted(guard.cases("vs")) == ["VS", "Vs", "vS", "vs"]
    assert len(guard.cases("www.")) == 8


def test_every_chrome_phrase_holds_a_guard_word() -> None:
    """remove_chrome skips its long scan when none of _CHROME_WORDS is in the text: every
    phrase and pattern it removes must hold one of them."""
    for phrase in chrome.CHROME_PHRASES:
        assert any(word in phrase.lower() for word in chrome._CHROME_WORDS), phrase
    samples = ["+ 10 more sources", "Disclaimer: StockAlpha content is …", "© 2026 StockAlpha"]
    for text in samples:
        assert chrome._REMOVE.search(text), text
        assert any(word in text.lower() for word in chrome._CHROME_WORDS), text
    for starter in chrome._CHROME_SECTION_STARTERS:
        assert chrome.starts_chrome_section(f"earn Alpha Coins{starter}")


def test_guarded_rules_still_fire() -> None:
    """Each guarded family still reads what it is for (the guards let the rule run)."""
    from podcast.script.normalize import speak

    said = speak(
        "Q3 FY2027: e.g. AAPL rose 2.5% m/m (vs. est.) to $5bn at 9:30 a.m. ET on 11/24/2026; "
        "yields +6 bps, 3–5% ranges, the 1990s, 1st, 3:1, 1/2, w/o AT&T; see www.x.com."
    )
    for words in (
        "third quarter", "for example", "month over month", "versus", "estimated",
        "five billion dollars", "nine thirty in the morning, Eastern", "November twenty-fourth",
        "up six basis points", "three to five percent", "nineteen nineties", "first",
        "three to one", "one half", "without",
    ):  # fmt: skip
        assert words in said, (words, said)


_WORDY = st.lists(
    st.sampled_from(["a", "b.", " ", "  ", "\t", "Up 1.5%.", "\u00a0", "c"]), max_size=12
)


@settings(max_examples=500, deadline=None)
@given(_WORDY.map("".join), _WORDY.map("".join), st.integers(0, 12), st.integers(0, 12))
def test_dropping_a_sentence_mends_only_the_junction(text: str, other: str, a: int, b: int) -> None:
    """length._without gives what splitting and joining the whole paragraph gave."""
    from podcast.script import length

    for sentence in (text[a : a + b], other):
        if not sentence:
            continue
        old = " ".join(text.replace(sentence, "", 1).strip().split())
        assert length._without(text, sentence, length._single_spaced(text)) == old
        assert length._without(text, sentence, False) == old
