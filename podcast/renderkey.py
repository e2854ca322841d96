"""The render key: one SHA-256 over everything that shapes a published byte of an episode, so
`podcast render` can recognise a render it already published and answer it without redoing it.

Two parts. The settings key covers the show (every ShowConfig value, canonical JSON; not where
its files live), the bytes of the files it names (intro and outro music), each role's voice
identity (`describe_voice`: engine, package and model versions), and the program itself
(version, the bytes of every file of the package and of the lexicon, the versions of the
packages that shape audio, feed, pages and art, and the ffmpeg binary). The input key covers
the recap and quotes bytes, the recap's file name, --date, and the date and episode id the
recap resolved to. A code change without a version bump changes the package's bytes, so it
renders again too.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import json
import os
import shutil
from importlib import metadata
from pathlib import Path

from podcast import __version__
from podcast.config import ROLES, ShowConfig
from podcast.models import Recap, RenderKeys
from podcast.script.lexicon import DEFAULT_PATH as LEXICON
from podcast.tts.base import describe_voice

PACKAGE = Path(__file__).resolve().parent
# Installed packages whose version can change a published byte (the voices' own are in
# describe_voice).
SHAPING_PACKAGES = (
    "numpy",
    "scipy",
    "pyloudnorm",
    "mutagen",
    "feedgen",
    "jinja2",
    "pillow",
    "lxml",
    "beautifulsoup4",
    "markdown-it-py",
    "pyyaml",
    "num2words",
)
_CHUNK = 1 << 20
# Where the show's files live shapes no byte; what they hold does: every value read from the
# show file and the voice profiles is a field of its own, and the music files are hashed.
_WHERE_FIELDS = frozenset({"source", "voices_dir", "intro_music", "outro_music"})


def keys_for(recap: Recap, content_hash: str, date: dt.date | None, show: ShowConfig) -> RenderKeys:
    """Both keys for one recap (read and resolved) rendered with `show`."""
    settings = settings_key(show)
    inputs = _digest(
        {
            "content_hash": content_hash,
            "source_name": recap.source_path.name,
            "date_argument": date.isoformat() if date else None,
            "date": recap.date.isoformat(),
            "episode_id": recap.episode_id,
        }
    )
    return RenderKeys(render=_digest({"inputs": inputs, "settings": settings}), settings=settings)


def settings_key(show: ShowConfig) -> str:
    """Everything but the recap that shapes the episode's bytes (see the module docstring).
    Raises like `describe_voice` when a role's voice cannot run here."""
    voices = {role: show.voice_for(role) for role in ROLES}
    return _digest(
        {
            "show": _canonical(
                {k: v for k, v in dataclasses.asdict(show).items() if k not in _WHERE_FIELDS}
            ),
            "music": {
                "intro": _file_digest(show.intro_music),
                "outro": _file_digest(show.outro_music),
            },
            "voices": {role: describe_voice(profile) for role, profile in voices.items()},
            "program": program_fingerprint(),
        }
    )


@functools.cache
def program_fingerprint() -> str:
    """The program as it runs: version, package and lexicon bytes, shaping packages, ffmpeg."""
    digest = hashlib.sha256(f"recap-podcast {__version__}\n".encode())
    files = sorted(
        p
        for p in PACKAGE.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    )
    for path in [*files, LEXICON]:
        digest.update(f"{path.relative_to(PACKAGE.parent).as_posix()}\n".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    for name in SHAPING_PACKAGES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "absent"
        digest.update(f"{name}=={version}\n".encode())
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is not None:
        st = os.stat(ffmpeg)
        digest.update(f"ffmpeg {os.path.realpath(ffmpeg)} {st.st_size} {st.st_mtime_ns}".encode())
    return digest.hexdigest()


def _file_digest(path: Path | None) -> str | None:
    """SHA-256 of a file the show names; "missing" when it cannot be read (render says why)."""
    if path is None:
        return None
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            while chunk := fh.read(_CHUNK):
                digest.update(chunk)
    except OSError:
        return "missing"
    return digest.hexdigest()


def _canonical(value: object) -> object:
    """Plain JSON values: paths, times and the like as text."""
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def _digest(value: object) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()
