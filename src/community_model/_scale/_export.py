"""An export's Parquet files: one per record kind, as ``write_parquet`` writes them."""

from __future__ import annotations

from pathlib import Path

import attrs

from community_model._arrow._fields import tables

__all__ = ["Export", "parquet_export"]


@attrs.frozen
class Export:
    """The Parquet files of an export and how its problems are located.

    ``tables`` maps each table to its file; with ``lines`` (a directory of
    ``<table>.parquet`` files of ``file`` and ``line`` per row), problems name the JSON Lines
    file and line of their record (``sources`` by index) instead of the Parquet row.
    """

    tables: dict[str, Path]
    lines: Path | None = None
    sources: tuple[str, ...] = ()


def parquet_export(directory: Path) -> Export:
    """The export of a directory ``write_parquet`` wrote (one file per record kind)."""
    if not directory.is_dir():
        raise FileNotFoundError(f"no such directory: {str(directory)!r}")
    found: dict[str, Path] = {}
    for name in tables():
        single, folder = directory / f"{name}.parquet", directory / name
        if folder.is_dir():
            raise ValueError(
                f"{folder} is a partitioned table: the checks need one file per record kind, "
                "in the order written (write_parquet without partition_by)"
            )
        if single.is_file():
            found[name] = single
    if not found:
        raise FileNotFoundError(
            f"{str(directory)!r} holds no Parquet file of a record kind "
            f"({', '.join(f'{name}.parquet' for name in tables())})"
        )
    return Export(found)
