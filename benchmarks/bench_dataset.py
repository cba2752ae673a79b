"""Dataset construction, checks, queries and summaries grow linearly: 4x the records, <= 4.4x.

Run on demand (not part of the test suite)::

    python benchmarks/bench_dataset.py                          # 50,000, 200,000 and 800,000
    python benchmarks/bench_dataset.py --sizes 5000 20000 --rounds 3   # a quick look
    python benchmarks/bench_dataset.py --json benchmarks/results/dataset.json

The datasets come from ``_data.dataset`` (consistent: every reference resolves). For each step
the sizes are the contenders of one harness comparison: run interleaved (50k, 200k, 800k, then
200k, 800k, 50k ...), GC on and GC paused, median of the rounds. The ratio of one size to the
one before is the ratio of the medians, with the range of the per-round paired ratios.

* construction: ``Dataset.from_records(records)`` and a first lookup (which builds the indexes);
* the reference: a walk that reads every record and each activity's organisers and does nothing
  else, to show how much of a step's growth is the machine's (a larger working set misses the
  caches more often) rather than the library's;
* ``check()``, every query once per street or community (and the window queries), ``summary()``:
  on a dataset whose indexes are built (values keep what they work out once, such as a
  ``When``'s bounds: the untimed warm-up run fills them).
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import sys
from collections.abc import Callable
from typing import Any

from _data import dataset
from harness import Comparison, Contender, Report, Table, compare

from community_model import Dataset, Entity, ProjectStatus, When

TARGET = 4.4


def construct(records: list[Entity]) -> Dataset:
    """A new Dataset of ``records``, with its indexes built (by a first lookup)."""
    data = Dataset.from_records(records)
    data.get(records[0].record_kind, records[0].id)
    return data


def queries(data: Dataset) -> None:
    """Every query once per street or community it takes, and the window queries."""
    for street in data.streets:
        data.communities_of(street.id)
    for community in data.communities:
        data.activities_of(community.id)
        data.organisations_of(community.id)
        data.partners_of(community.id)
    data.activities_between(When.month(2023, 7), When.month(2023, 8))
    data.activities_between(When.month(2023, 7), When.month(2023, 8), within="possibly")
    data.projects(year=2023, status=ProjectStatus.IN_USE)


#: The reference row: no library work, only a read of each record and of each activity's
#: organisers, the memory every step walks. Its growth is the machine's (caches, TLB), not an
#: algorithm's, and is not held to the target.
WALK = "reference: a walk over the records (no library work)"


def walk(records: list[Entity]) -> None:
    """Read each record's id, and each organiser of each activity: memory, not work."""
    for record in records:
        record.id  # noqa: B018 - the read is the measurement
        for organiser in getattr(record, "organisers", ()):
            organiser.id  # noqa: B018


def steps(records: list[Entity], data: Dataset) -> dict[str, Callable[[], Any]]:
    return {
        WALK: lambda: walk(records),
        "construction (from_records + indexes)": lambda: construct(records),
        "check()": data.check,
        "queries": lambda: queries(data),
        "summary()": data.summary,
    }


def linearity(comparisons: dict[str, Comparison], sizes: list[int]) -> Table:
    """Time ratios between consecutive sizes, per step and GC setting."""
    names = [_name(size) for size in sizes]
    steps_up = list(itertools.pairwise(names))
    headers = ["step", "GC", *(f"{n} (ms)" for n in names)]
    headers += [f"{b} / {a}" for a, b in steps_up]
    rows = []
    worst = 0.0
    for step, comparison in comparisons.items():
        for gc_setting in comparison.gc_settings:
            cells = [step, gc_setting]
            for name in names:
                stats = comparison.stats(name, gc_setting)
                cells.append(
                    f"{stats.median * 1000:,.0f} ({stats.low * 1000:,.0f}–{stats.high * 1000:,.0f})"
                )
            for a, b in steps_up:
                low_samples = comparison.samples[a][gc_setting]["cpu"]
                high_samples = comparison.samples[b][gc_setting]["cpu"]
                ratio = statistics.median(high_samples) / statistics.median(low_samples)
                paired = [h / lo for h, lo in zip(high_samples, low_samples, strict=True)]
                if step != WALK:
                    worst = max(worst, ratio)
                mark = "" if ratio <= TARGET or step == WALK else " **over**"
                cells.append(f"**{ratio:.2f}x** ({min(paired):.2f}–{max(paired):.2f}){mark}")
            rows.append(cells)
    counts = ", ".join(f"{size:,}" for size in sizes)
    return Table(
        f"Dataset linearity: CPU time per step at {counts} records (target <= {TARGET}x per "
        "step of 4x)",
        headers,
        rows,
        note=f"Highest ratio: {worst:.2f}x ({'met' if worst <= TARGET else 'not met'}; the "
        "reference row is not held to the target). Medians in ms (min–max); ratios: median over "
        "median (per-round paired min–max).",
        data={"worst": worst, "sizes": sizes},
    )


def _name(size: int) -> str:
    return f"{size // 1000:,}k" if size % 1000 == 0 else f"{size:,}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50_000, 200_000, 800_000])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--json", metavar="PATH", help="also save the results as JSON")
    options = parser.parse_args()
    sizes = sorted(options.sizes)
    per_size = {}
    for size in sizes:
        print(f"building a dataset of {size:,} records", file=sys.stderr)
        data = dataset(size)
        records = list(data.records())
        data = construct(records)
        per_size[_name(size)] = steps(records, data)
    report = Report(f"Dataset linearity ({', '.join(f'{s:,}' for s in sizes)} records)")
    comparisons = {}
    for step in per_size[_name(sizes[0])]:
        contenders = [Contender(name, runs[step]) for name, runs in per_size.items()]
        comparisons[step] = compare(
            f"Dataset {step}", contenders, baseline=_name(sizes[0]), rounds=options.rounds
        )
        report.sections.append(comparisons[step])
    loads = [(c.load_before, c.load_after) for c in comparisons.values()]
    table = linearity(comparisons, sizes)
    table.note += (
        f" Load average (1 min) from {min(b[0] for b, _ in loads):.2f} to "
        f"{max(a[0] for _, a in loads):.2f} over the run."
    )
    report.add(table)
    if options.json:
        report.write_json(options.json)


if __name__ == "__main__":
    main()
