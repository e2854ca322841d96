"""Fit the chrome model (`chrome_model.py`) with scikit-learn, a development step:
`make chrome-model` writes `chrome_model.json` from `chrome_corpus/` after the corpus changes,
and `tests/test_chrome_model.py` checks the shipped file is what this fit gives.

Needs the project's dev extra (scikit-learn); the product reads only the JSON.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

from podcast.ingest.chrome_model import (
    LETTER_NGRAMS,
    MODEL_FILE,
    WORD_NGRAMS,
    WORD_TOKEN,
    ChromeModel,
    corpus_lines,
)

__all__ = ["MIN_LINES", "fit", "fit_pipeline", "main"]

# A gram counts when this many corpus lines hold it: a gram seen once teaches little, and every
# gram kept is a weight each process reads before its first recap (the unchanged re-render's
# budget is 5 % of a cold one).
MIN_LINES = {"words": 2, "letters": 3}


def fit_pipeline(chrome: Sequence[str], recap: Sequence[str]) -> Any:
    """The scikit-learn pipeline fitted on chrome lines and recap sentences: TF-IDF of words and
    of letter groups, and a logistic regression with classes weighed to their sizes. L-BFGS from
    zero has no random part: the same corpus, the same weights."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline

    features = FeatureUnion([
        ("words", TfidfVectorizer(
            analyzer="word", ngram_range=WORD_NGRAMS, sublinear_tf=True, token_pattern=WORD_TOKEN,
            min_df=MIN_LINES["words"],
        )),
        ("letters", TfidfVectorizer(
            analyzer="char_wb", ngram_range=LETTER_NGRAMS, sublinear_tf=True,
            min_df=MIN_LINES["letters"],
        )),
    ])  # fmt: skip
    classifier = LogisticRegression(C=10.0, class_weight="balanced", max_iter=3000)
    pipeline = Pipeline([("features", features), ("classifier", classifier)])
    pipeline.fit(list(chrome) + list(recap), [1] * len(chrome) + [0] * len(recap))
    return pipeline


def fit(chrome: Sequence[str], recap: Sequence[str]) -> ChromeModel:
    """A `ChromeModel` with the weights of `fit_pipeline`."""
    pipeline = fit_pipeline(chrome, recap)
    union = pipeline.named_steps["features"]
    coef = pipeline.named_steps["classifier"].coef_[0]
    families: list[dict[str, tuple[float, float]]] = []
    offset = 0
    for _, vectorizer in union.transformer_list:
        names = vectorizer.get_feature_names_out()
        families.append(
            {
                str(name): (float(idf), float(coef[offset + index]))
                for index, (name, idf) in enumerate(zip(names, vectorizer.idf_, strict=True))
            }
        )
        offset += len(names)
    intercept = float(pipeline.named_steps["classifier"].intercept_[0])
    return ChromeModel(words=families[0], letters=families[1], intercept=intercept)


def main() -> int:
    model = fit(*corpus_lines())
    MODEL_FILE.write_text(model.to_json(), "utf-8")
    print(f"{MODEL_FILE}: {len(model.words)} word grams, {len(model.letters)} letter groups")
    return 0


if __name__ == "__main__":
    sys.exit(main())
