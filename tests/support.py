"""Helpers shared by the test modules (fixtures live in conftest.py).

``from support import problems`` works from any test module: pytest puts ``tests/`` on
``sys.path`` (rootdir-based ``prepend`` import mode; the test folders have no ``__init__.py``).
"""

from __future__ import annotations

import contextlib
import importlib.util
import subprocess
import sys
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from hypothesis import settings

from community_model import (
    Activity,
    ActivityCategory,
    RecordKind,
    Ref,
    ValidationError,
    When,
    from_dict,
    loads,
    to_dict,
)
from community_model._examples import suzhou_2023_records

#: How many records the bundled example holds (the CLI's messages say it).
PAGE_RECORDS = len(suzhou_2023_records())

#: The free clinic of the source page: an activity with most of its fields set.
CLINIC = next(
    r
    for r in suzhou_2023_records()
    if isinstance(r, Activity) and r.id == "activity:caohu-free-clinic-3"
)


def problems(call: Callable[[], object]) -> list[tuple[str, str]]:
    """The (path, code) of every problem ``call()`` raises; it must raise a ValidationError."""
    with pytest.raises(ValidationError) as caught:
        call()
    return [(p.path, p.code) for p in caught.value.errors]


def paths(data: Any, cls: type, **options: Any) -> list[tuple[str, str]]:
    """(path, code) of every problem loading ``data`` (a dict, or JSON text) reports."""
    load = loads if isinstance(data, str | bytes) else from_dict
    return problems(lambda: load(data, cls, **options))


def ref(kind: RecordKind, ident: str) -> Ref:
    """A reference to the record ``ident`` of ``kind``."""
    return Ref(kind=kind, id=ident)


#: A Party organisation, as an activity's organiser.
BRANCH = Ref(kind=RecordKind.PARTY_BRANCH, id="branch:a")


def activity(**changes: object) -> Activity:
    """A valid activity (organised by ``BRANCH``), with ``changes``."""
    fields: dict[str, object] = {
        "id": "activity:1",
        "title": "健康集市科普义诊",
        "category": ActivityCategory.FREE_CLINIC,
        "organisers": (BRANCH,),
        "when": When.day(2023, 8, 18),
    }
    fields.update(changes)
    return Activity(**fields)  # type: ignore[arg-type]


def clinic(**changes: Any) -> dict[str, Any]:
    """The plain data of ``CLINIC``, with ``changes``."""
    data: dict[str, Any] = to_dict(CLINIC)
    data.update(changes)
    return data


def edit_line(path: Path, number: int, old: str, new: str) -> Path:
    """Replace text in one line (1-based) of a JSON Lines file, in place."""
    text = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert old in text[number - 1]
    text[number - 1] = text[number - 1].replace(old, new, 1)
    path.write_text("".join(text), encoding="utf-8")
    return path


def line_of(path: Path, record_id: str) -> int:
    """The line number of a record in a JSON Lines file."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if f'"id":"{record_id}"' in line:
            return number
    raise AssertionError(record_id)


def only_validation_errors(call: Callable[[], object]) -> None:
    """``call()`` either returns or raises a ValidationError (any other exception fails)."""
    with contextlib.suppress(ValidationError):
        call()


#: The repository's examples/ folder: scripts a user runs, and the example dataset's source.
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def load_example(script: str) -> types.ModuleType:
    """Import a script of examples/ as a module (the folder is not a package)."""
    spec = importlib.util.spec_from_file_location(Path(script).stem, EXAMPLES / script)
    assert spec is not None, script
    assert spec.loader is not None, script
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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
