"""Page chrome recognised by kind (a source list, a call to action, a player), not by phrase.

A site rewords its widgets often, and a recap shares their words ("shares", "sources of revenue",
"won the session"). So a line is weighed, not matched: words of each kind of chrome (the page's
own vocabulary: sources, calls to action, rewards, share prompts, player, related reading,
newsletter, footer, author bio), and the shapes chrome takes (it addresses the reader, opens with
an imperative, is a "Label: list", a short fragment, items between separators, a duration, a
credit of roles and names, a bio by beat, a navigation line, a form's message, a link's arrow,
a whole line's form: a menu, a pager, a byline row, the writer's own position, a forum's user
metadata, a count of reactions, a tag list, a chapter list, a player's toggles) count for it;
what a recap sentence does (a market moves, a company reports, a figure) counts against it, and
a sentence that reports market news ("Omnicom rose after ... sponsored content") is kept unless
its form is chrome (a copyright, a credit made only of names, a byline, a disclosure of the
writer's position). Where the rules see some chrome but not enough, the learned model of
`chrome_model.py` decides (`_learned`), and it overrules their narrow calls when it is sure
(`_overruled`). Tuned on `chrome_corpus/`; measured on blind sets at first contact
(test_chrome_kinds.py). The vocabulary is `chrome_words.py`, the forms `chrome_forms.py`; this
module weighs.

A dated line is weighed like any other ("Updated Mar 4, 2026, 6:47 PM EST" is chrome); the
readers keep the date of the chrome they drop (`SectionBuilder.datelines`, the text reader's
own), so the recap's date is still found. A recap's Disclaimer section keeps its legal
boilerplate ("not investment advice"), which is chrome anywhere else (`disclaimer=True`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from podcast.ingest.chrome_forms import (
    ADJACENT,
    ADJACENT_TITLE,
    ARROW_END,
    ATTRIBUTION,
    BIO,
    BIO_BEAT,
    BREADCRUMB,
    BYLINE,
    BYLINE_NAMES,
    CLAUSE,
    CLOCK,
    CODE,
    CONTROLS,
    COPYRIGHT,
    CREDIT,
    DEIXIS,
    DELAYED,
    DISCLAIMER,
    DURATION,
    EMAIL,
    FIGURE,
    FX_NOTE,
    HEDGE,
    HOLDINGS,
    LABEL,
    NAVIGATION,
    NOT_BIO,
    OUTLETS,
    RATE,
    SELF_SOURCED,
    SEPARATED,
    SHAPES,
    STAFF,
    STAMP,
    STAMP_TIME,
    STRIP,
    WIDGET,
    credit_line,
    page_form,
)
from podcast.ingest.chrome_model import (
    COMPANION_THRESHOLD,
    FIGURE_THRESHOLD,
    MODEL_THRESHOLD,
    OVERRULE_THRESHOLD,
    ChromeModel,
    default_model,
)
from podcast.ingest.chrome_words import (
    ADVICE_VERBS,
    ATTENTION,
    CHROME_KINDS,
    CONTROL_WORDS,
    HEDGES,
    IMPERATIVES,
    KIND_OF,
    MARKET_WORDS,
    MOVERS,
    MOVES,
    NEWS_VERBS,
    PAGE_WORDS,
    PERSONS,
    PROSE_USE_WORDS,
    PROSE_VERBS,
    READ_VERBS,
    READER,
    STRONG,
    WIDGET_LABELS,
    cased_of,
    may_disclaim,
    words_of,
)

__all__ = [
    "CHROME_KINDS",
    "MAX_CHROME_CHARS",
    "MAX_CHROME_WORDS",
    "chrome_heading",
    "chrome_kind",
    "chrome_score",
    "drop_chrome_lines",
    "drop_chrome_sentences",
    "is_disclaimer",
    "is_prose",
]

# Chrome is short; a longer piece is article prose and never weighed (bounds the cost too: no
# pattern here runs on more than MAX_CHROME_CHARS, whatever a hostile recap's words look like).
# The longest chrome line in the corpus has 232 characters.
MAX_CHROME_WORDS = 30

MAX_CHROME_CHARS = 400

# A piece is chrome at this score or above.
THRESHOLD = 3

_SUBJECT_VERB = re.compile(
    r"^\W*(?:[A-Z][\w&.'’+-]*\s+){1,4}?(?:shares\s+|stock\s+)?(?:"
    + "|".join(sorted(PROSE_VERBS | NEWS_VERBS))
    + r")\b"
)

# A page word in a recap's sense: "sources of growth", "sources familiar with", "the terms of
# the deal" (not "Terms of Use"), "$54 for each share", "market share", "share price", "the
# largest contributor to the decline" (not "a contributor to the Financial Times"), "the CPI
# print" (not "Print this article"), "a four-day losing streak" (not "Keep your streak").
_PROSE_USE = re.compile(
    r"\b(sources?)\s+(?:of|familiar|close|say|said|told)\b"
    r"|\b(terms)\s+of\s+(?:the|a|an|its|their|this|that|his|her)\b"
    r"|\b(?:each|per|a|every|one)\s+(share)\b|\bmarket\s+(share)\b"
    r"|\b(share)\s+(?:prices?|counts?|buybacks?|repurchases?|sales?|offerings?|class)\b"
    r"|\b(?:\w+est|top|main|single)\s+(contributors?)\b"
    r"|\b(?:cpi|ppi|pce|gdp|inflation|jobs|payrolls?|sales|data|economic|hot|cool|soft|weak"
    r"|strong)\s+(print)\b|\b(?:losing|winning|\w+-(?:day|week|month|session|year))\s+(streak)\b"
    r"|\b(continues?|continued)\s+to\s+(?!read\b|reading\b|the\b|below\b|after\b)\w+"
    r"|\b(contributors?)\s+to\s+(?:(?:the|its|their)\s+|(?!(?:the|its|their)\b))"
    r"(?-i:[a-z]|S&P|Dow|Nasdaq|Russell)",
    re.IGNORECASE,
)

# A sentence with a finite copula states something; an imperative has none ("Download speeds
# were ...").
_COPULA = re.compile(r"\b(?:is|are|was|were|has|have|had)\b")


def _prose_uses(text: str) -> set[str]:
    return {g.lower() for m in _PROSE_USE.finditer(text) for g in m.groups() if g}


def _leads_a_list(text: str, words: tuple[str, ...]) -> bool:
    """A sentence of five words or more, or one naming the day's movers, that ends with a colon
    and holds no page word and no call to action: the recap's lead into its own list ("Consider
    raising these points in your next review meeting:", "Top gainers in Dubai:"), not the page's
    ("Sign up for our newsletter to get:", "Trending tickers:")."""
    unique = set(words)
    return (
        text.rstrip().endswith(":")
        and (len(words) >= 5 or bool(unique & MOVERS))
        and not unique & (STRONG | PAGE_WORDS | WIDGET_LABELS | {"please"})
        and not _imperative(_RANKED.sub("", text))
    )


# The longest line whose address to the reader alone counts for chrome.
_ADDRESS_WORDS = 12

# A writer's sign-off, the recap's own last words (with no word of the page: "Thanks for
# reading! Subscribe for free ..." is the page's).
_SIGN_OFF = re.compile(
    r"\b(?:see\s+you\s+(?:all\s+)?(?:tomorrow|monday|tuesday|wednesday|thursday|friday|next|at|in"
    r"|on|then|soon)|talk\s+(?:to\s+you\s+)?(?:tomorrow|soon|monday|next\s+week)|until\s+"
    r"(?:tomorrow|next\s+time|monday|then)|that(?:'|’)s\s+(?:it|all|the\s+\w+|your\s+\w+"
    r"|our\s+\w+)\s+(?:for|from)|thanks?\s+(?:you\s+)?for\s+(?:reading|listening)"
    r"|signing\s+off)\b",
    re.IGNORECASE,
)

# A word every `_SIGN_OFF` match holds (a piece without one is not searched).
_SIGN_OFF_WORDS = frozenset({"see", "talk", "until", "that's", "thanks", "thank", "signing"})


def _signs_off(text: str, words: tuple[str, ...]) -> bool:
    """The writer's sign-off (`_SIGN_OFF`) with at most one word of chrome's kinds, none of the
    page's and no call to action but its own "see you": not "See you in the app — download it
    free today"."""
    unique = set(words)
    if unique.isdisjoint(_SIGN_OFF_WORDS) or not _SIGN_OFF.search(text):
        return False
    if unique & (STRONG | PAGE_WORDS) or _imperatives(text) - ADVICE_VERBS - {"see"}:
        return False
    return sum(1 for word in unique if KIND_OF.get(word)) <= 1


