"""JSON Lines split into byte ranges, each converted by the library's loaders into a committed part.

A file is cut into blocks of about ``blocksize`` bytes; a block owns the lines that *start* in
its range, so every line belongs to exactly one block whatever the cut. A block is read with
:func:`community_model._wire.jsonl.numbered_lines` (the loader of ``read_jsonl`` and
``validate``: every rule, the limit on a line's length), its records encoded into Arrow batches
per record kind (the encoder of ``write_parquet``) and written under a temporary name, then
committed by renaming the part's directory: a retried or repeated block finds the committed part
and returns its result, so no row and no problem is ever lost or doubled. Line numbers within a
block count from its first line; the block's count of lines lets the caller number them in the
file. Merging writes the parts of each table, in order, as one Parquet file, batched as
``write_parquet`` batches, so the output is the one a single process writes.
"""

from __future__ import annotations

import contextlib
import errno
import os
import pickle
import shutil
import typing
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Final

import attrs
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from community_model._arrow._convert import encode_batch
from community_model._arrow._fields import gc_paused, tables
from community_model._arrow._parquet import COMPRESSION, SUFFIX
from community_model._arrow._schema import arrow_schema
from community_model._dataset.index import COLLECTIONS
from community_model._entities import Entity
from community_model._errors import Problem
from community_model._wire.jsonl import numbered_lines
from community_model._wire.limits import Limits

__all__ = [
    "Block",
    "PartResult",
    "blocks_of",
    "convert_block",
    "merge_table",
]

#: Bytes skipped at a time past the start of a block, to the end of a line begun before it.
_CHUNK: Final = 1 << 20
#: The file of a part's result (its problems and counts), written last, before the commit.
RESULT: Final = "result.pickle"
#: Columns of the line numbers kept beside each table (source file index, line in that file).
LINES_SCHEMA: Final = pa.schema([pa.field("file", pa.int32()), pa.field("line", pa.int64())])
_IPC: Final = pa.ipc.IpcWriteOptions(compression="lz4")


@attrs.frozen
class Block:
    """The lines of ``file`` that start in bytes ``[start, end)``; the ``number``-th block of
    the ``source``-th file of an export."""

    file: str
    source: int
    number: int
    start: int
    end: int

    @property
    def key(self) -> str:
        """The part's name: sources and blocks in order when sorted."""
        return f"{self.source:06d}-{self.number:07d}"


def blocks_of(file: str, source: int, size: int, blocksize: int) -> list[Block]:
    """The blocks of a file of ``size`` bytes (one, empty, for an empty file)."""
    starts = list(range(0, max(size, 1), blocksize))
    return [
        Block(file, source, number, start, min(start + blocksize, size))
        for number, start in enumerate(starts)
    ]


@attrs.frozen(kw_only=True)
class PartResult:
    """What a block held: its lines, its records per table, its problems.

    ``found`` lists each problem with its line (counted from the block's first), the table of
    the record it belongs to (``None`` for a line that is no record) and the record's row in
    the part; ``error`` says why the file could not be read at all.
    """

    key: str
    lines: int = 0
    rows: dict[str, int] = attrs.field(factory=dict)
    found: list[tuple[int, str | None, int, Problem]] = attrs.field(factory=list)
    error: str | None = None


class _Range:
    """A binary file seen from the first line that starts at or after ``start`` to the end of
    the last line that starts before ``end``; counts the lines it hands out."""

    def __init__(self, handle: IO[bytes], start: int, end: int) -> None:
        self.handle = handle
        self.end = end
        self.lines = 0
        self.position = start
        self.at_line_start = True
        handle.seek(max(start - 1, 0))
        if start > 0 and handle.read(1) != b"\n":  # a line begun before the block: not ours
            while True:
                skipped = handle.readline(_CHUNK)
                self.position += len(skipped)
                if not skipped or skipped.endswith(b"\n"):
                    break

    def readline(self, size: int = -1) -> bytes:
        if self.at_line_start and self.position >= self.end:
            return b""
        data = self.handle.readline(size)
        if data and self.at_line_start:
            self.lines += 1
        self.position += len(data)
        self.at_line_start = data.endswith(b"\n")
        return data


