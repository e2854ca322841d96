"""Clean every kept string (entities, tags, NFC, invisible chars, emoji) into speakable text."""

from __future__ import annotations

import html
import re
import unicodedata

__all__ = ["clean_block", "clean_text", "clean_title", "strip_invisible", "strip_markup"]

# An entity only counts with its semicolon: html.unescape alone would turn "Q&notes" into "Q¬es".
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# Elements whose content is code, never prose: dropped with their content (see _drop_code).
_CODE_OPEN = re.compile(r"<(script|style|noscript|template|iframe|object)\b[^<>]*>", re.IGNORECASE)
_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)
_CDATA = re.compile(r"<!\[CDATA\[.*?(?:\]\]>|$)", re.DOTALL)
_DECLARATION = re.compile(r"<![A-Za-z][^<>]*>|<\?.*?(?:\?>|$)", re.DOTALL)
# A start, end or self-closing tag; quoted attribute values may hold ">".
_TAG = re.compile(r"</?[A-Za-z][\w:.-]*(?:\s(?:\"[^\"]*\"|'[^']*'|[^'\"<>])*)?/?>")
# Anything else shaped like a tag ("<a/b>", "<x \">", "<!>") goes too.
_TAG_LIKE = re.compile(r"<[A-Za-z/!?][^<>]*>")
_MARK = "\ue000"
_MARK_RUN = re.compile(r"\ue000[ \t\ue000]*")  # starts at a mark: linear, no backtracking
_MARK_BEFORE_PUNCT = re.compile(r"\ue000(?=[.,;:!?)\]%])")
_MARK_AFTER_OPEN = re.compile(r"(?<=[(\[])\ue000")

# Emoji and pictographs, plus the joiners and selectors that build emoji sequences.
_EMOJI_RANGES: tuple[tuple[int, int], ...] = (
    (0x1F000, 0x1FAFF),  # mahjong .. symbols & pictographs extended-A (incl. flags, skin tones)
    (0x2600, 0x27BF),  # miscellaneous symbols, dingbats
    (0x2B00, 0x2BFF),  # miscellaneous symbols and arrows (⭐ ⬆ ...)
    (0x231A, 0x231B),
    (0x2328, 0x2328),
    (0x23CF, 0x23CF),
    (0x23E9, 0x23F3),
    (0x23F8, 0x23FA),
    (0x24C2, 0x24C2),
    (0x25B6, 0x25B6),
    (0x25C0, 0x25C0),
    (0x25FB, 0x25FE),
    (0x2934, 0x2935),
    (0x3030, 0x3030),
    (0x303D, 0x303D),
    (0x3297, 0x3297),
    (0x3299, 0x3299),
    (0xFE00, 0xFE0F),  # variation selectors
    (0x20E3, 0x20E3),  # combining keycap
    (0xE0000, 0xE007F),  # tag characters (flag sequences)
)
# Control (Cc), format/zero-width (Cf), surrogate (Cs), private use (Co), unassigned (Cn).
_DROP_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})
_KEEP_CONTROLS = frozenset({"\n", "\t"})


def _dropped(cp: int) -> bool:
    ch = chr(cp)
    if ch in _KEEP_CONTROLS:
        return False
    if cp == 0xFFFD or (0xFDD0 <= cp <= 0xFDEF) or (cp & 0xFFFE) == 0xFFFE:
        return True  # replacement char and XML-1.0 non-characters
    if any(lo <= cp <= hi for lo, hi in _EMOJI_RANGES):
        return True
    return unicodedata.category(ch) in _DROP_CATEGORIES


class _CharFilter(dict[int, int | None]):
    """A str.translate table that decides each code point once: None deletes it."""

    def __missing__(self, cp: int) -> int | None:
        value = None if _dropped(cp) else cp
        self[cp] = value
        return value