_RULE_LINE = re.compile(r"\s*(?:[#*=_~—–-]\s*){3,}")

# A lead into the recap's own list: a question word's clause, or "Key points for clients".
_LEAD = re.compile(
    r"\W*(?:(?:what|why|where|when|how(?!\s+to\b))\b[^:?]{0,60}|(?:key|main|three|two|four|five"
    r"|a\s+few|several)\s+(?:points|takeaways|themes|things|drivers|risks|levels|events|questions"
    r"|numbers|data|dates|reports|releases)\b[^:]{0,40}):",
    re.IGNORECASE,
)

# A market move written as a signed figure: "+0.6%", "−88", "▲0.7%", "-6½".
_SIGNED = re.compile(r"(?<![\w.,/])[+\-−▲▼]\s?\d[\d,.¼½¾]*\s?%?")


# A quote strip's label, before its items: "LIVE:", "Watchlist |", "Trending —" (not "Live cattle").
_STRIP_LABEL = re.compile(
    r"\W*(?:"
    + "|".join(sorted(map(re.escape, WIDGET_LABELS | {"markets now", "ticker tape"})))
    + r")\s*[:|·•—–]",
    re.IGNORECASE,
)


# A quote's price and its change side by side, as a ticker widget shows it: "512.44 ▲0.62%",
# "7,842.3 ▲34.1", "5,432.10 +0.61%", "84.37 -0.40". A price has a decimal point or a thousands
# comma (not "S&P 500 ▲0.7%"); a recap writes the change after a comma or in brackets ("Dow
# 38,905.66 (+0.2%)", "closed at 5,102.3, up 0.6%").
_QUOTED = re.compile(r"(?:\d[\d,]*\.\d+|\d{1,3}(?:,\d{3})+)[¼½¾]?(?:\s*[▲▼↑↓]|\s+[+\-−]\d)")


