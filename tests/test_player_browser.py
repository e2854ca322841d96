"""The "Listen to this Recap" player and the index page, driven in headless Chromium (Playwright):
loading and error states, playing, seeking, chapters, the transcript following along, speed, the
keyboard, 320 px, no other host, no console errors or CSP violations, and hostile titles as text.

Debian's Chromium is required (`apt-get install chromium`; `make setup-test` installs it): when it
is missing these tests fail rather than skip, so CI cannot pass without them.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from markupsafe import escape

from podcast import pipeline
from podcast.config import load_show
from podcast.models import Chapter
from podcast.publish import layout
from podcast.publish.catalog import Catalog, EpisodeRecord
from podcast.publish.pages import format_duration, render_embed, render_index
from podcast.publish.statedir import default_state_dir
from podcast.tts.cache import SegmentCache

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
SHOW_FILE = DATA / "fake-show.toml"
CHROMIUM = os.environ.get("PODCAST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--autoplay-policy=no-user-gesture-required",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
HOSTILE = 'AT&T <script>alert(1)</script> "quotes" ]]>'
ERROR_TEXT = "Sorry, the audio could not be loaded."
# Either rendition of an episode's audio (the page offers the Opus first, then the MP3).
AUDIO = re.compile(r".*\.(mp3|opus)$")
SHOTS = Path("/tmp")
# Registered before any page script runs (Playwright injects it past the page's CSP).
WATCH_CSP = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(e.violatedDirective + " " + e.blockedURI);
});
"""


@dataclass
class Site:
    out: Path
    url: str
    short: EpisodeRecord
    hostile: EpisodeRecord


@dataclass
class Watch:
    """What a page did: every request, console errors, uncaught errors, dialogs."""

    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def hostile_recap(folder: Path) -> Path:
    """The short test recap under a title full of markup (single-quoted YAML keeps it literal)."""
    body = (DATA / "short-recap.md").read_text(encoding="utf-8").split("---", 2)[2]
    path = folder / "hostile.md"
    front = "---\ntitle: '{}'\ndate: 2026-11-11\nslug: hostile-title\n---".format(
        HOSTILE.replace("'", "''")
    )
    path.write_text(front + body, encoding="utf-8")
    return path


def chapters_of(out: Path, record: EpisodeRecord) -> list[dict[str, Any]]:
    assert record.chapters_path, record
    return list(json.loads((out / record.chapters_path).read_text(encoding="utf-8"))["chapters"])


def embed_url(site: Site, record: EpisodeRecord, name: str = "embed.html") -> str:
    return site.url + f"episodes/{record.episode_id}/{name}"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """Two episodes rendered with the fake engine, served by `podcast serve` on a free port."""
    base = tmp_path_factory.mktemp("player")
    out = base / "out"
    show = load_show(SHOW_FILE)
    cache = SegmentCache(base / "cache")
    pipeline.render(DATA / "short-recap.md", out, show, cache=cache)
    pipeline.render(hostile_recap(base), out, show, cache=cache)
    with Catalog(default_state_dir(out) / layout.CATALOG) as catalog:
        short = catalog.get("2026-11-10-quiet-close")
        hostile = catalog.get("2026-11-11-hostile-title")
    assert short is not None and hostile is not None

    # The same pages with the exact hostile string, which ingest would clean out of a recap's
    # title: what the templates and player.js do with it is what this file tests.
    exact = replace(hostile, title=HOSTILE)
    marks = [Chapter(c["title"], c["startTime"], "", HOSTILE) for c in chapters_of(out, hostile)]
    folder = out / "episodes" / hostile.episode_id
    (folder / "hostile.html").write_text(
        render_embed(
            replace(show, title=HOSTILE),
            exact,
            chapters=marks,
            mp3_url=Path(hostile.mp3_path).name,
        ),
        encoding="utf-8",
    )
    (out / "hostile-index.html").write_text(render_index(show, [exact]), encoding="utf-8")

    port = free_port()
    log = (base / "serve.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "podcast.cli", "serve", "--out", str(out), "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                urllib.request.urlopen(url, timeout=1).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(
                        f"podcast serve did not answer on {url}: "
                        f"{(base / 'serve.log').read_text(errors='replace')[-2000:]}"
                    ) from None
                time.sleep(0.1)
        yield Site(out=out, url=url, short=short, hostile=hostile)
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)
        log.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
        pytest.fail(
            f"Chromium is missing ({CHROMIUM}): run `apt-get install chromium` "
            "(or `make setup-test`) for the browser tests"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("the Python package playwright is missing: run `make setup-test`")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def open_page(browser: Any) -> Iterator[Any]:
    """A fresh page (own context) that records what it did into page.watch."""
    contexts = []

    def make(width: int = 640, height: int = 560) -> Any:
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        context.add_init_script(WATCH_CSP)
        page = context.new_page()
        watch = Watch()
        page.on("request", lambda r: watch.requests.append(r.url))
        page.on(
            "console",
            lambda m: (
                watch.errors.append(f"console {m.type}: {m.text}")
                if m.type in ("error", "warning") or "Content Security Policy" in m.text
                else None
            ),
        )
        page.on("pageerror", lambda e: watch.errors.append(f"page error: {e}"))

        def on_dialog(dialog: Any) -> None:
            watch.dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)
        page.watch = watch
        return page

    yield make
    for context in contexts:
        context.close()


