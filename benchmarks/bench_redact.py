"""Redaction is linear: 4x the names, or 4x the text, costs at most 4.4x the time.

Run on demand (not part of the test suite)::

    python benchmarks/bench_redact.py                         # 5,000 names over 0.67 MB
    python benchmarks/bench_redact.py --rounds 3              # a quick look
    python benchmarks/bench_redact.py --json benchmarks/results/redact.json

The worst case of the first release: every name shares its first character (周), and the text
is full of that character in ordinary words (周末, 周围, 每周), so a regular-expression
alternation of the names tried thousands of alternatives at almost every character (13 s for
5,000 names over 0.67 MB). The baseline is a dataset of 5,000 people and 0.67 MB of UTF-8 text
in activities' titles and descriptions, quoting the people's names; the two other contenders
grow one input 4x each (20,000 people, or 2.7 MB of text). ``redact(dataset)`` of the three is
timed interleaved, GC on and GC paused, median of the rounds (``harness.compare``); the ratio
of each to the baseline, measured in the same rounds, must be at most 4.4x.
"""

from __future__ import annotations

import argparse
import random
import statistics
from collections.abc import Iterator

from harness import Comparison, Contender, Report, Table, compare

from community_model import (
    Activity,
    ActivityCategory,
    Dataset,
    Person,
    RecordKind,
    Ref,
    When,
    redact,
)

TARGET = 4.4
#: The baseline: people, and bytes of UTF-8 text quoting them.
NAMES = 5_000
TEXT_BYTES = 670_000
#: The second characters of the names: few, as given names repeat them.
SECOND = "福丽向海成"
#: Words of the text: the first character every name shares, alone or with a second character
#: of names (the hostile case: an alternation tries every name there, and many match twice
#: before they fail), and ordinary words.
WORDS = ("周", "周福", "周丽", "周海", "周末", "周围", "每周", "社区", "居民", "活动", "。")
#: Characters of an activity's description (LongText allows 10,000).
DESCRIPTION = 1_000


def names(count: int, rng: random.Random) -> list[str]:
    """``count`` different names of three characters: 周, one of a few, then any."""
    found: dict[str, None] = {}
    while len(found) < count:
        found["周" + rng.choice(SECOND) + chr(rng.randrange(0x4E00, 0x9FA5))] = None
    return list(found)


def texts(people: list[str], size: int, rng: random.Random) -> Iterator[str]:
    """Descriptions of about ``size`` UTF-8 bytes in all: words sharing 周, and names."""
    written = 0
    while written < size:
        pieces: list[str] = []
        length = 0
        while length < DESCRIPTION - 10:
            piece = rng.choice(people) if rng.random() < 0.1 else rng.choice(WORDS)
            pieces.append(piece)
            length += len(piece)
        text = "".join(pieces)
        written += len(text.encode())
        yield text


def dataset(count: int, size: int, *, seed: int = 2023) -> Dataset:
    """``count`` people and activities whose descriptions hold ``size`` bytes of text."""
    rng = random.Random(seed)
    people = names(count, rng)
    organisers = (Ref(kind=RecordKind.COMMUNITY, id="community:c"),)
    when = When.parse("2023-08-18")
    records: list[Person | Activity] = [
        Person(id=f"person:{number}", name=name) for number, name in enumerate(people)
    ]
    records += [
        Activity(
            id=f"activity:{number}",
            title=f"{rng.choice(people)}主持的活动",
            category=ActivityCategory.LECTURE,
            organisers=organisers,
            when=when,
            description=text,
        )
        for number, text in enumerate(texts(people, size, rng))
    ]
    return Dataset.from_records(records)


def text_bytes(data: Dataset) -> int:
    return sum(len((a.title + (a.description or "")).encode()) for a in data.activities)


def ratios(comparison: Comparison, names_: dict[str, str]) -> Table:
    """Each contender's time over the baseline's, per GC setting."""
    rows = []
    worst = 0.0
    baseline = comparison.baseline
    for name in comparison.names:
        for gc_setting in comparison.gc_settings:
            samples = comparison.samples[name][gc_setting]["cpu"]
            base = comparison.samples[baseline][gc_setting]["cpu"]
            ratio = statistics.median(samples) / statistics.median(base)
            paired = [s / b for s, b in zip(samples, base, strict=True)]
            if name != baseline:
                worst = max(worst, ratio)
            mark = "" if ratio <= TARGET or name == baseline else " **over**"
            rows.append(
                [
                    names_[name],
                    gc_setting,
                    f"{statistics.median(samples) * 1000:,.0f} "
                    f"({min(samples) * 1000:,.0f}–{max(samples) * 1000:,.0f})",
                    f"**{ratio:.2f}x** ({min(paired):.2f}–{max(paired):.2f}){mark}",
                ]
            )
    load = f"{comparison.load_before[0]:.2f} to {comparison.load_after[0]:.2f}"
    return Table(
        f"Redaction linearity: CPU time of redact(dataset), 4x the names or 4x the text "
        f"(target <= {TARGET}x)",
        ["input", "GC", "ms (min–max)", "over the baseline"],
        rows,
        note=f"Highest ratio: {worst:.2f}x ({'met' if worst <= TARGET else 'not met'}). "
        f"Load average (1 min) from {load} over the run. Ratios: median over median "
        "(per-round paired min–max).",
        data={"worst": worst},
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--json", metavar="PATH", help="also save the results as JSON")
    options = parser.parse_args()
    inputs = {
        "baseline": (NAMES, TEXT_BYTES),
        "4x names": (4 * NAMES, TEXT_BYTES),
        "4x text": (NAMES, 4 * TEXT_BYTES),
    }
    datasets = {name: dataset(*sizes) for name, sizes in inputs.items()}
    described = {
        name: f"{name}: {len(data.people):,} names, {text_bytes(data) / 1e6:.2f} MB of text"
        for name, data in datasets.items()
    }
    for text in described.values():
        print(text)
    comparison = compare(
        "redact(dataset)",
        [Contender(name, lambda data=data: redact(data)) for name, data in datasets.items()],
        baseline="baseline",
        rounds=options.rounds,
    )
    report = Report("Redaction linearity (names sharing a first character)")
    report.sections.append(comparison)
    table = ratios(comparison, described)
    report.add(table)
    if options.json:
        report.write_json(options.json)


if __name__ == "__main__":
    main()
