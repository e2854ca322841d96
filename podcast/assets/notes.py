"""Show notes for the feed and pages: key takeaways, the source link and the full disclaimer."""

from __future__ import annotations

import jinja2

from podcast.models import Recap

_NOTES = jinja2.Environment(autoescape=True).from_string(
    "<p>{{ title }}</p>"
    "{% if takeaways %}<p>Key takeaways:</p><ul>"
    "{% for t in takeaways %}<li>{{ t }}</li>{% endfor %}</ul>{% endif %}"
    '{% if link %}<p>Read the full recap: <a href="{{ link }}">{{ link }}</a></p>{% endif %}'
    "{% if disclaimer %}<p><em>{{ disclaimer }}</em></p>{% endif %}"
)


def takeaways(recap: Recap) -> list[str]:
    for section in recap.sections:
        if section.kind == "key_takeaways":
            return section.bullets or section.paragraphs
    return []


def notes_html(recap: Recap, link: str = "") -> str:
    return _NOTES.render(
        title=recap.title, takeaways=takeaways(recap), link=link, disclaimer=recap.disclaimer
    )


def summary(recap: Recap) -> str:
    items = takeaways(recap)
    title = recap.title if recap.title.rstrip()[-1:] in ".!?" else recap.title.rstrip() + "."
    return " ".join([title, *items]) if items else recap.title
