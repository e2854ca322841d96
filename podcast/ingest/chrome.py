"""Page chrome (player, share bar, sources, contest ads, footer) by phrase and HTML structure, for
every format; chrome in any wording is recognised by kind in `chrome_kinds.py`."""

from __future__ import annotations

import re

__all__ = [
    "CHROME_CLASS_WORDS",
    "CHROME_PHRASES",
    "CHROME_ROLES",
    "CHROME_TAGS",
    "SHARE_LINK_HOSTS",
    "SOFT_CHROME_TAGS",
    "byline_author",
    "is_chrome_class",
    "is_chrome_only",
    "is_chrome_section_heading",
    "remove_chrome",
    "starts_chrome_section",
]

# Phrases as the site writes them. Matching is case-insensitive and forgiving about dashes, quotes,
# bullets, ellipses and spacing, so "Podcast · Loading audio…" matches too.
CHROME_PHRASES: tuple[str, ...] = (
    "Listen to this Recap",
    "Podcast • Loading audio...",
    "Loading audio...",
    "Share this article",
    "Spread the word on social media",
    "Use these insights — enter this week's contest.",
    "Enter this week's contest",
    "Free practice contests — earn Alpha Coins",
    "Explore More Content",
)
# Regular expressions for chrome whose wording varies.
_CHROME_PATTERNS: tuple[str, ...] = (
    r"(?:\+\s*)?\d+\s+more\s+sources?\b",  # "+ 10 more sources" (the "+" may be read as a bullet)
    # The site-wide footer disclaimer runs to the end of its paragraph.
    r"Disclaimer:\s*StockAlpha(?:\.ai)?\s+content\s+is\b.*",
    r"©\s*\d{4}\s*StockAlpha(?:\.ai)?\.?",
)
# A block that is nothing but one of these is chrome (a bare player duration, share links, ...).
_CHROME_ONLY_PATTERNS: tuple[str, ...] = (
    r"\d{1,2}:\d{2}(?::\d{2})?",  # "9:24"
    r"\d+\s*min(?:ute)?s?\.?(?:\s+(?:read|listen))?",  # "5 min read"
    r"(?:share|tweet|post)(?:\s+(?:on|via|to)\s+\w+)?",
    r"sources?:?",
    r"podcast",
)
# Words a share bar is made of: a block of only these (after removing phrases) is chrome.
_SHARE_WORDS = frozenset({
    "twitter", "x", "linkedin", "facebook", "email", "e-mail", "reddit", "whatsapp", "telegram",
    "threads", "bluesky", "copy", "link", "print", "share", "tweet",
})  # fmt: skip
# Headings that open a block of chrome: everything under them goes, up to the next real heading.
# (A heading that is itself a chrome phrase, "Share this article", does the same in the builder.)
_CHROME_SECTION_HEADINGS: tuple[str, ...] = (
    r"sources?",
    r"related(?:\s+(?:articles?|content|posts|stories|reading))?",
    r"explore\s+more\s+content",
    r"more\s+from\s+stockalpha(?:\.ai)?",
    r"read\s+more",
    r"recommended(?:\s+for\s+you)?",
)
# Lines that open such a block even when glued to other chrome ("earn Alpha CoinsExplore More ...").
_CHROME_SECTION_STARTERS: tuple[str, ...] = ("Explore More Content", "Related articles")

# HTML elements that are never the article, whatever they contain.
CHROME_TAGS: tuple[str, ...] = (
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
    "form", "button", "input", "select", "textarea", "nav", "footer", "audio", "video",
    "source", "track", "picture", "img", "meta", "link", "dialog", "h1",
)  # fmt: skip
# Elements that are usually chrome but may wrap a real section (an <aside> of Key Takeaways).
SOFT_CHROME_TAGS: tuple[str, ...] = ("header", "aside")
# Words in a class or id that mark the site's chrome ("podcast-embed", "share", "sources", "cta").
CHROME_CLASS_WORDS = frozenset({
    "podcast", "player", "audio", "share", "sharing", "social", "sources", "cta", "byline",
    "related", "newsletter", "breadcrumb", "breadcrumbs", "comments", "promo", "advert", "ads",
    "sidebar", "contest", "contests", "subscribe", "signup",
})  # fmt: skip
CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search"})
SHARE_LINK_HOSTS: tuple[str, ...] = (
    "twitter.com/intent", "x.com/intent", "facebook.com/sharer", "linkedin.com/share",
    "reddit.com/submit", "wa.me/", "t.me/share", "mailto:?",
)  # fmt: skip
_CLASS_SPLIT = re.compile(r"[^a-z0-9]+")


