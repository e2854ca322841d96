"""publish/layout.py owns every published name and the one URL rule: the rule's cases, every URL
the feed and pages write follows it, no module spells a published name itself, and the publisher
writes and links exactly the typed assets it is given."""

from __future__ import annotations

import ast
import re
from dataclasses import replace
from pathlib import Path

import lxml.html
import pytest
from lxml import etree

from podcast.errors import PublishError
from podcast.models import Episode
from podcast.publish import layout
from podcast.publish.catalog import Catalog
from podcast.publish.ids import feed_url
from podcast.publish.publisher import publish
from podcast.publish.statedir import default_state_dir
from tests.test_publish import (
    EPISODES,
    NS,
    finished_episode,
    make_episode,
    make_mp3,
    make_show,
    publish_episode,
)

PACKAGE = Path(__file__).resolve().parents[1] / "podcast"
# Every name of a file or folder that layout.py decides ("static" and "work" are also ordinary
# words and the package's own folder names, so they are left out of the source scan).
NAMES = {
    value
    for key, value in vars(layout).items()
    if key.isupper() and isinstance(value, str) and key not in ("STATIC_DIR", "WORK_DIR")
} | set(layout.LEGACY_CATALOG_FILES)


@pytest.mark.parametrize(
    ("base", "path", "url"),
    [
        ("https://p.example/show/", "feed.xml", "https://p.example/show/feed.xml"),
        ("https://p.example/show", "feed.xml", "https://p.example/show/feed.xml"),
        ("https://p.example/show/", "/cover.png", "https://p.example/show/cover.png"),
        ("https://p.example/", "episodes/a b/x~y-z_1.mp3", "https://p.example/episodes/a%20b/x~y-z_1.mp3"),
        ("https://p.example/", "é/ü.vtt", "https://p.example/%C3%A9/%C3%BC.vtt"),
        ("https://p.example/", "a?b#c%d&e", "https://p.example/a%3Fb%23c%25d%26e"),
    ],
)  # fmt: skip
def test_url_for_one_rule(base: str, path: str, url: str) -> None:
    assert layout.url_for(base, path) == url
    assert url.isascii()


def test_url_for_refuses_a_non_ascii_base() -> None:
    with pytest.raises(PublishError, match="not ASCII"):
        layout.url_for("https://bücher.example/", "feed.xml")


def test_names_are_plain_and_distinct() -> None:
    files = [
        layout.FEED, layout.INDEX, layout.COVER, layout.LATEST_MP3, layout.EMBED, layout.SCRIPT,
        layout.TRANSCRIPT_VTT, layout.TRANSCRIPT_SRT, layout.CHAPTERS, layout.IMAGE,
        layout.OEMBED,
    ]  # fmt: skip
    assert len(set(files)) == len(files)
    assert all(re.fullmatch(r"[a-z0-9][a-z0-9._-]*", name) for name in files)
    versioned = layout.versioned_mp3(b"audio")
    assert re.fullmatch(r"episode-[0-9a-f]{12}\.mp3", versioned) and versioned not in files
    assert layout.versioned_mp3(b"audio") == versioned != layout.versioned_mp3(b"other")
    lighter = layout.versioned_opus(b"audio")
    assert re.fullmatch(r"episode-[0-9a-f]{12}\.opus", lighter) and lighter not in files
    assert lighter.removesuffix(".opus") == versioned.removesuffix(".mp3")
    assert layout.episode_file("2026-11-19-x", layout.EMBED) == "episodes/2026-11-19-x/embed.html"
    assert layout.beside("episodes/d/episode-1.mp3", layout.EMBED) == "episodes/d/embed.html"
    assert layout.state_folder_name("output") == "output.state"


def _string_constants(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]


def test_no_module_spells_a_published_name() -> None:
    found = [
        f"{path.relative_to(PACKAGE)}:{line}: {value!r}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.name != "layout.py"
        for line, value in _string_constants(path)
        if value in NAMES
    ]
    assert found == []
    assert {"feed.xml", "embed.html", "catalog.sqlite", "transcript.vtt", "publish.lock"} <= NAMES


