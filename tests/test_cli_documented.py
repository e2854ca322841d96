"""Every command and option of the CLI is in the README's usage block, and the block names nothing
the CLI does not have: the parser in podcast/cli.py is walked, not a list kept by hand."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from podcast import cli

README = Path(__file__).resolve().parent.parent / "README.md"
_OPTION = re.compile(r"(?<![\w-])(--?[A-Za-z][\w-]*)")


def _usage_lines(text: str) -> list[str]:
    """The command lines of the first ```sh block under "## Using it", continuations joined and
    comments dropped."""
    section = text.split("\n## Using it\n", 1)[1].split("\n## ", 1)[0]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    joined = re.sub(r"\\\n\s*", " ", block)
    lines = [line.split("  #", 1)[0].strip() for line in joined.splitlines()]
    return [line for line in lines if line.startswith(".venv/bin/podcast")]


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    assert len(actions) == 1
    return dict(actions[0].choices)


def _options(parser: argparse.ArgumentParser) -> set[str]:
    """Every option string (`-o`, `--output`) but argparse's own --help."""
    return {
        s
        for a in parser._actions
        if not isinstance(a, argparse._HelpAction)
        for s in a.option_strings
    }


def _positionals(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    return [
        a
        for a in parser._actions
        if not a.option_strings and not isinstance(a, argparse._SubParsersAction)
    ]


def _documented() -> dict[str | None, list[str]]:
    """README usage lines by the command they show (None: the program's own options)."""
    commands = _subcommands(cli._parser())
    by_command: dict[str | None, list[str]] = {}
    for line in _usage_lines(README.read_text(encoding="utf-8")):
        words = line.split()[1:]
        name = next((w for w in words if w in commands), None)
        by_command.setdefault(name, []).append(line)
    return by_command


def test_every_command_has_a_usage_line() -> None:
    documented = _documented()
    commands = _subcommands(cli._parser())
    assert sorted(k for k in documented if k is not None) == sorted(commands)


@pytest.mark.parametrize("name", sorted(_subcommands(cli._parser())))
def test_every_option_of_a_command_is_on_its_usage_line(name: str) -> None:
    parser = _subcommands(cli._parser())[name]
    text = " ".join(_documented().get(name, []))
    shown = set(_OPTION.findall(text))
    assert _options(parser) - shown == set(), f"podcast {name}: options missing in the README"
    assert shown - _options(parser) == set(), f"podcast {name}: README names unknown options"
    for action in _positionals(parser):
        if action.choices:
            for choice in action.choices:
                assert re.search(rf"\b{choice}\b", text), f"podcast {name}: {choice} missing"
        else:
            assert (action.metavar or action.dest.upper()) in text.split(), (
                f"podcast {name}: argument {action.dest.upper()} missing in the README"
            )


def test_the_programs_own_options_are_documented() -> None:
    text = " ".join(_documented().get(None, []))
    shown = set(_OPTION.findall(text))
    assert _options(cli._parser()) == shown


def test_the_check_would_catch_a_missing_option() -> None:
    """The walk sees an option added to a subcommand (say's -o/--output was once missing)."""
    parser = _subcommands(cli._parser())["say"]
    text = " ".join(_documented()["say"]).replace("-o|--output FILE", "-o FILE")
    assert _options(parser) - set(_OPTION.findall(text)) == {"--output"}
