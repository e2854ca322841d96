"""Command line: parse arguments, call the pipeline, turn errors into one line and an exit code."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import stat
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from podcast import __version__
from podcast.errors import EXIT_INTERNAL, InputError, classify
from podcast.progress import MODES, progress_for
from podcast.util.text import printable

if TYPE_CHECKING:
    from podcast.scale.executors import Executor

log = logging.getLogger("podcast")
STATE_HELP = (
    "private state folder: catalog, locks, work folders (default: OUT's sibling OUT.state, "
    "e.g. output.state); never inside OUT"
)


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors as one `error:` line with exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise InputError(f"{message} (see 'podcast {self.prog.split()[-1]} --help')")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"invalid date {text!r}: use a real calendar date as YYYY-MM-DD"
        ) from None


def _megabytes(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value >= 0:
        raise argparse.ArgumentTypeError(f"invalid size {text!r}: use a number of megabytes")
    return value


_FORCE_HELP = "read ARTICLE even if it does not look like a market recap (README, code, notes)"


def check_folder_option(path: Path | None, option: str) -> None:
    """InputError (exit 2) unless `path` is a folder or can become one: a file where a folder is
    wanted is a bad argument, refused before anything runs. The folder itself is made later."""
    if path is None:
        return
    probe = path
    while True:
        try:
            mode = probe.stat().st_mode
            break
        except FileNotFoundError:
            if probe.is_symlink():
                raise InputError(
                    f"{option} {path}: {probe} is a broken symlink; point it at a folder"
                ) from None
            if probe.parent == probe:
                return
            probe = probe.parent
        except NotADirectoryError:
            probe = probe.parent  # a file further up: found and named on the next turn
        except OSError:
            return  # unreadable: the write says why, mapped by errors.classify
    if stat.S_ISDIR(mode):
        return
    if probe == path:
        raise InputError(
            f"{option} {path} is a file, not a folder; pass a folder (made if missing)"
        )
    raise InputError(
        f"{option} {path}: {probe} is a file, not a folder; pass a path under a folder"
    )


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value < float("inf"):
        raise argparse.ArgumentTypeError(f"invalid time {text!r}: use a number of seconds")
    return value


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="podcast", description="Turn a daily market recap into a podcast episode.")
    p.add_argument("--version", action="version", version=f"recap-podcast {__version__}")
    p.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    r = sub.add_parser(
        "render",
        help="render and publish one episode (or several)",
        description="Render each ARTICLE into an episode and publish them in recap-date order. "
        "Speech and assembly run on this machine's worker pool, or on a Dask cluster with "
        "--scheduler. One recap's failure does not stop the others; the exit code is the "
        "first failure's.",
    )
    r.add_argument("article", type=Path, nargs="+", help="the recap(s): .txt, .md, .html or .json")
    r.add_argument("--quotes", type=Path, help="optional CSV of the day's quotes")
    r.add_argument("--date", type=_date, help="the trading day, YYYY-MM-DD (overrides the recap's)")
    r.add_argument(
        "--out", type=Path, default=Path("output"), help="output folder (default: output)"
    )
    r.add_argument("--show", type=Path, help="show settings (default: the project's podcast.toml)")
    r.add_argument("--cache-dir", type=Path, help="segment cache (default: ~/.cache/recap-podcast)")
    r.add_argument("--state", type=Path, help=STATE_HELP)
    r.add_argument("--json", action="store_true", help="print a JSON summary as the last line")
    r.add_argument("--force", action="store_true", help=_FORCE_HELP)
    r.add_argument(
        "--rerender",
        action="store_true",
        help="render and publish again even when this recap is already published with the same "
        "inputs and settings (otherwise answered from the catalog, nothing redone)",
    )
    _executor_options(r)
    r.add_argument(
        "--progress",
        choices=MODES,
        default="auto",
        help="progress on stderr: bars on a terminal, JSON lines otherwise (default: auto)",
    )

    s = sub.add_parser("script", help="print the spoken script and its estimated duration")
    s.add_argument("article", type=Path)
    s.add_argument("--date", type=_date)
    s.add_argument("--show", type=Path)
    s.add_argument("--json", action="store_true")
    s.add_argument("--force", action="store_true", help=_FORCE_HELP)

    n = sub.add_parser(
        "nightly",
        help="render and publish every new or changed recap in an inbox folder",
        description="Render and publish every recap in INBOX that is new or changed since it "
        "was last published; one recap's failure does not stop the others. JSON log lines on "
        "stderr (a progress bar on a terminal), a summary on stdout.",
    )
    n.add_argument("--inbox", type=Path, required=True, help="folder of recaps (never modified)")
    n.add_argument(
        "--out", type=Path, default=Path("output"), help="output folder (default: output)"
    )
    n.add_argument("--show", type=Path, help="show settings (default: the project's podcast.toml)")
    n.add_argument("--cache-dir", type=Path, help="segment cache (default: ~/.cache/recap-podcast)")
    n.add_argument(
        "--min-free-mb",
        type=_megabytes,
        help="free disk needed before rendering (default: $PODCAST_MIN_FREE_MB or 300)",
    )
    n.add_argument("--state", type=Path, help=STATE_HELP)
    n.add_argument(
        "--min-age",
        type=_seconds,
        metavar="SECONDS",
        help="skip recaps modified less than this long ago, as still being written (default: "
        "$PODCAST_INBOX_MIN_AGE_S or 60); a later run picks them up",
    )
    n.add_argument("--json", action="store_true", help="print the summary as one JSON object")
    _executor_options(n)

    v = sub.add_parser("voices", help="list the voice profiles and whether they are available")
    v.add_argument("--show", type=Path)

    say = sub.add_parser("say", help="speak one line with one voice, for auditioning")
    say.add_argument("text")
    say.add_argument("--voice", required=True, help="a profile name from voices/")
    say.add_argument("-o", "--output", required=True, help="the WAV file to write")
    say.add_argument("--show", type=Path)

    sv = sub.add_parser("serve", help="preview OUT on localhost (HEAD and byte ranges)")
    sv.add_argument("--out", type=Path, default=Path("output"), help="folder (default: output)")
    sv.add_argument("--port", type=int, default=8000)

    c = sub.add_parser("cache", help="segment cache: stats or clear")
    c.add_argument("action", choices=["stats", "clear"])
    c.add_argument("--cache-dir", type=Path)
    return p


def _executor_options(parser: argparse.ArgumentParser) -> None:
    """Where speech and assembly run: `render` and `nightly` take the same options."""
    parser.add_argument(
        "--scheduler",
        metavar="tcp://HOST:PORT",
        help="run speech and assembly on this Dask scheduler's cluster (default: "
        "$DASK_SCHEDULER_ADDRESS, else this machine's worker pool)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="worker processes of the local pool (default: one per CPU; 0: in this process)",
    )
    parser.add_argument(
        "--work-dir",
        type=Path,
        help="work area for episodes being assembled; on a cluster, a path every worker "
        "shares (default: STATE/work)",
    )


def _executor(args: argparse.Namespace) -> Executor:
    """The executor `--scheduler` (or $DASK_SCHEDULER_ADDRESS) and `--workers` name, checked
    before anything runs: a cluster that cannot be reached is a one-line error (exit 2) here."""
    from podcast.scale.executors import DaskExecutor, make_executor

    if args.workers is not None and args.workers < 0:
        raise InputError(f"--workers {args.workers}: use 0 (this process) or more")
    check_folder_option(args.work_dir, "--work-dir")
    scheduler = args.scheduler or os.environ.get("DASK_SCHEDULER_ADDRESS") or None
    executor = make_executor(scheduler, args.workers, work_root=args.work_dir)
    if isinstance(executor, DaskExecutor):
        executor.connect()
    return executor


def _cmd_render(args: argparse.Namespace) -> int:
    from podcast import pipeline
    from podcast.config import load_show
    from podcast.scale.batch import Request, render_many
    from podcast.tts.cache import SegmentCache, default_cache_dir
    from podcast.util import stopwatch

    articles: list[Path] = args.article
    if len(articles) > 1 and (args.date or args.quotes):
        raise InputError("--date and --quotes name one recap's; render that recap on its own")
    check_folder_option(args.out, "--out")
    check_folder_option(args.cache_dir, "--cache-dir")
    show = load_show(args.show)
    cache = SegmentCache(args.cache_dir or default_cache_dir())
    executor = _executor(args)
    progress = progress_for(mode=args.progress)
    requests = [Request(a, args.date, args.quotes) for a in articles]
    try:
        with stopwatch.recording() as clock:
            outcomes = render_many(
                requests, args.out, show, cache=cache, executor=executor, state=args.state,
                force=args.force, rerender=args.rerender,
                progress=progress,
            )  # fmt: skip
    finally:
        progress.close()
        executor.close()
    failed = [o for o in outcomes if o.error is not None]
    if len(outcomes) == 1 and failed:
        raise failed[0].error  # type: ignore[misc]  # one recap: its error, as before
    summaries = []
    for o in outcomes:
        if o.result is not None:
            summary = pipeline.summary_json(o.result)
            if len(outcomes) == 1:
                summary["timings_s"] = clock.seconds()  # stdout only: never in a published file
            summaries.append(summary)
    if args.json:
        if len(outcomes) == 1:
            print(json.dumps(summaries[0], ensure_ascii=False))
        else:
            errors = [_failure(o.request.article, o.error) for o in failed]
            print(json.dumps({"rendered": summaries, "failed": errors}, ensure_ascii=False))
    else:
        for o, summary in zip(
            (o for o in outcomes if o.result is not None), summaries, strict=True
        ):
            _print_rendered(summary, unchanged=o.result is not None and o.result.unchanged)
        for o in failed:
            _print_error(f"{printable(o.request.article.name)}: {o.error}")
    if failed:
        return _exit_code(failed[0].error)
    return 0


def _failure(article: Path, error: BaseException | None) -> dict[str, object]:
    return {
        "article": str(article),
        "error": " ".join(str(error).split()),
        "exit_code": _exit_code(error),
    }


def _exit_code(error: BaseException | None) -> int:
    known = classify(error) if isinstance(error, Exception) else None
    return known.exit_code if known is not None else EXIT_INTERNAL


def _print_rendered(summary: dict[str, object], *, unchanged: bool) -> None:
    mins, secs = divmod(round(float(summary["duration_s"])), 60)  # type: ignore[arg-type]
    if unchanged:
        print(
            f"unchanged {summary['title']!s} ({mins}:{secs:02d}): already published with "
            "these inputs and settings (--rerender renders it again)"
        )
    else:
        print(f"rendered {summary['title']!s} ({mins}:{secs:02d})")
    print(f"  episode: {summary['mp3']}")
    print(f"  feed:    {summary['feed']}")
    print(f"  player:  {summary['embed']}")


def _cmd_script(args: argparse.Namespace) -> int:
    from podcast.config import load_show
    from podcast.script.limit import over_limit
    from podcast.scripting import build_script  # not pipeline: no speech, audio or publishing

    show = load_show(args.show)
    recap, script = build_script(args.article, show, date=args.date, force=args.force)
    over = over_limit(script, show)  # what `render` would refuse; the script is printed anyway
    if args.json:
        print(
            json.dumps(
                {**script.to_dict(), "over_limit": over and over.to_dict()}, ensure_ascii=False
            )
        )
        return 0
    for seg in script.segments:
        print(f"[{seg.id} · {seg.role}] {seg.text}")
    mins, secs = divmod(round(script.estimated_duration_s), 60)
    print(f"\nestimated duration: {mins}:{secs:02d} ({len(script.segments)} segments)")
    for d in script.dropped:
        print(f"dropped: {d.section}, {d.words} words ({d.reason})")
    if over is not None:
        print(
            f"warning: {recap.source_path.name}: render would refuse it: {over.reason()}",
            file=sys.stderr,
        )
    return 0


def _cmd_nightly(args: argparse.Namespace) -> int:
    from podcast.config import load_show
    from podcast.jobs import nightly
    from podcast.tts.cache import SegmentCache, default_cache_dir

    check_folder_option(args.out, "--out")
    check_folder_option(args.cache_dir, "--cache-dir")
    show = load_show(args.show)
    cache = SegmentCache(args.cache_dir or default_cache_dir())
    executor = _executor(args)
    try:
        summary = nightly.run(
            args.inbox,
            args.out,
            show,
            cache,
            min_free_mb=args.min_free_mb,
            min_age_s=args.min_age,
            state=args.state,
            executor=executor,
        )
    finally:
        executor.close()
    if args.json:
        print(json.dumps(summary.to_dict(), ensure_ascii=True))
    else:
        print(summary.text())
    return summary.exit_code


def _lazy(name: str) -> Callable[[argparse.Namespace], int]:
    """A command from podcast.voicecmds, imported only when it runs."""

    def run(args: argparse.Namespace) -> int:
        from podcast import voicecmds

        result: int = getattr(voicecmds, name)(args)
        return result

    return run


def _cmd_serve(args: argparse.Namespace) -> int:
    from podcast.publish.serve import serve

    serve(args.out, args.port)
    return 0


COMMANDS = {
    "serve": _cmd_serve,
    "render": _cmd_render,
    "script": _cmd_script,
    "nightly": _cmd_nightly,
    "voices": _lazy("cmd_voices"),
    "say": _lazy("cmd_say"),
    "cache": _lazy("cmd_cache"),
}


def main(argv: Sequence[str] | None = None) -> int:
    # onnxruntime's telemetry writes under HOME and TMPDIR; nothing may be written outside OUT
    # and the cache.
    os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
    try:
        args = _parser().parse_args(argv)
        logging.basicConfig(
            level=logging.INFO if args.verbose else logging.WARNING,
            format="%(levelname)s: %(message)s",
            stream=sys.stderr,
        )
        return COMMANDS[args.command](args)
    except KeyboardInterrupt:
        _print_error("interrupted")
        return 130
    except Exception as exc:
        known = classify(exc)  # bad input, or the machine's fault (full disk, read-only ...)
        if known is not None:
            _print_error(str(known))
            return known.exit_code
        import traceback  # a bug: one line, and the traceback only with PODCAST_DEBUG

        if os.environ.get("PODCAST_DEBUG"):
            traceback.print_exc()
        _print_error(
            f"internal error: {type(exc).__name__}: {exc} "
            "(rerun with PODCAST_DEBUG=1 for the traceback and report it)"
        )
        return EXIT_INTERNAL


def _print_error(message: str) -> None:
    """The one way an error reaches stderr: one line, control characters escaped (a file name
    holding ESC or a newline cannot recolour the terminal or forge a second line)."""
    print(f"error: {printable(' '.join(message.split()))}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
