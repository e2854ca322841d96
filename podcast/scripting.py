"""The chain's first half, ingest → script, on its own: `podcast script` needs only this, so it
runs without importing the speech, audio and publishing stages (and numpy, scipy, ffmpeg's
helpers). `pipeline.render` starts from the same `build_script`."""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

from podcast.ingest import read_recap
from podcast.script.planner import plan
from podcast.util.stopwatch import stage

if TYPE_CHECKING:
    from pathlib import Path

    from podcast.config import ShowConfig
    from podcast.models import Recap, Script

log = logging.getLogger(__name__)


def build_script(
    article: Path,
    show: ShowConfig,
    *,
    date: dt.date | None = None,
    quotes: Path | None = None,
    force: bool = False,
) -> tuple[Recap, Script]:
    """Read and plan one recap; unless `force`, a document that is no market recap is refused."""
    with stage("ingest"):
        recap = read_recap(article, date=date, quotes=quotes, require_recap=not force)
    if recap.date_source == "text-weekday":
        log.warning(
            "%s names only a weekday; dated %s (%s), the latest such day in the week the file "
            "was saved (pass --date to set it)",
            article.name,
            recap.date.isoformat(),
            recap.date.strftime("%A"),
        )
    with stage("script"):
        return recap, plan(recap, show)
