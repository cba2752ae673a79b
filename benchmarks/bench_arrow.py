"""Arrow and Parquet: records to tables, JSON Lines to Parquet in bounded memory, and back.

Three measurements, each reported as ratios taken in the same run:

1. Records to Arrow, 200,000 generated activities (``_data.py``): ``to_arrow`` against the two
   usual ways, pydantic ``model_dump()`` + ``pyarrow.Table.from_pylist`` and
   ``msgspec.to_builtins`` + ``from_pylist``, each from objects built beforehand. The pydantic
   models and msgspec structs are those of ``contenders.py``, generated from our annotations
   with every rule (the contenders of ``bench_json.py``); they give the wire form (times as
   their EDTF text). ``to_arrow`` does more: dictionary-encoded vocabularies, a time's earliest
   and latest instants and precision, a count's minimum and maximum.
2. JSON Lines to Parquet, ``community-model convert FILE OUT --to parquet`` in a subprocess on
   two file sizes: wall time, lines per second against parsing the same file with orjson alone
   (no records, no checks), and the subprocess's peak resident memory (``os.wait4``), which
   should not grow with the file.
3. Parquet to records: ``read_parquet`` of 200,000 activities against ``loads`` of the same
   records as one JSON array (``list[Activity]``), both checking every rule.

    pip install -e '.[test,bench]'
    python benchmarks/bench_arrow.py                          # 200,000; 250,000 and 1,000,000
    python benchmarks/bench_arrow.py --records 20000 --lines 20000 80000   # a quick run
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgspec
import orjson
import pyarrow as pa
import pydantic
from _data import activities
from bench_cli import block_lines, measure, write_file
from contenders import msgspec_family, pydantic_family

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


def best(run: Callable[[Any], Any], repeats: int, setup: Callable[[], Any] = lambda: None) -> float:
    """The best wall time of ``repeats`` runs of ``run(setup())``, ``setup`` not timed."""
    times = []
    for _ in range(repeats):
        argument = setup()
        gc.collect()
        start = time.perf_counter()
        run(argument)
        times.append(time.perf_counter() - start)
        del argument
    return min(times)


def records_to_arrow(count: int, repeats: int) -> list[tuple[str, str, str]]:
    # Only activities whose time is known: an ``Unknown`` time makes the ``when`` column hold
    # text and objects, which ``from_pylist`` cannot type (``to_arrow`` writes a struct).
    drawn = activities(count + count // 5)
    records = [record for record in drawn if not isinstance(record.when, Unknown)][:count]
    text = dumps(records)
    py, ms = pydantic_family(Activity), msgspec_family(Activity)
    models = py.array.validate_json(text)
    structs = ms.array.decode(text)
    # Fresh records each time, as loaded: a When works its text and bounds out on first use and
    # keeps them, so a second pass over the same records is faster (shown apart).
    cold = best(
        lambda fresh: to_arrow(fresh)["activities"],
        repeats,
        lambda: loads(text, list[Activity], limits=None),
    )
    warm = best(lambda _: to_arrow(records)["activities"], repeats)
    ours = cold
    pydantic_time = best(lambda _: pa.Table.from_pylist(py.to_builtins(models)), repeats)
    msgspec_time = best(lambda _: pa.Table.from_pylist(ms.to_builtins(structs)), repeats)
    return [
        (
            f"`to_arrow` ({count:,} activities, fresh from loading)",
            f"{cold * 1000:,.0f} ms",
            "1.00x",
        ),
        (
            "`to_arrow`, the same records again (texts and bounds kept)",
            f"{warm * 1000:,.0f} ms",
            f"{warm / cold:.2f}x",
        ),
        (
            "pydantic `dump_python(mode='json')` + `Table.from_pylist` (strict generated model)",
            f"{pydantic_time * 1000:,.0f} ms",
            f"ours / this: **{ours / pydantic_time:.2f}x**",
        ),
        (
            "`msgspec.to_builtins` + `Table.from_pylist` (strict generated structs)",
            f"{msgspec_time * 1000:,.0f} ms",
            f"ours / this: **{ours / msgspec_time:.2f}x**",
        ),
    ]


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


def parquet_to_records(count: int, repeats: int, folder: Path) -> list[tuple[str, str, str]]:
    records = activities(count)
    out = folder / "parquet"
    write_parquet(records, out)
    text = dumps(records)
    ours = best(lambda _: Dataset.from_records(read_parquet(out)), repeats)
    json_time = best(lambda _: loads(text, list[Activity]), repeats)
    assert Dataset.from_records(read_parquet(out)).activities == tuple(records)
    return [
        (f"`read_parquet` ({count:,} activities)", f"{ours * 1000:,.0f} ms", "1.00x"),
        (
            f"`loads(text, list[Activity])` of the same records ({len(text) / 1e6:,.0f} MB)",
            f"{json_time * 1000:,.0f} ms",
            f"ours / this: **{ours / json_time:.2f}x**",
        ),
    ]


def table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    print("| " + " | ".join(header) + " |")
    print("| " + " | ".join("---" for _ in header) + " |")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=200_000)
    parser.add_argument("--lines", type=int, nargs="+", default=[250_000, 1_000_000])
    parser.add_argument("--repeats", type=int, default=3)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-arrow-") as name:
        folder = Path(name)
        # First, while this process is small: a child's peak memory (ru_maxrss) counts the
        # pages it shares with its parent between fork and exec.
        rows, peaks = jsonl_to_parquet(options.lines, folder)
        table(
            (
                "lines",
                "JSON Lines -> Parquet",
                "`convert --to parquet`",
                "orjson parsing alone",
                "convert's speed / orjson's",
                "peak memory",
            ),
            rows,
        )
        if len(peaks) > 1:
            print(
                f"peak memory, largest file / smallest file: {peaks[-1] / peaks[0]:.2f} "
                f"({sorted(options.lines)[-1] / sorted(options.lines)[0]:.0f}x the lines)\n"
            )
        table(("what", "time", "ratio"), records_to_arrow(options.records, options.repeats))
        table(("what", "time", "ratio"), parquet_to_records(options.records, 1, folder))
    print(
        f"Python {sys.version.split()[0]}, {os.cpu_count()} cores, pyarrow {pa.__version__}, "
        f"pydantic {pydantic.__version__}, msgspec {msgspec.__version__}; records to Arrow: "
        f"best of {options.repeats}; Parquet to records: one run each"
    )


if __name__ == "__main__":
    main()
