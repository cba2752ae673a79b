"""Validating and converting a sharded export: plan, parts, commit, merge; on any executor.

The plan cuts every file into blocks (:mod:`._parts`); an executor runs the library's loader on
each block (in this process, or on a Dask cluster: :mod:`._dask`) and each block commits its part
by renaming it into place. A final step takes exactly the parts of the plan, numbers their lines
in their files, and merges each table into one Parquet file, written beside the target and
renamed into place when every table is whole.

The work directory keeps the plan's manifest (the sources with their sizes and modification
times, the block size, the reading options, the library version) and the committed parts. A
run that finds the same manifest resumes: blocks already committed are read back, not redone.
A run that finds another manifest (a source changed, or other options) removes the old parts and
starts clean: parts of two plans never mix.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, Final, Protocol, TypeVar

import attrs

from community_model._arrow._fields import tables
from community_model._arrow._schema import library_version
from community_model._document import SCHEMA_VERSION
from community_model._files import replace_with_directory
from community_model._messages import UNREADABLE
from community_model._scale._found import FileProblem, ShardReport
from community_model._scale._parts import (
    Block,
    PartRef,
    PartResult,
    blocks_of,
    convert_block,
    merge_table,
    remove_quietly,
)
from community_model._wire.limits import Limits

__all__ = ["Converted", "Executor", "InProcess", "convert_shards", "sources_of"]

T = TypeVar("T")
R = TypeVar("R")

#: Rows per row group of the Parquet files (as ``write_parquet`` writes them).
BATCH_ROWS: Final = 10_000
MANIFEST: Final = "manifest.json"
JSONL_SUFFIXES: Final = (".jsonl", ".ndjson")


class Executor(Protocol):
    """Runs a function on each item, in any order and place; returns results in item order."""

    def map(self, function: Callable[..., R], items: Sequence[Any], **kwargs: Any) -> list[R]: ...


class InProcess:
    """Everything in this process, one item after another: the single-process path."""

    def map(self, function: Callable[..., R], items: Sequence[Any], **kwargs: Any) -> list[R]:
        """``[function(item, **kwargs) for item in items]``."""
        return [function(item, **kwargs) for item in items]


def sources_of(source: str | os.PathLike[str] | Sequence[str | os.PathLike[str]]) -> list[str]:
    """The JSON Lines files of an export: the files given, or those of a directory, by name."""
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        if path.is_dir():
            found = sorted(
                str(entry) for entry in path.iterdir() if entry.suffix.lower() in JSONL_SUFFIXES
            )
            if not found:
                raise FileNotFoundError(f"{os.fspath(path)!r} holds no .jsonl or .ndjson file")
            return found
        return [os.fspath(path)]
    return [os.fspath(item) for item in source]


@attrs.frozen
class _Plan:
    sources: tuple[str, ...]
    blocks: tuple[Block, ...]
    stats: tuple[tuple[int, int] | None, ...]  # size and mtime of each source, None: unreadable
    failed: dict[int, str]


def _describe(error: OSError) -> str:
    return error.strerror or str(error)


def _plan(sources: Sequence[str], blocksize: int) -> _Plan:
    blocks: list[Block] = []
    stats: list[tuple[int, int] | None] = []
    failed: dict[int, str] = {}
    for index, file in enumerate(sources):
        try:
            found = os.stat(file)
        except OSError as error:
            failed[index] = _describe(error)
            stats.append(None)
            continue
        if os.path.isdir(file):
            failed[index] = os.strerror(errno.EISDIR)
            stats.append(None)
            continue
        stats.append((found.st_size, found.st_mtime_ns))
        blocks.extend(blocks_of(file, index, found.st_size, blocksize))
    return _Plan(tuple(sources), tuple(blocks), tuple(stats), failed)


def _manifest(plan: _Plan, options: dict[str, Any]) -> dict[str, Any]:
    return {
        "library": library_version(),
        "schema_version": SCHEMA_VERSION,
        "sources": [
            [os.path.abspath(file), stat]
            for file, stat in zip(plan.sources, plan.stats, strict=True)
        ],
        **options,
    }


def _prepare(work: Path, manifest: dict[str, Any]) -> bool:
    """Make ``work`` hold this plan's manifest; whether it did already (a resumed run)."""
    text = json.dumps(manifest, sort_keys=True, ensure_ascii=False)
    with contextlib.suppress(OSError, ValueError):
        if (work / MANIFEST).read_text(encoding="utf-8") == text:
            return True
    remove_quietly(work)
    (work / "parts").mkdir(parents=True)
    temporary = work / f".{MANIFEST}.tmp"
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, work / MANIFEST)
    return False


@attrs.frozen
class Converted:
    """A finished conversion: the report, the Parquet directory, and what the checks need.

    ``lines`` is the directory of each table's source file and line per row (when asked);
    ``per_record`` gives each record's own problems (warnings) in table and row order.
    """

    report: ShardReport
    directory: Path
    lines: Path | None
    sources: tuple[str, ...]
    per_record: Callable[[], Iterator[tuple[int, int, FileProblem]]]
    line_problems: Callable[[], Iterator[FileProblem]]
    resumed: bool


