"""Publish stage: catalog, guids, feed.xml, pages, atomic and idempotent publishing, read back."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import sqlite3
import subprocess
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import feedparser
import lxml.html
import podcastparser
import pytest
from lxml import etree

from podcast.config import ShowConfig
from podcast.errors import PublishError
from podcast.models import (
    Chapter,
    Episode,
    EpisodeAssets,
    FinishedEpisode,
    Published,
    Recap,
    Script,
)
from podcast.publish import layout
from podcast.publish.catalog import SCHEMA_VERSION, Catalog, EpisodeRecord
from podcast.publish.feed import render_feed
from podcast.publish.ids import channel_guid, episode_guid, feed_guid, pub_date
from podcast.publish.pages import CSP, OEMBED_MIME, format_duration, render_index
from podcast.publish.publisher import publish
from podcast.publish.statedir import default_state_dir

NS = {
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "podcast": "https://podcastindex.org/namespace/1.0",
    "atom": "http://www.w3.org/2005/Atom",
}
HOSTILE = 'AT&T <script>alert(1)</script> "quotes" ]]>'
# (date, slug, title, tone Hz, seconds, has chapters)
EPISODES = [
    (dt.date(2026, 11, 16), "stocks-drift-higher", "Stocks Drift Higher", 330, 2, True),
    (dt.date(2026, 11, 17), "oil-slides", "Oil Slides — Energy Lags", 440, 3, True),
    (dt.date(2026, 11, 18), "hostile-title", HOSTILE, 550, 2, False),
    (dt.date(2026, 11, 19), "rate-jitters-hit-growth", "Rate Jitters Hit Growth", 660, 4, True),
]


def make_show(**overrides: object) -> ShowConfig:
    values: dict[str, object] = {
        "title": "Test Recap & Co",
        "description": "The trading day, <briefly>.",
        "author": "Research Desk",
        "owner_name": "Research Desk",
        "owner_email": "podcast@example.com",
        "base_url": "https://podcast.example/shows/recap/",
        "link": "https://example.com/recaps",
        "copyright": "© 2026 Example",
    }
    values.update(overrides)
    return ShowConfig(**values)  # type: ignore[arg-type]


def make_mp3(path: Path, frequency: int, seconds: int) -> Path:
    subprocess.run(
        [
            "ffmpeg", "-nostdin", "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", f"sine=frequency={frequency}:duration={seconds}",
            "-ac", "1", "-b:a", "96k", str(path),
        ],
        check=True,
        timeout=60,
    )  # fmt: skip
    return path


def make_episode(
    mp3: Path, date: dt.date, slug: str, title: str, seconds: float, chapters: bool
) -> Episode:
    recap = Recap(
        date=date,
        title=title,
        slug=slug,
        sections=(),
        source_path=Path(f"/inbox/{date.isoformat()}-{slug}.md"),
        source_format="md",
    )
    script = Script(title=title, date=date, segments=(), estimated_duration_s=seconds)
    marks = (
        (Chapter("Intro", 0.0, "intro"), Chapter(f"Snapshot: {title}", seconds / 2, "snapshot"))
        if chapters
        else ()
    )
    return Episode(
        recap=recap, script=script, mp3=mp3, duration_s=seconds + 0.03, segments=(), chapters=marks
    )


def finished_episode(
    episode: Episode,
    *,
    content_hash: str | None = None,
    show_cover: bytes | None = None,
    number_mp3: Callable[[Path, int], None] | None = None,
) -> FinishedEpisode:
    """The episode with a transcript, chapters when it has them, notes and a summary."""
    recap = episode.recap
    chapters = None
    if episode.chapters:
        doc = {
            "version": "1.2.0",
            "chapters": [{"startTime": c.start_s, "title": c.title} for c in episode.chapters],
        }
        chapters = json.dumps(doc, ensure_ascii=False)
    assets = EpisodeAssets(
        notes_html=f"<p>{recap.title.replace('&', '&amp;').replace('<', '&lt;')}</p>",
        summary=f"Summary of {recap.title}",
        transcript_vtt=f"WEBVTT\n\n00:00.000 --> 00:01.000\n{recap.title}\n",
        chapters_json=chapters,
        show_cover=show_cover,
    )
    digest = hashlib.sha256(recap.title.encode()).hexdigest()
    return FinishedEpisode(
        episode=episode,
        assets=assets,
        content_hash=digest if content_hash is None else content_hash,
        number_mp3=number_mp3,
    )


def publish_episode(
    out: Path,
    show: ShowConfig,
    episode: Episode,
    *,
    state: Path | None = None,
    wait_s: float | None = None,
    **kw: Any,
) -> Published:
    finished = finished_episode(episode, **kw)
    if wait_s is None:
        return publish(out, show, finished, state=state)
    return publish(out, show, finished, state=state, wait_s=wait_s)


def snapshot(out: Path) -> dict[str, str]:
    return {
        p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file()
    }


def url_to_path(show: ShowConfig, out: Path, url: str) -> Path:
    assert url.startswith(show.base_url), url
    return out / unquote(urlparse(url).path.removeprefix(urlparse(show.base_url).path))


@pytest.fixture(scope="module")
def tones(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("tones")
    return [make_mp3(folder / f"{slug}.mp3", hz, secs) for _, slug, _, hz, secs, _ in EPISODES]


@pytest.fixture
def show() -> ShowConfig:
    return make_show()


@pytest.fixture
def episodes(tones: list[Path]) -> list[Episode]:
    return [
        make_episode(mp3, date, slug, title, secs, chapters)
        for mp3, (date, slug, title, _, secs, chapters) in zip(tones, EPISODES, strict=True)
    ]


@pytest.fixture
def published(
    tmp_path: Path, show: ShowConfig, episodes: list[Episode]
) -> tuple[Path, list[Published]]:
    out = tmp_path / "out"
    # Published in a shuffled order: the feed must still come out newest first.
    order = [1, 0, 3, 2]
    results = {i: publish_episode(out, show, episodes[i]) for i in order}
    return out, [results[i] for i in range(len(episodes))]


def read_feed(out: Path) -> etree._Element:
    return etree.fromstring((out / "feed.xml").read_bytes())


# --- feed, read back three ways ---------------------------------------------------------------


def test_feedparser_sees_four_valid_items(published, show, episodes):
    out, results = published
    parsed = feedparser.parse((out / "feed.xml").read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert len(parsed.entries) == 4
    assert [e.title for e in parsed.entries] == [ep.recap.title for ep in reversed(episodes)]
    assert parsed.feed.title == show.title
    for entry, result in zip(parsed.entries, reversed(results), strict=True):
        assert entry.id == result.guid
        (enclosure,) = entry.enclosures
        assert enclosure.type == "audio/mpeg"
        path = url_to_path(show, out, enclosure.href)
        assert path == result.mp3 and path.is_file()
        assert int(enclosure.length) == path.stat().st_size
        assert enclosure.href.isascii()


def test_every_url_in_the_feed_maps_to_a_file(published, show):
    out, _ = published
    root = read_feed(out)
    urls = root.xpath(
        "//enclosure/@url | //podcast:transcript/@url | //podcast:chapters/@url", namespaces=NS
    )
    assert len(urls) == 4 + 4 + 3
    for url in urls:
        assert url_to_path(show, out, url).is_file(), url
    for item in root.iter("item"):
        assert url_to_path(show, out, item.findtext("link")).name == "embed.html"
    assert root.xpath("//podcast:transcript/@type", namespaces=NS) == ["text/vtt"] * 4
    assert (
        root.xpath("//podcast:chapters/@type", namespaces=NS) == ["application/json+chapters"] * 3
    )
    self_link = root.xpath("/rss/channel/atom:link[@rel='self']/@href", namespaces=NS)
    assert self_link == [show.base_url + "feed.xml"]
    assert root.xpath("/rss/channel/itunes:image/@href", namespaces=NS) == [
        show.base_url + "cover.png"
    ]


def test_podcastparser_sees_episodes_with_enclosures_and_durations(published, show):
    out, results = published
    with open(out / "feed.xml", "rb") as fh:
        parsed = podcastparser.parse(show.base_url + "feed.xml", fh)
    assert parsed["title"] == show.title
    assert len(parsed["episodes"]) == 4
    expected = {r.guid: r for r in results}
    durations = {secs for *_, secs, _ in EPISODES}
    for ep in parsed["episodes"]:
        (enc,) = ep["enclosures"]
        assert enc["mime_type"] == "audio/mpeg"
        assert enc["file_size"] == expected[ep["guid"]].mp3.stat().st_size
        assert ep["total_time"] in durations


def test_channel_and_item_tags(published, show):
    out, results = published
    root = read_feed(out)
    channel = root.find("channel")
    assert root.xpath("/rss/channel/podcast:guid/text()", namespaces=NS) == [channel_guid(show)]
    assert root.xpath("/rss/channel/podcast:locked/text()", namespaces=NS) == ["no"]
    assert root.xpath("//itunes:explicit/text()", namespaces=NS) == ["false"]
    assert root.xpath("/rss/channel/itunes:type/text()", namespaces=NS) == ["episodic"]
    assert root.xpath("/rss/channel/itunes:category/@text", namespaces=NS) == ["Business"]
    assert root.xpath("/rss/channel/itunes:category/itunes:category/@text", namespaces=NS) == [
        "Investing"
    ]
    assert root.xpath("/rss/channel/itunes:owner/itunes:email/text()", namespaces=NS) == [
        show.owner_email
    ]
    assert channel.findtext("link") == show.link
    assert channel.findtext("language") == "en-us"
    assert channel.findtext("copyright") == show.copyright
    # lastBuildDate comes from the newest episode, not from the clock.
    assert channel.findtext("lastBuildDate") == "Thu, 19 Nov 2026 18:30:00 -0500"

    items = root.findall("channel/item")
    assert [i.find("guid").get("isPermaLink") for i in items] == ["false"] * 4
    assert sorted(i.findtext("guid") for i in items) == sorted(r.guid for r in results)
    numbers = root.xpath("//item/itunes:episode/text()", namespaces=NS)
    assert sorted(numbers) == ["1", "2", "3", "4"]
    for item in items:
        length = item.find("enclosure").get("length")
        assert length.isdigit() and int(length) > 0
        duration = item.findtext("itunes:duration", namespaces=NS)
        assert duration.isdigit()
        assert item.findtext("itunes:summary", namespaces=NS).startswith("Summary of ")
        assert item.findtext("description").startswith("<p>")


def test_explicit_show_says_true(tmp_path, episodes):
    show = make_show(explicit=True)
    publish_episode(tmp_path, show, episodes[0])
    root = read_feed(tmp_path)
    assert root.xpath("//itunes:explicit/text()", namespaces=NS) == ["true"]


def test_feed_keeps_at_most_max_items_newest_first(published, show):
    out, results = published
    with Catalog(default_state_dir(out) / layout.CATALOG) as catalog:
        records = catalog.all_newest_first()
    root = etree.fromstring(render_feed(replace(show, max_feed_items=2), records))
    assert [i.findtext("guid") for i in root.iter("item")] == [results[3].guid, results[2].guid]


def test_missing_mp3_size_is_refused(show):
    record = EpisodeRecord(
        episode_id="2026-11-19-x", guid="g", date=dt.date(2026, 11, 19), slug="x", title="X",
        summary="", notes_html="", mp3_path="episodes/2026-11-19-x/episode.mp3",
        mp3_bytes=None,  # type: ignore[arg-type]
        duration_s=1.0, pub_date=pub_date(show, dt.date(2026, 11, 19)), episode_number=1,
        content_hash="h", source_name="x.md",
    )  # fmt: skip
    with pytest.raises(PublishError):
        render_feed(show, [record])


# --- identities -------------------------------------------------------------------------------


def test_channel_guid_follows_the_podcast_namespace_spec():
    # The example in the podcast namespace's guid documentation.
    expected = "917393e3-1b1e-5cef-ace4-edaa54e1f810"
    assert str(feed_guid("https://mp3s.nashownotes.com/pc20rss.xml")) == expected
    assert str(feed_guid("http://mp3s.nashownotes.com/pc20rss.xml/")) == expected


def test_guids_are_stable_and_distinct(published, show, episodes):
    out, results = published
    again = [episode_guid(show, e.recap.date, e.recap.slug) for e in episodes]
    assert again == [r.guid for r in results]
    assert len(set(again)) == 4
    other = make_show(base_url="https://elsewhere.example/")
    assert episode_guid(other, episodes[0].recap.date, episodes[0].recap.slug) != again[0]
    with Catalog(default_state_dir(out) / layout.CATALOG) as catalog:
        records = catalog.all_newest_first()
    first = render_feed(show, records)
    assert render_feed(show, list(reversed(records))) == first
    assert render_feed(show, records) == (out / "feed.xml").read_bytes()


def test_pub_date_comes_from_the_recap_date_and_show_time(show):
    winter = pub_date(show, dt.date(2026, 11, 19))
    summer = pub_date(show, dt.date(2026, 7, 1))
    assert winter.isoformat() == "2026-11-19T18:30:00-05:00"
    assert summer.isoformat() == "2026-07-01T18:30:00-04:00"
    with pytest.raises(PublishError):
        pub_date(make_show(timezone="Mars/Olympus_Mons"), dt.date(2026, 7, 1))


# --- publishing -------------------------------------------------------------------------------


def test_layout_and_published_paths(published, show, episodes):
    out, results = published
    for episode, result in zip(episodes, results, strict=True):
        folder = out / "episodes" / episode.recap.episode_id
        assert result.episode_dir == folder
        assert result.mp3.read_bytes() == episode.mp3.read_bytes()
        assert result.feed == out / "feed.xml" and result.index == out / "index.html"
        assert result.embed == folder / "embed.html"
        names = {p.name for p in folder.iterdir()}
        expected = {"episode.mp3", "script.json", "embed.html", "transcript.vtt"}
        assert expected <= names
        assert ("chapters.json" in names) == bool(episode.chapters)
        script = json.loads((folder / "script.json").read_text(encoding="utf-8"))
        assert script["title"] == episode.recap.title
        for path in (result.episode_dir, result.mp3, result.feed, result.embed, result.index):
            assert path.is_absolute() and path.exists()
    assert (out / "static" / "player.js").is_file()
    leftovers = [p for p in out.rglob("*") if p.name.endswith(".tmp") or "-wal" in p.name]
    assert leftovers == []


def test_republishing_the_same_episode_changes_no_file(published, show, episodes):
    out, results = published
    before = snapshot(out)
    mtimes = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    again = publish_episode(out, show, episodes[2])
    assert again == results[2]
    assert snapshot(out) == before
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == mtimes


def test_republishing_changed_episode_keeps_its_number(published, show, episodes):
    out, results = published
    with Catalog(default_state_dir(out) / layout.CATALOG) as catalog:
        before = catalog.get(episodes[1].recap.episode_id)
        assert before is not None
        number = before.episode_number
    changed = replace(episodes[1], recap=replace(episodes[1].recap, title="Oil Slides, Revised"))
    result = publish_episode(out, show, changed, content_hash="new")
    assert result.guid == results[1].guid
    with Catalog(default_state_dir(out) / layout.CATALOG) as catalog:
        record = catalog.get(episodes[1].recap.episode_id)
        assert record is not None
        assert record.episode_number == number and record.title == "Oil Slides, Revised"
        assert catalog.next_episode_number() == 5
        assert len(catalog.all_newest_first()) == 4
    titles = [e.title for e in feedparser.parse((out / "feed.xml").read_bytes()).entries]
    assert "Oil Slides, Revised" in titles and len(titles) == 4


@pytest.mark.parametrize(
    "slug", ["../../evil", "a/../../b", "Bad-Slug", "x--y", "ok-", "with space", "é"]
)
def test_bad_episode_ids_are_refused(tmp_path, show, episodes, slug):
    episode = replace(episodes[0], recap=replace(episodes[0].recap, slug=slug))
    out = tmp_path / "out"
    with pytest.raises(PublishError):
        publish_episode(out, show, episode)
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_symlinked_episode_folder_outside_out_is_refused(tmp_path, show, episodes):
    out = tmp_path / "out"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (out / "episodes").mkdir(parents=True)
    (out / "episodes" / episodes[0].recap.episode_id).symlink_to(elsewhere)
    with pytest.raises(PublishError):
        publish_episode(out, show, episodes[0])
    assert list(elsewhere.iterdir()) == []


def test_missing_mp3_is_a_publish_error(tmp_path, show, episodes):
    episode = replace(episodes[0], mp3=tmp_path / "nope.mp3")
    with pytest.raises(PublishError):
        publish_episode(tmp_path / "out", show, episode)


# --- pages ------------------------------------------------------------------------------------


def test_hostile_title_round_trips_and_is_escaped(published, show):
    out, results = published
    entries = feedparser.parse((out / "feed.xml").read_bytes()).entries
    assert HOSTILE in [e.title for e in entries]
    titles = [i.findtext("title") for i in read_feed(out).iter("item")]
    assert HOSTILE in titles
    embed = results[2].embed.read_text(encoding="utf-8")
    index = (out / "index.html").read_text(encoding="utf-8")
    for html in (embed, index):
        assert "<script>alert" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    doc = lxml.html.fromstring(embed)
    assert doc.findtext(".//title") == HOSTILE
    assert lxml.html.fromstring(index).xpath("//h2/text()").count(HOSTILE) == 1


def test_embed_page_is_standalone_and_same_origin(published):
    _, results = published
    result = results[3]
    doc = lxml.html.fromstring(result.embed.read_bytes())
    csp = doc.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
    assert csp == [CSP]
    assert "script-src 'self'" in CSP and "unsafe-inline" not in CSP.split("script-src")[1]
    assert doc.xpath("//h1/text()") == ["Listen to this Recap"]
    (audio,) = doc.xpath("//audio")
    assert audio.get("src") == result.mp3.name  # the write-once, versioned file
    assert re.fullmatch(r"episode-[0-9a-f]{12}\.mp3", result.mp3.name)
    assert audio.get("preload") == "metadata" and audio.get("controls") is not None
    assert doc.xpath("//span[@class='duration']/text()") == ["0:04"]
    assert doc.xpath("//button/@data-start") == ["0", "2"]
    assert "Snapshot: Rate Jitters Hit Growth" in doc.text_content()
    # No inline script, and nothing loaded from another host (the oEmbed discovery link is
    # for a CMS, not loaded by the page, and absolute as oEmbed wants: tests/test_oembed.py).
    scripts = doc.xpath("//script")
    assert scripts and all(s.get("src") and not (s.text or "").strip() for s in scripts)
    for ref in doc.xpath(f"//@src | //@href[not(parent::link[@type='{OEMBED_MIME}'])]"):
        assert "//" not in ref and ":" not in ref, ref
        assert (result.embed.parent / ref).resolve().is_file(), ref


def test_index_lists_every_episode_newest_first(published, show, episodes):
    out, _ = published
    doc = lxml.html.fromstring((out / "index.html").read_bytes())
    assert doc.xpath("//h2/text()") == [e.recap.title for e in reversed(episodes)]
    assert doc.xpath("//a[@class='subscribe']/@href") == ["feed.xml"]
    sources = doc.xpath("//audio/@src")
    assert len(sources) == 4
    for ref in doc.xpath(f"//@src | //@href[not(parent::link[@type='{OEMBED_MIME}'])]"):
        assert "//" not in ref and ":" not in ref, ref
        assert (out / ref).is_file(), ref
    text = doc.text_content()
    # Dates read "Thu, Nov 19, 2026"; the machine-readable date is on <time datetime>.
    assert "Thu, Nov 19, 2026" in text and "0:04" in text
    assert "2026-11-19" in doc.xpath("//time/@datetime")


def test_render_index_of_nothing(show):
    html = render_index(show, [])
    assert "No episodes yet." in html and 'href="feed.xml"' in html


def test_format_duration():
    assert format_duration(0) == "0:00"
    assert format_duration(59.6) == "1:00"
    assert format_duration(542.2) == "9:02"
    assert format_duration(3725) == "1:02:05"


# --- catalog ----------------------------------------------------------------------------------


def test_catalog_migrations_and_records(tmp_path, show):
    path = tmp_path / "catalog.sqlite"
    date = dt.date(2026, 11, 19)
    record = EpisodeRecord(
        episode_id="2026-11-19-x", guid=episode_guid(show, date, "x"), date=date, slug="x",
        title="X", summary="s", notes_html="<p>n</p>",
        mp3_path="episodes/2026-11-19-x/episode.mp3", mp3_bytes=10, duration_s=1.5,
        pub_date=pub_date(show, date), episode_number=1, content_hash="h", source_name="x.md",
        transcript_path="episodes/2026-11-19-x/transcript.vtt",
    )  # fmt: skip
    with Catalog(path) as catalog:
        assert catalog.schema_version == SCHEMA_VERSION == 4
        assert catalog.next_episode_number() == 1
        assert catalog.get("2026-11-19-x") is None
        catalog.upsert(record)
        catalog.upsert(replace(record, title="Y"))
    with Catalog(path) as catalog:
        assert catalog.schema_version == SCHEMA_VERSION == 4
        got = catalog.get("2026-11-19-x")
        assert got == replace(record, title="Y")
        assert got.pub_date.utcoffset() == dt.timedelta(hours=-5)
        assert catalog.all_newest_first() == [got]
        assert catalog.next_episode_number() == 2
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT version FROM schema_version").fetchall() == [(1,), (2,), (3,), (4,)]
    conn.execute("INSERT INTO schema_version (version, applied) VALUES (99, 'future')")
    conn.commit()
    conn.close()
    with pytest.raises(PublishError, match="newer"):
        Catalog(path)


def test_catalog_refuses_a_naive_pub_date(tmp_path, show):
    date = dt.date(2026, 11, 19)
    record = EpisodeRecord(
        episode_id="2026-11-19-x", guid="g", date=date, slug="x", title="X", summary="",
        notes_html="", mp3_path="episodes/2026-11-19-x/episode.mp3", mp3_bytes=1,
        duration_s=1.0, pub_date=dt.datetime(2026, 11, 19, 18, 30), episode_number=1,
        content_hash="h", source_name="x.md",
    )  # fmt: skip
    with Catalog(tmp_path / "c.sqlite") as catalog, pytest.raises(PublishError):
        catalog.upsert(record)


def test_same_day_titles_are_made_distinct() -> None:
    from podcast.publish.publisher import distinct_title

    assert distinct_title("Stocks Rise", set()) == "Stocks Rise"
    assert distinct_title("Stocks Rise", {"Stocks Rise"}) == "Stocks Rise (Part 2)"
    taken = {"Stocks Rise", "Stocks Rise (Part 2)"}
    assert distinct_title("Stocks Rise", taken) == "Stocks Rise (Part 3)"


def test_catalog_upgrades_a_version_one_database(tmp_path: Path) -> None:
    import sqlite3

    from podcast.publish.catalog import MIGRATIONS

    path = tmp_path / "catalog.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied TEXT NOT NULL)")
    conn.executescript(MIGRATIONS[0][1])
    conn.execute("INSERT INTO schema_version VALUES (1, 'migration 1')")
    conn.commit()
    conn.close()
    with Catalog(path) as catalog:
        assert catalog.schema_version == 4
        assert catalog.all_newest_first() == []
        assert catalog.show_files() == ()
