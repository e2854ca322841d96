"""oEmbed (issue 15, point 3): every published episode has an oEmbed "rich" document beside its
player, embed.html and index.html point to it with a discovery link, a hostile title stays text
in the iframe, the thumbnail is the episode's image (else the show's cover) with its real size."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path

import lxml.html
import pytest
from PIL import Image

from podcast.publish import layout
from podcast.publish.catalog import Catalog
from podcast.publish.oembed import png_size
from podcast.publish.pages import EMBED_HEIGHT_PX, EMBED_WIDTH_PX, PLAYER_TITLE, render_index
from podcast.publish.publisher import publish
from podcast.publish.statedir import default_state_dir
from tests.test_publish import (
    EPISODES,
    HOSTILE,
    finished_episode,
    make_episode,
    make_mp3,
    make_show,
    url_to_path,
)

DISCOVERY = "//link[@rel='alternate'][@type='application/json+oembed']"


def png(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (10, 20, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def tone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_mp3(tmp_path_factory.mktemp("tone") / "a.mp3", 440, 2)


def publish_one(out: Path, tone: Path, index: int, *, image: bytes | None, cover: bytes | None):
    date, slug, title, _, secs, chapters = EPISODES[index]
    finished = finished_episode(make_episode(tone, date, slug, title, secs, chapters))
    assets = replace(finished.assets, image_png=image, show_cover=cover)
    return publish(out, make_show(), replace(finished, assets=assets))


def test_hostile_title_stays_text_in_the_oembed_iframe(tmp_path: Path, tone: Path) -> None:
    show, out = make_show(), tmp_path / "out"
    result = publish_one(out, tone, 2, image=png(48, 32), cover=png(64, 64))  # the HOSTILE one
    doc = json.loads((result.episode_dir / layout.OEMBED).read_text(encoding="utf-8"))
    embed_url = layout.url_for(
        show.base_url, layout.episode_file("2026-11-18-hostile-title", "embed.html")
    )
    assert doc["type"] == "rich" and doc["version"] == "1.0"
    assert doc["title"] == HOSTILE  # JSON carries the title as text; the consumer escapes it
    assert (doc["width"], doc["height"]) == (EMBED_WIDTH_PX, EMBED_HEIGHT_PX)
    assert doc["provider_name"] == show.title and doc["provider_url"] == show.link
    assert doc["author_name"] == show.author
    # The html is one iframe and nothing else: the title did not break out of its attribute.
    fragment = lxml.html.fragment_fromstring(doc["html"], create_parent="div")
    assert [el.tag for el in fragment.iter()] == ["div", "iframe"]
    (iframe,) = fragment
    assert iframe.get("src") == embed_url
    assert iframe.get("title") == f"{PLAYER_TITLE}: {HOSTILE}"
    assert "<script>" not in doc["html"] and "&lt;script&gt;" in doc["html"]
    # Thumbnail: the episode's own image, its size read from the PNG.
    assert doc["thumbnail_url"] == layout.url_for(
        show.base_url, "episodes/2026-11-18-hostile-title/episode.png"
    )
    assert (doc["thumbnail_width"], doc["thumbnail_height"]) == (48, 32)
    assert url_to_path(show, out, doc["thumbnail_url"]).is_file()
    assert url_to_path(show, out, embed_url).is_file()


def test_thumbnail_falls_back_to_the_cover_or_is_left_out(tmp_path: Path, tone: Path) -> None:
    show = make_show()
    with_cover = publish_one(tmp_path / "a", tone, 0, image=None, cover=png(40, 40))
    doc = json.loads((with_cover.episode_dir / layout.OEMBED).read_bytes())
    assert doc["thumbnail_url"] == layout.url_for(show.base_url, layout.COVER)
    assert (doc["thumbnail_width"], doc["thumbnail_height"]) == (40, 40)
    # No image of a known size: no thumbnail at all (the spec wants url, width and height).
    bare = publish_one(tmp_path / "b", tone, 0, image=b"\x89PNG not really", cover=None)
    doc = json.loads((bare.episode_dir / layout.OEMBED).read_bytes())
    assert not {k for k in doc if k.startswith("thumbnail")}
    assert doc["type"] == "rich" and "<iframe" in doc["html"]


def test_embed_and_index_link_the_oembed_document(tmp_path: Path, tone: Path) -> None:
    show, out = make_show(), tmp_path / "out"
    older = publish_one(out, tone, 2, image=None, cover=None)  # HOSTILE, 2026-11-18
    newer = publish_one(out, tone, 3, image=None, cover=None)  # 2026-11-19
    for result in (older, newer):
        page = lxml.html.fromstring(result.embed.read_bytes())
        (link,) = page.xpath(DISCOVERY)
        assert link.getparent().tag == "head"
        href = link.get("href")
        assert href == layout.url_for(show.base_url, layout.beside(
            result.mp3.relative_to(out).as_posix(), layout.OEMBED))  # fmt: skip
        assert url_to_path(show, out, href) == result.episode_dir / layout.OEMBED
        assert link.get("title") == json.loads(url_to_path(show, out, href).read_bytes())["title"]
    hostile = lxml.html.fromstring(older.embed.read_bytes())
    assert hostile.xpath(DISCOVERY)[0].get("title") == HOSTILE
    assert not hostile.xpath("//head/script[not(@src)]")  # the title opened no element
    # The index points at the newest episode's document.
    index = lxml.html.fromstring((out / layout.INDEX).read_bytes())
    (link,) = index.xpath(DISCOVERY)
    assert url_to_path(show, out, link.get("href")) == newer.episode_dir / layout.OEMBED
    assert link.get("title") == EPISODES[3][2]


def test_index_names_no_document_that_does_not_exist(tmp_path: Path, tone: Path) -> None:
    """An episode published before oEmbed existed has none: the index then links nothing."""
    out = tmp_path / "out"
    publish_one(out, tone, 3, image=None, cover=None)
    with Catalog(default_state_dir(out) / layout.CATALOG) as catalog:
        records = catalog.all_newest_first()
    html = render_index(make_show(), records, has_oembed=lambda path: False)
    assert not lxml.html.fromstring(html).xpath(DISCOVERY)
    html = render_index(make_show(), records, has_oembed=lambda path: (out / path).is_file())
    assert len(lxml.html.fromstring(html).xpath(DISCOVERY)) == 1


def test_png_size_reads_the_header_only_of_a_png() -> None:
    assert png_size(png(7, 3)) == (7, 3)
    assert png_size(b"GIF89a" + bytes(30)) is None
    assert png_size(b"\x89PNG\r\n\x1a\n") is None
    assert png_size(None) is None
