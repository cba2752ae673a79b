"""The README's Quickstart: its commands are the ones CI runs, and the demo prints what it shows."""

import re
from pathlib import Path

from support import Run

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.DOTALL)


def test_quickstart_has_exactly_two_commands() -> None:
    """One installs and runs the main job, one installs and runs the test suite."""
    commands = [block.strip() for block in blocks("bash")]
    assert len(commands) == 2
    assert commands[0].endswith("community-model demo")
    assert commands[1].endswith("python -m pytest")


def test_ci_runs_the_readme_test_command() -> None:
    """.ci/run runs the README's second command exactly."""
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert blocks("bash")[1].strip() in ci


def test_demo_prints_what_the_readme_shows(demo: Run) -> None:
    """The output block under the Quickstart is what `community-model demo` prints now."""
    shown = blocks("text")[0]
    result = demo
    assert result.status == 0, result.err
    assert result.out == shown