def _written_out(text: str) -> bool:
    """Quotes written as the recap's own sentence, items between commas and a full stop at the
    end ("Corn Dec $4.31 ½ -6, Beans Nov $11.02 +4 ¼, Wheat Sep $5.68 -2 ¾."), not a strip's
    row between bars and dots."""
    stripped = text.strip()
    return stripped.endswith(".") and "," in stripped and not SEPARATED.search(stripped)


def _moves_list(text: str, unique: set[str]) -> bool:
    """A list of two or more market moves with no word of chrome's kinds nor of the page: the
    recap's own scoreboard ("Dow +0.4% | S&P 500 +0.6% | Nasdaq +0.9%", "Sectors: transport
    +2.1%, banks -0.4%"). A quote strip has the same form ("FTSE 100 8,044.8 +0.3% · ..."), and
    reading one aloud costs less than losing the day's index moves, so a strip goes only when a
    word says what it is ("Trending now", "Watchlist", "Live")."""
    return len(_SIGNED.findall(text)) >= 2 and not unique & (STRONG | PAGE_WORDS | WIDGET_LABELS)


def _guarded_news(text: str, unique: set[str]) -> bool:
    """The market-news guard of `chrome_score` without its form check: a market verb (not the
    one a timestamp opens with, "Updated") in a sentence that reports market news (`_news`)."""
    verbs = PROSE_VERBS & unique
    stamp = STAMP.match(text) if verbs else None
    if stamp:
        verbs = verbs - {stamp.group(1).lower()}
    return bool(verbs or NEWS_VERBS & unique) and _news(text, cased_of(text))


