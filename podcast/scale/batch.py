"""Render several recaps in one run: read and plan each (bad input is that recap's error, the
others go on), hand their speech and assembly to an executor, and publish what comes back in
recap-date order, one writer under OUT's publish lock, so the feed and the episode numbers come
out the same whichever executor made the audio and in whatever order it finished."""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from podcast import pipeline
from podcast.config import ShowConfig
from podcast.errors import TTSError
from podcast.models import FinishedEpisode
from podcast.progress import Progress, progress_for
from podcast.publish.statedir import prepare_state, work_folder
from podcast.scale.executors import EpisodeWork, Executor, LocalExecutor
from podcast.tts.cache import SegmentCache
from podcast.tts.pool import speak_tasks
from podcast.util.stopwatch import stage


@dataclass(frozen=True)
class Request:
    """One recap to render (its date and quotes as `podcast render` takes them)."""

    article: Path
    date: dt.date | None = None
    quotes: Path | None = None


@dataclass(frozen=True)
class Outcome:
    """What became of one request: its result, or the error that stopped it."""

    request: Request
    result: pipeline.RenderResult | None = None
    error: BaseException | None = None


def render_many(
    requests: Sequence[Request],
    out: Path,
    show: ShowConfig,
    *,
    cache: SegmentCache,
    executor: Executor | None = None,
    state: Path | None = None,
    force: bool = False,
    rerender: bool = False,
    progress: Progress | None = None,
) -> list[Outcome]:
    """Every request rendered and published (or answered from the catalog), in their order.
    One recap's failure does not stop the others; each is reported in its Outcome."""
    progress = progress or progress_for(mode="none")
    outcomes: list[Outcome | None] = [None] * len(requests)
    ready: dict[int, pipeline.Prepared] = {}
    for i, req in enumerate(requests):
        try:
            found = pipeline.prepare(
                req.article, out, show, date=req.date, quotes=req.quotes, cache=cache,
                state=state, force=force, rerender=rerender,
            )  # fmt: skip
        except Exception as exc:  # that recap's error; the others go on
            outcomes[i] = Outcome(req, error=exc)
            continue
        if isinstance(found, pipeline.RenderResult):
            outcomes[i] = Outcome(req, result=found)
            progress.episode(found.recap.episode_id, found.recap.title, 1, 1)
            progress.done(found.recap.episode_id, ok=True, detail="unchanged")
        else:
            ready[i] = found
    if ready:
        for i, result, error in _render(ready, out, show, cache, executor, state, progress):
            outcomes[i] = Outcome(requests[i], result=result, error=error)
    return [o if o is not None else Outcome(requests[i]) for i, o in enumerate(outcomes)]


def render_prepared(
    ready: pipeline.Prepared,
    out: Path,
    show: ShowConfig,
    *,
    cache: SegmentCache,
    state: Path | None = None,
    executor: Executor | None = None,
    progress: Progress | None = None,
) -> pipeline.RenderResult:
    """One planned recap rendered and published (`pipeline.render`'s way); its error raised."""
    progress = progress or progress_for(mode="none")
    ((_, result, error),) = _render({0: ready}, out, show, cache, executor, state, progress)
    if error is not None:
        raise error
    assert result is not None
    return result


def _render(
    ready: dict[int, pipeline.Prepared],
    out: Path,
    show: ShowConfig,
    cache: SegmentCache,
    executor: Executor | None,
    state: Path | None,
    progress: Progress,
) -> list[tuple[int, pipeline.RenderResult | None, BaseException | None]]:
    executor = executor or LocalExecutor()
    state_dir = prepare_state(out, state)
    cache.sweep()
    with contextlib.ExitStack() as stack:
        works: list[EpisodeWork] = []
        for i, p in ready.items():
            tasks, _ = speak_tasks(p.script.segments, show, cache, group=i)
            work = stack.enter_context(work_folder(state_dir, root=executor.work_root))
            job = pipeline.AssembleJob(
                p.recap, p.script, show, p.art, p.source, work, cache,
                spoken=frozenset(t.key for t in tasks),
            )  # fmt: skip
            works.append(EpisodeWork(i, p.recap.episode_id, tasks, job))
            segments = len(p.script.segments)
            progress.episode(p.recap.episode_id, p.recap.title, segments, segments - len(tasks))
        publisher = _InOrder(ready, out, show, state_dir, progress)
        executor.run(works, progress, publisher.finished)
        return publisher.results()


class _InOrder:
    """Publishes finished episodes in recap-date order (then episode id): an episode waits until
    every one before it is published or has failed. Called from the executor's threads."""

    def __init__(
        self,
        ready: dict[int, pipeline.Prepared],
        out: Path,
        show: ShowConfig,
        state: Path,
        progress: Progress,
    ) -> None:
        self.ready, self.out, self.show, self.state = ready, out, show, state
        self.progress = progress
        self.order = sorted(ready, key=lambda i: (ready[i].recap.date, ready[i].recap.episode_id))
        self.waiting: dict[int, tuple[FinishedEpisode | None, BaseException | None]] = {}
        self.done: dict[int, tuple[pipeline.RenderResult | None, BaseException | None]] = {}
        self.lock = threading.Lock()
        self.next = 0

    def finished(
        self, i: int, episode: FinishedEpisode | None, error: BaseException | None
    ) -> None:
        with self.lock:
            if i in self.waiting or i in self.done:
                return  # already reported (a task that finished twice on a cluster)
            self.waiting[i] = (episode, error)
            while self.next < len(self.order) and self.order[self.next] in self.waiting:
                j = self.order[self.next]
                self.done[j] = self._publish(j, *self.waiting.pop(j))
                self.next += 1

    def _publish(
        self, i: int, finished: FinishedEpisode | None, error: BaseException | None
    ) -> tuple[pipeline.RenderResult | None, BaseException | None]:
        p = self.ready[i]
        eid = p.recap.episode_id
        if finished is not None:
            try:
                self.progress.stage(eid, "publish")
                with stage("publish"):
                    published = pipeline.publish_finished(
                        self.out, self.show, finished, state=self.state, keys=p.keys
                    )
            except Exception as exc:  # its own class: a bug stays a bug (exit 70)
                error = exc
            else:
                self.progress.done(eid, ok=True)
                return pipeline.RenderResult(p.recap, p.script, finished.episode, published), None
        assert error is not None
        self.progress.done(eid, ok=False, detail=str(error))
        return None, error

    def results(self) -> list[tuple[int, pipeline.RenderResult | None, BaseException | None]]:
        """Every episode's result; one the executor never reported is an error (and those after
        it still publish): never silently lost."""
        with self.lock:
            while self.next < len(self.order):
                j = self.order[self.next]
                found = self.waiting.pop(j, None)
                if found is None:
                    found = (None, TTSError("the executor ended without this episode"))
                self.done[j] = self._publish(j, *found)
                self.next += 1
        return [(i, *self.done[i]) for i in sorted(self.done)]
