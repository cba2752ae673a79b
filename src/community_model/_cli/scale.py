"""``check`` (the dataset's checks out of core, DuckDB) and ``convert-shards`` (Dask).

Both read exports too large for one process's memory: ``check`` runs the checks of a whole
dataset as queries within ``--memory-limit``, over a Parquet directory or over JSON Lines it
converts first; ``convert-shards`` validates and converts JSON Lines on a Dask cluster (a local
one of ``--workers`` processes, or the scheduler at ``--scheduler``). Problems are written as
they come, as ``validate`` writes them.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterable
from typing import Any

from community_model._errors import Severity, ValidationError
from community_model._scale import (
    DEFAULT_BLOCKSIZE,
    FileProblem,
    check_export,
    convert_shards,
    summarise_export,
    write_analysis_views,
)
from community_model._scale._found import parse_size

from .commands import reading
from .output import UsageError, cli_problem, json_text, out, out_raw, problem_data, problem_text
from .parser import add_command, add_output, add_reading, whole_number

__all__ = ["register"]


def _size(text: str) -> str:
    try:
        parse_size(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    return text


#: A number of workers or threads (0: none, in this process).
_count = whole_number(0)


def _add_cluster(parser: argparse.ArgumentParser, default: str, what: str) -> None:
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--workers",
        type=_count,
        metavar="N",
        help=f"{what} on a local Dask cluster of N worker processes ({default}; "
        "0: in this process, without Dask)",
    )
    where.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help=f"{what} on the existing Dask cluster whose scheduler is at ADDRESS "
        "(tcp://host:8786); its workers need community-model installed and must see the files "
        "at the same paths",
    )
    parser.add_argument(
        "--blocksize",
        type=_size,
        default=DEFAULT_BLOCKSIZE,
        metavar="SIZE",
        help=f"bytes of JSON Lines per task, cut on line boundaries (default {DEFAULT_BLOCKSIZE})",
    )


def _add_duckdb(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "--memory-limit",
        type=_size,
        default="1GB",
        metavar="SIZE",
        help=f"the most memory {what} may use (default 1GB; e.g. 512MB, 2GB)",
    )
    parser.add_argument(
        "--temp-directory",
        metavar="DIR",
        help="where DuckDB spills (default: the system's)",
    )
    parser.add_argument(
        "--threads", type=_count, metavar="N", help="DuckDB threads (default: one per core)"
    )


def _add_force(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--force", action="store_true", help="replace OUT if it exists (default: refuse)"
    )


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``check`` and ``convert-shards`` to the command line."""
    check = add_command(
        subparsers,
        "check",
        "check a whole export out of core (DuckDB), within a memory limit",
        "Run the checks of a whole dataset over an export too large for memory: "
        "duplicate ids, references that do not resolve (社区 to its 街道, 活动 to its "
        "organisers ...), cycles of Party organisations (党组织) and of projects, community "
        "codes (区划代码) against their street's, activities against their project's life, "
        "lists (清单) and adoptions (认领), and every record's own rules and warnings. "
        "SOURCE is a Parquet directory (convert --to parquet), or JSON Lines (files or a "
        "directory of them), converted first to a temporary Parquet directory. The checks "
        "run as DuckDB queries within --memory-limit, spilling to --temp-directory; each "
        "problem is printed as FILE[:LINE]: severity: JSON-PATH: message [code], in the "
        "order `validate --references` gives. Needs the duckdb extra: pip install "
        "'community-model[duckdb]'. Exit status: 0 no errors, 1 errors, 2 usage.",
        run_check,
    )
    check.add_argument(
        "sources",
        nargs="+",
        metavar="SOURCE",
        help="a Parquet directory, or .jsonl files or a directory of them",
    )
    _add_duckdb(check, "the checks")
    check.add_argument(
        "--no-record-checks",
        action="store_true",
        help="for a Parquet SOURCE, only the checks of the whole dataset: not each record's "
        "own rules and warnings (already checked when the export was written, e.g. by "
        "convert-shards; they take most of the time)",
    )
    check.add_argument(
        "--engine",
        choices=("duckdb", "dask"),
        default="duckdb",
        help="where the checks of the whole dataset run: duckdb (out of core on this machine, "
        "the default) or dask (on Dask DataFrames on the cluster of --workers or --scheduler, "
        "for a Parquet SOURCE spread over several machines)",
    )
    _add_cluster(
        check,
        "default: no cluster, in this process",
        "convert JSON Lines, and check each record of Parquet,",
    )
    add_output(check, "the problems and the verdict")
    add_reading(check)

    shards = add_command(
        subparsers,
        "convert-shards",
        "validate and convert sharded JSON Lines to Parquet on a Dask cluster",
        "Validate JSON Lines (several files, or large ones cut into blocks on line "
        "boundaries) on a Dask cluster and write the good records to OUT, a Parquet "
        "directory identical to what convert --to parquet writes from them. Each problem "
        "is printed with its file and line, as validate prints it; a file that cannot be "
        "read is reported by name and the others are converted. A worker that dies loses "
        "nothing (its tasks run again); a run stopped half-way resumes when run again with "
        "the same files and options. Needs the dask extra: pip install "
        "'community-model[dask]'. Exit status: 0 no errors, 1 errors (OUT holds the good "
        "records), 2 usage.",
        run_convert_shards,
    )
    shards.add_argument("sources", nargs="+", metavar="SOURCE", help="a .jsonl file or directory")
    shards.add_argument("target", metavar="OUT", help="the Parquet directory to write")
    _add_force(shards)
    shards.add_argument(
        "--work-directory",
        metavar="DIR",
        help="where the parts are committed until OUT is written (default: .OUT.work beside "
        "OUT); a run finding its own parts there resumes",
    )
    _add_cluster(shards, "default: one per core", "convert")
    add_output(shards, "the problems and the counts")
    add_reading(shards)

    summarise = add_command(
        subparsers,
        "summarise-export",
        "summarise a Parquet export per street and community, out of core (DuckDB)",
        "The figures of summary (per street 街道/镇 and per community 社区/村: Party "
        "organisations, projects by status, activities by category and month, "
        "participants counted honestly, partner units) of a Parquet export too large for "
        "memory: DuckDB finds the records each place needs within --memory-limit, and the "
        "library summarises them a batch at a time. Writes the JSON of summary --output "
        "json (its streets and communities). Every record must load (run check first). "
        "Needs the duckdb extra. Exit status: 0 done, 1 a record does not load, 2 usage.",
        run_summarise_export,
    )
    summarise.add_argument("source", metavar="SOURCE", help="a Parquet directory")
    _add_duckdb(summarise, "the summary")

    views = add_command(
        subparsers,
        "write-views",
        "write the analysis views of a Parquet export, out of core (DuckDB)",
        "Write OUT/activities.parquet, projects.parquet and communities.parquet: the "
        "analysis views (one row per record, its links resolved: organisers, communities, "
        "streets, districts, project, counts flattened) of a Parquet export too large for "
        "memory, the rows analysis_views gives, a batch of records at a time. Each file "
        "appears whole or not at all. Every record must load (run check first). Needs the "
        "duckdb extra. Exit status: 0 done, 1 a record does not load, 2 usage.",
        run_write_views,
    )
    views.add_argument("source", metavar="SOURCE", help="a Parquet directory")
    views.add_argument("target", metavar="OUT", help="the directory to write the views to")
    _add_force(views)
    _add_duckdb(views, "the views")


