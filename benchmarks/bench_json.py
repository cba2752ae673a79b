"""JSON speed and memory, as ratios against pydantic v2 and raw orjson, measured in one run.

Run on demand (not part of the test suite)::

    pip install -e '.[test,bench]'
    python benchmarks/bench_json.py            # 20,000 activities, best of 5
    python benchmarks/bench_json.py --count 2000 --repeat 3

Every contender reads and writes the same 20,000 generated activities. The pydantic model is the
closest equivalent pydantic-core can check natively: the same fields, strict types, the same
lengths, ranges, patterns and vocabularies (the EDTF text is checked by the same pattern the
JSON Schema uses, not parsed).
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Literal

import orjson
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

sys.path.insert(0, str(Path(__file__).parent))

from _data import activities

from community_model import (
    Activity,
    ActivityCategory,
    ActivityStatus,
    CountQualifier,
    RecordKind,
    dumps,
    loads,
    read_jsonl,
    write_jsonl,
)
from community_model._runtime import gc_paused
from community_model._values import When

STRICT = ConfigDict(strict=True, extra="forbid", frozen=True)
Id = Annotated[str, Field(min_length=1, max_length=128, pattern=r"^\S+$")]
Name = Annotated[str, Field(min_length=1, max_length=100)]
Title = Annotated[str, Field(min_length=1, max_length=200)]
Short = Annotated[str, Field(min_length=1, max_length=500)]
Long = Annotated[str, Field(min_length=1, max_length=10_000)]
EDTF = Annotated[str, Field(pattern=When._schema["pattern"])]
Qualifier = Literal[tuple(CountQualifier.codes())]  # type: ignore[valid-type]
Kind = Literal[tuple(RecordKind.codes())]  # type: ignore[valid-type]
Category = Literal[tuple(ActivityCategory.codes())]  # type: ignore[valid-type]
Status = Literal[tuple(ActivityStatus.codes())]  # type: ignore[valid-type]


class PCount(BaseModel):
    model_config = STRICT
    value: Annotated[int, Field(ge=0)]
    qualifier: Qualifier = "exact"


class PRef(BaseModel):
    model_config = STRICT
    kind: Kind
    id: Id


class PSource(BaseModel):
    model_config = STRICT
    title: Title
    publisher: Name | None = None
    published: EDTF | None = None
    byline: Name | None = None
    url: Annotated[str, Field(max_length=2000, pattern=r"^https?://\S+$")] | None = None
    note: Long | None = None


class PActivity(BaseModel):
    model_config = STRICT
    id: Id
    title: Title
    category: Category
    organisers: Annotated[list[PRef], Field(min_length=1, max_length=100)]
    when: EDTF
    status: Status = "held"
    community_ids: Annotated[list[Id], Field(max_length=1000)] = []
    partners: Annotated[list[PRef], Field(max_length=1000)] = []
    project_id: Id | None = None
    partnership_id: Id | None = None
    venue: Short | None = None
    audience: Short | None = None
    services: Annotated[list[Name], Field(max_length=200)] = []
    participants: PCount | None = None
    volunteers: PCount | None = None
    staff: PCount | None = None
    series: Title | None = None
    number: Annotated[int, Field(ge=1, le=100_000)] | None = None
    description: Long | None = None
    sources: list[PSource] = []


PYDANTIC = TypeAdapter(list[PActivity])


def best_of(repeat: int, run: Callable[[], Any]) -> float:
    """The fastest of ``repeat`` runs, in seconds (the least disturbed by the machine)."""
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def memory_of(make: Callable[[], Any]) -> int:
    """Bytes still allocated by what ``make`` returns, while it is alive (tracemalloc)."""
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    kept = make()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del kept
    return after - before


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()
    records = activities(options.count)
    array = dumps(records).encode()
    lines_buffer = io.BytesIO()
    write_jsonl(records, lines_buffer)
    lines = lines_buffer.getvalue()
    models = PYDANTIC.validate_json(array)
    assert loads(array, list[Activity]) == records
    written = orjson.loads(PYDANTIC.dump_json(models, exclude_none=True))
    assert [{k: v for k, v in m.items() if v != []} for m in written] == orjson.loads(array)

    def paused_pydantic() -> Any:
        with gc_paused():
            return PYDANTIC.validate_json(array)

    def read_lines() -> list[Any]:
        return list(read_jsonl(io.BytesIO(lines)))

    timings = {
        "orjson.loads (raw, no objects)": best_of(options.repeat, lambda: orjson.loads(array)),
        "pydantic validate_json": best_of(options.repeat, lambda: PYDANTIC.validate_json(array)),
        "pydantic validate_json, gc paused": best_of(options.repeat, paused_pydantic),
        "community_model loads": best_of(options.repeat, lambda: loads(array, list[Activity])),
        "community_model loads, trusted": best_of(
            options.repeat, lambda: loads(array, list[Activity], limits=None)
        ),
        "community_model read_jsonl": best_of(options.repeat, read_lines),
        "pydantic dump_json": best_of(
            options.repeat, lambda: PYDANTIC.dump_json(models, exclude_none=True)
        ),
        "community_model dumps": best_of(options.repeat, lambda: dumps(records)),
    }
    foreign = json.dumps(orjson.loads(array), ensure_ascii=True, indent=4).encode()
    duplicates = {
        "canonical text, duplicates checked": timings["community_model loads"],
        "canonical text, duplicates allowed": best_of(
            options.repeat, lambda: loads(array, list[Activity], allow_duplicate_keys=True)
        ),
        "other tools' text, duplicates checked": best_of(
            options.repeat, lambda: loads(foreign, list[Activity])
        ),
        "other tools' text, duplicates allowed": best_of(
            options.repeat, lambda: loads(foreign, list[Activity], allow_duplicate_keys=True)
        ),
    }
    memory = {
        "pydantic": memory_of(lambda: PYDANTIC.validate_json(array)),
        "community_model": memory_of(lambda: loads(array, list[Activity])),
    }
    size = len(array)
    print(f"{options.count} activities, {size / 1e6:.1f} MB of JSON, best of {options.repeat}")
    for name, seconds in timings.items():
        print(f"  {name:<34} {seconds * 1000:8.1f} ms")
    load_ratio = timings["community_model loads"] / timings["pydantic validate_json"]
    lines_ratio = timings["community_model read_jsonl"] / timings["pydantic validate_json"]
    trusted_ratio = timings["community_model loads, trusted"] / timings["pydantic validate_json"]
    dump_ratio = timings["community_model dumps"] / timings["pydantic dump_json"]
    memory_ratio = memory["community_model"] / memory["pydantic"]
    print("ratios against pydantic v2 (lower is better):")
    print(f"  loads (complete errors)          {load_ratio:5.2f}x   target <= 1.5")
    print(f"  loads, trusted (limits=None)     {trusted_ratio:5.2f}x   target <= 1.0")
    print(f"  read_jsonl                       {lines_ratio:5.2f}x")
    print(f"  dumps                            {dump_ratio:5.2f}x   target <= 1.0")
    print(
        f"  memory per activity              {memory_ratio:5.2f}x   target <= 0.6"
        f"   ({memory['community_model'] / options.count:.0f} B vs "
        f"{memory['pydantic'] / options.count:.0f} B)"
    )
    paused = timings["pydantic validate_json, gc paused"]
    print("against pydantic with the gc paused too (which pydantic does not do by itself):")
    print(f"  loads                            {timings['community_model loads'] / paused:5.2f}x")
    trusted = timings["community_model loads, trusted"] / paused
    print(f"  loads, trusted                   {trusted:5.2f}x")
    print("what refusing duplicate keys costs (loads):")
    for name, seconds in duplicates.items():
        print(f"  {name:<40} {seconds * 1000:8.1f} ms")
    raw = timings["orjson.loads (raw, no objects)"]
    print(f"  orjson.loads alone is {raw / timings['pydantic validate_json']:.2f}x pydantic")


if __name__ == "__main__":
    main()