def assert_clean(page: Any) -> None:
    """Only 127.0.0.1 asked, nothing in the console, no CSP violation, no dialog."""
    watch: Watch = page.watch
    hosts = {urlparse(u).hostname for u in watch.requests}
    assert hosts == {"127.0.0.1"}, watch.requests
    assert watch.errors == []
    assert page.evaluate("window.__csp") == []
    assert watch.dialogs == []


def wait_until(page: Any, expression: str, timeout_s: float = 5.0) -> Any:
    """Poll a JS expression through page.evaluate until it is truthy. (Playwright's
    wait_for_function evaluates strings with eval, which the page's CSP rightly refuses.)"""
    deadline = time.monotonic() + timeout_s
    while True:
        value = page.evaluate(expression)
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout_s} s: {expression}")
        page.wait_for_timeout(50)


def fits(page: Any, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 640})
    page.wait_for_timeout(100)
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def shoot(page: Any, tmp_path: Path, name: str, **kw: Any) -> None:
    page.screenshot(path=str(tmp_path / name), **kw)
    shutil.copy(tmp_path / name, SHOTS / name)


def current_cue(page: Any) -> str | None:
    return page.evaluate(
        "() => { const c = document.querySelector('.cue.is-current');"
        " return c && c.getAttribute('aria-current') === 'true' ? c.textContent : null; }"
    )


