"""No loss of speed against an earlier release: this checkout and another, on the same bytes.

Run on demand (not part of the test suite)::

    git worktree add /tmp/base <commit of the release>      # with its own venv in /tmp/base/.venv
    python benchmarks/bench_release.py --base /tmp/base --json benchmarks/results/release.json

The other checkout writes the input (its own generated activities, as a JSON array and as JSON
Lines, through its own ``dumps`` and ``write_jsonl``); both read those same bytes and write the
records they read. Each checkout runs in a worker process of its own interpreter (``--base``'s
``.venv/bin/python``, and this one's), started once; the harness asks the workers in turn
(interleaved rounds, both GC settings, CPU and wall time as each worker measures it). Figures
are warm: each worker has read the input once before the rounds (a first call compiles).
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from harness import Contender, Report, compare

OPERATIONS = ("loads", "loads(limits=None)", "read_jsonl", "dumps", "write_jsonl", "to_dict")


# -- the worker (runs in either checkout's interpreter; only the public API) ------------------


def worker(array_path: str, lines_path: str) -> None:
    """Answer ``OPERATION GC`` lines on stdin with ``CPU WALL`` seconds on stdout."""
    from community_model import (  # noqa: PLC0415 - the worker's own checkout
        Activity,
        dumps,
        loads,
        read_jsonl,
        to_dict,
        write_jsonl,
    )

    array = Path(array_path).read_bytes()
    lines = Path(lines_path).read_bytes()
    records = loads(array, list[Activity])
    runs: dict[str, Callable[[], Any]] = {
        "loads": lambda: loads(array, list[Activity]),
        "loads(limits=None)": lambda: loads(array, list[Activity], limits=None),
        "read_jsonl": lambda: list(read_jsonl(io.BytesIO(lines))),
        "dumps": lambda: dumps(records),
        "write_jsonl": lambda: write_jsonl(records, io.BytesIO()),
        "to_dict": lambda: to_dict(records),
    }
    assert dumps(records).encode() == array, "the checkouts must write the same bytes"
    for run in runs.values():  # a first call compiles
        run()
    print("ready", flush=True)
    for request in sys.stdin:
        operation, setting = request.rsplit(" ", 1)
        gc.collect()
        if setting.strip() == "paused":
            gc.disable()
        cpu0, wall0 = time.process_time(), time.perf_counter()
        result = runs[operation]()
        cpu1, wall1 = time.process_time(), time.perf_counter()
        gc.enable()
        del result
        print(f"{cpu1 - cpu0} {wall1 - wall0}", flush=True)


# -- the parent ------------------------------------------------------------------------------


class Worker:
    """A worker process of one checkout's interpreter."""

    def __init__(self, python: str, array: Path, lines: Path) -> None:
        self.process = subprocess.Popen(
            [python, __file__, "--worker", str(array), str(lines)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        ready = self.process.stdout.readline().strip()
        if ready != "ready":
            raise RuntimeError(f"the worker of {python} did not start")

    def measure(self, operation: str) -> Callable[[bool], tuple[float, float]]:
        def run(paused: bool) -> tuple[float, float]:
            assert self.process.stdin is not None
            assert self.process.stdout is not None
            self.process.stdin.write(f"{operation} {'paused' if paused else 'on'}\n")
            self.process.stdin.flush()
            cpu, wall = self.process.stdout.readline().split()
            return float(cpu), float(wall)

        return run

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait()


def write_input(base: Path, count: int, folder: Path) -> tuple[Path, Path]:
    """The other checkout's generated activities, written by it (JSON array, JSON Lines)."""
    array, lines = folder / "activities.json", folder / "activities.jsonl"
    code = (
        "import io, sys; sys.path.insert(0, 'benchmarks')\n"
        "from _data import activities\n"
        "from community_model import dumps, write_jsonl\n"
        f"records = activities({count})\n"
        f"open({str(array)!r}, 'w', encoding='utf-8').write(dumps(records))\n"
        f"write_jsonl(records, {str(lines)!r})\n"
    )
    subprocess.run([str(base / ".venv/bin/python"), "-c", code], cwd=base, check=True)
    return array, lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", type=Path, help="the other checkout (with .venv/)")
    parser.add_argument("--count", type=int, default=20_000, help="activities (default 20,000)")
    parser.add_argument("--rounds", type=int, default=7, help="interleaved rounds (at least 7)")
    parser.add_argument("--json", metavar="PATH", help="also save the results as JSON")
    parser.add_argument(
        "--operations", nargs="+", choices=OPERATIONS, default=OPERATIONS, help="what to time"
    )
    parser.add_argument("--worker", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(*args.worker)
        return
    if args.base is None:
        parser.error("--base is required")
    with tempfile.TemporaryDirectory(prefix="bench-release-") as folder:
        run(args, Path(folder))


def run(args: argparse.Namespace, folder: Path) -> None:
    array, lines = write_input(args.base.resolve(), args.count, folder)
    base_name = f"first release ({args.base})"
    workers = {
        base_name: Worker(str(args.base.resolve() / ".venv/bin/python"), array, lines),
        "this checkout": Worker(sys.executable, array, lines),
    }
    report = Report(title="This checkout against an earlier release, on the same bytes")
    size = array.stat().st_size / 1e6
    try:
        for operation in args.operations:
            comparison = compare(
                f"{operation}: {args.count:,} activities of the release, {size:.1f} MB",
                [
                    Contender(name, measure=process.measure(operation))
                    for name, process in workers.items()
                ],
                baseline=base_name,
                rounds=args.rounds,
            )
            report.add(comparison)
    finally:
        for process in workers.values():
            process.close()
    if args.json:
        report.write_json(args.json)
        print(json.dumps({"saved": args.json}))


if __name__ == "__main__":
    main()
