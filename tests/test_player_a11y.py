"""The player and the index for listeners who use a keyboard, a screen reader or less motion, in
headless Chromium: axe-core finds nothing serious or critical on embed.html and index.html (in
every state the player shows), the player works with the keyboard alone and a visible focus ring,
the live transcript never moves focus, `prefers-reduced-motion` stops animation and smooth
scrolling, the colours that mark controls meet WCAG AA's 3:1, and inside an article's iframe
the player neither scrolls the article nor takes focus.

The site, the browser and the page helper are test_player_browser's (same fake-voice episodes).
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from podcast.publish import layout
from tests import test_player_browser as player_browser
from tests.test_player_browser import Site, assert_clean, embed_url, wait_until

# test_player_browser's fixtures, found by name here: the same two fake-voice episodes, served.
browser = player_browser.browser
open_page = player_browser.open_page
site = player_browser.site

pytestmark = pytest.mark.browser

BLOCKING = ("serious", "critical")
# What the issue asks of the player's controls (WCAG 1.4.11) and of its text (1.4.3).
UI_CONTRAST = 3.0


def axe_violations(page: Any) -> list[str]:
    """axe-core's violations on the page as it is now, one line each: id, impact, targets."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']]}"
        for v in results.response["violations"]
    ]


def blocking(violations: list[str]) -> list[str]:
    return [v for v in violations if any(f"({impact})" in v for impact in BLOCKING)]


def rgb(colour: str) -> tuple[float, float, float]:
    """A CSS colour as getComputedStyle or a custom property gives it: rgb()/rgba() or #hex."""
    colour = colour.strip()
    if colour.startswith("#"):
        digits = colour[1:]
        if len(digits) == 3:
            digits = "".join(c * 2 for c in digits)
        return tuple(int(digits[i : i + 2], 16) for i in (0, 2, 4))  # type: ignore[return-value]
    numbers = re.findall(r"[\d.]+", colour)
    assert len(numbers) >= 3, colour
    if len(numbers) == 4:
        assert float(numbers[3]) == 1.0, f"{colour}: translucent, contrast not defined"
    return float(numbers[0]), float(numbers[1]), float(numbers[2])


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two opaque colours."""

    def luminance(colour: str) -> float:
        def channel(c: float) -> float:
            c /= 255
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

        r, g, b_ = (channel(c) for c in rgb(colour))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b_

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_helper() -> None:
    assert round(contrast("#000", "#fff"), 1) == 21.0
    assert round(contrast("rgb(91, 100, 116)", "#ffffff"), 2) == 5.97
    assert contrast("#fff", "#fff") == 1.0


def cue_starts(site: Site) -> list[float]:
    """The short episode's cue start times, from its transcript.vtt."""
    assert site.short.transcript_path
    vtt = (site.out / site.short.transcript_path).read_text(encoding="utf-8")
    starts = re.findall(r"^(?:(\d+):)?(\d\d):(\d\d)\.(\d{3}) -->", vtt, flags=re.M)
    return [int(h or 0) * 3600 + int(m) * 60 + int(s) + int(ms) / 1000 for h, m, s, ms in starts]


def ready_embed(page: Any, site: Site) -> None:
    page.goto(embed_url(site, site.short))
    page.wait_for_selector(".recap-player[data-state='ready']", timeout=10_000)
    wait_until(page, "document.querySelectorAll('.cue').length > 0")


def test_axe_finds_nothing_serious_on_the_player_and_the_index(site: Site, open_page) -> None:
    found: dict[str, list[str]] = {}

    page = open_page()
    ready_embed(page, site)
    found["embed, ready"] = axe_violations(page)
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    wait_until(page, "!document.querySelector('audio').paused")
    page.click("#tab-chapters")
    page.click(".embed summary")
    found["embed, playing, chapters and embed code open"] = axe_violations(page)
    page.evaluate("document.querySelector('audio').pause()")

    failing = open_page(320, 640)
    failing.route(
        re.compile(r".*\.(mp3|opus)$"), lambda route: route.fulfill(status=404, body="not found")
    )
    failing.goto(embed_url(site, site.short))
    failing.locator(".error").wait_for(state="visible", timeout=10_000)
    found["embed, audio failed, 320 px"] = axe_violations(failing)

    index = open_page(1024, 800)
    index.goto(site.url)
    found["index.html"] = axe_violations(index)
    assert_clean(index)

    serious = {state: blocking(v) for state, v in found.items() if blocking(v)}
    assert serious == {}, serious
    # Moderate and minor findings were fixed too (a <main>, an <h1>); keep them out.
    assert {state: v for state, v in found.items() if v} == {}

    # The check can fail: a control without a name and grey-on-white text are found.
    page.evaluate(
        "() => { const b = document.querySelector('.play'); b.removeAttribute('aria-label');"
        " b.removeAttribute('aria-describedby');"
        " document.querySelector('.meta').style.color = '#c0c0c0'; }"
    )
    broken = {v.split(" ")[0] for v in blocking(axe_violations(page))}
    assert {"button-name", "color-contrast"} <= broken, broken
    assert_clean(page)


