"""Cover art: the show's square cover and each episode's image (date, headline, index moves).

Everything is drawn with Pillow from shapes and one font (Debian's DejaVu when installed, else
Pillow's built-in font), so the art is original, needs no network, and the same inputs give the
same PNG bytes (no timestamps or metadata; fixed encoder settings; basic text layout).
"""

from __future__ import annotations

import functools
import io
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from podcast.config import ShowConfig
from podcast.models import IndexMove, Recap
from podcast.util.dates import display_date

SIZE = 3000  # Apple Podcasts: 1400-3000 px square, RGB, PNG or JPEG
MARGIN = 200
PNG_COMPRESS_LEVEL = 6
THUMBNAIL_MIME = "image/jpeg"
THUMBNAIL_MAX_BYTES = 200_000
SUBTITLE = "Daily market recap"

INDEX_LABELS = {"SPY": "S&P 500", "QQQ": "Nasdaq-100", "IWM": "Russell 2000", "DIA": "Dow"}
DATE_SEPARATOR = " · "  # 'Thu · Nov 19, 2026'

Color = tuple[int, int, int]
Box = tuple[int, int, int, int]
Font = ImageFont.FreeTypeFont | ImageFont.ImageFont

BG_TOP: Color = (16, 38, 72)
BG_BOTTOM: Color = (5, 13, 28)
GLOW: Color = (34, 197, 94)
PANEL: Color = (14, 31, 58)
PANEL_EDGE: Color = (33, 58, 96)
GRID: Color = (30, 52, 88)
WHITE: Color = (245, 247, 250)
MUTED: Color = (148, 163, 184)
ACCENT: Color = (250, 204, 21)
UP: Color = (34, 197, 94)
DOWN: Color = (239, 68, 68)
FLAT: Color = (148, 163, 184)

_FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/local/share/fonts"),
    Path("/Library/Fonts"),
)
_FONT_FILES = {True: "DejaVuSans-Bold.ttf", False: "DejaVuSans.ttf"}

# A rising run of candles, (open, close, high, low) on a 0-100 scale: mostly up, two red pauses.
_CANDLES = (
    (16, 30, 35, 10),
    (30, 24, 34, 19),
    (24, 46, 51, 21),
    (46, 39, 50, 34),
    (39, 66, 71, 36),
    (66, 90, 97, 62),
)


# ---------------------------------------------------------------------------------------------
# Public API


def show_cover(show: ShowConfig) -> bytes:
    """The show's cover: a 3000x3000 RGB PNG, legible down to 55x55 (big shapes, high contrast)."""
    img = _background()
    draw = ImageDraw.Draw(img, "RGBA")
    _draw_grid(draw, (MARGIN, 260, SIZE - MARGIN, 1640), rows=4)
    _draw_candles(draw, (MARGIN + 100, 330, SIZE - MARGIN - 100, 1640), trend=True)

    x0, x1 = MARGIN, SIZE - MARGIN
    title = _clean(show.title) or "Market Recap"
    top = _draw_fitted(draw, title, (x0, 2030, x1, SIZE - MARGIN), (330, 170), 3)
    sub_y = top - 230  # the subtitle sits just above the title, however many lines it takes
    draw.rectangle((x0, sub_y + 14, x0 + 150, sub_y + 44), fill=ACCENT)
    draw.text((x0 + 200, sub_y), SUBTITLE.upper(), font=_font(120, bold=True), fill=ACCENT)
    return _png(img)


