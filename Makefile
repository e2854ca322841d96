# make demo: render the demo episode into output/ (installs what it needs)
# make test: run the test suite (the same command .ci/run calls)
VENV := .venv
PY := $(VENV)/bin/python
DEMO := examples/recap-2026-11-24.md

.PHONY: setup setup-test demo test test-fast lint chrome-model bench bench-script bench-episode bench-scale bench-heard clean

setup:
	@./scripts/bootstrap

setup-test:  # the tests also drive Debian's Chromium (browser tests)
	@WITH_BROWSER=1 ./scripts/bootstrap

demo: setup
	@$(VENV)/bin/podcast render $(DEMO) --out output
	@echo "Open output/index.html or output/episodes/*/embed.html; the feed is output/feed.xml"

test: setup-test  # two workers, each taking whole test files (loadfile keeps module fixtures to one)
	@$(PY) -m pytest -q -n 2 --dist loadfile

test-fast: setup-test
	@$(PY) -m pytest -q -n 2 --dist loadfile -m "not voice and not browser and not slow"

lint: setup
	@$(VENV)/bin/ruff check podcast tests benchmarks
	@$(VENV)/bin/ruff format --check podcast tests benchmarks
	@$(VENV)/bin/mypy

chrome-model: setup-test  # refit the chrome filter's model after podcast/ingest/chrome_corpus/ changes (needs scikit-learn, dev extra)
	@$(PY) -m podcast.ingest.chrome_fit

bench: setup
	@$(PY) -m benchmarks

bench-script: setup  # script building on hostile inputs and the early refusal -> BENCHMARKS.md
	@PYTHONPATH=$(CURDIR) $(PY) -m benchmarks.script_build

bench-episode: setup  # cold / unchanged / one-sentence renders, stages, tree RSS -> BENCHMARKS.md
	@PYTHONPATH=$(CURDIR) $(PY) -m benchmarks.episode_bench

bench-heard: setup  # every sample and demo spoken by the default show, heard back by Whisper: WER, worst words -> BENCHMARKS.md
	@PYTHONPATH=$(CURDIR) $(PY) -m benchmarks.heard

bench-scale: setup  # 8 recaps: one process, the local pool (2), a LocalCluster (2 workers) -> BENCHMARKS.md
	@PYTHONPATH=$(CURDIR) $(PY) -m benchmarks.scale_bench

clean:
	rm -rf output/* output.state out-test .pytest_cache .mypy_cache .ruff_cache
