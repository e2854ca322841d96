"""Malformed input that used to be accepted: unclosed front matter, absurd quotes, documents that
are no market recap, and markup debris that reached the spoken script (issue 11, point 5)."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image

from podcast import pipeline
from podcast.assets.artwork import chart_bars, episode_art, episode_chart_panel, format_pct
from podcast.config import load_show
from podcast.errors import InputError
from podcast.ingest import read_quotes, read_recap
from podcast.ingest.recap_check import code_line_share, gather, market_figures
from podcast.models import IndexMove, Section
from podcast.scale import batch, executors
from podcast.script.normalize import speak
from podcast.tts.cache import SegmentCache

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
RECAPS = DATA / "recaps"
FAKE_SHOW = DATA / "fake-show.toml"
SHOW = load_show(FAKE_SHOW)
DAY = dt.date(2026, 11, 12)

BODY = (
    "## Market snapshot\n\nThe S&P 500 rose 0.4% and the Nasdaq gained 0.7% as yields eased.\n\n"
    "## Bottom line\n\nA calm day for stocks.\n"
)


def write(path: Path, content: str | bytes) -> Path:
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def refused(path: Path, **kwargs: object) -> str:
    with pytest.raises(InputError) as info:
        read_recap(path, **kwargs)  # type: ignore[arg-type]
    message = str(info.value)
    assert "\n" not in message and message == message.strip()
    assert info.value.exit_code == 2
    return message


# ---------------------------------------------------------------------------- front matter

SECRET = "notes: do not read this aloud\n"
UNCLOSED = {
    "plain": ("---\ntitle: Stocks Edge Up\ndate: 2026-11-12\n" + SECRET + "\n" + BODY, 1, "---"),
    "trailing spaces": ("---   \ntitle: Stocks Edge Up\n" + SECRET + "\n" + BODY, 1, "---"),
    "CRLF": (("---\ntitle: Stocks Edge Up\n" + SECRET + "\n" + BODY).replace("\n", "\r\n"), 1,
             "---"),
    "BOM": ("\ufeff---\ntitle: Stocks Edge Up\n" + SECRET + "\n" + BODY, 1, "---"),
    "blank lines first": ("\n\n---\ntitle: Stocks Edge Up\n" + SECRET + "\n" + BODY, 3, "---"),
    "TOML": ('+++\ntitle = "Stocks Edge Up"\nnotes = "do not read this aloud"\n\n' + BODY, 1,
             "+++"),
    "closed only by a rule in the body": (
        "---\ntitle: Stocks Edge Up\n" + SECRET + "\n" + BODY + "\n---\n\nMore prose.\n", 1, "---"
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", list(UNCLOSED), ids=list(UNCLOSED))
def test_unclosed_front_matter_is_refused_naming_file_and_line(tmp_path: Path, case: str) -> None:
    content, line, fence = UNCLOSED[case]
    path = write(tmp_path / "recap-2026-11-12.md", content)
    message = refused(path, date=DAY)
    assert str(path) in message
    assert f"opens with '{fence}' at line {line} is never closed" in message
    assert f"add a '{fence}' line after its last field" in message


def test_unclosed_front_matter_without_extension_is_sniffed(tmp_path: Path) -> None:
    content = UNCLOSED["plain"][0]
    assert "never closed" in refused(write(tmp_path / "recap", content), date=DAY)


def test_front_matter_in_a_txt_file_is_never_read_aloud(tmp_path: Path) -> None:
    unclosed = write(tmp_path / "recap.txt", UNCLOSED["CRLF"][0])
    assert "opens with '---' at line 1 is never closed" in refused(unclosed, date=DAY)
    closed = "---\ntitle: Stocks Edge Up\ndate: 2026-11-12\nnotes: secret\n---\n\n" + BODY
    recap = read_recap(write(tmp_path / "closed.txt", closed))
    assert (recap.title, recap.date, recap.source_format) == ("Stocks Edge Up", DAY, "markdown")
    assert not any("secret" in t or "title" in t for s in recap.sections for t in s.texts())


CLOSED = {
    "trailing spaces, CRLF and BOM": (
        "\ufeff---  \r\ntitle: Stocks Edge Up\r\ndate: 2026-11-12\r\n---  \r\n\r\n"
        + BODY.replace("\n", "\r\n")
    ),
    "TOML": '+++\ntitle = "Stocks Edge Up"\ndate = 2026-11-12\n+++\n\n' + BODY,
    "a rule in the body": (
        "---\ntitle: Stocks Edge Up\ndate: 2026-11-12\n---\n\n" + BODY + "\n---\n\nMore prose.\n"
    ),
    "a rule at the top, no front matter": "---\n\n# Stocks Edge Up\n\n" + BODY,
}


@pytest.mark.parametrize("case", list(CLOSED), ids=list(CLOSED))
def test_closed_front_matter_and_rules_still_read(tmp_path: Path, case: str) -> None:
    recap = read_recap(write(tmp_path / "r.md", CLOSED[case]), date=DAY)
    assert recap.title == "Stocks Edge Up" and recap.date == DAY
    assert [s.kind for s in recap.sections][:2] == ["snapshot", "bottom_line"]
    text = " ".join(t for s in recap.sections for t in s.texts())
    assert "title" not in text and "+++" not in text and "---" not in text
    if case == "a rule in the body":
        assert "More prose." in text


def test_toml_front_matter_fields_are_read(tmp_path: Path) -> None:
    content = '+++\ntitle = "Stocks Edge Up"\ndate = 2026-11-12\nslug = "edge-up"\n+++\n\n' + BODY
    recap = read_recap(write(tmp_path / "r.md", content))
    assert (recap.title, recap.date, recap.slug) == ("Stocks Edge Up", DAY, "edge-up")
    assert recap.date_source == "front-matter"
    bad = '+++\ntitle = "x\n+++\n\n' + BODY
    assert "not valid TOML" in refused(write(tmp_path / "b.md", bad), date=DAY)


# ---------------------------------------------------------------------------- quotes CSV

HEADER = "symbol,name,kind,close,change_pct,volume\n"
GOOD_ROW = "SPY,S&P 500 ETF,index,579.81,-0.96,71234500\n"
ABSURD = {
    "change 1e308": ("QQQ,Nasdaq-100 ETF,index,503.12,1e308,52110900", r"change_pct \(column E\)"),
    "change -1e308": ("QQQ,Nasdaq-100 ETF,index,503.12,-1e308,5", r"change_pct \(column E\)"),
    "change 1000.5%": ("QQQ,Nasdaq-100 ETF,index,503.12,1000.5%,5", r"change_pct \(column E\)"),
    "close 0": ("QQQ,Nasdaq-100 ETF,index,0,1.2,5", r"close \(column D\)"),
    "close negative": ("QQQ,Nasdaq-100 ETF,index,-3.5,1.2,5", r"close \(column D\)"),
    "close 1e300": ("QQQ,Nasdaq-100 ETF,index,1e300,1.2,5", r"close \(column D\)"),
    "volume 1e300": ("QQQ,Nasdaq-100 ETF,index,503.12,1.2,1e300", r"volume \(column F\)"),
    "volume fraction": ("QQQ,Nasdaq-100 ETF,index,503.12,1.2,10.5", r"volume '10\.5'"),
    "close nan": ("QQQ,Nasdaq-100 ETF,index,nan,1.2,5", r"close 'nan' is not a finite"),
}


@pytest.mark.parametrize("case", list(ABSURD), ids=list(ABSURD))
def test_implausible_quote_names_file_line_and_column(tmp_path: Path, case: str) -> None:
    row, column = ABSURD[case]
    path = write(tmp_path / "day.quotes.csv", HEADER + GOOD_ROW + "\n" + row + "\n")
    with pytest.raises(InputError) as info:
        read_quotes(path)
    message = str(info.value)
    assert info.value.exit_code == 2 and "\n" not in message
    assert f"{path}, line 4:" in message  # header = line 1, the blank line 3 counts
    assert re.search(column, message), message


def test_column_letter_follows_the_header_order(tmp_path: Path) -> None:
    path = write(
        tmp_path / "q.csv", "change_pct,symbol,name,kind,close,volume\n1e308,SPY,S&P,index,1,5\n"
    )
    with pytest.raises(InputError, match=r"line 2: change_pct \(column A\)"):
        read_quotes(path)


def test_plausible_extremes_are_accepted(tmp_path: Path) -> None:
    rows = (
        "GME,GameStop,stock,48.20,+999.5%,123456789\n"
        "XYZ,Bust Co,stock,0.0004,-99.9,0\n"
        "BRK.A,Berkshire A,stock,702000,0.1,71234500.0\n"
    )
    quotes = read_quotes(write(tmp_path / "q.csv", HEADER + rows))
    assert [(q.change_pct, q.close, q.volume) for q in quotes] == [
        (999.5, 48.2, 123456789),
        (-99.9, 0.0004, 0),
        (0.1, 702000.0, 71234500),
    ]


def test_absurd_quotes_fail_before_any_speech(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    article = write(tmp_path / "recap-2026-11-12.md", "# Stocks Edge Up\n\n" + BODY)
    quotes = write(tmp_path / "q.csv", HEADER + "QQQ,Nasdaq-100 ETF,index,503.12,1e308,1\n")

    def no_speech(*args: object, **kwargs: object) -> None:
        raise AssertionError("speech was rendered before the quotes were checked")

    monkeypatch.setattr(batch, "render_prepared", no_speech)
    monkeypatch.setattr(executors, "run_tasks", no_speech)
    out = tmp_path / "out"
    with pytest.raises(InputError, match=r"q\.csv, line 2: change_pct \(column E\)"):
        pipeline.render(article, out, SHOW, quotes=quotes, cache=SegmentCache(tmp_path / "c"))
    assert not out.exists() or not any(out.iterdir())


def test_artwork_draws_the_largest_plausible_moves(tmp_path: Path) -> None:
    rows = "SPY,S&P 500 ETF,index,1,1000,1\nQQQ,Nasdaq-100 ETF,index,1,-1000%,1\n"
    article = write(tmp_path / "recap-2026-11-12.md", "# Stocks Edge Up\n\n" + BODY)
    recap = read_recap(article, quotes=write(tmp_path / "q.csv", HEADER + rows))
    png = episode_art(SHOW, recap)
    with Image.open(io.BytesIO(png)) as img:
        assert img.size == (3000, 3000)
    # Whole percents from 100 % up, so the widest plausible label fits beside its bar.
    assert format_pct(1000) == "+1000%" and format_pct(99.99) == "+99.99%"
    assert re.fullmatch(r"[−-]312%", format_pct(-312.4))


def test_chart_does_not_overflow_on_an_absurd_move() -> None:
    panel = episode_chart_panel(2)
    bars = chart_bars(panel, [IndexMove("SPY", 1e308), IndexMove("QQQ", -1e308)])
    assert [b[2][2] - b[2][0] for b in bars] == [bars[0][2][2] - bars[0][2][0]] * 2


# ---------------------------------------------------------------------------- not a recap

POSITIVES = sorted(p.name for p in RECAPS.glob("pos-*"))
NEGATIVES = {
    "neg-readme.md": r"\d+% of lines are code or paths",
    "neg-code.md": r"\d+% of lines are code or paths",
    "neg-code.txt": r"\d+% of lines are code or paths",
    "neg-makefile.txt": r"no market figures and no recap sections",
    "neg-recipe.md": r"no market figures and no recap sections",
    "neg-meeting.txt": r"no market figures and no recap sections",
    "neg-sports.html": r"no market figures and no recap sections",
    "neg-news.json": r"no market figures and no recap sections",
    # held out: written after the thresholds were set, never tuned on
    "neg-weather.md": r"no market figures and no recap sections",
    "neg-election.txt": r"no market figures and no recap sections",
    "neg-release-notes.md": r"no market figures and no recap sections",
    "neg-travel.txt": r"no market figures and no recap sections",
}


def test_every_negative_document_is_listed() -> None:
    assert sorted(p.name for p in RECAPS.glob("neg-*")) == sorted(NEGATIVES)
    assert len(POSITIVES) >= 10


@pytest.mark.parametrize("name", POSITIVES)
def test_recaps_in_other_words_and_shapes_are_accepted(name: str) -> None:
    recap = read_recap(RECAPS / name, require_recap=True, date=None)
    assert recap.sections


@pytest.mark.parametrize("name", sorted(NEGATIVES))
def test_documents_that_are_no_recap_are_refused(name: str) -> None:
    message = refused(RECAPS / name, require_recap=True, date=DAY)
    assert message.startswith(f"{RECAPS / name} does not look like a market recap (")
    assert re.search(NEGATIVES[name], message), message
    assert "--force" in message
    # ... and read as usual when the check is off (what --force does)
    try:
        recap = read_recap(RECAPS / name)
    except InputError as exc:
        assert "names no date" in str(exc)
        recap = read_recap(RECAPS / name, date=DAY)
    assert recap.sections


def test_samples_examples_and_test_recaps_pass(samples: Path) -> None:
    paths = [
        *(p for p in samples.iterdir() if p.suffix in (".md", ".txt", ".json", ".html")),
        *(ROOT / "examples").glob("*.md"),
        DATA / "short-recap.md",
    ]
    assert len(paths) >= 6
    for path in paths:
        assert read_recap(path, require_recap=True).sections, path


def test_the_project_readme_is_refused() -> None:
    message = refused(ROOT / "README.md", require_recap=True, date=DAY)
    assert "does not look like a market recap" in message and "--force" in message


def test_signals() -> None:
    assert market_figures("SPY +0.21%, QQQ -1.4%") == 2
    assert market_figures("The S&P 500 fell 1.2% and the 10-year yield rose 7 bps.") == 2
    assert market_figures("Atlanta shot 48% from the field and won by 12 points.") == 0
    assert market_figures("Revenue is tracking 12% above plan.") == 0
    assert code_line_share(["```", "x = 1", "```", "Stocks rose 1%."]) == (3, 4)
    assert code_line_share(["Run `make test` or --json.", "Oil was $81.40/bbl, m/m +0.3%."]) == (
        1,
        2,
    )
    short = gather("Stocks Rise", (), ["Stocks Rise"])
    assert short.problem() == "no market figures and no recap sections"


def test_meeting_key_takeaways_alone_are_no_recap_section(tmp_path: Path) -> None:
    note = "# Team sync\n\n## Key takeaways\n\n- Hiring is on track.\n- The offsite is in May.\n"
    assert "no recap sections" in refused(
        write(tmp_path / "n.md", note), require_recap=True, date=DAY
    )
    recap = "# Stocks Drift\n\n## Key takeaways\n\n- Stocks drifted as traders waited.\n"
    assert read_recap(write(tmp_path / "r.md", recap), require_recap=True, date=DAY)


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "podcast.cli", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )


def test_cli_refuses_a_readme_and_force_reads_it(tmp_path: Path) -> None:
    readme = RECAPS / "neg-readme.md"
    proc = run_cli("script", str(readme), "--date", "2026-11-12")
    assert proc.returncode == 2 and proc.stdout == ""
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "--force" in lines[0]
    assert "64% of lines are code or paths" in lines[0]
    forced = run_cli("script", str(readme), "--date", "2026-11-12", "--force", "--json")
    assert forced.returncode == 0, forced.stderr
    assert json.loads(forced.stdout.splitlines()[-1])["title"] == "fastgrep"
    assert "--force" in run_cli("render", "--help").stdout
    assert "--force" in run_cli("script", "--help").stdout


def test_render_refuses_before_any_work_and_force_publishes(tmp_path: Path) -> None:
    out, cache = tmp_path / "out", tmp_path / "cache"
    recipe = RECAPS / "neg-recipe.md"
    common = ["--out", str(out), "--show", str(FAKE_SHOW), "--cache-dir", str(cache)]
    proc = run_cli("render", str(recipe), *common)
    assert proc.returncode == 2 and "no market figures and no recap sections" in proc.stderr
    assert not out.exists() and not cache.exists()
    forced = run_cli("render", str(recipe), *common, "--force", "--json")
    assert forced.returncode == 0, forced.stderr
    summary = json.loads(forced.stdout.splitlines()[-1])
    assert summary["title"] == "Weeknight Tomato Soup" and Path(summary["mp3"]).is_file()


# ---------------------------------------------------------------------------- markup debris

DEBRIS = [
    "Stocks rally ]]>",
    "Stocks rally ]]&gt;",
    "&lt;![CDATA[Stocks rally]]&gt;",
    "Stocks <![CDATA[rally",
    "Stocks rally CDATA[",
    "Stocks &foo; rally &#x3C;",
    "Home > Markets > Stocks rally",
    "Stocks rally -> higher => ok <<",
    "Stocks rally <b",
    "AT&T <script>alert(1)</script> rallies ]]>",
]
LEAKS = re.compile(
    r"[<>]|greater|less than|cdata|c d a t a|\bamp\b|\blt\b|\bgt\b|foo|script|alert", re.I
)


@pytest.mark.parametrize("text", DEBRIS)
def test_markup_debris_is_never_spoken(text: str) -> None:
    spoken = speak(text)
    assert not LEAKS.search(spoken), spoken
    assert "rall" in spoken


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        ("Yields > 4%.", "Yields more than four percent."),
        ("The VIX < 15 for a week.", "less than fifteen"),
        ("Bids >= $100 a share.", "at least one hundred dollars"),
        ("Spreads <= 50 bps.", "at most fifty basis points"),
        ("AT&T and S&amp;P 500 rose.", "A T and T and S and P five hundred rose"),
    ],
)
def test_real_comparisons_and_ampersands_are_still_words(text: str, spoken: str) -> None:
    assert spoken in speak(text)


TIME_HTML = (
    "<html><body><article><h1>Stocks rally ]]&gt;</h1>"
    "<time datetime='2026-11-12'>November 12, 2026</time>"
    "<h2>Market snapshot</h2><p>The S&amp;P 500 rose 1.2% before the Fed meets on "
    "<time datetime='2026-12-16'>Dec. 16</time>.</p>"
    "<time datetime='2026-09-03'>September 3</time>"
    "<p><time>Sept. 4</time></p><ul><li><time>Sept. 5</time></li><li>Nasdaq gained 2%.</li></ul>"
    "<p>Stocks &lt;b&gt;rose&lt;/b&gt; &lt;![CDATA[ x ]]&gt; on the day.</p>"
    "</article></body></html>"
)
TIME_MD = (
    '---\ntitle: "Stocks rally ]]>"\n---\n\n'
    '<time datetime="2026-11-12">November 12, 2026</time>\n\n'
    "## Market snapshot\n\nThe S&P 500 rose 1.2% before the Fed meets on <time>Dec. 16</time>.\n\n"
    "<time>September 3</time>\n\n- <time>Sept. 5</time>\n- Nasdaq gained 2%.\n"
)
TIME_JSON = json.dumps(
    {
        "headline": "Stocks rally ]]>",
        "published_at": "2026-11-12",
        "body_html": TIME_HTML.split("</h1>", 1)[1].split("</article>")[0],
    }
)
TIME_TXT = (
    "Stocks rally ]]>\nNovember 12, 2026\n\nMarket snapshot\n"
    "The S&P 500 rose 1.2% before the Fed meets on Dec. 16. Nasdaq gained 2%.\n"
)


@pytest.mark.parametrize(
    ("name", "content"),
    [("r.html", TIME_HTML), ("r.md", TIME_MD), ("r.json", TIME_JSON), ("r.txt", TIME_TXT)],
    ids=["html", "markdown", "json", "text"],
)
def test_headline_debris_and_stray_time_are_not_spoken(
    tmp_path: Path, name: str, content: str
) -> None:
    recap, script = pipeline.build_script(write(tmp_path / name, content), SHOW)
    assert recap.title == "Stocks rally ]]>"  # the title as written, for the feed and player
    assert recap.date == DAY
    spoken = " ".join(s.text for s in script.segments)
    assert "Today's headline: Stocks rally." in spoken
    assert not LEAKS.search(spoken), spoken
    assert "Next." not in spoken and "September" not in spoken and "Sept" not in spoken
    assert "December sixteenth" in spoken and "Nasdaq gained two percent" in spoken
    texts = [t for s in recap.sections for t in s.texts()]
    assert not any(re.fullmatch(r"(?:Sept\.|September) \d", t) for t in texts)


@pytest.mark.parametrize(
    "text",
    [
        ("a/" * 499 + " ") * 2000,
        ("a." * 499 + " ") * 2000,
        ("1" * 999 + " ") * 2000,
        "Stocks rose 1.2% as yields fell. " * 60_000,
    ],
    ids=["paths", "dots", "digits", "prose"],
)
def test_the_check_takes_bounded_time_on_2_mb(text: str) -> None:
    blocks = tuple(("p", text[i : i + 20_000]) for i in range(0, len(text), 20_000))
    sections = (Section("", "other", blocks),)
    started = time.perf_counter()
    gather("T", sections, text.splitlines())
    gather("T", sections, None)
    assert time.perf_counter() - started < 2.0
