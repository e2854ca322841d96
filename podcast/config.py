"""The show's settings (podcast.toml) and voice profiles (voices/*.toml), read and validated."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from podcast.errors import ConfigError
from podcast.models import VoiceProfile

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SHOW_FILE = PROJECT_ROOT / "podcast.toml"
ROLES = ("host", "analyst", "announcer")


@dataclass(frozen=True)
class ShowConfig:
    """Everything about the show that is not the day's recap."""

    title: str
    description: str
    author: str
    owner_name: str
    owner_email: str
    base_url: str
    language: str = "en-us"
    link: str = ""
    copyright: str = ""
    category: str = "Business"
    subcategory: str = "Investing"
    explicit: bool = False
    publish_time: dt.time = dt.time(18, 30)
    timezone: str = "America/New_York"
    host_name: str = "Ava"
    analyst_name: str = "Joe"
    sign_off: str = "Thanks for listening."
    roles: dict[str, str] = field(default_factory=dict)
    voices: dict[str, VoiceProfile] = field(default_factory=dict)
    target_duration_s: float = 540.0
    duration_tolerance_s: float = 45.0
    section_priorities: dict[str, int] = field(default_factory=dict)
    pause_sentence_ms: int = 350
    pause_paragraph_ms: int = 650
    pause_section_ms: int = 1100
    max_list_items: int = 8  # a protected list (key takeaways) longer than this keeps its first N
    mp3_bitrate_kbps: int = 96
    sample_rate: int = 44100
    max_feed_items: int = 100
    voices_dir: Path = PROJECT_ROOT / "voices"
    source: Path = DEFAULT_SHOW_FILE
    intro_music: Path | None = None
    outro_music: Path | None = None
    transitions: bool = False
    qa_min_duration_s: float = 60.0
    qa_max_duration_s: float = 720.0
    qa_lufs_tolerance: float = 0.5
    qa_max_silence_s: float = 3.0

    def voice_for(self, role: str) -> VoiceProfile:
        name = self.roles.get(role) or self.roles.get("host")
        if name is None or name not in self.voices:
            raise ConfigError(
                f"no voice profile for role '{role}'; map it under [voices] in {self.source}"
            )
        return self.voices[name]


def _get(table: dict[str, Any], key: str, kind: type, default: Any, where: str) -> Any:
    value = table.get(key, default)
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, kind):
        raise ConfigError(f"{where}: '{key}' must be a {kind.__name__}, not {value!r}")
    return value


def load_voice_profiles(folder: Path) -> dict[str, VoiceProfile]:
    """Every voices/*.toml (lexicon.toml aside) as a profile, keyed by name."""
    profiles: dict[str, VoiceProfile] = {}
    if not folder.is_dir():
        raise ConfigError(f"voice folder {folder} does not exist; set voices_dir in the show file")
    for path in sorted(folder.glob("*.toml")):
        if path.name == "lexicon.toml":
            continue
        data = _read_toml(path)
        where = str(path)
        name = _get(data, "name", str, path.stem, where)
        speed = data.get("speed")
        if speed is not None and not (isinstance(speed, (int, float)) and 0.5 <= speed <= 2.0):
            raise ConfigError(f"{where}: 'speed' must be between 0.5 and 2.0")
        profiles[name] = VoiceProfile(
            name=name,
            engine=_get(data, "engine", str, "", where),
            voice=data.get("voice"),
            speed=float(speed) if speed is not None else None,
            gain_db=_get(data, "gain_db", float, 0.0, where),
            words_per_minute=_get(data, "words_per_minute", float, 165.0, where),
            description=_get(data, "description", str, "", where),
        )
    return profiles


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise ConfigError(f"show file {path} not found; pass --show FILE") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path} is not valid TOML ({exc}); fix the file") from None