@functools.lru_cache(maxsize=16_384)
def chrome_score(text: str) -> tuple[int, str | None]:
    """(score, kind) of one line or sentence; chrome from THRESHOLD up, kind None when no word
    of a kind was seen (then the shape alone decided)."""
    if len(text) > MAX_CHROME_CHARS:
        return 0, None  # article prose, or a hostile run ("a-a-a-..."): never weighed
    words = words_of(text)
    if _LEAD.fullmatch(text.strip()) or _leads_a_list(text, words):
        return 0, None  # the recap leads into its list: "What it means for your money:"
    if _signs_off(text, words):
        return 0, None  # the writer signs off: "That's it for today — see you at the open."
    if not words and _RULE_LINE.fullmatch(text):
        return THRESHOLD, "footer"  # a press release's "###", a text page's "* * *"
    if not words or _unweighed(text):
        return 0, None
    if WIDGET.fullmatch(text):
        return THRESHOLD, "footer"
    unique = set(words)
    if unique & CONTROL_WORDS and CONTROLS.fullmatch(text):
        return THRESHOLD, "player"
    if ADJACENT_TITLE.fullmatch(text) or STRIP.fullmatch(text):
        return THRESHOLD, "related"  # link titles, which may hold a headline's verb
    news = _guarded_news(text, unique)
    form = page_form(text, whole_only=news)
    if form and form[1]:
        return THRESHOLD, form[0]  # a form that is chrome whatever it says ("(tap to trade)")
    if news:
        return 0, None  # market news is kept whatever else it holds
    if (_STRIP_LABEL.match(text) and len(_SIGNED.findall(text)) >= 2) or (
        len(_QUOTED.findall(text)) >= 2 and not _written_out(text)
    ):
        return THRESHOLD, "related"  # "⚡ LIVE: SPY 512.44 ...", "AAPL 171.48 ▼1.12 | MSFT ..."
    if _moves_list(text, unique):
        return 0, None  # "Dow +0.4% | S&P 500 +0.6% | Nasdaq +0.9%": the recap's own scoreboard
    kinds: dict[str, int] = {}
    for word in unique - (_prose_uses(text) if unique & PROSE_USE_WORDS else set()):
        kind = KIND_OF.get(word)
        if kind:
            kinds[kind] = kinds.get(kind, 0) + (2 if word in STRONG else 1)
    score = min(sum(kinds.values()), 4)
    # Shapes that say "page, not article"; some also lift the market-word penalty below (a
    # credit or a bio names markets as its beat, a label names the link's topic).
    lifted = False
    if (
        ATTRIBUTION.search(text)
        or (len(words) <= 6 and CREDIT.match(text))
        or BYLINE.match(text)
        or BYLINE_NAMES.match(text)
        or STAFF.match(text)
        or SELF_SOURCED.search(text)
        or credit_line(text)
        or DELAYED.search(text)
    ):
        score, lifted = score + 3, True
        kinds["sources"] = kinds.get("sources", 0) + 1
    if kinds.get("sources") and OUTLETS.search(text):
        score += 2
    legal = bool(may_disclaim(unique) and DISCLAIMER.search(text) and not HEDGE.search(text))
    if legal:
        score, lifted = score + 3, True
        kinds["footer"] = kinds.get("footer", 0) + 1
    if HOLDINGS.search(text):
        score, lifted = score + 3, True
        kinds["footer"] = kinds.get("footer", 0) + 1
    if form:
        score, lifted = score + 3, True
        kinds[form[0]] = kinds.get(form[0], 0) + 1
    if (
        (kinds.get("author_bio") and BIO.match(text)) or BIO_BEAT.match(text)
    ) and not NOT_BIO.search(text):
        score, lifted = score + 3, True
        kinds["author_bio"] = kinds.get("author_bio", 0) + 1
    if NAVIGATION.fullmatch(text) or BREADCRUMB.fullmatch(text) or ADJACENT.fullmatch(text):
        score, lifted = score + 3, True
        kinds["related"] = kinds.get("related", 0) + 1
    for shape, kind, points in SHAPES:
        if shape.search(text):
            score += points
            kinds[kind] = kinds.get(kind, 0) + 1
    label = LABEL.match(text)
    own_label = label is not None and _writers_label(text, label)
    if label and not own_label and _chrome_label(words_of(label.group(1))):
        score, lifted = score + 2, True
    score += 1 if PAGE_WORDS & unique else 0
    # Addressing the reader says "page" in a short line; a longer sentence that does (a writer's
    # advice, "the vega side of your position hurts more ...") counts it only with a page word,
    # two words of chrome's kinds, a form of the page, or a call to action.
    imperatives = _imperatives(text)
    imperative = bool(imperatives)
    if (
        READER & unique
        and not _holds_a_view(unique)
        and not own_label
        and (
            len(words) <= _ADDRESS_WORDS
            or unique & (STRONG | PAGE_WORDS)
            or sum(kinds.values()) >= 2
            or lifted
            or imperative
        )
    ):
        score += 2
    if (
        imperative
        and not _minds_the_market(text, unique, kinds)
        and not _advises(text, words, unique, kinds, imperatives)
    ):
        score += 2
        kinds.setdefault("call_to_action", 0)
    stamp = STAMP.match(text)
    if stamp and STAMP_TIME.match(text):
        score += 3
    elif stamp and (len(words) <= 8 or not text.strip().endswith(".")):
        score += 2  # "Updated", not a sentence that opens with it ("Updated Thursday 3 times, ...")
    score += 1 if DEIXIS.search(text) else 0
    score += 1 if EMAIL.search(text) else 0
    stripped = text.strip()
    fragment = not stripped.endswith(".")
    # A short line: a widget or a label when it is a fragment ("Trending now", "Pause"); a
    # short sentence ("Up on strong data.") only with a word no recap uses ("See sources.").
    strong = bool(unique & STRONG)
    if len(words) <= 6 and (fragment or strong) and not FIGURE.search(text):
        score += 1
        if len(words) <= 4 and fragment and kinds and not stripped[0].islower():
            score += 1
    score += 1 if SEPARATED.search(text) else 0
    score += 1 if "player" in kinds and RATE.search(text) else 0
    score += 2 if len(words) <= 8 and ARROW_END.search(text) else 0
    score += 1 if len(words) <= 6 and fragment and CLOCK.search(text) else 0
    if DURATION.search(text):
        score += 2 if len(words) <= 3 or not any(c.isalpha() for c in text) else 1
    if stripped.endswith(("!", "?")) or (len(words) <= 12 and "?" in stripped):
        score += 1
    # What a recap sentence does.
    prose_verbs = PROSE_VERBS & unique
    if stamp:
        prose_verbs -= {stamp.group(1).lower()}
    score -= 2 if prose_verbs else 0
    cased = cased_of(text)
    if not lifted:
        score -= min(len(MARKET_WORDS & cased), 2)
    score -= 1 if FIGURE.search(text) else 0
    score -= 2 if MOVES & unique else 0
    score -= 1 if not fragment and HEDGES & unique else 0
    if legal:
        score = max(score, THRESHOLD)  # legal boilerplate that reports no news, whatever figure
    kind = max(sorted(kinds), key=lambda k: kinds[k]) if kinds else None
    return score, kind


# Words of a writer's own view ("in our view", "we think", "my take").
_BELIEF = frozenset({"think", "expect", "believe", "suspect", "doubt", "reckon"})
_FIRST_PERSON = frozenset({"we", "our", "me", "my", "us"})


def _holds_a_view(unique: set[str]) -> bool:
    """A sentence in which the writer, in the first person and not addressing the reader, says
    what they think ("Past performance matters less than the rate path now, in our view."):
    its "our" does not count as the page speaking."""
    reader = READER & unique
    return reader <= _FIRST_PERSON and bool(unique & (_OPINION | _BELIEF))


# A label the writer puts on their own reading of the market: "Our contrarian read:", "My read:".
_OWN_READ = frozenset({"our", "my"})

# The writer speaking in the first person after their label.
_SPEAKS = re.compile(r"\bI(?:'|’)?m\b|\bI\s+(?:am|think|expect|see|would|will|don't|do)\b")


