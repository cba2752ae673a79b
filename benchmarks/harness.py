"""A benchmark harness that holds on a shared, noisy machine.

* Contenders run interleaved in one process: round after round, every contender once per round
  (A B C, then B C A, ...: the starting contender rotates, so none always runs first), never all
  of A and then all of B. Whatever the machine does meanwhile falls on every contender alike.
* Each run records CPU time (``time.process_time``) and wall time (``time.perf_counter``).
* Each figure is the median of at least 7 runs (rounds), with its spread (min-max and IQR).
* The garbage collector is treated the same for every contender, and every figure is given
  twice: "GC on" (``gc.collect()`` before each run, the collector left on, as a user's process
  has it; a library that pauses it by itself still does) and "GC paused" (``gc.collect()``
  before each run, ``gc.disable()`` around it, for every contender).
* The machine's load average (``os.getloadavg``) is recorded before and after each comparison.
* Ratios are against a baseline named by the caller and measured in the same rounds: the ratio
  of the medians, with the range of the per-round paired ratios as its spread.
* Results print as Markdown tables and save as JSON, from which the tables are rendered again::

      python benchmarks/harness.py render benchmarks/results/json.json
      python benchmarks/harness.py render --compact benchmarks/results/json.json

An optional ``setup`` per contender runs before each of its runs, untimed (to clear caches or
make fresh objects for a cold figure). A run's result is released after the clock stops, so
freeing it is not timed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

#: The GC settings every comparison is measured under, in this order.
GC_SETTINGS: tuple[str, ...] = ("on", "paused")
#: The least number of rounds a figure for the README may rest on.
MIN_ROUNDS = 7
#: How the GC settings are applied to contenders that run in this process.
GC_NOTE = (
    "GC on: collected before each run, left on. GC paused: collected before each run, disabled "
    "during it, for every contender."
)
#: Packages whose versions a report names.
PACKAGES = ("community-model", "pydantic", "pydantic-core", "msgspec", "orjson", "attrs", "cattrs")


def load_average() -> tuple[float, float, float]:
    """The 1, 5 and 15 minute load averages (zeros where the system has none)."""
    try:
        return os.getloadavg()
    except OSError:  # pragma: no cover - systems without a load average
        return (0.0, 0.0, 0.0)


@dataclass(frozen=True)
class Stats:
    """The median of some samples and their spread."""

    median: float
    low: float
    high: float
    q1: float
    q3: float
    n: int

    @classmethod
    def of(cls, samples: Sequence[float]) -> Stats:
        values = sorted(samples)
        if len(values) >= 2:
            q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
        else:
            q1 = q3 = values[0]
        return cls(statistics.median(values), values[0], values[-1], q1, q3, len(values))


@dataclass
class Contender:
    """Something to time: ``run`` is timed, ``setup`` (optional) runs untimed before each run.

    A contender that runs elsewhere (a child process) gives ``measure`` instead: called with
    whether the collector is to be paused, it returns its own CPU and wall seconds.
    """

    name: str
    run: Callable[[], object] | None = None
    setup: Callable[[], object] | None = None
    measure: Callable[[bool], tuple[float, float]] | None = None


@dataclass
class Comparison:
    """The samples of several contenders, measured interleaved, and their ratios to a baseline."""

    title: str
    baseline: str
    names: list[str]
    rounds: int
    unit: str = "ms"
    note: str = ""
    #: seconds per run: samples[name][gc]["cpu" | "wall"] is a list, one value per round
    samples: dict[str, dict[str, dict[str, list[float]]]] = field(default_factory=dict)
    load_before: tuple[float, float, float] = (0.0, 0.0, 0.0)
    load_after: tuple[float, float, float] = (0.0, 0.0, 0.0)
    gc_settings: tuple[str, ...] = GC_SETTINGS
    gc_note: str = GC_NOTE

    def stats(self, name: str, gc_setting: str, clock: str = "cpu") -> Stats:
        return Stats.of(self.samples[name][gc_setting][clock])

    def ratio(self, name: str, gc_setting: str, clock: str = "cpu") -> tuple[float, float, float]:
        """Median over baseline median, and the least and greatest per-round paired ratio."""
        mine = self.samples[name][gc_setting][clock]
        base = self.samples[self.baseline][gc_setting][clock]
        paired = [a / b for a, b in zip(mine, base, strict=True) if b > 0]
        median = statistics.median(mine) / statistics.median(base)
        return median, min(paired), max(paired)

    def as_json(self) -> dict[str, Any]:
        return {"kind": "comparison", **{k: getattr(self, k) for k in _COMPARISON_KEYS}}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Comparison:
        values = {key: data[key] for key in _COMPARISON_KEYS if key in data}
        for key in ("load_before", "load_after", "gc_settings"):
            if key in values:
                values[key] = tuple(values[key])
        return cls(**values)

    def markdown(self) -> str:
        scale = 1000.0 if self.unit == "ms" else 1.0
        lines = [
            f"**{self.title}** (median of {self.rounds} interleaved rounds; spread min–max; "
            f"ratio: median / median of *{self.baseline}*, spread: per-round paired ratios)",
            "",
            f"| contender | GC | CPU {self.unit} | wall {self.unit} | CPU ratio | wall ratio |",
            "| --- | --- | ---: | ---: | ---: | ---: |",
        ]
        for gc_setting in self.gc_settings:
            for name in self.names:
                cpu, wall = self.stats(name, gc_setting), self.stats(name, gc_setting, "wall")
                cells = [name, gc_setting, _spread(cpu, scale), _spread(wall, scale)]
                for clock in ("cpu", "wall"):
                    if name == self.baseline:
                        cells.append("1 (baseline)")
                    else:
                        median, low, high = self.ratio(name, gc_setting, clock)
                        cells.append(f"**{median:.2f}x** ({low:.2f}–{high:.2f})")
                lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
        lines.append(
            f"Load average (1/5/15 min) before {_load(self.load_before)}, "
            f"after {_load(self.load_after)}. {self.gc_note}"
            + (f" {self.note}" if self.note else "")
        )
        return "\n".join(lines)

    def compact(self) -> str:
        """CPU figures only, one row per contender, both GC settings side by side."""
        scale = 1000.0 if self.unit == "ms" else 1.0
        headers = ["contender"]
        for gc_setting in self.gc_settings:
            headers += [f"CPU {self.unit}, GC {gc_setting}", f"ratio, GC {gc_setting}"]
        lines = [
            f"**{self.title}** (load average {self.load_before[0]:.2f} → {self.load_after[0]:.2f})",
            "",
            "| " + " | ".join(headers) + " |",
            "| --- |" + " ---: |" * (len(headers) - 1),
        ]
        for name in self.names:
            cells = [name]
            for gc_setting in self.gc_settings:
                cells.append(_spread(self.stats(name, gc_setting), scale))
                if name == self.baseline:
                    cells.append("1 (baseline)")
                else:
                    median, low, high = self.ratio(name, gc_setting)
                    cells.append(f"**{median:.2f}x** ({low:.2f}–{high:.2f})")
            lines.append("| " + " | ".join(cells) + " |")
        return "\n".join(lines)


_COMPARISON_KEYS = (
    "title",
    "baseline",
    "names",
    "rounds",
    "unit",
    "note",
    "samples",
    "load_before",
    "load_after",
    "gc_settings",
    "gc_note",
)


def _spread(stats: Stats, scale: float) -> str:
    digits = 0 if stats.median * scale >= 100 else 1 if stats.median * scale >= 10 else 2
    median, low, high = (f"{v * scale:,.{digits}f}" for v in (stats.median, stats.low, stats.high))
    return f"{median} ({low}–{high})"


def _load(load: Sequence[float]) -> str:
    return "/".join(f"{value:.2f}" for value in load)


def _timed(contender: Contender, paused: bool) -> tuple[float, float]:
    """One run: CPU and wall seconds. The result is dropped after the clocks stop."""
    if contender.setup is not None:
        contender.setup()
    if contender.measure is not None:
        return contender.measure(paused)
    assert contender.run is not None
    gc.collect()
    if paused:
        gc.disable()
    try:
        cpu0, wall0 = time.process_time(), time.perf_counter()
        result = contender.run()
        cpu1, wall1 = time.process_time(), time.perf_counter()
    finally:
        if paused:
            gc.enable()
    del result
    return cpu1 - cpu0, wall1 - wall0


@dataclass(frozen=True)
class ChildRun:
    """A finished child process: its own CPU seconds (user + system), wall seconds, peak RSS."""

    cpu: float
    wall: float
    peak_rss: int
    status: int
    stdout: bytes
    stderr: bytes


def run_child(argv: Sequence[str]) -> ChildRun:
    """Run ``argv`` to the end; its CPU time and peak RSS come from ``os.wait4`` (its own)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(argv, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return ChildRun(
            cpu=usage.ru_utime + usage.ru_stime,
            wall=wall,
            peak_rss=usage.ru_maxrss * 1024,  # KiB on Linux
            status=process.returncode,
            stdout=out.read(),
            stderr=err.read(),
        )


def compare(
    title: str,
    contenders: Sequence[Contender],
    *,
    baseline: str,
    rounds: int = MIN_ROUNDS,
    gc_settings: Sequence[str] = GC_SETTINGS,
    warmup: int = 1,
    unit: str = "ms",
    note: str = "",
    gc_note: str = GC_NOTE,
    progress: bool = True,
) -> Comparison:
    """Time ``contenders`` interleaved, ``rounds`` times under each GC setting.

    Each round runs every contender once under each GC setting, starting from a different
    contender each round. ``warmup`` untimed runs of each contender come first (code generated
    on first use, caches that a warm figure wants filled).
    """
    names = [contender.name for contender in contenders]
    if baseline not in names:
        raise ValueError(f"the baseline {baseline!r} is not among the contenders {names}")
    if len(set(names)) != len(names):
        raise ValueError(f"contender names must differ: {names}")
    if rounds < MIN_ROUNDS:
        print(f"  (only {rounds} rounds: a quick look, not a figure to publish)", file=sys.stderr)
    gc_was_enabled = gc.isenabled()
    gc.enable()
    for _ in range(warmup):
        for contender in contenders:
            _timed(contender, paused=False)
    comparison = Comparison(
        title=title,
        baseline=baseline,
        names=names,
        rounds=rounds,
        unit=unit,
        note=note,
        samples={name: {g: {"cpu": [], "wall": []} for g in gc_settings} for name in names},
        gc_settings=tuple(gc_settings),
        gc_note=gc_note,
        load_before=load_average(),
    )
    for number in range(rounds):
        order = [*contenders[number % len(contenders) :], *contenders[: number % len(contenders)]]
        for gc_setting in gc_settings:
            for contender in order:
                cpu, wall = _timed(contender, paused=gc_setting == "paused")
                comparison.samples[contender.name][gc_setting]["cpu"].append(cpu)
                comparison.samples[contender.name][gc_setting]["wall"].append(wall)
        if progress:
            print(f"  {title}: round {number + 1}/{rounds}", file=sys.stderr, end="\r")
    if progress:
        print(file=sys.stderr)
    comparison.load_after = load_average()
    if not gc_was_enabled:
        gc.disable()
    # Keep round order: the per-round paired ratios pair the same round of each contender.
    return comparison


@dataclass
class Table:
    """Figures that are not timings of interleaved runs (memory, start-up ...), as text."""

    title: str
    headers: list[str]
    rows: list[list[str]]
    note: str = ""
    data: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": "table",
            "title": self.title,
            "headers": self.headers,
            "rows": self.rows,
            "note": self.note,
            "data": self.data,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Table:
        return cls(data["title"], data["headers"], data["rows"], data["note"], data["data"])

    def markdown(self) -> str:
        lines = [
            f"**{self.title}**",
            "",
            "| " + " | ".join(self.headers) + " |",
            "| " + " | ".join("---" for _ in self.headers) + " |",
        ]
        lines += ["| " + " | ".join(row) + " |" for row in self.rows]
        if self.note:
            lines += ["", self.note]
        return "\n".join(lines)


def environment() -> dict[str, Any]:
    """What the figures were measured on: Python, the packages, the machine, the commit."""
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
            cwd=Path(__file__).parent,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = None
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "python": sys.version.split()[0],
        "implementation": platform.python_implementation(),
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores",
        "processor": _processor(),
        "packages": versions,
        "commit": commit,
        "argv": sys.argv,
    }


