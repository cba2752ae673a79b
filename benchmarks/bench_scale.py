"""Beyond one machine's memory: Dask conversions in parallel, DuckDB checks out of core.

Three measurements, each reported as figures taken in the same run:

1. ``capacity``: how many records ``Dataset.check()`` can hold within a memory limit: the
   resident memory of a process that builds a consistent dataset (``_data.dataset``) and checks
   it, per record, and so the records that fit in the limit.
2. ``dask``: the same validate-and-convert job (``convert_shards``) of a JSON Lines file of at
   least 1,000,000 lines (generated activities, ``bench_cli.write_file``) on a local Dask cluster
   of 1 worker process, then of 2: wall time of the job (the cluster started beforehand), the
   speed-up, and whether the two results are byte-identical (Parquet files, problems).
3. ``duckdb``: ``community-model check DIR --memory-limit LIMIT`` in a subprocess on generated
   Parquet exports of ``--base`` records (by default ten times what ``Dataset.check()`` holds in
   the limit) and 2x and 4x that: wall time, records per second, peak resident memory
   (``os.wait4``), and whether every planted fault was found, and nothing else. The faults
   (a duplicate id, references that do not resolve, a community code outside its street's, a
   cycle of Party organisations, an activity outside its project's life, a list with more items
   than it reports and an open item adopted) are also planted in a small export that
   ``Dataset.check()`` holds: both give the same problems.

Exports are generated fast: a consistent tile of records (``_data.dataset``) is encoded to Arrow
once, then written again and again with every id and every reference renamed per copy
(``~<copy>``), by Arrow compute, never record by record.

    pip install -e '.[test,bench]'
    python benchmarks/bench_scale.py capacity --memory-limit 1GB
    python benchmarks/bench_scale.py dask --lines 1000000
    python benchmarks/bench_scale.py duckdb --memory-limit 1GB            # base: 10x capacity
    python benchmarks/bench_scale.py duckdb --memory-limit 1GB --base 200000   # a quick run
"""

from __future__ import annotations

import argparse
import filecmp
import gc
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import _data
import attrs
import distributed
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from _data import dataset
from bench_cli import block_lines, write_file

import community_model as cm
from community_model._arrow._convert import encode_batch
from community_model._arrow._fields import tables
from community_model._arrow._schema import arrow_schema
from community_model._references import ReferenceField, reference_fields, rewrite_references
from community_model._scale._found import parse_size


def _count(rng: Any, high: int) -> cm.Count:
    """A count as ``_data`` draws them, from 1: "不足0" (fewer than none) is no count."""
    return cm.Count(value=rng.randint(1, high), qualifier=rng.choice(list(cm.CountQualifier)))


_data._count = _count  # type: ignore[attr-defined]
CAPACITY_SETUP = "import _data, bench_scale; "

# -- exports of any size, fast ------------------------------------------------------------------


def _suffixed(array: pa.Array, suffix: str) -> pa.Array:
    return pc.binary_join_element_wise(array, pa.scalar(suffix), "")


def _rename_ref(array: pa.Array, field: ReferenceField, suffix: str) -> pa.Array:
    """An array of one reference value (an id, a Ref, a part holding references) renamed."""
    if field.form == "id":
        if pa.types.is_struct(array.type):  # X | Unknown
            return _replace_child(array, "value", lambda child: _suffixed(child, suffix))
        return _suffixed(array, suffix)
    if field.form == "ref":
        return _replace_child(array, "id", lambda child: _suffixed(child, suffix))
    assert field.part is not None
    renamed = array
    for inner in reference_fields(field.part):
        renamed = _replace_child(
            renamed, inner.name, lambda child, inner=inner: _rename_field(child, inner, suffix)
        )
    return renamed


def _rename_field(array: pa.Array, field: ReferenceField, suffix: str) -> pa.Array:
    if not field.many:
        return _rename_ref(array, field, suffix)
    values = _rename_ref(array.values, field, suffix)
    return pa.ListArray.from_arrays(
        array.offsets, values, type=array.type, mask=array.is_null() if array.null_count else None
    )


def _replace_child(array: pa.StructArray, name: str, change: Any) -> pa.StructArray:
    children = [array.field(i) for i in range(array.type.num_fields)]
    index = array.type.get_field_index(name)
    children[index] = change(children[index])
    return pa.StructArray.from_arrays(
        children,
        fields=list(array.type),
        mask=array.is_null() if array.null_count else None,
    )


