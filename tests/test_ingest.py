"""Ingest: read every sample back and check what a listener would hear; refuse bad input clearly."""

from __future__ import annotations

import codecs
import datetime as dt
import json
import os
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from podcast.errors import InputError
from podcast.ingest import MAX_BYTES, read_quotes, read_recap, recap_strings
from podcast.ingest.chrome import CHROME_PHRASES
from podcast.ingest.clean import clean_text
from podcast.ingest.sections import classify_heading, parse_bullet
from podcast.ingest.slug import slugify
from podcast.models import Recap

# Chrome as it appears in the samples; none of it may survive anywhere in a Recap.
CHROME = (
    *CHROME_PHRASES,
    "Listen to this Recap",
    "Loading audio",
    "Share this article",
    "Spread the word",
    "more sources",
    "enter this week",
    "Alpha Coins",
    "Explore More Content",
    "StockAlpha.ai content is",
    "Sources",
    "Twitter",
    "LinkedIn",
    "Log in",
    "dataLayer",
    ".share{",
)
NOT_READ = (
    "Enter this week's contest",
    "Reuters",
    "Company filings",
    "stockalpha.ai/recaps",
    "88412",
)

SAMPLES = {
    "recap-tech-led-rally.txt": {
        "format": "text",
        "title": "Tech-Led Rally Sends Benchmarks Higher as Small Caps Lag: SPY +1.65%, QQQ +2.49%",
        "slug": "tech-led-rally-sends-benchmarks-higher-as-small-caps-lag",
        "kinds": [
            "key_takeaways", "snapshot", "why_moved", "sectors", "movers", "macro", "technical",
            "crypto", "outlook", "history", "bottom_line",
        ],
        "takeaways": 5,
        "figures": ["SPY +1.65%", "QQQ +2.49%", "IWM -0.29%", "Russell 2000"],
        "author": "",
    },
    "recap-2026-11-19.md": {
        "format": "markdown",
        "title": "Rate Jitters Hit Growth: QQQ -1.84% as Yields Jump; Dow Holds Near Flat",
        "slug": "rate-jitters-hit-growth",
        "date": dt.date(2026, 11, 19),
        "date_source": "front-matter",
        "kinds": [
            "key_takeaways", "snapshot", "why_moved", "sectors", "movers", "macro", "outlook",
            "bottom_line",
        ],
        "takeaways": 5,
        "figures": ["$81.40/bbl", "Q3 FY2027", "±7%", "1.4x", "m/m", "218K", "Nov. 25"],
        "author": "StockAlpha Research Desk",
    },
    "recap-2026-11-18.html": {
        "format": "html",
        "title": "Quiet Tuesday: Indexes Drift Higher as Health Care Leads; SPY +0.32%",
        "slug": "quiet-tuesday-indexes-drift-higher-as-health-care-leads",
        "date": dt.date(2026, 11, 18),
        "date_source": "html-meta",
        "kinds": [
            "key_takeaways", "snapshot", "sectors", "macro", "crypto", "outlook", "bottom_line",
        ],
        "takeaways": 4,
        "figures": ["December 16–17", "2:00 p.m. ET", "S&P 500 (SPY)", "Lowe's (LOW)"],
        "author": "StockAlpha Research Desk",
    },
    "recap-2026-11-17.json": {
        "format": "json",
        "title": "Small Caps Break Out: IWM +2.14% as Yields Retreat; Banks and Builders Lead",
        "slug": "small-caps-break-out",
        "date": dt.date(2026, 11, 17),
        "date_source": "json",
        "kinds": ["key_takeaways", "snapshot", "why_moved", "sectors", "outlook", "bottom_line"],
        "takeaways": 4,
        "figures": [
            "-6.2 versus +3.0 expected",
            "D.R. Horton",
            "1.34 million",
            "Regional banks: the SPDR S&P Regional Banking ETF",
        ],
        "author": "StockAlpha Research Desk",
    },
}  # fmt: skip
DISCLAIMER = "This report is for informational purposes only"


