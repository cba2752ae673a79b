"""JSON speed and memory against contenders of equal strictness, measured in one process.

Run on demand (not part of the test suite)::

    pip install -e '.[test,bench]'
    python benchmarks/bench_json.py                          # 20,000 activities, 7 rounds
    python benchmarks/bench_json.py --count 2000 --rounds 3  # a quick look
    python benchmarks/bench_json.py --json benchmarks/results/json.json
    python benchmarks/bench_json.py --stream                 # 1,000,000 JSON Lines, streamed
    python benchmarks/bench_json.py --stream --timed-lines 200000   # rounds over 200,000 lines

Contenders (see ``contenders.py`` and ``strictness.py``): pydantic v2 models and msgspec
structs generated from the library's annotations, as strict as the library, and orjson on plain
dicts as the floor (no checks at all). Every figure comes from ``harness.compare``: interleaved
rounds, CPU and wall time, median and spread, GC on and GC paused for every contender, the load
average beside it. *Warm*: the parse caches hold every text of the input (as after a first
read); *cold*: every parse cache (the library's and the contenders' own) is emptied before each
run, and for writing, the records are fresh objects (a ``When`` keeps its text once written).
"""

from __future__ import annotations

import argparse
import collections
import gc
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
from _data import activities
from _internals import clear_parse_caches
from bench_cli import BLOCK, write_file
from contenders import msgspec_family, pydantic_family
from harness import Comparison, Contender, Report, Stats, Table, compare, run_child

from community_model import Activity, dumpb, dumps, loads, read_jsonl, to_dict, write_jsonl

PYDANTIC = "pydantic (generated)"
MSGSPEC = "msgspec (generated)"
ORJSON = "orjson alone (no checks)"


