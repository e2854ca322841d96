"""Byte-level checks and format detection, so a bad file fails in one line before any parser."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

from podcast.errors import InputError
from podcast.ingest.clean import strip_invisible

__all__ = [
    "FORMAT_BY_EXTENSION",
    "MAX_BYTES",
    "SUPPORTED",
    "Source",
    "check_no_dtd",
    "detect_format",
    "load",
    "read_text_file",
]

MAX_BYTES = 2 * 1024 * 1024
FORMAT_BY_EXTENSION: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".mkd": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".json": "json",
}
SUPPORTED = (
    ".txt (page text), .md (Markdown with front matter), .html/.htm (page), .json (CMS export)"
)
_KNOWN_OTHER = {
    ".pdf": "a PDF", ".doc": "a Word document", ".docx": "a Word document",
    ".odt": "an OpenDocument file", ".rtf": "an RTF document", ".pages": "a Pages document",
    ".xls": "a spreadsheet", ".xlsx": "a spreadsheet", ".csv": "a CSV table", ".tsv": "a TSV table",
    ".xml": "an XML file", ".rss": "an RSS feed", ".epub": "an e-book", ".zip": "a ZIP archive",
    ".gz": "a gzip archive", ".png": "an image", ".jpg": "an image", ".jpeg": "an image",
    ".gif": "an image", ".webp": "an image", ".mp3": "audio", ".wav": "audio", ".m4a": "audio",
    ".mp4": "a video", ".yaml": "a YAML file", ".yml": "a YAML file", ".toml": "a TOML file",
}  # fmt: skip
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF"),
    (b"PK\x03\x04", "a ZIP archive (.docx/.xlsx/.epub?)"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
    (b"{\\rtf", "an RTF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"ID3", "an MP3 file"),
    (b"RIFF", "a RIFF (WAV/WebP) file"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "a program"),
    (b"SQLite format 3\x00", "an SQLite database"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_DTD = re.compile(r"<!DOCTYPE[^>\[]*\[|<!ENTITY", re.IGNORECASE)
# A front matter's opening line ("---" YAML, "+++" TOML) and a "key: value" / "key = value" line.
_FRONT_MATTER = re.compile(r"\A(?:-{3,}|\+{3})[ \t]*\r?\n[ \t]*[A-Za-z_][\w.-]{0,60}[ \t]*[:=]")
_HTML_START = re.compile(
    r"<(?:!doctype\s+html|html|head|body|article|main|section|div|p|h[1-6])\b", re.IGNORECASE
)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")  # Cc without \t \n \v \f \r
_MD_HEADING = re.compile(r"^#{1,6}[ \t]+\S", re.MULTILINE)


@dataclass(frozen=True)
class Source:
    """A recap file's text, decoded and checked, with the format it will be read as."""

    path: Path
    text: str
    fmt: str


def _read_bytes(path: Path, what: str) -> bytes:
    """At most MAX_BYTES + 1 bytes of a regular, non-empty file."""
    name = str(path)
    if not path.exists():
        raise InputError(f"{what} {name} does not exist; check the path")
    if path.is_dir():
        raise InputError(f"{what} {name} is a directory; pass the file itself")
    if not path.is_file():
        raise InputError(f"{what} {name} is not a regular file; pass a saved file")
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise InputError(
            f"cannot read {what} {name} ({exc.strerror}); check its permissions"
        ) from exc
    if len(data) > MAX_BYTES:
        raise InputError(
            f"{what} {name} is larger than {MAX_BYTES // (1024 * 1024)} MB; "
            "pass the article alone, not a site dump"
        )
    if not data:
        raise InputError(f"{what} {name} is empty; pass a file with the recap's text")
    return data


def _decode(data: bytes, name: str, what: str) -> str:
    """UTF-8 (BOM optional) or UTF-16/32 with a BOM; binary content is refused."""
    encoding = "utf-8"
    for bom, enc in _BOMS:
        if data.startswith(bom):
            data, encoding = data[len(bom) :], enc
            break
    else:
        for magic, label in _MAGIC:
            if data.startswith(magic):
                raise InputError(
                    f"{what} {name} looks like {label}, not text; supported formats: {SUPPORTED}"
                )
        if b"\x00" in data:
            raise InputError(f"{what} {name} is binary (it contains NUL bytes); pass a text file")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        byte = exc.object[exc.start : exc.start + 1].hex().upper()
        raise InputError(
            f"{what} {name} is not valid {encoding.upper()} (byte 0x{byte} at offset {exc.start}); "
            "re-save it as UTF-8"
        ) from exc
    controls = len(_CONTROL.findall(text))
    if controls > max(8, len(text) // 10):
        raise InputError(f"{what} {name} is binary (mostly control characters); pass a text file")
    return text


def read_text_file(path: Path, what: str = "recap") -> str:
    """The file's text after every byte-level check; raises InputError with one line otherwise."""
    text = _decode(_read_bytes(path, what), str(path), what)
    if not strip_invisible(text).strip():
        raise InputError(
            f"{what} {path} contains only whitespace or invisible characters; add the text"
        )
    return text


def check_no_dtd(text: str, where: str) -> None:
    """Refuse DOCTYPE internal subsets and entity declarations (billion laughs, XXE)."""
    if _DTD.search(text):
        raise InputError(
            f"{where} declares DTD entities (<!ENTITY> or a DOCTYPE [...] subset), which are "
            "never expanded; remove them and use a plain <!DOCTYPE html>"
        )


def detect_format(path: Path, text: str) -> str:
    """ "text", "markdown", "html" or "json": by extension, else by sniffing the content."""
    ext = path.suffix.lower()
    head = text.lstrip("\ufeff \t\r\n")[:4096]
    if ext in FORMAT_BY_EXTENSION:
        fmt = FORMAT_BY_EXTENSION[ext]
        # Text that opens with a front matter is Markdown's: its fields are never read aloud.
        return "markdown" if fmt == "text" and _FRONT_MATTER.match(head) else fmt
    if ext in _KNOWN_OTHER:
        raise InputError(
            f"unsupported format '{ext}' ({_KNOWN_OTHER[ext]}) for {path}; "
            f"supported formats: {SUPPORTED}"
        )
    if head.startswith(("{", "[")):
        return "json"
    if _FRONT_MATTER.match(head):
        return "markdown"
    if _HTML_START.match(head) or (head.lower().startswith("<?xml") and "<html" in head.lower()):
        return "html"
    if head.startswith("<"):
        raise InputError(
            f"{path} looks like markup that is not an HTML page; supported formats: {SUPPORTED}"
        )
    if _MD_HEADING.search(text[:20000]):
        return "markdown"
    return "text"


def load(path: Path) -> Source:
    """Read, validate and classify a recap file."""
    path = Path(path)
    text = read_text_file(path)
    fmt = detect_format(path, text)
    if fmt == "html":
        check_no_dtd(text, f"HTML file {path}")
    return Source(path=path, text=text, fmt=fmt)
