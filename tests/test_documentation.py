"""Every public command and option of the CLI is documented in the README."""

from __future__ import annotations

import argparse
from pathlib import Path

from civcas.cli import parser

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_every_command_and_option_is_in_the_readme():
    commands = next(a for a in parser()._actions if isinstance(a, argparse._SubParsersAction))
    for name, sub in commands.choices.items():
        assert f"civcas {name}" in README, name
        for action in sub._actions:
            for option in action.option_strings:
                if option not in ("-h", "--help"):
                    assert option in README, f"{name} {option}"