class Inputs:
    """The same activities in every form a contender reads or writes."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.records = activities(count)
        self.array = dumps(self.records).encode()
        buffer = io.BytesIO()
        write_jsonl(self.records, buffer)
        self.lines = buffer.getvalue()
        self.line_list = self.lines.splitlines(keepends=True)
        self.py = pydantic_family(Activity)
        self.ms = msgspec_family(Activity)
        self.refresh()

    def refresh(self) -> None:
        """Fresh objects in every form (cold: no text kept from a first write)."""
        for refresh in (
            self.fresh_records,
            self.fresh_models,
            self.fresh_structs,
            self.fresh_dicts,
            self.fresh_line_models,
            self.fresh_line_structs,
            self.fresh_line_dicts,
        ):
            refresh()

    def fresh_records(self) -> None:
        self.records = loads(self.array, list[Activity], limits=None)

    def fresh_models(self) -> None:
        self.models = self.py.array.validate_json(self.array)

    def fresh_structs(self) -> None:
        self.structs = self.ms.array.decode(self.array)

    def fresh_dicts(self) -> None:
        self.dicts = orjson.loads(self.array)

    def fresh_line_models(self) -> None:
        self.line_models = [self.py.line.validate_json(line) for line in self.line_list]

    def fresh_line_structs(self) -> None:
        self.line_structs = [self.ms.line.decode(line) for line in self.line_list]

    def fresh_line_dicts(self) -> None:
        self.line_dicts = [orjson.loads(line) for line in self.line_list]

    def check(self) -> None:
        """Every contender reads and writes the same records (compared as parsed JSON)."""
        expected = orjson.loads(self.array)
        assert loads(self.array, list[Activity]) == self.records
        assert orjson.loads(self.py.dump_json(self.models)) == expected
        assert orjson.loads(self.ms.dump_json(self.structs)) == expected
        for plain in (  # tuples where lists would be: JSON-ready all the same
            self.py.to_builtins(self.models),
            self.ms.to_builtins(self.structs),
            to_dict(self.records),
        ):
            assert orjson.loads(orjson.dumps(plain)) == expected
        lines = [orjson.loads(line) for line in self.line_list]
        assert [orjson.loads(self.py.dump_line(m)) for m in self.line_models] == lines
        assert [orjson.loads(self.ms.dump_line(s)) for s in self.line_structs] == lines
        assert [to_dict(r) for r in read_jsonl(io.BytesIO(self.lines))] == [
            {k: v for k, v in line.items() if k != "type"} for line in lines
        ]


def cold(contender: Contender) -> Contender:
    """The same contender with every parse cache emptied before each run."""
    return Contender(contender.name, contender.run, setup=clear_parse_caches)


def reading(data: Inputs) -> tuple[list[Contender], list[Contender]]:
    array, lines, py, ms = data.array, data.lines, data.py, data.ms
    loads_ = [
        Contender(PYDANTIC, lambda: py.array.validate_json(array)),
        Contender("community_model loads", lambda: loads(array, list[Activity])),
        Contender("loads(limits=None)", lambda: loads(array, list[Activity], limits=None)),
        Contender(MSGSPEC, lambda: ms.array.decode(array)),
        Contender(ORJSON, lambda: orjson.loads(array)),
    ]
    lines_ = [
        Contender(
            f"{PYDANTIC}, per line", lambda: [py.line.validate_json(x) for x in _lines(lines)]
        ),
        Contender("community_model read_jsonl", lambda: list(read_jsonl(io.BytesIO(lines)))),
        Contender(
            "read_jsonl(limits=None)",
            lambda: list(read_jsonl(io.BytesIO(lines), limits=None)),
        ),
        Contender(f"{MSGSPEC}, per line", lambda: [ms.line.decode(x) for x in _lines(lines)]),
        Contender(f"{ORJSON}, per line", lambda: [orjson.loads(x) for x in _lines(lines)]),
    ]
    return loads_, lines_


def _lines(data: bytes) -> io.BytesIO:
    """The lines of JSON Lines bytes as a file gives them (iterating a binary stream)."""
    return io.BytesIO(data)


def _write_lines(dump: Callable[[Any], bytes], items: list[Any]) -> io.BytesIO:
    out = io.BytesIO()
    for item in items:
        out.write(dump(item) + b"\n")
    return out


def writing(data: Inputs) -> dict[str, list[tuple[Contender, Callable[[], None]]]]:
    """Writers, each with what gives it fresh objects (for a cold figure)."""
    py, ms = data.py, data.ms
    return {
        # Text against text: pydantic's own str API, ``model_dump_json``, is its bytes decoded
        # (``to_json(...).decode()`` in pydantic/main.py), as ``dumps`` is ``dumpb`` decoded.
        "dumps": [
            (
                Contender(f"{PYDANTIC}, str", lambda: py.dump_json(data.models).decode()),
                data.fresh_models,
            ),
            (
                Contender("community_model dumps (a str)", lambda: dumps(data.records)),
                data.fresh_records,
            ),
            (
                Contender(f"{ORJSON}, str", lambda: orjson.dumps(data.dicts).decode()),
                data.fresh_dicts,
            ),
        ],
        # Bytes against bytes: what a file or a socket takes.
        "dumpb": [
            (Contender(PYDANTIC, lambda: py.dump_json(data.models)), data.fresh_models),
            (
                Contender("community_model dumpb (bytes)", lambda: dumpb(data.records)),
                data.fresh_records,
            ),
            (Contender(MSGSPEC, lambda: ms.dump_json(data.structs)), data.fresh_structs),
            (Contender(ORJSON, lambda: orjson.dumps(data.dicts)), data.fresh_dicts),
        ],
        "write_jsonl": [
            (
                Contender(
                    f"{PYDANTIC}, per line", lambda: _write_lines(py.dump_line, data.line_models)
                ),
                data.fresh_line_models,
            ),
            (
                Contender(
                    "community_model write_jsonl", lambda: write_jsonl(data.records, io.BytesIO())
                ),
                data.fresh_records,
            ),
            (
                Contender(
                    f"{MSGSPEC} encode_lines",
                    lambda: io.BytesIO(ms.encoder.encode_lines(data.line_structs)),
                ),
                data.fresh_line_structs,
            ),
            (
                Contender(
                    f"{ORJSON}, per line", lambda: _write_lines(orjson.dumps, data.line_dicts)
                ),
                data.fresh_line_dicts,
            ),
        ],
        "to_dict": [
            (
                Contender(
                    f"{PYDANTIC} dump_python(mode='json')", lambda: py.to_builtins(data.models)
                ),
                data.fresh_models,
            ),
            (
                Contender("community_model to_dict", lambda: to_dict(data.records)),
                data.fresh_records,
            ),
            (
                Contender(f"{MSGSPEC} to_builtins", lambda: ms.to_builtins(data.structs)),
                data.fresh_structs,
            ),
        ],
    }


def fresh(contender: Contender, refresh: Callable[[], None]) -> Contender:
    """The same writer, given fresh objects and empty parse caches before each run."""

    def setup() -> None:
        clear_parse_caches()
        refresh()

    return Contender(contender.name, contender.run, setup=setup)


# -- memory ------------------------------------------------------------------------------------


def loaders(array: bytes, py: Any, ms: Any) -> dict[str, Callable[[], Any]]:
    """What each contender keeps after reading the JSON array."""
    return {
        PYDANTIC: lambda: py.array.validate_json(array),
        "community_model loads": lambda: loads(array, list[Activity]),
        MSGSPEC: lambda: ms.array.decode(array),
        ORJSON: lambda: orjson.loads(array),
    }


def traced_bytes(load: Callable[[], Any]) -> int:
    """Bytes allocated and still held by what ``load`` returns (tracemalloc), caches cold."""
    clear_parse_caches()
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    kept = load()
    gc.collect()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del kept
    return after - before


def _rss() -> int:
    """The resident set size of this process now, in bytes (Linux)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def rss_child(name: str, path: str, first: str, count: str) -> None:
    """In a fresh process: what the RSS grows by while the loaded records are held.

    Nothing large is allocated (and freed) before the measure, so that freed memory the
    allocator keeps cannot hide the growth: the file holds the JSON array, ``first`` one
    record of it (read first, so that what a first call compiles is not counted).
    """
    data = Path(path).read_bytes()
    py, ms = pydantic_family(Activity), msgspec_family(Activity)
    loaders(Path(first).read_bytes(), py, ms)[name]()
    load = loaders(data, py, ms)[name]
    clear_parse_caches()
    gc.collect()
    before = _rss()
    kept = load()
    gc.collect()
    after = _rss()
    print(json.dumps({"bytes": after - before, "count": int(count)}))
    del kept