def all_text(recap: Recap) -> str:
    return "\n".join(recap_strings(recap))


def write(path: Path, content: str | bytes) -> Path:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def input_error(path: Path, **kwargs: object) -> str:
    """The one-line message read_recap raises for a bad input."""
    with pytest.raises(InputError) as info:
        read_recap(path, **kwargs)  # type: ignore[arg-type]
    message = str(info.value)
    assert "\n" not in message and message.strip() == message and message
    return message


# ---------------------------------------------------------------------------- samples


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_sample_reads_back(samples: Path, name: str) -> None:
    want = SAMPLES[name]
    recap = read_recap(samples / name, date=None)
    assert recap.source_format == want["format"]
    assert recap.title == want["title"]
    assert recap.slug == want["slug"]
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", recap.slug) and len(recap.slug) <= 80
    assert [s.kind for s in recap.sections] == want["kinds"]
    assert recap.sections[0].heading == "Key Takeaways"
    assert len(recap.sections[0].bullets) == want["takeaways"]
    assert recap.author == want["author"]
    assert recap.disclaimer.startswith(DISCLAIMER)
    assert "disclaimer" not in [s.kind for s in recap.sections]
    if "date" in want:
        assert recap.date == want["date"]
        assert recap.date_source == want["date_source"]
    text = all_text(recap)
    for figure in want["figures"]:
        assert figure in text, figure
    for phrase in CHROME:
        for string in recap_strings(recap):
            assert phrase.lower() not in string.lower(), (phrase, string)
    for absent in NOT_READ:
        assert absent not in text
    assert not re.search(r"&[a-z]+;|&#\d+;|<[a-z/]", text), "entity or tag survived"
    assert "9:24" not in text and "7:41" not in text  # the player's duration
    assert not any(re.fullmatch(r"\d{1,2}:\d{2}", s) for s in recap_strings(recap))
    for section in recap.sections:
        assert section.blocks, section.heading
        for kind, value in section.blocks:
            assert kind in ("p", "ul")
            assert isinstance(value, str if kind == "p" else tuple)


def test_txt_weekday_is_dated_in_the_files_week(samples: Path, tmp_path: Path) -> None:
    target = write(
        tmp_path / "recap-tech-led-rally.txt", (samples / "recap-tech-led-rally.txt").read_bytes()
    )
    saved = dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC).timestamp()  # a Tuesday
    os.utime(target, (saved, saved))
    recap = read_recap(target)
    assert recap.date == dt.date(2026, 11, 19)  # the text says "Thursday"
    assert recap.date_source == "text-weekday"
    thursday = dt.datetime(2026, 11, 19, 23, 0, tzinfo=dt.UTC).timestamp()
    os.utime(target, (thursday, thursday))
    assert read_recap(target).date == dt.date(2026, 11, 19)


def test_recap_with_no_date_at_all_is_an_error(tmp_path: Path) -> None:
    target = write(tmp_path / "plain.txt", ARTICLE_TXT.encode())
    text = target.read_text()
    assert not re.search(r"(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day", text), "needs no weekday"
    with pytest.raises(InputError, match=r"names no date.*--date"):
        read_recap(target)
    assert read_recap(target, date=dt.date(2026, 1, 2)).date_source == "argument"


def test_date_argument_dates_only_a_recap_without_one(samples: Path) -> None:
    chosen = dt.date(2026, 11, 21)
    recap = read_recap(samples / "recap-tech-led-rally.txt", date=chosen)
    assert (recap.date, recap.date_source) == (chosen, "argument")
    for name in ("recap-2026-11-19.md", "recap-2026-11-17.json", "recap-2026-11-18.html"):
        with pytest.raises(InputError, match="--date says 2026-11-21"):
            read_recap(samples / name, date=chosen)
        assert read_recap(samples / name, date=read_recap(samples / name).date)


