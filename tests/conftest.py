"""Test configuration: hypothesis profiles, and the fixtures several test modules use.

Profiles (``HYPOTHESIS_PROFILE=NAME python -m pytest``):

- ``ci``, the default: derandomized, so that landing never depends on luck;
- ``dev``: few examples with fresh randomness, for the edit-test loop;
- ``deep``: many more examples with fresh randomness, on demand before an issue is resolved;
- ``mutation``: for mutation runs (tools/mutation.py), where each test runs once per mutant: few
  examples, derandomized so that a mutant's verdict does not depend on luck, no example database
  (each mutant starts clean) and no health check for the slowness the tool's indirection adds.
  Under mutmut (``MUTANT_UNDER_TEST`` set, from its first run that learns which tests reach
  which function), each test starts with nothing compiled: the library compiles its checks,
  loaders and dumpers once and keeps them, so a mutant of the code that compiles them would
  otherwise never run, and the first run would see only the first test that compiled each.

No test fixes its own ``max_examples``: a test that needs fewer or more derives them from the
active profile (``support.examples``). Helper functions live in ``tests/support.py``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from support import Run, edit_line, line_of, subprocess_cli

from community_model import save_dataset, suzhou_2023, write_jsonl
from community_model._cli import main
from community_model._runtime import forget_worked_out

# ci suppresses the one health check that measures time: on a shared machine (and with the suite
# on every core) a slow draw says how busy the machine is, not how good a strategy is.
settings.register_profile(
    "ci",
    derandomize=True,
    max_examples=100,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=10, deadline=None)
settings.register_profile(
    "deep",
    max_examples=2000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "mutation",
    derandomize=True,
    max_examples=20,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True)
def _compiled_afresh_under_mutmut() -> None:
    """Under mutmut, forget what the library compiled and kept before each test (see above)."""
    if os.environ.get("MUTANT_UNDER_TEST"):
        forget_worked_out()


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    """``cli(*args)`` runs the command line's ``main`` in this process: status and output."""

    def run(*arguments: str | Path) -> Run:
        status = main([str(argument) for argument in arguments])
        captured = capsys.readouterr()
        return Run(status, captured.out, captured.err)

    return run


@pytest.fixture(scope="session")
def demo() -> Run:
    """``python -m community_model demo`` run in a subprocess, as a user would: run once, its
    output read by every test that needs it."""
    return subprocess_cli("demo")


@pytest.fixture
def document(tmp_path: Path) -> Path:
    """The example dataset saved as a document (``suzhou.json``)."""
    path = tmp_path / "suzhou.json"
    save_dataset(suzhou_2023(), path)
    return path


@pytest.fixture
def lines(tmp_path: Path) -> Path:
    """The example dataset saved as JSON Lines (``suzhou.jsonl``)."""
    path = tmp_path / "suzhou.jsonl"
    write_jsonl(suzhou_2023().records(), path)
    return path


@pytest.fixture
def broken_lines(lines: Path) -> Path:
    """Three broken lines: bad JSON (line 2), a bad vocabulary code, an unknown field."""
    edit_line(lines, 2, '{"type"', '{"type" "')
    edit_line(lines, line_of(lines, "community:dalong"), '"kind":"', '"kind":"x')
    edit_line(lines, line_of(lines, "person:gao-da"), '"id"', '"colour":"red","id"')
    return lines
