"""The episode history in STATE/catalog.sqlite: feed.xml and index.html are rebuilt from it."""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import hashlib
import json
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import astuple, dataclass, fields, replace
from pathlib import Path
from types import TracebackType

from podcast.errors import PublishError

# Numbered migrations, applied in order; never edit one that has shipped, add the next instead.
MIGRATIONS: tuple[tuple[int, str], ...] = (
    (
        1,
        """
        CREATE TABLE episodes (
            episode_id      TEXT PRIMARY KEY,
            guid            TEXT NOT NULL UNIQUE,
            date            TEXT NOT NULL,
            slug            TEXT NOT NULL,
            title           TEXT NOT NULL,
            summary         TEXT NOT NULL,
            notes_html      TEXT NOT NULL,
            mp3_path        TEXT NOT NULL,
            mp3_bytes       INTEGER NOT NULL,
            duration_s      REAL NOT NULL,
            pub_date        TEXT NOT NULL,
            episode_number  INTEGER NOT NULL UNIQUE,
            content_hash    TEXT NOT NULL,
            source_name     TEXT NOT NULL,
            transcript_path TEXT,
            chapters_path   TEXT
        );
        CREATE INDEX episodes_by_date ON episodes (date DESC, episode_number DESC);
        """,
    ),
    (
        2,
        "ALTER TABLE episodes ADD COLUMN image_path TEXT;"
        "ALTER TABLE episodes ADD COLUMN chapters TEXT NOT NULL DEFAULT '[]'",
    ),
    (
        3,
        # What an unchanged re-render needs to be recognised and answered without rendering:
        # the keys it was made with, every file it wrote (path, size, SHA-256), its measures,
        # and the show files (feed, pages, cover, static) as the last publish left them.
        "ALTER TABLE episodes ADD COLUMN render_key TEXT;"
        "ALTER TABLE episodes ADD COLUMN settings_key TEXT;"
        "ALTER TABLE episodes ADD COLUMN files TEXT NOT NULL DEFAULT '[]';"
        "ALTER TABLE episodes ADD COLUMN lufs REAL;"
        "ALTER TABLE episodes ADD COLUMN true_peak_db REAL;"
        "ALTER TABLE episodes ADD COLUMN speech_end_s REAL;"
        "ALTER TABLE episodes ADD COLUMN segments TEXT NOT NULL DEFAULT '[]';"
        "ALTER TABLE episodes ADD COLUMN chapter_sections TEXT NOT NULL DEFAULT '[]';"
        "CREATE TABLE show_files ("
        "path TEXT PRIMARY KEY, bytes INTEGER NOT NULL, sha256 TEXT NOT NULL)",
    ),
    (
        4,
        # The lighter rendition the feed lists as podcast:alternateEnclosure (JSON, or NULL):
        # its size and SRI hash are kept here so the feed never re-reads the audio.
        "ALTER TABLE episodes ADD COLUMN alternate TEXT",
    ),
)
SCHEMA_VERSION = MIGRATIONS[-1][0]


@dataclass(frozen=True)
class Rendition:
    """A lighter rendition of an episode's audio as published (podcast:alternateEnclosure):
    its path relative to OUT, media type and RFC 6381 codecs, size in bytes, average bitrate
    in bits per second, and SRI integrity ("sha256-<base64>") of the published bytes."""

    path: str
    media_type: str
    codecs: str
    size: int
    bitrate_bps: int
    integrity: str

    @classmethod
    def of(
        cls, path: str, data: bytes, *, media_type: str, codecs: str, duration_s: float
    ) -> Rendition:
        digest = base64.b64encode(hashlib.sha256(data).digest()).decode("ascii")
        bitrate = round(len(data) * 8 / duration_s) if duration_s > 0 else 0
        return cls(path, media_type, codecs, len(data), bitrate, f"sha256-{digest}")

    def to_json(self) -> str:
        return json.dumps([self.path, self.media_type, self.codecs, self.size,
                           self.bitrate_bps, self.integrity])  # fmt: skip

    @classmethod
    def from_json(cls, text: str) -> Rendition:
        path, media_type, codecs, size, bitrate, integrity = json.loads(text)
        return cls(str(path), str(media_type), str(codecs), int(size), int(bitrate), str(integrity))


