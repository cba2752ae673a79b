"""The out-of-core checks (DuckDB over Parquet) find what ``Dataset.check()`` finds.

For any generated dataset with faults planted in it (duplicate ids, references that do not
resolve, community codes outside their street's, cycles of parents, activities outside their
project's life, lists whose items or adoptions disagree with them), ``check_export`` over its
Parquet export gives the same problems, with the same paths, messages and order; over its JSON
Lines, the same problems at their lines.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import attrs
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from faults import EVERY_CODE, faulty_datasets, planted
from hypothesis import given, settings
from hypothesis import strategies as st
from support import examples

import community_model as cm
from community_model import Dataset, check_export, write_jsonl, write_parquet

# Generated records may break conventions on purpose (allow_warnings): the checks report them.
pytestmark = pytest.mark.filterwarnings("ignore::community_model.DomainWarning")


def _check(source: Path | list[str]) -> list[cm.FileProblem]:
    return list(check_export(source, memory_limit="512MB", threads=1))


# DuckDB answers a handful of queries per table for each dataset, however small (about 0.2 s
# an example): a quarter of the profile's examples (25 under ci, 500 under deep), each with up
# to four faults planted; the example page with one fault of every kind is checked below.
QUARTER = settings(max_examples=examples(0.25))


@QUARTER
@given(faulty_datasets())
def test_the_checks_of_a_parquet_export_are_those_of_the_dataset(dataset: Dataset) -> None:
    """Same problems, paths, messages and order; each names its table's file."""
    with tempfile.TemporaryDirectory() as directory:
        write_parquet(dataset, directory)
        found = _check(Path(directory))
    assert [problem.problem for problem in found] == dataset.check()
    for problem in found:
        table = problem.path.split("[", 1)[0].removeprefix("$.")
        assert problem.file == os.path.join(directory, f"{table}.parquet")


@QUARTER
@given(faulty_datasets(), st.integers(1, 40))
def test_the_summary_of_a_parquet_export_is_that_of_the_dataset(
    dataset: Dataset, records_per_batch: int
) -> None:
    """Out of core, a batch of records at a time, the figures of ``Dataset.summary()``."""
    with tempfile.TemporaryDirectory() as directory:
        write_parquet(dataset, directory)
        found = cm.summarise_export(
            directory, memory_limit="512MB", threads=1, records_per_batch=records_per_batch
        )
        # The records as the export holds them: a summary counts a record listed twice as one
        # when it is the same object in memory, as two once read back (two objects).
        loaded = cm.from_arrow(
            {path.stem: pq.read_table(path) for path in Path(directory).glob("*.parquet")}
        )
    assert found == loaded.summary()


@QUARTER
@given(faulty_datasets(), st.integers(1, 40))
def test_the_views_of_a_parquet_export_are_those_of_the_dataset(
    dataset: Dataset, records_per_batch: int
) -> None:
    """Out of core, a batch of records at a time, the rows of ``analysis_views()``."""
    expected = cm.analysis_views(dataset)
    with tempfile.TemporaryDirectory() as directory:
        write_parquet(dataset, directory)
        target = Path(directory) / "views"
        rows = cm.write_analysis_views(
            directory, target, memory_limit="512MB", threads=1, records_per_batch=records_per_batch
        )
        found = {name: pq.read_table(target / f"{name}.parquet") for name in expected}
        assert sorted(path.name for path in target.iterdir()) == sorted(
            f"{name}.parquet" for name in expected
        )
    assert rows == {name: table.num_rows for name, table in expected.items()}
    for name, table in expected.items():
        assert found[name].equals(table), name


def test_a_summary_needs_every_record_to_load(tmp_path: Path) -> None:
    """A row that does not load is named at its row; nothing is summarised from half."""
    example = cm.suzhou_2023()
    write_parquet(example, tmp_path)
    table = pq.read_table(tmp_path / "communities.parquet")
    names = table.column("name").to_pylist()
    names[2] = ""
    changed = table.set_column(
        table.schema.get_field_index("name"), table.schema.field("name"), pa.array(names)
    )
    pq.write_table(changed, tmp_path / "communities.parquet")
    with pytest.raises(cm.ValidationError) as error:
        cm.summarise_export(tmp_path, memory_limit="512MB", records_per_batch=3)
    assert {problem.path for problem in error.value.errors} == {"$.communities[2].name"}


def test_summaries_need_a_parquet_export(tmp_path: Path) -> None:
    """JSON Lines are converted first (convert_shards): said by name."""
    write_jsonl(cm.suzhou_2023().records(), tmp_path / "a.jsonl")
    with pytest.raises(FileNotFoundError, match="not a directory of Parquet files"):
        cm.summarise_export(tmp_path / "a.jsonl")


def test_every_kind_of_fault_is_found(tmp_path: Path) -> None:
    """One export with each fault planted once: every code of the checks, at its place."""
    dataset = planted()
    write_parquet(dataset, tmp_path)
    found = _check(tmp_path)
    assert [problem.problem for problem in found] == dataset.check()
    assert {problem.code for problem in found} >= EVERY_CODE


def test_json_lines_shards_are_checked_at_their_files_and_lines(tmp_path: Path) -> None:
    """JSON Lines converted on the fly: the dataset's problems, each at its file and line."""
    dataset = planted()
    records = list(dataset.records())
    half = len(records) // 2
    files = [str(tmp_path / "a.jsonl"), str(tmp_path / "b.jsonl")]
    write_jsonl(records[:half], files[0])
    write_jsonl(records[half:], files[1])
    found = _check(files)
    where: dict[tuple[str, int], tuple[str, int]] = {}
    seen: dict[str, int] = {}
    for number, record in enumerate(records):
        name = cm.Dataset.from_records([record])._by_kind()
        table = next(n for n, items in name if items)
        position = seen.get(table, 0)
        seen[table] = position + 1
        file = files[0] if number < half else files[1]
        where[table, position] = (file, number + 1 if number < half else number - half + 1)
    expected = []
    for problem in dataset.check():
        table, rest = problem.path.removeprefix("$.").split("[", 1)
        position, rest = rest.split("]", 1)
        file, line = where[table, int(position)]
        expected.append((file, attrs.evolve(problem, path="$" + rest, line=line)))
    assert [(problem.file, problem.problem) for problem in found] == expected
    assert {problem.code for problem in found} >= EVERY_CODE


def test_a_partitioned_export_is_refused_by_name(tmp_path: Path) -> None:
    """The checks need rows in the order written: one file per kind."""
    write_parquet(cm.suzhou_2023(), tmp_path, partition_by=["category"])
    with pytest.raises(ValueError, match="partitioned"):
        _check(tmp_path)


def test_import_community_model_imports_neither_duckdb_nor_dask() -> None:
    """The extras load on first use only."""
    code = (
        "import sys, community_model; "
        "print(sorted(m for m in ('duckdb', 'dask', 'distributed', 'pyarrow') if m in sys.modules))"
    )
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert found.strip() == "[]"


def test_without_the_extra_the_error_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """A missing duckdb (or dask) raises MissingExtraError naming the extra to install."""
    monkeypatch.setitem(sys.modules, "duckdb", None)
    with pytest.raises(cm.MissingExtraError, match=r"community-model\[duckdb\]") as error:
        check_export("anywhere")
    assert error.value.extra == "duckdb"
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(cm.MissingExtraError, match=r"community-model\[dask\]"):
        cm.convert_shards(["anywhere.jsonl"], "out", workers=2)
