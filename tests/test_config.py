"""config.load_show: the show's defaults come from ShowConfig alone, and each step of reading a
show file refuses bad input with a one-line ConfigError (exit code 2)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest

from podcast import cli, config
from podcast.config import ShowConfig, load_show
from podcast.errors import EXIT_INPUT, ConfigError
from podcast.models import VoiceProfile

ROOT = Path(__file__).resolve().parents[1]
VOICES = ROOT / "voices"
MINIMAL = f"""
voices_dir = "{VOICES}"

[show]
base_url = "https://podcast.example.com/show"

[voices]
host = "fake"
analyst = "fake"
announcer = "fake"
"""


def show_file(tmp_path: Path, text: str = MINIMAL) -> Path:
    path = tmp_path / "show.toml"
    path.write_text(text, encoding="utf-8")
    return path


def refused(tmp_path: Path, text: str) -> str:
    with pytest.raises(ConfigError) as err:
        load_show(show_file(tmp_path, text))
    message = str(err.value)
    assert "\n" not in message
    return message


def test_a_minimal_show_file_takes_every_default_from_show_config(tmp_path: Path) -> None:
    path = show_file(tmp_path)
    show = load_show(path)
    voices = config.load_voice_profiles(VOICES)
    base_url = "https://podcast.example.com/show/"
    expected = ShowConfig(
        base_url=base_url,
        link=base_url,
        roles={"host": "fake", "analyst": "fake", "announcer": "fake"},
        voices=voices,
        voices_dir=VOICES,
        source=path.resolve(),
    )
    assert show == expected
    # A few of the defaults by value, so a default cannot silently become something else.
    assert show.title == "Market Recap" and show.host_name == "Ava"
    assert show.target_duration_s == 540.0 and show.duration_tolerance_s == 45.0
    assert show.qa_min_duration_s == 60.0 and show.qa_max_duration_s == 720.0
    assert show.publish_time == dt.time(18, 30)


def test_voice_profile_defaults_come_from_voice_profile(tmp_path: Path) -> None:
    folder = tmp_path / "voices"
    folder.mkdir()
    (folder / "bare.toml").write_text('engine = "fake"\n', encoding="utf-8")
    (profile,) = config.load_voice_profiles(folder).values()
    assert profile == VoiceProfile(name="bare", engine="fake")


def test_every_plain_setting_names_a_field_and_is_read_in_its_unit(tmp_path: Path) -> None:
    names = {f.name for f in dataclasses.fields(ShowConfig)}
    assert {s.field for s in config._SETTINGS} <= names
    text = MINIMAL + (
        "\n[script]\ntarget_minutes = 10\ntolerance_minutes = 0.5\nmax_list_items = 3\n"
        "\n[qa]\nmin_minutes = 2\nmax_silence_s = 4\n"
        "\n[feed]\nmax_items = 7\n"
        "\n[audio]\nbitrate_kbps = 128\ntransitions = true\n"
    )
    text = text.replace("[show]\n", '[show]\ntitle = "Other"\nhost_name = "Kim"\n')
    text = text.replace("[voices]", "[script.priorities]\nmovers = 99\n\n[voices]", 1)
    show = load_show(show_file(tmp_path, text))
    assert (show.title, show.host_name) == ("Other", "Kim")
    assert show.target_duration_s == 600.0 and show.duration_tolerance_s == 30.0
    assert show.max_list_items == 3 and show.max_feed_items == 7
    assert show.qa_min_duration_s == 120.0 and show.qa_max_silence_s == 4.0
    assert show.mp3_bitrate_kbps == 128 and show.transitions is True
    assert show.section_priorities == {"movers": 99}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("[show]\n", "[show\n"), "is not valid TOML"),
        (("https://podcast.example.com/show", "ftp://x.example/"), r"an absolute http\(s\) URL"),
        (("https://podcast.example.com/show", "https://pödcast.example/"), "must be ASCII"),
        (("[show]\n", '[show]\npublish_time = "25:00"\n'), "publish_time must be HH:MM"),
        (('announcer = "fake"\n', ""), "needs a profile for role 'announcer'"),
        (('analyst = "fake"', 'analyst = "nobody"'), "uses voice profile 'nobody'"),
        (("[show]\n", "[show]\ntitle = 3\n"), "'title' must be a str, not 3"),
        (("[show]\n", "[show]\nexplicit = 1\n"), "'explicit' must be a bool"),
        (("[voices]", "[script]\ntarget_minutes = 'long'\n\n[voices]"), "'target_minutes' must"),
        (("[voices]", "[script]\nmax_list_items = 0\n\n[voices]"), "max_list_items must be a"),
        (("[voices]", "[script]\nmax_list_items = true\n\n[voices]"), "max_list_items must be a"),
        ((f'voices_dir = "{VOICES}"', 'voices_dir = "nowhere"'), "does not exist"),
        ((f'voices_dir = "{VOICES}"', f'voices_dir = "{VOICES}"\nqa = 3'), r"\[qa\] must be a"),
    ],
)
def test_each_step_refuses_bad_input(tmp_path: Path, change: tuple[str, str], message: str) -> None:
    old, new = change
    assert old in MINIMAL
    assert re.search(message, refused(tmp_path, MINIMAL.replace(old, new, 1)))


def test_a_bad_show_file_exits_2_with_one_line(tmp_path: Path, capsys) -> None:
    path = show_file(tmp_path, MINIMAL.replace("[show]\n", '[show]\npublish_time = "6pm"\n'))
    recap = ROOT / "examples" / "recap-2026-11-20.md"
    assert cli.main(["script", "--show", str(path), str(recap)]) == EXIT_INPUT
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: ") and "HH:MM" in err[0]