@dataclass(frozen=True)
class FileEntry:
    """A published file as written: its path relative to OUT ('/'), size and SHA-256."""

    path: str
    size: int
    sha256: str

    @classmethod
    def of(cls, path: str, data: bytes) -> FileEntry:
        return cls(path, len(data), hashlib.sha256(data).hexdigest())


@dataclass(frozen=True)
class EpisodeRecord:
    """One published episode as the catalog keeps it. Paths are relative to OUT, with '/'."""

    episode_id: str
    guid: str
    date: dt.date
    slug: str
    title: str
    summary: str
    notes_html: str
    mp3_path: str
    mp3_bytes: int
    duration_s: float
    pub_date: dt.datetime
    episode_number: int
    content_hash: str
    source_name: str
    transcript_path: str | None = None
    chapters_path: str | None = None
    image_path: str | None = None
    chapters: tuple[tuple[float, str], ...] = ()  # (start seconds, title), for inline chapters
    # Since schema 3, for the unchanged-render short cut (pipeline.render); None/() before it.
    render_key: str | None = None  # renderkey.render_key: inputs and settings
    settings_key: str | None = None  # renderkey.settings_key: settings only (the nightly's)
    files: tuple[FileEntry, ...] = ()  # every file of the episode folder this publish wrote
    lufs: float | None = None
    true_peak_db: float | None = None
    speech_end_s: float | None = None
    segments: tuple[tuple[str, float, int], ...] = ()  # (voice, duration_s, sample_rate)
    chapter_sections: tuple[str, ...] = ()  # the section of each of `chapters`
    alternate: Rendition | None = None  # since schema 4: the lighter audio, where published


_COLUMNS = tuple(f.name for f in fields(EpisodeRecord))
# What only the unchanged-render short cut reads: left out of the listing (feed, pages), whose
# 1,000 records would otherwise each parse a segment list they never use.
# chapter_sections stays in the listing: the feed's podcast:soundbite finds its chapter by it.
_SHORT_CUT = frozenset(
    {"render_key", "settings_key", "files", "lufs", "true_peak_db", "speech_end_s", "segments"}
)  # fmt: skip
_LISTING = tuple(c for c in _COLUMNS if c not in _SHORT_CUT)


def _to_row(record: EpisodeRecord) -> tuple[object, ...]:
    if record.pub_date.tzinfo is None:
        raise PublishError(f"episode {record.episode_id}: pub_date must be timezone-aware")
    values = dict(zip(_COLUMNS, astuple(record), strict=True))
    values["date"] = record.date.isoformat()
    values["pub_date"] = record.pub_date.isoformat()
    values["chapters"] = json.dumps([[start, title] for start, title in record.chapters])
    values["files"] = json.dumps([[f.path, f.size, f.sha256] for f in record.files])
    values["segments"] = json.dumps([list(s) for s in record.segments])
    values["chapter_sections"] = json.dumps(list(record.chapter_sections))
    values["alternate"] = None if record.alternate is None else record.alternate.to_json()
    return tuple(values[c] for c in _COLUMNS)


