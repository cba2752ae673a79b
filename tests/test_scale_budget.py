"""The memory limit bounds the whole process: DuckDB gets what is left (``_scale/_budget.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest

duckdb = pytest.importorskip("duckdb")

from community_model._errors import ConfigurationError  # noqa: E402
from community_model._scale._budget import (  # noqa: E402 - after the extra's skip
    FLOOR,
    PART,
    batch_reserve,
    check_reserve,
    connected,
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
    limit = resident_memory() + 600 * 1000**2
    reserve = check_reserve(limit, loads_rows=True)
    with duckdb.connect(":memory:") as con:
        before = (limit - resident_memory() - reserve) / 1000**2
        fit(con, limit, reserve)
        after = (limit - resident_memory() - reserve) / 1000**2
        given = _megabytes(con.execute("SELECT current_setting('memory_limit')").fetchone()[0])
    # What the process holds moves either way while DuckDB is told (pages freed, or taken), so
    # the share lies between the two readings; it is told in whole MB (rounded down) and shown
    # by DuckDB in MiB to 0.1: up to 1 MB + 0.105 MB below the exact figure.
    assert min(before, after) * PART - 1.11 <= given <= max(before, after) * PART + 0.11


def test_a_limit_the_process_already_passes_leaves_duckdb_its_floor() -> None:
    assert share(resident_memory() // 2, 0) == f"{FLOOR // 1000**2}MB"


@pytest.mark.parametrize(
    ("limit", "loading", "checking", "batches"),
    [
        (4 * 1000**3, 256 * 1000**2, 32 * 1000**2, 100 * 1000**2),
        (400 * 1000**2, 100 * 1000**2, 32 * 1000**2, 100 * 1000**2),
        (100 * 1000**2, 25 * 1000**2, 25 * 1000**2, 50 * 1000**2),
    ],
)
def test_the_python_side_keeps_its_reserve(
    limit: int, loading: int, checking: int, batches: int
) -> None:
    """A quarter of the limit (at most 256 MB) beside the checks when they load rows, 32 MB
    when they do not (never more than a quarter); 5 KB a record of a batch (20,000 here), at
    most half, beside a batch of records."""
    assert check_reserve(limit, loads_rows=True) == loading
    assert check_reserve(limit, loads_rows=False) == checking
    assert batch_reserve(limit, 20_000) == batches


def _run_out(spill: Path) -> None:
    """A query that cannot spill (one list of ten million numbers) under a 1 MB limit."""
    with connected(resident_memory(), 0, spill, 1) as con:
        con.execute("SET memory_limit = '1MB'")
        con.execute("SELECT sum(len(x)) FROM (SELECT list(i) AS x FROM range(10000000) t(i))")


def test_running_out_of_memory_is_said_in_the_librarys_words(tmp_path: Path) -> None:
    """Not DuckDB's exception and advice: a ConfigurationError naming the option to change."""
    with pytest.raises(ConfigurationError, match=r"give a larger memory limit \(--memory-limit\)"):
        _run_out(tmp_path)


def test_duckdb_is_told_its_share_once_the_files_are_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The checks and the batches of summaries refit DuckDB after opening every table (their
    metadata is read then), within the limit the user gave."""
    import community_model as cm  # noqa: PLC0415 - the facade, after the extra's skip
    from community_model._arrow._fields import tables  # noqa: PLC0415
    from community_model._scale import BATCH_RECORDS, _duck  # noqa: PLC0415

    cm.write_parquet(cm.suzhou_2023(), tmp_path / "export")
    seen: list[tuple[int, int]] = []

    def spy(con: object, limit: int, reserve: int) -> None:
        opened = con.execute(  # type: ignore[attr-defined]
            "SELECT (SELECT count(*) FROM duckdb_views() WHERE NOT internal)"
            " + (SELECT count(*) FROM duckdb_tables())"
        ).fetchone()[0]
        assert opened >= len(tables())  # every record kind's table is open
        seen.append((limit, reserve))
        fit(con, limit, reserve)  # type: ignore[arg-type]

    monkeypatch.setattr(_duck, "fit", spy)
    list(cm.check_export(tmp_path / "export", memory_limit="700MB", record_checks=False))
    cm.summarise_export(tmp_path / "export", memory_limit="700MB")
    assert [limit for limit, _ in seen] == [700 * 1000**2, 700 * 1000**2]
    assert seen[0][1] == check_reserve(700 * 1000**2, loads_rows=False)
    assert seen[1][1] == batch_reserve(700 * 1000**2, BATCH_RECORDS)
