"""Feed elements apps show (issue 15, point 4): podcast:updateFrequency from the show's schedule
(an RFC 5545 rule in podcast.toml, a bad one a one-line config error), podcast:soundbite for the
key takeaways chapter, podcast:txt only when the show sets one. Read back with lxml XPath, and with
podcastparser and feedparser, which must still read every episode with these tags present."""

from __future__ import annotations

import datetime as dt
import io
import itertools
from dataclasses import replace

import feedparser
import podcastparser
import pytest
from dateutil.rrule import rrulestr
from lxml import etree

from podcast.config import FeedText, UpdateFrequency, load_show
from podcast.publish.catalog import EpisodeRecord
from podcast.publish.feed import SOUNDBITE_MAX_S, render_feed, soundbite
from podcast.util.rrule import normalize_rrule
from tests.test_config import MINIMAL, refused, show_file
from tests.test_publish import HOSTILE, NS, make_show

WEEKDAYS = "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"


def record(
    day: int,
    chapters: tuple[tuple[float, str, str], ...],
    duration_s: float = 300.0,
    title: str = "A Day",
) -> EpisodeRecord:
    date = dt.date(2026, 11, day)
    return EpisodeRecord(
        episode_id=f"{date.isoformat()}-day",
        guid=f"guid-{day}",
        date=date,
        slug="day",
        title=title,
        summary="",
        notes_html="",
        mp3_path=f"episodes/{date.isoformat()}-day/episode-0123456789ab.mp3",
        mp3_bytes=1000,
        duration_s=duration_s,
        pub_date=dt.datetime(2026, 11, day, 23, 30, tzinfo=dt.UTC),
        episode_number=day,
        content_hash="h",
        source_name="r.md",
        chapters=tuple((start, name) for start, name, _ in chapters),
        chapter_sections=tuple(section for _, _, section in chapters),
    )


INTRO = (0.0, "Introduction", "intro")


def feed_of(show, records) -> etree._Element:
    return etree.fromstring(render_feed(show, records))


# --- podcast:updateFrequency and the show file ------------------------------------------------


@pytest.mark.parametrize(
    ("written", "published"),
    [
        (WEEKDAYS, WEEKDAYS),
        ("freq=weekly;byday=mo,tu,we,th,fr", WEEKDAYS),  # RFC 5545 names are case-insensitive
        ("RRULE:FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR", "FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR"),
        ("FREQ=YEARLY;BYDAY=+4TH;BYMONTH=11", "FREQ=YEARLY;BYDAY=+4TH;BYMONTH=11"),
        ("FREQ=WEEKLY;UNTIL=20271231T000000Z;BYDAY=MO",) * 2,
        ("FREQ=MONTHLY;BYMONTHDAY=-1", "FREQ=MONTHLY;BYMONTHDAY=-1"),
    ],
)  # fmt: skip
def test_a_valid_rule_is_published_as_written(tmp_path, written: str, published: str) -> None:
    text = MINIMAL + f'\n[feed]\nupdate_frequency = "{written}"\nupdate_frequency_label = "Often"\n'
    show = load_show(show_file(tmp_path, text))
    assert show.update_frequency == UpdateFrequency(rrule=published, label="Often")
    # An independent parser reads the rule the feed carries.
    start = dt.datetime(2026, 11, 16, tzinfo=dt.UTC)  # a Monday
    assert rrulestr(published, dtstart=start).after(start) is not None


def test_the_weekday_rule_falls_on_weekdays_only() -> None:
    start = dt.datetime(2026, 11, 16)
    days = list(itertools.islice(rrulestr(normalize_rrule(WEEKDAYS), dtstart=start), 15))
    assert {d.weekday() for d in days} == {0, 1, 2, 3, 4} and len(set(days)) == 15


@pytest.mark.parametrize(
    ("rule", "why"),
    [
        ("WEEKLY", "NAME=VALUE"),
        ("BYDAY=MO", "FREQ"),
        ("FREQ=FORTNIGHTLY", "FREQ"),
        ("FREQ=WEEKLY;BYDAY=MO,XX", "BYDAY 'XX'"),
        ("FREQ=WEEKLY;BYDAY=2MO", "MONTHLY or YEARLY"),
        ("FREQ=WEEKLY;INTERVAL=0", "INTERVAL"),
        ("FREQ=WEEKLY;COUNT=10", "COUNT"),
        ("FREQ=WEEKLY;BYHOUR=24", "BYHOUR"),
        ("FREQ=WEEKLY;BYMONTHDAY=3", "BYMONTHDAY"),
        ("FREQ=WEEKLY;UNTIL=2027-12-31", "UNTIL"),
        ("FREQ=WEEKLY;FREQ=DAILY", "twice"),
        ("FREQ=WEEKLY;BYDAY=MO;", "NAME=VALUE"),
        ("FREQ=WEEKLY;EVERY=MO", "EVERY"),
    ],
)
def test_a_bad_rule_is_a_one_line_config_error(tmp_path, rule: str, why: str) -> None:
    text = MINIMAL + f'\n[feed]\nupdate_frequency = "{rule}"\nupdate_frequency_label = "x"\n'
    message = refused(tmp_path, text)
    assert "[feed] update_frequency" in message and why in message, message


