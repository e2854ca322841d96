"""The lighter download (issue 15, point 2): an Opus rendition encoded from the same mastered PCM as
the MP3 (one ffmpeg, two outputs), published beside it and listed in the feed as
podcast:alternateEnclosure with podcast:source and podcast:integrity (SRI sha256 of the published
bytes). Read back with XPath and ffprobe from a fake-voice render; the encode checked for
byte-reproducibility, and for leaving the MP3's bytes exactly as they were without it."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import sqlite3
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import podcastparser
import pytest
from lxml import etree

from podcast import pipeline
from podcast.audio import export
from podcast.audio.export import Tags, encode_mp3
from podcast.audio.stream import ArraySource, chunks
from podcast.config import ShowConfig, load_show
from podcast.errors import SubprocessError
from podcast.publish import layout
from podcast.publish.catalog import Catalog, EpisodeRecord, Rendition
from podcast.publish.feed import render_feed
from podcast.publish.statedir import default_state_dir
from podcast.tts.cache import SegmentCache
from tests.audio_probe import measure_file, probe_duration

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
NS = {"podcast": "https://podcastindex.org/namespace/1.0"}
RECAP_ID = "2026-11-10-quiet-close"  # tests/data/short-recap.md


@dataclass(frozen=True)
class Site:
    out: Path
    show: ShowConfig
    record: EpisodeRecord


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    base = tmp_path_factory.mktemp("alternate")
    show = load_show(DATA / "fake-show.toml")
    out = base / "out"
    pipeline.render(DATA / "short-recap.md", out, show, cache=SegmentCache(base / "cache"))
    with Catalog(default_state_dir(out) / layout.CATALOG) as catalog:
        record = catalog.get(RECAP_ID)
    assert record is not None
    return Site(out, show, record)


def alternate_of(site: Site) -> etree._Element:
    feed = etree.fromstring((site.out / layout.FEED).read_bytes())
    found = feed.xpath("/rss/channel/item/podcast:alternateEnclosure", namespaces=NS)
    assert len(found) == 1
    return found[0]


def local_file(site: Site, url: str) -> Path:
    prefix = site.show.base_url.rstrip("/") + "/"
    assert url.startswith(prefix), url
    return site.out / url[len(prefix) :]


def sri(data: bytes) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(data).digest()).decode("ascii")


def test_feed_lists_the_rendition_with_source_and_integrity(site: Site) -> None:
    alt = alternate_of(site)
    assert alt.get("type") == "audio/ogg" and alt.get("codecs") == "opus"
    assert alt.get("default") == "false"
    assert 0 < len(alt.get("title")) <= 32
    sources = alt.xpath("podcast:source/@uri", namespaces=NS)
    assert len(sources) == 1
    path = local_file(site, sources[0])
    assert path.is_file() and path.suffix == ".opus"
    assert path.name == layout.versioned_opus(path.read_bytes())
    data = path.read_bytes()
    assert int(alt.get("length")) == len(data) == path.stat().st_size
    integrity = alt.xpath("podcast:integrity", namespaces=NS)
    assert [(i.get("type"), i.get("value")) for i in integrity] == [("sri", sri(data))]
    # bits per second, as the namespace asks: the file's average over the episode
    assert int(alt.get("bitrate")) == round(len(data) * 8 / site.record.duration_s)
    assert 16_000 <= int(alt.get("bitrate")) <= 32_000
    # The MP3 stays the enclosure, and apps that know no alternateEnclosure still read the item.
    feed = etree.fromstring((site.out / layout.FEED).read_bytes())
    (enclosure,) = feed.xpath("/rss/channel/item/enclosure")
    assert enclosure.get("type") == "audio/mpeg" and enclosure.get("url").endswith(".mp3")
    parsed = podcastparser.parse("feed.xml", (site.out / layout.FEED).open("rb"))
    assert [e["enclosures"][0]["mime_type"] for e in parsed["episodes"]] == ["audio/mpeg"]


def test_rendition_is_lighter_and_as_long_as_the_mp3(site: Site) -> None:
    mp3 = site.out / site.record.mp3_path
    assert site.record.alternate is not None
    opus = site.out / site.record.alternate.path
    ratio = mp3.stat().st_size / opus.stat().st_size
    assert ratio >= 2.5, ratio
    assert abs(probe_duration(opus) - probe_duration(mp3)) <= 0.1
    # Mastered to the same loudness (the MP3's LAME compensation is taken off the Opus input).
    assert abs(measure_file(opus).lufs - measure_file(mp3).lufs) <= 0.5


def test_encode_is_byte_reproducible_and_leaves_the_mp3_alone(tmp_path: Path) -> None:
    rng = np.random.default_rng(15)
    sr = 24000
    t = np.arange(sr * 6) / sr
    voice = 0.2 * np.sin(2 * np.pi * 180 * t) * (0.6 + 0.4 * np.sin(2 * np.pi * 3 * t))
    x = (voice + 0.01 * rng.standard_normal(len(t))).astype(np.float32)
    tags = Tags(title="T", artist="A", album="S", date=dt.date(2026, 11, 10))

    def encode(name: str, *, with_opus: bool) -> tuple[bytes, bytes | None]:
        mp3, opus = tmp_path / f"{name}.mp3", tmp_path / f"{name}.opus"
        blocks = chunks(ArraySource(x), 10_000)
        encode_mp3(blocks, sr, mp3, tags=tags, opus=opus if with_opus else None)
        return mp3.read_bytes(), opus.read_bytes() if with_opus else None

    first, second, alone = (
        encode("a", with_opus=True),
        encode("b", with_opus=True),
        encode("c", with_opus=False),
    )
    assert first == second
    assert first[1] is not None and first[1][:4] == b"OggS"
    assert alone[0] == first[0]  # the second output changes nothing in the MP3
    assert not list(tmp_path.glob(".*.tmp"))


def test_feed_lists_only_a_published_rendition(site: Site) -> None:
    assert site.record.alternate is not None

    def alternates(record: EpisodeRecord, published: bool) -> list[etree._Element]:
        feed = etree.fromstring(render_feed(site.show, [record], published=lambda _p: published))
        return feed.xpath("//podcast:alternateEnclosure", namespaces=NS)

    assert len(alternates(site.record, True)) == 1
    assert alternates(site.record, False) == []
    assert alternates(replace(site.record, alternate=None), True) == []


def test_catalog_keeps_the_rendition_and_migrates_old_rows(tmp_path: Path, site: Site) -> None:
    rendition = Rendition.of(
        "episodes/x/episode-0.opus", b"ogg", media_type="audio/ogg", codecs="opus", duration_s=2.0
    )
    assert rendition.integrity == sri(b"ogg") and rendition.bitrate_bps == 12
    path = tmp_path / "catalog.sqlite"
    with Catalog(path) as catalog:
        catalog.upsert(replace(site.record, alternate=rendition))
        assert catalog.get(RECAP_ID) == replace(site.record, alternate=rendition)
        assert catalog.all_newest_first()[0].alternate == rendition
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE episodes SET alternate = NULL")
    conn.close()
    with Catalog(path) as catalog:
        got = catalog.get(RECAP_ID)
        assert got is not None and got.alternate is None


def test_embed_offers_the_rendition_before_the_mp3(site: Site) -> None:
    page = (site.out / layout.episode_file(RECAP_ID, layout.EMBED)).read_text(encoding="utf-8")
    html = etree.HTML(page)
    (audio,) = html.xpath("//audio[@data-player]")
    assert site.record.alternate is not None
    # lxml's HTML parser nests the void <source>s; a browser reads them as siblings
    assert [(s.get("src"), s.get("type")) for s in audio.iter("source")] == [
        (Path(site.record.alternate.path).name, "audio/ogg; codecs=opus"),
        (Path(site.record.mp3_path).name, "audio/mpeg"),
    ]
    assert audio.get("src") is None
    assert audio.xpath(".//a/@href") == [Path(site.record.mp3_path).name]


def test_a_failing_opus_encoder_fails_the_encode_and_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(path: Path, sample_rate: int, mp3_kbps: int) -> list[str]:
        return ["ffmpeg", "-nostdin", "-loglevel", "error", "-f", "s16le", "-i", "pipe:0",
                "-c:a", "no-such-encoder", "-f", "ogg", str(path)]  # fmt: skip

    monkeypatch.setattr(export, "opus_args", broken)
    x = np.zeros(24000 * 3, dtype=np.float32)
    tags = Tags(title="T", artist="A", album="S", date=dt.date(2026, 11, 10))
    mp3, opus = tmp_path / "e.mp3", tmp_path / "e.opus"
    # an ffmpeg failure keeps its class (transient: the nightly retries it, as the MP3's)
    with pytest.raises(SubprocessError, match=r"no-such-encoder.*\.opus.*exited with 1") as err:
        encode_mp3(chunks(ArraySource(x), 4096), 24000, mp3, tags=tags, opus=opus)
    assert err.value.transient
    assert sorted(p.name for p in tmp_path.iterdir()) == []