_FILTER = _CharFilter()
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")
_INLINE_SPACE = re.compile(r"[^\S\n]+")
_ANY_SPACE = re.compile(r"\s+")
# Guards: a text with none of these is left as it is by the patterns above (no line break to
# rewrite; only single spaces between words), and the scans that match every space are skipped.
_BREAK_CHAR = re.compile(r"[\r\u2028\u2029\x0b\x0c\x85]")
_ODD_SPACE = re.compile(r"[^\S ]")
_ODD_INLINE_SPACE = re.compile(r"[^\S\n ]")


def _breaks(text: str) -> str:
    """Every line break as "\\n"."""
    return _LINE_BREAKS.sub("\n", text) if _BREAK_CHAR.search(text) else text


def _spaces(text: str) -> str:
    """Every run of whitespace one space."""
    if "  " in text or _ODD_SPACE.search(text):
        return _ANY_SPACE.sub(" ", text)
    return text


def _inline_spaces(line: str) -> str:
    """Every run of whitespace but newlines one space."""
    if "  " in line or _ODD_INLINE_SPACE.search(line):
        return _INLINE_SPACE.sub(" ", line)
    return line


def _unescape(text: str) -> str:
    return _ENTITY.sub(lambda m: html.unescape(m.group(0)), text)


def _drop_code(text: str) -> str:
    """Remove <script>...</script> and the like, content included, in one linear pass.

    An element that is never closed keeps its text (its tags go with the other tags).
    """
    lowered = text.lower()
    unclosed: set[str] = set()
    out: list[str] = []
    pos = 0
    for match in _CODE_OPEN.finditer(text):
        name = match.group(1).lower()
        if match.start() < pos or name in unclosed:
            continue
        end = lowered.find(f"</{name}", match.end())
        close = lowered.find(">", end) if end != -1 else -1
        if close == -1:
            unclosed.add(name)
            continue
        out.append(text[pos : match.start()])
        out.append(_MARK)
        pos = close + 1
    out.append(text[pos:])
    return "".join(out)


def _strip_once(text: str) -> str:
    # A removed tag leaves a private-use mark (input ones are already filtered out): it becomes
    # nothing next to punctuation ("<a>data</a>." -> "data.") and a space elsewhere ("a<br>b").
    text = _unescape(text)
    text = _drop_code(text)
    for pattern in (_COMMENT, _CDATA, _DECLARATION, _TAG, _TAG_LIKE):
        text = pattern.sub(_MARK, text)
    if _MARK in text:
        text = _MARK_RUN.sub(_MARK, text)
        text = _MARK_BEFORE_PUNCT.sub("", text)
        text = _MARK_AFTER_OPEN.sub("", text)
        text = text.replace(_MARK, " ")
    return text


def _filter_chars(text: str) -> str:
    return unicodedata.normalize("NFC", text).translate(_FILTER)


def strip_invisible(text: str) -> str:
    """NFC text without control, zero-width, private-use or emoji characters (markup untouched)."""
    return _filter_chars(text)


def strip_markup(text: str) -> str:
    """Decode entities, drop invisible characters and tags (script/style with their content).

    Repeated until nothing changes: entities can hide tags ("&lt;script&gt;"), and an invisible
    character or entity can split one ("<&#8203;script>"). Each changing pass shortens the text.
    """
    for _ in range(10):
        before = text
        text = _strip_once(_filter_chars(text))
        if text == before:
            break
    return _filter_chars(text)


def clean_text(text: str) -> str:
    """One line of clean text: no markup, no invisible or emoji characters, single spaces."""
    text = strip_markup(_breaks(text))
    return _spaces(text).strip()


def clean_block(text: str) -> str:
    """Clean text that keeps its line structure: each line cleaned, lines joined by "\\n"."""
    text = strip_markup(_breaks(text))
    lines = (_inline_spaces(line).strip() for line in text.split("\n"))
    return "\n".join(lines)


def clean_title(text: str) -> str:
    """A headline as plain text: invisible characters out and spaces collapsed, but what looks
    like markup stays, because a title is text (AT&T "<script>" reads back exactly in the
    feed, escaped there by the XML library; the spoken script drops markup on its own)."""
    return _spaces(strip_invisible(text)).strip()