def test_txt_headings_and_prose(samples: Path) -> None:
    recap = read_recap(samples / "recap-tech-led-rally.txt")
    by_kind = {s.kind: s for s in recap.sections}
    assert by_kind["snapshot"].heading == "Market snapshot: Mega-cap strength, narrow breadth"
    assert by_kind["why_moved"].paragraphs[0] == "Several overlapping themes explain the move:"
    assert len(by_kind["why_moved"].bullets) == 4
    assert any(p.startswith("Note: The session") for p in by_kind["movers"].paragraphs)
    assert by_kind["key_takeaways"].bullets[0].startswith("Large-cap tech leadership")
    assert "Sources" not in [s.heading for s in recap.sections]


def test_html_strong_label_kept_and_no_entities(samples: Path) -> None:
    recap = read_recap(samples / "recap-2026-11-18.html")
    sectors = next(s for s in recap.sections if s.kind == "sectors")
    assert sectors.bullets[0].startswith("Health care: the best sector at +1.4%.")
    text = all_text(recap)
    assert "S&P 500" in text and "&amp;" not in text and "&ndash;" not in text


def test_quotes_sample(samples: Path) -> None:
    recap = read_recap(
        samples / "recap-2026-11-19.md", quotes=samples / "recap-2026-11-19.quotes.csv"
    )
    assert [q.symbol for q in recap.quotes][:3] == ["SPY", "QQQ", "IWM"]
    assert len(recap.quotes) == 14
    spy = recap.quotes[0]
    assert (spy.name, spy.kind, spy.close, spy.change_pct, spy.volume) == (
        "S&P 500 ETF", "index", 579.81, -0.96, 71234500,
    )  # fmt: skip


# ---------------------------------------------------------------------------- formats

ARTICLE_TXT = """Stocks Rise on Rate Hopes
By Jane Doe
Key Takeaways
- SPY rose 1%.
- QQQ rose 2%.
Bottom line
Stocks rose on the day as yields fell and investors bought growth names again.
"""


@pytest.mark.parametrize(
    ("name", "content", "fmt"),
    [
        ("recap", ARTICLE_TXT, "text"),
        ("recap.unknown", "---\ntitle: T\n---\n## Bottom line\n\nStocks rose.\n", "markdown"),
        (
            "recap",
            "<html><body><h1>T</h1><h2>Bottom line</h2><p>Stocks rose.</p></body></html>",
            "html",
        ),
        ("recap.data", json.dumps({"headline": "T", "body_html": "<p>Stocks rose.</p>"}), "json"),
    ],
)
def test_format_sniffed_without_extension(
    tmp_path: Path, name: str, content: str, fmt: str
) -> None:
    recap = read_recap(write(tmp_path / name, content), date=dt.date(2026, 1, 2))
    assert recap.source_format == fmt


def test_txt_byline_and_text_date(tmp_path: Path) -> None:
    content = ARTICLE_TXT.replace("By Jane Doe", "By Jane Doe · Nov. 18, 2026")
    recap = read_recap(write(tmp_path / "r.txt", content))
    assert recap.author == "Jane Doe"
    assert (recap.date, recap.date_source) == (dt.date(2026, 11, 18), "text")
    assert [s.kind for s in recap.sections] == ["key_takeaways", "bottom_line"]


def test_text_date_iso_and_russell_2000_is_not_a_year(tmp_path: Path) -> None:
    body = ARTICLE_TXT + "The Russell 2000 gained 1% and small caps rallied into the close.\n"
    recap = read_recap(write(tmp_path / "recap-2026-11-19.txt", body))
    assert (recap.date, recap.date_source) == (dt.date(2026, 11, 19), "file-name")
    recap = read_recap(write(tmp_path / "b.txt", body + "Published 2026-11-18.\n"))
    assert (recap.date, recap.date_source) == (dt.date(2026, 11, 18), "text")


def test_unknown_heading_kept_as_other(tmp_path: Path) -> None:
    content = ARTICLE_TXT.replace(
        "Bottom line\n",
        "Earnings Watch\nThree companies report after the close tomorrow.\nBottom line\n",
    )
    recap = read_recap(write(tmp_path / "r.txt", content), date=dt.date(2026, 1, 2))
    assert [(s.kind, s.heading) for s in recap.sections][1] == ("other", "Earnings Watch")