def is_chrome_class(value: str) -> bool:
    """True when a class list or id names chrome ("podcast-embed", "share-bar", "cta")."""
    return any(word in CHROME_CLASS_WORDS for word in _CLASS_SPLIT.split(value.lower()) if word)


_BYLINE = re.compile(r"\s*(?:by|written by)\s+(?P<name>[^·|•—–,\n]+)", re.IGNORECASE)


def byline_author(text: str) -> str:
    """The author's name in a byline ("By StockAlpha Research Desk · November 18, 2026")."""
    match = _BYLINE.match(text)
    if not match:
        return ""
    name = " ".join(match.group("name").split())
    return name if 0 < len(name.split()) <= 8 else ""


def _phrase_regex(phrase: str) -> str:
    """A literal phrase as a forgiving regex: any dash, quote, bullet, ellipsis or spacing."""
    out: list[str] = []
    for ch in phrase:
        if ch in "—–-":
            out.append(r"\s*[—–\-:|]?\s*")
        elif ch in "'’":
            out.append(r"['’]")
        elif ch in "•·":
            out.append(r"\s*[•·|\-]?\s*")
        elif ch == ".":
            out.append(r"(?:\.|…)?")
        elif ch == " ":
            out.append(r"\s*")
        else:
            out.append(re.escape(ch))
    return "".join(out)


_REMOVE = re.compile(
    "|".join([*(_phrase_regex(p) for p in CHROME_PHRASES), *_CHROME_PATTERNS]),
    re.IGNORECASE | re.DOTALL,
)
_ONLY = re.compile("|".join(_CHROME_ONLY_PATTERNS), re.IGNORECASE)
_SECTION_HEADING = re.compile(
    r"(?:" + "|".join(_CHROME_SECTION_HEADINGS) + r")\s*:?", re.IGNORECASE
)
_SECTION_STARTER = re.compile(
    "|".join(_phrase_regex(p) for p in _CHROME_SECTION_STARTERS), re.IGNORECASE
)
# A word of every phrase and pattern in _REMOVE, lower case: a text holding none of them has no
# chrome to remove, and the long case-insensitive scan is skipped. None has an "i", "s" or "k",
# whose case-insensitive matches go beyond str.lower ("ſ", "K"): lower() finds them all.
_CHROME_WORDS = (
    "recap",
    "load",
    "hare",
    "pread",
    "enter",
    "free",
    "explore",
    "ource",
    "alpha",
    "©",
)
# Separators a removed phrase leaves behind; a leading "-" is kept (it may be a minus sign).
_LEFTOVER_PUNCT = re.compile(r"^[\s–—•·|:,;]+|[\s\-–—•·|:,;]+$")


def remove_chrome(text: str) -> str:
    """The text without chrome phrases; "" when nothing but chrome (or punctuation) is left."""
    lowered = text.lower()
    has_chrome_word = any(word in lowered for word in _CHROME_WORDS)
    removed = _REMOVE.sub(" ", text) if has_chrome_word else text
    if removed != text:
        text = _LEFTOVER_PUNCT.sub("", " ".join(removed.split()))
    if is_chrome_only(text):
        return ""
    return text


def is_chrome_only(text: str) -> bool:
    """True when the whole text is chrome: a duration, share links, a bare "Sources", or nothing."""
    stripped = text.strip()
    if not stripped or not any(ch.isalnum() for ch in stripped):
        return True
    if _ONLY.fullmatch(stripped):
        return True
    words = (w.strip(".,:;|•·-").lower() for w in stripped.split())
    return all(w in _SHARE_WORDS or not w for w in words)


def is_chrome_section_heading(text: str) -> bool:
    """True for a heading such as "Sources" or "Related articles" whose whole block is chrome."""
    return bool(_SECTION_HEADING.fullmatch(text.strip()))


def starts_chrome_section(text: str) -> bool:
    """True when a line opens a chrome block, even glued to text ("...Explore More Content")."""
    if is_chrome_section_heading(text):
        return True
    lowered = text.lower()  # a guard: each starter holds one of these words
    return any(w in lowered for w in ("explore", "related")) and bool(_SECTION_STARTER.search(text))
