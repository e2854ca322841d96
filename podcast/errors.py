"""One error hierarchy. Each stage raises its own subclass; the CLI maps `exit_code` to the process.

Exit codes (documented in the README):
  0 success · 2 bad input or usage · 3 partial failure (nightly) · 4 lock busy
  5 QA gate refused · 6 missing dependency / environment · 1 internal error
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_INPUT = 2
EXIT_PARTIAL = 3
EXIT_LOCKED = 4
EXIT_QA = 5
EXIT_ENVIRONMENT = 6


class PodcastError(Exception):
    """Base of every deliberate error. The message is one line: what is wrong and how to fix it."""

    exit_code = EXIT_INTERNAL

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(message.split()))


class InputError(PodcastError):
    """The recap, a CLI argument or a setting is wrong: the user can fix it."""

    exit_code = EXIT_INPUT


class ScriptTooLong(InputError):
    """The planned script is longer than the show's [qa] max_minutes: refused before any audio."""


class ConfigError(InputError):
    """podcast.toml or a voice profile is wrong or missing."""


class DependencyError(PodcastError):
    """A package or a program (ffmpeg, espeak-ng) is missing."""

    exit_code = EXIT_ENVIRONMENT


class ScriptError(PodcastError):
    """The script could not be built."""


class TTSError(PodcastError):
    """An engine failed to speak a segment."""


class AudioError(PodcastError):
    """Mixing, mastering or export failed."""


class QAError(PodcastError):
    """The finished episode failed a quality check; nothing was published."""

    exit_code = EXIT_QA


class PublishError(PodcastError):
    """Writing the feed, pages or catalog failed."""


class LockBusy(PodcastError):
    """Another run holds the lock."""

    exit_code = EXIT_LOCKED


class SubprocessError(PodcastError):
    """An external program failed or timed out; the message has the command and stderr's tail."""
