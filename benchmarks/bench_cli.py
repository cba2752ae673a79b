"""``community-model validate`` on large JSON Lines files: wall time and peak memory.

Validation streams: its peak memory should not grow with the file. This writes files of
250,000 and 1,000,000 activities (a few thousand generated ones, repeated with new ids), runs
``python -m community_model validate FILE`` on each in a subprocess, and reports the wall time
and the subprocess's own peak resident memory (from ``os.wait4``), then the ratio of the peaks.
One more run with ``--references`` on the smaller file shows what keeping every record costs.
The files live in a temporary folder, deleted at the end.

    python benchmarks/bench_cli.py                      # 250,000 and 1,000,000 lines
    python benchmarks/bench_cli.py --lines 20000 80000  # a quick run
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _data import activities

from community_model import write_jsonl

#: Distinct generated activities; the file repeats them with new ids.
BLOCK = 4000


def block_lines() -> list[bytes]:
    """The JSON Lines of ``BLOCK`` generated activities, ids ``activity:<n>``."""
    buffer = io.BytesIO()
    write_jsonl(activities(BLOCK), buffer)
    return buffer.getvalue().splitlines(keepends=True)


def write_file(path: Path, count: int, lines: list[bytes]) -> int:
    """``count`` lines, block after block, each block's ids made unique; returns the bytes."""
    written = 0
    with path.open("wb") as handle:
        for start in range(0, count, len(lines)):
            prefix = b'"id":"activity:%d-' % (start // len(lines))
            chunk = b"".join(
                line.replace(b'"id":"activity:', prefix, 1)
                for line in lines[: min(len(lines), count - start)]
            )
            handle.write(chunk)
            written += len(chunk)
    return written


def measure(*arguments: str) -> tuple[float, int, int]:
    """Wall seconds, peak resident KiB and exit status of one ``python -m community_model``."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "community_model", *arguments],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_maxrss, process.returncode  # ru_maxrss: KiB on Linux


def main() -> None:
    """Run the benchmark and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, nargs="+", default=[250_000, 1_000_000])
    parser.add_argument(
        "--no-references", action="store_true", help="skip the --references contrast run"
    )
    options = parser.parse_args()
    lines = block_lines()
    rows = []
    peaks = []
    with tempfile.TemporaryDirectory(prefix="bench-cli-") as folder:
        _, baseline, _ = measure("--version")
        rows.append(("`--version` (start-up only)", "-", "-", "-", f"{baseline / 1024:.0f} MiB"))
        for count in sorted(options.lines):
            path = Path(folder) / f"activities-{count}.jsonl"
            size = write_file(path, count, lines)
            elapsed, peak, status = measure("validate", str(path))
            assert status == 0, f"validate exited {status}"
            peaks.append(peak)
            rows.append(
                (
                    "`validate`",
                    f"{count:,}",
                    f"{size / 1e6:,.0f} MB",
                    f"{elapsed:.1f} s ({elapsed / count * 1e6:.0f} µs/line)",
                    f"{peak / 1024:.0f} MiB",
                )
            )
            if count == min(options.lines) and not options.no_references:
                elapsed, peak, status = measure("validate", "--references", str(path))
                rows.append(
                    (
                        "`validate --references` (exit 1: ids point nowhere)",
                        f"{count:,}",
                        f"{size / 1e6:,.0f} MB",
                        f"{elapsed:.1f} s",
                        f"{peak / 1024:.0f} MiB",
                    )
                )
            path.unlink()
    print("| command | lines | file | wall time | peak memory |")
    print("| --- | --- | --- | --- | --- |")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    if len(peaks) > 1:
        print(
            f"\npeak memory, largest file / smallest file: {peaks[-1] / peaks[0]:.2f} "
            f"({sorted(options.lines)[-1] // sorted(options.lines)[0]}x the lines)"
        )
    print(f"\nPython {sys.version.split()[0]}, {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
