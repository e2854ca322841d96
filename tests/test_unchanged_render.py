"""The unchanged-render short cut: a recap already published with the same inputs and settings
is answered from the catalog (no speech, no ffmpeg, no write: OUT and the state folder keep every
byte and mtime), and every kind of change renders for real."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from podcast import pipeline, renderkey
from podcast.config import load_show
from podcast.jobs import nightly
from podcast.publish import layout
from podcast.publish.catalog import SCHEMA_VERSION, Catalog
from podcast.publish.statedir import default_state_dir
from podcast.publish.unchanged import still_published
from podcast.scale import batch, executors
from podcast.tts.cache import SegmentCache
from podcast.tts.fake import FakeEngine
from podcast.util.wav import write_wav

ROOT = Path(__file__).resolve().parents[1]
SHORT = ROOT / "tests" / "data" / "short-recap.md"
EPISODE_ID = "2026-11-10-quiet-close"


def _show_text(*, title: str = "Test Recap Show", analyst: str = "fake") -> str:
    return f"""voices_dir = "../voices"
[show]
title = "{title}"
author = "Test Desk"
base_url = "https://podcast.example.com/shows/test/"
[voices]
host = "fake"
analyst = "{analyst}"
announcer = "fake"
[audio]
intro = "intro.wav"
[qa]
min_minutes = 0.25
"""


def _paths(root: Path) -> dict[str, Path]:
    return {
        "root": root,
        "show": root / "show" / "show.toml",
        "voices": root / "voices",
        "article": root / "recap-2026-11-10.md",
        "out": root / "out",
        "cache": root / "cache",
    }


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """A recap, a show (fake voices, its own intro music file) and an OUT with the recap
    published once (rendered once per module); with its `--json` summary."""
    paths = _paths(tmp_path_factory.mktemp("published"))
    paths["voices"].mkdir()
    for name in ("fake", "fake2"):
        (paths["voices"] / f"{name}.toml").write_text(f'name = "{name}"\nengine = "fake"\n')
    paths["show"].parent.mkdir()
    paths["show"].write_text(_show_text())
    tone = 0.3 * np.sin(np.arange(44100 * 2) * 2 * np.pi * 330 / 44100)
    write_wav(paths["show"].parent / "intro.wav", tone.astype(np.float32), 44100)
    paths["article"].write_bytes(SHORT.read_bytes())
    first = _render(paths)
    assert not first.unchanged
    return paths["root"], json.loads(json.dumps(pipeline.summary_json(first)))


@pytest.fixture
def setup(published: tuple[Path, dict[str, Any]], tmp_path: Path) -> dict[str, Path]:
    """This test's own copy of the published tree (bytes and mtimes kept)."""
    root = tmp_path / "t"
    shutil.copytree(published[0], root, symlinks=True)
    return _paths(root)


def _render(paths: dict[str, Path], **options: Any) -> pipeline.RenderResult:
    return pipeline.render(
        paths["article"],
        paths["out"],
        load_show(paths["show"]),
        cache=SegmentCache(paths["cache"]),
        **options,
    )


def _snapshot(*folders: Path) -> dict[str, tuple[Any, ...]]:
    """Every file and folder under `folders`: kind, size, mtime and bytes."""
    snap: dict[str, tuple[Any, ...]] = {}
    for folder in folders:
        for path in [folder, *sorted(folder.rglob("*"))]:
            st = path.lstat()
            data = path.read_bytes() if path.is_file() else None
            snap[str(path)] = (path.is_dir(), st.st_size, st.st_mtime_ns, data)
    return snap


def _forbid_work(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Make speech, mixing/encoding, publishing and every subprocess (ffmpeg) fail loudly,
    recording what was attempted."""
    attempted: list[str] = []

    def refuse(name: str) -> Callable[..., Any]:
        def call(*_args: Any, **_kwargs: Any) -> Any:
            attempted.append(name)
            raise AssertionError(f"the unchanged render called {name}")

        return call

    monkeypatch.setattr(batch, "render_prepared", refuse("render_prepared (speech)"))
    monkeypatch.setattr(executors, "run_tasks", refuse("the worker pool"))
    monkeypatch.setattr(pipeline, "finish_episode", refuse("finish_episode"))
    monkeypatch.setattr(pipeline, "publish", refuse("publish"))
    monkeypatch.setattr(FakeEngine, "synthesize", refuse("the engine"))
    monkeypatch.setattr(subprocess, "Popen", refuse("a subprocess"))
    return attempted


def _count_real_renders(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times the audio stage ran (finish_episode: mix, encode, QA)."""
    calls: list[int] = []
    real = pipeline.finish_episode

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "finish_episode", counted)
    return calls


