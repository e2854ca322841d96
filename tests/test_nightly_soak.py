"""The soak in CI (`python -m benchmarks.soak --runs 20` is the full one): the nightly over a
changing inbox, some runs SIGKILLed at random moments, the feed valid after every run and at
every moment a watcher read it."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.soak import run_soak


@pytest.mark.slow
def test_soak_with_random_sigkills_keeps_the_feed_valid(tmp_path: Path) -> None:
    result = run_soak(runs=6, seed=2, workdir=tmp_path, kill_probability=0.4, say=False)
    assert result.ok, "\n".join(result.problems)
    assert result.runs == 7  # six, then one that is not killed
    assert result.killed >= 1 and result.runs - result.killed >= 2
    assert result.feed_parsed_during_runs > 100 and result.invalid_feed_polls == 0
    assert result.final_feed_items >= 2
    # After a kill the next run either finds the interrupted episode already published (the
    # unchanged short cut answers from the catalog: no speech at all) or renders it again, and
    # then reuses the speech the killed run cached. (test_nightly_faults kills mid-speech on
    # purpose and checks the reuse exactly.)
    if result.segments_after_kill:
        assert result.cache_hits_after_kill > 0
