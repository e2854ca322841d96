"""Reader for Markdown with YAML (`---`) or TOML (`+++`) front matter (markdown-it-py)."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Mapping
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.common.utils import normalizeReference
from markdown_it.token import Token

from podcast.errors import InputError
from podcast.ingest.clean import clean_text, clean_title
from podcast.ingest.draft import Draft
from podcast.ingest.sections import SectionBuilder, classify_heading

__all__ = ["UnclosedFrontMatter", "markdown_body", "read_markdown"]

_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


class _Loader(yaml.SafeLoader):
    """SafeLoader that leaves dates as written: we parse them ourselves (no tz conversion, and an
    impossible date becomes a clear InputError instead of a YAML constructor crash)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != _TIMESTAMP_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


# The opening line of a front-matter block: "---" (YAML) or "+++" (TOML), trailing spaces allowed.
_OPENERS = {"---": "YAML", "+++": "TOML"}
_OPENING = re.compile(r"(?P<fence>-{3,}|\+{3})[ \t]*")
# "key: value" (YAML) or "key = value" (TOML): what the first line inside a block looks like.
_FIELD = re.compile(r"[ \t]*[A-Za-z_][\w.-]{0,60}[ \t]*[:=]")


class UnclosedFrontMatter(InputError):
    """A front-matter block opens on the first line and never closes (its fields would be read
    aloud as the article); `line` is where it opens, counted from 1."""

    def __init__(self, line: int, fence: str) -> None:
        self.line = line
        self.fence = fence
        super().__init__(
            f"the {_OPENERS[fence]} front matter that opens with '{fence}' at line {line} is "
            f"never closed, so its fields would be read aloud; add a '{fence}' line after its "
            f"last field (or remove the opening '{fence}')"
        )


def _split(text: str) -> tuple[str, str, str, int]:
    """(fence, block, body, opening line) of a front matter at the start; fence "" for none.

    Blank lines before the opening are allowed. A `---` that is never closed is a front matter
    only when a `key: value` line follows it (else it is a horizontal rule at the top).
    """
    lines = text.splitlines(keepends=True)
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return "", "", text, 0
    opening = _OPENING.fullmatch(lines[first].rstrip("\r\n"))
    if opening is None:
        return "", "", text, 0
    fence = "---" if opening["fence"].startswith("-") else "+++"
    for end in range(first + 1, len(lines)):
        stripped = lines[end].strip()
        closes = stripped == fence if fence == "+++" else bool(re.fullmatch(r"-{3,}", stripped))
        if closes:
            return fence, "".join(lines[first + 1 : end]), "".join(lines[end + 1 :]), first + 1
    following = next((line for line in lines[first + 1 :] if line.strip()), "")
    if fence == "+++" or _FIELD.match(following):
        raise UnclosedFrontMatter(first + 1, fence)
    return "", "", text, 0


