"""Reader for Markdown with YAML front matter (python-frontmatter + markdown-it-py)."""

from __future__ import annotations

from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler
from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..errors import InputError
from .clean import clean_text, clean_title
from .draft import Draft
from .html import read_fragment
from .sections import SectionBuilder, classify_heading

__all__ = ["read_markdown"]

_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


class _Loader(yaml.SafeLoader):
    """SafeLoader that leaves dates as written: we parse them ourselves (no tz conversion, and an
    impossible date becomes a clear InputError instead of a YAML constructor crash)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != _TIMESTAMP_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _Handler(YAMLHandler):
    def load(self, fm: str, **kwargs: object) -> Any:
        return yaml.load(fm, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass


def _front_matter(text: str) -> tuple[dict[str, Any], str]:
    handler = _Handler()
    stripped = text.lstrip("\ufeff")
    if not handler.detect(stripped):
        return {}, stripped
    try:
        fm, body = handler.split(stripped)
    except ValueError:
        return {}, stripped
    try:
        data = handler.load(fm)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "syntax error"
        raise InputError(
            f"the front matter is not valid YAML{where} ({problem}); fix the block between the "
            "--- lines"
        ) from exc
    if data is None:
        return {}, body
    if not isinstance(data, dict):
        raise InputError("the front matter must be 'key: value' lines (a mapping); fix it")
    return data, body


def _field(meta: dict[str, Any], key: str) -> str | None:
    """A scalar front-matter field as text; None when absent; InputError for a list or mapping."""
    value = meta.get(key)
    if value is None:
        return None
    if isinstance(value, list | dict):
        raise InputError(f"front matter '{key}' must be a single value, not a list or mapping")
    return str(value)


def _inline_text(token: Token) -> str:
    """Plain text of an inline token: text, code and raw inline HTML (cleaned later), no URLs."""
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)


class _Reader:
    def __init__(self, builder: SectionBuilder) -> None:
        self.builder = builder
        self.title = ""
        self.list_depth = 0
        self.items: list[str] = []
        self.item_stack: list[int] = []  # index in self.items of each open list item

    def run(self, tokens: list[Token], section_level: int) -> None:
        for index, token in enumerate(tokens):
            nxt = tokens[index + 1] if index + 1 < len(tokens) else None
            kind = token.type
            if kind == "heading_open" and nxt is not None:
                self.on_heading(token, nxt, section_level)
            elif kind == "inline" and index > 0 and tokens[index - 1].type == "paragraph_open":
                self.on_paragraph(_inline_text(token))
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
                read_fragment(token.content, self.builder)

    def on_heading(self, token: Token, inline: Token, section_level: int) -> None:
        text = _inline_text(inline)
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


def read_markdown(text: str) -> Draft:
    """Read a Markdown recap (front matter optional) into a Draft."""
    meta, body = _front_matter(text)
    tokens = MarkdownIt("commonmark").parse(body)
    levels = [int(t.tag[1]) for t in tokens if t.type == "heading_open" and t.tag != "h1"]
    builder = SectionBuilder()
    reader = _Reader(builder)
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
        header_texts=(title,),
    )
