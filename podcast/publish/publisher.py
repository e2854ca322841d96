"""Publish one episode into OUT: its folder, the catalog, index.html, and feed.xml last, all under
OUT's publish lock (the one-writer critical section; see publish/statedir.py).

Every file goes through `write_bytes` (temp name + os.replace, skipped when the bytes are already
there), so a reader never sees half a file and re-publishing an unchanged episode changes nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

from podcast.config import ShowConfig
from podcast.errors import PublishError
from podcast.models import Episode, Published
from podcast.publish.catalog import Catalog, EpisodeRecord
from podcast.publish.feed import render_feed
from podcast.publish.ids import FEED_NAME, episode_guid, pub_date
from podcast.publish.pages import STATIC, render_embed, render_index
from podcast.publish.statedir import CATALOG_NAME, PUBLISH_WAIT_S, prepare_state, publish_lock
from podcast.util.atomic import write_bytes, write_text

EPISODE_ID = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}-[a-z0-9]+(-[a-z0-9]+)*")
EXTRA_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
INDEX_NAME = "index.html"
MP3_NAME = "episode.mp3"
SCRIPT_NAME = "script.json"
EMBED_NAME = "embed.html"
TRANSCRIPT_NAME = "transcript.vtt"
COVER_NAME = "cover.png"
CHAPTERS_NAME = "chapters.json"
IMAGE_NAME = "episode.png"
RESERVED = frozenset({MP3_NAME, SCRIPT_NAME, EMBED_NAME})


def versioned_mp3_name(data: bytes) -> str:
    """A write-once name from the audio's content: a corrected episode gets a new URL, while
    the old file stays for the apps that already downloaded or cached it."""
    return f"episode-{hashlib.sha256(data).hexdigest()[:12]}.mp3"


def distinct_title(title: str, taken: set[str]) -> str:
    """The title, or "title (Part N)" when another episode of the same day already has it."""
    if title not in taken:
        return title
    n = 2
    while f"{title} (Part {n})" in taken:
        n += 1
    return f"{title} (Part {n})"


def _inside(out: Path, *parts: str) -> Path:
    """out/parts, resolved, refused unless it stays inside out."""
    path = out.joinpath(*parts).resolve()
    if path == out or not path.is_relative_to(out):
        raise PublishError(f"refusing to write {'/'.join(parts)!r}: it would land outside {out}")
    return path


def _relative(out: Path, path: Path) -> str:
    return path.relative_to(out).as_posix()


def _check_episode_id(episode_id: str) -> None:
    if not EPISODE_ID.fullmatch(episode_id):
        raise PublishError(
            f"episode id {episode_id!r} is not YYYY-MM-DD-slug (lowercase letters, digits and "
            "single hyphens); fix the recap's slug"
        )


def _check_extra_names(extra_files: dict[str, bytes]) -> None:
    for name, data in extra_files.items():
        if not EXTRA_NAME.fullmatch(name) or ".." in name:
            raise PublishError(f"extra file name {name!r} must be a plain file name (no folders)")
        if name in RESERVED:
            raise PublishError(f"extra file {name!r} would replace the episode's own {name}")
        if not isinstance(data, bytes):
            raise PublishError(f"extra file {name!r} must be bytes, not {type(data).__name__}")


def publish(
    out: Path,
    show: ShowConfig,
    episode: Episode,
    *,
    script_json: dict[str, object],
    notes_html: str,
    summary: str,
    content_hash: str,
    extra_files: dict[str, bytes] | None = None,
    show_cover: bytes | None = None,
    state: Path | None = None,
    number_mp3: Callable[[Path, int], None] | None = None,
    wait_s: float = PUBLISH_WAIT_S,
) -> Published:
    """Write the episode's files, record it in the catalog, then rebuild index.html and feed.xml.
    `show_cover` (PNG) becomes OUT/cover.png, which the feed's itunes:image names.

    All of it is one critical section under the publish lock of OUT's state folder (`state`,
    default beside OUT), and the episode number is read and recorded in one catalog transaction:
    `number_mp3(mp3, number)` writes the number into the MP3 (its ID3 tag) before the bytes are
    read, so two writers can never give the audio, the catalog or the feed the same number.
    If anything fails, the files this call created are removed and the catalog is unchanged."""
    recap = episode.recap
    episode_id = recap.episode_id
    _check_episode_id(episode_id)
    extras = dict(extra_files or {})
    _check_extra_names(extras)
    state_dir = prepare_state(out, state)
    try:
        out = out.resolve()
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PublishError(f"cannot create the output folder {out} ({exc})") from None

    episode_dir = _inside(out, "episodes", episode_id)
    _inside(out, "episodes", episode_id, MP3_NAME)
    _inside(out, "episodes", episode_id, EMBED_NAME)
    for name in extras:
        _inside(out, "episodes", episode_id, name)
    try:
        script_text = json.dumps(script_json, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    except (TypeError, ValueError) as exc:
        raise PublishError(f"the script of {episode_id} is not JSON-serialisable ({exc})") from None
    if not episode.mp3.is_file():
        raise PublishError(f"cannot read the episode's MP3 {episode.mp3}; render it again")

    with publish_lock(state_dir, wait_s):
        return _publish_locked(
            out,
            state_dir / CATALOG_NAME,
            show,
            episode,
            episode_dir=episode_dir,
            script_text=script_text,
            notes_html=notes_html,
            summary=summary,
            content_hash=content_hash,
            extras=extras,
            show_cover=show_cover,
            number_mp3=number_mp3,
        )


class _Undo:
    """What one publish created, to remove it again if the publish fails."""

    def __init__(self, episode_dir: Path) -> None:
        self.episode_dir = episode_dir
        self.new_dir = not episode_dir.exists()
        self.created: list[Path] = []

    def write(self, path: Path, data: bytes) -> None:
        if not path.exists():
            self.created.append(path)
        write_bytes(path, data)

    def undo(self) -> None:
        if self.new_dir:
            shutil.rmtree(self.episode_dir, ignore_errors=True)
        for path in self.created:
            path.unlink(missing_ok=True)
        for folder in {p.parent for p in self.created}:  # static/ of a brand-new OUT
            with contextlib.suppress(OSError):
                folder.rmdir()


def _publish_locked(
    out: Path,
    catalog_path: Path,
    show: ShowConfig,
    episode: Episode,
    *,
    episode_dir: Path,
    script_text: str,
    notes_html: str,
    summary: str,
    content_hash: str,
    extras: dict[str, bytes],
    show_cover: bytes | None,
    number_mp3: Callable[[Path, int], None] | None,
) -> Published:
    recap = episode.recap
    episode_id = recap.episode_id
    mp3 = _inside(out, "episodes", episode_id, MP3_NAME)
    embed = _inside(out, "episodes", episode_id, EMBED_NAME)
    index = _inside(out, INDEX_NAME)
    feed = _inside(out, FEED_NAME)
    guid = episode_guid(show, recap.date, recap.slug)
    undo = _Undo(episode_dir)
    listed = False
    try:
        with Catalog(catalog_path) as catalog:
            before = catalog.all_newest_first()
            try:
                with catalog.transaction():
                    existing = catalog.get(episode_id)
                    number = existing.episode_number if existing else catalog.next_episode_number()
                    if number_mp3 is not None:
                        number_mp3(episode.mp3, number)
                    mp3_data = _read_mp3(episode.mp3)
                    audio = _inside(out, "episodes", episode_id, versioned_mp3_name(mp3_data))
                    undo.write(audio, mp3_data)  # write-once: its name is its content
                    undo.write(
                        _inside(out, "episodes", episode_id, SCRIPT_NAME), script_text.encode()
                    )
                    for name, data in extras.items():
                        undo.write(_inside(out, "episodes", episode_id, name), data)
                    record = _record(
                        out, show, episode, episode_dir, audio, mp3_data, number, catalog,
                        notes_html=notes_html, summary=summary, content_hash=content_hash,
                    )  # fmt: skip
                    undo.write(
                        embed,
                        render_embed(
                            show, record, chapters=episode.chapters, mp3_url=audio.name
                        ).encode(),
                    )
                    _copy_static(out, undo)
                    if show_cover is not None:
                        undo.write(_inside(out, COVER_NAME), show_cover)
                    if not mp3.exists():
                        undo.created.append(mp3)
                    _link_latest(audio, mp3)
                    catalog.upsert(record)
                    records = catalog.all_newest_first()  # this transaction's view
                    listed = True
                    _write_listing(out, show, records, index, feed)
            except BaseException:
                if listed:  # the catalog rolled back: the feed and index list what it still has
                    with contextlib.suppress(Exception):
                        _write_listing(out, show, before, index, feed)
                raise
    except OSError as exc:
        undo.undo()
        raise PublishError(f"cannot write episode {episode_id} into {out} ({exc})") from None
    except BaseException:
        undo.undo()
        raise
    return Published(
        episode_dir=episode_dir, mp3=audio, feed=feed, embed=embed, index=index, guid=guid
    )


def _read_mp3(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PublishError(f"cannot read the episode's MP3 {path} ({exc})") from None
    if not data:
        raise PublishError(f"the episode's MP3 {path} is empty; render it again")
    return data


def _record(
    out: Path,
    show: ShowConfig,
    episode: Episode,
    episode_dir: Path,
    audio: Path,
    mp3_data: bytes,
    number: int,
    catalog: Catalog,
    *,
    notes_html: str,
    summary: str,
    content_hash: str,
) -> EpisodeRecord:
    recap = episode.recap
    transcript = episode_dir / TRANSCRIPT_NAME
    chapters = episode_dir / CHAPTERS_NAME
    image = episode_dir / IMAGE_NAME
    return EpisodeRecord(
        episode_id=recap.episode_id,
        guid=episode_guid(show, recap.date, recap.slug),
        date=recap.date,
        slug=recap.slug,
        title=distinct_title(recap.title, catalog.titles_on(recap.date, besides=recap.episode_id)),
        summary=summary,
        notes_html=notes_html,
        mp3_path=_relative(out, audio),
        mp3_bytes=len(mp3_data),
        duration_s=float(episode.duration_s),
        pub_date=pub_date(show, recap.date),
        episode_number=number,
        content_hash=content_hash,
        source_name=recap.source_path.name,
        transcript_path=_relative(out, transcript) if transcript.is_file() else None,
        chapters_path=_relative(out, chapters) if chapters.is_file() else None,
        image_path=_relative(out, image) if image.is_file() else None,
        chapters=tuple((round(c.start_s, 3), c.title) for c in episode.chapters),
    )


def _write_listing(
    out: Path, show: ShowConfig, records: list[EpisodeRecord], index: Path, feed: Path
) -> None:
    """index.html, then feed.xml last (podcast apps poll it), from `records`."""
    cover = COVER_NAME if (out / COVER_NAME).is_file() else None
    write_text(index, render_index(show, records, cover_url=cover))
    write_bytes(feed, render_feed(show, records))


def _link_latest(audio: Path, latest: Path) -> None:
    """episode.mp3, the stable name of the newest audio: a hard link to the versioned file,
    swapped in atomically (a copy where the file system has no hard links)."""
    if latest.exists() and os.path.samefile(audio, latest):
        return
    tmp = latest.with_name(f".{latest.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        os.link(audio, tmp)
    except OSError:
        write_bytes(latest, audio.read_bytes())
        return
    os.replace(tmp, latest)


def _copy_static(out: Path, undo: _Undo) -> None:
    """The pages' scripts and styles into OUT/static/ (same origin, as the CSP demands)."""
    for source in sorted(STATIC.iterdir()):
        if source.is_file() and not source.name.startswith("."):
            undo.write(_inside(out, "static", source.name), source.read_bytes())
