"""The nightly run's log: one JSON line per event on stderr for logs and journald, or, on a
terminal, a progress bar with one short line per result.

Every event has "ts" (UTC), "run_id", "event" and "source" (the inbox file, or null), plus its
own fields. Log records of the `podcast` logger and Python warnings become "log" events, so a
non-terminal stderr holds JSON lines only (and the CLI's final `error:` line when the run stops).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import secrets
import shutil
import sys
from typing import Any, TextIO

from podcast.util.text import printable

_BAR_WIDTH = 24


def new_run_id() -> str:
    """Sortable and unique enough: the UTC start time and 6 random hex digits."""
    return f"{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"


def _timestamp() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _clock(seconds: float) -> str:
    mins, secs = divmod(round(seconds), 60)
    return f"{mins}:{secs:02d}"


class EventLog:
    """Writes events to `stream` (stderr): JSON lines, or a progress bar when `tty` is true
    (default: when the stream is a terminal)."""

    def __init__(
        self, stream: TextIO | None = None, *, run_id: str | None = None, tty: bool | None = None
    ) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.run_id = run_id or new_run_id()
        if tty is None:
            isatty = getattr(self.stream, "isatty", None)
            tty = bool(isatty and isatty())
        self.tty = tty
        self.source: str | None = None  # the recap being worked on, for log events
        self._bar = ""
        self._handler: _LogBridge | None = None

    # -- events -------------------------------------------------------------------------------

    def emit(self, event: str, source: str | None = None, **fields: Any) -> dict[str, Any]:
        record: dict[str, Any] = {
            "ts": _timestamp(),
            "run_id": self.run_id,
            "event": event,
            "source": source,
            **fields,
        }
        if self.tty:
            line = self._human(record)
            if line:
                self._write_line(line)
        else:
            self.stream.write(json.dumps(record, default=str) + "\n")
            self.stream.flush()
        return record

    def progress(self, done: int, total: int, what: str) -> None:
        """Redraw the bar (terminal only): `done` of `total` recaps, then what is happening."""
        if not self.tty:
            return
        filled = round(_BAR_WIDTH * done / total) if total else _BAR_WIDTH
        bar = f"[{'#' * filled}{'.' * (_BAR_WIDTH - filled)}] {done}/{total} {printable(what)}"
        width = shutil.get_terminal_size((100, 20)).columns - 1
        self._bar = bar[:width]
        self.stream.write(f"\r\x1b[K{self._bar}")
        self.stream.flush()

    def close(self) -> None:
        """Clear the bar and stop bridging log records."""
        if self.tty and self._bar:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._bar = ""
        self.unbridge_logging()

    def _write_line(self, line: str) -> None:
        self.stream.write(f"\r\x1b[K{line}\n")
        if self._bar:
            self.stream.write(self._bar)
        self.stream.flush()

    @staticmethod
    def _human(r: dict[str, Any]) -> str:
        src = printable(str(r.get("source") or ""))
        event = r["event"]
        if event == "run_start":
            return f"nightly {r['run_id']}: {r['recaps']} recap(s) in {printable(r['inbox'])}"
        if event == "published":
            cached = f"{r['cache_hits']}/{r['segments']} segments cached"
            return f"published  {src} -> {r['episode_id']} ({_clock(r['duration_s'])}, {cached})"
        if event == "failed":
            return f"FAILED     {src}: {printable(r['error'])}"
        if event == "retry":
            return (
                f"retrying   {src}: attempt {r['attempt']} failed ({printable(r['error'])}); "
                f"next in {r['delay_s']:.1f} s"
            )
        if event == "skipped":
            return f"skipped    {src} ({printable(r['why'])})"
        if event == "ignored":
            return f"ignored    {src} ({r['why']})"
        if event == "cleanup":
            return f"removed {r['removed']} stale temp file(s) of an interrupted run"
        if event == "log":
            return f"{r['level']}: {printable(r['message'])}"
        return ""

    # -- logging ------------------------------------------------------------------------------

    def bridge_logging(self) -> None:
        """Route the `podcast` logger and Python warnings into this log until close()."""
        if self._handler is not None:
            return
        self._handler = _LogBridge(self)
        for name in ("podcast", "py.warnings"):
            logger = logging.getLogger(name)
            logger.addHandler(self._handler)
            logger.propagate = False
        logging.captureWarnings(True)

    def unbridge_logging(self) -> None:
        if self._handler is None:
            return
        for name in ("podcast", "py.warnings"):
            logger = logging.getLogger(name)
            logger.removeHandler(self._handler)
            logger.propagate = True
        logging.captureWarnings(False)
        self._handler = None


class _LogBridge(logging.Handler):
    def __init__(self, log: EventLog) -> None:
        super().__init__(level=logging.INFO)
        self._log = log

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = " ".join(record.getMessage().split())
            level = record.levelname.lower()
            self._log.emit("log", self._log.source, level=level, message=message)
        except Exception:  # a log line must never stop the run
            self.handleError(record)