def renamed(batch: pa.RecordBatch, cls: type, suffix: str) -> pa.RecordBatch:
    """A batch of records of ``cls`` with every id and every reference ending in ``suffix``."""
    columns = list(batch.columns)
    names = batch.schema.names
    columns[names.index("id")] = _suffixed(columns[names.index("id")], suffix)
    for field in reference_fields(cls):
        index = names.index(field.name)
        column = columns[index]
        if isinstance(column, pa.ChunkedArray):
            column = column.combine_chunks()
        columns[index] = _rename_field(column, field, suffix)
    return pa.RecordBatch.from_arrays(columns, schema=batch.schema)


def _copy0(record: Any) -> Any:
    """A record of the tile as copy 0 holds it: its references renamed (its id is not)."""
    return rewrite_references(record, lambda kind, ident: f"{ident}~0")


def planted(tile: cm.Dataset, copies: int) -> cm.Dataset:
    """Records with one fault of each kind, in copy 0's world, written after the copies."""
    street = tile.streets[0]
    community = _copy0(tile.communities[0])
    branches = [_copy0(branch) for branch in tile.party_branches[:2]]
    project = tile.service_projects[0]
    activity = _copy0(tile.activities[0])
    # Codes in the range of the records' kinds (024: a 街道, 001: a 社区), so that the planted
    # faults are the only problems, warnings included.
    coded = attrs.evolve(
        street,
        id="street:fault-coded",
        code=cm.DivisionCode.parse("320508024"),
        kind=cm.StreetKind.SUBDISTRICT,
    )
    return cm.Dataset(
        streets=(attrs.evolve(street, id=f"{street.id}~{copies - 1}"), coded),  # a duplicate id
        communities=(
            attrs.evolve(
                community,
                id="community:fault-code",
                street_id=coded.id,
                code=cm.DivisionCode.parse("320599001001"),
                kind=cm.CommunityKind.RESIDENTS_COMMITTEE,
            ),
            attrs.evolve(community, id="community:fault-ref", street_id="street:gone"),
        ),
        party_branches=(
            attrs.evolve(branches[0], id="branch:fault-a", parent_id="branch:fault-b"),
            attrs.evolve(branches[1], id="branch:fault-b", parent_id="branch:fault-a"),
        ),
        activities=(
            attrs.evolve(
                activity,
                id="activity:fault-date",
                project_id=f"{project.id}~0",
                when=cm.When.year(1990),
            ),
        ),
        service_lists=(
            cm.ServiceList(
                id="service_list:fault",
                name="需求清单",
                kind=cm.ListKind.NEEDS,
                keeper=cm.Ref(kind=cm.RecordKind.STREET, id=f"{street.id}~0"),
                items_collected=cm.Count(value=1, unit=cm.MeasureWord.ITEMS),
            ),
        ),
        list_items=tuple(
            cm.ListItem(
                id=f"list_item:fault-{n}",
                list_id="service_list:fault",
                title="需求",
                status=cm.ItemStatus.OPEN,
            )
            for n in range(2)
        ),
        adoptions=(
            cm.Adoption(
                id="adoption:fault",
                item_id="list_item:fault-0",
                adopter=cm.Ref(kind=cm.RecordKind.ORGANISATION, id=f"{tile.organisations[0].id}~0"),
                roles=(cm.AdoptionRole.FUND,),
            ),
        ),
    )


#: (code, table) of each planted fault: what the checks must find, and nothing else.
PLANTED = [
    ("duplicate_id", "streets"),
    ("unresolved_reference", "communities"),
    ("code_outside_street", "communities"),
    ("parent_cycle", "party_branches"),
    ("outside_project", "activities"),
    ("list_totals", "service_lists"),
    ("item_status", "list_items"),
]


def write_export(directory: Path, tile: cm.Dataset, copies: int) -> int:
    """``copies`` renamed copies of ``tile``, then the planted faults; returns the records."""
    directory.mkdir(parents=True, exist_ok=True)
    faults = planted(tile, copies)
    count = 0
    for name, cls in tables().items():
        records = list(getattr(tile, name))
        extra = list(getattr(faults, name))
        schema = arrow_schema(cls)
        with pq.ParquetWriter(directory / f"{name}.parquet", schema, compression="zstd") as out:
            if records:
                base = encode_batch(records, cls, table=name)
                for copy in range(copies):
                    out.write_batch(renamed(base, cls, f"~{copy}"))
                    count += base.num_rows
            if extra:
                out.write_batch(encode_batch(extra, cls, table=name))
                count += len(extra)
    return count