def test_an_unchanged_render_redoes_nothing_and_writes_nothing(
    published: tuple[Path, dict[str, Any]],
    setup: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out, state = setup["out"], default_state_dir(setup["out"])
    first = {
        k: v.replace(str(published[0]), str(setup["root"])) if isinstance(v, str) else v
        for k, v in published[1].items()
    }
    before = _snapshot(out, state)
    attempted = _forbid_work(monkeypatch)
    again = _render(setup)
    assert attempted == []
    assert again.unchanged
    assert _snapshot(out, state) == before  # not a byte, not an mtime, no new file
    summary = json.loads(json.dumps(pipeline.summary_json(again)))
    assert set(summary) == set(first)
    assert summary["unchanged"] is True and first["unchanged"] is False
    assert summary["cache_hits"] == len(summary["segments"]) == len(first["segments"])
    assert all(s["cached"] for s in summary["segments"])
    for key in ("episode_dir", "mp3", "feed", "embed", "index", "guid", "title", "date"):
        assert summary[key] == first[key], key
    for key in ("duration_s", "estimated_duration_s", "lufs", "true_peak_db", "chapters"):
        assert summary[key] == first[key], key
    strip = [{k: v for k, v in s.items() if k != "cached"} for s in first["segments"]]
    assert [{k: v for k, v in s.items() if k != "cached"} for s in summary["segments"]] == strip
    assert Path(summary["mp3"]).is_file()


def test_the_cli_says_unchanged_and_rerender_renders_the_same_bytes(
    setup: dict[str, Path],
) -> None:
    def cli(*extra: str) -> dict[str, Any]:
        proc = subprocess.run(
            [
                sys.executable, "-m", "podcast.cli", "render", str(setup["article"]),
                "--out", str(setup["out"]), "--show", str(setup["show"]),
                "--cache-dir", str(setup["cache"]), "--json", *extra,
            ],
            capture_output=True, text=True, cwd=ROOT, timeout=600,
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr
        result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
        return result

    out = setup["out"]
    before = _snapshot(out)
    assert cli()["unchanged"] is True
    assert _snapshot(out) == before
    forced = cli("--rerender")
    assert forced["unchanged"] is False
    assert {k: v[3] for k, v in _snapshot(out).items()} == {k: v[3] for k, v in before.items()}


def _edit_show(setup: dict[str, Path], **changes: str) -> None:
    setup["show"].write_text(_show_text(**changes))


def _change_voice(setup: dict[str, Path]) -> None:
    _edit_show(setup, analyst="fake2")


def _change_voice_profile(setup: dict[str, Path]) -> None:
    (setup["voices"] / "fake.toml").write_text(
        'name = "fake"\nengine = "fake"\nwords_per_minute = 150.0\n'
    )


def _change_setting(setup: dict[str, Path]) -> None:
    _edit_show(setup, title="Another Show Title")


def _change_intro(setup: dict[str, Path]) -> None:
    tone = 0.3 * np.sin(np.arange(44100 * 2) * 2 * np.pi * 440 / 44100)
    write_wav(setup["show"].parent / "intro.wav", tone.astype(np.float32), 44100)


def _mp3(setup: dict[str, Path]) -> Path:
    """The published versioned MP3 (the catalog's)."""
    with Catalog(default_state_dir(setup["out"]) / layout.CATALOG) as catalog:
        record = catalog.get(EPISODE_ID)
    assert record is not None
    return setup["out"].resolve() / record.mp3_path


def _delete_mp3(setup: dict[str, Path]) -> None:
    _mp3(setup).unlink()


def _truncate_mp3(setup: dict[str, Path]) -> None:
    mp3 = _mp3(setup)
    mp3.write_bytes(mp3.read_bytes()[:-1000])


def _alter_mp3_same_size(setup: dict[str, Path]) -> None:
    mp3 = _mp3(setup)
    data = bytearray(mp3.read_bytes())
    data[len(data) // 2] ^= 0xFF
    mp3.write_bytes(bytes(data))


def _delete_embed(setup: dict[str, Path]) -> None:
    (setup["out"] / layout.episode_file(EPISODE_ID, layout.EMBED)).unlink()


def _truncate_feed(setup: dict[str, Path]) -> None:
    feed = setup["out"] / layout.FEED
    feed.write_bytes(feed.read_bytes()[:100])


def _change_recap(setup: dict[str, Path]) -> None:
    text = setup["article"].read_text().replace("Technology led, while", "Energy led, while")
    setup["article"].write_text(text)


def _change_program(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(renderkey, "program_fingerprint", lambda: "another version")


def _replace_static(setup: dict[str, Path]) -> None:
    (static,) = list((setup["out"] / layout.STATIC_DIR).glob("*.css"))[:1]
    static.write_text("/* someone else's */\n")


def _latest_elsewhere(setup: dict[str, Path]) -> None:
    latest = setup["out"] / "episodes" / EPISODE_ID / layout.LATEST_MP3
    latest.unlink()
    latest.write_bytes(b"ID3")


CHANGES: dict[str, Callable[[dict[str, Path]], None]] = {
    "a different voice for a role": _change_voice,
    "a voice profile's setting": _change_voice_profile,
    "a show setting": _change_setting,
    "a changed intro music file": _change_intro,
    "a missing published MP3": _delete_mp3,
    "a corrected recap": _change_recap,
}
DAMAGE: dict[str, Callable[[dict[str, Path]], None]] = {
    "a missing published MP3": _delete_mp3,
    "a truncated published MP3": _truncate_mp3,
    "a published MP3 altered in place": _alter_mp3_same_size,
    "episode.mp3 no longer the published audio": _latest_elsewhere,
    "a missing embed.html": _delete_embed,
    "a truncated feed.xml": _truncate_feed,
    "a replaced static file": _replace_static,
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_every_kind_of_change_renders_for_real(
    change: str, setup: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    CHANGES[change](setup)
    renders = _count_real_renders(monkeypatch)
    result = _render(setup)
    assert not result.unchanged and renders == [1]
    assert result.published.mp3.is_file() and result.published.feed.is_file()
    assert _mp3(setup) == result.published.mp3
    # ... and what it published is the new short cut's reference.
    again = _render(setup)
    assert again.unchanged and renders == [1]


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_published_file_is_never_taken_as_unchanged(
    damage: str, setup: dict[str, Path]
) -> None:
    out, state = setup["out"], default_state_dir(setup["out"])
    with Catalog(state / layout.CATALOG) as catalog:
        record = catalog.get(EPISODE_ID)
    assert record is not None
    key = record.render_key
    assert still_published(out, state, EPISODE_ID, render_key=key) == record
    assert still_published(out, state, EPISODE_ID, render_key="another") is None
    DAMAGE[damage](setup)
    assert still_published(out, state, EPISODE_ID, render_key=key) is None
    assert still_published(out, state, EPISODE_ID, settings_key=record.settings_key) is None


def test_other_ways_to_ask_for_a_real_render(
    setup: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    renders = _count_real_renders(monkeypatch)
    assert not _render(setup, rerender=True).unchanged and len(renders) == 1
    _change_program(monkeypatch)  # a new version, or the same version with other code
    assert not _render(setup).unchanged and len(renders) == 2
    assert _render(setup).unchanged and len(renders) == 2
    # --date is part of the key, even when it agrees with the recap's own date.
    assert not _render(setup, date=dt.date(2026, 11, 10)).unchanged and len(renders) == 3
    assert _render(setup, date=dt.date(2026, 11, 10)).unchanged and len(renders) == 3


def test_a_render_renamed_or_with_quotes_is_another_render(
    setup: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    renders = _count_real_renders(monkeypatch)
    quotes = setup["article"].with_name("quotes.csv")
    quotes.write_text(
        "symbol,name,kind,close,change_pct,volume\nSPY,S&P 500 ETF,index,579.81,0.21,71234500\n"
    )
    assert not _render(setup, quotes=quotes).unchanged
    assert _render(setup, quotes=quotes).unchanged
    assert len(renders) == 1


def test_the_catalog_keeps_the_keys_and_every_file_it_wrote(setup: dict[str, Path]) -> None:
    state = default_state_dir(setup["out"])
    with Catalog(state / layout.CATALOG) as catalog:
        assert catalog.schema_version == SCHEMA_VERSION == 4
        record = catalog.get(EPISODE_ID)
        shown = catalog.show_files()
        listed = catalog.all_newest_first()
    assert record is not None and record.render_key and record.settings_key
    # The listing (feed, pages) does not parse what only the short cut reads; it keeps the
    # chapters' sections, by which the feed finds the soundbite (issue 15).
    short_cut = ("render_key", "settings_key", "files", "lufs", "true_peak_db", "speech_end_s")
    bare = {f.name: f.default for f in dataclasses.fields(record) if f.name in short_cut}
    bare |= {"segments": ()}
    assert record.chapter_sections and "key_takeaways" in record.chapter_sections
    assert listed == [dataclasses.replace(record, **bare)]
    assert record.settings_key == renderkey.settings_key(load_show(setup["show"]))
    names = {f.path.rsplit("/", 1)[-1] for f in record.files}
    assert {layout.EMBED, layout.LATEST_MP3, layout.SCRIPT, layout.TRANSCRIPT_VTT} <= names
    assert layout.OEMBED in names  # an edited or deleted oembed.json means render again
    assert record.mp3_path in {f.path for f in record.files}
    assert {layout.FEED, layout.INDEX, layout.COVER} <= {f.path for f in shown}
    for entry in [*record.files, *shown]:
        assert (setup["out"] / entry.path).stat().st_size == entry.size
    assert len(record.chapter_sections) == len(record.chapters) >= 2
    assert [voice for voice, _, _ in record.segments] == ["fake"] * len(record.segments)
    assert all(d > 0 and rate == FakeEngine.sample_rate for _, d, rate in record.segments)
    assert record.lufs is not None and record.true_peak_db is not None


def test_the_program_fingerprint_follows_the_package_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "podcast"
    package.mkdir()
    (package / "mod.py").write_text("A = 1\n")
    (tmp_path / "lexicon.toml").write_text("")
    monkeypatch.setattr(renderkey, "PACKAGE", package)
    monkeypatch.setattr(renderkey, "LEXICON", tmp_path / "lexicon.toml")
    first = renderkey.program_fingerprint.__wrapped__()
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "mod.cpython-311.pyc").write_bytes(b"compiled")
    assert renderkey.program_fingerprint.__wrapped__() == first  # byte code is no source
    (package / "mod.py").write_text("A = 2\n")
    assert renderkey.program_fingerprint.__wrapped__() != first
    (package / "mod.py").write_text("A = 1\n")
    (tmp_path / "lexicon.toml").write_text("[names]\n")
    assert renderkey.program_fingerprint.__wrapped__() != first


# -- the nightly takes the same short cut -------------------------------------------------------


def _nightly(setup: dict[str, Path], inbox: Path) -> nightly.Outcome:
    summary = nightly.run(
        inbox, setup["out"], load_show(setup["show"]), SegmentCache(setup["cache"])
    )
    (outcome,) = summary.outcomes
    return outcome


def test_the_nightly_and_render_agree(
    setup: dict[str, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / setup["article"].name).write_bytes(setup["article"].read_bytes())
    renders = _count_real_renders(monkeypatch)
    # Published by `render`, not yet in the ledger: the nightly's render takes the short cut.
    assert _nightly(setup, inbox).status == "published" and renders == []
    # In the ledger now: unchanged, without rendering.
    before = _snapshot(setup["out"])
    assert _nightly(setup, inbox).status == "unchanged" and renders == []
    assert _snapshot(setup["out"]) == before
    # A setting changes: the ledger alone would say unchanged; the nightly renders, like render.
    _change_setting(setup)
    assert _nightly(setup, inbox).status == "published" and renders == [1]
    assert _nightly(setup, inbox).status == "unchanged" and renders == [1]
    # A published file goes missing: rendered again.
    _delete_mp3(setup)
    assert _nightly(setup, inbox).status == "published" and renders == [1, 1]
    # And what the nightly published, `render` finds unchanged.
    setup["article"] = inbox / setup["article"].name
    assert _render(setup).unchanged and renders == [1, 1]


def test_two_inbox_files_of_one_episode_do_not_replace_each_other_every_night(
    setup: dict[str, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Their render keys differ (the file name is an input), so render's own key would have each
    replace the other every night; the nightly compares the settings key, its ledger standing
    for the inputs, and both stay unchanged."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in (setup["article"].name, "recap-2026-11-10-copy.md"):
        (inbox / name).write_bytes(setup["article"].read_bytes())
    renders = _count_real_renders(monkeypatch)
    show, cache = load_show(setup["show"]), SegmentCache(setup["cache"])
    first = nightly.run(inbox, setup["out"], show, cache)
    assert [o.status for o in first.outcomes] == ["published", "published"]
    assert {o.episode_id for o in first.outcomes} == {EPISODE_ID}
    rendered = len(renders)
    assert rendered >= 1  # at least the copy, whose name is not in the published key
    before = _snapshot(setup["out"])
    for _ in range(2):
        again = nightly.run(inbox, setup["out"], show, cache)
        assert [o.status for o in again.outcomes] == ["unchanged", "unchanged"]
    assert len(renders) == rendered and _snapshot(setup["out"]) == before
