"""Cheap necessary conditions for the normaliser's rules: a rule whose trigger is absent from the
text cannot match, so its scan is skipped. Each pass then costs about one scan per rule that can
apply; the confirming pass of `speak` (digits and symbols gone) is nearly free.

A guard only ever says "cannot match": it tests for something every match of the rule contains
or touches (a character, a short string, or a small pattern that starts with a literal or a
character class, which the regex engine scans for quickly). A rule that starts with a lookbehind
makes the engine try every position of the text; `sub_from` tries it only where it can start.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

Replacement = str | Callable[[re.Match[str]], str]
Triggers = tuple[str | re.Pattern[str], ...]  # literal strings or patterns

DIGIT = re.compile(r"\d")


def has(text: str, *needles: str) -> bool:
    """True when any of `needles` occurs in `text`."""
    return any(needle in text for needle in needles)


def sub_if(present: bool, pattern: re.Pattern[str], repl: Replacement, text: str) -> str:
    """`pattern.sub(repl, text)` when its trigger is `present`, else the text unchanged."""
    return pattern.sub(repl, text) if present else text


def triggered(text: str, triggers: Triggers) -> bool:
    """True when any trigger occurs: a string as a substring, a pattern anywhere."""
    for trigger in triggers:
        if trigger in text if isinstance(trigger, str) else trigger.search(text):
            return True
    return False


def cases(word: str) -> tuple[str, ...]:
    """Every spelling of an ASCII `word` in upper and lower case ("vs" -> vs, vS, Vs, VS): the
    substrings a case-insensitive rule needs, found by plain substring search."""
    return tuple("".join(p) for p in itertools.product(*({c.lower(), c.upper()} for c in word)))


def sub_from(
    starts: re.Pattern[str], pattern: re.Pattern[str], repl: Replacement, text: str
) -> str:
    """`pattern.sub(repl, text)` for a pattern whose every match begins where `starts` matches.

    `starts` begins with a literal or a character class, which the engine scans for quickly;
    `pattern` (whose leading lookbehind makes the engine try every position) is tried only at
    those places. Same
    result as re.sub for a pattern that never matches the empty string: positions are tried left
    to right, and after a match the search goes on where it ended; lookbehinds, match.string and
    match.start() still see the whole text.
    """
    out: list[str] = []
    done = at = 0
    while (found := starts.search(text, at)) is not None:
        match = pattern.match(text, found.start())
        if match is None:
            at = found.start() + 1
            continue
        if match.end() == match.start():
            raise ValueError("sub_from: the pattern matched the empty string")
        out.append(text[done : match.start()])
        out.append(repl(match) if callable(repl) else match.expand(repl))
        done = at = match.end()
    if not out:
        return text
    out.append(text[done:])
    return "".join(out)
