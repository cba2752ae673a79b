"""Arrow and Parquet: records to tables, JSON Lines to Parquet in bounded memory, and back.

Measured with the harness (``harness.py``): contenders interleaved in one process, CPU and wall
time, the median of at least 7 rounds with its spread, under both GC settings for every
contender, the load average beside the figures; ratios against a baseline of the same run.

1. Records to Arrow, 200,000 generated activities (``_data.py``): ``to_arrow`` against the two
   usual ways, pydantic ``dump_python(mode='json')`` + ``pyarrow.Table.from_pylist`` (the
   baseline) and ``msgspec.to_builtins`` + ``from_pylist``, each from objects built beforehand.
   The pydantic models and msgspec structs are those of ``contenders.py``, generated from our
   annotations with every rule (the contenders of ``bench_json.py``); they give the wire form
   (times as their EDTF text). ``to_arrow`` does more: dictionary-encoded vocabularies, a
   time's earliest and latest instants and precision, a count's minimum and maximum.
2. JSON Lines to Parquet, ``community-model convert FILE OUT --to parquet`` in a subprocess on
   two file sizes: wall time, lines per second against parsing the same file with orjson alone
   (no records, no checks), and the subprocess's peak resident memory (``os.wait4``), which
   should not grow with the file (one run each: a table, not a comparison).
3. Parquet to records: ``read_parquet`` of 50,000 activities against ``loads`` of the same
   records as one JSON array (``list[Activity]``, the baseline), both checking every rule.

    pip install -e '.[test,bench]'
    python benchmarks/bench_arrow.py --json benchmarks/results/arrow.json
    python benchmarks/bench_arrow.py --records 20000 --lines 20000 80000 --rounds 3  # a look
    python benchmarks/bench_arrow.py --parts records --rounds 3   # records to Arrow alone
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import orjson
import pyarrow as pa
from _data import activities
from _internals import clear_parse_caches
from bench_cli import block_lines, measure, write_file
from contenders import msgspec_family, pydantic_family
from harness import MIN_ROUNDS, Contender, Report, Table, compare

from community_model import (
    Activity,
    Dataset,
    Unknown,
    dumps,
    loads,
    read_parquet,
    to_arrow,
    write_parquet,
)

PYDANTIC_ARROW = "pydantic dump_python(mode='json') + Table.from_pylist"
MSGSPEC_ARROW = "msgspec to_builtins + Table.from_pylist"
LOADS = "community_model loads(text, list[Activity])"
#: The parts of the benchmark, in the order they run.
PARTS = ("lines", "records", "parquet")


def records_to_arrow(report: Report, count: int, rounds: int) -> None:
    # Only activities whose time is known: an ``Unknown`` time makes the ``when`` column hold
    # text and objects, which ``from_pylist`` cannot type (``to_arrow`` writes a struct).
    drawn = activities(count + count // 5)
    records = [record for record in drawn if not isinstance(record.when, Unknown)][:count]
    text = dumps(records)
    py, ms = pydantic_family(Activity), msgspec_family(Activity)
    models = py.array.validate_json(text)
    structs = ms.array.decode(text)
    # Fresh records before each run, as loaded, and every cache of the library emptied (its
    # parse caches, and the memo of the Arrow columns of each time by its text): a first
    # conversion, untimed setup. The same records again find what the runs before left (a When
    # keeps its text; the memo holds the columns of up to 100,000 times), shown apart.
    to_arrow(records[:10])  # the columns' encoders, and their memos, exist from here on
    fresh: list[list[Activity]] = []

    def load_fresh() -> None:
        fresh.clear()
        fresh.append(loads(text, list[Activity], limits=None))
        clear_parse_caches()

    report.add(
        compare(
            f"Records to Arrow: {count:,} activities",
            [
                Contender(PYDANTIC_ARROW, lambda: pa.Table.from_pylist(py.to_builtins(models))),
                Contender(MSGSPEC_ARROW, lambda: pa.Table.from_pylist(ms.to_builtins(structs))),
                Contender(
                    "community_model to_arrow, fresh from loading",
                    lambda: to_arrow(fresh[0])["activities"],
                    setup=load_fresh,
                ),
                Contender(
                    "community_model to_arrow, the same records again",
                    lambda: to_arrow(records)["activities"],
                ),
            ],
            baseline=PYDANTIC_ARROW,
            rounds=rounds,
            note=(
                "Contenders: the strict generated models of contenders.py, loaded from the same "
                "JSON; they give the wire form (times as EDTF text), to_arrow gives more "
                "(dictionary-encoded vocabularies, a time's earliest and latest instants and "
                "precision, a count's minimum and maximum). to_arrow pauses the collector "
                "itself."
            ),
        )
    )


def parse_only(path: Path) -> float:
    """Seconds to parse every line of a file with orjson, nothing else."""
    start = time.perf_counter()
    with path.open("rb") as handle:
        for line in handle:
            orjson.loads(line)
    return time.perf_counter() - start


def jsonl_to_parquet(sizes: list[int], folder: Path) -> tuple[list[tuple[str, ...]], list[int]]:
    lines = block_lines()
    rows: list[tuple[str, ...]] = []
    peaks = []
    for count in sorted(sizes):
        path = folder / f"activities-{count}.jsonl"
        size = write_file(path, count, lines)
        parse = parse_only(path)
        out = folder / f"out-{count}"
        elapsed, peak, status = measure("convert", str(path), str(out), "--to", "parquet")
        assert status == 0, f"convert exited {status}"
        parquet = sum(p.stat().st_size for p in out.iterdir())
        peaks.append(peak)
        rows.append(
            (
                f"{count:,}",
                f"{size / 1e6:,.0f} MB -> {parquet / 1e6:,.0f} MB",
                f"{elapsed:.1f} s ({count / elapsed:,.0f} lines/s)",
                f"{parse:.1f} s ({count / parse:,.0f} lines/s)",
                f"{parse / elapsed:.2f}x",
                f"{peak / 1024:.0f} MiB",
            )
        )
        path.unlink()
        for part in out.iterdir():
            part.unlink()
        out.rmdir()
    return rows, peaks


def parquet_to_records(report: Report, count: int, rounds: int, folder: Path) -> None:
    records = activities(count)
    out = folder / "parquet"
    write_parquet(records, out)
    text = dumps(records)
    assert Dataset.from_records(read_parquet(out)).activities == tuple(records)
    report.add(
        compare(
            f"Parquet to records: {count:,} activities ({len(text) / 1e6:,.0f} MB as JSON)",
            [
                Contender(LOADS, lambda: loads(text, list[Activity])),
                Contender(
                    "community_model read_parquet", lambda: Dataset.from_records(read_parquet(out))
                ),
            ],
            baseline=LOADS,
            rounds=rounds,
            unit="s",
            note="Both check every rule of every record.",
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=200_000, help="records to Arrow")
    parser.add_argument(
        "--parquet-records", type=int, default=50_000, help="Parquet to records (and loads)"
    )
    parser.add_argument("--lines", type=int, nargs="+", default=[250_000, 1_000_000])
    parser.add_argument("--rounds", type=int, default=MIN_ROUNDS)
    parser.add_argument(
        "--parts",
        nargs="+",
        choices=PARTS,
        default=list(PARTS),
        help="the parts to run (all by default): records to Arrow, JSON Lines to Parquet, "
        "Parquet to records",
    )
    parser.add_argument("--json", help="also save the report as JSON (harness.py render)")
    options = parser.parse_args()
    report = Report("Arrow and Parquet")
    with tempfile.TemporaryDirectory(prefix="bench-arrow-") as name:
        folder = Path(name)
        if "lines" in options.parts:
            jsonl_part(report, options.lines, folder)
        if "records" in options.parts:
            records_to_arrow(report, options.records, options.rounds)
        if "parquet" in options.parts:
            parquet_to_records(report, options.parquet_records, options.rounds, folder)
    if options.json:
        report.write_json(options.json)


def jsonl_part(report: Report, lines: list[int], folder: Path) -> None:
    """JSON Lines to Parquet at each size, as one table (run first, while this process is
    small: a child's peak memory, ru_maxrss, counts the pages it shares with its parent between
    fork and exec)."""
    rows, peaks = jsonl_to_parquet(lines, folder)
    growth = ""
    if len(peaks) > 1:
        growth = (
            f"Peak memory, largest file / smallest file: {peaks[-1] / peaks[0]:.2f} "
            f"({max(lines) / min(lines):.0f}x the lines)."
        )
    report.add(
        Table(
            "JSON Lines to Parquet: `community-model convert FILE OUT --to parquet`",
            [
                "lines",
                "JSON Lines -> Parquet",
                "`convert --to parquet` (wall)",
                "orjson parsing alone (wall)",
                "convert's speed / orjson's",
                "peak memory",
            ],
            [list(row) for row in rows],
            note=f"One run of each, in a subprocess (peak RSS from os.wait4). {growth}",
        )
    )


if __name__ == "__main__":
    main()
