"""Text safe to print on one line of a terminal or a log: control characters escaped."""

from __future__ import annotations


def printable(text: str) -> str:
    """`text` with control and invisible characters escaped (ESC as \\x1b, a newline as \\x0a,
    an undecodable byte of a file name as \\xNN), so it cannot move the cursor, recolour the
    terminal or forge a second log line."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else _escape(c) for c in text)


def _escape(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte of the file name (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
