"""Publish one episode into OUT: its folder, the catalog, index.html, and feed.xml last, all under
OUT's publish lock (the one-writer critical section; see publish/statedir.py).

Every file goes through `write_bytes` (temp name + os.replace, skipped when the bytes are already
there), so a reader never sees half a file and re-publishing an unchanged episode changes nothing.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
from dataclasses import dataclass, replace
from pathlib import Path

from podcast.config import ShowConfig
from podcast.errors import PublishError
from podcast.models import FinishedEpisode, Published, RenderKeys, Script
from podcast.publish import layout
from podcast.publish.catalog import Catalog, EpisodeRecord, FileEntry, Rendition
from podcast.publish.feed import render_feed
from podcast.publish.ids import episode_guid, pub_date
from podcast.publish.oembed import render_oembed
from podcast.publish.pages import STATIC, render_embed, render_index
from podcast.publish.statedir import PUBLISH_WAIT_S, prepare_state, publish_lock
from podcast.util.atomic import write_bytes

EPISODE_ID = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}-[a-z0-9]+(-[a-z0-9]+)*")


def distinct_title(title: str, taken: set[str]) -> str:
    """The title, or "title (Part N)" when another episode of the same day already has it."""
    if title not in taken:
        return title
    n = 2
    while f"{title} (Part {n})" in taken:
        n += 1
    return f"{title} (Part {n})"


def _inside(out: Path, relative: str) -> Path:
    """OUT/relative, resolved, refused unless it stays inside OUT."""
    path = out.joinpath(relative).resolve()
    if path == out or not path.is_relative_to(out):
        raise PublishError(f"refusing to write {relative!r}: it would land outside {out}")
    return path


def _relative(out: Path, path: Path) -> str:
    return path.relative_to(out).as_posix()


def _check_episode_id(episode_id: str) -> None:
    if not EPISODE_ID.fullmatch(episode_id):
        raise PublishError(
            f"episode id {episode_id!r} is not YYYY-MM-DD-slug (lowercase letters, digits and "
            "single hyphens); fix the recap's slug"
        )


@dataclass(frozen=True)
class _Target:
    """Where one episode goes in OUT (checked to stay inside it) and the files it brings."""

    folder: Path
    latest_mp3: Path
    embed: Path
    files: tuple[tuple[Path, bytes], ...]  # script, transcripts, chapters, image, as they are
    names: frozenset[str]  # the names of `files`


def _target(out: Path, finished: FinishedEpisode) -> _Target:
    """The episode's paths from layout.py, and its typed assets as the bytes of named files."""
    episode_id = finished.episode.recap.episode_id

    def path(name: str) -> Path:
        return _inside(out, layout.episode_file(episode_id, name))

    assets = finished.assets
    named: dict[str, str | bytes | None] = {
        layout.SCRIPT: _script_text(finished.episode.script),
        layout.TRANSCRIPT_VTT: assets.transcript_vtt,
        layout.TRANSCRIPT_SRT: assets.transcript_srt,
        layout.TRANSCRIPT_JSON: assets.transcript_json,
        layout.IMAGE: assets.image_png,
        layout.CHAPTERS: assets.chapters_json,
    }
    present = {name: data for name, data in named.items() if data is not None}
    return _Target(
        folder=_inside(out, layout.episode_folder(episode_id)),
        latest_mp3=path(layout.LATEST_MP3),
        embed=path(layout.EMBED),
        files=tuple(
            (path(name), data.encode() if isinstance(data, str) else data)
            for name, data in present.items()
        ),
        names=frozenset(present),
    )