def _writers_label(text: str, label: re.Match[str]) -> bool:
    """A label that opens the writer's own sentence about the market, not the page's: their own
    read ("Our contrarian read: the lower the VIX goes, ..."), their own note in the first person
    ("A quick editorial note from me: I'm not calling a top, ..."), a question it puts to itself
    ("Our listener question this week: should you worry about the Aussie dollar ...?"), or a
    sign-off that sums up the markets ("Until next time — stocks up slightly, bonds steady,
    ..."): the rest names two markets and no word of the page, and ends as a sentence."""
    words = words_of(label.group(1))
    if words and words[0] in _OWN_READ and "read" in words:
        return True
    rest = text[label.end(1) :]
    if {"me", "my"} & set(words) and _SPEAKS.search(rest):
        return True  # "A quick editorial note from me: I'm not calling a top, ..."
    if {"question", "questions"} & set(words) and rest.rstrip().endswith("?"):
        return not set(words_of(rest)) & (STRONG | PAGE_WORDS)  # "Our listener question: ...?"
    if not words or words[0] in READ_VERBS or not rest.rstrip().endswith("."):
        return False  # "Watch: Markets close mixed as traders eye the Fed (2:14)"
    return len(MARKET_WORDS & cased_of(rest)) >= 2 and not set(words_of(rest)) & (
        STRONG | PAGE_WORDS
    )


def _advises(
    text: str,
    words: tuple[str, ...],
    unique: set[str],
    kinds: dict[str, int],
    imperatives: set[str],
) -> bool:
    """A writer's advice about money, not the page's call to action: a sentence of six words or
    more whose imperatives (`_imperatives`) are all verbs of advice (`ADVICE_VERBS`: "Keep your
    head down and your receivables current.", "Don't let one red candle ruin your weekend.")
    and that holds no word of chrome's kinds nor of the page ("Keep reading for the full
    story", "Don't miss tomorrow's issue" go)."""
    if not text.rstrip().endswith(".") or len(words) < 6 or any(kinds.values()):
        return False
    if unique & (STRONG | PAGE_WORDS):
        return False
    return imperatives <= ADVICE_VERBS


def _minds_the_market(text: str, unique: set[str], kinds: dict[str, int]) -> bool:
    """A sentence that asks the reader to mind the market, not the page: "Keep your eye on
    Friday's jobs report." (a verb of attention, a market word, no word of chrome's kinds); not
    "Keep reading", "Look out for our Friday edition"."""
    return (
        text.rstrip().endswith(".")
        and bool(unique & ATTENTION)
        and bool(MARKET_WORDS & cased_of(text))
        and not kinds
        and not unique & (STRONG | PAGE_WORDS)
    )


def _news(text: str, cased: set[str]) -> bool:
    """True for a sentence (it has a market verb) that reports market news: a company or index
    that does something, a market word or a figure; not when its form is chrome whatever it says
    (a copyright line, a credit made only of names, a byline)."""
    if COPYRIGHT.search(text) or credit_line(text) or BYLINE_NAMES.match(text):
        return False
    return bool(_SUBJECT_VERB.match(text) or MARKET_WORDS & cased or FIGURE.search(text))


def chrome_heading(text: str) -> bool:
    """True for a heading that is chrome by kind ("You might also like", "About the author").
    A heading is short, so it needs more than one weak word: "Rates desk", "Install" and
    "Popular trades" may head a section of the article. The rules alone judge a heading: the
    model learned from lines and sentences, not headings."""
    if chrome_score(text)[0] < THRESHOLD:
        return False
    words = set(words_of(text))
    if words & (STRONG | PAGE_WORDS | READER):
        return True
    return len({w for w in words if KIND_OF.get(w)}) >= 2


# A label for the recap's own opinion, not the page's ("Our take", "My view", "Bottom line").
_OPINION = frozenset({
    "view", "views", "take", "verdict", "outlook", "thesis", "opinion", "call", "bottom",
    "upshot", "gist", "summary", "takeaway", "takeaways", "short", "tl;dr", "net",
})  # fmt: skip

# A label that looks ahead is the recap's own outlook, whatever page word it holds.
_AHEAD = frozenset({"tomorrow", "ahead", "upcoming", "tomorrow's"})


def _recap_label(words: tuple[str, ...]) -> bool:
    """A label in the recap's own voice: its opinion ("Our view: stocks remain expensive.",
    "Bottom line: ...") or its outlook ("On the watchlist for tomorrow: Nvidia earnings")."""
    unique = set(words)
    return bool(_OPINION & unique or (_AHEAD & unique and not READER & unique))


def _chrome_label(words: tuple[str, ...]) -> bool:
    """A label of the page ("Related", "Read more", "Photo", "In case you missed it"), not a
    recap's own ("More from the earnings front", "Policy sensitivity", `_recap_label`)."""
    if _recap_label(words):
        return False
    for word in words:
        if word in STRONG or word in PAGE_WORDS or word in READER or word.startswith("source"):
            return True
    return len(words) <= 3 and (
        any(KIND_OF.get(w) for w in words) or (bool(words) and words[0] in READ_VERBS)
    )


def _imperative(text: str) -> bool:
    """True when a clause opens with a verb of a call to action (`_imperatives`)."""
    return bool(_imperatives(text))


def _imperatives(text: str) -> set[str]:
    """The verbs of a call to action that open a clause, used as verbs: not "Follow-through",
    not "Sign of strength", and none in a sentence with a copula ("Download speeds were ...")."""
    if _COPULA.search(text):
        return set()
    verbs = set()
    for match in CLAUSE.finditer(text):
        verb = match.group(1).lower().replace("’", "'")
        if (
            verb in IMPERATIVES
            and not text[match.end() :].startswith("-")
            and not _OF_NEXT.match(text, match.end())  # a noun: "Start of trade"
        ):
            verbs.add(verb)
    return verbs