def _tile(records: int) -> cm.Dataset:
    return dataset(records, seed=2023)


# -- capacity -----------------------------------------------------------------------------------


def capacity(limit: int) -> tuple[int, float, int]:
    """(records that fit in ``limit``, bytes per record, baseline bytes): measured in a child."""
    code = (
        f"import gc, resource, sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); "
        "import bench_scale; from _data import dataset; import community_model; "
        "gc.collect(); base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss; "
        f"d = dataset({CAPACITY_PROBE}); d.check(); "
        "peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss; "
        "print(base, peak, len(d))"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    base, peak, count = (int(value) for value in output.split())
    per_record = (peak - base) * 1024 / count
    return int((limit - base * 1024) / per_record), per_record, base * 1024


CAPACITY_PROBE = 200_000


# -- measurements -------------------------------------------------------------------------------


def measure(command: list[str]) -> tuple[float, int, int, str]:
    """Wall seconds, peak KiB, exit status and stdout of a child process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert process.stdout is not None
    output = process.stdout.read().decode()
    _, status, usage = os.wait4(process.pid, 0)
    return (
        time.perf_counter() - start,
        usage.ru_maxrss,
        os.waitstatus_to_exitcode(status),
        output,
    )


def measure_check(directory: Path, limit: str, *more: str) -> tuple[float, int, int, str]:
    """Wall seconds, peak KiB, exit status and stdout of ``community-model check``."""
    command = [sys.executable, "-m", "community_model", "check", str(directory)]
    return measure([*command, "--memory-limit", limit, *more])


def found_codes(output: str) -> list[tuple[str, str]]:
    """(code, table) of each problem line of ``check``'s text output."""
    found = []
    for line in output.splitlines()[:-1]:
        code = line.rsplit("[", 1)[1].rstrip("]")
        table = line.split(": ", 3)[2].removeprefix("$.").split("[", 1)[0]
        found.append((code, table))
    return found


def run_duckdb(arguments: argparse.Namespace) -> None:
    limit = parse_size(arguments.memory_limit)
    fits, per_record, _ = capacity(limit)
    base = arguments.base or 10 * fits
    tile = _tile(arguments.tile)
    tile_records = len(tile)
    print(
        f"Dataset.check() holds about {fits:,} records in {arguments.memory_limit} "
        f"({per_record:,.0f} bytes per record); base export: {base:,} records",
        flush=True,
    )
    modes = [("dataset checks", ("--no-record-checks",))]
    if arguments.full:
        modes.append(("with each record's own checks", ()))
    rows = []
    with tempfile.TemporaryDirectory(dir=arguments.tmp) as scratch:
        small = Path(scratch) / "small"
        write_export(small, tile, 2)
        whole = cm.Dataset.from_records(cm.read_parquet(small))
        expected = whole.check()
        got = [
            found.problem for found in cm.check_export(small, memory_limit=arguments.memory_limit)
        ]
        print(
            f"small export ({len(whole):,} records): check_export == Dataset.check(): "
            f"{got == expected} ({len(expected)} problems)",
            flush=True,
        )
        for multiple in arguments.multiples:
            copies = max(1, round(base * multiple / tile_records))
            directory = Path(scratch) / f"x{multiple}"
            start = time.perf_counter()
            count = write_export(directory, tile, copies)
            made = time.perf_counter() - start
            size = sum(f.stat().st_size for f in directory.iterdir())
            for mode, options in modes:
                if multiple > arguments.full_up_to and not options:
                    continue
                elapsed, peak, _, output = measure_check(
                    directory, arguments.memory_limit, *options
                )
                every = sorted(found_codes(output)) == sorted(PLANTED)
                rows.append((mode, multiple, count, size, elapsed, peak, every))
                print(
                    f"  x{multiple} {mode}: {count:,} records ({size / 1e6:,.0f} MB Parquet, "
                    f"written in {made:.0f} s): {elapsed:.1f} s, {count / elapsed:,.0f} "
                    f"records/s, peak {peak / 1024:,.0f} MiB, every planted fault and nothing "
                    f"else: {every}",
                    flush=True,
                )
            for path in directory.iterdir():
                path.unlink()
            directory.rmdir()
    print()
    print(
        "| checks | export | records | Parquet | wall time | records/s | peak RSS | faults "
        "| time ratio |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    first: dict[str, float] = {}
    for mode, multiple, count, size, elapsed, peak, every in rows:
        first.setdefault(mode, elapsed)  # the first multiple measured: 1x
        print(
            f"| {mode} | {multiple}x | {count:,} | {size / 1e6:,.0f} MB | {elapsed:.1f} s | "
            f"{count / elapsed:,.0f} | {peak / 1024:,.0f} MiB | "
            f"{'all 7, nothing else' if every else 'NO'} | {elapsed / first[mode]:.2f}x |"
        )


def run_capacity(arguments: argparse.Namespace) -> None:
    limit = parse_size(arguments.memory_limit)
    fits, per_record, base = capacity(limit)
    print(
        f"baseline {base / 2**20:,.0f} MiB; {per_record:,.0f} bytes per record held and "
        f"checked; {fits:,} records fit in {arguments.memory_limit}"
    )


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run_dask(arguments: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory(dir=arguments.tmp) as scratch:
        source = Path(scratch) / "activities.jsonl"
        size = write_file(source, arguments.lines, block_lines())
        print(
            f"{arguments.lines:,} lines, {size / 1e6:,.0f} MB; blocksize {arguments.blocksize}",
            flush=True,
        )
        results = {}
        cpus: dict[int, tuple[list[float], float]] = {}
        for workers in (1, 2):
            with (
                distributed.LocalCluster(
                    n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0"
                ) as cluster,
                distributed.Client(cluster) as client,
            ):
                target = Path(scratch) / f"out-{workers}"
                gc.collect()
                before = client.run(_cpu_seconds)
                own = _cpu_seconds()
                start = time.perf_counter()
                report = cm.convert_shards(
                    source, target, client=client, blocksize=arguments.blocksize
                )
                elapsed = time.perf_counter() - start
                after = client.run(_cpu_seconds)
                cpu = [after[worker] - before[worker] for worker in after]
                results[workers] = (elapsed, report)
                cpus[workers] = (cpu, _cpu_seconds() - own)
                print(
                    f"  {workers} worker(s): {elapsed:.1f} s, {report.records:,} records, "
                    f"{report.parts} parts, {len(report.problems)} problems; CPU seconds of "
                    f"each worker {[round(c, 1) for c in cpu]}, of the client "
                    f"{cpus[workers][1]:.1f}; load average {os.getloadavg()[0]:.1f}",
                    flush=True,
                )
        one, two = results[1][0], results[2][0]
        same = (
            all(
                filecmp.cmp(
                    Path(scratch) / "out-1" / name, Path(scratch) / "out-2" / name, shallow=False
                )
                for name in os.listdir(Path(scratch) / "out-1")
            )
            and results[1][1] == results[2][1]
        )
        print()
        print("| workers | wall time | lines/s |")
        print("| --- | --- | --- |")
        for workers, (elapsed, _) in results.items():
            print(f"| {workers} | {elapsed:.1f} s | {arguments.lines / elapsed:,.0f} |")
        print(f"\nspeed-up {one / two:.2f}x; results byte-identical: {same}")
        work = sum(cpus[2][0])
        print(
            f"CPU: 1 worker {sum(cpus[1][0]):.1f} s; 2 workers {work:.1f} s in all, the busier "
            f"{max(cpus[2][0]):.1f} s: the speed-up the work allows on 2 free cores, "
            f"{(sum(cpus[1][0]) + cpus[1][1]) / (max(cpus[2][0]) + cpus[2][1]):.2f}x"
        )
        print(f"load average during the run: {os.getloadavg()}")


IN_MEMORY = (
    "import sys, json, warnings; warnings.simplefilter('ignore'); import community_model as cm; "
    "d = cm.Dataset.from_records(cm.read_parquet(sys.argv[1])); "
    "s = d.summary(); cm.analysis_views(d) if sys.argv[2] == 'views' else None; "
    "print(json.dumps(s.as_dict(), ensure_ascii=False, sort_keys=True, default=str))"
)


def run_summary(arguments: argparse.Namespace) -> None:
    """Summaries and views out of core against ``Dataset.summary()`` in memory, at sizes."""
    tile = _tile(arguments.tile)
    cli = [sys.executable, "-m", "community_model"]
    limit = arguments.memory_limit
    with tempfile.TemporaryDirectory(dir=arguments.tmp) as tmp:
        print("| export | records | what | wall time | records/s | peak RSS | same figures |")
        print("| --- | --- | --- | --- | --- | --- | --- |")
        first: dict[str, float] = {}
        for multiple in arguments.multiples:
            directory = Path(tmp) / f"x{multiple}"
            records = write_export(directory, tile, arguments.copies * multiple)
            runs = []
            if multiple == arguments.multiples[0]:
                runs.append(
                    (
                        "Dataset.summary() in memory",
                        [sys.executable, "-c", IN_MEMORY, str(directory), "summary"],
                    )
                )
            runs.append(
                (
                    "summarise_export",
                    [*cli, "summarise-export", str(directory), "--memory-limit", limit],
                )
            )
            runs.append(
                (
                    "write_analysis_views",
                    [
                        *cli,
                        "write-views",
                        str(directory),
                        str(Path(tmp) / f"views{multiple}"),
                        "--memory-limit",
                        limit,
                    ],
                )
            )
            expected = None
            for what, command in runs:
                elapsed, peak, status, output = measure(command)
                assert status == 0, (what, status)
                same = ""
                if what.startswith("Dataset"):
                    expected = json.loads(output)
                elif what == "summarise_export" and expected is not None:
                    same = "yes" if json.loads(output) == expected else "NO"
                ratio = ""
                if what in first:
                    ratio = f" ({elapsed / first[what]:.2f}x of 1x)"
                else:
                    first[what] = elapsed
                print(
                    f"| {multiple}x | {records:,} | {what} | {elapsed:.1f} s{ratio} | "
                    f"{records / elapsed:,.0f} | {peak / 1024:,.0f} MiB | {same} |"
                )
        print(f"load average after the runs: {os.getloadavg()}")


def run_engines(arguments: argparse.Namespace) -> None:
    """The dataset's checks (no per-record checks) in DuckDB and on Dask DataFrames."""
    tile = _tile(arguments.tile)
    with tempfile.TemporaryDirectory(dir=arguments.tmp) as tmp:
        directory = Path(tmp) / "export"
        records = write_export(directory, tile, arguments.copies)
        outputs = {}
        print("| engine | records | wall time | records/s | peak RSS of the client |")
        print("| --- | --- | --- | --- | --- |")
        for name, more in (
            ("duckdb", ["--threads", "2"]),
            ("dask, 2 local workers", ["--engine", "dask", "--workers", "2"]),
        ):
            elapsed, peak, status, output = measure_check(
                directory, arguments.memory_limit, "--no-record-checks", *more
            )
            assert status == 1, (name, status)  # the planted faults are errors
            outputs[name] = output.splitlines()[:-1]
            print(
                f"| {name} | {records:,} | {elapsed:.1f} s | {records / elapsed:,.0f} | "
                f"{peak / 1024:,.0f} MiB |"
            )
        same = len(set(map(tuple, outputs.values()))) == 1
        print(f"same problems: {'yes' if same else 'NO'} ({len(outputs['duckdb'])} problems)")
        print(f"load average after the runs: {os.getloadavg()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    capacity_parser = commands.add_parser("capacity")
    capacity_parser.add_argument("--memory-limit", default="1GB")
    dask_parser = commands.add_parser("dask")
    dask_parser.add_argument("--lines", type=int, default=1_000_000)
    dask_parser.add_argument("--blocksize", default="32MB")
    dask_parser.add_argument("--tmp", default=None)
    duck = commands.add_parser("duckdb")
    duck.add_argument("--memory-limit", default="1GB")
    duck.add_argument("--base", type=int, default=0, help="records of the 1x export")
    duck.add_argument("--tile", type=int, default=20_000, help="records of the repeated tile")
    duck.add_argument("--tmp", default=None)
    duck.add_argument("--multiples", type=int, nargs="+", default=[1, 2, 4])
    duck.add_argument("--full", action="store_true", help="also with each record's own checks")
    duck.add_argument(
        "--full-up-to", type=int, default=1, help="the largest multiple checked --full"
    )
    summary = commands.add_parser("summary")
    summary.add_argument("--memory-limit", default="1GB")
    summary.add_argument("--tile", type=int, default=20_000)
    summary.add_argument("--copies", type=int, default=10, help="tiles in the 1x export")
    summary.add_argument("--multiples", type=int, nargs="+", default=[1, 2])
    summary.add_argument("--tmp", default=None)
    engines = commands.add_parser("engines")
    engines.add_argument("--memory-limit", default="1GB")
    engines.add_argument("--tile", type=int, default=20_000)
    engines.add_argument("--copies", type=int, default=10)
    engines.add_argument("--tmp", default=None)
    arguments = parser.parse_args()
    {
        "capacity": run_capacity,
        "dask": run_dask,
        "duckdb": run_duckdb,
        "summary": run_summary,
        "engines": run_engines,
    }[arguments.command](arguments)


if __name__ == "__main__":
    main()