def focus_ring(page: Any) -> dict[str, Any]:
    """The focused element: its label, a name (label or text), where it is, and its outline."""
    return page.evaluate(
        "() => { const el = document.activeElement; const s = getComputedStyle(el);"
        " const label = el.getAttribute('aria-label');"
        " let path = el.tagName; for (let e = el; e.parentElement; e = e.parentElement)"
        " path = e.parentElement.tagName + '>' + [...e.parentElement.children].indexOf(e)"
        " + '>' + path;"
        " return {tag: el.tagName, label, path,"
        " name: (label || el.textContent || '').replace(/\\s+/g, ' ').trim(),"
        " style: s.outlineStyle, width: parseFloat(s.outlineWidth), colour: s.outlineColor}; }"
    )


def test_the_player_works_with_the_keyboard_alone(site: Site, open_page) -> None:
    page = open_page()
    ready_embed(page, site)
    audio = "document.querySelector('audio')"

    # Every control has a name a screen reader reads.
    for role, name in (
        ("button", "Play"),
        ("button", "Back 15 seconds"),
        ("button", "Forward 30 seconds"),
        ("button", "Playback speed: 1×"),
        ("slider", "Seek"),
        ("tab", "Transcript"),
        ("tab", "Chapters"),
        ("list", "Transcript"),
    ):
        assert page.get_by_role(role, name=name, exact=True).count() == 1, (role, name)
    assert "Space or K plays" in page.evaluate(
        "document.getElementById(document.querySelector('.play')"
        ".getAttribute('aria-describedby')).textContent"
    )
    slider = page.get_by_role("slider", name="Seek")
    assert re.fullmatch(r"0:00 of \d+:\d\d", slider.get_attribute("aria-valuetext") or "")

    # Tab reaches Play first, with a visible focus ring of 3:1 against the card.
    page.keyboard.press("Tab")
    ring = focus_ring(page)
    assert ring["label"] == "Play", ring
    assert ring["style"] == "solid" and ring["width"] >= 2, ring
    card = page.evaluate(
        "getComputedStyle(document.querySelector('.recap-player')).backgroundColor"
    )
    assert contrast(ring["colour"], card) >= UI_CONTRAST, (ring, card)

    # Space plays (the button keeps focus and says Pause); Right arrow seeks 5 s forward.
    page.keyboard.press("Space")
    wait_until(page, f"!{audio}.paused && {audio}.currentTime > 0")
    assert page.get_attribute(".play", "aria-label") == "Pause"
    assert focus_ring(page)["label"] == "Pause"
    page.keyboard.press("Space")
    wait_until(page, f"{audio}.paused")
    before = page.evaluate(f"{audio}.currentTime")
    page.keyboard.press("ArrowRight")
    assert abs(page.evaluate(f"{audio}.currentTime") - before - 5) < 0.3
    page.keyboard.press("ArrowLeft")
    assert abs(page.evaluate(f"{audio}.currentTime") - before) < 0.3

    # Tab on to the seek bar: a slider whose value text follows the audio; arrows seek there too.
    for _ in range(4):
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('seek-bar')")
    ring = focus_ring(page)
    assert ring["style"] == "solid" and ring["width"] >= 2, ring
    before = page.evaluate(f"{audio}.currentTime")
    page.keyboard.press("ArrowRight")
    after = page.evaluate(f"{audio}.currentTime")
    assert abs(after - before - 5) < 0.3
    assert slider.get_attribute("aria-valuetext").startswith(f"0:{int(after):02d} of ")

    # Playing with focus on the seek bar: the transcript follows along (a new current sentence,
    # its panel scrolled) and focus stays where the listener left it; nothing is announced.
    # (Set up half a second before the third sentence, so the wait is short.)
    third = cue_starts(site)[2]
    page.evaluate(f"{audio}.currentTime = {third - 0.5}")
    wait_until(page, "document.querySelector('.cue.is-current') !== null")
    first = page.evaluate("document.querySelector('.cue.is-current').textContent")
    page.keyboard.press("Space")
    wait_until(
        page,
        "document.querySelector('.cue.is-current').textContent !== " + json.dumps(first),
        timeout_s=3,
    )
    page.keyboard.press("End")
    wait_until(page, "document.querySelector('.transcript-panel').scrollTop > 0")
    assert page.evaluate("document.activeElement.classList.contains('seek-bar')")
    assert page.evaluate("window.scrollY") == 0
    live = page.eval_on_selector_all(
        "[aria-live], [role='status'], [role='alert'], [role='log']",
        "els => els.map(e => [e.className, e.getAttribute('aria-live'), e.getAttribute('role')])",
    )
    assert ["transcript", "off", None] in live
    assert all(cls in ("transcript", "status", "error") for cls, _, _ in live), live
    page.evaluate(f"{audio}.pause()")

    # Every stop on the Tab path has a name and a ring of 3:1 against the card: go round once
    # (past the browser's own stop, where the body is active) and list the stops from Play.
    stops: list[dict[str, Any]] = []
    for _ in range(30):
        page.keyboard.press("Tab")
        ring = focus_ring(page)
        if ring["tag"] == "BODY":
            continue
        if ring["path"] in [s["path"] for s in stops]:
            break
        stops.append(ring)
    first = [s["name"] for s in stops].index("Play")
    stops = stops[first:] + stops[:first]
    names = [s["name"] for s in stops]
    assert names[:5] == [
        "Play",
        "Back 15 seconds",
        "Forward 30 seconds",
        "Playback speed: 1×",
        "Seek",
    ]
    assert "Transcript" in names and "Embed this player" in names and "Download MP3" in names, names
    for stop in stops:
        assert stop["name"], stops
        assert stop["style"] == "solid" and stop["width"] >= 2, stop
        assert contrast(stop["colour"], card) >= UI_CONTRAST, (stop, card)
    assert_clean(page)


