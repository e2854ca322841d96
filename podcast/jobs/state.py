"""What the nightly last did with each inbox file: STATE/nightly-state.json (never in OUT: its
error texts name absolute paths).

The catalog stores each episode's content hash, but one row per episode: two inbox files that
make the same episode (an .md and its .html export) would each look "changed" every night and
replace each other for ever. This ledger keeps, per file, the content hash it was last published
with (and its last failure, for the summary). A file counts as done only when that hash matches
and its episode is still in the catalog; it is written after publish() returns, so a run killed
in between simply renders the file again (from the cache) and publishes the same bytes.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from podcast.publish import layout
from podcast.util.atomic import write_text

VERSION = 1


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


class Ledger:
    """Per inbox file: {"published": {content_hash, episode_id, at} | None,
    "failed": {content_hash, error, exit_code, at, count} | None}."""

    def __init__(self, path: Path, sources: dict[str, dict[str, Any]], *, damaged: bool = False):
        self.path = path
        self.sources = sources
        self.damaged = damaged  # the file existed but could not be read: every file is redone

    @classmethod
    def load(cls, state: Path) -> Ledger:
        path = state / layout.LEDGER
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls(path, {})
        except (OSError, ValueError):
            return cls(path, {}, damaged=True)
        sources = data.get("sources") if isinstance(data, dict) else None
        if not isinstance(sources, dict):
            return cls(path, {}, damaged=True)
        return cls(path, {str(k): v for k, v in sources.items() if isinstance(v, dict)})

    def published_episode(self, name: str, content_hash: str) -> str | None:
        """The episode id this file was published as with exactly this content, else None."""
        published = self.sources.get(name, {}).get("published")
        if isinstance(published, dict) and published.get("content_hash") == content_hash:
            episode_id = published.get("episode_id")
            return episode_id if isinstance(episode_id, str) else None
        return None

    def record_published(self, name: str, content_hash: str, episode_id: str) -> None:
        self.sources[name] = {
            "published": {"content_hash": content_hash, "episode_id": episode_id, "at": _now()},
            "failed": None,
        }

    def record_failed(self, name: str, content_hash: str | None, error: str, code: int) -> None:
        entry = self.sources.setdefault(name, {"published": None, "failed": None})
        previous = entry.get("failed") if isinstance(entry.get("failed"), dict) else None
        count = int(previous.get("count", 0)) + 1 if previous else 1
        entry["failed"] = {
            "content_hash": content_hash,
            "error": error,
            "exit_code": code,
            "at": _now(),
            "count": count,
        }

    def failures(self, name: str) -> int:
        failed = self.sources.get(name, {}).get("failed")
        return int(failed.get("count", 0)) if isinstance(failed, dict) else 0

    def save(self) -> None:
        """Atomically, so a killed run leaves the previous ledger or this one."""
        data = {"version": VERSION, "sources": self.sources}
        write_text(self.path, json.dumps(data, indent=1, sort_keys=True) + "\n")
