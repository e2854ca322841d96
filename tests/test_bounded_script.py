"""Issue 11, bounded work before any synthesis: long protected lists trimmed, a script over the
show's length limit refused right after planning (exit 2, nothing rendered or published), and
planning itself cheap on big inputs (the inputs are generated, see benchmarks/script_inputs.py)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import os
import random
import re
from pathlib import Path

import pytest

from benchmarks import script_inputs
from benchmarks.script_build import run_cli
from benchmarks.soak import RECAP, feed_state, published_snapshot, temp_leftovers
from podcast import cli, pipeline
from podcast.config import load_show
from podcast.errors import EXIT_INPUT, EXIT_PARTIAL, ConfigError, InputError, ScriptTooLong
from podcast.jobs import nightly
from podcast.jobs.events import EventLog
from podcast.script import planner
from podcast.script.length import Unit
from podcast.script.planner import estimate_duration_s
from podcast.script.tally import SpokenTally
from podcast.timing import INTRO_LEAD_S, OUTRO_RING_S
from podcast.tts.cache import SegmentCache
from podcast.tts.fake import FakeEngine

ROOT = Path(__file__).resolve().parents[1]
FAKE_SHOW = ROOT / "tests" / "data" / "fake-show.toml"
BUDGET_CPU_S = 5.0
BUDGET_RSS_MB = 300.0


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return script_inputs.write(folder, name, text)


def _show_file(tmp_path: Path, extra_script: str = "", max_minutes: float | None = None) -> Path:
    """The fake show with extra [script] settings and, optionally, another [qa] max_minutes."""
    text = FAKE_SHOW.read_text().replace(
        'voices_dir = "../../voices"', f'voices_dir = "{ROOT}/voices"'
    )
    if extra_script:
        text += f"\n[script]\n{extra_script}\n"
    if max_minutes is not None:
        text = text.replace("[qa]\n", f"[qa]\nmax_minutes = {max_minutes}\n")
    path = tmp_path / "show.toml"
    path.write_text(text)
    return path


# -- trimming long protected lists -------------------------------------------------------------


def test_a_1200_takeaway_list_keeps_its_first_eight_and_says_so(tmp_path: Path) -> None:
    path = _write(tmp_path, "takeaways.md", script_inputs.takeaways_recap())
    assert 85_000 < path.stat().st_size < 100_000  # the 94 KB reproduction
    run = run_cli(["script", "--json", str(path)])
    assert run.exit_code == 0, run.stderr
    data = json.loads(run.stdout.splitlines()[-1])
    assert set(data) >= {"title", "date", "segments", "estimated_duration_s", "dropped"}
    items = [s for s in data["segments"] if s["section"] == "key_takeaways"][1:]  # transition
    assert len(items) == 8
    assert items[0]["text"].startswith("First, ") and items[-1]["text"].startswith("And finally, ")
    assert "item one" in items[0]["text"] and "item eight" in items[-1]["text"]
    assert not any("item nine" in s["text"] for s in data["segments"])
    trim = data["dropped"][0]
    assert trim["section"] == "key_takeaways"
    assert "1,200 items" in trim["reason"] and "first 8" in trim["reason"]
    bullets = [line[2:] for line in path.read_text().splitlines() if line.startswith("- ")]
    assert len(bullets) == 1_200
    assert trim["words"] == sum(len(b.split()) for b in bullets[8:])
    assert data["over_limit"] is None
    # Bounded: the planning of the 94 KB recap is cheap in time and memory.
    assert run.cpu_s < BUDGET_CPU_S, run
    assert run.peak_rss_mb < BUDGET_RSS_MB, run


def test_max_list_items_is_a_setting(tmp_path: Path) -> None:
    recap = _write(tmp_path, "takeaways.md", script_inputs.takeaways_recap(items=12))
    show = load_show(_show_file(tmp_path, "max_list_items = 3"))
    _, script = pipeline.build_script(recap, show)
    items = [s for s in script.segments if s.section == "key_takeaways"][1:]
    assert [s.text.split(",")[0] for s in items] == ["First", "Second", "And finally"]
    assert script.dropped[0].reason.startswith("a list of 12 items trimmed to its first 3")
    # A short list and an unprotected list are never trimmed.
    short = load_show(_show_file(tmp_path, "max_list_items = 12"))
    assert not pipeline.build_script(recap, short)[1].dropped
    for bad in ("max_list_items = 0", "max_list_items = true", 'max_list_items = "8"'):
        with pytest.raises(ConfigError, match="max_list_items"):
            load_show(_show_file(tmp_path, bad))


def test_unprotected_lists_are_not_trimmed(tmp_path: Path) -> None:
    movers = "\n".join(f"- Stock {chr(65 + i)} rose {i + 1}%." for i in range(12))
    text = (
        "---\ntitle: Stocks rise\ndate: 2026-11-24\n---\n\n## Key Takeaways\n\n- Stocks rose 1%.\n"
        f"\n## Notable Movers\n\n{movers}\n\n## Bottom Line\n\nA good day.\n"
    )
    recap = _write(tmp_path, "movers.md", text)
    _, script = pipeline.build_script(recap, load_show(FAKE_SHOW))
    assert len([s for s in script.segments if s.section == "movers"]) == 13  # transition + 12
    assert not script.dropped


# -- the refusal right after planning ----------------------------------------------------------


def test_render_refuses_an_over_limit_script_before_any_synthesis(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    calls = tmp_path / "synthesize-calls"

    def recording(self: FakeEngine, text: str) -> object:
        with open(calls, "a") as fh:  # a file: pool workers are other processes
            fh.write(text + "\n")
        raise AssertionError("synthesize must not be called")

    monkeypatch.setattr(FakeEngine, "synthesize", recording)
    out = tmp_path / "out"
    out.mkdir()
    (out / "feed.xml").write_text("<rss>published before</rss>")
    (out / "index.html").write_text("<p>published before</p>")
    before = published_snapshot(out)
    recap = _write(tmp_path / "in", "long-bottom-line.md", script_inputs.long_bottom_line())
    code = cli.main(
        ["render", str(recap), "--out", str(out), "--show", str(FAKE_SHOW),
         "--cache-dir", str(tmp_path / "cache")]
    )  # fmt: skip
    err = capsys.readouterr().err
    assert code == EXIT_INPUT == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: long-bottom-line.md: ")
    assert re.search(r"would run about \d+:\d\d, over the show's limit of 12:00", lines[0])
    assert "[qa] max_minutes" in lines[0] and "longest sections: bottom line " in lines[0]
    assert not calls.exists()
    assert published_snapshot(out) == before
    assert sorted(p.name for p in out.iterdir()) == ["feed.xml", "index.html"]
    assert not (out / "episodes").exists() and not temp_leftovers(out)
    assert not (tmp_path / "cache").exists()


def test_render_refusal_names_the_long_sections_with_their_durations(tmp_path: Path) -> None:
    recap = _write(tmp_path, "long.md", script_inputs.long_bottom_line(paragraphs=8))
    show = load_show(_show_file(tmp_path, max_minutes=2.0))
    with pytest.raises(ScriptTooLong) as caught:
        pipeline.render(recap, tmp_path / "out", show, cache=SegmentCache(tmp_path / "cache"))
    assert isinstance(caught.value, InputError) and caught.value.exit_code == EXIT_INPUT
    message = str(caught.value)
    estimate = re.search(r"about (\d+):(\d\d)", message)
    assert estimate and int(estimate.group(1)) * 60 + int(estimate.group(2)) > 120
    assert "limit of 2:00" in message
    assert re.search(r"bottom line \d+:\d\d, ", message)
    assert not (tmp_path / "out").exists()


def test_a_script_within_the_limit_still_renders(tmp_path: Path) -> None:
    recap = _write(tmp_path, "takeaways.md", script_inputs.takeaways_recap(items=40))
    result = pipeline.render(
        recap, tmp_path / "out", load_show(FAKE_SHOW), cache=SegmentCache(tmp_path / "cache")
    )
    assert result.published.mp3.is_file()
    assert result.script.dropped[0].section == "key_takeaways"
    saved = json.loads((result.published.episode_dir / "script.json").read_text())
    assert saved["dropped"][0]["reason"].startswith("a list of 40 items")


def test_podcast_script_prints_an_over_limit_script_and_says_it_would_be_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    recap = _write(tmp_path, "long.md", script_inputs.long_bottom_line(paragraphs=20))
    assert cli.main(["script", "--json", str(recap), "--show", str(FAKE_SHOW)]) == 0
    data = json.loads(capsys.readouterr().out.splitlines()[-1])
    over = data["over_limit"]
    assert over["max_duration_s"] == 720.0
    assert over["estimated_duration_s"] == data["estimated_duration_s"] > 720.0
    assert over["sections"][0]["section"] == "bottom_line"
    assert over["sections"][0]["estimated_s"] > 600
    assert "over the show's limit of 12:00" in over["reason"]
    assert cli.main(["script", str(recap), "--show", str(FAKE_SHOW)]) == 0
    captured = capsys.readouterr()
    assert "estimated duration:" in captured.out
    warning = captured.err.strip().splitlines()
    assert len(warning) == 1 and warning[0].startswith("warning: long.md: render would refuse it")


def test_nightly_refuses_the_over_limit_recap_and_publishes_the_others(tmp_path: Path) -> None:
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    _write(inbox, "a-long.md", script_inputs.long_bottom_line())
    for day in (3, 4):
        text = RECAP.format(
            title=f"Day {day}: Stocks Edge Higher",
            date=f"2026-11-{day:02d}",
            slug=f"day-{day}",
            variant="Technology led.",
        )
        _write(inbox, f"b-day-{day}.md", text)
    stream = io.StringIO()
    summary = nightly.run(
        inbox,
        out,
        load_show(FAKE_SHOW),
        SegmentCache(tmp_path / "cache"),
        log=EventLog(stream, tty=False),
        retry_base_s=0.01,
    )
    assert summary.exit_code == EXIT_PARTIAL
    long, *good = summary.outcomes
    assert long.status == "failed" and long.exit_code == EXIT_INPUT
    assert "over the show's limit of 12:00" in long.error and long.attempts == 1
    assert [o.status for o in good] == ["published", "published"]
    assert len(feed_state(out).episode_ids) == 2
    assert not any("long" in p.name for p in (out / "episodes").iterdir())


def test_an_over_limit_recap_is_refused_in_bounded_time_and_memory(tmp_path: Path) -> None:
    recap = _write(tmp_path, "long.md", script_inputs.long_bottom_line())
    assert recap.stat().st_size > 100_000
    out = tmp_path / "out"
    run = run_cli(["render", str(recap), "--out", str(out), "--cache-dir", str(tmp_path / "c")])
    assert run.exit_code == 2, run.stderr
    assert "over the show's limit" in run.stderr and not out.exists()
    assert run.cpu_s < BUDGET_CPU_S, run
    assert run.peak_rss_mb < BUDGET_RSS_MB, run


# -- the running estimate is the estimate ------------------------------------------------------


def test_the_running_tally_equals_the_full_estimate_as_units_change() -> None:
    show = load_show(FAKE_SHOW)
    rng = random.Random(11)
    sections = ["intro", "key_takeaways", "snapshot", "movers", "snapshot", "outro"]
    roles = {s: planner.section_role(i) for i, s in enumerate(dict.fromkeys(sections))}
    words = ["Stocks", "rose", "higher", "on", "Tuesday", "and", "the", "Fed", "held", "gold"]
    units: list[Unit] = []
    for group, section in enumerate(sections):
        for _ in range(rng.randint(1, 4)):
            text = ". ".join(
                " ".join(rng.choices(words, k=rng.randint(1, 6))) for _ in range(rng.randint(1, 3))
            )
            text += "."
            units.append(Unit(section, text, rng.choice([350, 650]), list_group=group % 3 or None))

    def full(us: list[Unit]) -> float:
        return estimate_duration_s(planner._to_segments(us, roles, show), show)

    def count(unit: Unit, lead: str | None) -> int:
        text = unit.written if lead is None else planner.list_item(unit.written, lead)
        return len(planner._speak(text).split())

    tally = SpokenTally(
        units,
        leads=planner._unit_leads(units),
        words=count,
        seconds_per_word=lambda s: 60.0 / show.voice_for(roles[s]).words_per_minute,
        fixed_s=INTRO_LEAD_S + OUTRO_RING_S,
        section_pause_ms=show.pause_section_ms,
    )
    assert tally.seconds() == pytest.approx(full(units), abs=1e-9)
    for _ in range(60):
        i = rng.randrange(len(units))
        sentences = units[i].written.split(". ")
        removed = rng.choice(sentences)
        rest = units[i].written.replace(removed, "", 1).strip(" .")
        units[i] = dataclasses.replace(units[i], written=rest + "." if rest else "")
        tally.update(i, units[i], removed)
        # A sentence's words are counted alone: the same as in its unit for plain words.
        assert tally.seconds() == pytest.approx(full(units), abs=1e-9)


def test_sample_scripts_are_unchanged(samples: Path, tmp_path: Path) -> None:
    """Byte for byte what `podcast script --json` printed before issue 11 (tests/data/scripts),
    but for clock times, said as the part of the day since issue 15 ("in the morning, Eastern"),
    the voices' measured speaking rates (estimates), each segment's added `display` (whose list
    items lower an opening article or market noun after the list word since stop 22), and the
    words `make bench-heard` found misheard (lexicon: AI, small caps, Chevron, M&A; two
    transitions), each rewrite checked word by word against the old file.
    The .txt sample names only a weekday and is dated by the week its file was saved in, so it
    is read from a copy saved on 2026-11-27 (a fresh checkout saves it on the day it is made)."""
    expected_dir = ROOT / "tests" / "data" / "scripts"
    names = sorted(p.name.removesuffix(".json") for p in expected_dir.glob("*.json"))
    assert len(names) == 5
    saved = dt.datetime(2026, 11, 27, 12, tzinfo=dt.UTC).timestamp()
    for name in names:
        source = ROOT / "examples" / name if name.startswith("recap-2026-11-20") else samples / name
        if source.suffix == ".txt":
            copy = tmp_path / source.name
            copy.write_bytes(source.read_bytes())
            os.utime(copy, (saved, saved))
            source = copy
        run = run_cli(["script", "--json", str(source)])
        assert run.exit_code == 0, run.stderr
        got = json.loads(run.stdout.splitlines()[-1])
        assert got.pop("over_limit") is None
        expected = (expected_dir / f"{name}.json").read_text(encoding="utf-8").strip()
        assert json.dumps(got, ensure_ascii=False) == expected, name