def _processor() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


@dataclass
class Report:
    """The comparisons and tables of one benchmark run, with its environment."""

    title: str
    sections: list[Comparison | Table] = field(default_factory=list)
    env: dict[str, Any] = field(default_factory=environment)

    def add(self, section: Comparison | Table) -> Comparison | Table:
        self.sections.append(section)
        print(section.markdown() + "\n", flush=True)
        return section

    def as_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "env": self.env,
            "sections": [section.as_json() for section in self.sections],
        }

    def write_json(self, path: str | os.PathLike[str]) -> None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_text(json.dumps(self.as_json(), indent=1, ensure_ascii=False) + "\n")

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Report:
        sections: list[Comparison | Table] = [
            Comparison.from_json(s) if s["kind"] == "comparison" else Table.from_json(s)
            for s in data["sections"]
        ]
        return cls(data["title"], sections, data["env"])

    def markdown(self, *, compact: bool = False) -> str:
        env = self.env
        packages = ", ".join(f"{k} {v}" for k, v in env["packages"].items() if v)
        command = " ".join([Path(env["argv"][0]).name, *env["argv"][1:]])
        header = (
            f"### {self.title}\n\n"
            f"{env['date']}; Python {env['python']} ({env['implementation']}), {env['machine']} "
            f"({env['processor']}); {packages}; commit {env['commit']}; "
            f"`{command}`"
        )
        sections = [
            section.compact() if compact and isinstance(section, Comparison) else section.markdown()
            for section in self.sections
        ]
        return "\n\n".join([header, *sections])

    def comparison(self, title: str) -> Comparison:
        for section in self.sections:
            if isinstance(section, Comparison) and section.title == title:
                return section
        raise KeyError(title)


def render(paths: Iterable[str], *, compact: bool = False) -> str:
    """The Markdown of saved reports; ``compact``: CPU time only, both GC settings per row."""
    return "\n\n".join(
        Report.from_json(json.loads(Path(p).read_text())).markdown(compact=compact) for p in paths
    )


def main() -> None:
    parser = argparse.ArgumentParser(description="Render saved benchmark results as Markdown.")
    sub = parser.add_subparsers(dest="command", required=True)
    show = sub.add_parser("render", help="print the Markdown tables of saved JSON results")
    show.add_argument("paths", nargs="+")
    show.add_argument(
        "--compact", action="store_true", help="CPU time only, GC on and paused side by side"
    )
    options = parser.parse_args()
    if options.command == "render":
        print(render(options.paths, compact=options.compact))


if __name__ == "__main__":
    main()