def test_json_disclaimer_and_unread_fields(tmp_path: Path) -> None:
    doc = {
        "headline": "Stocks Rise",
        "published_at": "2026-11-17T23:30:00-05:00",
        "body_html": "<h2>Bottom line</h2><p>Stocks rose.</p>",
        "disclaimer": "Not advice.",
        "sources": ["Reuters"],
        "related": [{"title": "Enter this week's contest"}],
        "tickers": ["ZZZZ"],
    }
    recap = read_recap(write(tmp_path / "r.json", json.dumps(doc)))
    assert recap.date == dt.date(2026, 11, 17)  # the date part as written, no tz conversion
    assert recap.disclaimer == "Not advice."
    assert "Reuters" not in all_text(recap) and "ZZZZ" not in all_text(recap)


# ---------------------------------------------------------------------------- bad input


def test_missing_file_and_directory(tmp_path: Path) -> None:
    assert "does not exist" in input_error(tmp_path / "nope.txt")
    assert "directory" in input_error(tmp_path)


def test_empty_and_whitespace_only(tmp_path: Path) -> None:
    assert "empty" in input_error(write(tmp_path / "e.txt", b""))
    assert "whitespace" in input_error(write(tmp_path / "w.md", " \n\t\r\n\u200b\ufeff  \n"))


def test_binary_content(tmp_path: Path) -> None:
    assert "binary" in input_error(write(tmp_path / "b.txt", b"Title\x00\x01\x02" * 50))
    assert "PNG" in input_error(write(tmp_path / "b.html", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20))
    assert "binary" in input_error(write(tmp_path / "c.txt", bytes(range(1, 32)) * 40))


def test_non_utf8(tmp_path: Path) -> None:
    message = input_error(
        write(tmp_path / "l.txt", "Caf\u00e9 rally\nStocks rose.\n".encode("latin-1"))
    )
    assert "UTF-8" in message and "0xE9" in message


def test_bom_utf8_and_utf16_accepted(tmp_path: Path) -> None:
    day = dt.date(2026, 1, 2)
    recap = read_recap(write(tmp_path / "a.txt", codecs.BOM_UTF8 + ARTICLE_TXT.encode()), date=day)
    assert recap.title == "Stocks Rise on Rate Hopes"
    recap = read_recap(write(tmp_path / "b.txt", ARTICLE_TXT.encode("utf-16")), date=day)
    assert recap.title == "Stocks Rise on Rate Hopes"


