"""Write the golden files of the wire format: tests/golden/v<N>/ for the current schema_version.

    python tools/write_golden.py           # write the files that are missing
    python tools/write_golden.py --force   # rewrite them (never for a release: see below)

Golden files are written once, by the version that introduces their schema_version, and never
rewritten: every later version must read them to equal objects and write them back byte for
byte (tests/test_golden.py), or the change is a new schema_version with an upgrade function
(docs/compatibility.md). So this tool refuses to overwrite a file unless told to, and each
schema_version has a folder of its own: ``v1/`` and the others stay as they are.

Each dataset is written as a document (``save_dataset`` to ``.json``: indented, as files are
saved) and as JSON Lines (``save_dataset`` to ``.jsonl``):

- ``suzhou_2023``: the bundled example, the Suzhou 2023 news page as records;
- ``generated``: a dataset drawn by ``community_model.strategies.datasets()`` with a fixed seed,
  the richest of the first draws (every kind of record, rare characters, edge values).
"""

from __future__ import annotations

import argparse
import sys
from importlib import metadata
from pathlib import Path

# hypothesis first: importing community_model.strategies before hypothesis makes hypothesis run
# its entry point while that module is only half imported.
from hypothesis import HealthCheck, Phase, given, seed, settings

from community_model import SCHEMA_VERSION, Dataset, save_dataset, suzhou_2023
from community_model.strategies import datasets

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / f"v{SCHEMA_VERSION}"
README = "\n".join(
    [
        f"# Golden files of the wire format (schema_version {SCHEMA_VERSION})",
        "",
        f"Written once by `tools/write_golden.py` with community_model "
        f"{metadata.version('community-model')}, and **never rewritten**:",
        "",
        "| file | what |",
        "| --- | --- |",
        "| `suzhou_2023.json`, `suzhou_2023.jsonl` | the bundled example, "
        "`community_model.suzhou_2023()`: the Suzhou 2023 news page as records |",
        "| `generated.json`, `generated.jsonl` | a dataset drawn by "
        "`community_model.strategies.datasets()` with a fixed seed: every kind of record, rare "
        "characters, edge values |",
        "",
        "`tests/test_golden.py` checks that every later version loads each file to equal objects "
        "and writes it back",
        '(see `docs/compatibility.md`, "Golden files").',
        "",
    ]
)
SEED = 20230819  # the 6th Chinese Doctors' Day, the day of the page's free clinic
DRAWS = 60


def generated() -> Dataset:
    """The richest dataset of the first draws of ``datasets()`` with the fixed seed."""
    drawn: list[Dataset] = []

    @seed(SEED)
    @settings(
        max_examples=DRAWS,
        database=None,
        phases=[Phase.generate],
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(
        datasets(
            min_streets=1,
            min_communities=2,
            min_party_branches=2,
            min_organisations=2,
            min_people=2,
            min_partnerships=1,
            min_service_projects=2,
            min_activities=2,
        )
    )
    def draw(dataset: Dataset) -> None:
        drawn.append(dataset)

    draw()

    def richness(dataset: Dataset) -> tuple[int, int]:
        kinds = sum(1 for _ in {type(record) for record in dataset.records()})
        return kinds, len(dataset)

    return max(drawn, key=richness)


def write(name: str, dataset: Dataset, *, force: bool) -> list[Path]:
    written = []
    for suffix in (".json", ".jsonl"):
        path = GOLDEN / f"{name}{suffix}"
        if path.exists() and not force:
            print(f"kept {path.relative_to(ROOT)}: golden files are never rewritten")
            continue
        save_dataset(dataset, path)
        written.append(path)
        print(f"wrote {path.relative_to(ROOT)}: {len(dataset)} records")
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--force", action="store_true", help="overwrite existing golden files (never for a release)"
    )
    arguments = parser.parse_args(argv)
    GOLDEN.mkdir(parents=True, exist_ok=True)
    readme = GOLDEN / "README.md"
    if arguments.force or not readme.exists():
        readme.write_text(README, encoding="utf-8")
    write("suzhou_2023", suzhou_2023(), force=arguments.force)
    write("generated", generated(), force=arguments.force)
    return 0


if __name__ == "__main__":
    sys.exit(main())
