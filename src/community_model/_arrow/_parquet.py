"""Parquet files: one per record kind in a directory, written and read in bounded memory.

Writing gathers the records of each kind into batches (``batch_rows`` records) and appends each
batch to that kind's file through a ``pyarrow.parquet.ParquetWriter`` (one row group a batch),
so records may come from a stream of any length. Each file is written under a temporary name
and renamed when whole. Reading goes the other way, a batch at a time, through the library's
loader; a file written with a newer ``schema_version`` is refused before any row is read.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Final

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from community_model._arrow._convert import (
    MAX_PROBLEMS,
    check_version,
    encode_batch,
    iter_rows,
    missing_columns,
    problems_error,
)
from community_model._arrow._fields import gc_paused, tables
from community_model._arrow._schema import KEY_TABLE, arrow_schema
from community_model._dataset.collection import Dataset
from community_model._entities import Entity
from community_model._errors import Problem
from community_model._files import check_target

__all__ = ["SUFFIX", "read_parquet", "write_parquet"]

SUFFIX: Final = ".parquet"
COMPRESSION: Final = "zstd"
#: Rows read at a time.
READ_ROWS: Final = 10_000


class _Writers:
    """A Parquet writer per record kind, fed a batch at a time; files renamed when whole."""

    def __init__(self, directory: Path, batch_rows: int) -> None:
        self.directory = directory
        self.batch_rows = batch_rows
        self.kinds = tables()
        self.names = {cls: name for name, cls in self.kinds.items()}
        self.buffers: dict[str, list[Entity]] = {name: [] for name in self.kinds}
        self.rows: dict[str, int] = dict.fromkeys(self.kinds, 0)
        self.writers: dict[str, pq.ParquetWriter] = {}
        self.temporary: dict[str, Path] = {}
        self.count = 0

    def add(self, record: Any) -> None:
        name = self.names.get(type(record))
        if name is None:
            raise TypeError(f"item {self.count} is not a record: {type(record).__name__}")
        buffer = self.buffers[name]
        buffer.append(record)
        self.count += 1
        if len(buffer) >= self.batch_rows:
            self.flush(name)

    def add_all(self, name: str, records: Sequence[Entity]) -> None:
        for start in range(0, len(records), self.batch_rows):
            self.buffers[name] = list(records[start : start + self.batch_rows])
            self.count += len(self.buffers[name])
            self.flush(name)

    def _writer(self, name: str) -> pq.ParquetWriter:
        writer = self.writers.get(name)
        if writer is None:
            handle, temporary = tempfile.mkstemp(
                dir=self.directory, prefix=f".{name}.", suffix=".tmp"
            )
            os.close(handle)
            self.temporary[name] = Path(temporary)
            writer = self.writers[name] = pq.ParquetWriter(
                temporary, arrow_schema(self.kinds[name]), compression=COMPRESSION
            )
        return writer

    def flush(self, name: str) -> None:
        buffer = self.buffers[name]
        if not buffer:
            return
        batch = encode_batch(buffer, self.kinds[name], table=name, first_row=self.rows[name])
        self._writer(name).write_batch(batch)
        self.rows[name] += len(buffer)
        self.buffers[name] = []

    def finish(self) -> list[str]:
        """Write what is left, close every file and put it in place; the tables written."""
        for name in self.kinds:
            self.flush(name)
            self._writer(name)  # a kind without records still gets its file: its schema
        for writer in self.writers.values():
            writer.close()
        for name in self.temporary:  # nothing but a regular file is ever replaced
            check_target(self.directory / f"{name}{SUFFIX}")
        for name, temporary in self.temporary.items():
            os.replace(temporary, self.directory / f"{name}{SUFFIX}")
        self.writers.clear()
        self.temporary.clear()
        return list(self.kinds)

    def abort(self) -> None:
        """Close and remove every file begun."""
        for writer in self.writers.values():
            with contextlib.suppress(Exception):
                writer.close()
        for temporary in self.temporary.values():
            with contextlib.suppress(FileNotFoundError):
                temporary.unlink()


def _partition(directory: Path, name: str, columns: Sequence[str]) -> None:
    """Rewrite ``name.parquet`` as a hive-partitioned dataset ``name/col=value/...``."""
    single = directory / f"{name}{SUFFIX}"
    schema = pq.read_schema(single)
    target = directory / name
    staging = Path(tempfile.mkdtemp(dir=directory, prefix=f".{name}.", suffix=".tmp"))
    try:
        ds.write_dataset(
            ds.dataset(single, format="parquet"),
            staging,
            format="parquet",
            partitioning=ds.partitioning(
                pa.schema([schema.field(column) for column in columns]), flavor="hive"
            ),
            file_options=ds.ParquetFileFormat().make_write_options(compression=COMPRESSION),
            existing_data_behavior="overwrite_or_ignore",
        )
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if target.is_dir():
        shutil.rmtree(target)
    os.replace(staging, target)
    single.unlink()


def write_parquet(
    data: Dataset | Iterable[Entity],
    directory: str | os.PathLike[str],
    *,
    partition_by: Sequence[str] = (),
    batch_rows: int = 10_000,
) -> int:
    """See :func:`community_model.write_parquet`."""
    if isinstance(partition_by, str):
        partition_by = (partition_by,)
    if batch_rows < 1:
        raise ValueError(f"batch_rows must be at least 1 (got {batch_rows})")
    target = Path(directory)
    target.mkdir(parents=True, exist_ok=True)
    writers = _Writers(target, batch_rows)
    try:
        # Records and batches hold no reference cycles; with thousands of records buffered, the
        # collector's full passes cost more than a third of a conversion.
        with gc_paused():
            if isinstance(data, Dataset):
                for name in writers.kinds:
                    writers.add_all(name, getattr(data, name))
            else:
                for record in data:
                    writers.add(record)
            written = writers.finish()
    except BaseException:
        writers.abort()
        raise
    for name in written:
        schema = arrow_schema(writers.kinds[name])
        if partition_by and all(column in schema.names for column in partition_by):
            _partition(target, name, partition_by)
        elif (target / name).is_dir() and _is_partitioned(target / name):
            shutil.rmtree(target / name)  # an older partitioned copy of the same table
    return writers.count


def _is_partitioned(path: Path) -> bool:
    """Whether a directory looks like a partitioned table: ``key=value`` folders of Parquet."""
    entries = list(path.iterdir())
    return bool(entries) and all(entry.is_dir() and "=" in entry.name for entry in entries)


# -- reading ------------------------------------------------------------------------------------


def _sources(path: Path) -> list[tuple[str, Path]]:
    """(table, file or partitioned folder) of each kind present, in document order."""
    kinds = tables()
    if path.is_file():
        schema = pq.read_schema(path)
        name = (schema.metadata or {}).get(KEY_TABLE.encode(), b"").decode() or path.stem
        if name not in kinds:
            raise ValueError(
                f"{path}: cannot tell which table this file holds: its metadata names none "
                f"and its name is not one of {', '.join(f'{k}{SUFFIX}' for k in kinds)}"
            )
        return [(name, path)]
    if not path.is_dir():
        raise FileNotFoundError(f"no such file or directory: {os.fspath(path)!r}")
    found = []
    for name in kinds:
        single, folder = path / f"{name}{SUFFIX}", path / name
        if single.is_file() and folder.is_dir():
            raise ValueError(f"{path} holds both {single.name} and {folder.name}/: keep one")
        if single.is_file():
            found.append((name, single))
        elif folder.is_dir():
            found.append((name, folder))
    if not found:
        raise FileNotFoundError(
            f"{os.fspath(path)!r} holds no Parquet file of a record kind "
            f"({', '.join(f'{k}{SUFFIX}' for k in kinds)})"
        )
    return found


def _schema(source: Path) -> pa.Schema:
    if source.is_dir():
        return ds.dataset(source, format="parquet", partitioning="hive").schema
    return pq.read_schema(source)


def _batches(source: Path) -> Iterator[pa.RecordBatch]:
    if source.is_dir():
        dataset = ds.dataset(source, format="parquet", partitioning="hive")
        yield from dataset.to_batches(batch_size=READ_ROWS)
        return
    with pq.ParquetFile(source) as handle:
        # A row group at a time: pyarrow cannot join nested columns across row groups.
        for group in range(handle.num_row_groups):
            yield from handle.iter_batches(batch_size=READ_ROWS, row_groups=[group])


def read_parquet(source: str | os.PathLike[str], *, strict: bool = True) -> Iterator[Entity]:
    """See :func:`community_model.read_parquet`: checks first, then a stream of records."""
    sources = _sources(Path(source))
    kinds = tables()
    problems: list[Problem] = []
    for name, path in sources:
        schema = _schema(path)
        check_version(schema, f"$.{name}", f"{path}")
        problems.extend(missing_columns(schema, kinds[name], name))
    if problems:
        raise problems_error(problems)
    return _stream(sources, strict=strict)


def _stream(sources: list[tuple[str, Path]], *, strict: bool) -> Iterator[Entity]:
    kinds = tables()
    problems: list[Problem] = []
    more = 0  # problems past the first MAX_PROBLEMS: counted, not kept
    for name, path in sources:
        for records, found in iter_rows(_batches(path), kinds[name], table=name, strict=strict):
            yield from records
            room = MAX_PROBLEMS - len(problems)
            problems.extend(found[:room])
            more += max(0, len(found) - room)
    if problems:
        raise problems_error(problems, more)