def test_too_large(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.truncate(1024 * 1024 * 1024)  # sparse: only MAX_BYTES + 1 may be read to refuse it
    assert "larger than 2 MB" in input_error(big)
    just = write(tmp_path / "just.txt", b"a" * (MAX_BYTES + 1))
    assert "larger than 2 MB" in input_error(just)


def test_html_without_article(tmp_path: Path) -> None:
    page = (
        "<html><head><title>Home | StockAlpha.ai</title><script>var x=1</script></head><body>"
        "<nav><a href='/'>Home</a></nav><div class='share'>Share this article</div>"
        "<footer>Disclaimer: StockAlpha.ai content is for informational purposes.</footer>"
        "</body></html>"
    )
    assert "no article text" in input_error(write(tmp_path / "x.html", page))
    only_doc = json.dumps(
        {"headline": "T", "body_html": "<div class='podcast'>Listen to this Recap</div>"}
    )
    assert "no article text" in input_error(write(tmp_path / "x.json", only_doc))


def test_unknown_format(tmp_path: Path) -> None:
    for name, content in (("r.pdf", "Title\nSome text."), ("r.docx", "Title\nSome text.")):
        message = input_error(write(tmp_path / name, content))
        assert "unsupported format" in message and ".txt" in message and ".json" in message
    assert "PDF" in input_error(write(tmp_path / "r.bin", b"%PDF-1.7\n..."))
    message = input_error(write(tmp_path / "r.feed", "<?xml version='1.0'?><rss></rss>"))
    assert ".html" in message


@pytest.mark.parametrize(
    ("name", "content", "where"),
    [
        ("a.md", "---\ntitle: T\ndate: 2026-13-01\n---\n## Bottom line\n\nUp.\n", "front matter"),
        ("b.html", "<h1>T</h1><time datetime='2026-02-30'>x</time><p>Up.</p>", "<time datetime>"),
        ("c.json", json.dumps({"headline": "T", "published_at": "2026-13-01T10:00:00Z",
                               "body_html": "<p>Up.</p>"}), "published_at"),
        ("d.txt", "Title\nStocks rose on February 30, 2026 as yields fell.\n", "text"),
        ("recap-2026-13-01.txt", "Title\nStocks rose today as yields fell.\n", "file name"),
    ],
)  # fmt: skip
def test_impossible_date(tmp_path: Path, name: str, content: str, where: str) -> None:
    message = input_error(write(tmp_path / name, content))
    assert "impossible date" in message and where in message


def test_bad_explicit_slug(tmp_path: Path) -> None:
    md = "---\ntitle: T\ndate: 2026-11-19\nslug: ../etc\n---\n## Bottom line\n\nUp.\n"
    assert "slug '../etc'" in input_error(write(tmp_path / "a.md", md))
    doc = {"headline": "T", "slug": "a/b", "body_html": "<p>Up.</p>", "published_at": "2026-11-17"}
    assert "slug 'a/b'" in input_error(write(tmp_path / "a.json", json.dumps(doc)))
    doc["slug"] = "Small-Caps"
    assert "lowercase" in input_error(write(tmp_path / "b.json", json.dumps(doc)))


def test_slug_from_title_is_rederived(tmp_path: Path) -> None:
    recap = read_recap(
        write(tmp_path / "r.txt", "../etc/passwd Rally!!\nStocks rose on the day.\n"),
        date=dt.date(2026, 1, 2),
    )
    assert recap.slug == "etc-passwd-rally"
    assert slugify("x" * 200) == "x" * 80
    assert len(slugify("word " * 40)) <= 80 and not slugify("word " * 40).endswith("-")
    assert slugify("日本") == "recap"


def test_billion_laughs_html(tmp_path: Path) -> None:
    lol = (
        '<?xml version="1.0"?>\n<!DOCTYPE html [\n <!ENTITY lol "lol">\n'
        ' <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n'
        ' <!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n'
        "<html><body><h1>T</h1><p>&lol2; &xxe;</p></body></html>"
    )
    assert "DTD entities" in input_error(write(tmp_path / "lol.html", lol))
    doc = {"headline": "T", "body_html": lol}
    assert "DTD entities" in input_error(write(tmp_path / "lol.json", json.dumps(doc)))


def test_json_shapes(tmp_path: Path) -> None:
    assert "not an object" in input_error(write(tmp_path / "a.json", "[1, 2]"))
    assert "'headline'" in input_error(write(tmp_path / "b.json", '{"body_html": "<p>x</p>"}'))
    assert "'body_html'" in input_error(write(tmp_path / "c.json", '{"headline": "T"}'))
    assert "not valid" in input_error(write(tmp_path / "d.json", '{"headline": '))
    assert "nested too deeply" in input_error(write(tmp_path / "e.json", "[" * 200_000))
    bad = '{"headline": "T", "body_html": "<p>x</p>", "key_takeaways": "one"}'
    assert "list of strings" in input_error(write(tmp_path / "f.json", bad))


def test_bad_front_matter(tmp_path: Path) -> None:
    md = "---\ntitle: [unclosed\n---\n## Bottom line\n\nUp.\n"
    assert "not valid YAML" in input_error(write(tmp_path / "a.md", md))
    assert "no title" in input_error(write(tmp_path / "b.md", "## Bottom line\n\nStocks rose.\n"))


# ---------------------------------------------------------------------------- cleaning

NASTY_TXT = (
    "Stocks \u200bRise\u2060 🚀 on Rate Hopes\x07\n"
    "Bottom line\n"
    "Stocks\u00a0rose <script>alert(1)</script> as <b>yields</b> fell\x1b[31m, "
    'and <break time="60s"/> traders <audio src="http://x/a.mp3"> cheered 📈\ufeff &amp; bought.\n'
    "Caf\u0065\u0301 owners &lt;script&gt;alert(2)&lt;/script&gt; were happy.\n"
)


def test_control_zero_width_emoji_and_tags_stripped(tmp_path: Path) -> None:
    recap = read_recap(write(tmp_path / "n.txt", NASTY_TXT), date=dt.date(2026, 1, 2))
    assert recap.title == "Stocks Rise on Rate Hopes"
    paragraphs = recap.sections[0].paragraphs
    assert paragraphs[0] == "Stocks rose as yields fell[31m, and traders cheered & bought."
    assert paragraphs[1] == "Café owners were happy."
    assert unicodedata.is_normalized("NFC", paragraphs[1])
    for string in recap_strings(recap):
        assert "<" not in string and "alert" not in string
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200d\u2060\ufeff]", string)