def episode_art(show: ShowConfig, recap: Recap) -> bytes:
    """An episode's image: the show's look, the date, a short headline and the index moves
    (`recap.index_moves`, as ingest read them)."""
    img = _background()
    draw = ImageDraw.Draw(img, "RGBA")
    x0, x1 = MARGIN, SIZE - MARGIN
    moves = recap.index_moves

    # Brand row: a small candle mark and the show's name, the date below it.
    mark = (x0, MARGIN, x0 + 170, MARGIN + 170)
    draw.rounded_rectangle(mark, radius=36, fill=PANEL, outline=PANEL_EDGE, width=6)
    _draw_candles(draw, (mark[0] + 30, mark[1] + 30, mark[2] - 30, mark[3] - 30), trend=False)
    brand = _fit_line(_clean(show.title).upper() or "MARKET RECAP", 96, 60, x1 - x0 - 220)
    draw.text((x0 + 220, MARGIN + 85), brand[0], font=brand[1], fill=MUTED, anchor="lm")
    draw.text(
        (x0, 520),
        display_date(recap.date, DATE_SEPARATOR),
        font=_font(140, bold=True),
        fill=ACCENT,
        anchor="ls",
    )

    headline = short_headline(recap.title) or "Today's market recap"
    if moves:
        panel = episode_chart_panel(len(moves))
        _draw_fitted(draw, headline, (x0, 600, x1, panel[1] - 90), (250, 120), 4, "middle")
        _draw_chart(draw, panel, moves)
    else:
        motif = (x0, 1780, x1, SIZE - MARGIN)
        _draw_fitted(draw, headline, (x0, 600, x1, motif[1] - 90), (260, 120), 4, "middle")
        _draw_grid(draw, motif, rows=3)
        _draw_candles(draw, (motif[0] + 200, motif[1] + 40, motif[2] - 200, motif[3] - 40), True)
    return _png(img)


def thumbnail(png: bytes, size: int = 600) -> bytes:
    """A small square JPEG of an image (for the MP3's ID3 APIC frame): at most 200 KB."""
    with Image.open(io.BytesIO(png)) as src:
        img = src.convert("RGB").resize((size, size), Image.Resampling.LANCZOS)
    for quality in (88, 80, 70, 60, 50, 40, 30):
        buf = io.BytesIO()
        img.save(buf, format="JPEG", quality=quality, optimize=False, progressive=False)
        data = buf.getvalue()
        if len(data) <= THUMBNAIL_MAX_BYTES:
            return data
    return data


def short_headline(title: str, limit: int = 60) -> str:
    """The title, cut before its first ':' when it is long and the cut leaves something."""
    text = _clean(title)
    if len(text) > limit and ":" in text:
        head = text.split(":", 1)[0].strip()
        if len(head) >= 8:
            return head
    return text


def format_pct(value: float) -> str:
    """'+1.65%', '−0.29%' (a true minus when the font has one), '0.00%'; whole percents from
    100 % up ('+312%'), so the largest plausible move's label still fits the chart."""
    if round(value, 2) == 0:
        return "0.00%"
    sign = "+" if value > 0 else _minus()
    return f"{sign}{abs(value):.{2 if abs(value) < 99.995 else 0}f}%"


# ---------------------------------------------------------------------------------------------
# Drawing


def _background() -> Image.Image:
    """Dark navy, lighter at the top, with a soft green glow behind the upper right."""
    ramp = Image.linear_gradient("L").resize((1, SIZE), Image.Resampling.BILINEAR)
    column = Image.composite(_solid(BG_BOTTOM, (1, SIZE)), _solid(BG_TOP, (1, SIZE)), ramp)
    img = column.resize((SIZE, SIZE), Image.Resampling.NEAREST)
    glow_size = 2800
    # radial_gradient: 0 at the centre, 181 at the middle of each edge; fade to 0 by then.
    fade = [round(44 * max(0.0, 1 - v / 181) ** 2) for v in range(256)]
    glow = (
        Image.radial_gradient("L")
        .point(fade)
        .resize((glow_size, glow_size), Image.Resampling.BICUBIC)
    )
    left, top = SIZE - glow_size // 2 - 250, -glow_size // 2 + 450
    img.paste(_solid(GLOW, (glow_size, glow_size)), (left, top), glow)
    return img


def _solid(color: Color, size: tuple[int, int] = (SIZE, SIZE)) -> Image.Image:
    return Image.new("RGB", size, color)


def _draw_grid(draw: ImageDraw.ImageDraw, box: Box, rows: int) -> None:
    x0, y0, x1, y1 = box
    for i in range(rows + 1):
        y = y0 + (y1 - y0) * i // rows
        draw.line((x0, y, x1, y), fill=(*GRID, 150), width=4)


