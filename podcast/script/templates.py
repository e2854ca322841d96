"""jinja2 templates for the spoken parts not in the recap: intro, transitions, outro."""

from __future__ import annotations

from functools import cache

import jinja2


@cache
def _env() -> jinja2.Environment:
    # Spoken text is not HTML: escaping would put "&amp;" into the script, so autoescape stays off
    # here; nothing rendered by this environment is ever written into a page or feed.
    return jinja2.Environment(
        loader=jinja2.PackageLoader("podcast.script", "templates"),
        autoescape=False,  # noqa: S701
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(name: str, **values: object) -> str:
    """Render templates/<name>.j2 into one line of spoken text."""
    text = _env().get_template(f"{name}.j2").render(**values)
    return " ".join(text.split())
