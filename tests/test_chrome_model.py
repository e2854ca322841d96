"""The chrome filter's learned second opinion (`podcast/ingest/chrome_model.py`): the shipped
weights are the corpus's fit, its score is scikit-learn's, and it only ever adds to the rules
where they already see some chrome."""

from __future__ import annotations

import json
import math

import pytest

from podcast.ingest import chrome_kinds
from podcast.ingest.chrome_fit import fit, fit_pipeline
from podcast.ingest.chrome_kinds import chrome_kind, chrome_score, drop_chrome_sentences
from podcast.ingest.chrome_model import (
    MODEL_FILE,
    ChromeModel,
    corpus_lines,
    default_model,
    letter_groups,
    word_grams,
)

ODD = [
    "",
    "   ",
    "×",
    "▶ 0:00 / 9:24",
    "ÜBER-long wörds — naïve café →→ ★★★★☆",
    "Stocks rose.",
    "Share this article",
    "Rückblick: Der DAX stieg um 1,2 %.",
    "a  b\tc\nd",
]


@pytest.fixture(scope="module")
def corpus() -> tuple[list[str], list[str]]:
    return corpus_lines()


def test_shipped_model_is_the_fit_of_the_shipped_corpus(
    corpus: tuple[list[str], list[str]],
) -> None:
    """`make chrome-model` was run after the corpus last changed: a fresh fit gives the same
    grams and the same weights (to 1e-9) as `chrome_model.json`."""
    fresh, shipped = fit(*corpus), default_model()
    assert fresh.words.keys() == shipped.words.keys()
    assert fresh.letters.keys() == shipped.letters.keys()
    assert math.isclose(fresh.intercept, shipped.intercept, abs_tol=1e-9)
    for mine, theirs in ((fresh.words, shipped.words), (fresh.letters, shipped.letters)):
        for gram, (idf, coef) in theirs.items():
            assert math.isclose(mine[gram][0], idf, abs_tol=1e-9), gram
            assert math.isclose(mine[gram][1], coef, abs_tol=1e-9), gram


def test_the_fit_is_deterministic(corpus: tuple[list[str], list[str]]) -> None:
    chrome, recap = corpus
    assert fit(chrome[:300], recap[:300]).to_json() == fit(chrome[:300], recap[:300]).to_json()


def test_the_score_is_scikit_learns(corpus: tuple[list[str], list[str]]) -> None:
    """The product's pure-Python score equals the fitted pipeline's predict_proba on every corpus
    line and on odd text (empty, accents, symbols, runs of white space)."""
    chrome, recap = corpus
    pipeline = fit_pipeline(chrome, recap)
    model = fit(chrome, recap)
    lines = chrome + recap + ODD
    expected = pipeline.predict_proba(lines)[:, 1]
    for line, probability in zip(lines, expected, strict=True):
        assert math.isclose(model.probability(line), probability, abs_tol=1e-9), line


def test_the_grams_are_scikit_learns() -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer

    from podcast.ingest.chrome_model import LETTER_NGRAMS, WORD_NGRAMS, WORD_TOKEN

    words = TfidfVectorizer(analyzer="word", ngram_range=WORD_NGRAMS, token_pattern=WORD_TOKEN)
    letters = TfidfVectorizer(analyzer="char_wb", ngram_range=LETTER_NGRAMS)
    for text in [*ODD, "Get 3 months of Plus for $0.99/mo. Then $14.99/mo.", "a ab abc abcdef"]:
        assert word_grams(text) == words.build_analyzer()(text), text
        assert letter_groups(text) == letters.build_analyzer()(text), text


def test_the_shipped_file_reads_back_as_written() -> None:
    text = MODEL_FILE.read_text("utf-8")
    assert ChromeModel.from_json(text).to_json() == text
    assert set(json.loads(text)) == {"intercept", "words", "letters"}


class _Always:
    """A model that calls everything chrome: what the rules let it decide shows."""

    def probability(self, text: str) -> float:
        return 1.0


@pytest.mark.parametrize(
    "sentence",
    [
        # Reports market news: a company or index, a market verb, a figure.
        "Netflix rose 4% after subscriber growth beat forecasts; download the app data showed.",
        "The S&P 500 fell 0.6% as yields climbed.",
        # Weighed against chrome by the rules (a figure, a market word).
        "Treasury yields rose to 4.41%.",
        # A bare label or list item: the rules alone judge it.
        "First",
        "Crypto and commodities",
        "Health care:",
    ],
)
def test_the_model_decides_only_where_the_rules_see_some_chrome(sentence: str) -> None:
    always = _Always()
    assert chrome_score(sentence)[0] < chrome_kinds.THRESHOLD
    assert chrome_kind(sentence, model=always) is None  # type: ignore[arg-type]
    assert drop_chrome_sentences(sentence, model=always) == sentence  # type: ignore[arg-type]


def test_the_model_adds_chrome_the_rules_weigh_below_the_bar() -> None:
    """A piece the rules see some chrome in, not enough: the model's word decides, both ways,
    and a sentence beside it in a block that is chrome as a whole goes along."""
    piece = "Cross-posted with permission."
    line = f"Reposted from Substack. {piece}"
    score, kind = chrome_score(piece)
    assert 0 < score < chrome_kinds.THRESHOLD and kind == "footer"

    class _Never:
        """Undecided on everything: neither calls chrome nor overrules the rules."""

        def probability(self, text: str) -> float:
            return 0.5

    assert chrome_kind(piece, model=_Always()) == "footer"  # type: ignore[arg-type]
    assert chrome_kind(piece, model=_Never()) is None  # type: ignore[arg-type]
    assert drop_chrome_sentences(line, model=_Always()) == ""  # type: ignore[arg-type]
    assert drop_chrome_sentences(line, model=_Never()) == line  # type: ignore[arg-type]


def test_the_shipped_model_removes_chrome_the_rules_leave(
    corpus: tuple[list[str], list[str]],
) -> None:
    """On its own corpus the shipped model removes chrome lines the rules alone would speak,
    and no recap sentence the rules alone keep."""

    class _Never:
        """Undecided on everything: neither calls chrome nor overrules the rules."""

        def probability(self, text: str) -> float:
            return 0.5

    chrome, recap = corpus
    never = _Never()
    added = [
        line
        for line in chrome
        if drop_chrome_sentences(line, model=never) != ""  # type: ignore[arg-type]
        and drop_chrome_sentences(line) == ""
    ]
    assert len(added) >= 100, len(added)
    kept_by_rules = [
        line
        for line in recap
        if drop_chrome_sentences(line, model=never) == line  # type: ignore[arg-type]
    ]
    assert [line for line in kept_by_rules if drop_chrome_sentences(line) != line] == []
