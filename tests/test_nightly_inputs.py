"""Bad and hostile recaps in the inbox: each is refused with a one-line error, or spoken safely,
and nothing already published changes (every published file's hash compared); nothing is
written outside OUT and the cache."""

from __future__ import annotations

import html
import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest
from lxml import etree

from benchmarks.soak import feed_state, published_snapshot
from podcast.config import load_show
from podcast.errors import EXIT_INPUT, EXIT_OK, EXIT_PARTIAL
from podcast.jobs import nightly
from podcast.jobs.events import EventLog
from podcast.publish.statedir import default_state_dir, live_work_folders
from podcast.tts.cache import SegmentCache

ROOT = Path(__file__).resolve().parents[1]
SHORT = ROOT / "tests" / "data" / "short-recap.md"
FAKE_SHOW = ROOT / "tests" / "data" / "fake-show.toml"
SHOW = load_show(FAKE_SHOW)

BODY = """## Key Takeaways

- Stocks edged higher in light trading: SPY +0.21%, QQQ +0.35%, IWM -0.12%.

## Market snapshot

The S&P 500 rose 0.21% in the quietest session of the month. Technology led.
"""


def front(date: str = "2026-11-12", slug: str = "next-day", title: str = "Next Day") -> str:
    return f'---\ntitle: "{title}"\ndate: {date}\nslug: "{slug}"\n---\n\n{BODY}'


LAUGHS = (
    '<!DOCTYPE html [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">\n'
        for i in range(1, 10)
    )
    + "]>\n<html><head><title>Laughs</title></head><body><article><h1>Laughs</h1>"
    "<time datetime='2026-11-12'></time><p>&lol9;</p></article></body></html>\n"
)
XXE = (
    '<?xml version="1.0"?>\n<!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    "<html><body><article><h1>XXE</h1><time datetime='2026-11-12'></time>"
    "<p>&xxe;</p></article></body></html>\n"
)


def cms_json(**fields: object) -> str:
    data = {
        "headline": "Next Day",
        "published_at": "2026-11-12",
        "slug": "next-day",
        "body_html": "<h2>Market snapshot</h2><p>Stocks rose.</p>",
        **fields,
    }
    return json.dumps(data)