# Records how the page scrolls its panels (scrollTo's behavior), before player.js runs.
WATCH_SCROLLS = """
window.__scrolls = [];
const original = Element.prototype.scrollTo;
Element.prototype.scrollTo = function (options) {
  const behavior = options && typeof options === "object" ? options.behavior : "";
  window.__scrolls.push(behavior || "auto");
  return original.apply(this, arguments);
};
"""


def follow_along(page: Any, site: Site) -> tuple[list[str], dict[str, str]]:
    """Jump the audio to its last sentence (the transcript scrolls after it); return how the
    page scrolled and the computed motion styles."""
    page.add_init_script(WATCH_SCROLLS)
    ready_embed(page, site)
    page.evaluate(
        "document.querySelector('audio').currentTime = document.querySelector('audio').duration - 1"
    )
    wait_until(page, "document.querySelector('.transcript-panel').scrollTop > 0")
    styles = page.evaluate(
        "() => ({spinner: getComputedStyle(document.querySelector('.spinner')).animationName,"
        " panel: getComputedStyle(document.querySelector('.transcript-panel')).scrollBehavior})"
    )
    return page.evaluate("window.__scrolls"), styles


def test_reduced_motion_stops_animation_and_smooth_scrolling(site: Site, open_page) -> None:
    reduced = open_page()
    reduced.emulate_media(reduced_motion="reduce")
    scrolls, styles = follow_along(reduced, site)
    assert scrolls and set(scrolls) == {"auto"}, scrolls
    assert styles == {"spinner": "none", "panel": "auto"}, styles
    assert_clean(reduced)

    # Without the preference the same jump scrolls smoothly and the spinner spins.
    moving = open_page()
    moving.emulate_media(reduced_motion="no-preference")
    scrolls, styles = follow_along(moving, site)
    assert "smooth" in scrolls, scrolls
    assert styles["spinner"] == "spin", styles


