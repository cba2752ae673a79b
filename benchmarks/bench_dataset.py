"""Dataset indexes, checks, queries and summaries grow linearly: 4x the records, <= 4.4x the time.

Run on demand (not part of the test suite)::

    python benchmarks/bench_dataset.py                  # 50,000 and 200,000 records, best of 3
    python benchmarks/bench_dataset.py --small 5000 --large 20000

Both datasets come from ``_data.dataset`` (consistent: every reference resolves). Each step is
timed on a fresh copy of the dataset, so the indexes are built inside the first step.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from _data import dataset

from community_model import Dataset, ProjectStatus, When


def fresh(data: Dataset) -> Dataset:
    """The same records in a new Dataset, whose indexes are not built yet."""
    return Dataset(
        streets=data.streets,
        communities=data.communities,
        party_branches=data.party_branches,
        organisations=data.organisations,
        people=data.people,
        partnerships=data.partnerships,
        service_projects=data.service_projects,
        activities=data.activities,
    )


def queries(data: Dataset) -> None:
    """Every query once per street or community it takes, and the window queries."""
    for street in data.streets:
        data.communities_of(street.id)
    for community in data.communities:
        data.activities_of(community.id)
        data.organisations_of(community.id)
    data.activities_between(When.month(2023, 7), When.month(2023, 8))
    data.activities_between(When.month(2023, 7), When.month(2023, 8), within="possibly")
    data.projects(year=2023, status=ProjectStatus.IN_USE)


STEPS: dict[str, Callable[[Dataset], Any]] = {
    "build indexes": lambda data: data._indexes,
    "check()": lambda data: data.check(),
    "queries": queries,
    "summary()": lambda data: data.summary(),
}


def measure(data: Dataset, repeat: int) -> dict[str, float]:
    """Best-of-``repeat`` seconds of each step; later steps reuse the first step's indexes."""
    best = dict.fromkeys(STEPS, float("inf"))
    for _ in range(repeat):
        copy = fresh(data)
        for name, step in STEPS.items():
            gc.collect()
            start = time.perf_counter()
            step(copy)
            best[name] = min(best[name], time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--small", type=int, default=50_000)
    parser.add_argument("--large", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    small, large = dataset(options.small), dataset(options.large)
    times = {len(small): measure(small, options.repeat), len(large): measure(large, options.repeat)}
    (n_small, t_small), (n_large, t_large) = times.items()
    print(f"{n_small} and {n_large} records ({n_large / n_small:.2f}x), best of {options.repeat}")
    for name in STEPS:
        ratio = t_large[name] / t_small[name]
        print(
            f"  {name:<15} {t_small[name] * 1000:9.1f} ms {t_large[name] * 1000:9.1f} ms"
            f"   {ratio:5.2f}x"
        )
    total_small, total_large = sum(t_small.values()), sum(t_large.values())
    print(
        f"  {'all':<15} {total_small * 1000:9.1f} ms {total_large * 1000:9.1f} ms"
        f"   {total_large / total_small:5.2f}x   target <= 4.4x"
    )


if __name__ == "__main__":
    main()
