"""The example web service under load: requests per second, and a 100,000-line import.

Run on demand (not part of the test suite), from the repository's root::

    pip install -e '.[service]'
    python benchmarks/bench_service.py                 # 10 s per load, 16 connections
    python benchmarks/bench_service.py --duration 3 --import-lines 20000   # a quick run

It starts ``python -m examples.service`` on a free loopback port, as users run it, once with the
bundled example (55 records) and once with a generated dataset (``_data.dataset``, about 20,000
records), and measures with ``wrk`` (Debian's package; one thread, 16 connections) when it is
installed, else with a bounded pool of httpx clients (slower: the client then limits the rate):

- ``GET /v1/activities/{id}`` (fetch by id) and a filtered list (a street and a time window),
  without the key, so every answer comes from the redacted copy;
- ``POST /v1/import`` of 100,000 JSON Lines activities, stored (all checked with the dataset,
  then redacted), and the same with ``validate_only=true``: wall time, and the server's peak
  resident memory over its memory before (``VmHWM`` after resetting it, Linux).

Only the loopback interface is used; every load is bounded in time.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import orjson
from _data import dataset

from community_model import Dataset, save_dataset, suzhou_2023, to_dict

ROOT = Path(__file__).resolve().parent.parent
KEY = "benchmark-key"
MiB = 1 << 20


class Server:
    """``python -m examples.service`` on a free port of 127.0.0.1, for the ``with`` block."""

    def __init__(self, data: Path) -> None:
        environment = {**os.environ, "COMMUNITY_SERVICE_KEY": KEY}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "examples.service", "--port", "0", "--data", str(data)],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.PIPE,
        )
        assert self.process.stdout is not None
        ready, _, _ = select.select([self.process.stdout], [], [], 120)
        line = self.process.stdout.readline().decode() if ready else ""
        found = re.fullmatch(r"serving on (http://[0-9.]+:\d+)\n", line)
        if found is None:
            self.process.kill()
            raise RuntimeError(f"the service did not start: {line!r}")
        self.url = found.group(1)
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(self.url + "/v1").raise_for_status()
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        assert self.process.stdout is not None
        self.process.stdout.close()

    def _status(self, field: str) -> int:
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        found = re.search(rf"{field}:\s+(\d+) kB", status)
        assert found is not None
        return int(found.group(1)) * 1024

    def reset_peak(self) -> int:
        """Set the peak resident memory to the current one; return it."""
        Path(f"/proc/{self.process.pid}/clear_refs").write_text("5")
        return self._status("VmRSS")

    def peak(self) -> int:
        return self._status("VmHWM")


# -- load ----------------------------------------------------------------------------------------


def with_wrk(url: str, duration: float, connections: int) -> tuple[float, str]:
    """Requests per second and the latency percentiles wrk reports (one thread)."""
    result = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{duration:g}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    )
    rate = float(re.search(r"Requests/sec:\s+([0-9.]+)", result.stdout).group(1))  # type: ignore[union-attr]
    if "Non-2xx" in result.stdout:
        raise RuntimeError(f"errors under load:\n{result.stdout}")
    latencies = dict(re.findall(r"\s(50|99)%\s+([0-9.]+\w+)", result.stdout))
    return rate, f"p50 {latencies.get('50', '?')}, p99 {latencies.get('99', '?')}"


def with_httpx(url: str, duration: float, connections: int) -> tuple[float, str]:
    """Requests per second from ``connections`` threads, each with its own kept-alive client."""
    deadline = time.monotonic() + duration

    def work(_: int) -> list[float]:
        times = []
        with httpx.Client() as client:
            while time.monotonic() < deadline:
                started = time.perf_counter()
                client.get(url).raise_for_status()
                times.append(time.perf_counter() - started)
        return times

    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(connections) as pool:
        times = sorted(t for ts in pool.map(work, range(connections)) for t in ts)
    elapsed = time.monotonic() - started
    p50, p99 = times[len(times) // 2], times[int(len(times) * 0.99)]
    return len(times) / elapsed, f"p50 {p50 * 1000:.2f}ms, p99 {p99 * 1000:.2f}ms (httpx)"


def load(url: str, duration: float, connections: int) -> tuple[float, str]:
    httpx.get(url).raise_for_status()  # the URL answers, and its indexes are built
    if shutil.which("wrk"):
        return with_wrk(url, duration, connections)
    return with_httpx(url, duration, connections)


# -- import --------------------------------------------------------------------------------------


def bulk_lines(template: Dataset, count: int, prefix: str) -> Iterator[bytes]:
    """``count`` activities made from the example's summer class, 1,000 lines per chunk."""
    activity = template.activities[5]
    text = orjson.dumps({"type": "activity", **to_dict(activity)})
    head, tail = text.split(b'"id":"' + activity.id.encode() + b'"')
    for start in range(0, count, 1000):
        yield b"".join(
            head + b'"id":"activity:' + prefix.encode() + str(n).encode() + b'"' + tail + b"\n"
            for n in range(start, min(count, start + 1000))
        )