def _urls(doc: etree._Element) -> list[str]:
    found = [u for u in doc.xpath("//@url | //@href") if "://" in u]
    found += [t.strip() for t in doc.xpath("//link/text() | //*[local-name()='link']/text()")]
    return [u for u in found if u]


def test_feed_and_pages_build_urls_one_way(tmp_path: Path) -> None:
    """A base_url written without its end slash: the feed's and the pages' URLs agree."""
    show = make_show(base_url="https://podcast.example/shows/recap", link="https://x.example/")
    date, slug, title, hz, secs, _ = EPISODES[0]
    episode = make_episode(make_mp3(tmp_path / "a.mp3", hz, secs), date, slug, title, secs, True)
    out = tmp_path / "out"
    result = publish_episode(out, show, episode, show_cover=b"PNG")
    base = "https://podcast.example/shows/recap/"
    assert feed_url(show) == base + "feed.xml" == layout.url_for(show.base_url, layout.FEED)
    feed = etree.fromstring((out / layout.FEED).read_bytes())
    urls = [u for u in _urls(feed) if u != "https://x.example/"]
    assert urls and all(u.startswith(base) for u in urls), urls
    enclosure = feed.find("channel/item/enclosure")
    assert enclosure is not None
    mp3 = result.mp3.relative_to(out).as_posix()
    assert enclosure.get("url") == layout.url_for(show.base_url, mp3)
    image = feed.find("channel/itunes:image", NS)
    assert image is not None and image.get("href") == base + "cover.png"
    index = lxml.html.fromstring((out / layout.INDEX).read_bytes())
    assert index.get_element_by_id("feed-url").get("value") == base + "feed.xml"
    embed = lxml.html.fromstring(result.embed.read_bytes())
    code = embed.get_element_by_id("embed-code").text_content()
    assert f'src="{base}episodes/{episode.recap.episode_id}/embed.html"' in code


def _episode(tmp_path: Path) -> Episode:
    date, slug, title, hz, secs, _ = EPISODES[1]
    return make_episode(make_mp3(tmp_path / "b.mp3", hz, secs), date, slug, title, secs, False)


def test_publisher_writes_and_links_exactly_the_given_assets(tmp_path: Path) -> None:
    show, out = make_show(), tmp_path / "out"
    episode = _episode(tmp_path)
    finished = finished_episode(episode)
    finished = replace(
        finished,
        assets=replace(finished.assets, transcript_vtt=None, image_png=b"\x89PNG art"),
    )
    result = publish(out, show, finished)
    folder = result.episode_dir
    assert (folder / layout.IMAGE).read_bytes() == b"\x89PNG art"
    assert not (folder / layout.TRANSCRIPT_VTT).exists()
    assert not (folder / layout.CHAPTERS).exists()  # the episode has no chapters
    with Catalog(default_state_dir(out) / layout.CATALOG) as catalog:
        record = catalog.get(episode.recap.episode_id)
    assert record is not None
    assert record.image_path == f"episodes/{episode.recap.episode_id}/episode.png"
    assert record.transcript_path is None and record.chapters_path is None
    item = etree.fromstring((out / layout.FEED).read_bytes()).find("channel/item")
    assert item is not None
    assert item.find("podcast:transcript", NS) is None
    art = item.find("itunes:image", NS)
    assert art is not None and art.get("href") == layout.url_for(show.base_url, record.image_path)
    # A file already on disk is not linked unless the episode brings it.
    (folder / layout.TRANSCRIPT_VTT).write_text("WEBVTT\n")
    publish(out, show, finished)
    with Catalog(default_state_dir(out) / layout.CATALOG) as catalog:
        again = catalog.get(episode.recap.episode_id)
    assert again is not None and again.transcript_path is None
