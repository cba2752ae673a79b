"""Parquet files: one per record kind, version in the metadata, streamed both ways."""

from __future__ import annotations

import tempfile
from pathlib import Path

import hypothesis
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given
from support import examples

from community_model import (
    SCHEMA_VERSION,
    Dataset,
    ValidationError,
    arrow_schema,
    dumps,
    read_parquet,
    suzhou_2023,
    to_arrow,
    write_parquet,
)
from community_model._dataset.collection import COLLECTIONS
from community_model.strategies import datasets

EXAMPLE = suzhou_2023()
FILES = sorted(f"{name}.parquet" for name in COLLECTIONS.values())  # one per record kind


def read(source: Path, **options: bool) -> Dataset:
    return Dataset.from_records(read_parquet(source, **options))


def test_one_file_per_record_kind(tmp_path: Path) -> None:
    """Every kind gets its file, empty or not, with the schema of its class."""
    assert write_parquet(EXAMPLE, tmp_path) == len(EXAMPLE)
    assert sorted(p.name for p in tmp_path.iterdir()) == FILES
    schema = pq.read_schema(tmp_path / "activities.parquet")
    assert schema.equals(arrow_schema(type(EXAMPLE.activities[0])), check_metadata=True)
    assert read(tmp_path) == EXAMPLE
    write_parquet(Dataset(), tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == FILES
    assert read(tmp_path) == Dataset()


def test_the_file_metadata_names_the_versions(tmp_path: Path) -> None:
    from importlib import metadata  # noqa: PLC0415

    write_parquet(EXAMPLE, tmp_path)
    info = pq.read_schema(tmp_path / "people.parquet").metadata
    assert info[b"community_model.version"] == metadata.version("community-model").encode()
    assert info[b"community_model.schema_version"] == str(SCHEMA_VERSION).encode()
    assert info[b"community_model.table"] == b"people"


def test_records_stream_in_batches(tmp_path: Path) -> None:
    """An iterator of mixed records is written in batches: one row group per batch."""
    written = write_parquet(iter(EXAMPLE.records()), tmp_path, batch_rows=4)
    assert written == len(EXAMPLE)
    assert pq.ParquetFile(tmp_path / "communities.parquet").num_row_groups == 4  # 13 rows
    assert read(tmp_path) == EXAMPLE


def test_a_single_file_reads_as_its_table(tmp_path: Path) -> None:
    write_parquet(EXAMPLE, tmp_path)
    alone = tmp_path / "some-name.parquet"
    (tmp_path / "streets.parquet").rename(alone)
    assert tuple(read_parquet(alone)) == EXAMPLE.streets


def test_a_partitioned_dataset(tmp_path: Path) -> None:
    """Tables with the columns are hive-partitioned; rows come back grouped by partition."""
    write_parquet(EXAMPLE, tmp_path, partition_by=["category"])
    names = sorted(p.name for p in tmp_path.iterdir())
    assert "activities" in names
    assert "service_projects" in names
    assert "streets.parquet" in names
    assert (tmp_path / "activities" / "category=free_clinic").is_dir()
    back = read(tmp_path)
    for name in ("activities", "service_projects"):
        assert sorted(getattr(back, name), key=lambda r: r.id) == sorted(
            getattr(EXAMPLE, name), key=lambda r: r.id
        )
    assert back.streets == EXAMPLE.streets
    # Writing again without partitions replaces the partitioned copies.
    write_parquet(EXAMPLE, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == FILES
    assert read(tmp_path) == EXAMPLE


def test_a_newer_schema_version_is_refused_before_reading(tmp_path: Path) -> None:
    newer = str(SCHEMA_VERSION + 1)
    write_parquet(EXAMPLE, tmp_path)
    path = tmp_path / "streets.parquet"
    table = pq.read_table(path)
    pq.write_table(
        table.replace_schema_metadata(
            {**table.schema.metadata, b"community_model.schema_version": newer.encode()}
        ),
        path,
    )
    with pytest.raises(ValidationError) as caught:
        read_parquet(tmp_path)  # refused at the call, before a record is read
    (found,) = caught.value.errors
    assert found.code == "newer_schema"
    assert found.path == "$.streets"
    assert found.message == (
        f"{path} was written with schema version {newer}, newer than this library reads "
        f"({SCHEMA_VERSION}); upgrade community_model to read it"
    )


def test_bad_rows_are_reported_at_the_end_with_their_paths(tmp_path: Path) -> None:
    """Good records stream; the problems of bad rows come together, by table, row, column."""
    tables = to_arrow(EXAMPLE)
    communities = tables["communities"]
    names = communities.column("name").to_pylist()
    names[1] = ""
    names[12] = "x" * 101
    index = communities.schema.get_field_index("name")
    broken = communities.set_column(index, "name", pa.array(names))
    write_parquet(EXAMPLE, tmp_path)
    pq.write_table(broken, tmp_path / "communities.parquet", row_group_size=5)
    seen = []
    with pytest.raises(ValidationError) as caught:
        seen.extend(read_parquet(tmp_path))
    assert len(seen) == len(EXAMPLE) - 2
    assert [(p.path, p.code) for p in caught.value.errors] == [
        ("$.communities[1].name", "empty"),
        ("$.communities[12].name", "too_long"),
    ]


def test_what_is_not_there(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_parquet(tmp_path / "missing")
    with pytest.raises(FileNotFoundError, match="holds no Parquet file of a record kind"):
        read_parquet(tmp_path)
    write_parquet(EXAMPLE, tmp_path)
    (tmp_path / "streets").mkdir()
    with pytest.raises(ValueError, match=r"both streets\.parquet and streets/"):
        read_parquet(tmp_path)


def test_a_failed_write_leaves_nothing_behind(tmp_path: Path) -> None:
    def records() -> object:
        yield from EXAMPLE.records()
        yield "not a record"

    with pytest.raises(TypeError, match=f"item {len(EXAMPLE)} is not a record: str"):
        write_parquet(records(), tmp_path)  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


@hypothesis.settings(max_examples=examples(0.4))  # whole datasets: 40 under ci
@given(datasets())
def test_generated_datasets_round_trip_through_parquet(dataset: Dataset) -> None:
    """Any valid dataset comes back equal from its files."""
    with tempfile.TemporaryDirectory() as directory:
        write_parquet(dataset, directory, batch_rows=2)
        back = read(Path(directory))
        assert back == dataset
        assert dumps(back) == dumps(dataset)