def test_markdown_inline_html_stripped(tmp_path: Path) -> None:
    md = (
        "---\ntitle: T <script>x()</script>\ndate: 2026-11-19\n---\n"
        '## Bottom line\n\nUp <script>alert(1)</script> on **strong** <a href="x">data</a>.\n\n'
        '<div class="podcast-embed">Listen to this Recap</div>\n\n<p>Second para.</p>\n'
    )
    recap = read_recap(write(tmp_path / "a.md", md))
    # A title is plain text and is kept exactly (the feed and pages escape it; the spoken script
    # drops markup); markup in the article body is stripped.
    assert recap.title == "T <script>x()</script>"
    assert recap.sections[0].paragraphs == ["Up on strong data.", "Second para."]


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_clean_text_properties(text: str) -> None:
    out = clean_text(text)
    assert out == out.strip() and "  " not in out and "\n" not in out
    assert clean_text(out) == out
    for ch in out:
        assert unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co"), repr(ch)
        assert not 0x1F000 <= ord(ch) <= 0x1FAFF
    assert not re.search(r"<[A-Za-z/!?][^<>]*>", out)


def test_chrome_glued_and_headings() -> None:
    assert classify_heading("Market snapshot: Mega-cap strength, narrow breadth") == "snapshot"
    assert classify_heading("Macro and the Fed") == "macro"
    assert classify_heading("What this means for tomorrow (the near-term outlook)") == "outlook"
    assert classify_heading("Cryptocurrency and risk assets") == "crypto"
    assert classify_heading("Sources") == "chrome"
    assert classify_heading("Earnings Watch") == "other"
    assert parse_bullet("- •Large-cap tech") == "Large-cap tech"
    assert parse_bullet("-6.2 versus +3.0 expected") is None


def test_chrome_lines_anywhere_in_text(tmp_path: Path) -> None:
    chrome = (
        "Listen to this Recap\n9:24\nPodcast • Loading audio...\nShare this article\n"
        "Spread the word on social media\n+ 10 more sources\n"
        "Use these insights — enter this week's contest.\n"
        "Free practice contests — earn Alpha CoinsExplore More Content\n"
    )
    content = ARTICLE_TXT.replace("Bottom line\n", chrome + "Bottom line\n")
    recap = read_recap(write(tmp_path / "r.txt", chrome + content), date=dt.date(2026, 1, 2))
    assert recap.title == "Stocks Rise on Rate Hopes"
    assert [s.kind for s in recap.sections] == ["key_takeaways", "bottom_line"]
    assert recap.sections[0].bullets == ["SPY rose 1%.", "QQQ rose 2%."]
    for string in recap_strings(recap):
        for phrase in CHROME:
            assert phrase.lower() not in string.lower()


