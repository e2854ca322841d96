"""Reader for the CMS's HTML page and fragments: take title/date/author, drop chrome, walk it."""

from __future__ import annotations

import re
from collections.abc import Iterable

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import PageElement
from bs4.exceptions import FeatureNotFound

from podcast.errors import InputError
from podcast.ingest.chrome import (
    CHROME_ROLES,
    CHROME_TAGS,
    SHARE_LINK_HOSTS,
    SOFT_CHROME_TAGS,
    byline_author,
    is_chrome_class,
    remove_chrome,
)
from podcast.ingest.clean import clean_text, clean_title
from podcast.ingest.draft import Draft
from podcast.ingest.sections import SectionBuilder, classify_heading

__all__ = ["only_time", "parse_html", "read_fragment", "read_html"]

_HEADINGS = ("h2", "h3", "h4", "h5", "h6")
_INLINE = frozenset({
    "a", "abbr", "b", "bdi", "bdo", "big", "cite", "code", "data", "del", "dfn", "em", "font",
    "i", "ins", "kbd", "label", "mark", "nobr", "q", "s", "samp", "small", "span", "strong",
    "sub", "sup", "time", "tt", "u", "var", "wbr", "br",
})  # fmt: skip
_PARAGRAPHS = frozenset(
    ["p", "pre", "address", "figcaption", "caption", "dt", "dd", "summary", "legend"]
)
_LISTS = ("ul", "ol", "menu")
# Containers whose end also ends a section begun inside them (<section><h2>Key Takeaways</h2>...).
_SECTIONING = frozenset({"section", "aside", "article", "header", "details"})
_SITE_SUFFIX = re.compile(r"\s+\|\s+[^|]+$")  # "Headline | StockAlpha.ai"
_ISO_LIKE = re.compile(r"\s*\d{4}-\d{1,2}-\d{1,2}")
_DATE_METAS: tuple[tuple[str, str], ...] = (
    ("property", "article:published_time"),
    ("name", "article:published_time"),
    ("itemprop", "datePublished"),
    ("name", "date"),
    ("name", "pubdate"),
    ("name", "publish-date"),
    ("name", "dc.date"),
)


def parse_html(markup: str) -> BeautifulSoup:
    """Parse with lxml's HTML parser (never an XML parser: no entity expansion)."""
    try:
        return BeautifulSoup(markup, "lxml")
    except FeatureNotFound:  # pragma: no cover - lxml is a dependency
        return BeautifulSoup(markup, "html.parser")


def _text(node: Tag | NavigableString) -> str:
    """Visible text of a node: plain strings only (no comments, doctype, script), <br> as space."""
    if isinstance(node, NavigableString):
        return str(node) if type(node) is NavigableString else ""
    parts: list[str] = []
    for item in node.descendants:
        if type(item) is NavigableString:
            parts.append(str(item))
        elif isinstance(item, Tag) and item.name == "br":
            parts.append(" ")
    return "".join(parts)


def _attr(tag: Tag, name: str) -> str:
    value = tag.get(name)
    if value is None:
        return ""
    return " ".join(value) if isinstance(value, list) else str(value)


def _has_article_heading(tag: Tag) -> bool:
    for heading in tag.find_all(_HEADINGS):
        if classify_heading(clean_text(_text(heading))) not in ("other", "chrome"):
            return True
    return False


def _is_chrome(tag: Tag) -> bool:
    if tag.name in CHROME_TAGS:
        return True
    if tag.name in ("html", "body", "main", "article"):
        return False
    soft = (
        tag.name in SOFT_CHROME_TAGS
        or is_chrome_class(_attr(tag, "class"))
        or is_chrome_class(_attr(tag, "id"))
        or _attr(tag, "role").lower() in CHROME_ROLES
        or tag.has_attr("hidden")
        or _attr(tag, "aria-hidden").lower() == "true"
        or (tag.name == "a" and any(h in _attr(tag, "href") for h in SHARE_LINK_HOSTS))
    )
    return soft and not _has_article_heading(tag)


def _remove_chrome(root: Tag) -> None:
    # Collect first, then decompose outermost-first; a decomposed tag's descendants go with it.
    doomed = [tag for tag in root.find_all(True) if _is_chrome(tag)]
    for tag in doomed:
        if not tag.decomposed:
            tag.decompose()


def only_time(nodes: Iterable[PageElement]) -> bool:
    """True when the nodes hold text and all of it is inside <time> elements: a dateline such as
    `<p><time>Sept. 3</time></p>`, which dates the recap but is not a sentence to read out.
    One pass over the nodes' subtrees."""
    found = False
    stack = list(nodes)
    while stack:
        node = stack.pop()
        if isinstance(node, NavigableString):
            if type(node) is NavigableString and node.strip():
                return False
        elif isinstance(node, Tag):
            if node.name == "time":
                found = found or bool(_text(node).strip())
            elif node.name in _LISTS:
                if _text(node).strip():
                    return False
            else:
                stack.extend(node.children)
    return found


def _list_items(lst: Tag, datelines: list[str]) -> list[str]:
    """Item texts of a list; nested lists are flattened after their parent item; an item that
    is only a <time> goes to `datelines` instead."""
    items: list[str] = []
    for li in lst.find_all("li", recursive=False):
        own: list[str] = []
        nested: list[Tag] = []
        for child in li.children:
            if isinstance(child, Tag) and child.name in _LISTS:
                nested.append(child)
            elif isinstance(child, Tag | NavigableString):
                own.append(_text(child))
        owned = [c for c in li.children if not (isinstance(c, Tag) and c.name in _LISTS)]
        if only_time(owned):
            datelines.append("".join(own))
        else:
            items.append("".join(own))
        for sub in nested:
            items.extend(_list_items(sub, datelines))
    return items


