"""How fast community_model.strategies draws, against hypothesis' own ``st.builds``.

Run on demand (pytest does not collect it): ``python benchmarks/bench_strategies.py``.

It times 100 examples of ``activities()`` against 100 examples of ``st.builds`` of a plain
attrs class with the same fields and no validation (nested values as plain attrs classes
too), and reports the ratio (target: at most 3x); then the time per ``datasets()`` example at
the default size and with 1, 10, 100 and 500 activities (``datasets(min_activities=n,
max_activities=n)``), and the records per second of ``bulk_dataset``. Draws are derandomized,
so every run draws the same examples; each figure is the best of several runs, after a
warm-up. hypothesis' default ``too_slow`` health check allows one second for the first ten
examples of a test: the per-example times show the margin.
"""

import argparse
import datetime as dt
import time
from collections.abc import Callable
from typing import Any

import attrs
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from community_model import strategies
from community_model._vocab import (
    ActivityCategory,
    ActivityStatus,
    CountQualifier,
    RecordKind,
)

# -- plain twins of the model's classes: same fields, plain types, no validation ------------------
# (Annotations are evaluated, not strings, so that st.builds can resolve every field.)


@attrs.frozen
class PlainRef:
    kind: RecordKind
    id: str


@attrs.frozen
class PlainPartialDate:
    year: int
    month: int | None
    day: int | None
    approximate: bool
    uncertain: bool


@attrs.frozen
class PlainWhen:
    start: PlainPartialDate | dt.datetime | None
    end: PlainPartialDate | dt.datetime | None
    interval: bool


@attrs.frozen
class PlainSource:
    title: str
    publisher: str | None
    published: PlainWhen | None
    byline: str | None
    url: str | None
    note: str | None


@attrs.frozen
class PlainCount:
    value: int
    qualifier: CountQualifier


@attrs.frozen
class PlainActivity:
    """``community_model.Activity``'s fields, every one required so ``st.builds`` draws it."""

    id: str
    sources: tuple[PlainSource, ...]
    title: str
    category: ActivityCategory
    organisers: tuple[PlainRef, ...]
    when: PlainWhen
    status: ActivityStatus
    community_ids: tuple[str, ...]
    partners: tuple[PlainRef, ...]
    project_id: str | None
    partnership_id: str | None
    venue: str | None
    audience: str | None
    services: tuple[str, ...]
    participants: PlainCount | None
    volunteers: PlainCount | None
    staff: PlainCount | None
    series: str | None
    number: int | None
    description: str | None


# -- timing -------------------------------------------------------------------------------------


def seconds_per_example(strategy: st.SearchStrategy[Any], examples: int) -> float:
    """Draw ``examples`` values as a test would (generate phase only, no test runner)."""
    drawn = 0

    @settings(
        max_examples=examples,
        database=None,
        derandomize=True,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def draw(_: object) -> None:
        nonlocal drawn
        drawn += 1

    start = time.perf_counter()
    draw()
    return (time.perf_counter() - start) / drawn


def seconds_for_bulk(activities: int) -> float:
    """Build a seeded dataset of ``activities`` activities (and the records they need)."""
    start = time.perf_counter()
    strategies.bulk_dataset(seed=2023, activities=activities)
    return time.perf_counter() - start


def best(measure: Callable[[], float], repeats: int) -> float:
    """The fastest of ``repeats`` runs (after one warm-up), the least disturbed by the machine."""
    measure()
    return min(measure() for _ in range(repeats))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=100, help="examples per run")
    parser.add_argument("--repeats", type=int, default=5, help="runs per figure (the best)")
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="*",
        default=[1, 10, 100, 500],
        help="numbers of activities of datasets() to time",
    )
    parser.add_argument("--bulk", type=int, default=2000, help="activities of bulk_dataset")
    options = parser.parse_args()
    n, repeats = options.examples, options.repeats

    ours = best(lambda: seconds_per_example(strategies.activities(), n), repeats)
    plain = best(lambda: seconds_per_example(st.builds(PlainActivity), n), repeats)
    dataset = best(lambda: seconds_per_example(strategies.datasets(), n), repeats)
    print(f"{n} examples each, best of {repeats} runs, derandomized")
    print(f"activities()                  {ours * 1e3:7.2f} ms per example")
    print(f"st.builds(PlainActivity)      {plain * 1e3:7.2f} ms per example")
    print(f"ratio                         {ours / plain:7.2f}x (target: at most 3x)")
    print(f"datasets() (default size)     {dataset * 1e3:7.2f} ms per example")
    for size in options.sizes:
        sized = strategies.datasets(min_activities=size, max_activities=size)
        examples = max(1, n * 10 // max(size, 10))  # fewer examples of bigger datasets
        cost = best(lambda sized=sized, k=examples: seconds_per_example(sized, k), repeats)
        print(f"datasets(), {size:>4} activities   {cost * 1e3:7.2f} ms per example")
    records = options.bulk
    bulk = best(lambda: seconds_for_bulk(records), repeats)
    print(f"bulk_dataset(activities={records})  {records / bulk:7.0f} activities per second")


if __name__ == "__main__":
    main()