def test_controls_and_text_fields_stand_out_3_to_1(site: Site, open_page) -> None:
    """WCAG 1.4.11: the seek track (played and unplayed), the thumb's fill and the text fields'
    edges against what is around them. axe-core checks text, not these."""
    page = open_page()
    ready_embed(page, site)
    colours = page.evaluate(
        "() => { const root = getComputedStyle(document.documentElement);"
        " const v = (n) => root.getPropertyValue(n).trim();"
        " const card = getComputedStyle(document.querySelector('.recap-player')).backgroundColor;"
        " const code = getComputedStyle(document.querySelector('.embed-code'));"
        " return {card, track: v('--control-line'), played: v('--accent'),"
        " field: code.borderTopColor, fieldFill: code.backgroundColor}; }"
    )
    assert contrast(colours["track"], colours["card"]) >= UI_CONTRAST, colours
    assert contrast(colours["played"], colours["track"]) >= UI_CONTRAST, colours
    assert contrast(colours["played"], colours["card"]) >= UI_CONTRAST, colours
    assert contrast(colours["field"], colours["card"]) >= UI_CONTRAST, colours
    # The track is drawn in those colours (getComputedStyle cannot see into a range's parts,
    # so read the rule): played in --accent, the rest in --control-line.
    track = page.evaluate(
        "() => [...document.styleSheets].flatMap(s => [...s.cssRules])"
        ".filter(r => r.selectorText && r.selectorText.includes('slider-runnable-track'))"
        ".map(r => r.style.background || r.style.backgroundImage)"
    )
    assert len(track) == 1 and re.search(r"var\(--accent\).*var\(--control-line\)", track[0]), track

    index = open_page()
    index.goto(site.url)
    field = index.evaluate(
        "() => { const f = getComputedStyle(document.querySelector('.feed-url'));"
        " return [f.borderTopColor, getComputedStyle(document.body).backgroundColor]; }"
    )
    assert contrast(field[0], field[1]) >= UI_CONTRAST, field


ARTICLE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>An article</title>
<link rel="icon" href="{icon}"></head>
<body style="margin:0;font:16px/1.5 sans-serif">
<h1>Markets today</h1>
{before}
<iframe src="{embed}" title="Listen to this Recap"
  style="width:100%;max-width:640px;height:560px;border:0"></iframe>
{after}
</body></html>
"""


def test_in_an_article_the_player_never_scrolls_or_grabs_the_page(site: Site, open_page) -> None:
    """The embed as an article carries it: Tab from the article reaches Play, and while the
    transcript follows the audio the article neither scrolls nor loses focus to the frame's rows."""
    paragraph = "<p>" + "A sentence of the article around the player. " * 12 + "</p>"
    (site.out / "a11y-article.html").write_text(
        ARTICLE.format(
            before=paragraph * 2,
            after=paragraph * 20,
            embed=layout.beside(site.short.mp3_path, layout.EMBED),
            icon=f"{layout.STATIC_DIR}/{layout.ICON}",
        ),
        encoding="utf-8",
    )
    page = open_page(800, 700)
    page.goto(site.url + "a11y-article.html")
    frame = page.wait_for_selector("iframe").content_frame()
    assert frame is not None
    # The framed audio is usually ready in under 3 s, with three busy loops too; once, in a
    # fresh-clone suite on a loaded machine (stop 21), it took more than 10 s. What this test
    # measures comes after, so it waits longer rather than fail on the machine's load.
    frame.wait_for_selector(".recap-player[data-state='ready']", timeout=30_000)
    wait_until(frame, "document.querySelectorAll('.cue').length > 0")

    page.keyboard.press("Tab")
    assert frame.evaluate("document.activeElement.getAttribute('aria-label')") == "Play"
    page.keyboard.press("Space")
    wait_until(frame, "!document.querySelector('audio').paused")
    scrolled = page.evaluate("window.scrollY")
    # Late in the episode: the frame's transcript panel scrolls to the current sentence.
    frame.evaluate("document.querySelector('audio').currentTime = 70")
    wait_until(frame, "document.querySelector('.transcript-panel').scrollTop > 0", timeout_s=3)
    page.wait_for_timeout(600)  # a smooth scroll's length
    assert page.evaluate("window.scrollY") == scrolled
    assert page.evaluate("document.activeElement.tagName") == "IFRAME"
    assert frame.evaluate("document.activeElement.getAttribute('aria-label')") == "Pause"
    frame.evaluate("document.querySelector('audio').pause()")
    assert_clean(page)
