# pyright: strict
"""The typed user program runs, so what it asserts about the API is true.

Its types are checked in CI, not here: ``mypy --strict tests/typing`` and
``pyright -p tests/typing`` (see .ci/run).
"""

from __future__ import annotations

import user_program


def test_user_program_runs() -> None:
    """Every part of the program runs and its assertions hold."""
    user_program.main()