def _sources(arguments: argparse.Namespace) -> str | list[str]:
    sources: list[str] = arguments.sources
    for source in sources:
        if not os.path.exists(source):
            raise UsageError(f"{source}: no such file or directory")
    return sources[0] if len(sources) == 1 else sources


def _report(problems: Iterable[FileProblem], json: bool, tail: Any) -> tuple[int, int]:
    """Write each problem as it comes, then the verdict ``tail(errors, warnings)`` gives.

    Text: one line per problem, then the verdict line. JSON: one document,
    ``{"problems": [{"file", "severity", "line", "path", "code", "message"}, ...], ...}``
    with the verdict's fields after the problems.
    """
    errors = warnings = 0
    if json:
        out_raw('{"problems": [')
    for found in problems:
        problem = cli_problem(found.problem)
        if problem.severity is Severity.ERROR:
            errors += 1
        else:
            warnings += 1
        if json:
            comma = "" if errors + warnings == 1 else ","
            data = {"file": found.file, **problem_data(problem)}
            out_raw(f"{comma}\n  {json_text(data, indent=False)}")
        else:
            out(problem_text(found.file, problem))
    verdict, fields = tail(errors, warnings)
    if json:
        more = {**fields, "errors": errors, "warnings": warnings, "valid": not errors}
        text = ", ".join(f"{json_text(key)}: {json_text(value)}" for key, value in more.items())
        out_raw(f"{chr(10) if errors + warnings else ''}], {text}}}\n")
    else:
        out(verdict)
    return errors, warnings


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def run_check(arguments: argparse.Namespace) -> int:
    """The dataset's checks of one export, out of core (DuckDB) or on Dask DataFrames."""
    strict, limits = reading(arguments)
    source = _sources(arguments)
    names = " ".join(arguments.sources)
    where = (
        "on Dask DataFrames"
        if arguments.engine == "dask"
        else f"out of core within {arguments.memory_limit}"
    )

    def tail(errors: int, warnings: int) -> tuple[str, dict[str, Any]]:
        verdict = "invalid" if errors else "ok"
        return (
            f"{names}: {verdict}: {_plural(errors, 'error')}, {_plural(warnings, 'warning')} "
            f"(checked {where})",
            {"memory_limit": arguments.memory_limit, "engine": arguments.engine},
        )

    try:
        problems = check_export(
            source,
            memory_limit=arguments.memory_limit,
            temp_directory=arguments.temp_directory,
            threads=arguments.threads or None,
            strict=strict,
            limits=limits,
            workers=arguments.workers,
            scheduler=arguments.scheduler,
            blocksize=arguments.blocksize,
            record_checks=not arguments.no_record_checks,
            engine=arguments.engine,
        )
        errors, _ = _report(problems, arguments.output == "json", tail)
    except ValidationError:
        raise  # a file of a newer schema_version, a table without a required column
    except ValueError as error:  # an export the checks cannot read (a partitioned table)
        raise UsageError(str(error)) from None
    return 1 if errors else 0