def memory(data: Inputs, rounds: int) -> tuple[Table, Table]:
    runs = loaders(data.array, data.py, data.ms)
    names = list(runs)
    traced: dict[str, list[int]] = {name: [] for name in names}
    for _ in range(rounds):
        for name, load in runs.items():
            traced[name].append(traced_bytes(load))
    rss: dict[str, list[int]] = {name: [] for name in names}
    with tempfile.TemporaryDirectory(prefix="bench-json-") as folder:
        path, first = Path(folder) / "activities.json", Path(folder) / "first.json"
        path.write_bytes(data.array)
        first.write_bytes(orjson.dumps(orjson.loads(data.array)[:1]))
        for number in range(rounds):
            order = names[number % len(names) :] + names[: number % len(names)]
            for name in order:
                out = subprocess.run(
                    [
                        sys.executable,
                        __file__,
                        "--rss-child",
                        name,
                        str(path),
                        str(first),
                        str(data.count),
                    ],
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout
                rss[name].append(json.loads(out)["bytes"])
    return (
        _memory_table(
            f"Memory per activity held after reading {data.count:,} (tracemalloc, caches cold)",
            traced,
            data.count,
            rounds,
        ),
        _memory_table(
            f"Memory per activity held after reading {data.count:,} (RSS growth in a fresh "
            "process, one process per run)",
            rss,
            data.count,
            rounds,
        ),
    )


def _memory_table(title: str, samples: dict[str, list[int]], count: int, rounds: int) -> Table:
    base = statistics.median(samples[PYDANTIC])
    rows = []
    for name, values in samples.items():
        stats = Stats.of([v / count for v in values])
        ratio = statistics.median(values) / base
        rows.append(
            [
                name,
                f"{stats.median:,.0f} B ({stats.low:,.0f}–{stats.high:,.0f})",
                "1 (baseline)" if name == PYDANTIC else f"**{ratio:.2f}x**",
            ]
        )
    return Table(
        title,
        ["contender", f"bytes per activity, median of {rounds} (min–max)", "ratio"],
        rows,
        data={"samples": samples, "count": count},
    )


# -- streaming ---------------------------------------------------------------------------------

#: The name of a child that only imports and builds the contenders, and reads nothing.
STARTUP = "(start-up only)"


def write_stream_file(path: Path, count: int) -> int:
    """``count`` JSON Lines of activities (a block of at most ``BLOCK`` repeated with new ids);
    returns the bytes."""
    buffer = io.BytesIO()
    write_jsonl(activities(min(BLOCK, count)), buffer)
    return write_file(path, count, buffer.getvalue().splitlines(keepends=True))


def streamers(path: Path) -> dict[str, Callable[[], Any]]:
    """Each contender reading every line of the file, keeping nothing."""
    py, ms = pydantic_family(Activity), msgspec_family(Activity)

    def each_line(read: Callable[[bytes], Any]) -> Callable[[], None]:
        def run() -> None:
            with path.open("rb") as handle:
                for line in handle:
                    read(line)

        return run

    return {
        f"{PYDANTIC}, per line": each_line(py.line.validate_json),
        "community_model read_jsonl": lambda: collections.deque(read_jsonl(path), maxlen=0),
        f"{MSGSPEC}, per line": each_line(ms.line.decode),
        f"{ORJSON}, per line": each_line(orjson.loads),
    }


def stream_child(name: str, path: str) -> None:
    """In a fresh process: stream the file once with one contender (or only start up)."""
    runs = streamers(Path(path))
    if name != STARTUP:
        runs[name]()


def stream(report: Report, count: int, timed: int, rounds: int) -> None:
    """Interleaved rounds over ``timed`` lines; one pass over ``count`` lines per fresh process."""
    with tempfile.TemporaryDirectory(prefix="bench-stream-") as folder:
        path = Path(folder) / "activities.jsonl"
        size = write_stream_file(path, count)
        timed_path = path
        if timed < count:
            timed_path = Path(folder) / "timed.jsonl"
            timed_size = write_stream_file(timed_path, timed)
        else:
            timed, timed_size = count, size
        runs = streamers(timed_path)
        contenders = [Contender(name, run, setup=clear_parse_caches) for name, run in runs.items()]
        streamed = report.add(
            compare(
                f"Streaming {timed:,} JSON Lines ({timed_size / 1e6:,.0f} MB file), keeping "
                "nothing",
                contenders,
                baseline=f"{PYDANTIC}, per line",
                rounds=rounds,
                unit="s",
                warmup=0,
                note="Parse caches emptied before each run.",
            )
        )
        passes = {}
        for name in [*runs, STARTUP]:
            child = run_child([sys.executable, __file__, "--stream-child", name, str(path)])
            if child.status != 0:
                raise RuntimeError(f"{name}: {child.stderr.decode()[-500:]}")
            passes[name] = child
        base = passes[f"{PYDANTIC}, per line"].cpu - passes[STARTUP].cpu
        rows = []
        for name, child in passes.items():
            work = child.cpu - passes[STARTUP].cpu
            rows.append(
                [
                    name,
                    f"{child.cpu:,.1f} s" if name != STARTUP else f"{child.cpu:,.2f} s",
                    f"{child.wall:,.1f} s",
                    "" if name == STARTUP else f"{work / base:.2f}x",
                    f"{child.peak_rss / 2**20:,.0f} MiB",
                ]
            )
        report.add(
            Table(
                f"Streaming {count:,} JSON Lines ({size / 1e6:,.0f} MB file): one pass in a fresh "
                "process per contender",
                ["contender", "CPU (os.wait4)", "wall", "CPU ratio, start-up deducted", "peak RSS"],
                rows,
                note="One pass each (GC on, as a fresh process has it), run one after another. "
                "Start-up only: the same imports (community_model, pydantic, msgspec, the "
                "generated contenders) and no reading.",
                data={
                    name: {"cpu": c.cpu, "wall": c.wall, "peak_rss": c.peak_rss}
                    for name, c in passes.items()
                },
            )
        )
        assert isinstance(streamed, Comparison)
        worst, text = _worst(streamed, "community_model read_jsonl")
        ours = passes["community_model read_jsonl"]
        one_pass = (ours.cpu - passes[STARTUP].cpu) / base
        growth = ours.peak_rss - passes[STARTUP].peak_rss
        report.add(
            Table(
                "Targets of issue 16 for streaming",
                ["target", "this run", "status"],
                [
                    [
                        "`read_jsonl` <= 1.0x pydantic per line, streamed",
                        f"{timed:,} lines, {rounds} rounds: {text}; {count:,} lines, one pass: "
                        f"{one_pass:.2f}x",
                        "met" if max(worst, one_pass) <= 1.0 else "**not met**",
                    ],
                    [
                        f"over {count:,} lines in constant memory (peak RSS within 64 MiB of "
                        "start-up)",
                        f"peak RSS {growth / 2**20:,.0f} MiB above start-up",
                        "met" if growth < 64 * 2**20 else "**not met**",
                    ],
                ],
            )
        )


# -- targets -----------------------------------------------------------------------------------


def _worst(comparison: Comparison, name: str) -> tuple[float, str]:
    """The highest CPU ratio of ``name`` over both GC settings, and the figures it comes from."""
    ratios = {g: comparison.ratio(name, g)[0] for g in comparison.gc_settings}
    text = ", ".join(f"GC {g}: {r:.2f}x" for g, r in ratios.items())
    return max(ratios.values()), text


def targets(report: Report, memory_table: Table | None) -> Table:
    """Each target of issue 16 against this run's figures (CPU ratios, both GC settings)."""
    wanted = [
        ("`dumps` <= 1.0x", "dumps, warm", "community_model dumps (a str)", 1.0),
        ("`dumps` <= 1.0x (cold)", "dumps, cold", "community_model dumps (a str)", 1.0),
        ("`dumpb` (bytes) <= 1.0x", "dumpb, warm", "community_model dumpb (bytes)", 1.0),
        ("`dumpb` (bytes) <= 1.0x (cold)", "dumpb, cold", "community_model dumpb (bytes)", 1.0),
        ("`write_jsonl` <= 1.0x", "write_jsonl, warm", "community_model write_jsonl", 1.0),
        ("`write_jsonl` <= 1.0x (cold)", "write_jsonl, cold", "community_model write_jsonl", 1.0),
        ("`loads`, complete errors, <= 1.0x", "loads, warm", "community_model loads", 1.0),
        ("`loads`, complete errors, <= 1.0x (cold)", "loads, cold", "community_model loads", 1.0),
        ("`loads(limits=None)` <= 0.8x", "loads, warm", "loads(limits=None)", 0.8),
        ("`loads(limits=None)` <= 0.8x (cold)", "loads, cold", "loads(limits=None)", 0.8),
        ("`read_jsonl` <= 1.0x per line", "read_jsonl, warm", "community_model read_jsonl", 1.0),
        (
            "`read_jsonl` <= 1.0x per line (cold)",
            "read_jsonl, cold",
            "community_model read_jsonl",
            1.0,
        ),
    ]
    rows = []
    by_prefix = {s.title.split(":")[0]: s for s in report.sections if isinstance(s, Comparison)}
    for what, section, name, limit in wanted:
        comparison = by_prefix.get(section)
        if comparison is None:
            continue
        worst, text = _worst(comparison, name)
        rows.append([what, text, "met" if worst <= limit else "**not met**"])
    if memory_table is not None:
        samples = memory_table.data["samples"]
        ratio = statistics.median(samples["community_model loads"]) / statistics.median(
            samples[PYDANTIC]
        )
        rows.append(
            [
                "memory per record <= 0.5x (tracemalloc)",
                f"{ratio:.2f}x",
                "met" if ratio <= 0.5 else "**not met**",
            ]
        )
    return Table(
        "Targets of issue 16 (CPU-time ratios against the generated pydantic model, medians)",
        ["target", "this run", "status"],
        rows,
    )


# -- main --------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20_000, help="activities (default 20,000)")
    parser.add_argument("--rounds", type=int, default=7, help="interleaved rounds (at least 7)")
    parser.add_argument("--json", metavar="PATH", help="also save the results as JSON")
    parser.add_argument("--skip-memory", action="store_true", help="no memory figures")
    parser.add_argument("--stream", action="store_true", help="the streaming benchmark only")
    parser.add_argument("--lines", type=int, default=1_000_000, help="lines for --stream")
    parser.add_argument(
        "--timed-lines",
        type=int,
        help="lines for the interleaved rounds of --stream (default: --lines); the fresh-process "
        "pass always reads --lines",
    )
    parser.add_argument("--rss-child", nargs=4, help=argparse.SUPPRESS)
    parser.add_argument("--stream-child", nargs=2, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.rss_child:
        rss_child(*options.rss_child)
        return
    if options.stream_child:
        stream_child(*options.stream_child)
        return
    if options.stream:
        report = Report(f"Streaming JSON Lines ({options.lines:,} lines)")
        stream(report, options.lines, options.timed_lines or options.lines, options.rounds)
    else:
        report = Report(f"JSON, {options.count:,} activities")
        run_all(report, options)
    if options.json:
        report.write_json(options.json)
        print(f"saved {options.json}", file=sys.stderr)


def run_all(report: Report, options: argparse.Namespace) -> None:
    data = Inputs(options.count)
    data.check()
    rounds = options.rounds
    size = f"{options.count:,} activities, {len(data.array) / 1e6:.1f} MB"
    loads_, lines_ = reading(data)
    for title, group, base in (
        ("loads", loads_, PYDANTIC),
        ("read_jsonl", lines_, f"{PYDANTIC}, per line"),
    ):
        report.add(compare(f"{title}, warm: {size}", group, baseline=base, rounds=rounds))
        report.add(
            compare(
                f"{title}, cold: {size}",
                [cold(c) for c in group],
                baseline=base,
                rounds=rounds,
                note="Parse caches emptied before each run.",
            )
        )
    for title, pairs in writing(data).items():
        base = pairs[0][0].name
        group = [contender for contender, _ in pairs]
        report.add(compare(f"{title}, warm: {size}", group, baseline=base, rounds=rounds))
        report.add(
            compare(
                f"{title}, cold: {size}",
                [fresh(contender, refresh) for contender, refresh in pairs],
                baseline=base,
                rounds=rounds,
                note="Fresh records (and empty parse caches) before each run.",
            )
        )
    memory_table = None
    if not options.skip_memory:
        memory_table, rss_table = memory(data, rounds)
        report.add(memory_table)
        report.add(rss_table)
    report.add(targets(report, memory_table))


if __name__ == "__main__":
    main()
