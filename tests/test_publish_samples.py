"""All four samples published into one OUT, read back the way podcast apps read it; then the same
four again, which must change no file at all."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import feedparser
import lxml.html
import podcastparser
import pytest
from lxml import etree

from podcast import pipeline
from podcast.config import load_show
from podcast.tts.cache import SegmentCache

ROOT = Path(__file__).resolve().parents[1]
NAMES = ["recap-tech-led-rally.txt", "recap-2026-11-19.md", "recap-2026-11-17.json",
         "recap-2026-11-18.html"]  # fmt: skip
NS = {"itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
      "podcast": "https://podcastindex.org/namespace/1.0"}  # fmt: skip


def snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory):
    samples = ROOT.parent / "shared" / "samples"
    base = tmp_path_factory.mktemp("four")
    show = load_show(ROOT / "tests" / "data" / "fake-show.toml")
    out, cache = base / "out", SegmentCache(base / "cache")
    for name in NAMES:
        quotes = samples / "recap-2026-11-19.quotes.csv" if name.endswith(".md") else None
        pipeline.render(samples / name, out, show, quotes=quotes, cache=cache)
    return show, out, cache, samples


def local(show, out: Path, url: str) -> Path:
    assert url.startswith(show.base_url) and url.isascii(), url
    return out / url.removeprefix(show.base_url)


def test_feed_reads_back_in_apps(published) -> None:
    show, out, _, _ = published
    data = (out / "feed.xml").read_bytes()
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert len(parsed.entries) == 4
    dates = [e.published_parsed for e in parsed.entries]
    assert dates == sorted(dates, reverse=True)
    for entry in parsed.entries:
        (enc,) = entry.enclosures
        assert int(enc.length) == local(show, out, enc.href).stat().st_size
    pod = podcastparser.parse(show.base_url + "feed.xml", __import__("io").BytesIO(data))
    assert len(pod["episodes"]) == 4
    for ep in pod["episodes"]:
        (enc,) = ep["enclosures"]
        assert enc["file_size"] == local(show, out, enc["url"]).stat().st_size
        assert enc["mime_type"] == "audio/mpeg"
        assert ep["total_time"] > 60
        # podcastparser knows only the old URL of the podcast namespace, so it sees the
        # chapters through the inline Podlove chapters; the Podcasting 2.0 tags are checked
        # with XPath in the next test.
        assert len(ep["chapters"]) >= 4 and ep["chapters"][0]["start"] == 0
        assert [c["start"] for c in ep["chapters"]] == sorted(c["start"] for c in ep["chapters"])
    assert len({e["guid"] for e in pod["episodes"]}) == 4


def test_every_url_in_the_feed_names_a_file(published) -> None:
    show, out, _, _ = published
    doc = etree.fromstring((out / "feed.xml").read_bytes())
    urls = doc.xpath(
        "//enclosure/@url | //itunes:image/@href | //podcast:transcript/@url"
        " | //podcast:chapters/@url | //item/link/text()",
        namespaces=NS,
    )
    assert len(urls) == 4 * 7 + 1  # enclosure, image, 3 transcripts, chapters, link; cover
    for url in urls:
        assert local(show, out, url).is_file(), url
    assert doc.xpath("string(//channel/itunes:explicit)", namespaces=NS) == "false"
    assert doc.xpath("//channel/podcast:guid/text()", namespaces=NS)
    assert doc.xpath("//channel/podcast:locked/text()", namespaces=NS) == ["no"]
    assert all(g == "false" for g in doc.xpath("//item/guid/@isPermaLink"))


def test_every_sample_has_its_soundbite_schedule_and_oembed(published) -> None:
    """Issue 15: each item's podcast:soundbite is its key takeaways chapter (chapters.json), the
    channel carries the show's schedule and no podcast:txt (the test show sets none), and each
    episode's oEmbed document is linked from its player."""
    show, out, _, _ = published
    doc = etree.fromstring((out / "feed.xml").read_bytes())
    (freq,) = doc.xpath("/rss/channel/podcast:updateFrequency", namespaces=NS)
    assert show.update_frequency is not None
    assert (freq.get("rrule"), freq.text) == (show.update_frequency.rrule, "Every weekday")
    assert not doc.xpath("//podcast:txt", namespaces=NS)
    items = doc.xpath("//item")
    assert len(items) == 4
    for item in items:
        chapters_url = item.xpath("string(podcast:chapters/@url)", namespaces=NS)
        chapters = json.loads(local(show, out, chapters_url).read_bytes())["chapters"]
        (key,) = [c for c in chapters if c["title"] == "Key takeaways"]
        (bite,) = item.xpath("podcast:soundbite", namespaces=NS)
        assert float(bite.get("startTime")) == pytest.approx(key["startTime"], abs=0.001)
        length = min(key["endTime"] - key["startTime"], 120.0)
        assert float(bite.get("duration")) == pytest.approx(length, abs=0.002)
        assert 15.0 <= float(bite.get("duration")) <= 120.0 and bite.text == "Key takeaways"
        page = lxml.html.fromstring(local(show, out, item.findtext("link")).read_bytes())
        (href,) = page.xpath("//link[@type='application/json+oembed']/@href")
        oembed = json.loads(local(show, out, href).read_bytes())
        assert oembed["type"] == "rich" and oembed["title"] == item.findtext("title")
        assert item.findtext("link") in oembed["html"]