# (file name, content, what the one-line error says)
BAD: dict[str, tuple[str, bytes | str, str]] = {
    "empty": ("recap-2026-11-12.txt", b"", r"is empty"),
    "whitespace": ("recap-2026-11-12.txt", " \n\t\r\n \u00a0\u200b\n", r"only whitespace"),
    "binary": ("recap-2026-11-12.txt", bytes(range(256)) * 4, r"binary|not valid UTF-8"),
    "non-utf8": (
        "recap-2026-11-12.txt",
        b"Stocks Rise\n\nThe S&P 500 rose 1% \xff\xfe on the day.\n",
        r"not valid UTF-8 \(byte 0xFF at offset \d+\)",
    ),
    "latin-1": ("recap-2026-11-12.md", front().replace("quietest", "calm\xe9").encode("latin-1"),
                r"not valid UTF-8"),
    "50 MB": (
        "recap-2026-11-12.md",
        front().encode() + b"Stocks rose on the day. " * (50 * 2**20 // 24),
        r"larger than 2 MB",
    ),
    "million-char line": (
        "recap-2026-11-12.txt",
        "Stocks Rise\nNovember 12, 2026\n\n" + "stocks " * 142_858 + "\n",
        r"a paragraph of [\d,]+ characters \(at most 20,000\)",
    ),
    "million chars, no space": (
        "recap-2026-11-12.md",
        front() + "\n" + "x" * 1_000_000 + "\n",
        r"a paragraph of 1,000,000 characters",
    ),
    "long word": (
        "recap-2026-11-12.md",
        front() + "\n" + "Stocks " + "y" * 5_000 + " rose.\n",
        r"more than 1,000 characters without a space",
    ),
    "NUL": ("recap-2026-11-12.txt", b"Stocks Rise\n\nThe S&P\x00 500 rose.\n", r"NUL bytes"),
    "impossible date": ("recap-x.md", front(date="2026-13-01"), r"impossible date '2026-13-01'"),
    "impossible date in name": (
        "recap-2026-13-01.txt",
        "Stocks Rise\n\nThe S&P 500 rose 1% on the day. Technology led.\n",
        r"impossible date '2026-13-01' in the file name",
    ),
    "slug with ../": ("recap.md", front(slug="../../../etc/cron.d/pwned"), r"slug .* not allowed"),
    "absolute slug": ("recap.md", front(slug="/etc/passwd"), r"slug '/etc/passwd' .* not allowed"),
    "JSON slug with ../": ("recap.json", cms_json(slug="../../outside"), r"slug .* not allowed"),
    "billion laughs": ("recap.html", LAUGHS, r"declares DTD entities"),
    "external entity": ("recap.html", XXE, r"declares DTD entities"),
    "entity in JSON body": (
        "recap.json",
        cms_json(body_html='<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><p>&e;</p>'),
        r"declares DTD entities",
    ),
    "unknown extension": ("recap.xyz", front(), r"unsupported format '\.xyz'"),
    "pdf extension": ("recap.pdf", b"%PDF-1.7\n%...", r"unsupported format '\.pdf'"),
    "pdf named .txt": ("recap.txt", b"%PDF-1.7\n1 0 obj\n", r"looks like a PDF"),
    "no extension": ("recap", front(), r"without an extension"),
    "csv alone": ("prices.csv", "symbol,close\nSPY,1\n", r"unsupported format '\.csv'"),
    # Malformed input that used to be published (issue 11, point 5).
    "unclosed front matter": (
        "recap-2026-11-12.md",
        '---\ntitle: "Next Day"\ndate: 2026-11-12\nnotes: do not read this aloud\n\n' + BODY,
        r"recap-2026-11-12\.md: the YAML front matter that opens with '---' at line 1 is never "
        r"closed.*add a '---' line",
    ),
    "unclosed front matter, BOM and CRLF": (
        "recap-2026-11-12.md",
        ("\ufeff---  \ntitle: Next Day\nnotes: secret\n\n" + BODY).replace("\n", "\r\n"),
        r"opens with '---' at line 1 is never closed",
    ),
    "unclosed TOML front matter": (
        "recap-2026-11-12.md",
        '+++\ntitle = "Next Day"\ndate = 2026-11-12\n\n' + BODY,
        r"TOML front matter that opens with '\+\+\+' at line 1 is never closed",
    ),
    "the project README": (
        "README.md", (ROOT / "README.md").read_bytes(),
        r"README\.md does not look like a market recap \(.+\); .*--force",
    ),
    "code saved as .txt": (
        "recap-2026-11-12.txt", (ROOT / "tests/data/recaps/neg-code.txt").read_bytes(),
        r"does not look like a market recap \(\d+% of lines are code or paths\)",
    ),
    "a recipe": (
        "recap-2026-11-12.md", (ROOT / "tests/data/recaps/neg-recipe.md").read_bytes(),
        r"does not look like a market recap \(no market figures and no recap sections\)",
    ),
}  # fmt: skip


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """OUT and cache after a nightly published the short recap: every test starts from a copy."""
    root = tmp_path_factory.mktemp("published")
    (root / "inbox").mkdir()
    shutil.copy(SHORT, root / "inbox" / "short-recap.md")
    summary = nightly.run(
        root / "inbox", root / "out", SHOW, SegmentCache(root / "cache"),
        log=EventLog(io.StringIO(), tty=False),
    )  # fmt: skip
    assert summary.exit_code == EXIT_OK
    return root


@pytest.fixture
def published(tmp_path: Path, template: Path) -> Path:
    shutil.copytree(template, tmp_path / "site", symlinks=True)
    return tmp_path / "site"


def inbox_state(inbox: Path) -> dict[str, object]:
    return {
        p.name: os.readlink(p) if p.is_symlink() else (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(inbox.iterdir())
    }


@pytest.mark.parametrize("case", list(BAD), ids=list(BAD))
def test_a_bad_recap_is_one_line_and_changes_nothing_published(published: Path, case: str) -> None:
    name, content, message = BAD[case]
    inbox, out = published / "inbox", published / "out"
    path = inbox / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    before, inbox_before = published_snapshot(out), inbox_state(inbox)
    stream = io.StringIO()
    started = time.monotonic()
    summary = nightly.run(
        inbox, out, SHOW, SegmentCache(published / "cache"), log=EventLog(stream, tty=False)
    )
    elapsed = time.monotonic() - started
    outcomes = {o.source: o for o in summary.outcomes}
    bad = outcomes[name]
    assert bad.status == "failed" and bad.exit_code == EXIT_INPUT and bad.attempts <= 1
    assert re.search(message, bad.error or ""), bad.error
    assert "\n" not in (bad.error or "") and len(bad.error or "") < 600
    assert outcomes["short-recap.md"].status == "unchanged"
    assert summary.exit_code == EXIT_INPUT
    assert published_snapshot(out) == before  # every published file byte-identical
    assert inbox_state(inbox) == inbox_before
    assert elapsed < 15
    events = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert [e["error"] for e in events if e["event"] == "failed"] == [bad.error]
    assert live_work_folders(default_state_dir(out)) == []  # refused before any work folder


@pytest.mark.parametrize(
    "name", [b"recap-\xff-2026-11-12.md", b"recap\n2026-11-12.md", b"recap-\x1b[2J.md"]
)
def test_a_file_name_with_bad_bytes_is_refused(published: Path, name: bytes) -> None:
    inbox, out = published / "inbox", published / "out"
    with open(os.path.join(os.fsencode(inbox), name), "wb") as fh:
        fh.write(front().encode())
    before = published_snapshot(out)
    summary = nightly.run(
        inbox, out, SHOW, SegmentCache(published / "cache"), log=EventLog(io.StringIO(), tty=False)
    )
    bad = next(o for o in summary.outcomes if o.source == os.fsdecode(name))
    assert bad.status == "failed" and bad.exit_code == EXIT_INPUT
    assert re.search(r"the file name .* (is not valid UTF-8|holds control characters)", bad.error)
    assert bad.error.isprintable()
    assert published_snapshot(out) == before


@pytest.mark.parametrize("target", ["/etc/hostname", "../outside.md"])
def test_a_symlink_out_of_the_inbox_is_not_followed(published: Path, target: str) -> None:
    inbox, out = published / "inbox", published / "out"
    (published / "outside.md").write_text(front())
    (inbox / "recap-2026-11-12.md").symlink_to(target)
    before = published_snapshot(out)
    summary = nightly.run(
        inbox, out, SHOW, SegmentCache(published / "cache"), log=EventLog(io.StringIO(), tty=False)
    )
    bad = next(o for o in summary.outcomes if o.source == "recap-2026-11-12.md")
    assert bad.status == "failed" and "outside the inbox" in (bad.error or "")
    assert bad.exit_code == EXIT_INPUT
    assert published_snapshot(out) == before


def test_bad_recaps_through_the_cli_keep_stderr_json_and_stdout_one_line_each(
    published: Path,
) -> None:
    inbox, out = published / "inbox", published / "out"
    for case in ("empty", "NUL", "billion laughs", "unknown extension", "slug with ../"):
        name, content, _ = BAD[case]
        name = f"{case.replace(' ', '-').replace('/', '')}-{name}"
        (inbox / name).write_bytes(content if isinstance(content, bytes) else content.encode())
    before = published_snapshot(out)
    proc = subprocess.run(
        [sys.executable, "-m", "podcast.cli", "nightly", "--inbox", str(inbox), "--out", str(out),
         "--show", str(FAKE_SHOW), "--cache-dir", str(published / "cache")],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == EXIT_INPUT, proc.stderr
    events = [json.loads(line) for line in proc.stderr.splitlines()]  # JSON lines only
    assert sum(e["event"] == "failed" for e in events) == 5
    lines = proc.stdout.splitlines()
    assert len(lines) == 1 + 6 and "0 published, 1 unchanged, 5 failed" in lines[0]
    assert "Traceback" not in proc.stderr + proc.stdout
    assert published_snapshot(out) == before


def test_a_non_recap_fails_and_the_others_still_publish(published: Path) -> None:
    inbox, out = published / "inbox", published / "out"
    (inbox / "README.md").write_bytes((ROOT / "README.md").read_bytes())
    (inbox / "next-day.md").write_text(front())
    summary = nightly.run(
        inbox, out, SHOW, SegmentCache(published / "cache"), log=EventLog(io.StringIO(), tty=False)
    )
    outcomes = {o.source: o for o in summary.outcomes}
    assert (
        outcomes["README.md"].status == "failed" and outcomes["README.md"].exit_code == EXIT_INPUT
    )
    assert outcomes["README.md"].attempts <= 1
    assert outcomes["next-day.md"].status == "published"
    assert summary.exit_code == EXIT_PARTIAL  # some published, some failed
    state = feed_state(out)
    assert "2026-11-12-next-day" in state.episode_ids and not state.problems
    assert not any("recap-podcast" in p.name for p in (out / "episodes").iterdir())


def test_an_absurd_quote_fails_before_any_speech_and_publishes_nothing(published: Path) -> None:
    inbox, out, cache = published / "inbox", published / "out", published / "cache"
    (inbox / "next-day.md").write_text(front())
    (inbox / "next-day.quotes.csv").write_text(
        "symbol,name,kind,close,change_pct,volume\n"
        "SPY,S&P 500 ETF,index,579.81,0.21,71234500\n"
        "QQQ,Nasdaq-100 ETF,index,503.12,1e308,52110900\n"
    )
    before = published_snapshot(out)
    cached = sorted((cache / "tts").rglob("*.wav"))
    summary = nightly.run(
        inbox, out, SHOW, SegmentCache(cache), log=EventLog(io.StringIO(), tty=False)
    )
    bad = next(o for o in summary.outcomes if o.source == "next-day.md")
    assert bad.status == "failed" and bad.exit_code == EXIT_INPUT and bad.attempts <= 1
    assert re.search(r"next-day\.quotes\.csv, line 3: change_pct \(column E\)", bad.error or "")
    assert published_snapshot(out) == before
    assert sorted((cache / "tts").rglob("*.wav")) == cached  # not one segment was spoken
    assert not list(out.glob(".work-*"))


DEBRIS_HTML = (
    "<html><head><meta property='article:published_time' content='2026-11-12'></head><body>"
    "<article><h1>Stocks rally ]]&gt;</h1><time datetime='2026-11-12'>November 12, 2026</time>"
    "<h2>Market snapshot</h2><p>The S&amp;P 500 rose 1.2% &lt;![CDATA[ and ]]&gt; yields "
    "&gt; 4% <time datetime='2026-12-16'>Dec. 16</time>.</p>"
    "<time datetime='2026-09-03'>September 3</time>"
    "<h2>Bottom line</h2><p>Stocks &lt;b&gt;rose&lt;/b&gt; &amp;lt; on the day.</p>"
    "</article></body></html>"
)


def test_markup_debris_is_not_in_the_published_transcript(published: Path) -> None:
    inbox, out = published / "inbox", published / "out"
    (inbox / "debris.html").write_text(DEBRIS_HTML)
    summary = nightly.run(
        inbox, out, SHOW, SegmentCache(published / "cache"), log=EventLog(io.StringIO(), tty=False)
    )
    outcome = next(o for o in summary.outcomes if o.source == "debris.html")
    assert outcome.status == "published", outcome.error
    folder = out / "episodes" / (outcome.episode_id or "")
    vtt = (folder / "transcript.vtt").read_text()
    spoken = " ".join(
        s["text"] for s in json.loads((folder / "script.json").read_text())["segments"]
    )
    cues = re.sub(r"<v [^<>]+>", "", vtt).replace("-->", "")  # the speakers' voice tags go
    assert not re.search(r"[<>]|greater than|less than|CDATA|C D A T A|\bamp\b", spoken), spoken
    # the captions are the recap's writing (issue 15), VTT-escaped: a comparison stays, debris not
    shown = html.unescape(cues)
    assert not re.search(r"CDATA|C D A T A|</?\w+>|&\w+;|\]\]|<(?!\s?\d)", shown), shown
    assert "The S&P 500 rose 1.2%" in shown and "yields > 4%" in shown and "Stocks rose" in shown
    assert "Today's headline: Stocks rally." in spoken and "September" not in spoken
    assert "Next." not in spoken and "more than four percent" in spoken
    feed = etree.fromstring((out / "feed.xml").read_bytes())
    titles = feed.xpath("//item/title/text()")
    assert "Stocks rally ]]>" in titles  # the title as written, escaped by the XML library


# -- hostile text that is still a recap: spoken safely, published normally ---------------------

HOSTILE_NAME = "-w pwned;$(touch pwned.wav)`id`.md"
HOSTILE = (
    '---\ntitle: "Hostile Day: Stocks Mixed"\ndate: 2026-11-12\nslug: hostile-day\n---\n\n'
    "## Market snapshot\n\n"
    "--version\n\n"
    "-w pwned.wav\n\n"
    "Stocks rose 1% as traders asked; $(touch pwned.wav) | cat `id` && echo pwned > pwned.wav\n\n"
    'Stocks paused <break time="60s"/> then rose. <audio src="file:///etc/passwd">Listen</audio>'
    " <speak>Buy now</speak> <script>alert(1)</script>\n\n"
    "Stocks rose on control \x07bell \x1b[31mred\x1b[0m \x0b tab\there \x7fdel and more words.\n\n"
    "## Bottom line\n\nA calm day before a busy week. Traders are waiting for the Fed.\n"
)


# `podcast` under a Python audit hook that notes every path the process opens for writing,
# creates, renames, links, removes or connects sqlite to; written to $AUDIT_LOG at exit.
AUDITED = """
import atexit, json, os, sys
seen, owner = [], os.getpid()
WRITE = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
PATH_EVENTS = {"os.mkdir", "os.rename", "os.remove", "os.rmdir", "os.link", "os.symlink",
               "os.truncate", "os.chmod", "os.utime", "shutil.rmtree", "shutil.move",
               "shutil.copyfile", "sqlite3.connect"}
DIR_FD = {"os.remove": (1,), "os.rmdir": (1,), "os.mkdir": (2,), "os.rename": (2, 3)}
def note(value, dir_fd=None):
    if isinstance(value, (str, bytes, os.PathLike)):
        path = os.fsdecode(value)
        if path.startswith("file:"):  # an SQLite URI (a read-only open): the file it names
            from urllib.parse import unquote, urlsplit
            path = unquote(urlsplit(path).path)
        if isinstance(dir_fd, int) and dir_fd >= 0:  # relative to an open folder (rmtree)
            path = os.path.join(os.readlink(f"/proc/self/fd/{dir_fd}"), path)
        seen.append(os.path.abspath(path))
def hook(event, args):
    if event == "open" and args and not isinstance(args[0], int):
        mode, flags = args[1], args[2] or 0
        if (mode and any(c in mode for c in "wax+")) or (mode is None and flags & WRITE):
            note(args[0])
    elif event in PATH_EVENTS:
        two = event in ("os.rename", "os.link", "shutil.copyfile")
        fds = [args[i] for i in DIR_FD.get(event, ())]
        for i, value in enumerate(args[:2] if two else args[:1]):
            note(value, fds[min(i, len(fds) - 1)] if fds else None)
def dump():
    if os.getpid() == owner:
        data = json.dumps(sorted(set(seen)))
        fd = os.open(os.environ["AUDIT_LOG"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.write(fd, data.encode())
        os.close(fd)
atexit.register(dump)
sys.addaudithook(hook)
from podcast.cli import main
sys.argv[0] = "podcast"
sys.exit(main())
"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """One nightly, as a subprocess, with HOME, TMPDIR and the working folder all fresh."""
    root = tmp_path_factory.mktemp("sandbox")
    for name in ("home", "tmp", "cwd", "inbox"):
        (root / name).mkdir()
    shutil.copy(SHORT, root / "inbox" / "short-recap.md")
    (root / "inbox" / HOSTILE_NAME).write_text(HOSTILE)
    inbox_before = inbox_state(root / "inbox")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("XDG_", "TMP"))}
    env.update(
        HOME=str(root / "home"),
        TMPDIR=str(root / "tmp"),
        TEMP=str(root / "tmp"),
        PODCAST_CACHE_DIR=str(root / "cache"),
        PYTHONPATH=str(ROOT),
        PYTHONDONTWRITEBYTECODE="1",
    )
    audit = root / "audit.json"
    env["AUDIT_LOG"] = str(audit)
    proc = subprocess.run(
        [sys.executable, "-c", AUDITED, "nightly", "--inbox", str(root / "inbox"),
         "--out", str(root / "out"), "--show", str(FAKE_SHOW), "--json"],
        cwd=root / "cwd", env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert proc.returncode == EXIT_OK, proc.stderr
    writes = json.loads(audit.read_text())
    audit.unlink()
    summary = json.loads(proc.stdout)
    outcome = next(r for r in summary["recaps"] if r["source"] == HOSTILE_NAME)
    episode = root / "out" / "episodes" / outcome["episode_id"]
    texts = [s["text"] for s in json.loads((episode / "script.json").read_text())["segments"]]
    return {
        "root": root,
        "proc": proc,
        "outcome": outcome,
        "texts": texts,
        "speech": " ".join(texts),
        "inbox_before": inbox_before,
        "writes": writes,
    }


def _named_pwned(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*pwned*") if p.name != HOSTILE_NAME]


def test_lines_that_look_like_options_are_spoken_not_run(hostile: dict) -> None:
    root: Path = hostile["root"]
    assert hostile["outcome"]["status"] == "published"
    assert "version" in hostile["speech"] and "w pwned.wav" in hostile["speech"]
    assert _named_pwned(root) == [] and _named_pwned(ROOT) == []
    assert not (Path.cwd() / "pwned.wav").exists()
    assert "2026-11-12-hostile-day" in feed_state(root / "out").episode_ids


def test_shell_metacharacters_are_words_not_commands(hostile: dict) -> None:
    # (The hostile lines are market sentences, "Stocks rose 1% as traders asked; $(touch ...",
    # so chrome removal keeps them whatever the model makes of their symbols: what is tested is
    # that they travel as words.)
    speech: str = hostile["speech"]
    assert "touch pwned.wav" in speech and "echo pwned" in speech
    assert _named_pwned(hostile["root"]) == []
    # The file name itself is a recap name like any other.
    assert hostile["outcome"]["source"] == HOSTILE_NAME


def test_ssml_and_html_tags_are_dropped_not_obeyed(hostile: dict) -> None:
    speech: str = hostile["speech"]
    assert "<" not in speech and ">" not in speech.replace("greater than", "")
    for leaked in ("break", "60s", "audio", "passwd", "speak>", "alert", "script"):
        assert leaked not in speech.lower(), leaked
    assert "Stocks paused then rose." in speech
    # The words inside the tags were text, not commands; "Listen Buy now." is a call to action,
    # which chrome removal by kind (issue 15, point 6) now drops like any other.
    assert "Buy now" not in speech
    # No minute of silence (the QA gate refuses gaps over 3 s): the episode is its words' length.
    assert hostile["outcome"]["duration_s"] < 120


def test_control_characters_are_dropped(hostile: dict) -> None:
    speech: str = hostile["speech"]
    assert not any(unicodedata.category(c) == "Cc" for c in speech)
    assert "bell" in speech and "red" in speech and "del" in speech


def test_nothing_is_written_outside_out_and_the_cache(hostile: dict) -> None:
    root: Path = hostile["root"]
    stray = [
        str(p.relative_to(root))
        for p in root.rglob("*")
        if not p.is_dir()
        and p.relative_to(root).parts[0] not in ("out", "out.state", "cache", "inbox")
    ]
    assert stray == []  # HOME, TMPDIR and the working folder are still empty
    # ... and were never written to, even for a moment: every path the process wrote to, made,
    # renamed or removed is inside OUT, its state folder or the cache.
    writes: list[str] = hostile["writes"]
    allowed = [(root / n).resolve() for n in ("out", "cache", "out.state")]
    outside = [
        w for w in writes if w != os.devnull and not any(Path(w).is_relative_to(a) for a in allowed)
    ]
    assert outside == []
    assert any(Path(w).is_relative_to(allowed[0]) for w in writes)  # the hook did see writes
    assert inbox_state(root / "inbox") == hostile["inbox_before"]
    assert list((root / "cache" / "tts").rglob("*.wav"))
    assert live_work_folders(default_state_dir(root / "out")) == []