def _describe(error: OSError) -> str:
    reason = error.strerror or str(error)
    return reason if error.filename is None else f"{reason}: {os.fsdecode(error.filename)}"


class _PartWriter:
    """Arrow IPC files of a part, one per table, and the line of each row beside them."""

    def __init__(self, directory: Path, batch_rows: int) -> None:
        self.directory = directory
        self.batch_rows = batch_rows
        self.kinds = tables()
        self.buffers: dict[str, list[Entity]] = {name: [] for name in self.kinds}
        self.numbers: dict[str, list[int]] = {name: [] for name in self.kinds}
        self.rows: dict[str, int] = dict.fromkeys(self.kinds, 0)
        self.writers: dict[str, pa.ipc.RecordBatchFileWriter] = {}

    def add(self, name: str, record: Entity, line: int) -> int:
        row = self.rows[name]
        self.rows[name] = row + 1
        self.buffers[name].append(record)
        self.numbers[name].append(line)
        if len(self.buffers[name]) >= self.batch_rows:
            self.flush(name)
        return row

    def flush(self, name: str) -> None:
        buffer = self.buffers[name]
        if not buffer:
            return
        first = self.rows[name] - len(buffer)
        batch = encode_batch(buffer, self.kinds[name], table=name, first_row=first)
        writer = self.writers.get(name)
        if writer is None:
            writer = self.writers[name] = pa.ipc.new_file(
                self.directory / f"{name}.arrow", batch.schema, options=_IPC
            )
        writer.write_batch(batch)
        self.buffers[name] = []

    def close(self) -> None:
        for name in self.kinds:
            self.flush(name)
        for writer in self.writers.values():
            writer.close()
        for name, numbers in self.numbers.items():
            if numbers:
                lines = pa.table({"line": pa.array(numbers, pa.int64())})
                with pa.ipc.new_file(self.directory / f"{name}.lines.arrow", lines.schema) as out:
                    out.write_table(lines)


def convert_block(
    block: Block, parts: str, *, strict: bool, limits: Limits | None, batch_rows: int
) -> PartResult:
    """Convert one block into the committed part ``parts/<key>``; its result.

    Idempotent: a part committed before (by an attempt that died after committing, or by an
    earlier run of the same plan) is read back, never written twice. A file that cannot be read
    gives a result with ``error`` and commits nothing.
    """
    directory = Path(parts)
    final = directory / block.key
    done = _committed(final)
    if done is not None:
        return done
    staging = directory / f".{block.key}.{uuid.uuid4().hex}.tmp"
    staging.mkdir(parents=True)
    try:
        result = _convert(block, staging, strict=strict, limits=limits, batch_rows=batch_rows)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        return PartResult(key=block.key, error=_describe(error))
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if result.error is not None:
        shutil.rmtree(staging, ignore_errors=True)
        return result
    with open(staging / RESULT, "wb") as handle:
        pickle.dump(result, handle, protocol=pickle.HIGHEST_PROTOCOL)
        handle.flush()
        os.fsync(handle.fileno())
    try:
        os.rename(staging, final)  # the commit: the part appears whole, or not at all
    except OSError:
        # Another attempt committed the same block first: its part is the same; keep it.
        shutil.rmtree(staging, ignore_errors=True)
        committed = _committed(final)
        if committed is None:
            raise
        return committed
    return result


def _committed(final: Path) -> PartResult | None:
    try:
        with open(final / RESULT, "rb") as handle:
            found = pickle.load(handle)
    except FileNotFoundError:
        return None
    assert isinstance(found, PartResult)
    return found


