"""Strip what is never spoken (tags, scripts, links, markdown, odd Unicode) and join lines."""

from __future__ import annotations

import html
import re
import unicodedata

_BLOCKS = re.compile(
    r"<(script|style|noscript|template)\b[^>]*>.*?(?:</\1\s*>|\Z)", re.IGNORECASE | re.DOTALL
)
_COMMENTS = re.compile(r"<!--.*?(?:-->|\Z)|<!\[CDATA\[.*?(?:\]\]>|\Z)", re.DOTALL)
_TAGS = re.compile(r"</?[A-Za-z][^<>]*>|<[!?][^<>]*>")
_URLS = re.compile(r"\b(?:https?|ftp)://\S+|\bwww\.\S+", re.IGNORECASE)
_EMAILS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_TLDS = {"com": "com", "ai": "A I", "io": "I O", "org": "org", "net": "net", "gov": "gov"}
_DOMAINS = re.compile(r"\b([A-Za-z][A-Za-z0-9-]*)\.(com|ai|io|org|net|gov)\b(?:/[^\s]*)?")
_MD_IMAGES = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINKS = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MD_HEADINGS = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>+\s+(?![\d$.]))", re.MULTILINE)
_MD_RULES = re.compile(r"^\s*(?:[-*_=]\s*){3,}$", re.MULTILINE)
_MD_EMPHASIS = re.compile(r"\*+|`+|_+")
_MARKS = re.compile("[™®©℠\u200b-\u200f\u2060\ufeff\u00ad]")
_HYPHENS = str.maketrans({"−": "-", "‐": "-", "‑": "-", "‒": "-", "⁄": "/", "\u2215": "/"})
_LATIN = str.maketrans({"ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "œ": "oe",
                        "Œ": "OE", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "þ": "th", "ð": "d",
                        "ı": "i"})  # fmt: skip
# What later passes know how to read; anything else (emoji, other scripts, controls) is a space.
_FOREIGN = re.compile("[^\x20-\x7e\n’‘“”–—―•·▪►●◦‣⁃±×°€£¥≈]")
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\u2028\u2029\x0b\x0c\x85]")
_BULLET = re.compile(r"^(?:[•▪►●◦‣⁃·*]+\s*|[-–—+]+(?:\s+|(?=[•▪►●◦‣⁃·]))|[•▪►●◦‣⁃·]+)+")
_LINE_END = re.compile(r"[.!?:;,]\W*$")


def _domain(match: re.Match[str]) -> str:
    return f"{match.group(1)} dot {_TLDS[match.group(2)]}"


def _ascii_digits(text: str) -> str:
    if text.isascii():
        return text
    out = []
    for ch in text:
        if ch.isdigit() and not ch.isascii():
            value = unicodedata.digit(ch, None)
            out.append(str(value) if value is not None else " ")
        else:
            out.append(ch)
    return "".join(out)


def strip_markup(text: str) -> str:
    """Entities decoded; scripts, styles, tags, URLs, e-mails and markdown marks removed."""
    text = html.unescape(text)
    text = _BLOCKS.sub(" ", text)
    text = _COMMENTS.sub(" ", text)
    text = _TAGS.sub(" ", text)
    text = _MD_IMAGES.sub(" ", text)
    text = _MD_LINKS.sub(r"\1", text)
    text = _URLS.sub(" ", text)
    text = _EMAILS.sub(" ", text)
    text = _DOMAINS.sub(_domain, text)
    text = _MD_RULES.sub(" ", text)
    text = _MD_HEADINGS.sub("", text)
    text = _MD_EMPHASIS.sub(" ", text)
    text = _MARKS.sub("", text)
    text = _LINE_BREAKS.sub("\n", text)
    text = unicodedata.normalize("NFKC", text).translate(_HYPHENS).translate(_LATIN)
    text = unicodedata.normalize("NFKD", _ascii_digits(text))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _FOREIGN.sub(" ", text)


def join_lines(text: str) -> str:
    """One line of text: bullets dropped; a line that ends without punctuation gets a period."""
    lines = [_BULLET.sub("", line).strip() for line in _LINE_BREAKS.split(text)]
    lines = [line for line in lines if line]
    for i, line in enumerate(lines[:-1]):
        if not _LINE_END.search(line):
            lines[i] = line + "."
    return " ".join(lines)