def test_player_loads_plays_seeks_and_follows_along(site: Site, open_page, tmp_path) -> None:
    page = open_page()
    record = site.short
    chapters = chapters_of(site.out, record)
    assert len(chapters) >= 3

    # Hold the audio back to see the loading state, then let it through.
    held: list[Any] = []

    def hold_first(route: Any) -> None:
        if not held:
            held.append(route)
        else:
            route.continue_()

    page.route(AUDIO, hold_first)
    page.goto(embed_url(site, record))
    status = page.locator(".status")
    status.wait_for(state="visible")
    assert status.inner_text().strip() == "Loading audio…"
    assert page.get_attribute(".recap-player", "data-state") == "loading"
    wait_until(page, "document.querySelectorAll('.cue').length > 0")
    deadline = time.monotonic() + 5
    while not held and time.monotonic() < deadline:
        page.wait_for_timeout(50)
    assert held, "the page never asked for the audio (preload='metadata' should)"
    held[0].continue_()
    page.wait_for_selector(".recap-player[data-state='ready']", timeout=10_000)
    assert status.is_hidden()
    page.unroute(AUDIO)

    # The native controls made way for the player; the duration is the media's.
    assert page.evaluate("document.querySelector('audio').controls") is False
    media_duration = page.evaluate("document.querySelector('audio').duration")
    assert abs(media_duration - record.duration_s) < 1.0
    assert page.inner_text(".duration") == format_duration(media_duration)
    assert page.inner_text(".elapsed") == "0:00"
    assert page.inner_text(".episode-title") == record.title

    # Keyboard: Tab reaches the play button first, with a visible focus ring.
    page.keyboard.press("Tab")
    focus = page.evaluate(
        "() => { const el = document.activeElement; const s = getComputedStyle(el);"
        " return [el.getAttribute('aria-label'), s.outlineStyle, s.outlineWidth]; }"
    )
    assert focus[0] == "Play" and focus[1] == "solid" and focus[2] != "0px", focus
    for selector in (".play", "[data-skip='-15']", "[data-skip='30']", ".speed", ".seek-bar"):
        assert page.get_attribute(selector, "aria-label"), selector

    # Play: the clock runs.
    page.click(".play")
    wait_until(page, "document.querySelector('.elapsed').textContent !== '0:00'", timeout_s=5)
    assert page.get_attribute(".play", "aria-label") == "Pause"

    # Space and K toggle while the player has focus; arrows on the seek bar move 5 s.
    page.focus(".seek-bar")
    page.keyboard.press("Space")
    wait_until(page, "document.querySelector('audio').paused")
    before_arrow = page.evaluate("document.querySelector('audio').currentTime")
    page.keyboard.press("ArrowRight")
    after_arrow = page.evaluate("document.querySelector('audio').currentTime")
    assert abs(after_arrow - before_arrow - 5) < 0.3
    page.keyboard.press("k")
    wait_until(page, "!document.querySelector('audio').paused")
    wait_until(page, "document.querySelector('.cue.is-current') !== null", timeout_s=5)
    cue_before = current_cue(page)
    assert cue_before

    # The second chapter: the audio jumps there, the chapter and another cue are current.
    page.click("#tab-chapters")
    second = chapters[1]
    page.locator(".chapter").nth(1).click()
    wait_until(
        page,
        f"Math.abs(document.querySelector('audio').currentTime - {second['startTime']}) < 0.5",
        timeout_s=3,
    )
    chapter_marks = page.eval_on_selector_all(
        ".chapter", "els => els.map(e => e.getAttribute('aria-current'))"
    )
    assert chapter_marks[1] == "true" and chapter_marks.count("true") == 1
    # Each chapter shows what it is about, in the recap's own words, under its title.
    context = page.locator(".chapter").nth(1).locator(".chapter-context")
    assert context.is_visible()
    recap_text = " ".join((DATA / "short-recap.md").read_text(encoding="utf-8").split())
    assert context.inner_text().strip() and context.inner_text().strip() in recap_text
    wait_until(
        page, f"document.querySelector('.now').textContent.includes({json.dumps(second['title'])})"
    )
    wait_until(
        page,
        "document.querySelector('.cue.is-current') !== null"
        f" && document.querySelector('.cue.is-current').textContent !== {json.dumps(cue_before)}",
    )
    cue_after = current_cue(page)
    assert cue_after and cue_after != cue_before
    assert page.locator(".cue[aria-current='true']").count() == 1

    # The transcript: a later sentence seeks there, and its panel (not the page) scrolls to it.
    page.click("#tab-transcript")
    cues = page.locator(".cue")
    last = cues.nth(cues.count() - 1)
    last.click()
    wait_until(
        page,
        "[...document.querySelectorAll('.cue')].at(-1).classList.contains('is-current')",
        timeout_s=3,
    )
    wait_until(
        page,
        "(() => { const p = document.querySelector('.transcript-panel').getBoundingClientRect();"
        " const c = document.querySelector('.cue.is-current').getBoundingClientRect();"
        " return c.top >= p.top - 1 && c.bottom <= p.bottom + 1; })()",
        timeout_s=3,
    )
    assert page.evaluate("document.querySelector('.transcript-panel').scrollTop") > 0
    assert page.evaluate("window.scrollY") == 0

    # Speed: 1x -> 1.25x -> 1.5x.
    page.click(".speed")
    page.click(".speed")
    assert page.evaluate("document.querySelector('audio').playbackRate") == 1.5
    assert page.inner_text(".speed") == "1.5×"
    assert page.get_attribute(".speed", "aria-label") == "Playback speed: 1.5×"

    # Media Session metadata for the lock screen and the browser's media controls.
    session = page.evaluate(
        "() => { const m = navigator.mediaSession.metadata;"
        " return m && [m.title, m.artist, m.artwork.map(a => a.src)]; }"
    )
    assert session and session[0] == record.title and session[1] == "Test Recap Show"
    assert session[2] and session[2][0].endswith(f"/episodes/{record.episode_id}/episode.png")

    # The embed code is the absolute URL of this page on the show's site, as text.
    code = page.input_value("#embed-code")
    assert code.startswith('<iframe src="https://podcast.example.com/shows/test/episodes/')
    assert f"{record.episode_id}/embed.html" in code
    # The iframe's title names the episode (issue 15: oEmbed shares this code), escaped.
    assert f'title="{escape(f"Listen to this Recap: {record.title}")}"' in code

    page.evaluate("document.querySelector('audio').pause()")
    shoot(page, tmp_path, "player.png")
    fits(page, 320)
    shoot(page, tmp_path, "player-320.png")
    assert_clean(page)