def _convert(
    block: Block, staging: Path, *, strict: bool, limits: Limits | None, batch_rows: int
) -> PartResult:
    if os.path.isdir(block.file):
        return PartResult(key=block.key, error=os.strerror(errno.EISDIR))
    result = PartResult(key=block.key)
    writer = _PartWriter(staging, batch_rows)
    with open(block.file, "rb") as handle, gc_paused():
        stream = _Range(handle, block.start, block.end)
        lines = numbered_lines(typing.cast(IO[bytes], stream), strict=strict, limits=limits)
        for number, record, problems in lines:
            if record is None:
                result.found.extend((number, None, -1, problem) for problem in problems)
                continue
            name = COLLECTIONS[type(record)]
            row = writer.add(name, record, number)
            for warning in record.warnings():
                result.found.append((number, name, row, attrs.evolve(warning, line=number)))
        writer.close()
    return attrs.evolve(result, lines=stream.lines, rows=dict(writer.rows))


# -- merging ------------------------------------------------------------------------------------


@attrs.frozen
class PartRef:
    """A committed part as the merge reads it: its key, source file and first line's offset."""

    key: str
    source: int
    line_offset: int


def _part_batches(path: Path) -> Iterator[pa.RecordBatch]:
    if not path.is_file():
        return
    with pa.memory_map(str(path)) as source, pa.ipc.open_file(source) as reader:
        for index in range(reader.num_record_batches):
            yield reader.get_batch(index)


def merge_table(
    name: str,
    parts: str,
    refs: Sequence[PartRef],
    staging: str,
    *,
    batch_rows: int,
    lines: str | None = None,
) -> int:
    """Write the rows of table ``name`` of every part, in order, as ``staging/<name>.parquet``.

    Rows go out in batches of ``batch_rows`` (one row group each), as :func:`write_parquet`
    writes them, so the file is the one a single process writes from the same records. With
    ``lines``, the source file and line of each row are written there too (for the checks).
    Returns the rows written.
    """
    cls = tables()[name]
    schema = arrow_schema(cls)
    target = Path(staging) / f"{name}{SUFFIX}"
    temporary = target.with_name(f".{target.name}.tmp")
    directory = Path(parts)
    count = 0
    with pq.ParquetWriter(temporary, schema, compression=COMPRESSION) as writer:
        pending: list[pa.RecordBatch] = []
        waiting = 0
        for ref in refs:
            for batch in _part_batches(directory / ref.key / f"{name}.arrow"):
                pending.append(batch)
                waiting += batch.num_rows
                while waiting >= batch_rows:
                    pending, waiting = _write_rows(writer, pending, schema, batch_rows)
                    count += batch_rows
        if waiting:
            _write_rows(writer, pending, schema, waiting)
            count += waiting
    os.replace(temporary, target)
    if lines is not None:
        _merge_lines(name, directory, refs, Path(lines))
    return count


def _write_rows(
    writer: pq.ParquetWriter, pending: list[pa.RecordBatch], schema: pa.Schema, rows: int
) -> tuple[list[pa.RecordBatch], int]:
    """Write the first ``rows`` pending rows as one batch; the rest stays pending."""
    table = pa.Table.from_batches(pending, schema=schema)
    head = table.slice(0, rows).combine_chunks()
    writer.write_batch(head.to_batches(max_chunksize=rows)[0])
    rest = table.slice(rows)
    return rest.to_batches(), rest.num_rows


def _merge_lines(name: str, directory: Path, refs: Sequence[PartRef], target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    temporary = target / f".{name}{SUFFIX}.tmp"
    with pq.ParquetWriter(temporary, LINES_SCHEMA) as writer:
        for ref in refs:
            for batch in _part_batches(directory / ref.key / f"{name}.lines.arrow"):
                numbers = pc.add(batch.column(0), pa.scalar(ref.line_offset, pa.int64()))
                files = pa.array([ref.source] * batch.num_rows, pa.int32())
                writer.write_batch(pa.record_batch([files, numbers], schema=LINES_SCHEMA))
    os.replace(temporary, target / f"{name}{SUFFIX}")


def part_found(parts: str, ref: PartRef) -> PartResult | None:
    """The committed result of a part (``None`` if it is not committed)."""
    return _committed(Path(parts) / ref.key)


def remove_quietly(path: Path) -> None:
    """Remove a file or a directory tree if it is there."""
    with contextlib.suppress(FileNotFoundError):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
