"""A memory limit for the whole process, shared between DuckDB and the Python side.

The user's ``--memory-limit`` bounds the process, not DuckDB alone. Besides DuckDB's buffers, the
process holds the interpreter and the libraries, the Parquet metadata DuckDB reads when it opens
the files (about 130 MB for an export of 11 million records in 550 row groups per table), the
records the Python side works on (a batch), and what DuckDB allocates outside its buffer manager
(a few percent over its limit was measured in hash joins). So DuckDB is given what is left once
the files are open, less what the Python side will hold and a margin, and told again after.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final

import duckdb

from community_model._errors import ConfigurationError

try:
    import resource
except ImportError:  # pragma: no cover - Windows, where /proc is missing too
    resource = None  # type: ignore[assignment]

__all__ = ["batch_reserve", "check_reserve", "connected", "fit", "resident_memory", "share"]

#: The least DuckDB is given, whatever the rest holds (below this it cannot run a join).
FLOOR: Final = 64 * 1000**2
#: What a record of a batch costs the Python side, loaded with its indexes and figures
#: (``Dataset.check()`` holds about 1.6 KB a record; a summary's work about doubles it).
BATCH_RECORD_BYTES: Final = 5_000
#: The part of what is left that DuckDB gets: the rest is the margin for its allocations
#: outside the buffer manager.
PART: Final = 0.8


#: What the Python side holds beside DuckDB when it loads no rows itself: the problems found
#: and the objects of the queries' results.
SMALL_RESERVE: Final = 32 * 1000**2


def check_reserve(limit: int, *, loads_rows: bool) -> int:
    """What the checks' Python side holds beside DuckDB: a batch of rows being loaded when
    each record's own checks run here (``loads_rows``), else little."""
    return min(256 * 1000**2, limit // 4) if loads_rows else min(SMALL_RESERVE, limit // 4)


def resident_memory() -> int:
    """The bytes this process holds in memory now (on Linux; elsewhere its peak so far)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        if resource is None:  # pragma: no cover - no way to tell: nothing counted
            return 0
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak if sys.platform == "darwin" else peak * 1024


def share(limit: int, reserve: int) -> str:
    """DuckDB's ``memory_limit`` now: ``limit`` less what the process holds and ``reserve``."""
    left = limit - resident_memory() - reserve
    return f"{max(int(left * PART), FLOOR) // 1000**2}MB"


def fit(con: duckdb.DuckDBPyConnection, limit: int, reserve: int) -> None:
    """Tell DuckDB its share again (after the files are open and their metadata read)."""
    con.execute(f"SET memory_limit = '{share(limit, reserve)}'")


@contextlib.contextmanager
def connected(
    limit: int, reserve: int, spill: Path, threads: int | None
) -> Iterator[duckdb.DuckDBPyConnection]:
    """An in-memory DuckDB given its share of ``limit`` (:func:`fit` tells it again once the
    files are open), spilling to ``spill``, with ``threads`` (``None``: one per core); closed
    after."""
    config: dict[str, Any] = {
        "memory_limit": share(limit, reserve),
        "temp_directory": str(spill),
        "preserve_insertion_order": False,
    }
    if threads is not None:
        config["threads"] = threads
    try:
        with contextlib.closing(duckdb.connect(":memory:", config=config)) as con:
            yield con
    except duckdb.OutOfMemoryException as error:
        # Said in the library's words, with what to change (not DuckDB's SET advice).
        reason = str(error).split("\n", 1)[0].removeprefix("Out of Memory Error: ")
        raise ConfigurationError(
            f"the memory limit of {limit / 1000**2:,.0f} MB is too small for this export: "
            f"DuckDB, given what this process did not already hold, ran out ({reason}); "
            "give a larger memory limit (--memory-limit), or fewer threads (--threads 1)"
        ) from None


def batch_reserve(limit: int, records: int) -> int:
    """What summaries and views hold beside DuckDB: a batch of about ``records`` records
    around their places (loaded, indexed, summarised: about 5 KB each), at most half."""
    return min(limit // 2, records * BATCH_RECORD_BYTES)
