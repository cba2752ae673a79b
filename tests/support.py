"""Helpers shared by the test modules (fixtures live in conftest.py).

``from support import problems`` works from any test module: pytest puts ``tests/`` on
``sys.path`` (rootdir-based ``prepend`` import mode; the test folders have no ``__init__.py``).
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from hypothesis import settings

from community_model import ValidationError, from_dict, loads


def problems(call: Callable[[], object]) -> list[tuple[str, str]]:
    """The (path, code) of every problem ``call()`` raises; it must raise a ValidationError."""
    with pytest.raises(ValidationError) as caught:
        call()
    return [(p.path, p.code) for p in caught.value.errors]


def paths(data: Any, cls: type, **options: Any) -> list[tuple[str, str]]:
    """(path, code) of every problem loading ``data`` (a dict, or JSON text) reports."""
    load = loads if isinstance(data, str | bytes) else from_dict
    return problems(lambda: load(data, cls, **options))


def only_validation_errors(call: Callable[[], object]) -> None:
    """``call()`` either returns or raises a ValidationError (any other exception fails)."""
    with contextlib.suppress(ValidationError):
        call()


def examples(share: float) -> int:
    """A share of the active profile's ``max_examples`` (at least 1), for tests that draw whole
    datasets and so need fewer examples than the profile, or many small ones that need more.

    Derived, never fixed: ``dev`` makes it small, ``deep`` large (tests/conftest.py).
    """
    return max(1, round(settings().max_examples * share))


class Run(NamedTuple):
    """What a command did: its exit status and output."""

    status: int
    out: str
    err: str


def run_python(*arguments: str | Path, **options: Any) -> Run:
    """Run ``python ARGUMENTS`` (this interpreter) in a subprocess, as a user would."""
    result = subprocess.run(
        [sys.executable, *map(str, arguments)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        **options,
    )
    return Run(result.returncode, result.stdout, result.stderr)


def subprocess_cli(*arguments: str | Path, **options: Any) -> Run:
    """Run ``python -m community_model ARGUMENTS`` in a subprocess, as a user would."""
    return run_python("-m", "community_model", *arguments, **options)
