"""Beyond one machine's memory: checks out of core with DuckDB, conversions on a Dask cluster.

These are the public functions; each imports duckdb, dask or pyarrow when it is called, as
:mod:`community_model._arrow._require` says of every extra.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from community_model._arrow._require import require
from community_model._dataset.summary import Summary
from community_model._scale._found import FileProblem, ShardReport, parse_size
from community_model._wire.limits import DEFAULT_LIMITS, Limits

if TYPE_CHECKING:
    from distributed import Client

    from community_model._scale._export import Export
    from community_model._scale._shards import Converted, Executor

__all__ = [
    "DEFAULT_BLOCKSIZE",
    "FileProblem",
    "ShardReport",
    "check_export",
    "convert_shards",
    "summarise_export",
    "write_analysis_views",
]

#: Bytes of JSON Lines per task of a sharded conversion (about 80,000 lines of activities).
DEFAULT_BLOCKSIZE: Final = "64MB"
#: Records loaded at a time (about 2 KB each) by the summaries and views of an export.
BATCH_RECORDS: Final = 20_000

Sources = str | os.PathLike[str] | Sequence[str | os.PathLike[str]]


def _is_parquet(source: Sources) -> bool:
    if not isinstance(source, str | os.PathLike):
        return False
    path = Path(source)
    return path.is_dir() and any(entry.suffix == ".parquet" for entry in path.iterdir())


def check_export(
    source: Sources,
    *,
    memory_limit: int | str = "1GB",
    temp_directory: str | os.PathLike[str] | None = None,
    threads: int | None = None,
    strict: bool = True,
    limits: Limits | None = DEFAULT_LIMITS,
    workers: int | None = None,
    scheduler: str | None = None,
    client: Client | None = None,
    blocksize: int | str = DEFAULT_BLOCKSIZE,
    record_checks: bool = True,
    engine: str = "duckdb",
) -> Iterator[FileProblem]:
    """Every problem of an export too large for memory, as ``Dataset.check()`` finds them.

    ``source`` is a directory :func:`~community_model.write_parquet` wrote, or JSON Lines (a
    file, several, or a directory of ``.jsonl`` files), which are first converted to a
    temporary Parquet directory (in this process, or on Dask when ``workers``, ``scheduler``
    or ``client`` is given: see :func:`convert_shards`). The dataset's checks (duplicate ids,
    references that do not resolve, cycles, community codes against their streets, activities
    against their projects, lists and adoptions) run as DuckDB queries within ``memory_limit``
    (``"2GB"``; DuckDB spills to ``temp_directory``, by default the system's), with ``threads``
    threads (default: one per core); each record's own rules and warnings are checked a batch
    at a time, in Python (about 20,000 records a second and core; with ``workers``,
    ``scheduler`` or ``client``, as tasks on Dask; ``record_checks=False`` leaves them out for a
    Parquet export whose records were checked when it was written, and keeps only the checks
    of the whole dataset). Problems come as they are found, in the order of
    ``Dataset.check()``, each with its file: for Parquet at the path the record has in a
    document (``$.activities[3]``), for JSON Lines at its line (the problems of lines that are
    no records come first). Needs the ``duckdb`` extra (and ``dask`` to convert on a
    cluster).

    With ``engine="dask"``, the checks of the whole dataset run on Dask DataFrames instead,
    for a Parquet export spread over the machines of a cluster (``client``, ``scheduler``, or
    a local cluster of ``workers`` processes; ``workers=0``: in this process): each chunk of
    row groups is loaded on a worker, Dask joins what the checks compare, and only the rows at
    fault come back. The problems are the same. Needs the ``dask`` extra only.
    """
    if engine == "dask":
        if not (isinstance(source, str | os.PathLike) and _is_parquet(source)):
            raise ValueError(
                "engine='dask' checks a Parquet directory: convert JSON Lines first "
                "(convert_shards)"
            )
        return _check_on_dask(Path(source), strict, record_checks, workers, scheduler, client)
    if engine != "duckdb":
        raise ValueError(f"engine must be 'duckdb' or 'dask' (got {engine!r})")
    require("pyarrow", "check_export")
    require("duckdb", "check_export")
    limit = parse_size(memory_limit)
    if isinstance(source, str | os.PathLike) and _is_parquet(source):
        parallel = (
            None
            if workers is None and scheduler is None and client is None
            else (_executor(workers, scheduler, client, local=False))
        )
        return _check_parquet(
            Path(source), limit, temp_directory, threads, strict, record_checks, parallel
        )
    return _check_lines(
        source,
        limit,
        temp_directory,
        threads,
        strict,
        limits,
        _executor(workers, scheduler, client, local=False),
        parse_size(blocksize),
    )


def _spill(temp_directory: str | os.PathLike[str] | None) -> str | None:
    """Where DuckDB spills, as it takes it (``None``: the system's temporary directory)."""
    return None if temp_directory is None else os.fspath(temp_directory)


def _check_tables(
    export: Export,
    per_record: Iterable[tuple[int, int, FileProblem]] | None,
    limit: int,
    temp_directory: str | os.PathLike[str] | None,
    threads: int | None,
    strict: bool,
) -> Iterator[FileProblem]:
    """The DuckDB checks of an export, the whole process within ``limit`` bytes."""
    from community_model._scale._duck import check_tables  # noqa: PLC0415

    yield from check_tables(
        export,
        memory_limit=limit,
        temp_directory=_spill(temp_directory),
        threads=threads,
        strict=strict,
        per_record=per_record,
    )


def _check_parquet(
    directory: Path,
    limit: int,
    temp_directory: str | os.PathLike[str] | None,
    threads: int | None,
    strict: bool,
    record_checks: bool,
    parallel: contextlib.AbstractContextManager[Executor] | None,
) -> Iterator[FileProblem]:
    from community_model._scale._export import parquet_export  # noqa: PLC0415
    from community_model._scale._records import check_chunk, chunks_of  # noqa: PLC0415

    export = parquet_export(directory)
    per_record: Iterable[tuple[int, int, FileProblem]] | None = None if record_checks else ()
    if record_checks and parallel is not None:
        with parallel as running:  # each chunk of row groups a task; problems in row order
            found = running.map(check_chunk, chunks_of(export.tables), strict=strict)
        per_record = [item for chunk in found for item in chunk]
    yield from _check_tables(export, per_record, limit, temp_directory, threads, strict)


def _check_on_dask(
    directory: Path,
    strict: bool,
    record_checks: bool,
    workers: int | None,
    scheduler: str | None,
    client: Client | None,
) -> Iterator[FileProblem]:
    require("pyarrow", "check_export(engine='dask')")
    require("dask", "check_export(engine='dask')")
    require("pandas", "check_export(engine='dask')")
    from community_model._scale._export import parquet_export  # noqa: PLC0415
    from community_model._scale._frames import check_frames  # noqa: PLC0415

    export = parquet_export(directory)
    with _executor(workers, scheduler, client, local=True) as running:
        target = getattr(running, "client", None) or "synchronous"
        yield from check_frames(
            export, scheduler=target, strict=strict, record_checks=record_checks
        )


@contextlib.contextmanager
def _in_process() -> Iterator[Executor]:
    from community_model._scale._shards import InProcess  # noqa: PLC0415

    yield InProcess()


def _executor(
    workers: int | None, scheduler: str | None, client: Client | None, *, local: bool
) -> contextlib.AbstractContextManager[Executor]:
    """Dask when asked (or ``local``: a local cluster by default); else this process."""
    if workers == 0 or (not local and workers is None and scheduler is None and client is None):
        return _in_process()
    require("dask", "a conversion on Dask")
    require("distributed", "a conversion on Dask")
    from community_model._scale._dask import dask_executor  # noqa: PLC0415

    return dask_executor(workers=workers, scheduler=scheduler, client=client)


def _check_lines(
    source: Sources,
    limit: int,
    temp_directory: str | os.PathLike[str] | None,
    threads: int | None,
    strict: bool,
    limits: Limits | None,
    executor: contextlib.AbstractContextManager[Executor],
    blocksize: int,
) -> Iterator[FileProblem]:
    from community_model._scale._export import Export  # noqa: PLC0415
    from community_model._scale._shards import convert_shards as run  # noqa: PLC0415

    sources = _sources(source)
    scratch = Path(tempfile.mkdtemp(prefix="community-model-check-", dir=temp_directory))
    try:
        converted: Converted
        with executor as running:
            converted = run(
                sources,
                scratch / "parquet",
                executor=running,
                blocksize=blocksize,
                strict=strict,
                limits=limits,
                work=scratch / "work",
                lines=True,
                keep_work=True,
            )
        yield from converted.line_problems()
        export = Export(
            {path.stem: path for path in converted.directory.glob("*.parquet")},
            lines=converted.lines,
            sources=converted.sources,
        )
        yield from _check_tables(
            export, converted.per_record(), limit, temp_directory, threads, strict
        )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _sources(source: Sources) -> list[str]:
    from community_model._scale._shards import sources_of  # noqa: PLC0415

    return sources_of(source)


def convert_shards(
    source: Sources,
    target: str | os.PathLike[str],
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    client: Client | None = None,
    blocksize: int | str = DEFAULT_BLOCKSIZE,
    strict: bool = True,
    limits: Limits | None = DEFAULT_LIMITS,
    work_directory: str | os.PathLike[str] | None = None,
) -> ShardReport:
    """Validate and convert sharded JSON Lines into a Parquet directory, on a Dask cluster.

    ``source`` is a file, several, or a directory of ``.jsonl`` files; each file is split into
    blocks of about ``blocksize`` bytes (``"64MB"``) on line boundaries, and each block is a
    task that reads its lines with the library's loader, as ``read_jsonl`` does. The cluster is
    ``client``'s, or the scheduler at ``scheduler`` (``"tcp://host:8786"``: its workers need this
    package and must see the files at the same paths), or a new local cluster of ``workers``
    processes (default: one per core); ``workers=0`` runs in this process, without Dask.

    The Parquet directory ``target`` is the one :func:`~community_model.write_parquet` writes
    from the good records in file and line order, byte for byte; it replaces ``target`` whole
    once every table is written. Problems of single lines (rules, warnings) come back in the
    report with their file and line; a file that cannot be read is reported by name and the
    others are converted. Each block commits its part by renaming it into place, in
    ``work_directory`` (default: ``.<target>.work`` beside ``target``), so a worker that dies
    loses nothing: its tasks run again and find what was committed. A run after a crash with
    the same files and options resumes from the committed parts; with other files or options
    it starts clean. Needs the ``dask`` extra (``workers=0``: the ``arrow`` extra only).
    """
    require("pyarrow", "convert_shards")
    sources = _sources(source)
    size = parse_size(blocksize)
    with _executor(workers, scheduler, client, local=True) as running:
        from community_model._scale._shards import convert_shards as run  # noqa: PLC0415

        converted = run(
            sources,
            target,
            executor=running,
            blocksize=size,
            strict=strict,
            limits=limits,
            work=work_directory,
        )
    return converted.report


def _parquet_directory(source: str | os.PathLike[str]) -> Path:
    directory = Path(source)
    if not _is_parquet(directory):
        raise FileNotFoundError(
            f"{str(directory)!r} is not a directory of Parquet files write_parquet or "
            "convert_shards wrote"
        )
    return directory


def summarise_export(
    source: str | os.PathLike[str],
    *,
    memory_limit: int | str = "1GB",
    temp_directory: str | os.PathLike[str] | None = None,
    threads: int | None = None,
    records_per_batch: int = BATCH_RECORDS,
) -> Summary:
    """``Dataset.summary()`` of a Parquet export too large for memory: the same figures.

    For each street and community, DuckDB finds the records its figures need (those that refer
    to it, and to those, until none is new, and every record they refer to: from the references
    each class declares) within ``memory_limit``, spilling to ``temp_directory``; the records of
    about ``records_per_batch`` of them at a time are loaded and summarised by
    ``Dataset.summary()`` itself, so counts are added as the library adds them (400余 and 20余
    make 420余; people and person-times apart). Every record must load: check the export
    first (:func:`check_export`); a row that does not load raises
    :class:`~community_model.ValidationError` at its row. Needs the ``duckdb`` extra.
    """
    require("pyarrow", "summarise_export")
    require("duckdb", "summarise_export")
    from community_model._scale._around import batches  # noqa: PLC0415
    from community_model._scale._export import parquet_export  # noqa: PLC0415

    export = parquet_export(_parquet_directory(source))
    places: dict[str, list[Any]] = {"streets": [], "communities": []}
    for batch in batches(
        export,
        list(places),
        down=None,
        records_per_batch=records_per_batch,
        memory_limit=parse_size(memory_limit),
        temp_directory=_spill(temp_directory),
        threads=threads,
    ):
        summary = batch.dataset.summary()
        for name, found in places.items():
            figures = getattr(summary, name)
            found.extend(figures[position] for position in batch.seeds.get(name, ()))
    return Summary(streets=tuple(places["streets"]), communities=tuple(places["communities"]))


def write_analysis_views(
    source: str | os.PathLike[str],
    target: str | os.PathLike[str],
    *,
    memory_limit: int | str = "1GB",
    temp_directory: str | os.PathLike[str] | None = None,
    threads: int | None = None,
    records_per_batch: int = BATCH_RECORDS,
) -> dict[str, int]:
    """``analysis_views()`` of a Parquet export too large for memory, written as Parquet.

    Writes ``<target>/activities.parquet``, ``projects.parquet`` and ``communities.parquet``:
    the rows :func:`~community_model.analysis_views` gives over the whole export, in its order.
    For each record, DuckDB finds the records it links to (its organisers, communities,
    their streets, the host of an organising Party organisation ...) within ``memory_limit``;
    about ``records_per_batch`` records at a time are loaded and made into rows by
    ``analysis_views`` itself. Each file appears whole, or not at all. Returns the rows of
    each view. Needs the ``duckdb`` extra.
    """
    require("pyarrow", "write_analysis_views")
    require("duckdb", "write_analysis_views")
    from community_model._scale._views import write_views  # noqa: PLC0415

    return write_views(
        _parquet_directory(source),
        Path(target),
        memory_limit=parse_size(memory_limit),
        temp_directory=_spill(temp_directory),
        threads=threads,
        records_per_batch=records_per_batch,
    )
