"""Heavy imports only where used: `podcast --help` loads no third-party library, and `podcast
script` loads only what reading its recap's format and writing the script need (no speech, audio,
publishing, numpy or scipy). Each check runs the command in a fresh interpreter and reads
`sys.modules` afterwards; the speed itself is measured by the benchmarks, not here."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from podcast import pipeline, scripting

ROOT = Path(__file__).resolve().parents[1]
RECAPS = ROOT / "tests" / "data" / "recaps"
FAKE_SHOW = ROOT / "tests" / "data" / "fake-show.toml"
MARKER = "--- modules ---"

# Runs cli.main(argv) like the console script `podcast` does (pyproject: podcast.cli:main), then
# prints every module the process holds. argparse's --help ends in SystemExit(0).
PROBE = f"""
import json, sys
from podcast import cli
try:
    code = cli.main(json.loads(sys.argv[1]))
except SystemExit as exc:
    code = exc.code
sys.stdout.flush()
print({MARKER!r})
print(json.dumps({{"code": code, "modules": sorted(sys.modules)}}))
"""

# What no command that neither speaks, mixes nor publishes may load.
THIRD_PARTY = {
    "numpy",
    "scipy",
    "pandas",
    "pyloudnorm",
    "feedgen",
    "PIL",
    "mutagen",
    "starlette",
    "uvicorn",
    "onnxruntime",
    "hibari",
    "piper",
    "sklearn",  # fits the chrome model in development only; the product reads its weights
}
LATER_STAGES = {
    "podcast.pipeline",
    "podcast.tts",
    "podcast.audio",
    "podcast.assets",
    "podcast.publish",
    "podcast.jobs",
}
# Only the reader of a recap's own format loads its parser.
READERS = {"markdown_it", "yaml", "bs4", "lxml"}
# --help only builds the argument parser: not even the script stage's jinja2 and num2words.
HELP_FORBIDDEN = (
    THIRD_PARTY
    | LATER_STAGES
    | READERS
    | {
        "jinja2",
        "num2words",
        "podcast.ingest",
        "podcast.script",
        "podcast.scripting",
    }
)


def run_python(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    """`code` in a fresh interpreter that imports this checkout's package."""
    path = os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": path},
        timeout=120,
    )


def probe(*argv: str) -> tuple[int, str, set[str]]:
    """(exit code, stdout before the module list, top-level and podcast.* modules loaded)."""
    proc = run_python(PROBE, json.dumps(list(argv)))
    assert MARKER in proc.stdout, proc.stderr
    before, after = proc.stdout.split(MARKER + "\n")
    result = json.loads(after)
    loaded: set[str] = set()
    for name in result["modules"]:
        parts = name.split(".")
        loaded.add(parts[0])
        if parts[0] == "podcast" and len(parts) > 1:
            loaded.add(".".join(parts[:2]))
    return result["code"], before, loaded


def test_help_imports_no_library_and_no_stage() -> None:
    code, out, loaded = probe("--help")
    assert code == 0 and out.startswith("usage: podcast")
    assert "script" in out and "render" in out
    assert loaded & HELP_FORBIDDEN == set()


@pytest.mark.parametrize("command", ["render", "script", "nightly", "voices", "say", "serve"])
def test_a_command_s_help_imports_no_library_and_no_stage(command: str) -> None:
    code, out, loaded = probe(command, "--help")
    assert code == 0 and out.startswith(f"usage: podcast {command}")
    assert loaded & HELP_FORBIDDEN == set()


def test_script_on_a_text_recap_loads_only_the_script_stage() -> None:
    """A .txt recap needs the text reader, jinja2 (templates) and num2words (figures), and nothing
    that parses Markdown or HTML, speaks, mixes or publishes."""
    recap = RECAPS / "pos-bond-market.txt"
    code, out, loaded = probe("script", str(recap), "--show", str(FAKE_SHOW))
    assert code == 0
    assert "estimated duration:" in out and out.count("[") >= 3
    assert {"jinja2", "num2words", "podcast.ingest", "podcast.script"} <= loaded
    assert loaded & (THIRD_PARTY | LATER_STAGES | READERS) == set()


@pytest.mark.parametrize(
    ("name", "parsers"),
    [
        ("pos-bullets.md", {"markdown_it", "yaml"}),
        ("pos-earnings.html", {"bs4", "lxml"}),
        ("pos-cms.json", {"bs4", "lxml"}),  # its body is an HTML string
    ],
)
def test_script_loads_its_format_s_parser_and_no_later_stage(name: str, parsers: set[str]) -> None:
    code, out, loaded = probe("script", str(RECAPS / name), "--show", str(FAKE_SHOW), "--json")
    assert code == 0
    assert json.loads(out.splitlines()[-1])["segments"]
    assert parsers <= loaded
    assert loaded & (THIRD_PARTY | LATER_STAGES) == set()
    assert loaded & READERS == parsers