def _from_row(row: Sequence[object], columns: Sequence[str] = _COLUMNS) -> EpisodeRecord:
    v = dict(zip(columns, row, strict=True))
    record = EpisodeRecord(
        episode_id=str(v["episode_id"]),
        guid=str(v["guid"]),
        date=dt.date.fromisoformat(str(v["date"])),
        slug=str(v["slug"]),
        title=str(v["title"]),
        summary=str(v["summary"]),
        notes_html=str(v["notes_html"]),
        mp3_path=str(v["mp3_path"]),
        mp3_bytes=int(v["mp3_bytes"]),  # type: ignore[call-overload]
        duration_s=float(v["duration_s"]),  # type: ignore[arg-type]
        pub_date=dt.datetime.fromisoformat(str(v["pub_date"])),
        episode_number=int(v["episode_number"]),  # type: ignore[call-overload]
        content_hash=str(v["content_hash"]),
        source_name=str(v["source_name"]),
        transcript_path=None if v["transcript_path"] is None else str(v["transcript_path"]),
        chapters_path=None if v["chapters_path"] is None else str(v["chapters_path"]),
        image_path=None if v["image_path"] is None else str(v["image_path"]),
        chapters=tuple((float(a), str(b)) for a, b in json.loads(str(v["chapters"]))),
        chapter_sections=tuple(str(s) for s in json.loads(str(v["chapter_sections"]))),
        alternate=None if v["alternate"] is None else Rendition.from_json(str(v["alternate"])),
    )
    if "render_key" not in v:
        return record
    return replace(
        record,
        render_key=None if v["render_key"] is None else str(v["render_key"]),
        settings_key=None if v["settings_key"] is None else str(v["settings_key"]),
        files=tuple(FileEntry(str(p), int(n), str(h)) for p, n, h in json.loads(str(v["files"]))),
        lufs=_optional_float(v["lufs"]),
        true_peak_db=_optional_float(v["true_peak_db"]),
        speech_end_s=_optional_float(v["speech_end_s"]),
        segments=tuple(
            (str(voice), float(d), int(sr)) for voice, d, sr in json.loads(str(v["segments"]))
        ),
    )


def _optional_float(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]


class Catalog:
    """The sqlite catalog of published episodes. Use as a context manager, or call close()."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._in_transaction = False
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # Autocommit mode: every write below opens its own explicit transaction.
            self._conn = sqlite3.connect(path, isolation_level=None, timeout=30.0)
        except (OSError, sqlite3.Error) as exc:
            raise PublishError(
                f"cannot open the catalog {path} ({exc}); check the folder"
            ) from None
        try:
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except sqlite3.Error as exc:
            self._conn.close()
            raise PublishError(
                f"the catalog {path} is unreadable ({exc}); restore it or move it aside"
            ) from None
        except BaseException:
            self._conn.close()
            raise

    def __enter__(self) -> Catalog:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._conn.close()

    @property
    def schema_version(self) -> int:
        row = self._conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
        return int(row[0] or 0)

    def _migrate(self) -> None:
        self._conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_version ("
            "version INTEGER PRIMARY KEY, applied TEXT NOT NULL)"
        )
        current = self.schema_version
        if current > SCHEMA_VERSION:
            raise PublishError(
                f"the catalog {self.path} has schema version {current}, newer than this program's "
                f"{SCHEMA_VERSION}; upgrade recap-podcast"
            )
        for version, sql in MIGRATIONS:
            if version <= current:
                continue
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                # Re-check under the write lock: another process may have migrated meanwhile.
                if self.schema_version >= version:
                    self._conn.execute("ROLLBACK")
                    continue
                for statement in sql.split(";"):
                    if statement.strip():
                        self._conn.execute(statement)
                self._conn.execute(
                    "INSERT INTO schema_version (version, applied) VALUES (?, ?)",
                    (version, f"migration {version}"),
                )
                self._conn.execute("COMMIT")
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction (BEGIN IMMEDIATE) for the block: what it reads (the next
        episode number) and writes commit together, or roll back on an exception."""
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise PublishError(f"cannot write the catalog {self.path} ({exc})") from None
        self._in_transaction = True
        try:
            yield
            try:
                self._conn.execute("COMMIT")
            except sqlite3.Error as exc:
                raise PublishError(f"cannot write the catalog {self.path} ({exc})") from None
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                self._conn.execute("ROLLBACK")
            raise
        finally:
            self._in_transaction = False

    def upsert(self, record: EpisodeRecord) -> None:
        """Insert or replace the record with this episode_id, in one transaction (the caller's,
        inside `transaction()`).

        An identical record is not written again, so re-publishing leaves the file untouched.
        """
        if not self._in_transaction:
            with self.transaction():
                self.upsert(record)
            return
        row = _to_row(record)
        placeholders = ", ".join("?" for _ in _COLUMNS)
        updates = ", ".join(f"{c} = excluded.{c}" for c in _COLUMNS if c != "episode_id")
        try:
            if self.get(record.episode_id) == record:
                return
            self._conn.execute(
                f"INSERT INTO episodes ({', '.join(_COLUMNS)}) VALUES ({placeholders}) "  # noqa: S608
                f"ON CONFLICT (episode_id) DO UPDATE SET {updates}",
                row,
            )
        except sqlite3.Error as exc:
            raise PublishError(
                f"cannot record episode {record.episode_id} in {self.path} ({exc})"
            ) from None

    def get(self, episode_id: str) -> EpisodeRecord | None:
        row = self._conn.execute(
            f"SELECT {', '.join(_COLUMNS)} FROM episodes WHERE episode_id = ?",  # noqa: S608
            (episode_id,),
        ).fetchone()
        return None if row is None else _from_row(row)

    def all_newest_first(self) -> list[EpisodeRecord]:
        """Every episode for the listing (feed, pages), newest first: without what only the
        unchanged-render short cut reads (`get` has all of it)."""
        rows = self._conn.execute(
            f"SELECT {', '.join(_LISTING)} FROM episodes "  # noqa: S608
            "ORDER BY date DESC, episode_number DESC"
        ).fetchall()
        records = [_from_row(r, _LISTING) for r in rows]
        # pub_date carries the offset, so sort on the instant; the SQL order breaks ties.
        records.sort(key=lambda r: r.pub_date, reverse=True)
        return records

    def titles_on(self, date: dt.date, *, besides: str) -> set[str]:
        """Titles of the other episodes published for `date`."""
        rows = self._conn.execute(
            "SELECT title FROM episodes WHERE date = ? AND episode_id != ?",
            (date.isoformat(), besides),
        ).fetchall()
        return {str(r[0]) for r in rows}

    def next_episode_number(self) -> int:
        row = self._conn.execute("SELECT MAX(episode_number) FROM episodes").fetchone()
        return int(row[0] or 0) + 1

    def record_show_files(self, entries: Sequence[FileEntry]) -> None:
        """The show files (feed, pages, cover, static) as this publish wrote them, replacing the
        last publish's list; call in the publish's transaction."""
        try:
            self._conn.execute("DELETE FROM show_files")
            self._conn.executemany(
                "INSERT INTO show_files (path, bytes, sha256) VALUES (?, ?, ?)",
                [(e.path, e.size, e.sha256) for e in entries],
            )
        except sqlite3.Error as exc:
            raise PublishError(f"cannot record the show files in {self.path} ({exc})") from None

    def show_files(self) -> tuple[FileEntry, ...]:
        return _show_files(self._conn)


