"""The show's settings (podcast.toml) and voice profiles (voices/*.toml), read and validated."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import MISSING, dataclass, field, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from podcast.errors import ConfigError
from podcast.models import VoiceProfile
from podcast.util.rrule import normalize_rrule

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SHOW_FILE = PROJECT_ROOT / "podcast.toml"
VOICES_DIR = "voices"  # the voice profiles' folder, relative to the show file, unless voices_dir
ROLES = ("host", "analyst", "announcer")
SECTIONS = ("show", "voices", "script", "audio", "feed", "qa")  # the show file's tables
# Podcasting 2.0 limits: longer node values "may be truncated by aggregators".
LABEL_MAX_CHARS = 128
TXT_MAX_CHARS = 4000


@dataclass(frozen=True)
class UpdateFrequency:
    """The show's release schedule for podcast:updateFrequency: an RFC 5545 recurrence rule
    (checked by podcast.util.rrule) and the words an app shows beside it."""

    rrule: str
    label: str


@dataclass(frozen=True)
class FeedText:
    """One podcast:txt of the channel (e.g. a platform's ownership token); `purpose` may be
    empty."""

    text: str
    purpose: str = ""


@dataclass(frozen=True, kw_only=True)
class ShowConfig:
    """Everything about the show that is not the day's recap. The defaults here are the show's
    defaults: `load_show` falls back to them for every setting a show file leaves out."""

    title: str = "Market Recap"
    description: str = ""
    author: str = ""
    owner_name: str = ""
    owner_email: str = ""
    base_url: str
    language: str = "en-us"
    link: str = ""  # a show file without one links to base_url
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
    update_frequency: UpdateFrequency | None = None  # no schedule, no podcast:updateFrequency
    txt: tuple[FeedText, ...] = ()  # podcast:txt only when the show sets one
    voices_dir: Path = PROJECT_ROOT / VOICES_DIR
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


def _defaults(cls: type) -> dict[str, Any]:
    """A dataclass's plain field defaults by field name."""
    return {f.name: f.default for f in fields(cls) if f.default is not MISSING}


_DEFAULTS = _defaults(ShowConfig)
_VOICE_DEFAULTS = _defaults(VoiceProfile)


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
            gain_db=_get(data, "gain_db", float, _VOICE_DEFAULTS["gain_db"], where),
            words_per_minute=_get(
                data, "words_per_minute", float, _VOICE_DEFAULTS["words_per_minute"], where
            ),
            letters_per_second=_letters_per_second(data, where),
            description=_get(data, "description", str, _VOICE_DEFAULTS["description"], where),
        )
    return profiles


def _letters_per_second(data: dict[str, Any], where: str) -> float | None:
    value = data.get("letters_per_second")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 3 <= value <= 40:
        raise ConfigError(f"{where}: 'letters_per_second' must be a number from 3 to 40")
    return float(value)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise ConfigError(f"show file {path} not found; pass --show FILE") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path} is not valid TOML ({exc}); fix the file") from None


@dataclass(frozen=True)
class _Setting:
    """A show-file key read as it is into a ShowConfig field (its default is the field's),
    times `per_unit` (minutes in the file, seconds in the field)."""

    table: str
    key: str
    field: str
    kind: type
    per_unit: float = 1.0


# Every plain setting, in the order the show file is checked.
_SETTINGS = (
    _Setting("show", "title", "title", str),
    _Setting("show", "description", "description", str),
    _Setting("show", "author", "author", str),
    _Setting("show", "owner_name", "owner_name", str),
    _Setting("show", "owner_email", "owner_email", str),
    _Setting("show", "language", "language", str),
    _Setting("show", "copyright", "copyright", str),
    _Setting("show", "category", "category", str),
    _Setting("show", "subcategory", "subcategory", str),
    _Setting("show", "explicit", "explicit", bool),
    _Setting("show", "timezone", "timezone", str),
    _Setting("show", "host_name", "host_name", str),
    _Setting("show", "analyst_name", "analyst_name", str),
    _Setting("show", "sign_off", "sign_off", str),
    _Setting("script", "target_minutes", "target_duration_s", float, 60.0),
    _Setting("script", "tolerance_minutes", "duration_tolerance_s", float, 60.0),
    _Setting("script", "max_list_items", "max_list_items", int),
    _Setting("script", "pause_sentence_ms", "pause_sentence_ms", int),
    _Setting("script", "pause_paragraph_ms", "pause_paragraph_ms", int),
    _Setting("script", "pause_section_ms", "pause_section_ms", int),
    _Setting("audio", "bitrate_kbps", "mp3_bitrate_kbps", int),
    _Setting("audio", "sample_rate", "sample_rate", int),
    _Setting("audio", "transitions", "transitions", bool),
    _Setting("feed", "max_items", "max_feed_items", int),
    _Setting("qa", "min_minutes", "qa_min_duration_s", float, 60.0),
    _Setting("qa", "max_minutes", "qa_max_duration_s", float, 60.0),
    _Setting("qa", "lufs_tolerance", "qa_lufs_tolerance", float),
    _Setting("qa", "max_silence_s", "qa_max_silence_s", float),
)