_OF_NEXT = re.compile(r"\s+of\b", re.IGNORECASE)

# "Top" as an adjective opening a list's lead: "Top gainers in Dubai:", "Top Nifty losers:".
_RANKED = re.compile(
    r"^\W*top(?:\s+(?:\d+|[A-Z][\w&-]*))?\s+(?=(?:" + "|".join(sorted(MOVERS)) + r")\b)",
    re.IGNORECASE,
)


def chrome_kind(text: str, *, model: ChromeModel | None = None) -> str | None:
    """The kind of chrome a line or sentence is ("sources", "player", ..., "chrome" when only
    its shape tells), or None for article prose. Below the rules' bar, the learned model
    (`chrome_model`, or `model`) may still call it chrome (`_learned`)."""
    score, kind = chrome_score(text)
    if score < THRESHOLD and not _learned(text, (score, kind), model):
        return None
    if score >= THRESHOLD and _overruled(text, score, model):
        return None
    return kind or "chrome"


def _probability(text: str, model: ChromeModel | None) -> float:
    """`model`'s probability of chrome, or the shipped model's, cached (a recap repeats its
    sentences, and the readers weigh each piece twice)."""
    return model.probability(text) if model else _shipped_probability(text)


@functools.lru_cache(maxsize=16_384)
def _shipped_probability(text: str) -> float:
    return default_model().probability(text)


@functools.lru_cache(maxsize=16_384)
def _unweighed(text: str) -> bool:
    """A piece the rules never weigh, so the model never decides: article prose by its length
    (`MAX_CHROME_CHARS`, `MAX_CHROME_WORDS`), or code."""
    return (
        len(text) > MAX_CHROME_CHARS
        or len(words_of(text)) > MAX_CHROME_WORDS
        or (bool(CODE.search(text)) and not FX_NOTE.fullmatch(text))
    )


def _learned(text: str, weighed: tuple[int, str | None], model: ChromeModel | None) -> bool:
    """True when the model calls chrome (from `MODEL_THRESHOLD`, or `FIGURE_THRESHOLD` for a
    piece with a digit) a piece the rules weighed (`chrome_score`) below the bar but not against
    chrome (score 0 to 2; not one they never weigh, `_unweighed`), that does not report market
    news, and that is none of what the model was seen to get wrong on a blind set:

    - No reader or first person (`PERSONS`), and not a list of market moves (`_moves_list`).
    - A figure only where the rules saw some chrome (score 1 or 2) and it is not a market's
      (`_MARKET_FIGURE`, a market word): registration numbers and counts, not "Support: 5,120
      and 5,050" nor a figure-dense list item.
    - Not a bare label: it holds a word of a kind, or is a sentence of three words or more, or
      has five. A short fragment ("First", "Crypto and commodities") may be a list item or a
      heading, which the rules alone judge.
    - Not a line that opens a list ("Three things stood out:") nor one under the recap's own
      label ("Bottom line: ...").
    - Not the recap asking its own question about the market ("Why do yields matter?").
    """
    score, kind = weighed
    if not 0 <= score < THRESHOLD or _unweighed(text) or _reports_news(text):
        return False
    stripped = text.strip()
    if stripped.endswith(":"):
        return False  # it opens a list: "A quick look at commodities:"
    label = LABEL.match(stripped)
    if label and _recap_label(words_of(label.group(1))):
        return False  # "Bottom line: ...", "On the watchlist for tomorrow: ..."
    words = words_of(text)
    if PERSONS & set(words) or _moves_list(text, set(words)):
        return False
    if _QUESTION.fullmatch(stripped) and MARKET_WORDS & cased_of(text):
        return False  # "Why do yields matter?", "What does a strong dollar mean for earnings?"
    sentence = stripped.endswith(_STATED)  # not "!": "Stocks Rally!!" is a headline
    if kind is None and len(words) < 5 and not (len(words) >= 3 and sentence):
        return False
    figure = bool(_DIGIT.search(text))
    if figure and (not score or _MARKET_FIGURE.search(text) or MARKET_WORDS & cased_of(text)):
        return False  # a market's figures ("Support: 5,120 and 5,050"), or ones nothing marks
    bar = FIGURE_THRESHOLD if figure else MODEL_THRESHOLD
    return _probability(text, model) >= bar


# The highest rule score the model may overrule (`OVERRULE_THRESHOLD`).
_NARROW = THRESHOLD + 2


def _overruled(text: str, score: int, model: ChromeModel | None) -> bool:
    """True when the rules call a piece chrome by a narrow margin (up to `_NARROW`) on its words
    alone, and the model is sure it is the recap's own (below `OVERRULE_THRESHOLD`): words of
    chrome's kinds in a writer's sentence ("The CBN's Monetary Policy Committee meets next week;
    we expect another hike of at least 50 basis points" holds "next", "points" and "we"). A
    piece the rules saw a page's form or shape in ("Delivered Monday through Friday after the
    closing bell": a newsletter's cadence) is theirs: the model weighs words, not forms."""
    if score > _NARROW or page_form(text) or any(shape.search(text) for shape, _, _ in SHAPES):
        return False
    return _probability(text, model) < OVERRULE_THRESHOLD