def timed_import(server: Server, count: int, *, validate_only: bool) -> tuple[float, int, int]:
    """Wall time, body size and peak memory growth of one import."""
    size = sum(map(len, bulk_lines(suzhou_2023(), count, "bulk-")))
    before = server.reset_peak()
    started = time.perf_counter()
    response = httpx.post(
        server.url + "/v1/import",
        params={"validate_only": "true" if validate_only else "false"},
        content=bulk_lines(suzhou_2023(), count, "bulk-"),
        headers={"Authorization": f"Bearer {KEY}", "Content-Type": "application/jsonl"},
        timeout=600,
    )
    elapsed = time.perf_counter() - started
    response.raise_for_status()
    assert response.json()["imported"] == count
    return elapsed, size, server.peak() - before


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=10, help="seconds per load (10)")
    parser.add_argument("--connections", type=int, default=16, help="connections (16)")
    parser.add_argument("--records", type=int, default=20_000, help="generated dataset (20,000)")
    parser.add_argument("--import-lines", type=int, default=100_000, help="import (100,000)")
    arguments = parser.parse_args()
    tool = "wrk" if shutil.which("wrk") else "httpx"
    print(f"load: {tool}, {arguments.connections} connections, {arguments.duration:g} s each")

    with tempfile.TemporaryDirectory() as folder:
        example_file = Path(folder) / "example.json"
        save_dataset(suzhou_2023(), example_file)
        generated = dataset(arguments.records)
        generated_file = Path(folder) / "generated.json"
        save_dataset(generated, generated_file)
        street = generated.streets[len(generated.streets) // 2].id
        cases = [
            (
                "example (55 records)",
                example_file,
                "/v1/activities/activity:caohu-free-clinic-3",
                "/v1/activities?street=street:beiqiao&start=2023&end=2023",
            ),
            (
                f"generated ({len(generated):,} records)",
                generated_file,
                f"/v1/activities/{generated.activities[len(generated.activities) // 2].id}",
                f"/v1/activities?street={street}&start=2023-07&end=2023-09&limit=100",
            ),
        ]
        print("\n| data | request | requests/s | latency |\n| --- | --- | --- | --- |")
        for label, data, fetch, listing in cases:
            with Server(data) as server:
                for what, path in (("fetch by id", fetch), ("filtered list", listing)):
                    rate, latency = load(
                        server.url + path, arguments.duration, arguments.connections
                    )
                    print(f"| {label} | {what} `{path}` | {rate:,.0f} | {latency} |")

        print("\n| import | lines | body | wall time | server peak memory |")
        print("| --- | --- | --- | --- | --- |")
        for validate_only in (True, False):
            with Server(example_file) as server:
                elapsed, size, growth = timed_import(
                    server, arguments.import_lines, validate_only=validate_only
                )
                what = "validate_only=true" if validate_only else "stored"
                print(
                    f"| {what} | {arguments.import_lines:,} | {size / MiB:.1f} MiB | "
                    f"{elapsed:.2f} s ({elapsed / arguments.import_lines * 1e6:.0f} µs/line) | "
                    f"+{growth / MiB:.1f} MiB |"
                )
    print(f"\n(Python {sys.version.split()[0]}, {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