def test_every_sample_lists_its_transcripts_and_they_read_as_written(published) -> None:
    """Issue 15 point 1: each item lists the VTT (captions), SRT and JSON transcripts; all three
    carry the same cues, written as the recap wrote them (digits, "S&P 500", no respelling)."""
    from tests.test_captions import SPOKEN_FIGURES

    show, out, _, _ = published
    doc = etree.fromstring((out / "feed.xml").read_bytes())
    for item in doc.xpath("//item"):
        found = item.xpath("podcast:transcript", namespaces=NS)
        kinds = {t.get("type"): t for t in found}
        assert set(kinds) == {"text/vtt", "application/x-subrip", "application/json"}
        assert kinds["text/vtt"].get("rel") == "captions" and len(found) == 3
        vtt = local(show, out, kinds["text/vtt"].get("url")).read_text()
        srt = local(show, out, kinds["application/x-subrip"].get("url")).read_text()
        data = json.loads(local(show, out, kinds["application/json"].get("url")).read_bytes())
        assert data["version"] == "1.0.0"
        bodies = [s["body"] for s in data["segments"]]
        assert len(bodies) == vtt.count(" --> ") == srt.count(" --> ") > 10
        assert all(s["startTime"] < s["endTime"] for s in data["segments"])
        text = "\n".join(bodies)
        assert any(ch.isdigit() for ch in text) and "%" in text
        assert not SPOKEN_FIGURES.search(text), SPOKEN_FIGURES.search(text)


def test_republishing_the_same_four_changes_nothing(published) -> None:
    show, out, cache, samples = published
    before = snapshot(out)
    for name in NAMES:
        quotes = samples / "recap-2026-11-19.quotes.csv" if name.endswith(".md") else None
        pipeline.render(samples / name, out, show, quotes=quotes, cache=cache)
    assert snapshot(out) == before
    assert len(feedparser.parse((out / "feed.xml").read_bytes()).entries) == 4


def test_a_corrected_recap_keeps_guid_and_date_and_gets_a_new_audio_url(
    published, tmp_path: Path
) -> None:
    show, out, cache, samples = published
    feed_before = feedparser.parse((out / "feed.xml").read_bytes())
    old = next(e for e in feed_before.entries if "Break Out" in e.title)
    corrected = tmp_path / "recap-2026-11-17.json"
    corrected.write_text(
        (samples / "recap-2026-11-17.json")
        .read_text()
        .replace(
            "Walmart (WMT) reports before the open",
            "Walmart (WMT) and Target report before the open",
        )
    )
    pipeline.render(corrected, out, show, cache=cache)
    after = feedparser.parse((out / "feed.xml").read_bytes())
    new = next(e for e in after.entries if "Break Out" in e.title)
    assert len(after.entries) == 4
    assert (new.id, new.published) == (old.id, old.published)
    assert new.enclosures[0].href != old.enclosures[0].href
    assert local(show, out, old.enclosures[0].href).is_file()  # the old file stays
    assert local(show, out, new.enclosures[0].href).is_file()


def test_hostile_title_reads_back_exactly_through_the_pipeline(tmp_path: Path) -> None:
    hostile = 'AT&T <script>alert(1)</script> "quotes" ]]>'
    article = tmp_path / "recap-2026-11-12.md"
    article.write_text(
        "---\ntitle: 'AT&T <script>alert(1)</script> \"quotes\" ]]>'\ndate: 2026-11-12\n"
        "slug: hostile-title\n---\n\n## Key Takeaways\n\n- SPY +0.5%.\n\n## Bottom line\n\n"
        'A quiet day <break time="60s"/> for stocks.\n'
    )
    show = load_show(ROOT / "tests" / "data" / "fake-show.toml")
    out = tmp_path / "out"
    result = pipeline.render(article, out, show, cache=SegmentCache(tmp_path / "cache"))
    parsed = feedparser.parse((out / "feed.xml").read_bytes())
    assert not parsed.bozo and parsed.entries[0].title == hostile
    etree.fromstring((out / "feed.xml").read_bytes())  # well-formed XML
    for page in (result.published.embed, out / "index.html"):
        html = page.read_text()
        assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    spoken = " ".join(s.text for s in result.script.segments)
    assert "script" not in spoken.lower() and "break" not in spoken.lower()