# What makes a figure a market's: a percentage, a currency, basis points, a multiple, a quarter,
# a fiscal year, an index's name with its number ("S&P 500", "FTSE 100").
_MARKET_FIGURE = re.compile(
    r"%|[$€£¥₹]|\d\s?(?:bps?|pp|x)\b|\b(?:Q[1-4]|[1-4]Q|FY|H[12]|[12]H)\s?'?\d|S&P|\b[A-Z]{2,}"
    r"\s?\d{2,4}\b|\d\s?(?:billion|million|trillion|bn)\b"
)

# A question the recap asks and answers, in one sentence.
_QUESTION = re.compile(
    r"\W*(?:why|what|how|when|where|which|who|will|is|are|can|does|do|did)\b[^?]*\?",
    re.IGNORECASE,
)

_DIGIT = re.compile(r"\d")


@functools.lru_cache(maxsize=16_384)
def _reports_news(text: str) -> bool:
    """A sentence with a market verb about a company, an index, a market word or a figure."""
    return bool((PROSE_VERBS | NEWS_VERBS) & set(words_of(text))) and _news(text, cased_of(text))


# A sentence ends at ".", "!" or "?" before a space and a capital, a quote, a symbol, an emoji
# ("📊 Chart via ...") or a name written in camel case ("iHeartMedia", "eBay")...
_SENTENCE_END = re.compile(
    r"(?<=[.!?…])\s+(?=[A-Z\"“‘'(+©▶►@]|[a-z][A-Z]|[\U0001f300-\U0001faff]\s*[A-Z])"
)

# ... but not after an abbreviation ("U.S. Steel", "Nov. 18", "Dr. Reddy's", "Warner Bros.
# Discovery"). A company's "Inc." before a capital is weighed as an end: "... Publishing Inc.
# Bank shares rose" holds a footer and a recap sentence ("Acme Inc. Chief Executive ..." is two
# pieces kept as written).
_ABBREVIATION = re.compile(
    r"(?:\b[A-Z]|\b(?:[A-Za-z]\.)+[A-Za-z]|\b(?:Mr|Mrs|Ms|Dr|St|vs|No|Bros|Jan|Feb|Mar|Apr"
    r"|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|e\.g|i\.e|approx|est))\.$"
)

# ... though a lone capital after a lower-case word is a name, not an initial ("Follow us on X.").
_NAMED_LETTER = re.compile(r"\s[a-z][\w'’-]*\s+[A-Z]\.$")


# ... nor after "no." before a number or a code ("company no. SC123456").
_NUMBERED = re.compile(r"\b[Nn]o\.$")
_CODE_NEXT = re.compile(r"[A-Z]{0,4}\d")


def _sentences(text: str) -> list[str]:
    pieces: list[str] = []
    for piece in _SENTENCE_END.split(text):
        if pieces and (
            (_ABBREVIATION.search(pieces[-1]) and not _NAMED_LETTER.search(pieces[-1]))
            or (_NUMBERED.search(pieces[-1]) and _CODE_NEXT.match(piece))
        ):
            pieces[-1] = f"{pieces[-1]} {piece}"
        else:
            pieces.append(piece)
    return pieces


# A sentence that goes on about the person named before it: "She previously worked at ...".
_CONTINUES = re.compile(r"^\W*(?:She|He|They)\s")

# ... and that goes with a bio before it, whatever it says ("She joined The Tape in 2021").
_BIO_GOES_ON = re.compile(r"^\W*(?:She|He|They|Her|His|Their)\s")


def _leans_to_chrome(piece: str, score: int) -> bool:
    """A short teaser without a figure that leans to chrome: "Want the full picture?", "Think
    you can beat the S&P?", "Reach her at ...", or a bio's next sentence ("She previously ...")."""
    if score <= 0 or FIGURE.search(piece):
        return False
    return len(words_of(piece)) <= 8 or bool(_CONTINUES.match(piece))


def is_disclaimer(text: str) -> bool:
    """True for the legal boilerplate a disclaimer is made of ("not investment advice")."""
    return _disclaims(text)


@functools.lru_cache(maxsize=16_384)
def _disclaims(text: str) -> bool:
    """`DISCLAIMER` found in the text. The search is long: callers ask it only of a piece that
    would otherwise go as chrome."""
    return bool(DISCLAIMER.search(text))


def _chrome(text: str, disclaimer: bool, model: ChromeModel | None) -> bool:
    """`chrome_kind`, but a disclaimer's sentence is kept when `disclaimer` (under its heading)."""
    return bool(chrome_kind(text, model=model)) and not (disclaimer and _disclaims(text))


