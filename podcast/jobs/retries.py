"""Retry a step whose failure may be transient (an ffmpeg crash, a timed-out program), with
exponential backoff and a bounded number of attempts. Bad input, a QA refusal, a silent mixdown, a
full disk or a segment the TTS pool already gave up on is never retried: trying again cannot change
the answer (errors.is_transient decides)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from podcast.errors import is_transient
from podcast.util.env import env_float

T = TypeVar("T")

MAX_ATTEMPTS = 3
DEFAULT_BASE_S = 5.0
MAX_DELAY_S = 120.0


def default_base_s() -> float:
    """The first backoff delay: $PODCAST_RETRY_BASE_S, else 5 s (tests set it near zero)."""
    return env_float("PODCAST_RETRY_BASE_S", DEFAULT_BASE_S)


def backoff_s(attempt: int, base_s: float) -> float:
    """The wait after failed attempt number `attempt` (1-based): base, 2 x base, 4 x base ..."""
    return float(min(MAX_DELAY_S, base_s * 2 ** (attempt - 1)))


def with_retries(
    step: Callable[[], T],
    *,
    attempts: int = MAX_ATTEMPTS,
    base_s: float | None = None,
    on_retry: Callable[[int, float, BaseException], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> tuple[T, int]:
    """(step's result, attempts used). A transient error is retried up to `attempts` tries in
    all, `on_retry(attempt, delay, error)` being called before each wait; the last error, or
    any non-transient one, is raised as is."""
    base = default_base_s() if base_s is None else base_s
    attempt = 1
    while True:
        try:
            return step(), attempt
        except Exception as exc:
            if attempt >= attempts or not is_transient(exc):
                raise
            delay = backoff_s(attempt, base)
            if on_retry is not None:
                on_retry(attempt, delay, exc)
            sleep(delay)
            attempt += 1