class _Walker:
    """Turns the article's elements into builder events, in document order."""

    def __init__(self, builder: SectionBuilder, section_level: int) -> None:
        self.builder = builder
        self.section_level = section_level
        self.datelines: list[str] = []  # blocks that were only a <time>: dates, never spoken

    def heading(self, tag: Tag) -> None:
        text = _text(tag)
        level = int(tag.name[1])
        kind = classify_heading(clean_text(text))
        # A sub-heading of unknown kind ("Technology" under "Sectors") stays inside its section.
        if level > self.section_level and kind == "other":
            self.builder.paragraph(text)
        else:
            self.builder.heading(text)

    def walk(self, node: Tag) -> None:
        buffer: list[str] = []
        inline: list[Tag | NavigableString] = []

        def flush() -> None:
            if "".join(buffer).strip():
                if only_time(inline):  # a <time> standing alone between blocks
                    self.datelines.append("".join(buffer))
                else:
                    self.builder.paragraph("".join(buffer))
            buffer.clear()
            inline.clear()

        for child in node.children:
            if isinstance(child, NavigableString):
                buffer.append(_text(child))
                inline.append(child)
                continue
            if not isinstance(child, Tag):
                continue
            name = child.name
            if name in _INLINE:
                buffer.append(_text(child))
                inline.append(child)
                continue
            flush()
            if name in _HEADINGS:
                self.heading(child)
            elif name in _PARAGRAPHS:
                if only_time(child.children):
                    self.datelines.append(_text(child))
                else:
                    self.builder.paragraph(_text(child))
            elif name in _LISTS:
                self.builder.bullets(_list_items(child, self.datelines))
            elif name == "table":
                for row in child.find_all("tr"):
                    cells = [clean_text(_text(c)) for c in row.find_all(("th", "td"))]
                    self.builder.paragraph(", ".join(c for c in cells if c))
            elif name in _SECTIONING:
                seen = self.builder.headings_seen
                self.walk(child)
                if self.builder.headings_seen != seen:
                    self.builder.end_section()
            elif name != "hr":
                self.walk(child)
        flush()


def _walk(root: Tag, builder: SectionBuilder) -> list[str]:
    """Feed `root`'s blocks to `builder`; returns the datelines (blocks that were only a <time>)."""
    levels = [int(h.name[1]) for h in root.find_all(_HEADINGS)]
    walker = _Walker(builder, min(levels, default=2))
    try:
        walker.walk(root)
    except RecursionError as exc:
        raise InputError("the HTML is nested too deeply to be an article; export it again") from exc
    return [text for text in (clean_text(t) for t in walker.datelines) if text]


def _root(soup: BeautifulSoup) -> Tag:
    articles = soup.find_all("article")
    if articles:
        return max(articles, key=lambda a: len(_text(a)))
    for candidate in (soup.find("main"), soup.select_one('[role="main"]'), soup.body):
        if isinstance(candidate, Tag):
            return candidate
    return soup


def _title(soup: BeautifulSoup, root: Tag) -> str:
    for h1 in (root.find("h1"), soup.find("h1")):
        if isinstance(h1, Tag):
            text = remove_chrome(clean_title(_text(h1)))
            if text:
                return text
    title = soup.find("title")
    if isinstance(title, Tag):
        text = remove_chrome(clean_title(_text(title)))
        stripped = _SITE_SUFFIX.sub("", text)
        return stripped or text
    og = soup.find("meta", attrs={"property": "og:title"})
    return remove_chrome(clean_title(_attr(og, "content"))) if isinstance(og, Tag) else ""


def _date_field(soup: BeautifulSoup, root: Tag) -> tuple[str, str, str] | None:
    for time in root.find_all("time"):
        value = _attr(time, "datetime")
        if _ISO_LIKE.match(value):
            return value, "the HTML <time datetime>", "html-meta"
    for key, value in _DATE_METAS:
        meta = soup.find("meta", attrs={key: value})
        if isinstance(meta, Tag) and _ISO_LIKE.match(_attr(meta, "content")):
            return _attr(meta, "content"), f"the HTML <meta {key}={value}>", "html-meta"
    return None


def _author(soup: BeautifulSoup, root: Tag) -> str:
    meta = soup.find("meta", attrs={"name": "author"})
    if isinstance(meta, Tag) and clean_text(_attr(meta, "content")):
        return clean_text(_attr(meta, "content"))
    for tag in root.find_all(True):
        if tag.get("rel") == ["author"] or tag.get("itemprop") == "author":
            return clean_text(_text(tag))
        if "byline" in _attr(tag, "class").lower().split():
            return byline_author(clean_text(_text(tag)))
    return ""


def read_fragment(markup: str, builder: SectionBuilder) -> None:
    """Feed an HTML fragment's blocks to `builder`, chrome removed."""
    soup = parse_html(markup)
    _remove_chrome(soup)
    _walk(soup.body or soup, builder)


def read_html(markup: str) -> Draft:
    """Read the CMS's article page into a Draft."""
    soup = parse_html(markup)
    root = _root(soup)
    title = _title(soup, root)
    date_field = _date_field(soup, root)
    author = _author(soup, root)
    _remove_chrome(soup)
    builder = SectionBuilder()
    datelines = _walk(_root(soup), builder)
    sections, disclaimer = builder.finish()
    return Draft(
        title=title,
        sections=sections,
        disclaimer=disclaimer,
        author=author,
        date_field=date_field,
        header_texts=(title, *datelines, *builder.datelines),
    )
