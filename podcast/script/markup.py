"""Strip what is never spoken (tags, scripts, links, markdown, odd Unicode) and join lines."""

from __future__ import annotations

import html
import re
import unicodedata

from podcast.script.guard import cases, has, sub_if

_BLOCKS = re.compile(
    r"<(script|style|noscript|template)\b[^>]*>.*?(?:</\1\s*>|\Z)", re.IGNORECASE | re.DOTALL
)
_COMMENTS = re.compile(r"<!--.*?(?:-->|\Z)|<!\[CDATA\[.*?(?:\]\]>|\Z)", re.DOTALL)
_TAGS = re.compile(r"</?[A-Za-z][^<>]*>|<[!?][^<>]*>")
_URLS = re.compile(r"\b(?:https?|ftp)://\S+|\bwww\.\S+", re.IGNORECASE)
_WWW = cases("www.")  # a guard, with "://" (see guard.py)
# Each pattern below starts only where its run of characters starts (a lookbehind) and takes the
# run possessively: every later start in the same run would fail or match alike, and retrying
# them made a long run quadratic.
_EMAILS = re.compile(r"(?<![\w.+-])[\w.+-]++@[\w-]+(?:\.[\w-]+)+")
_TLDS = {"com": "com", "ai": "A I", "io": "I O", "org": "org", "net": "net", "gov": "gov"}
# A name that is not followed by a domain ending is taken whole (group "tld" unset) and left as
# it is: every later start inside it would reach the same "." and fail alike.
_DOMAINS = re.compile(
    r"\b([A-Za-z][A-Za-z0-9-]*+)(?:\.(?P<tld>com|ai|io|org|net|gov)\b(?:/[^\s]*)?)?"
)
_DOMAIN_ENDINGS = tuple(f".{tld}" for tld in _TLDS)
# "[label](url)" and "![alt](url)": the label runs to the first "]"; a failed label is skipped
# whole (every "[" inside it would end at the same "]"), so "[ [ [ ..." is read once.
_MD_IMAGE_OPEN = re.compile(r"!\[[^\]]*+(?:\]\()?")
_MD_LINK_OPEN = re.compile(r"\[([^\]]*+)(?:\]\()?")
_MD_HEADINGS = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>+\s+(?![\d$.]))", re.MULTILINE)
_MD_RULES = re.compile(r"^\s*(?:[-*_=]\s*){3,}$", re.MULTILINE)
_RULE_MARKS = re.compile(r"[-*_=]\s*[-*_=]\s*[-*_=]")  # in every horizontal rule (a guard)
_MD_EMPHASIS = re.compile(r"\*+|`+|_+")
_MARKS = re.compile("[™®©℠\u200b-\u200f\u2060\ufeff\u00ad]")
_HYPHENS = str.maketrans({"−": "-", "‐": "-", "‑": "-", "‒": "-", "⁄": "/", "\u2215": "/"})
_LATIN = str.maketrans({"ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "œ": "oe",
                        "Œ": "OE", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "þ": "th", "ð": "d",
                        "ı": "i"})  # fmt: skip
# What later passes know how to read; anything else (emoji, other scripts, controls) is a space.
_FOREIGN = re.compile("[^\x20-\x7e\n’‘“”–—―•·▪►●◦‣⁃±×°€£¥≈]")
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\u2028\u2029\x0b\x0c\x85]")
_BREAK = re.compile(r"[\r\n\u2028\u2029\x0b\x0c\x85]")  # guards: any line break,
_ODD_BREAK = re.compile(r"[\r\u2028\u2029\x0b\x0c\x85]")  # one that is not "\n"
_BULLET = re.compile(r"^(?:[•▪►●◦‣⁃·*]+\s*|[-–—+]+(?:\s+|(?=[•▪►●◦‣⁃·]))|[•▪►●◦‣⁃·]+)+")
_LINE_END = re.compile(r"[.!?:;,]\W*$")


def _md_links(text: str, opener: re.Pattern[str], keep_label: bool) -> str:
    """Replace "[label](url)" (or an image) by its label (or a space), in one linear pass."""
    if "](" not in text:
        return text
    last_close = text.rfind(")")
    out: list[str] = []
    pos = 0
    search_from = 0
    while (match := opener.search(text, search_from)) is not None:
        if not match.group(0).endswith("]("):
            search_from = match.end()
            continue
        if last_close < match.end():  # no ")" left: no later link can close either
            break
        close = text.index(")", match.end())
        out.append(text[pos : match.start()])
        out.append(match.group(1) if keep_label else " ")
        pos = search_from = close + 1
    out.append(text[pos:])
    return "".join(out)


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _without_combining(match: re.Match[str]) -> str:
    return "".join(ch for ch in match.group(0) if not unicodedata.combining(ch))


def drop_combining(text: str) -> str:
    """The text without combining marks; only its non-ASCII runs are looked at one by one."""
    return text if text.isascii() else _NON_ASCII.sub(_without_combining, text)


def _domain(match: re.Match[str]) -> str:
    tld = match.group("tld")
    return match.group(0) if tld is None else f"{match.group(1)} dot {_TLDS[tld]}"


def _domains(text: str) -> str:
    return _DOMAINS.sub(_domain, text) if any(e in text for e in _DOMAIN_ENDINGS) else text


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
    if "<" in text:
        text = _BLOCKS.sub(" ", text)
        text = _COMMENTS.sub(" ", text)
        text = _TAGS.sub(" ", text)
    text = _md_links(text, _MD_IMAGE_OPEN, keep_label=False)
    text = _md_links(text, _MD_LINK_OPEN, keep_label=True)
    text = sub_if(has(text, "://", *_WWW), _URLS, " ", text)
    text = sub_if("@" in text, _EMAILS, " ", text)
    text = _domains(text)
    text = sub_if(_RULE_MARKS.search(text) is not None, _MD_RULES, " ", text)
    text = sub_if(has(text, "#", ">"), _MD_HEADINGS, "", text)
    text = sub_if(has(text, "*", "`", "_"), _MD_EMPHASIS, " ", text)
    if not text.isascii():  # every mark is outside ASCII
        text = _MARKS.sub("", text)
    text = sub_if(_ODD_BREAK.search(text) is not None, _LINE_BREAKS, "\n", text)
    if not text.isascii():  # all of this is the identity on ASCII
        text = unicodedata.normalize("NFKC", text).translate(_HYPHENS).translate(_LATIN)
        text = drop_combining(unicodedata.normalize("NFKD", _ascii_digits(text)))
    return _FOREIGN.sub(" ", text)


def join_lines(text: str) -> str:
    """One line of text: bullets dropped; a line that ends without punctuation gets a period."""
    split = _LINE_BREAKS.split(text) if _BREAK.search(text) else [text]
    lines = [_BULLET.sub("", line).strip() for line in split]
    lines = [line for line in lines if line]
    for i, line in enumerate(lines[:-1]):
        if not _LINE_END.search(line):
            lines[i] = line + "."
    return " ".join(lines)
