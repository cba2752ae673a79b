"""Write the source page's records to JSON and JSON Lines, read them back, then read a broken file.

    python examples/json_roundtrip.py [DIRECTORY]

Files go to DIRECTORY (a temporary one if none is given).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from community_model import (
    Dataset,
    ValidationError,
    dumps,
    loads,
    read_jsonl,
    suzhou_2023,
    write_jsonl,
)


def main(directory: Path) -> None:
    records = tuple(suzhou_2023().records())
    dataset = Dataset.from_records(records)

    document = directory / "suzhou-2023.json"
    document.write_text(dumps(dataset, indent=True), encoding="utf-8")
    lines = directory / "suzhou-2023.jsonl"
    write_jsonl(records, lines)
    print(f"wrote {len(dataset)} records to {document.name} and {lines.name}")

    assert loads(document.read_bytes(), Dataset) == dataset
    assert tuple(read_jsonl(lines)) == records
    print("read both back: equal to what was written")

    broken = directory / "broken.jsonl"
    text = lines.read_text(encoding="utf-8").splitlines()
    breakages = [  # (a piece of a line, what it becomes)
        ('"kind":"subdistrict"', '"kind":"city"'),
        ('"street_id":"street:wumenqiao"', '"street_id":42'),
        ('"qualifier":"more_than"', '"qualifier":"many"'),
        ('"name":"漕湖人民医院"', '"name":"漕湖人民医院","name":"漕湖医院"'),
    ]
    for old, new in breakages:
        number = next(n for n, line in enumerate(text) if old in line)
        text[number] = text[number].replace(old, new, 1)
    text[30] = text[30][:40]  # a line cut short
    broken.write_text("\n".join(text) + "\n", encoding="utf-8")
    good = 0
    try:
        for _record in read_jsonl(broken):
            good += 1
    except ValidationError as error:
        print(f"{broken.name}: {good} good records; {len(error.errors)} problems:")
        for problem in error.errors:
            print(f"  {problem}")


if __name__ == "__main__":
    if len(sys.argv) > 1:
        main(Path(sys.argv[1]))
    else:
        with tempfile.TemporaryDirectory() as scratch:
            main(Path(scratch))
