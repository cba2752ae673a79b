"""Runs the Python code blocks of README.md and docs/*.md as tests (Sybil), and spreads the
suite over the machine's cores (pytest-xdist: ``-n auto`` in pyproject.toml; ``-n 0`` runs it in
this process)."""

from __future__ import annotations

import os
from typing import Any

import pytest
from sybil import Sybil
from sybil.parsers.markdown import PythonCodeBlockParser, SkipParser
from xdist.scheduler import LoadScopeScheduling

pytest_collect_file = Sybil(
    parsers=[PythonCodeBlockParser(), SkipParser()],
    patterns=["*.md"],
    excludes=["CHANGELOG.md"],
).pytest()


#: Test modules whose tests share one expensive thing and run in order: a real server started
#: once for the module (test_service.py: its last test checks every response the others got).
WHOLE_MODULES = ("tests/test_service.py",)


class DocumentScheduling(LoadScopeScheduling):
    """Each test is a unit of work for the next free worker, but the examples of one document
    are one unit (they share a namespace and run in order, on one worker), and so are the tests
    of a module that shares one server (:data:`WHOLE_MODULES`)."""

    def _split_scope(self, nodeid: str) -> str:
        path = nodeid.split("::", 1)[0]
        return path if path.endswith(".md") or path.endswith(WHOLE_MODULES) else nodeid


def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> DocumentScheduling | None:
    """``DocumentScheduling`` for the default distribution (``--dist load``)."""
    if config.getvalue("dist") != "load":
        return None
    return DocumentScheduling(config, log)


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """No worker to start when only named tests run (``pytest tests/test_x.py::test_y``):
    starting workers would take longer than the tests. Otherwise xdist counts the cores."""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None
    arguments = config.args
    if arguments and all("::" in argument for argument in arguments):
        return 0
    return None