def _draw_candles(draw: ImageDraw.ImageDraw, box: Box, trend: bool) -> None:
    """The rising candles motif, scaled into `box`; with `trend`, a line and shaded area behind."""
    x0, y0, x1, y1 = box
    step = (x1 - x0) / len(_CANDLES)
    body_w = step * 0.56
    wick_w = max(2, round(step * 0.07))

    def y_at(v: float) -> int:
        return round(y1 - (y1 - y0) * v / 100)

    centres = [round(x0 + step * (i + 0.5)) for i in range(len(_CANDLES))]
    line = [(x0, y_at(_CANDLES[0][0] - 4))] + [
        (cx, y_at(c)) for cx, (_, c, _, _) in zip(centres, _CANDLES, strict=True)
    ]
    if trend:
        draw.polygon([*line, (line[-1][0], y1), (x0, y1)], fill=(*UP, 30))
    for cx, (o, c, h, lo) in zip(centres, _CANDLES, strict=True):
        color = UP if c >= o else DOWN
        draw.rectangle((cx - wick_w // 2, y_at(h), cx + wick_w // 2, y_at(lo)), fill=color)
        body = (round(cx - body_w / 2), y_at(max(o, c)), round(cx + body_w / 2), y_at(min(o, c)))
        draw.rounded_rectangle(body, max(1, round(body_w * 0.12)), fill=color)
    if trend:
        width = max(4, round(step * 0.06))
        draw.line(line, fill=WHITE, width=width, joint="curve")
        ex, ey = line[-1]
        r = width * 2
        draw.ellipse((ex - r * 2, ey - r * 2, ex + r * 2, ey + r * 2), fill=(*WHITE, 50))
        draw.ellipse((ex - r, ey - r, ex + r, ey + r), fill=WHITE)


def _draw_chart(draw: ImageDraw.ImageDraw, panel: Box, moves: Sequence[IndexMove]) -> None:
    """Horizontal bars from a zero line: up to the right in green, down to the left in red."""
    draw.rounded_rectangle(panel, radius=60, fill=(*PANEL, 230), outline=PANEL_EDGE, width=6)
    x0, y0, x1, _ = panel
    draw.text(
        (x0 + 90, y0 + 130), "INDEX MOVES", font=_font(84, bold=True), fill=MUTED, anchor="ls"
    )
    label_font, value_font = _font(96, bold=False), _font(104, bold=True)
    bars = chart_bars(panel, moves)
    zero = (x0 + x1) // 2
    draw.line((zero, y0 + 200, zero, bars[-1][2][3] + 50), fill=MUTED, width=6)
    for symbol, value, (bx0, by0, bx1, by1) in bars:
        color = UP if value > 0 else DOWN if value < 0 else FLAT
        draw.rounded_rectangle((bx0, by0, bx1, by1), radius=18, fill=color)
        mid = (by0 + by1) // 2
        name = INDEX_LABELS.get(symbol, symbol)
        pct = format_pct(value)
        if value >= 0:
            draw.text((zero - 44, mid), name, font=label_font, fill=WHITE, anchor="rm")
            draw.text((bx1 + 36, mid), pct, font=value_font, fill=color, anchor="lm")
        else:
            draw.text((zero + 44, mid), name, font=label_font, fill=WHITE, anchor="lm")
            draw.text((bx0 - 36, mid), pct, font=value_font, fill=color, anchor="rm")


def chart_bars(panel: Box, moves: Sequence[IndexMove]) -> list[tuple[str, float, Box]]:
    """Where each bar goes in the chart panel: (symbol, value, box). Shared with the tests."""
    x0, y0, x1, _ = panel
    zero = (x0 + x1) // 2
    reach = (x1 - x0) // 2 - 90 - 480  # leave room for the value label at the bar's end
    scale = max([abs(m.change_pct) for m in moves] + [0.5])
    out: list[tuple[str, float, Box]] = []
    for i, move in enumerate(moves):
        symbol, value = move.symbol, move.change_pct
        top = y0 + 250 + 230 * i
        # The ratio first (at most 1): reach * value could overflow for an absurd value.
        length = max(16, round(reach * (min(abs(value), scale) / scale)))
        box = (zero, top, zero + length, top + 120)
        if value < 0:
            box = (zero - length, top, zero, top + 120)
        out.append((symbol, value, box))
    return out


def episode_chart_panel(n_moves: int) -> Box:
    """The chart panel's box in episode art for `n_moves` bars (for tests and other layouts)."""
    panel_h = 300 + 230 * n_moves
    return (MARGIN, SIZE - MARGIN - panel_h, SIZE - MARGIN, SIZE - MARGIN)


def _draw_fitted(
    draw: ImageDraw.ImageDraw,
    text: str,
    box: Box,
    sizes: tuple[int, int],
    max_lines: int,
    valign: str = "bottom",
) -> int:
    """Bold white text wrapped into `box` at the largest size that fits without breaking a word;
    returns the top of the text block. Words are split, and the last line ellipsized, only at
    the smallest size."""
    x0, y0, x1, y1 = box
    width, height = x1 - x0, y1 - y0
    max_size, min_size = sizes
    size = max_size
    while True:
        font = _font(size, bold=True)
        leading = round(size * 1.14)
        lines, split = _wrap(text, font, width, max_lines)
        fits = not split and len(lines) <= max_lines and leading * len(lines) <= height
        if fits or size <= min_size:
            break
        size = max(min_size, size - 10)
    keep = max(1, min(max_lines, height // leading))
    if len(lines) > keep:
        lines = [*lines[: keep - 1], _ellipsize(" ".join(lines[keep - 1 :]), font, width)]
    block = leading * len(lines)
    top = y1 - block if valign == "bottom" else y0 + (height - block) // 2
    for i, line in enumerate(lines):
        baseline = top + leading * i + round(size * 0.92)
        draw.text((x0, baseline), line, font=font, fill=WHITE, anchor="ls")
    return top


def _wrap(text: str, font: Font, width: int, limit: int = 8) -> tuple[list[str], bool]:
    """Greedy word wrap into at most `limit` + 1 lines (the rest is dropped: the caller
    ellipsizes); a word wider than the line is split by characters, and the flag says so."""
    lines: list[str] = []
    line = ""
    split = False
    for word in text.split():
        if len(lines) > limit:
            break
        candidate = f"{line} {word}" if line else word
        if font.getlength(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = word
        while font.getlength(line) > width and len(lines) <= limit:
            split = True
            lo, hi = 1, len(line) - 1  # the longest prefix that fits, by bisection
            while lo < hi:
                mid = (lo + hi + 1) // 2
                if font.getlength(line[:mid]) <= width:
                    lo = mid
                else:
                    hi = mid - 1
            lines.append(line[:lo])
            line = line[lo:]
    if line and len(lines) <= limit:
        lines.append(line)
    return lines or [""], split


def _ellipsize(text: str, font: Font, width: int) -> str:
    if font.getlength(text) <= width:
        return text
    lo, hi = 0, len(text)  # the longest prefix that fits with the ellipsis, by bisection
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if font.getlength(text[:mid].rstrip() + "…") <= width:
            lo = mid
        else:
            hi = mid - 1
    text = text[:lo]
    return text.rstrip() + "…"


def _fit_line(text: str, max_size: int, min_size: int, width: int) -> tuple[str, Font]:
    size = max_size
    font = _font(size, bold=True)
    while size > min_size and font.getlength(text) > width:
        size -= 4
        font = _font(size, bold=True)
    return _ellipsize(text, font, width), font


def _clean(text: str) -> str:
    """One line of printable text: control and format characters out, whitespace collapsed."""
    kept = (" " if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch for ch in text)
    return " ".join("".join(kept).split())


# ---------------------------------------------------------------------------------------------
# Fonts and encoding


@functools.lru_cache(maxsize=1)
def _font_dir() -> Path | None:
    """The folder holding DejaVu Sans (fonts-dejavu-core), or None to use Pillow's own font."""
    for folder in _FONT_DIRS:
        if all((folder / name).is_file() for name in _FONT_FILES.values()):
            return folder
    return None


@functools.lru_cache(maxsize=64)
def _font(size: int, bold: bool) -> Font:
    folder = _font_dir()
    if folder is not None:
        try:
            return ImageFont.truetype(
                str(folder / _FONT_FILES[bold]), size, layout_engine=ImageFont.Layout.BASIC
            )
        except OSError:
            pass
    return ImageFont.load_default(size=size)


def _minus() -> str:
    return "−" if _font_dir() is not None else "-"


def _png(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=False, compress_level=PNG_COMPRESS_LEVEL)
    return buf.getvalue()
