"""Each record's own rules and warnings, read from a table's Parquet file a row group at a time.

This is the part of the checks that needs one record at a time: the rows are loaded by the
loader of ``read_parquet`` (every rule, each problem at ``$.<table>[<row>].<column>``) and each
record's ``warnings()`` are placed at its row. A file's row groups can be split into chunks, each
checked anywhere (in this process, or as a task on a Dask cluster: the module imports no
DuckDB), and the chunks' problems put back together in order.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Final

import attrs
import pyarrow.parquet as pq

from community_model._arrow._convert import decode_batch
from community_model._arrow._fields import gc_paused, tables
from community_model._arrow._parquet import READ_ROWS
from community_model._entities import Entity
from community_model._errors import Problem
from community_model._scale._found import FileProblem

__all__ = ["Chunk", "check_chunk", "chunks_of", "record_problems", "rows_of"]

_ROW: Final = re.compile(r"\$\.[a-z_]+\[(\d+)\]")
#: Row groups per chunk of work (of ``write_parquet``'s 10,000 rows each).
GROUPS_PER_CHUNK: Final = 20


@attrs.frozen
class Chunk:
    """Row groups ``first_group`` up to ``end_group`` of table ``name`` (number ``table``) in
    ``file``, whose first row is ``first_row``."""

    file: str
    name: str
    table: int
    first_group: int
    end_group: int
    first_row: int


def chunks_of(files: dict[str, Path]) -> list[Chunk]:
    """The chunks of every table's file, tables in document order, rows in order."""
    found = []
    for number, name in enumerate(tables()):
        path = files.get(name)
        if path is None:
            continue
        metadata = pq.read_metadata(path)
        row = 0
        for start in range(0, metadata.num_row_groups, GROUPS_PER_CHUNK):
            end = min(start + GROUPS_PER_CHUNK, metadata.num_row_groups)
            found.append(Chunk(str(path), name, number, start, end, row))
            row += sum(metadata.row_group(group).num_rows for group in range(start, end))
    return found


def check_chunk(chunk: Chunk, *, strict: bool) -> list[tuple[int, int, FileProblem]]:
    """(table, row, problem) of the rows of one chunk, in row order."""
    return list(_check(chunk, strict))


def _check(chunk: Chunk, strict: bool) -> Iterator[tuple[int, int, FileProblem]]:
    for row, _, problems in rows_of(chunk, strict):
        for problem in problems:
            yield chunk.table, row, FileProblem(chunk.file, problem)


def rows_of(chunk: Chunk, strict: bool) -> Iterator[tuple[int, Entity | None, list[Problem]]]:
    """Each row of a chunk: its number, its record (``None``: it does not load) and its own
    problems (why it does not load, or the conventions the record breaks), at its row."""
    cls = tables()[chunk.name]
    first_row = chunk.first_row
    with pq.ParquetFile(chunk.file) as handle:
        for group in range(chunk.first_group, chunk.end_group):
            # A row group at a time: pyarrow cannot join nested columns across row groups.
            for batch in handle.iter_batches(batch_size=READ_ROWS, row_groups=[group]):
                with gc_paused():
                    records, problems = decode_batch(
                        batch, cls, table=chunk.name, first_row=first_row, strict=strict
                    )
                bad: dict[int, list[Problem]] = {}
                for problem in problems:
                    match = _ROW.match(problem.path)
                    row = int(match[1]) if match else first_row
                    bad.setdefault(row, []).append(problem)
                good = iter(records)
                for row in range(first_row, first_row + batch.num_rows):
                    if row in bad:
                        yield row, None, bad[row]
                        continue
                    record = next(good)
                    where = f"$.{chunk.name}[{row}]"
                    yield row, record, [warning.under(where) for warning in record.warnings()]
                first_row += batch.num_rows


def record_problems(
    files: dict[str, Path], *, strict: bool
) -> Iterator[tuple[int, int, FileProblem]]:
    """(table, row, problem) of every row of every table, in order, in this process."""
    for chunk in chunks_of(files):
        yield from _check(chunk, strict)