def load_show(path: Path | None = None) -> ShowConfig:
    """Read and validate a show file (default: the project's podcast.toml)."""
    path = (path or DEFAULT_SHOW_FILE).resolve()
    data = _read_toml(path)
    where = str(path)
    tables = _sections(data, where)
    base_url = _base_url(tables["show"], where)
    publish_time = _publish_time(tables["show"], where)
    voices_dir = (path.parent / _get(data, "voices_dir", str, VOICES_DIR, where)).resolve()
    voices = load_voice_profiles(voices_dir)
    roles = _roles(tables["voices"], voices, voices_dir, where)
    settings = _plain_settings(tables, where)
    if isinstance(settings["max_list_items"], bool) or settings["max_list_items"] < 1:
        raise ConfigError(f"{where}: [script] max_list_items must be a whole number of at least 1")
    return ShowConfig(
        **settings,
        base_url=base_url,
        link=_get(tables["show"], "link", str, base_url, where),
        publish_time=publish_time,
        roles=roles,
        voices=voices,
        section_priorities=_priorities(tables["script"]),
        voices_dir=voices_dir,
        source=path,
        intro_music=_music(tables["audio"], "intro", path),
        outro_music=_music(tables["audio"], "outro", path),
        update_frequency=_update_frequency(tables["feed"], where),
        txt=_feed_texts(tables["feed"], where),
    )


def _sections(data: dict[str, Any], where: str) -> dict[str, dict[str, Any]]:
    """The show file's tables by name (an absent one is empty)."""
    tables = {}
    for name in SECTIONS:
        table = data.get(name, {})
        if not isinstance(table, dict):
            raise ConfigError(f"{where}: [{name}] must be a table of settings, not {table!r}")
        tables[name] = table
    return tables


def _base_url(show: dict[str, Any], where: str) -> str:
    """show.base_url with one trailing slash: an absolute ASCII http(s) URL."""
    base_url = _get(show, "base_url", str, "", where).rstrip("/") + "/"
    parsed = urlparse(base_url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ConfigError(
            f"{where}: show.base_url must be an absolute http(s) URL, not {base_url!r}"
        )
    if not base_url.isascii():
        raise ConfigError(f"{where}: show.base_url must be ASCII (percent-encode it)")
    return base_url


def _publish_time(show: dict[str, Any], where: str) -> dt.time:
    """show.publish_time, "HH:MM" on a 24-hour clock."""
    default = _DEFAULTS["publish_time"].strftime("%H:%M")
    publish = _get(show, "publish_time", str, default, where)
    if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", publish):
        raise ConfigError(f"{where}: show.publish_time must be HH:MM, not {publish!r}")
    return dt.time(int(publish[:2]), int(publish[3:]))


def _roles(
    table: dict[str, Any], voices: dict[str, VoiceProfile], voices_dir: Path, where: str
) -> dict[str, str]:
    """[voices]: role -> profile name, one for every role, each a known profile."""
    roles = {str(k): str(v) for k, v in table.items()}
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
    return roles


def _plain_settings(tables: dict[str, dict[str, Any]], where: str) -> dict[str, Any]:
    """Every _SETTINGS field: the file's value (type-checked, in the field's unit) or the
    ShowConfig default."""
    values: dict[str, Any] = {}
    for s in _SETTINGS:
        default = _DEFAULTS[s.field]
        if s.per_unit == 1.0:
            values[s.field] = _get(tables[s.table], s.key, s.kind, default, where)
        else:  # the file's unit: minutes for a field in seconds
            value = _get(tables[s.table], s.key, s.kind, default / s.per_unit, where)
            values[s.field] = value * s.per_unit
    return values


def _priorities(script: dict[str, Any]) -> dict[str, int]:
    """[script.priorities]: section kind -> how long it is kept when the script is too long."""
    return {str(k): int(v) for k, v in script.get("priorities", {}).items()}


def _music(audio: dict[str, Any], key: str, show_file: Path) -> Path | None:
    """[audio] intro/outro: the show's own music file, relative to the show file."""
    value = audio.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{show_file}: [audio] {key} must be a file path")
    return (show_file.parent / value).resolve()


def _update_frequency(feed: dict[str, Any], where: str) -> UpdateFrequency | None:
    """[feed] update_frequency (an RFC 5545 RRULE) with update_frequency_label, or None."""
    rule = _get(feed, "update_frequency", str, "", where).strip()
    label = " ".join(_get(feed, "update_frequency_label", str, "", where).split())
    if not rule:
        if label:
            raise ConfigError(f"{where}: [feed] update_frequency_label needs update_frequency")
        return None
    try:
        rule = normalize_rrule(rule)
    except ValueError as exc:
        raise ConfigError(f"{where}: [feed] update_frequency: {exc}") from None
    if not label or len(label) > LABEL_MAX_CHARS:
        raise ConfigError(
            f"{where}: [feed] update_frequency_label must say the schedule in 1 to "
            f'{LABEL_MAX_CHARS} characters, e.g. "Every weekday"'
        )
    return UpdateFrequency(rrule=rule, label=label)


def _feed_texts(feed: dict[str, Any], where: str) -> tuple[FeedText, ...]:
    """[feed] txt: a string, or a list of {text, purpose} tables; absent means none."""
    value = feed.get("txt", [])
    items = [value] if isinstance(value, (str, dict)) else value
    if not isinstance(items, list):
        raise ConfigError(f"{where}: [feed] txt must be a string or a list of {{text, purpose}}")
    texts = []
    for item in items:
        entry = {"text": item} if isinstance(item, str) else item
        if not isinstance(entry, dict) or set(entry) - {"text", "purpose"}:
            raise ConfigError(f"{where}: [feed] txt entries are a string or {{text, purpose}}")
        text = _get(entry, "text", str, "", where).strip()
        purpose = _get(entry, "purpose", str, "", where).strip()
        if not text or len(text) > TXT_MAX_CHARS or len(purpose) > LABEL_MAX_CHARS:
            raise ConfigError(
                f"{where}: [feed] txt needs a text of 1 to {TXT_MAX_CHARS} characters and a "
                f"purpose of at most {LABEL_MAX_CHARS}"
            )
        texts.append(FeedText(text=text, purpose=purpose))
    return tuple(texts)