def test_audio_that_fails_before_the_script_runs_still_shows_the_error(
    site: Site, open_page
) -> None:
    """Both renditions answer 404 at once while player.js arrives late: the sources have failed
    before the player listens (no audio.error with <source> children), and it still says so."""
    page = open_page()
    page.route(AUDIO, lambda route: route.fulfill(status=404, body="not found"))

    def late_script(route) -> None:
        page.wait_for_timeout(1500)
        route.continue_()

    page.route(re.compile(r".*/player\.js$"), late_script)
    page.goto(embed_url(site, site.short))
    page.locator(".error[role='alert']").wait_for(state="visible", timeout=10_000)
    assert page.get_attribute(".recap-player", "data-state") == "error"
    assert page.inner_text(".error-text") == ERROR_TEXT
    page.watch.errors[:] = [e for e in page.watch.errors if "404" not in e]
    assert_clean(page)


def test_audio_that_fails_to_load_shows_an_error(site: Site, open_page, tmp_path) -> None:
    page = open_page()
    page.route(AUDIO, lambda route: route.fulfill(status=404, body="not found"))
    page.goto(embed_url(site, site.short))
    alert = page.locator(".error[role='alert']")
    alert.wait_for(state="visible", timeout=10_000)
    assert page.inner_text(".error-text") == ERROR_TEXT
    assert page.get_attribute(".recap-player", "data-state") == "error"
    assert page.locator(".play").is_disabled()
    assert page.locator(".status").is_hidden()
    # The transcript and chapters stay readable.
    wait_until(page, "document.querySelectorAll('.cue').length > 0")
    fits(page, 320)
    shoot(page, tmp_path, "player-error.png")
    # The 404 itself is the only thing Chromium complains about.
    page.watch.errors[:] = [e for e in page.watch.errors if "404" not in e]
    assert_clean(page)