def _load_yaml(block: str, opened: int) -> Any:
    try:
        return yaml.load(block, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + opened + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "syntax error"
        raise InputError(
            f"the front matter is not valid YAML{where} ({problem}); fix the block between the "
            "--- lines"
        ) from exc


def _load_toml(block: str) -> Any:
    try:
        return tomllib.loads(block)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(
            f"the front matter is not valid TOML ({exc}); fix the block between the +++ lines"
        ) from exc


def _front_matter(text: str) -> tuple[dict[str, Any], str]:
    stripped = text.lstrip("\ufeff")
    fence, block, body, opened = _split(stripped)
    if not fence:
        return {}, stripped
    try:
        data = _load_toml(block) if fence == "+++" else _load_yaml(block, opened)
    except InputError:
        _check_runs_into_article(block, fence, opened)
        raise
    if data is None or data == {}:
        return {}, body
    if not isinstance(data, dict):
        _check_runs_into_article(block, fence, opened)
        raise InputError("the front matter must be 'key: value' lines (a mapping); fix it")
    return data, body


def markdown_body(text: str) -> str:
    """The Markdown after its front matter (for checks that read the source lines)."""
    return _front_matter(text)[1]


def _check_runs_into_article(block: str, fence: str, opened: int) -> None:
    """UnclosedFrontMatter when a bad block is fields, a blank line, then the article: its only
    closing line was a horizontal rule further down (`---` read as the end of the fields)."""
    lines = block.splitlines()
    blank = next((i for i, line in enumerate(lines) if not line.strip()), None)
    if blank is None or blank == 0 or not any(line.strip() for line in lines[blank:]):
        return
    head = "\n".join(lines[:blank])
    try:
        data = tomllib.loads(head) if fence == "+++" else yaml.load(head, Loader=_Loader)  # noqa: S506
    except (tomllib.TOMLDecodeError, yaml.YAMLError):
        return
    if isinstance(data, dict) and data:
        raise UnclosedFrontMatter(opened, fence)


def _field(meta: dict[str, Any], key: str) -> str | None:
    """A scalar front-matter field as text; None when absent; InputError for a list or mapping."""
    value = meta.get(key)
    if value is None:
        return None
    if isinstance(value, list | dict):
        raise InputError(f"front matter '{key}' must be a single value, not a list or mapping")
    if isinstance(value, dt.date | dt.time):  # TOML dates are typed; YAML's stay text
        return value.isoformat()
    return str(value)


# "[label][ref]", "[label][]" and "[label]" (no nested brackets, so one linear pass); an inline
# "[label](url)" is left to the script's scanner.
_REF_LINK = re.compile(r"\[([^\[\]]*+)\](?:\[([^\[\]]*+)\])?(?!\()")


def _ref_links(text: str, refs: Mapping[str, object]) -> str:
    """Reference-style links to their labels, where the reference is defined in the document."""

    def label(match: re.Match[str]) -> str:
        ref = match.group(2) or match.group(1)
        return match.group(1) if normalizeReference(ref) in refs else match.group(0)

    return _REF_LINK.sub(label, text) if refs and "[" in text else text


def _inline_text(
    token: Token, refs: Mapping[str, object] | None = None, *, breaks: bool = False
) -> str:
    """Plain text of an inline token: text, code and raw inline HTML (cleaned later), no URLs.
    With `breaks`, a line break stays "\n" (a paragraph's chrome line glued under it by a soft
    line break is then judged as a line; cleaning makes it a space)."""
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n" if breaks else " ")
    return _ref_links("".join(parts), refs or {})


_TIME_OPEN = re.compile(r"<time\b[^<>]*>", re.IGNORECASE)
_TIME_CLOSE = re.compile(r"</time\s*>", re.IGNORECASE)


def _only_time(token: Token) -> bool:
    """True when all the text of an inline token is inside raw `<time>` elements (a dateline)."""
    depth, found = 0, False
    for child in token.children or []:
        if child.type == "html_inline":
            if _TIME_OPEN.fullmatch(child.content.strip()):
                depth += 1
            elif _TIME_CLOSE.fullmatch(child.content.strip()):
                depth = max(0, depth - 1)
        elif child.type in ("text", "code_inline") and child.content.strip():
            if depth == 0:
                return False
            found = True
    return found


class _Reader:
    def __init__(self, builder: SectionBuilder, refs: Mapping[str, object]) -> None:
        self.builder = builder
        self.refs = refs  # link reference definitions: "[label][ref]" is read as its label
        self.title = ""
        self.list_depth = 0
        self.items: list[str] = []
        self.item_stack: list[int] = []  # index in self.items of each open list item
        self.datelines: list[str] = []  # paragraphs that were only a <time>: dates, not speech

    def run(self, tokens: list[Token], section_level: int) -> None:
        for index, token in enumerate(tokens):
            nxt = tokens[index + 1] if index + 1 < len(tokens) else None
            kind = token.type
            if kind == "heading_open" and nxt is not None:
                self.on_heading(token, nxt, section_level)
            elif kind == "inline" and index > 0 and tokens[index - 1].type == "paragraph_open":
                if _only_time(token):
                    self.datelines.append(clean_text(_inline_text(token, self.refs)))
                else:
                    self.on_paragraph(_inline_text(token, self.refs, breaks=True))
            elif kind in ("bullet_list_open", "ordered_list_open"):
                self.list_depth += 1
            elif kind in ("bullet_list_close", "ordered_list_close"):
                self.list_depth -= 1
                if self.list_depth == 0:
                    self.builder.bullets(self.items)
                    self.items = []
            elif kind == "list_item_open":
                self.items.append("")
                self.item_stack.append(len(self.items) - 1)
            elif kind == "list_item_close":
                self.item_stack.pop()
            elif kind in ("fence", "code_block"):
                self.on_paragraph(token.content)
            elif kind == "html_block":
                # bs4 (and lxml) only for a Markdown recap that holds raw HTML: slow to import
                from podcast.ingest.html import read_fragment

                read_fragment(token.content, self.builder)

    def on_heading(self, token: Token, inline: Token, section_level: int) -> None:
        text = _inline_text(inline, self.refs)
        level = int(token.tag[1])
        if level == 1 and not self.title:
            self.title = clean_text(text)
        elif level > section_level and classify_heading(clean_text(text)) == "other":
            self.on_paragraph(text)  # a sub-heading stays inside its section
        else:
            self.builder.heading(text)

    def on_paragraph(self, text: str) -> None:
        if self.item_stack:
            index = self.item_stack[-1]
            self.items[index] = f"{self.items[index]} {text}".strip()
        else:
            self.builder.paragraph(text)


# Links and images stay as their source text ("[label](url)"); the script's one-pass scanner
# (script/markup.py) reads them as their labels. markdown-it's own link rule re-scans from every
# "[" and costs about 10 µs a character on bracket-heavy text (2.5 s for 200 KB of "[ ").
_PARSER = MarkdownIt("commonmark").disable(["link", "image"])


def read_markdown(text: str) -> Draft:
    """Read a Markdown recap (front matter optional) into a Draft."""
    meta, body = _front_matter(text)
    env: dict[str, object] = {}
    tokens = _PARSER.parse(body, env)
    refs = env.get("references")
    levels = [int(t.tag[1]) for t in tokens if t.type == "heading_open" and t.tag != "h1"]
    builder = SectionBuilder()
    reader = _Reader(builder, refs if isinstance(refs, dict) else {})
    reader.run(tokens, min(levels, default=2))
    sections, disclaimer = builder.finish()
    title = clean_title(_field(meta, "title") or "") or reader.title
    if not title:
        raise InputError("no title found: add 'title:' to the front matter or a '# Headline' line")
    date_value = _field(meta, "date")
    slug = _field(meta, "slug")
    return Draft(
        title=title,
        sections=sections,
        disclaimer=disclaimer,
        author=clean_text(_field(meta, "author") or ""),
        slug=slug,
        slug_where="the front matter 'slug'",
        date_field=(date_value, "the front matter 'date'", "front-matter") if date_value else None,
        header_texts=(title, *reader.datelines, *builder.datelines),
    )