def load_show(path: Path | None = None) -> ShowConfig:
    """Read and validate a show file (default: the project's podcast.toml)."""
    path = (path or DEFAULT_SHOW_FILE).resolve()
    data = _read_toml(path)
    where = str(path)
    show = data.get("show", {})
    script = data.get("script", {})
    audio = data.get("audio", {})
    feed = data.get("feed", {})
    qa = data.get("qa", {})
    base_url = _get(show, "base_url", str, "", where).rstrip("/") + "/"
    parsed = urlparse(base_url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ConfigError(
            f"{where}: show.base_url must be an absolute http(s) URL, not {base_url!r}"
        )
    if not base_url.isascii():
        raise ConfigError(f"{where}: show.base_url must be ASCII (percent-encode it)")
    publish = _get(show, "publish_time", str, "18:30", where)
    if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", publish):
        raise ConfigError(f"{where}: show.publish_time must be HH:MM, not {publish!r}")
    voices_dir = (path.parent / _get(data, "voices_dir", str, "voices", where)).resolve()
    voices = load_voice_profiles(voices_dir)
    roles = {str(k): str(v) for k, v in data.get("voices", {}).items()}
    for role in ROLES:
        name = roles.get(role)
        if name is None:
            raise ConfigError(f"{where}: [voices] needs a profile for role '{role}'")
        if name not in voices:
            known = ", ".join(sorted(voices)) or "none"
            raise ConfigError(
                f"{where}: role '{role}' uses voice profile '{name}', which is not in {voices_dir} "
                f"(known: {known})"
            )
    target_min = _get(script, "target_minutes", float, 9.0, where)
    tol_min = _get(script, "tolerance_minutes", float, 0.75, where)
    max_list_items = _get(script, "max_list_items", int, 8, where)
    if isinstance(max_list_items, bool) or max_list_items < 1:
        raise ConfigError(f"{where}: [script] max_list_items must be a whole number of at least 1")
    return ShowConfig(
        title=_get(show, "title", str, "Market Recap", where),
        description=_get(show, "description", str, "", where),
        author=_get(show, "author", str, "", where),
        owner_name=_get(show, "owner_name", str, "", where),
        owner_email=_get(show, "owner_email", str, "", where),
        base_url=base_url,
        language=_get(show, "language", str, "en-us", where),
        link=_get(show, "link", str, base_url, where),
        copyright=_get(show, "copyright", str, "", where),
        category=_get(show, "category", str, "Business", where),
        subcategory=_get(show, "subcategory", str, "Investing", where),
        explicit=_get(show, "explicit", bool, False, where),
        publish_time=dt.time(int(publish[:2]), int(publish[3:])),
        timezone=_get(show, "timezone", str, "America/New_York", where),
        host_name=_get(show, "host_name", str, "Ava", where),
        analyst_name=_get(show, "analyst_name", str, "Joe", where),
        sign_off=_get(show, "sign_off", str, "Thanks for listening.", where),
        roles=roles,
        voices=voices,
        target_duration_s=target_min * 60.0,
        duration_tolerance_s=tol_min * 60.0,
        section_priorities={str(k): int(v) for k, v in script.get("priorities", {}).items()},
        pause_sentence_ms=_get(script, "pause_sentence_ms", int, 350, where),
        pause_paragraph_ms=_get(script, "pause_paragraph_ms", int, 650, where),
        pause_section_ms=_get(script, "pause_section_ms", int, 1100, where),
        max_list_items=max_list_items,
        mp3_bitrate_kbps=_get(audio, "bitrate_kbps", int, 96, where),
        sample_rate=_get(audio, "sample_rate", int, 44100, where),
        max_feed_items=_get(feed, "max_items", int, 100, where),
        voices_dir=voices_dir,
        source=path,
        transitions=_get(audio, "transitions", bool, False, where),
        qa_min_duration_s=_get(qa, "min_minutes", float, 1.0, where) * 60.0,
        qa_max_duration_s=_get(qa, "max_minutes", float, 12.0, where) * 60.0,
        qa_lufs_tolerance=_get(qa, "lufs_tolerance", float, 0.5, where),
        qa_max_silence_s=_get(qa, "max_silence_s", float, 3.0, where),
        intro_music=_music(audio, "intro", path),
        outro_music=_music(audio, "outro", path),
    )


def _music(audio: dict[str, Any], key: str, show_file: Path) -> Path | None:
    """[audio] intro/outro: the show's own music file, relative to the show file."""
    value = audio.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{show_file}: [audio] {key} must be a file path")
    return (show_file.parent / value).resolve()