def test_player_takes_the_lighter_rendition_and_falls_back_to_the_mp3(
    site: Site, open_page
) -> None:
    record = site.short
    assert record.alternate is not None
    opus, mp3 = Path(record.alternate.path).name, Path(record.mp3_path).name
    page = open_page()
    page.goto(embed_url(site, record))
    page.wait_for_selector(".recap-player[data-state='ready']", timeout=10_000)
    assert page.evaluate("document.querySelector('audio').canPlayType('audio/ogg; codecs=opus')")
    assert page.evaluate("document.querySelector('audio').currentSrc").endswith("/" + opus)
    assert not any(u.endswith(".mp3") for u in page.watch.requests), page.watch.requests
    page.keyboard.press("Tab")  # the player still plays it, from the keyboard
    page.keyboard.press("Space")
    wait_until(page, "!document.querySelector('audio').paused")
    page.evaluate("document.querySelector('audio').pause()")
    assert_clean(page)

    # The Opus file missing: the same page plays the MP3 instead, with no error shown.
    failing = open_page()
    failing.route("**/*.opus", lambda route: route.fulfill(status=404, body="not found"))
    failing.goto(embed_url(site, record))
    failing.wait_for_selector(".recap-player[data-state='ready']", timeout=10_000)
    assert failing.evaluate("document.querySelector('audio').currentSrc").endswith("/" + mp3)
    assert failing.locator(".error").is_hidden()
    failing.watch.errors[:] = [e for e in failing.watch.errors if "404" not in e]
    assert_clean(failing)


def test_hostile_titles_are_text_not_markup(site: Site, open_page) -> None:
    # Exactly the hostile string, in the embed (title, heading, show name, media session).
    page = open_page()
    url = embed_url(site, site.hostile, "hostile.html")
    raw = urllib.request.urlopen(url, timeout=5).read().decode()
    assert "<script>alert" not in raw
    page.goto(url)
    page.wait_for_selector(".recap-player[data-state='ready']", timeout=10_000)
    assert page.evaluate("document.getElementById('episode-title').textContent") == HOSTILE
    assert page.evaluate("document.title") == HOSTILE
    assert page.evaluate("document.querySelector('.show-title').textContent") == HOSTILE
    assert page.evaluate("navigator.mediaSession.metadata.title") == HOSTILE
    assert page.evaluate("navigator.mediaSession.metadata.artist") == HOSTILE
    contexts = page.eval_on_selector_all(".chapter-context", "els => els.map(e => e.textContent)")
    assert contexts and set(contexts) == {HOSTILE}
    assert page.locator("script").count() == 1  # player.js only
    page.click(".play")
    page.wait_for_timeout(300)
    assert_clean(page)

    # The index with that title.
    index = open_page()
    raw = urllib.request.urlopen(site.url + "hostile-index.html", timeout=5).read().decode()
    assert "<script>alert" not in raw
    index.goto(site.url + "hostile-index.html")
    assert index.eval_on_selector_all("h2", "els => els.map(e => e.textContent)") == [HOSTILE]
    assert_clean(index)

    # Through the whole pipeline, the page shows the title the catalog recorded, as text.
    pipe = open_page()
    raw = urllib.request.urlopen(embed_url(site, site.hostile), timeout=5).read().decode()
    assert "<script>alert" not in raw
    pipe.goto(embed_url(site, site.hostile))
    wait_until(pipe, "document.querySelectorAll('.cue').length > 0")
    title = pipe.evaluate("document.getElementById('episode-title').textContent")
    assert title == site.hostile.title
    assert title.startswith("AT&T ") and title.endswith('"quotes" ]]>')
    assert_clean(pipe)


def test_index_lists_episodes_and_fits_320(site: Site, open_page, tmp_path) -> None:
    page = open_page(1024, 800)
    page.goto(site.url)
    titles = page.eval_on_selector_all("h2", "els => els.map(e => e.textContent)")
    assert titles == [site.hostile.title, site.short.title]  # newest first
    assert page.get_attribute("a.subscribe", "href") == "feed.xml"
    assert page.input_value("#feed-url") == "https://podcast.example.com/shows/test/feed.xml"
    assert page.locator("audio[controls][preload='none']").count() == 2
    assert page.locator("img.thumb").count() == 2
    durations = page.eval_on_selector_all(".duration", "els => els.map(e => e.textContent)")
    assert all(re.fullmatch(r"\d+:\d\d", d) for d in durations), durations
    page.wait_for_load_state("networkidle")
    shoot(page, tmp_path, "index.png", full_page=True)
    fits(page, 320)
    shoot(page, tmp_path, "index-320.png", full_page=True)
    assert_clean(page)
