"""Tickers, index names and acronyms from the lexicon: names said once, letters spelled out."""

from __future__ import annotations

import re

from podcast.script.guard import sub_from, sub_if
from podcast.script.lexicon import Lexicon

_TICK = r"\$?[A-Z]{1,5}(?:[.-][A-Z](?![A-Za-z]))?"
_EXCHANGE = r"(?:NYSE(?: ?Arca)?|NASDAQ|Nasdaq|NYSEARCA|AMEX|TSX|LSE|OTC|CBOE|Cboe)"
_PAREN = re.compile(
    rf"\s*\(\s*(?P<exchange>{_EXCHANGE}\s*:\s*)?(?P<list>{_TICK}(?:\s*[,/;]\s*{_TICK})*)\s*\)"
)
_CASHTAG = re.compile(r"(?<![\w$])\$(?P<tok>[A-Z]{1,5}(?:[.-][A-Z])?)(?![\w])")
_DOLLAR = re.compile(r"\$[A-Z]")  # where a cashtag starts (see guard.sub_from)
# The lookbehinds of _TOKEN and _LETTER come after the first capital (and look at the character
# before it): a pattern that starts with a character class is scanned for quickly.
_TOKEN = re.compile(
    r"(?P<tok>[A-Z](?<![\w$][A-Z])[A-Z]{0,7}(?:[.-][A-Z](?![A-Za-z]))?)(?P<pl>s)?"
    r"(?P<pos>['’]s(?![A-Za-z])|['’](?![A-Za-z]))?(?![\w])"
)
_SHOUTING = re.compile(r"(?:\b[A-Z][A-Z'’]+\b[\s,:;!?-]+){2,}\b[A-Z][A-Z'’]+\b")
# After the figures pass a price move reads "CAT up two percent" or "CAT rose two percent".
_MOVE_AFTER = re.compile(
    r"\s*:?\s*(?:up|down|rose|fell|gained|lost|jumped|slid|dropped|climbed|added|advanced"
    r"|declined|rallied|sank|slipped|surged|tumbled)\b"
)
_SIGNED_AFTER = re.compile(r"\s*:?\s*[+±-]\s?\$?\.?\d")
_LETTER = re.compile(r"(?P<tok>[A-Z](?<![\w'’$.&-][A-Z]))(?P<pos>['’]s(?![A-Za-z]))?(?![\w&.-])")
_DETERMINER = re.compile(r"(?:\b(?:the|a|an|its|their|this|that|our|your)|['’]s)\s+$", re.I)
_LETTER_BEFORE = re.compile(r"(?:^|\s)[A-Z]\s+$")
_LIST_BEFORE = re.compile(r"(?<![\w'’])([A-Z]{1,5}(?:[.-][A-Z])?)(?:\s*[,;/]\s*|\s+and\s+|\s+)$")
_LIST_AFTER = re.compile(r"(?:\s*[,;/]\s*|\s+and\s+|\s+)([A-Z]{1,5}(?:[.-][A-Z])?)(?![\w'’])")


def _name(name: str, match: re.Match[str], pos: str | None) -> str:
    start = match.start()
    before = match.string[max(0, start - 40) : start]
    if name.startswith("the ") and _DETERMINER.search(before):
        name = name[4:]
    elif name[:1].islower():
        head = before.rstrip()
        if (head[-1:] in {".", "!", "?"} and head) or (not head and start <= 40):
            name = name[:1].upper() + name[1:]
    if pos:
        apostrophe = pos[0]
        if name.endswith(("'s", "’s")):
            return name
        return name + apostrophe if name.endswith("s") else f"{name}{apostrophe}s"
    return name


def _spelled(token: str) -> str:
    return " ".join(token.replace(".", "").replace("-", ""))


