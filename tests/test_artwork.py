"""Cover and episode art: read the images back with Pillow (size, mode, format, pixels)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import time
from pathlib import Path

import pytest
from PIL import Image

from podcast.assets import artwork
from podcast.config import ShowConfig
from podcast.ingest import read_recap
from podcast.ingest.index_moves import INDEX_ORDER, read_index_moves
from podcast.models import Quote, Recap, Section
from podcast.util.dates import display_date

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples"
HOSTILE = 'AT&T <script>alert(1)</script> "quotes" ]]>'


@pytest.fixture(scope="module")
def show() -> ShowConfig:
    return ShowConfig(
        title="StockAlpha Daily Recap",
        description="The trading day in about nine minutes.",
        author="StockAlpha Research Desk",
        owner_name="StockAlpha Research Desk",
        owner_email="podcast@stockalpha.example",
        base_url="https://podcast.stockalpha.example/",
    )


@pytest.fixture(scope="module")
def rally() -> Recap:
    return read_recap(SAMPLES / "recap-tech-led-rally.txt", date=dt.date(2026, 11, 19))


def _recap(title: str = "A quiet day", *texts: str, quotes: tuple[Quote, ...] = ()) -> Recap:
    sections = (
        (Section("Key Takeaways", "key_takeaways", (("ul", tuple(texts)),)),) if texts else ()
    )
    return Recap(
        date=dt.date(2026, 11, 19),
        title=title,
        slug="a-quiet-day",
        sections=sections,
        source_path=Path("recap.md"),
        source_format="markdown",
        quotes=quotes,
    )


def _moves(recap: Recap) -> list[tuple[str, float]]:
    """The index moves ingest read for a recap, as (symbol, percent)."""
    return [(m.symbol, m.change_pct) for m in recap.index_moves]


def _read_moves(recap: Recap) -> list[tuple[str, float]]:
    """The index moves in a hand-made recap's title, sections and quotes, as ingest reads them."""
    moves = read_index_moves(recap.title, recap.sections, recap.quotes)
    return [(m.symbol, m.change_pct) for m in moves]


def _open(data: bytes) -> Image.Image:
    img = Image.open(io.BytesIO(data))
    img.load()
    return img


def _is(pixel: tuple[int, ...], color: tuple[int, int, int], tol: int = 12) -> bool:
    return all(abs(a - b) <= tol for a, b in zip(pixel[:3], color, strict=True))


# --- the images -------------------------------------------------------------------------------


def test_show_cover_is_a_3000px_rgb_png(show: ShowConfig) -> None:
    data = artwork.show_cover(show)
    img = _open(data)
    assert (img.format, img.mode, img.size) == ("PNG", "RGB", (3000, 3000))
    assert len(data) < 1_500_000
    assert not img.info.keys() - {"dpi", "gamma"}  # no text chunks, no timestamps
    Path("/tmp/show-cover.png").write_bytes(data)


def test_episode_art_is_a_3000px_rgb_png(show: ShowConfig, rally: Recap) -> None:
    data = artwork.episode_art(show, rally)
    img = _open(data)
    assert (img.format, img.mode, img.size) == ("PNG", "RGB", (3000, 3000))
    assert len(data) < 1_500_000
    Path("/tmp/episode-art.png").write_bytes(data)


