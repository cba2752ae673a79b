"""The memory limit bounds the whole process: DuckDB gets what is left (``_scale/_budget.py``)."""

from __future__ import annotations

import pytest

duckdb = pytest.importorskip("duckdb")

from community_model._scale._budget import (  # noqa: E402 - after the extra's skip
    FLOOR,
    PART,
    batch_reserve,
    check_reserve,
    fit,
    resident_memory,
    share,
)


def _megabytes(setting: str) -> float:
    number, unit = setting.split()
    return float(number) * {"MiB": 1.048576, "GiB": 1073.741824, "KiB": 0.001024}[unit]


def test_duckdb_gets_what_the_process_does_not_hold() -> None:
    """Told after the files are open: the limit less what the process holds, less the
    reserve, less the margin; never more than the limit less what is held now."""
    limit = resident_memory() + 600 * 1000**2  # DuckDB shows it in MiB, to 0.1
    reserve = check_reserve(limit)
    with duckdb.connect(":memory:") as con:
        before = (limit - resident_memory() - reserve) / 1000**2
        fit(con, limit, reserve)
        after = (limit - resident_memory() - reserve) / 1000**2
        given = _megabytes(con.execute("SELECT current_setting('memory_limit')").fetchone()[0])
    assert after * PART - 1 <= given <= before * PART + 1


def test_a_limit_the_process_already_passes_leaves_duckdb_its_floor() -> None:
    assert share(resident_memory() // 2, 0) == f"{FLOOR // 1000**2}MB"


@pytest.mark.parametrize(
    ("limit", "checks", "batches"),
    [(4 * 1000**3, 256 * 1000**2, 2 * 1000**3), (400 * 1000**2, 100 * 1000**2, 200 * 1000**2)],
)
def test_the_python_side_keeps_its_reserve(limit: int, checks: int, batches: int) -> None:
    """A quarter of the limit (at most 256 MB) beside the checks; half beside a batch."""
    assert check_reserve(limit) == checks
    assert batch_reserve(limit) == batches