# ---------------------------------------------------------------------------- quotes CSV

HEADER = "symbol,name,kind,close,change_pct,volume\n"


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("symbol,name,close\nSPY,S&P,1\n", "missing column(s) kind, change_pct, volume"),
        (HEADER + "SPY,S&P,index,abc,1,5\n", "line 2: close 'abc' is not a number"),
        (HEADER + "SPY,S&P,index,1,1,5\n\nspy!,x,index,1,1,5\n", "line 4: symbol 'spy!'"),
        (HEADER + "SPY,S&P,index,1,1,-5\n", "line 2: volume '-5'"),
        (HEADER + "SPY,S&P,index,1,1\n", "line 2: volume is empty"),
        (HEADER + "SPY,S&P,index,1,inf,5\n", "change_pct 'inf' is not a finite number"),
        (HEADER + "SPY,S&P,index,1,1,5,9,9\n", "cannot be parsed"),
        (HEADER + "SPY,S&P,index,1,1,5\nSPY,S&P,index,1,1,5\n", "twice"),
    ],
)
def test_bad_quotes_csv(tmp_path: Path, content: str, needle: str) -> None:
    path = write(tmp_path / "q.csv", content)
    with pytest.raises(InputError) as info:
        read_quotes(path)
    assert needle in str(info.value) and "\n" not in str(info.value)


def test_quotes_csv_lenient_numbers(tmp_path: Path) -> None:
    path = write(
        tmp_path / "q.csv",
        HEADER + '^VIX,VIX,index,14.9,-3.1%,"1,200"\nBRK.B,Berkshire,stock,1,+0.5,0\n',
    )
    quotes = read_quotes(path)
    assert [(q.symbol, q.change_pct, q.volume) for q in quotes] == [
        ("^VIX", -3.1, 1200),
        ("BRK.B", 0.5, 0),
    ]


def test_html_structure_and_chrome_headings(tmp_path: Path) -> None:
    page = (
        "<html><head><title>Stocks Up - Fed Holds | StockAlpha.ai</title></head><body>"
        "<main class='page-podcast'><article>"
        "<p class='byline'>By Jane Doe · <time datetime='2026-11-20T23:00:00-05:00'>x</time></p>"
        "<aside class='box'><h2>Key Takeaways</h2><ul><li>One <ul><li>nested</li></ul></li>"
        "<li>Two</li></ul></aside><p>After the box.</p>"
        "<h2>Sector watch</h2><h3>Technology</h3><p>Chips fell.</p>"
        "<h3>Share this article</h3><p><a href='https://twitter.com/intent/tweet'>Twitter</a></p>"
        "<h2>Bottom line</h2><p>Done.</p></article></main></body></html>"
    )
    recap = read_recap(write(tmp_path / "p.html", page))
    assert recap.title == "Stocks Up - Fed Holds"
    assert (recap.date, recap.author) == (dt.date(2026, 11, 20), "Jane Doe")
    assert [(s.kind, s.heading) for s in recap.sections] == [
        ("key_takeaways", "Key Takeaways"),
        ("other", ""),
        ("sectors", "Sector watch"),
        ("bottom_line", "Bottom line"),
    ]
    assert recap.sections[0].bullets == ["One", "nested", "Two"]
    assert recap.sections[2].paragraphs == ["Technology", "Chips fell."]
    assert "Twitter" not in all_text(recap)


def test_txt_wrapped_lines_dateline_and_inline_disclaimer(tmp_path: Path) -> None:
    content = (
        "Rates Rally as Data Cools\nBy Sam Lee\nTuesday, November 18, 2026\n\n"
        "Market snapshot\nStocks rose broadly on Tuesday as cooler inflation data pulled yields\n"
        "lower and investors rotated into rate-sensitive groups.\n"
        "Movers\n• Apple rose 2%\n▪ Tesla fell 3%\nDisclaimer: Not investment advice.\n"
    )
    recap = read_recap(write(tmp_path / "w.txt", content))
    assert (recap.author, recap.date, recap.date_source) == (
        "Sam Lee",
        dt.date(2026, 11, 18),
        "text",
    )
    assert [s.kind for s in recap.sections] == ["snapshot", "movers"]
    assert recap.sections[0].paragraphs == [
        "Stocks rose broadly on Tuesday as cooler inflation data pulled yields lower and "
        "investors rotated into rate-sensitive groups."
    ]
    assert recap.sections[1].bullets == ["Apple rose 2%", "Tesla fell 3%"]
    assert recap.disclaimer == "Not investment advice."