def test_art_is_deterministic(show: ShowConfig, rally: Recap) -> None:
    def digest(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()

    assert digest(artwork.show_cover(show)) == digest(artwork.show_cover(show))
    assert digest(artwork.episode_art(show, rally)) == digest(artwork.episode_art(show, rally))


def test_art_is_fast(show: ShowConfig, rally: Recap) -> None:
    for make in (lambda: artwork.show_cover(show), lambda: artwork.episode_art(show, rally)):
        start = time.perf_counter()
        make()
        assert time.perf_counter() - start < 3.0


def test_episode_art_differs_by_day(show: ShowConfig, rally: Recap) -> None:
    other = dataclasses.replace(rally, date=dt.date(2026, 11, 20))
    assert artwork.episode_art(show, rally) != artwork.episode_art(show, other)


def test_hostile_and_odd_titles_render(show: ShowConfig) -> None:
    for title in (
        HOSTILE,
        "",
        "x" * 400,
        "Stocks\nslide\tas\x00yields\u200b jump 📉 日経平均",
        "A " * 300,
    ):
        img = _open(artwork.episode_art(show, _recap(title)))
        assert img.size == (3000, 3000)
    long_show = dataclasses.replace(show, title=HOSTILE * 5)
    assert _open(artwork.show_cover(long_show)).size == (3000, 3000)


def test_chart_colours_bars_by_direction(show: ShowConfig, rally: Recap) -> None:
    moves = _moves(rally)
    img = _open(artwork.episode_art(show, rally)).convert("RGB")
    panel = artwork.episode_chart_panel(len(moves))
    zero = (panel[0] + panel[2]) // 2
    bars = artwork.chart_bars(panel, rally.index_moves)
    assert [(s, v) for s, v, _ in bars] == moves
    for symbol, value, (x0, y0, x1, y1) in bars:
        mid_y = (y0 + y1) // 2
        inside = [img.getpixel((x, mid_y)) for x in (x0 + 8, (x0 + x1) // 2, x1 - 8)]
        colour = artwork.UP if value > 0 else artwork.DOWN
        assert all(_is(p, colour) for p in inside), (symbol, inside)
        # The bar grows away from the zero line: green to the right, red to the left.
        assert (x0 >= zero - 3) if value > 0 else (x1 <= zero + 3)
        beyond = (x1 + 400, mid_y) if value > 0 else (x0 - 400, mid_y)
        assert not _is(img.getpixel(beyond), colour)  # the value label's gap, then background
    # The largest move gets the longest bar.
    widths = {s: b[2] - b[0] for s, _, b in bars}
    assert widths["QQQ"] > widths["SPY"] > widths["IWM"]


def test_chart_counts_green_right_and_red_left(show: ShowConfig, rally: Recap) -> None:
    img = _open(artwork.episode_art(show, rally)).convert("RGB")
    x0, y0, x1, y1 = artwork.episode_chart_panel(3)
    chart = img.crop((x0, y0 + 200, x1, y1))
    small = chart.resize((chart.width // 10, chart.height // 10), Image.Resampling.NEAREST)
    half = small.width // 2
    pixels = [(x, small.getpixel((x, y))) for x in range(small.width) for y in range(small.height)]
    green = [x for x, p in pixels if _is(p, artwork.UP, 20)]
    red = [x for x, p in pixels if _is(p, artwork.DOWN, 20)]
    assert len(green) > 100 and len(red) > 10
    assert min(green) >= half - 1  # up bars and their labels: right of the zero line
    assert max(red) <= half + 1  # down bars and their labels: left of it


def test_all_down_day_has_no_green_bars(show: ShowConfig) -> None:
    recap = read_recap(
        SAMPLES / "recap-2026-11-19.md", quotes=SAMPLES / "recap-2026-11-19.quotes.csv"
    )
    moves = _moves(recap)
    assert moves  # the quotes table's index rows
    img = _open(artwork.episode_art(show, recap)).convert("RGB")
    panel = artwork.episode_chart_panel(len(moves))
    region = img.crop((panel[0], panel[1] + 200, panel[2], panel[3]))
    colours = region.getcolors(maxcolors=1_000_000) or []
    assert not any(_is(c, artwork.UP, 30) for _, c in colours)
    assert any(_is(c, artwork.DOWN, 5) for _, c in colours)


def test_no_moves_means_no_chart(show: ShowConfig) -> None:
    recap = _recap("Markets closed for Thanksgiving", "Exchanges were shut for the holiday.")
    assert _read_moves(recap) == []
    img = _open(artwork.episode_art(show, recap))
    assert img.size == (3000, 3000)
    # No "INDEX MOVES" panel: its fill colour appears nowhere in its place.
    panel = artwork.episode_chart_panel(1)
    region = img.crop((panel[0] + 20, panel[1] + 20, panel[0] + 80, panel[1] + 80))
    assert not any(_is(c, artwork.PANEL, 2) for _, c in region.getcolors(10_000) or [])


def test_builtin_font_fallback(show: ShowConfig, rally: Recap, monkeypatch) -> None:
    monkeypatch.setattr(artwork, "_FONT_DIRS", ())
    artwork._font_dir.cache_clear()
    artwork._font.cache_clear()
    try:
        assert artwork._font_dir() is None
        img = _open(artwork.episode_art(show, rally))
        assert img.size == (3000, 3000)
        assert artwork.format_pct(-0.29) == "-0.29%"
        assert _open(artwork.show_cover(show)).mode == "RGB"
    finally:
        monkeypatch.undo()
        artwork._font_dir.cache_clear()
        artwork._font.cache_clear()


def test_thumbnail_is_a_small_jpeg(show: ShowConfig, rally: Recap) -> None:
    art = artwork.episode_art(show, rally)
    thumb = artwork.thumbnail(art)
    img = _open(thumb)
    assert (img.format, img.mode, img.size) == ("JPEG", "RGB", (600, 600))
    assert len(thumb) <= 200_000
    assert artwork.thumbnail(art) == thumb
    assert artwork.THUMBNAIL_MIME == "image/jpeg"
    assert _open(artwork.thumbnail(art, size=300)).size == (300, 300)


# --- the words --------------------------------------------------------------------------------


def test_index_moves_tech_led_rally(rally: Recap) -> None:
    assert _moves(rally) == [("SPY", 1.65), ("QQQ", 2.49), ("IWM", -0.29)]


def test_index_moves_from_quotes_csv() -> None:
    recap = read_recap(
        SAMPLES / "recap-2026-11-19.md", quotes=SAMPLES / "recap-2026-11-19.quotes.csv"
    )
    assert recap.quotes
    assert _moves(recap) == [
        ("SPY", -0.96),
        ("QQQ", -1.84),
        ("IWM", -1.32),
        ("DIA", -0.11),
    ]


def test_index_moves_markdown_without_quotes() -> None:
    recap = read_recap(SAMPLES / "recap-2026-11-19.md")
    assert _moves(recap) == [
        ("SPY", -0.96),
        ("QQQ", -1.84),
        ("IWM", -1.32),
        ("DIA", -0.11),
    ]


def test_index_moves_json_and_html() -> None:
    assert _moves(read_recap(SAMPLES / "recap-2026-11-17.json")) == [
        ("SPY", 0.71),
        ("QQQ", 0.38),
        ("IWM", 2.14),
    ]
    assert _moves(read_recap(SAMPLES / "recap-2026-11-18.html")) == [
        ("SPY", 0.32),
        ("QQQ", 0.18),
        ("IWM", 0.41),
    ]


def test_quotes_win_in_file_order() -> None:
    quotes = (
        Quote("QQQ", "Nasdaq-100 ETF", "index", 500.0, 0.5, 1),
        Quote("NVDA", "Nvidia", "stock", 140.0, -3.1, 1),
        Quote("SPY", "S&P 500 ETF", "Index", 580.0, -0.25, 1),
    )
    recap = _recap("SPY +9.99%", "SPY +9.99%", quotes=quotes)
    assert _read_moves(recap) == [("QQQ", 0.5), ("SPY", -0.25)]
    # A table with no index rows falls back to the words.
    recap = _recap("SPY +1.00%", quotes=quotes[1:2])
    assert _read_moves(recap) == [("SPY", 1.0)]


def test_index_moves_from_prose() -> None:
    recap = _recap(
        "Stocks mixed; DIA -0.11%",
        "The S&P 500 (SPY) closed up 1.65% while the Nasdaq-100 (QQQ) fell 0.4%.",
        "The Russell 2000 (IWM) slipped 0.29%, and SPY +3.00% is a misprint that comes later.",
    )
    assert _read_moves(recap) == [
        ("SPY", 1.65),
        ("QQQ", -0.4),
        ("IWM", -0.29),
        ("DIA", -0.11),
    ]


def test_index_moves_takeaways_before_title_before_body() -> None:
    body = Section("Market snapshot", "snapshot", (("p", "The Dow (DIA) rose 0.80%."),))
    takeaways = Section("Key Takeaways", "key_takeaways", (("ul", ("QQQ -1.84%",)),))
    recap = dataclasses.replace(_recap("QQQ +5.00% and DIA -0.20%"), sections=(body, takeaways))
    assert _read_moves(recap) == [("QQQ", -1.84), ("DIA", -0.2)]


def test_index_moves_ignore_other_tickers_and_unsigned_figures() -> None:
    recap = _recap(
        "Quiet",
        "The S&P 500 (SPY) lagged while NVDA fell 3.1%.",
        "IWM's 2.14% jump stood out; QQQ and DIA were flat at 12.5% of volume.",
        "Apple (AAPL) fell 1.2%; XOM +1.9%.",
    )
    assert _read_moves(recap) == []


def test_format_helpers(rally: Recap) -> None:
    assert display_date(rally.date, artwork.DATE_SEPARATOR) == "Thu · Nov 19, 2026"
    assert artwork.short_headline(rally.title) == (
        "Tech-Led Rally Sends Benchmarks Higher as Small Caps Lag"
    )
    assert artwork.short_headline("Stocks: up") == "Stocks: up"
    assert artwork.short_headline(HOSTILE) == HOSTILE
    assert artwork.format_pct(1.654) == "+1.65%"
    assert artwork.format_pct(-0.29) == "−0.29%"
    assert artwork.format_pct(0.0) == "0.00%"
    assert [artwork.INDEX_LABELS[s] for s in INDEX_ORDER] == [
        "S&P 500",
        "Nasdaq-100",
        "Russell 2000",
        "Dow",
    ]
