"""The recaps waiting in the inbox folder, in sorted order, each with its quotes CSV if any.

Only the folder's own entries are read (no sub-folders) and nothing in it is ever written, moved or
deleted. Hidden files, editor backups and half-written downloads are ignored; `X.quotes.csv` goes
with the recap whose name without its extension is X. A symlink is followed only when it stays
inside the inbox, and only regular files are read (a FIFO or a device would block or never end).
Every other file is listed too, with the reason it cannot be read, so the run reports it.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from podcast.errors import InputError
from podcast.ingest.sniff import FORMAT_BY_EXTENSION, SUPPORTED

QUOTES_SUFFIX = ".quotes.csv"
IN_PROGRESS = (".tmp", ".part", ".partial", ".crdownload", ".swp")
_CHUNK = 1 << 20


@dataclass(frozen=True)
class InboxItem:
    """One recap file. `problem` is why it cannot be rendered (a one-line message), or None."""

    name: str
    path: Path
    quotes: Path | None = None
    problem: str | None = None


@dataclass(frozen=True)
class Inbox:
    items: tuple[InboxItem, ...]
    ignored: tuple[tuple[str, str], ...] = field(default=())  # (name, why)


def printable(name: str) -> str:
    """A file name safe to print on one line: control and invisible characters escaped."""
    if name.isprintable():
        return name
    return "".join(c if c.isprintable() else _escape(c) for c in name)


def _escape(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte of the file name (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _regular_inside(path: Path, inbox: Path, what: str) -> str | None:
    """None when `path` is (or links, inside the inbox, to) a regular file; else the problem."""
    shown = printable(path.name)
    try:
        st = path.lstat()
        if stat.S_ISLNK(st.st_mode):
            target = path.resolve(strict=True)
            if not target.is_relative_to(inbox):
                return (
                    f"{what} {shown} is a symlink to {printable(str(target))}, outside the inbox; "
                    "it is not followed: copy the file into the inbox instead"
                )
            st = target.stat()
    except (OSError, RuntimeError) as exc:  # broken link, loop, permission
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "a symlink loop"
        return f"{what} {shown} cannot be opened ({reason}); fix or remove it"
    if not stat.S_ISREG(st.st_mode):
        return f"{what} {shown} is not a regular file; put saved files in the inbox"
    return None


def _bad_name(name: str) -> str | None:
    """Why a file name cannot become a catalog entry and a log field, or None."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return f"the file name '{printable(name)}' is not valid UTF-8; rename the file"
    if not name.isprintable():
        return f"the file name '{printable(name)}' holds control characters; rename the file"
    return None


def _unsupported(name: str) -> str:
    ext = Path(name).suffix.lower()
    kind = f"'{ext}'" if ext else "a file without an extension"
    return f"recap {printable(name)}: unsupported format {kind}; the inbox takes {SUPPORTED}"


def _ignored_reason(name: str) -> str | None:
    if name.startswith("."):
        return "hidden"
    if name.endswith("~"):
        return "editor backup"
    if name.lower().endswith(IN_PROGRESS):
        return "still being written"
    return None


def list_recaps(inbox: Path) -> Inbox:
    """Every recap in `inbox` (sorted by name), with the files it ignores and why."""
    try:
        root = inbox.resolve(strict=True)
        if not root.is_dir():
            raise NotADirectoryError(inbox)
        names = sorted(os.listdir(root))
    except NotADirectoryError:
        raise InputError(f"the inbox {inbox} is not a folder; pass --inbox DIR") from None
    except OSError as exc:
        raise InputError(
            f"cannot read the inbox {inbox} ({exc.strerror or exc}); check the path and its "
            "permissions"
        ) from None
    items: list[InboxItem] = []
    ignored: list[tuple[str, str]] = []
    present = set(names)
    for name in names:
        path = root / name
        reason = _ignored_reason(name)
        if reason is None and path.is_dir() and not path.is_symlink():
            reason = "a folder (the inbox is not read recursively)"
        if reason is None and name.endswith(QUOTES_SUFFIX):
            stem = name[: -len(QUOTES_SUFFIX)]
            if not any(Path(n).stem == stem and n != name for n in present):
                ignored.append((name, "a quotes file with no recap of the same name"))
            continue
        if reason is not None:
            ignored.append((name, reason))
            continue
        problem = _bad_name(name) or _regular_inside(path, root, "recap")
        quotes: Path | None = None
        if problem is None and Path(name).suffix.lower() not in FORMAT_BY_EXTENSION:
            problem = _unsupported(name)
        quotes_name = f"{Path(name).stem}{QUOTES_SUFFIX}"
        if quotes_name in present:
            quotes = root / quotes_name
            problem = problem or _regular_inside(quotes, root, "quotes file")
        items.append(InboxItem(name=name, path=path, quotes=quotes, problem=problem))
    return Inbox(tuple(items), tuple(ignored))


def content_hash(item: InboxItem) -> str:
    """SHA-256 of the recap's bytes then its quotes' bytes: the same value as
    `pipeline.content_hash(article, quotes)`, which the catalog stores, read in chunks."""
    digest = hashlib.sha256()
    for path in (item.path, item.quotes):
        if path is None:
            continue
        with open(path, "rb") as fh:
            while chunk := fh.read(_CHUNK):
                digest.update(chunk)
    return digest.hexdigest()