def _show_files(conn: sqlite3.Connection) -> tuple[FileEntry, ...]:
    rows = conn.execute("SELECT path, bytes, sha256 FROM show_files ORDER BY path").fetchall()
    return tuple(FileEntry(str(p), int(n), str(h)) for p, n, h in rows)


def read_published(
    path: Path, episode_id: str
) -> tuple[EpisodeRecord, tuple[FileEntry, ...]] | None:
    """The episode's record and the show files, read without writing anything: no migration,
    no lock, no -wal or -shm file left behind (a catalog whose last writer closed it has no
    -wal: it is read as an immutable file). None when there is no such catalog or episode, or
    the catalog is of another schema (a real render migrates it)."""
    if not path.is_file():
        return None
    side = path.with_name(path.name + "-wal")
    mode = "ro" if side.exists() else "ro&immutable=1"  # a writer is open (or died): read it all
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode={mode}", uri=True, timeout=5.0)
    except sqlite3.Error:
        return None
    try:
        version = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0]
        if version != SCHEMA_VERSION:
            return None
        row = conn.execute(
            f"SELECT {', '.join(_COLUMNS)} FROM episodes WHERE episode_id = ?",  # noqa: S608
            (episode_id,),
        ).fetchone()
        return None if row is None else (_from_row(row), _show_files(conn))
    except sqlite3.Error:
        return None
    finally:
        conn.close()
