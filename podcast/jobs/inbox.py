"""The recaps waiting in the inbox folder, in sorted order, each with its quotes CSV if any.

Only the folder's own entries are read (no sub-folders) and nothing in it is ever written, moved or
deleted. Hidden files, editor backups and half-written downloads are ignored; `X.quotes.csv` goes
with the recap whose name without its extension is X. A symlink is followed only when it stays
inside the inbox, and only regular files are read (a FIFO or a device would block or never end).
Every other file is listed too, with the reason it cannot be read, so the run reports it.

A CMS that copies in place (scp, a network share) leaves a half-written recap under its final
name for a while: `settled` holds back a file modified within the last `min_age_s` seconds, or
whose size or mtime changes between two looks one pause apart; the next run picks it up.
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from podcast.errors import InputError
from podcast.ingest.sniff import FORMAT_BY_EXTENSION, SUPPORTED
from podcast.util import files
from podcast.util.env import env_float
from podcast.util.text import printable

QUOTES_SUFFIX = ".quotes.csv"
IN_PROGRESS = (".tmp", ".part", ".partial", ".crdownload", ".swp")
DEFAULT_MIN_AGE_S = 60.0
DEFAULT_SETTLE_PAUSE_S = 1.0
MIN_AGE_ENV = "PODCAST_INBOX_MIN_AGE_S"
SETTLE_PAUSE_ENV = "PODCAST_INBOX_SETTLE_S"


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
    """The recap's and its quotes' content hash, as `podcast render` stores it in the catalog."""
    return files.content_hash(item.path, item.quotes)


def default_min_age_s() -> float:
    """How old (by mtime) a recap must be before it is rendered: $PODCAST_INBOX_MIN_AGE_S, else
    60 s."""
    return env_float(MIN_AGE_ENV, DEFAULT_MIN_AGE_S)


def settle_pause_s() -> float:
    """The pause between the two looks at the inbox: $PODCAST_INBOX_SETTLE_S, else 1 s."""
    return env_float(SETTLE_PAUSE_ENV, DEFAULT_SETTLE_PAUSE_S)


def _look(item: InboxItem) -> tuple[tuple[int, int], ...] | None:
    """(size, mtime_ns) of the recap and of its quotes file, or None when one cannot be read."""
    try:
        return tuple(
            (st.st_size, st.st_mtime_ns)
            for st in (p.stat() for p in (item.path, item.quotes) if p is not None)
        )
    except OSError:
        return None


def settled(
    items: Sequence[InboxItem],
    min_age_s: float,
    pause_s: float,
    *,
    clock: Callable[[], float] = time.time,
    sleep: Callable[[float], None] = time.sleep,
) -> tuple[list[InboxItem], list[tuple[str, str]]]:
    """(the items to render, [(name, why)] of those still being written). A recap (or its
    quotes file) modified less than `min_age_s` ago, or in the future, waits; the others are
    looked at twice, `pause_s` apart (one pause for the whole inbox), and one whose size or mtime
    changed waits too. Items with a problem, or that cannot be read, pass: the run reports them.
    """
    ready: list[InboxItem] = []
    waiting: list[tuple[str, str]] = []
    first: dict[str, tuple[tuple[int, int], ...]] = {}
    now = clock()
    for item in items:
        look = None if item.problem is not None else _look(item)
        if look is None:
            ready.append(item)
            continue
        age = now - max(mtime for _, mtime in look) / 1e9
        if age < min_age_s:
            when = f"{age:.0f} s ago" if age >= 0 else "in the future (check the clocks)"
            waiting.append(
                (
                    item.name,
                    f"modified {when}, less than {min_age_s:g} s: it may still be being written; "
                    "a later run picks it up",
                )
            )
            continue
        first[item.name] = look
        ready.append(item)
    if not first:
        return ready, waiting
    if pause_s > 0:
        sleep(pause_s)
    kept: list[InboxItem] = []
    for item in ready:
        if item.name in first and _look(item) != first[item.name]:
            waiting.append(
                (
                    item.name,
                    f"its size or modification time changed within {pause_s:g} s: it is still "
                    "being written; a later run picks it up",
                )
            )
        else:
            kept.append(item)
    return kept, waiting