@pytest.mark.parametrize(
    ("feed_table", "why"),
    [
        (f'update_frequency = "{WEEKDAYS}"', "update_frequency_label"),
        (f'update_frequency = "{WEEKDAYS}"\nupdate_frequency_label = "{"x" * 129}"', "128"),
        ('update_frequency_label = "Every weekday"', "needs update_frequency"),
        ("update_frequency = 5", "must be a str"),
        ('txt = ""', "txt"),
        ("txt = [{ purpose = 'verify' }]", "txt"),
        ("txt = [{ text = 'a', owner = 'b' }]", "txt"),
        ("txt = 7", "txt"),
        (f'txt = "{"t" * 4001}"', "4000"),
    ],
)
def test_bad_feed_settings_are_one_line_config_errors(tmp_path, feed_table: str, why: str) -> None:
    message = refused(tmp_path, MINIMAL + f"\n[feed]\n{feed_table}\n")
    assert why in message, message


def test_update_frequency_and_txt_in_the_channel(tmp_path) -> None:
    text = MINIMAL + (
        "\n[feed]\n"
        f'update_frequency = "{WEEKDAYS}"\n'
        'update_frequency_label = "Every weekday & after the <close>"\n'
        'txt = [{ purpose = "verify", text = \'S6lpp-7ZCn8 <b>&amp;\' }, { text = "plain" }]\n'
    )
    show = load_show(show_file(tmp_path, text))
    assert show.txt == (FeedText("S6lpp-7ZCn8 <b>&amp;", "verify"), FeedText("plain"))
    doc = feed_of(show, [record(19, (INTRO,))])
    (freq,) = doc.xpath("/rss/channel/podcast:updateFrequency", namespaces=NS)
    assert freq.get("rrule") == WEEKDAYS and freq.text == "Every weekday & after the <close>"
    assert freq.attrib.keys() == ["rrule"]  # no COUNT, so no dtstart; not complete
    txts = doc.xpath("/rss/channel/podcast:txt", namespaces=NS)
    assert [(t.get("purpose"), t.text) for t in txts] == [
        ("verify", "S6lpp-7ZCn8 <b>&amp;"),
        (None, "plain"),
    ]
    assert not doc.xpath("//item/podcast:txt", namespaces=NS)


def test_no_schedule_and_no_txt_write_neither_element(tmp_path) -> None:
    show = load_show(show_file(tmp_path))
    assert show.update_frequency is None and show.txt == ()
    doc = feed_of(show, [record(19, (INTRO,))])
    assert not doc.xpath("//podcast:updateFrequency | //podcast:txt", namespaces=NS)


# --- podcast:soundbite ------------------------------------------------------------------------


def test_soundbite_is_the_key_takeaways_chapter() -> None:
    chapters = (INTRO, (21.5, "Key takeaways", "key_takeaways"), (68.25, "Snapshot", "snapshot"))
    doc = feed_of(make_show(), [record(19, chapters)])
    (bite,) = doc.xpath("//item/podcast:soundbite", namespaces=NS)
    assert (bite.get("startTime"), bite.get("duration"), bite.text) == (
        "21.5",
        "46.75",
        "Key takeaways",
    )


def test_soundbite_runs_to_the_end_and_is_cut_at_the_spec_length() -> None:
    last = record(19, (INTRO, (30.0, "Key takeaways", "key_takeaways")), duration_s=75.0)
    assert soundbite(last) is not None and soundbite(last).duration_s == 45.0  # type: ignore[union-attr]
    long = record(19, (INTRO, (10.0, "Takeaways", "key_takeaways"), (400.0, "S", "snapshot")))
    bite = soundbite(long)
    assert bite is not None and (bite.start_s, bite.duration_s) == (10.0, SOUNDBITE_MAX_S)
    doc = feed_of(make_show(), [long])
    assert doc.xpath("string(//podcast:soundbite/@duration)", namespaces=NS) == "120.0"


@pytest.mark.parametrize(
    "chapters",
    [
        (INTRO, (30.0, "Market snapshot", "snapshot")),  # no key takeaways
        (INTRO, (30.0, "Key takeaways", "key_takeaways"), (40.0, "S", "snapshot")),  # 10 s
    ],
)
def test_no_soundbite_without_a_key_takeaways_chapter_of_15_seconds(chapters) -> None:
    doc = feed_of(make_show(), [record(19, chapters)])
    assert not doc.xpath("//podcast:soundbite", namespaces=NS)


def test_a_record_without_chapter_sections_has_no_soundbite() -> None:
    old = replace(
        record(19, (INTRO, (30.0, "Key takeaways", "key_takeaways"))), chapter_sections=()
    )
    assert soundbite(old) is None


# --- read back by the apps' parsers -----------------------------------------------------------


def test_feed_with_every_new_element_reads_back_in_podcastparser_and_feedparser() -> None:
    show = make_show(
        update_frequency=UpdateFrequency(WEEKDAYS, "Every weekday"),
        txt=(FeedText(HOSTILE, "verify"),),
    )
    takeaways = (21.0, "Key takeaways", "key_takeaways")
    records = [
        record(day, (INTRO, takeaways, (80.0, "Snapshot", "snapshot")), title=f"Day {day}")
        for day in (17, 18, 19)
    ]
    data = render_feed(show, records)
    doc = etree.fromstring(data)
    assert len(doc.xpath("//item/podcast:soundbite", namespaces=NS)) == 3
    assert doc.xpath("string(//channel/podcast:txt)", namespaces=NS) == HOSTILE
    url = show.base_url + "feed.xml"
    parsed = podcastparser.parse(url, io.BytesIO(data))
    assert [e["title"] for e in parsed["episodes"]] == ["Day 19", "Day 18", "Day 17"]
    for episode in parsed["episodes"]:
        assert [c["start"] for c in episode["chapters"]] == [0, 21, 80]
        assert episode["enclosures"][0]["file_size"] == 1000
    fp = feedparser.parse(data)
    assert not fp.bozo, fp.get("bozo_exception")
    assert [e.title for e in fp.entries] == ["Day 19", "Day 18", "Day 17"]