def _script_text(script: Script) -> str:
    """script.json: the spoken script, keys sorted, so the same script gives the same bytes."""
    return json.dumps(script.to_dict(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def _make_out(out: Path) -> Path:
    try:
        out = out.resolve()
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PublishError(f"cannot create the output folder {out} ({exc})") from None
    return out


def publish(
    out: Path,
    show: ShowConfig,
    finished: FinishedEpisode,
    *,
    state: Path | None = None,
    wait_s: float = PUBLISH_WAIT_S,
    keys: RenderKeys | None = None,
) -> Published:
    """Write the episode's files, record it in the catalog, then rebuild index.html and feed.xml.
    The assets' show cover (PNG) becomes OUT/cover.png, which the feed's itunes:image names.

    All of it is one critical section under the publish lock of OUT's state folder (`state`,
    default beside OUT), and the episode number is read and recorded in one catalog transaction,
    where `finished.number_mp3` writes it into the MP3 before the bytes are read: two writers can
    never give the audio, the catalog or the feed the same number. If anything fails, the files
    this call created are removed and the catalog is unchanged.

    `keys` (renderkey.RenderKeys) are recorded with every file written (size, SHA-256), so an
    unchanged re-render can be recognised without rendering (publish/unchanged.py)."""
    _check_episode_id(finished.episode.recap.episode_id)
    state_dir = prepare_state(out, state)
    out = _make_out(out)
    target = _target(out, finished)
    if not finished.episode.mp3.is_file():
        raise PublishError(f"cannot read the episode's MP3 {finished.episode.mp3}; render it again")
    with publish_lock(state_dir, wait_s):
        return _publish_locked(out, state_dir / layout.CATALOG, show, finished, target, keys)


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
    finished: FinishedEpisode,
    target: _Target,
    keys: RenderKeys | None,
) -> Published:
    """The critical section: number, files, catalog row, then the listing; undone on failure."""
    recap = finished.episode.recap
    index, feed = _inside(out, layout.INDEX), _inside(out, layout.FEED)
    undo = _Undo(target.folder)
    listed = False
    try:
        with Catalog(catalog_path) as catalog:
            before = catalog.all_newest_first()
            try:
                with catalog.transaction():
                    number = _assign_number(catalog, recap.episode_id)
                    mp3_data = _numbered_mp3(finished, number)
                    audio = _write_episode(out, show, finished, target, mp3_data, undo)
                    lighter = _write_opus(out, finished, undo)
                    record = _record(out, show, finished, target, audio, mp3_data, number, catalog)
                    record = replace(record, alternate=_rendition(out, finished, lighter))
                    page = _write_embed(show, finished, target, record, audio, undo)
                    oembed = _write_oembed(out, show, finished, target, record, undo)
                    shown = _write_show_files(out, finished.assets.show_cover, undo)
                    written = [(audio, mp3_data), *target.files, (target.embed, page), oembed]
                    written += [lighter] if lighter else []
                    written.append((target.latest_mp3, mp3_data))
                    catalog.upsert(_with_keys(record, keys, out, written))
                    records = catalog.all_newest_first()  # this transaction's view
                    listed = True
                    shown += _write_listing(out, show, records, index, feed)
                    catalog.record_show_files(
                        [FileEntry.of(_relative(out, path), data) for path, data in shown]
                    )
            except BaseException:
                if listed:  # the catalog rolled back: the feed and index list what it still has
                    with contextlib.suppress(Exception):
                        _write_listing(out, show, before, index, feed)
                raise
    except OSError as exc:
        undo.undo()
        raise PublishError(f"cannot write episode {recap.episode_id} into {out} ({exc})") from None
    except BaseException:
        undo.undo()
        raise
    return Published(
        episode_dir=target.folder,
        mp3=audio,
        feed=feed,
        embed=target.embed,
        index=index,
        guid=episode_guid(show, recap.date, recap.slug),
    )


def _assign_number(catalog: Catalog, episode_id: str) -> int:
    """The episode's number: its own when re-published, else the next; call in the transaction."""
    existing = catalog.get(episode_id)
    return existing.episode_number if existing else catalog.next_episode_number()


def _numbered_mp3(finished: FinishedEpisode, number: int) -> bytes:
    """The MP3's bytes once its tag carries the episode number."""
    if finished.number_mp3 is not None:
        finished.number_mp3(finished.episode.mp3, number)
    return _read_mp3(finished.episode.mp3)


def _write_episode(
    out: Path,
    show: ShowConfig,
    finished: FinishedEpisode,
    target: _Target,
    mp3_data: bytes,
    undo: _Undo,
) -> Path:
    """The versioned MP3 (write-once: its name is its content), the assets, and episode.mp3
    pointing at the new audio; returns the versioned MP3's path."""
    episode_id = finished.episode.recap.episode_id
    audio = _inside(out, layout.episode_file(episode_id, layout.versioned_mp3(mp3_data)))
    undo.write(audio, mp3_data)
    for path, data in target.files:
        undo.write(path, data)
    return audio


def _write_opus(out: Path, finished: FinishedEpisode, undo: _Undo) -> tuple[Path, bytes] | None:
    """The Opus rendition under its write-once name (as the MP3's), if the episode has one."""
    data = finished.assets.audio_opus
    if data is None:
        return None
    episode_id = finished.episode.recap.episode_id
    path = _inside(out, layout.episode_file(episode_id, layout.versioned_opus(data)))
    undo.write(path, data)
    return path, data


def _rendition(
    out: Path, finished: FinishedEpisode, written: tuple[Path, bytes] | None
) -> Rendition | None:
    """What the feed says of the Opus rendition: hashed from the bytes just published."""
    if written is None:
        return None
    path, data = written
    return Rendition.of(
        _relative(out, path), data, media_type=layout.OPUS_MEDIA_TYPE, codecs=layout.OPUS_CODECS,
        duration_s=float(finished.episode.duration_s),
    )  # fmt: skip


def _write_embed(
    show: ShowConfig,
    finished: FinishedEpisode,
    target: _Target,
    record: EpisodeRecord,
    audio: Path,
    undo: _Undo,
) -> bytes:
    """embed.html beside the audio (its bytes returned), and episode.mp3 swapped to the new
    audio."""
    page = render_embed(show, record, chapters=finished.episode.chapters, mp3_url=audio.name)
    undo.write(target.embed, page.encode())
    if not target.latest_mp3.exists():
        undo.created.append(target.latest_mp3)
    _link_latest(audio, target.latest_mp3)
    return page.encode()


def _write_oembed(
    out: Path,
    show: ShowConfig,
    finished: FinishedEpisode,
    target: _Target,
    record: EpisodeRecord,
    undo: _Undo,
) -> tuple[Path, bytes]:
    """The episode's oEmbed document; its thumbnail is the episode's image, else the show's
    cover."""
    assets = finished.assets
    thumbnail = None
    if record.image_path and assets.image_png is not None:
        thumbnail = (record.image_path, assets.image_png)
    elif assets.show_cover is not None:
        thumbnail = (layout.COVER, assets.show_cover)
    data = render_oembed(show, record, thumbnail=thumbnail)
    path = target.folder / layout.OEMBED
    undo.write(path, data)
    return path, data


def _write_show_files(out: Path, show_cover: bytes | None, undo: _Undo) -> list[tuple[Path, bytes]]:
    """The pages' static files and the show's cover; returns what it wrote."""
    written = _copy_static(out, undo)
    if show_cover is not None:
        cover = _inside(out, layout.COVER)
        undo.write(cover, show_cover)
        written.append((cover, show_cover))
    return written


def _with_keys(
    record: EpisodeRecord,
    keys: RenderKeys | None,
    out: Path,
    written: list[tuple[Path, bytes]],
) -> EpisodeRecord:
    """The record with the render's keys and every file of the episode as written."""
    if keys is None:
        return record
    return replace(
        record,
        render_key=keys.render,
        settings_key=keys.settings,
        files=tuple(FileEntry.of(_relative(out, path), data) for path, data in written),
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
    finished: FinishedEpisode,
    target: _Target,
    audio: Path,
    mp3_data: bytes,
    number: int,
    catalog: Catalog,
) -> EpisodeRecord:
    """The catalog row; the feed and pages link the transcript, chapters and image it names."""
    episode, assets = finished.episode, finished.assets
    recap = episode.recap

    def linked(name: str) -> str | None:
        return _relative(out, target.folder / name) if name in target.names else None

    return EpisodeRecord(
        episode_id=recap.episode_id,
        guid=episode_guid(show, recap.date, recap.slug),
        date=recap.date,
        slug=recap.slug,
        title=distinct_title(recap.title, catalog.titles_on(recap.date, besides=recap.episode_id)),
        summary=assets.summary,
        notes_html=assets.notes_html,
        mp3_path=_relative(out, audio),
        mp3_bytes=len(mp3_data),
        duration_s=float(episode.duration_s),
        pub_date=pub_date(show, recap.date),
        episode_number=number,
        content_hash=finished.content_hash,
        source_name=recap.source_path.name,
        transcript_path=linked(layout.TRANSCRIPT_VTT),
        chapters_path=linked(layout.CHAPTERS),
        image_path=linked(layout.IMAGE),
        chapters=tuple((round(c.start_s, 3), c.title) for c in episode.chapters),
        lufs=episode.lufs,
        true_peak_db=episode.true_peak_db,
        speech_end_s=episode.speech_end_s,
        segments=tuple((r.voice, r.duration_s, r.sample_rate) for r in episode.segments),
        chapter_sections=tuple(c.section for c in episode.chapters),
    )


def _write_listing(
    out: Path, show: ShowConfig, records: list[EpisodeRecord], index: Path, feed: Path
) -> list[tuple[Path, bytes]]:
    """index.html, then feed.xml last (podcast apps poll it), from `records`; returns them."""
    cover = layout.COVER if (out / layout.COVER).is_file() else None
    page = render_index(
        show, records, cover_url=cover, has_oembed=lambda path: (out / path).is_file()
    ).encode()
    write_bytes(index, page)
    data = render_feed(show, records, published=lambda path: (out / path).is_file())
    write_bytes(feed, data)
    return [(index, page), (feed, data)]


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


def _copy_static(out: Path, undo: _Undo) -> list[tuple[Path, bytes]]:
    """The pages' scripts and styles into OUT/static/ (same origin, as the CSP demands)."""
    written = []
    for source in sorted(STATIC.iterdir()):
        if source.is_file() and not source.name.startswith("."):
            path, data = _inside(out, layout.static_file(source.name)), source.read_bytes()
            undo.write(path, data)
            written.append((path, data))
    return written