def drop_chrome_sentences(
    text: str, *, disclaimer: bool = False, model: ChromeModel | None = None
) -> str:
    """The text without its chrome sentences; the rest exactly as it was written (with
    `disclaimer`, a disclaimer's own sentences are kept: "... not investment advice").

    Each sentence is weighed alone, never the block as a whole (a source line glued to a recap
    sentence must not take it along). A sentence that leans to chrome without reaching the bar
    ("Want the full picture?") goes with a chrome sentence beside it when the two together are
    chrome ("... Start your free trial."). `model` stands in for the shipped one (tests).
    """
    pieces = _sentences(text)
    if len(pieces) == 1:
        return "" if _chrome(text, disclaimer, model) else text
    weighed = [chrome_score(piece) for piece in pieces]
    scores = [score for score, _ in weighed]

    def kept(index: int) -> bool:
        """A disclaimer's own sentence, kept under its heading (asked only of one that would go)."""
        return disclaimer and _disclaims(pieces[index])

    chrome = [
        (
            (score >= THRESHOLD and not _overruled(piece, score, model))
            or _learned(piece, weight, model)
        )
        and not kept(index)
        for index, (piece, weight, score) in enumerate(zip(pieces, weighed, scores, strict=True))
    ]
    for index, piece in enumerate(pieces):
        if chrome[index]:
            continue
        if (
            index
            and chrome[index - 1]
            and weighed[index - 1][1] == "author_bio"
            and _BIO_GOES_ON.match(piece)
            and not FIGURE.search(piece)
        ):
            chrome[index] = not kept(index)  # a bio's next sentence: "She joined The Tape ..."
            continue
        if not _leans_to_chrome(piece, scores[index]):
            continue
        for other in (index - 1, index + 1):
            if 0 <= other < len(pieces) and chrome[other]:
                pair = (pieces[other], piece) if other < index else (piece, pieces[other])
                if chrome_kind(" ".join(pair), model=model):
                    chrome[index] = not kept(index)
                    break
    for index in range(len(pieces) - 1):
        if chrome[index] and _asks_and_answers(pieces[index], pieces[index + 1], chrome[index + 1]):
            chrome[index] = False  # "Did Powell blink? We think he did — ..."
    if any(chrome) and not all(chrome) and chrome_kind(text, model=model):
        _companions(pieces, chrome, kept, model)
    if not any(chrome):
        return text
    return " ".join(piece for piece, drop in zip(pieces, chrome, strict=True) if not drop)


def _asks_and_answers(question: str, answer: str, answer_is_chrome: bool) -> bool:
    """A question the recap asks and the next sentence answers ("What does a weaker loonie mean
    for you? If you're planning a U.S. trip, ..."): kept when the answer is kept and weighs
    nothing of chrome, and the question holds no page word ("Enjoying this newsletter?")."""
    if not question.rstrip().endswith("?") or answer_is_chrome:
        return False
    if set(words_of(question)) & (STRONG | PAGE_WORDS):
        return False
    return chrome_score(answer)[0] <= 1 and not _imperative(answer)


def _companions(
    pieces: list[str],
    chrome: list[bool],
    kept: Callable[[int], bool],
    model: ChromeModel | None,
) -> None:
    """In a short block that is chrome as a whole ("Originally published on Substack.
    Cross-posted with permission."), a sentence beside a chrome one goes with it when it does
    not report market news and the model leans to chrome for it too (`COMPANION_THRESHOLD`);
    marks `chrome` in place, forwards then backwards, so a run of them goes."""
    for order in (range(len(pieces)), range(len(pieces) - 1, -1, -1)):
        for index in order:
            if chrome[index] or _reports_news(pieces[index]):
                continue
            beside = [other for other in (index - 1, index + 1) if 0 <= other < len(pieces)]
            if (
                any(chrome[other] for other in beside)
                and _probability(pieces[index], model) >= COMPANION_THRESHOLD
                and not kept(index)
            ):
                chrome[index] = True


_TERMINAL = (".", "!", "?", "…", '."', ".”", ".)")

# A sentence's end for the model's gate (`_learned`): not "!", a headline's ("Stocks Rally!!").
_STATED = tuple(end for end in _TERMINAL if end != "!")


def drop_chrome_lines(
    text: str, *, disclaimer: bool = False, model: ChromeModel | None = None
) -> str:
    """A block's lines without those that are chrome (a source line glued under the last
    paragraph by a soft line break). A line is judged only where a sentence may start: first,
    after a line that ends a sentence, or after a dropped line; a hard-wrapped line that
    continues a sentence ("follow the auction"), or that the next line continues, is never
    judged alone. `disclaimer` keeps a disclaimer's lines, as in `drop_chrome_sentences`."""
    if "\n" not in text:
        return text
    lines = text.split("\n")
    kept: list[str] = []
    judge = True
    changed = False
    for index, line in enumerate(lines):
        stripped = line.strip()
        following = lines[index + 1].strip() if index + 1 < len(lines) else ""
        continued = following[:1].islower()  # "... its sources\nof revenue ..."
        if judge and stripped and not continued and _chrome(stripped, disclaimer, model):
            changed = True
            continue
        kept.append(line)
        judge = not stripped or stripped.endswith(_TERMINAL)
    return "\n".join(kept) if changed else text


def is_prose(text: str) -> bool:
    """True for a block that reads as an article's sentence (it ends like one, or is long): it
    ends a run of chrome under a heading that was chrome only by kind (link titles have no
    full stop)."""
    stripped = text.strip()
    words = len(stripped.split())
    return (words >= 4 and stripped.endswith(_TERMINAL)) or words >= 16