def test_markdown_with_raw_html_loads_the_html_reader(tmp_path: Path) -> None:
    """Raw HTML blocks in Markdown are read by html.read_fragment (bs4): loaded for them only,
    and what they say is still read."""
    source = (RECAPS / "pos-bullets.md").read_text(encoding="utf-8")
    article = tmp_path / "recap-with-html.md"
    article.write_text(
        source + "\n<div><p>Treasury yields slipped to 4.1 percent late in the day.</p></div>\n",
        encoding="utf-8",
    )
    code, out, loaded = probe("script", str(article), "--show", str(FAKE_SHOW), "--json")
    assert code == 0
    spoken = " ".join(s["text"] for s in json.loads(out.splitlines()[-1])["segments"])
    assert "Treasury yields slipped" in spoken
    assert {"markdown_it", "yaml", "bs4"} <= loaded
    assert loaded & (THIRD_PARTY | LATER_STAGES) == set()


def test_the_probe_sees_a_heavy_import() -> None:
    """The checker can fail: a command that renders loads the audio stage and numpy. A missing
    article stops `render` after its imports, with the usual one-line error and exit code 2."""
    code, _, loaded = probe("render", str(ROOT / "no-such-recap.txt"), "--show", str(FAKE_SHOW))
    assert code == 2
    assert {"numpy", "podcast.pipeline", "podcast.audio", "podcast.publish"} <= loaded


def test_render_and_script_build_the_same_script() -> None:
    """`podcast script` reads through scripting.build_script, the very function render uses."""
    assert pipeline.build_script is scripting.build_script


def test_script_output_is_unchanged_by_the_lazy_path(tmp_path: Path) -> None:
    """The script printed by the command equals the one built in-process through pipeline."""
    from podcast.config import load_show

    recap = RECAPS / "pos-europe.txt"
    code, out, _ = probe("script", str(recap), "--show", str(FAKE_SHOW), "--json", "--force")
    assert code == 0
    printed = json.loads(out.splitlines()[-1])
    _, script = pipeline.build_script(recap, load_show(FAKE_SHOW), force=True)
    assert [s["text"] for s in printed["segments"]] == [s.text for s in script.segments]


def test_serve_and_layout_load_no_publisher() -> None:
    """`podcast serve` and the modules that only name files (publish.layout, used by the jobs)
    do not load the publisher's jinja2, feedgen and lxml; `podcast.publish.publish` still works."""
    code = (
        "import json, sys\n"
        "import podcast.publish.serve, podcast.publish.layout\n"
        "before = sorted(sys.modules)\n"
        "from podcast.publish import publish\n"
        "from podcast.publish.publisher import publish as direct\n"
        "print(json.dumps({'before': before, 'same': publish is direct}))\n"
    )
    proc = run_python(code)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    loaded = {name.split(".")[0] for name in result["before"]} | set(result["before"])
    assert loaded & {"jinja2", "feedgen", "lxml", "numpy", "starlette", "uvicorn"} == set()
    assert "podcast.publish.publisher" not in loaded
    assert result["same"] is True


def test_importing_the_pipeline_loads_no_scipy() -> None:
    """scipy.signal (pulled in by pyloudnorm too) is imported by the audio functions that filter,
    not by `import podcast.pipeline`: a render that finds nothing to do never pays for it."""
    code = "import json, sys\nimport podcast.pipeline\nprint(json.dumps(sorted(sys.modules)))\n"
    proc = run_python(code)
    assert proc.returncode == 0, proc.stderr
    loaded = {name.split(".")[0] for name in json.loads(proc.stdout)}
    assert "numpy" in loaded  # the probe sees what is loaded
    assert loaded & {"scipy", "pyloudnorm", "pandas", "onnxruntime", "hibari", "piper"} == set()


def test_the_true_peak_interpolator_is_scipy_s_firwin_bit_for_bit() -> None:
    """limiter builds its 4x interpolator with numpy; it must be exactly firwin's (the MP3 bytes
    depend on it)."""
    import numpy as np
    from scipy.signal import firwin

    from podcast.audio import limiter

    taps = 4 * 2 * limiter._DELAY + 1
    h = firwin(taps, 1.0 / 4, window=("kaiser", 6.0))
    h = h / h[4 * limiter._DELAY]
    expected = [h[p::4].astype(np.float32) for p in range(1, 4)]
    assert len(limiter._PHASES) == len(expected) == 3
    for got, want in zip(limiter._PHASES, expected, strict=True):
        assert got.dtype == want.dtype and np.array_equal(got, want)
    bound = 1.01 * max(float(np.abs(ph).sum()) for ph in expected)
    assert bound == limiter.BOUND