def test_markdown_h1_title_nested_lists_and_sources_block(tmp_path: Path) -> None:
    md = (
        "# Headline From H1\n\nIntro.\n\n## Key Takeaways\n\n1. First\n   - sub a\n2. Second\n\n"
        "> Quoted view.\n\n## Sources\n\n- Reuters\n- Company filings\n"
    )
    recap = read_recap(write(tmp_path / "recap-2026-11-19.md", md))
    assert recap.title == "Headline From H1"
    assert (recap.date, recap.date_source) == (dt.date(2026, 11, 19), "file-name")
    assert [(s.kind, s.heading) for s in recap.sections] == [
        ("other", ""),
        ("key_takeaways", "Key Takeaways"),
    ]
    assert recap.sections[1].bullets == ["First", "sub a", "Second"]
    assert recap.sections[1].paragraphs == ["Quoted view."]
    assert "Reuters" not in all_text(recap)


def test_derived_slug_stops_at_the_headline_colon() -> None:
    from podcast.ingest.slug import choose_slug

    title = "Tech-Led Rally Sends Benchmarks Higher as Small Caps Lag: SPY +1.65%, QQQ +2.49%"
    want = "tech-led-rally-sends-benchmarks-higher-as-small-caps-lag"
    assert choose_slug(None, "x", title) == want
    assert choose_slug(None, "x", "Q3: Up") == "q3-up"
    assert choose_slug(None, "x", "SPY +1%") == "spy-1"


def test_derived_slug_drops_trailing_figure_clauses() -> None:
    from podcast.ingest.slug import choose_slug

    title = "Quiet Tuesday: Indexes Drift Higher as Health Care Leads; SPY +0.32%"
    want = "quiet-tuesday-indexes-drift-higher-as-health-care-leads"
    assert choose_slug(None, "x", title) == want


def test_markdown_links_of_every_style_read_as_their_labels(tmp_path: Path) -> None:
    """Inline, image, full, collapsed and shortcut reference links: the label is read, never the
    URL, the brackets or the reference (markdown-it's own link rule is off for speed; inline links
    reach the script's one-pass scanner, reference links are resolved at ingest)."""
    from podcast.config import load_show
    from podcast.ingest import read_recap
    from podcast.pipeline import build_script

    path = tmp_path / "links.md"
    path.write_text(
        "---\ntitle: Chips Lead a Broad Rally\ndate: 2026-11-24\n---\n\n## Market Snapshot\n\n"
        'The S&P 500 rose 1.2% as [**Nvidia**](https://example.com/nvda "t") jumped 4% and '
        "![chart](c.png) bonds [slipped][1] while the [Dow][] and [Gold] rose 0.5%; "
        "[an unknown label] stays.\n\n[1]: https://example.com/bonds\n"
        "[Dow]: https://example.com/dow\n[gold]: https://example.com/gold\n"
    )
    text = " ".join(t for s in read_recap(path).sections for t in s.texts())
    assert "bonds slipped while the Dow and Gold rose" in text
    assert "[an unknown label] stays" in text and "[1]" not in text and "][" not in text
    _, script = build_script(path, load_show(Path(__file__).parent / "data" / "fake-show.toml"))
    spoken = " ".join(seg.text for seg in script.segments)
    assert "as Nvidia jumped four percent and bonds slipped while the Dow and Gold rose" in spoken
    assert "example" not in spoken and "chart" not in spoken and "[" not in spoken
