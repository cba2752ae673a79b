"""Start-up: the cost of ``import community_model`` and ``community-model --help``.

Run on demand (not part of the test suite)::

    python benchmarks/bench_import.py                  # 7 rounds
    python benchmarks/bench_import.py --json benchmarks/results/import.json

Two measures:

* ``python -X importtime -c "import X"`` for community_model, pydantic and msgspec: the total
  (the cumulative time of the top-level import, median of the rounds) and, for community_model,
  where it goes: self time grouped by top-level package, and the slowest modules.
* Fresh processes, interleaved (harness): ``python -c "import X"``, the command line's
  ``--help`` and the bare interpreter, each process's own CPU time (``os.wait4``) and wall time.
  "GC paused" runs ``gc.disable()`` first in the child. The command line is run as its console
  script runs it (``runpy`` of the installed ``community-model`` script), so both GC settings
  start it the same way.
"""

from __future__ import annotations

import argparse
import collections
import shutil
import statistics
import sys
from collections.abc import Callable
from pathlib import Path

from harness import Comparison, Contender, Report, Stats, Table, compare, run_child

SNIPPETS = {
    "python -c pass (the interpreter alone)": "pass",
    "import pydantic": "import pydantic",
    "import msgspec": "import msgspec",
    "import community_model": "import community_model",
}


def cli_snippet() -> str:
    """Python that runs the installed ``community-model --help`` as its console script does."""
    script = shutil.which("community-model") or str(
        Path(sys.executable).with_name("community-model")
    )
    return (
        f"import runpy, sys; sys.argv = [{script!r}, '--help']; "
        f"runpy.run_path({script!r}, run_name='__main__')"
    )


def starter(code: str) -> Callable[[bool], tuple[float, float]]:
    def measure(paused: bool) -> tuple[float, float]:
        prefix = "import gc; gc.disable(); " if paused else ""
        run = run_child([sys.executable, "-c", prefix + code])
        if run.status != 0:
            raise RuntimeError(f"{code!r} exited {run.status}: {run.stderr.decode()[-500:]}")
        return run.cpu, run.wall

    return measure


def importtime(module: str) -> tuple[float, dict[str, float]]:
    """Microseconds: the cumulative import time of ``module``, and each module's self time."""
    run = run_child([sys.executable, "-X", "importtime", "-c", f"import {module}"])
    total = 0.0
    selves: dict[str, float] = {}
    for line in run.stderr.decode().splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        _, self_us, cumulative, name = (
            part.strip() for part in line.replace(":", "|", 1).split("|")
        )
        selves[name] = selves.get(name, 0.0) + float(self_us)
        if name == module:
            total = float(cumulative)
    return total, selves


def importtime_tables(rounds: int) -> list[Table]:
    modules = ("community_model", "pydantic", "msgspec")
    totals: dict[str, list[float]] = {m: [] for m in modules}
    selves: list[dict[str, float]] = []
    for _ in range(rounds):
        for module in modules:
            total, self_times = importtime(module)
            totals[module].append(total / 1e6)
            if module == "community_model":
                selves.append(self_times)
    rows = []
    for module, values in totals.items():
        stats = Stats.of(values)
        rows.append(
            [
                f"`import {module}`",
                f"{stats.median * 1000:,.0f} ms ({stats.low * 1000:,.0f}–{stats.high * 1000:,.0f})",
            ]
        )
    summary = Table(
        f"`python -X importtime -c 'import X'`: cumulative time of X, median of {rounds}",
        ["import", "time (min–max)"],
        rows,
        data={"totals": totals},
    )
    names = set().union(*selves)
    median_self = {n: statistics.median(s.get(n, 0.0) for s in selves) for n in names}
    by_package: dict[str, float] = collections.defaultdict(float)
    for name, value in median_self.items():
        top = name.split(".")[0]
        key = ".".join(name.split(".")[:2]) if top == "community_model" else top
        by_package[key] += value
    whole = sum(median_self.values())
    packages = Table(
        "Where `import community_model` spends its time: self time by package (medians)",
        ["package", "self time", "share"],
        [
            [f"`{name}`", f"{value / 1000:,.1f} ms", f"{value / whole:.0%}"]
            for name, value in sorted(by_package.items(), key=lambda kv: -kv[1])[:15]
        ],
        note=f"All modules imported: {len(names)}; their self times add up to {whole / 1000:,.0f} "
        "ms. `community_model.X` groups a private module with its submodules.",
    )
    slowest = Table(
        "The 12 modules with the largest self time in `import community_model` (medians)",
        ["module", "self time"],
        [
            [f"`{name}`", f"{value / 1000:,.1f} ms"]
            for name, value in sorted(median_self.items(), key=lambda kv: -kv[1])[:12]
        ],
    )
    return [summary, packages, slowest]


def start_comparison(rounds: int) -> Comparison:
    contenders = [Contender(name, measure=starter(code)) for name, code in SNIPPETS.items()]
    contenders.append(Contender("`community-model --help`", measure=starter(cli_snippet())))
    return compare(
        "Start-up in fresh processes (each child's own CPU time, from os.wait4)",
        contenders,
        baseline="import pydantic",
        rounds=rounds,
        warmup=1,
        gc_note="GC on: the child as it starts. GC paused: `gc.disable()` is the child's first "
        "statement.",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--json", metavar="PATH", help="also save the results as JSON")
    options = parser.parse_args()
    report = Report("Start-up")
    report.add(start_comparison(options.rounds))
    for table in importtime_tables(options.rounds):
        report.add(table)
    if options.json:
        report.write_json(options.json)


if __name__ == "__main__":
    main()
