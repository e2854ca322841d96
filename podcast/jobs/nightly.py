"""The nightly job: render and publish every inbox recap that is new or changed, one failure not
stopping the others, and say what happened. Each recap goes through `pipeline.render`, the same
chain as `podcast render`, so a recap publishes the same bytes whichever way it was made.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
import traceback
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from podcast import pipeline, renderkey
from podcast.config import ShowConfig
from podcast.errors import (
    EXIT_ENVIRONMENT,
    EXIT_INTERNAL,
    EXIT_OK,
    EXIT_PARTIAL,
    InputError,
    classify,
    machine_error,
)
from podcast.jobs.events import EventLog
from podcast.jobs.housekeeping import check_free_space, default_min_free_mb, remove_stale_temp
from podcast.jobs.inbox import (
    InboxItem,
    content_hash,
    default_min_age_s,
    list_recaps,
    settle_pause_s,
    settled,
)
from podcast.jobs.locking import nightly_lock
from podcast.jobs.retries import with_retries
from podcast.jobs.state import Ledger
from podcast.publish import layout
from podcast.publish.catalog import Catalog
from podcast.publish.statedir import prepare_state, publish_lock, remove_orphan_work
from podcast.publish.unchanged import still_published
from podcast.tts.cache import SegmentCache
from podcast.util.text import printable

if TYPE_CHECKING:
    from podcast.scale.executors import Executor


@dataclass
class Outcome:
    """What happened to one inbox file: published, unchanged, failed, not_attempted, or skipped
    (still being written: a later run picks it up)."""

    source: str
    status: str
    episode_id: str | None = None
    error: str | None = None
    exit_code: int = EXIT_OK
    attempts: int = 0
    duration_s: float | None = None
    cache_hits: int | None = None
    segments: int | None = None
    failures: int = 0  # consecutive nights this file has failed, this one included


@dataclass
class Summary:
    run_id: str
    inbox: str
    out: str
    outcomes: list[Outcome] = field(default_factory=list)
    ignored: list[tuple[str, str]] = field(default_factory=list)
    exit_code: int = EXIT_OK
    elapsed_s: float = 0.0

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    def counts(self) -> dict[str, int]:
        kinds = ("published", "unchanged", "failed", "not_attempted", "skipped")
        return {k: self.count(k) for k in kinds}

    def to_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "inbox": self.inbox,
            "out": self.out,
            "exit_code": self.exit_code,
            "elapsed_s": round(self.elapsed_s, 2),
            **self.counts(),
            "recaps": [asdict(o) for o in self.outcomes],
            "ignored": [{"source": n, "why": w} for n, w in self.ignored],
        }

    def text(self) -> str:
        c = self.counts()
        head = (
            f"nightly {self.run_id}: {len(self.outcomes)} recap(s): {c['published']} published, "
            f"{c['unchanged']} unchanged, {c['failed']} failed"
        )
        if c["not_attempted"]:
            head += f", {c['not_attempted']} not attempted"
        if c["skipped"]:
            head += f", {c['skipped']} skipped (still being written)"
        lines = [f"{head} (exit {self.exit_code}, {self.elapsed_s:.1f} s)"]
        for o in self.outcomes:
            name = printable(o.source)
            if o.status == "published":
                lines.append(f"  published      {name} -> {o.episode_id}")
            elif o.status == "unchanged":
                lines.append(f"  unchanged      {name} ({o.episode_id})")
            elif o.status == "skipped":
                lines.append(f"  skipped        {name}: {printable(o.error or '')}")
            else:
                label = "failed" if o.status == "failed" else "not attempted"
                nights = f" [failing {o.failures} runs in a row]" if o.failures > 1 else ""
                lines.append(f"  {label:<14} {name}: {printable(o.error or '')}{nights}")
        return "\n".join(lines)


def exit_code_for(outcomes: list[Outcome]) -> int:
    """0 when nothing failed; 6 when the run stopped on its environment (disk, a missing
    program); when every recap it tried failed for one reason, that reason's code (2 bad input,
    5 QA, 1 internal); otherwise 3, a partial failure."""
    failed = [o for o in outcomes if o.status == "failed"]
    if not failed:
        return EXIT_OK
    if any(o.exit_code == EXIT_ENVIRONMENT for o in failed):
        return EXIT_ENVIRONMENT
    codes = {o.exit_code for o in failed}
    if not any(o.status == "published" for o in outcomes) and len(codes) == 1:
        return codes.pop()
    return EXIT_PARTIAL


@dataclass
class _Stop:
    signum: int = 0

    def check(self) -> None:
        if self.signum:
            raise KeyboardInterrupt(f"stopped by signal {self.signum}")


@contextlib.contextmanager
def _stop_on_sigterm() -> Iterator[_Stop]:
    """SIGTERM (systemd's stop, a timeout) unwinds like Ctrl-C, so the work folder is removed and
    pool workers are killed. Python ignores an exception raised where it cannot propagate (in an
    at-fork hook, say), so the request is also kept and checked between recaps. A forked worker
    that inherited the handler just exits."""
    stop = _Stop()
    if threading.current_thread() is not threading.main_thread():
        yield stop
        return
    owner = os.getpid()

    def handler(signum: int, _frame: object) -> None:
        if os.getpid() != owner:
            os._exit(128 + signum)
        stop.signum = signum
        stop.check()

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield stop
    finally:
        signal.signal(signal.SIGTERM, previous)


def _published_ids(state: Path) -> set[str]:
    path = state / layout.CATALOG
    if not path.is_file():
        return set()
    with Catalog(path) as catalog:
        return {r.episode_id for r in catalog.all_newest_first()}


class _Run:
    def __init__(
        self,
        inbox: Path,
        out: Path,
        state: Path,
        show: ShowConfig,
        cache: SegmentCache,
        log: EventLog,
        min_free_mb: float,
        retry_base_s: float | None,
        executor: Executor | None = None,
    ) -> None:
        self.inbox, self.out, self.show, self.cache, self.log = inbox, out, show, cache, log
        self.executor = executor
        self.state = state
        self.min_free_mb = min_free_mb
        self.retry_base_s = retry_base_s
        self.ledger = Ledger.load(state)
        self.published_ids = _published_ids(state)
        self._settings_key: str | None = None

    def still_published(self, episode_id: str) -> bool:
        """The ledger's "done" holds only while the episode is published as these settings would
        publish it and its files are intact: render's own short cut, with the ledger standing
        for the inputs (so two inbox files making one episode do not replace each other)."""
        try:
            if self._settings_key is None:
                self._settings_key = renderkey.settings_key(self.show)
        except Exception:  # a voice that cannot run here: the render says so, per recap
            return False
        found = still_published(self.out, self.state, episode_id, settings_key=self._settings_key)
        return found is not None

    def _save(self) -> None:
        try:
            self.ledger.save()
        except OSError as exc:  # the next run redoes the file, publishing the same bytes
            self.log.emit(
                "log", self.log.source, level="warning", message=f"state not saved: {exc}"
            )

    def fail(
        self, item: InboxItem, digest: str | None, exc: BaseException, attempts: int
    ) -> Outcome:
        known = classify(exc)  # a full or read-only disk is the machine's (6), not a bug
        if known is not None:
            code, message = known.exit_code, str(known)
        else:
            code = EXIT_INTERNAL
            message = " ".join(f"internal error: {type(exc).__name__}: {exc}".split())
            if os.environ.get("PODCAST_DEBUG"):
                traceback.print_exception(exc, file=self.log.stream)
        self.ledger.record_failed(item.name, digest, message, code)
        self._save()
        failures = self.ledger.failures(item.name)
        self.log.emit(
            "failed", item.name, error=message, exit_code=code, attempts=attempts, failures=failures
        )
        return Outcome(
            item.name, "failed", error=message, exit_code=code, attempts=attempts, failures=failures
        )

    def one(self, item: InboxItem) -> Outcome:
        if item.problem is not None:
            return self.fail(item, None, InputError(item.problem), 0)
        try:
            digest = content_hash(item)
        except OSError as exc:
            problem = f"cannot read {printable(item.name)} ({exc.strerror or exc}); check it"
            return self.fail(item, None, InputError(problem), 0)
        done = self.ledger.published_episode(item.name, digest)
        if (
            done is not None
            and done in self.published_ids
            and not self.ledger.damaged
            and self.still_published(done)
        ):
            self.log.emit("unchanged", item.name, episode_id=done, content_hash=digest)
            return Outcome(item.name, "unchanged", episode_id=done)
        attempts = 0
        try:
            disks = (("OUT", self.out), ("the state folder", self.state))
            check_free_space((*disks, ("the cache", self.cache.root)), self.min_free_mb)
            self.log.emit("render_start", item.name, content_hash=digest, quotes=bool(item.quotes))

            def step() -> pipeline.RenderResult:
                nonlocal attempts
                attempts += 1
                return pipeline.render(
                    item.path,
                    self.out,
                    self.show,
                    quotes=item.quotes,
                    cache=self.cache,
                    state=self.state,
                    executor=self.executor,
                )

            def on_retry(attempt: int, delay: float, exc: BaseException) -> None:
                error = " ".join(f"{type(exc).__name__}: {exc}".split())
                self.log.emit("retry", item.name, attempt=attempt, delay_s=delay, error=error)

            result, _ = with_retries(step, base_s=self.retry_base_s, on_retry=on_retry)
        except Exception as exc:
            return self.fail(item, digest, exc, attempts)
        episode_id = result.recap.episode_id
        self.ledger.record_published(item.name, digest, episode_id)
        self._save()
        self.published_ids.add(episode_id)
        segments = result.episode.segments
        outcome = Outcome(
            item.name,
            "published",
            episode_id=episode_id,
            attempts=attempts,
            duration_s=round(result.episode.duration_s, 3),
            cache_hits=sum(1 for s in segments if s.cached),
            segments=len(segments),
        )
        self.log.emit(
            "published",
            item.name,
            episode_id=episode_id,
            guid=result.published.guid,
            mp3=result.published.mp3.relative_to(self.out).as_posix(),
            duration_s=outcome.duration_s,
            cache_hits=outcome.cache_hits,
            segments=outcome.segments,
            attempts=attempts,
            content_hash=digest,
            unchanged=result.unchanged,
        )
        return outcome


def run(
    inbox: Path,
    out: Path,
    show: ShowConfig,
    cache: SegmentCache,
    *,
    log: EventLog | None = None,
    min_free_mb: float | None = None,
    retry_base_s: float | None = None,
    state: Path | None = None,
    min_age_s: float | None = None,
    executor: Executor | None = None,
) -> Summary:
    """One nightly run over `inbox` into `out` (private state in `state`, default beside OUT).
    Raises LockBusy (another nightly holds OUT) or InputError (no such inbox) before doing
    anything; otherwise returns the summary, whose exit_code is the process's. Renders run
    outside any lock; each publish waits for OUT's publish lock, like `podcast render`'s. A recap
    modified less than `min_age_s` ago (default $PODCAST_INBOX_MIN_AGE_S or 60) or still
    changing is skipped until a later run. `executor` runs each recap's speech and assembly
    (default: the local worker pool; `podcast nightly --scheduler` passes a Dask cluster)."""
    log = log or EventLog()
    started = time.monotonic()
    # onnxruntime (hibari, piper) otherwise writes a telemetry device id under ~/.cache: the job
    # writes nothing outside OUT and the cache. Pool workers inherit the environment.
    os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
    summary = Summary(run_id=log.run_id, inbox=str(inbox), out=str(out))
    try:
        if not inbox.is_dir():
            raise InputError(f"the inbox {inbox} is not a folder; pass --inbox DIR")
        out = out.resolve()
        if out == inbox.resolve():
            raise InputError(f"--inbox and --out are the same folder ({out}); use two folders")
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise machine_error(exc, "creating the output folder") or InputError(
                f"cannot create the output folder {out} ({exc.strerror}); pass a folder as --out"
            ) from None
        state_dir = prepare_state(out, state)
        with nightly_lock(state_dir, log.run_id), _stop_on_sigterm() as stop:
            log.bridge_logging()
            min_age = default_min_age_s() if min_age_s is None else min_age_s
            _run_locked(
                inbox,
                out,
                state_dir,
                show,
                cache,
                log,
                summary,
                min_free_mb,
                retry_base_s,
                min_age,
                stop,
                executor,
            )
    except Exception as exc:
        known = classify(exc)  # the lock or OUT on a read-only or full disk: exit 6, not 1 or 2
        if known is None:
            log.emit("run_end", exit_code=EXIT_INTERNAL, error=f"{type(exc).__name__}: {exc}")
            raise
        log.emit("run_end", exit_code=known.exit_code, error=str(known))
        if known is exc:
            raise
        raise known from exc
    except BaseException as exc:
        code = 130 if isinstance(exc, KeyboardInterrupt) else EXIT_INTERNAL
        log.emit("run_end", exit_code=code, error=f"{type(exc).__name__}: {exc}")
        raise
    finally:
        log.close()
    summary.elapsed_s = time.monotonic() - started
    counts = summary.counts()
    log.emit(
        "run_end",
        exit_code=summary.exit_code,
        elapsed_s=round(summary.elapsed_s, 2),
        published=counts["published"],
        unchanged=counts["unchanged"],
        failed=counts["failed"],
        not_attempted=counts["not_attempted"],
        skipped=counts["skipped"],
    )
    return summary


def _run_locked(
    inbox: Path,
    out: Path,
    state: Path,
    show: ShowConfig,
    cache: SegmentCache,
    log: EventLog,
    summary: Summary,
    min_free_mb: float | None,
    retry_base_s: float | None,
    min_age_s: float,
    stop: _Stop,
    executor: Executor | None,
) -> None:
    with publish_lock(state):  # a render publishing right now keeps its temp files
        removed = remove_stale_temp(out)
    removed += remove_orphan_work(state)  # never a live render's work folder
    if removed:
        log.emit("cleanup", removed=len(removed), paths=[p.name for p in removed][:20])
    listing = list_recaps(inbox)
    summary.ignored = list(listing.ignored)
    log.emit("run_start", inbox=str(inbox), out=str(out), recaps=len(listing.items))
    for name, why in listing.ignored:
        log.emit("ignored", name, why=why)
    items, waiting = settled(listing.items, min_age_s, settle_pause_s())
    for name, why in waiting:  # a half-copied recap must not publish under its stable guid
        log.emit("skipped", name, reason="not_settled", why=why)
        summary.outcomes.append(Outcome(name, "skipped", error=why))
    job = _Run(
        inbox,
        out,
        state,
        show,
        cache,
        log,
        default_min_free_mb() if min_free_mb is None else min_free_mb,
        retry_base_s,
        executor,
    )
    if job.ledger.damaged:
        log.emit("log", level="warning", message=f"{job.ledger.path.name} unreadable: redoing all")
    for index, item in enumerate(items):
        stop.check()
        log.source = item.name
        log.progress(index, len(items), item.name)
        outcome = job.one(item)
        summary.outcomes.append(outcome)
        stop.check()
        if outcome.exit_code == EXIT_ENVIRONMENT:  # no disk or no ffmpeg: the rest would fail too
            for rest in items[index + 1 :]:
                summary.outcomes.append(
                    Outcome(
                        rest.name, "not_attempted", error="the run stopped: " + str(outcome.error)
                    )
                )
            break
    log.source = None
    log.progress(len(items), len(items), "done")
    summary.exit_code = exit_code_for(summary.outcomes)