def convert_shards(
    sources: Sequence[str],
    target: str | os.PathLike[str],
    *,
    executor: Executor,
    blocksize: int,
    strict: bool = True,
    limits: Limits | None = None,
    work: str | os.PathLike[str] | None = None,
    lines: bool = False,
    keep_work: bool = False,
) -> Converted:
    """Validate and convert ``sources`` (JSON Lines) into the Parquet directory ``target``.

    ``work`` holds the manifest and the parts (default: ``.<target>.work`` beside the target);
    it is removed when the output is in place, unless ``keep_work`` (the checks need ``lines``,
    kept there).
    """
    destination = Path(target)
    destination.parent.mkdir(parents=True, exist_ok=True)
    workdir = Path(work) if work is not None else destination.with_name(f".{destination.name}.work")
    plan = _plan(sources, blocksize)
    options = {
        "blocksize": blocksize,
        "strict": strict,
        "limits": None if limits is None else attrs.asdict(limits),
        "batch_rows": BATCH_ROWS,
        "lines": lines,
    }
    resumed = _prepare(workdir, _manifest(plan, options))
    parts = workdir / "parts"
    results = executor.map(
        convert_block,
        list(plan.blocks),
        parts=str(parts),
        strict=strict,
        limits=limits,
        batch_rows=BATCH_ROWS,
    )
    failed = dict(plan.failed)
    for block, result in zip(plan.blocks, results, strict=True):
        if result.error is not None:
            failed.setdefault(block.source, result.error)
    refs, offsets = _refs(plan, results, failed)
    staging = Path(
        tempfile.mkdtemp(dir=destination.parent, prefix=f".{destination.name}.", suffix=".tmp")
    )
    lines_dir = workdir / "lines" if lines else None
    try:
        executor.map(
            merge_table,
            list(tables()),
            parts=str(parts),
            refs=refs,
            staging=str(staging),
            batch_rows=BATCH_ROWS,
            lines=None if lines_dir is None else str(lines_dir),
        )
        replace_with_directory(staging, destination)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    kept = [
        (block, result, offsets[block.key])
        for block, result in zip(plan.blocks, results, strict=True)
        if block.source not in failed
    ]
    report = ShardReport(
        records=sum(sum(result.rows.values()) for _, result, _ in kept),
        lines=sum(result.lines for _, result, _ in kept),
        parts=len(plan.blocks),
        problems=tuple(_problems(plan, kept, failed)),
        failed_files=tuple(plan.sources[index] for index in sorted(failed)),
    )
    if not keep_work:
        remove_quietly(workdir)
    return Converted(
        report=report,
        directory=destination,
        lines=lines_dir,
        sources=plan.sources,
        per_record=lambda: _per_record(plan, kept),
        line_problems=lambda: _problems(plan, kept, failed, records=False),
        resumed=resumed,
    )


def _refs(
    plan: _Plan, results: Sequence[PartResult], failed: dict[int, str]
) -> tuple[list[PartRef], dict[str, int]]:
    """The parts to merge, in order, each with the offset of its first line in its file."""
    refs: list[PartRef] = []
    offsets: dict[str, int] = {}
    seen: dict[int, int] = {}
    for block, result in zip(plan.blocks, results, strict=True):
        offset = seen.get(block.source, 0)
        offsets[block.key] = offset
        seen[block.source] = offset + result.lines
        if block.source not in failed:
            refs.append(PartRef(block.key, block.source, offset))
    return refs, offsets


def _problems(
    plan: _Plan,
    kept: list[tuple[Block, PartResult, int]],
    failed: dict[int, str],
    *,
    records: bool = True,
) -> Iterator[FileProblem]:
    """Every problem of single lines in file and line order; unreadable files by name.

    ``records=False`` leaves out the problems of lines that are records (their warnings).
    """
    reported: set[int] = set()
    blocks = iter(kept)
    pending = next(blocks, None)
    for index, file in enumerate(plan.sources):
        if index in failed and index not in reported:
            reported.add(index)
            yield FileProblem(file, UNREADABLE.at("$", reason=failed[index]))
        while pending is not None and pending[0].source == index:
            _, result, offset = pending
            for line, table, _, problem in result.found:
                if records or table is None:
                    yield FileProblem(file, attrs.evolve(problem, line=offset + line))
            pending = next(blocks, None)


def _per_record(
    plan: _Plan, kept: list[tuple[Block, PartResult, int]]
) -> Iterator[tuple[int, int, FileProblem]]:
    """(table index, row, problem) of each record's own problems, in table and row order."""
    for number, name in enumerate(tables()):
        row_offset = 0
        for block, result, offset in kept:
            file = plan.sources[block.source]
            for line, table, row, problem in result.found:
                if table == name:
                    yield (
                        number,
                        row_offset + row,
                        FileProblem(file, attrs.evolve(problem, line=offset + line)),
                    )
            row_offset += result.rows.get(name, 0)


def new_token() -> str:
    """A fresh name for one run's tasks."""
    return uuid.uuid4().hex[:12]