def run_convert_shards(arguments: argparse.Namespace) -> int:
    """Validate and convert sharded JSON Lines on a Dask cluster."""
    strict, limits = reading(arguments)
    source = _sources(arguments)
    if os.path.lexists(arguments.target) and not arguments.force:
        raise UsageError(f"{arguments.target} exists; give --force to replace it")
    report = convert_shards(
        source,
        arguments.target,
        workers=arguments.workers,
        scheduler=arguments.scheduler,
        blocksize=arguments.blocksize,
        strict=strict,
        limits=limits,
        work_directory=arguments.work_directory,
    )

    def tail(errors: int, warnings: int) -> tuple[str, dict[str, Any]]:
        return (
            f"{_plural(report.lines, 'line')} in {_plural(report.parts, 'part')} -> "
            f"{arguments.target} (Parquet): {_plural(report.records, 'record')}, "
            f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}",
            {
                "output": arguments.target,
                "records": report.records,
                "lines": report.lines,
                "parts": report.parts,
                "failed_files": list(report.failed_files),
            },
        )

    errors, _ = _report(report.problems, arguments.output == "json", tail)
    return 1 if errors else 0


def _parquet_source(source: str) -> str:
    if not os.path.isdir(source):
        raise UsageError(f"{source}: not a Parquet directory (convert --to parquet writes one)")
    return source


def run_summarise_export(arguments: argparse.Namespace) -> int:
    """The summary of a Parquet export, out of core, as JSON."""
    try:
        summary = summarise_export(
            _parquet_source(arguments.source),
            memory_limit=arguments.memory_limit,
            temp_directory=arguments.temp_directory,
            threads=arguments.threads or None,
        )
    except FileNotFoundError as error:
        raise UsageError(str(error)) from None
    out(json_text(summary.as_dict()))
    return 0


def run_write_views(arguments: argparse.Namespace) -> int:
    """The analysis views of a Parquet export, out of core, as Parquet files."""
    if os.path.lexists(arguments.target) and not arguments.force:
        raise UsageError(f"{arguments.target} exists; give --force to replace it")
    try:
        rows = write_analysis_views(
            _parquet_source(arguments.source),
            arguments.target,
            memory_limit=arguments.memory_limit,
            temp_directory=arguments.temp_directory,
            threads=arguments.threads or None,
        )
    except FileNotFoundError as error:
        raise UsageError(str(error)) from None
    for view, count in rows.items():
        out(f"{os.path.join(arguments.target, view)}.parquet: {_plural(count, 'row')}")
    return 0