class _Speaker:
    """Says tokens against one lexicon; one instance per call keeps the shouting spans."""

    def __init__(self, lexicon: Lexicon, text: str) -> None:
        self.lex = lexicon
        self.text = text
        self._spans: list[tuple[int, int]] | None = None  # found when first asked (a scan)

    @property
    def shouting(self) -> list[tuple[int, int]]:
        if self._spans is None:
            self._spans = [m.span() for m in _SHOUTING.finditer(self.text)]
        return self._spans

    def is_ticker(self, tok: str) -> bool:
        tok = tok.lstrip("$")
        return tok in self.lex.tickers or tok in self.lex.word_tickers

    def is_word(self, tok: str) -> bool:
        tok = tok.lstrip("$")
        lex = self.lex
        return tok in lex.acronyms or tok in lex.indexes or tok in lex.shouted

    def ticker_name(self, tok: str) -> str:
        tok = tok.lstrip("$")
        name = self.lex.tickers.get(tok) or self.lex.word_tickers.get(tok)
        return name or _spelled(tok)

    def paren(self, match: re.Match[str]) -> str:
        tokens = re.split(r"\s*[,/;]\s*", match.group("list"))
        after = match.string[match.end() : match.end() + 1]
        gone = " " if after[:1].isalnum() else ""
        if match.group("exchange"):
            return gone
        if any(self.is_word(t) and not self.is_ticker(t) for t in tokens):
            return match.group(0)
        if any(len(t.lstrip("$")) == 1 and not self.is_ticker(t) for t in tokens):
            return match.group(0)
        before = match.string[max(0, match.start() - 60) : match.start()].rstrip()
        named = re.search(r"[A-Z][\w'’.&-]*$", before)
        if len(tokens) == 1 or named:
            return gone
        names = [self.ticker_name(t) for t in tokens]
        spoken = ", ".join(names[:-1]) + f" and {names[-1]}"
        return f", {spoken},{gone}"

    def letter(self, match: re.Match[str]) -> str:
        """A one-letter ticker ("F +2%", "AMD, J") while its figures are still digits."""
        name = self.lex.word_tickers.get(match.group("tok"))
        text = match.string
        if (
            name
            and (_SIGNED_AFTER.match(text, match.end()) or self.in_list(match))
            and not _LETTER_BEFORE.search(text[max(0, match.start() - 3) : match.start()])
        ):
            return _name(name, match, match.group("pos"))
        return match.group(0)

    def cashtag(self, match: re.Match[str]) -> str:
        return _name(self.ticker_name(match.group("tok")), match, None)

    def in_list(self, match: re.Match[str]) -> bool:
        """Next to a known ticker ("HD, CAT and TGT"): a word ticker is a ticker there."""
        text = match.string
        before = _LIST_BEFORE.search(text[max(0, match.start() - 12) : match.start()])
        after = _LIST_AFTER.match(text, match.end())
        return any(m is not None and m.group(1) in self.lex.tickers for m in (before, after))

    def _shouting(self, start: int) -> bool:
        return any(a <= start < b for a, b in self.shouting)

    def token(self, match: re.Match[str]) -> str:
        tok, plural, pos = match.group("tok"), match.group("pl"), match.group("pos")
        lex = self.lex
        if len(tok) == 1:
            return match.group(0)
        if not plural and tok in lex.tickers:
            return _name(lex.tickers[tok], match, pos)
        if (
            not plural
            and tok in lex.word_tickers
            and (_MOVE_AFTER.match(match.string, match.end()) or self.in_list(match))
        ):
            return _name(lex.word_tickers[tok], match, pos)
        spoken = self._plain(tok, match)
        if spoken == tok and not plural:
            return match.group(0)
        return (spoken + "s" if plural else spoken) + (pos or "")

    def _plain(self, tok: str, match: re.Match[str]) -> str:
        lex = self.lex
        if tok in lex.acronyms:
            return lex.acronyms[tok]
        if tok in lex.indexes:
            return lex.indexes[tok]
        if tok in lex.shouted or tok in lex.word_tickers or self._shouting(match.start()):
            return tok.lower()
        if 2 <= len(tok) <= 5 and tok.isalpha():
            return _spelled(tok)
        return tok


def say_phrases(text: str, lexicon: Lexicon) -> str:
    """Index and company names from the lexicon ("S&P 500" -> "S and P five hundred")."""
    return lexicon.phrases.sub(lambda m: lexicon.phrase(m.group(0)), text)


def drop_tickers(text: str, lexicon: Lexicon) -> str:
    """Before figures: "Name (TICKER)" says the name once; cashtags and one-letter tickers."""
    speaker = _Speaker(lexicon, text)
    text = sub_if("(" in text, _PAREN, speaker.paren, text)
    text = sub_from(_DOLLAR, _CASHTAG, speaker.cashtag, text)
    return _LETTER.sub(speaker.letter, text)


def say_tickers(text: str, lexicon: Lexicon) -> str:
    """After figures: bare tickers named, acronyms said, unknown capitals spelled out."""
    return _TOKEN.sub(_Speaker(lexicon, text).token, text)
