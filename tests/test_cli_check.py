"""``community-model check`` (out of core) and ``convert-shards`` (Dask), as users run them."""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import pytest

import community_model as cm
from community_model._cli import main


@pytest.fixture
def export(tmp_path: Path) -> tuple[Path, Path]:
    """The example page with a reference that does not resolve: as JSON Lines and Parquet."""
    example = cm.suzhou_2023()
    activities = list(example.activities)
    activities[2] = attrs.evolve(activities[2], project_id="service_project:gone")
    dataset = attrs.evolve(example, activities=tuple(activities))
    cm.write_jsonl(dataset.records(), tmp_path / "page.jsonl")
    cm.write_parquet(dataset, tmp_path / "parquet")
    return tmp_path / "page.jsonl", tmp_path / "parquet"


def test_check_a_parquet_export(
    export: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """Each problem at its table's file and row, then the verdict; exit status 1."""
    _, parquet = export
    assert main(["check", str(parquet), "--memory-limit", "256MB", "--threads", "1"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        f"{parquet / 'activities.parquet'}: error: $.activities[2].project_id: no "
        "service_project (为民服务项目) has the id 'service_project:gone' [unresolved_reference]",
        f"{parquet}: invalid: 1 error, 0 warnings (checked out of core within 256MB)",
    ]


def test_check_json_lines_as_json(
    export: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """JSON Lines are converted on the fly; problems at their lines, as one JSON document."""
    jsonl, _ = export
    assert main(["check", str(jsonl), "--output", "json", "--threads", "1"]) == 1
    document = json.loads(capsys.readouterr().out)
    assert document["valid"] is False
    assert document["errors"] == 1
    (problem,) = document["problems"]
    assert problem["file"] == str(jsonl)
    lines = jsonl.read_text(encoding="utf-8").splitlines()
    assert problem["line"] == 1 + next(n for n, line in enumerate(lines) if ":gone" in line)
    assert problem["path"] == "$.project_id"


def test_check_a_good_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cm.write_parquet(cm.suzhou_2023(), tmp_path)
    assert main(["check", str(tmp_path), "--threads", "1"]) == 0
    assert capsys.readouterr().out.endswith(
        ": ok: 0 errors, 0 warnings (checked out of core within 1GB)\n"
    )


def test_convert_shards_in_this_process(
    export: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The Parquet files convert writes; OUT is refused unless --force."""
    jsonl, parquet = export
    out = tmp_path / "out"
    argv = ["convert-shards", str(jsonl), str(out), "--workers", "0", "--blocksize", "4KB"]
    assert main(argv) == 0
    summary = capsys.readouterr().out.splitlines()[-1]
    assert summary.startswith("58 lines in ")
    assert summary.endswith(f"-> {out} (Parquet): 58 records, 0 errors, 0 warnings")
    for file in parquet.iterdir():
        assert (out / file.name).read_bytes() == file.read_bytes()
    assert main(argv) == 2
    assert "exists; give --force" in capsys.readouterr().err
    assert main([*argv, "--force", "--output", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["records"] == 58


def test_convert_shards_reports_bad_lines_and_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bad line with its file and line, an unreadable file by name: exit status 1."""
    good = tmp_path / "good.jsonl"
    cm.write_jsonl(cm.suzhou_2023().records(), good)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"type": "street"}\n', encoding="utf-8")
    (tmp_path / "folder.jsonl").mkdir()
    argv = ["convert-shards", str(good), str(bad), str(tmp_path / "folder.jsonl")]
    assert main([*argv, str(tmp_path / "out"), "--workers", "0"]) == 1
    output = capsys.readouterr().out
    assert f"{bad}:1: error: $.id: 'id' is required in Street [missing]" in output
    assert f"{tmp_path / 'folder.jsonl'}: error: $: the file cannot be read" in output
    assert "58 records, 4 errors" in output


def test_check_refuses_a_partitioned_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cm.write_parquet(cm.suzhou_2023(), tmp_path, partition_by=["category"])
    assert main(["check", str(tmp_path)]) == 2
    assert "partitioned table" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["check", "missing-dir"], "missing-dir: no such file or directory"),
        (["check", ".", "--memory-limit", "lots"], "not a size"),
        (["convert-shards", "a.jsonl", "out", "--workers", "-1"], "must be at least 0"),
        (["check", ".", "--workers", "2", "--scheduler", "tcp://x:1"], "not allowed with"),
    ],
)
def test_usage_errors(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_summarise_a_parquet_export(
    export: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """The JSON of the summary: the streets and communities of ``Dataset.summary()``."""
    _, parquet = export
    status = main(["summarise-export", str(parquet), "--memory-limit", "256MB", "--threads", "1"])
    assert status == 0
    document = json.loads(capsys.readouterr().out)
    loaded = cm.Dataset.from_records(cm.read_parquet(parquet))
    assert document == json.loads(json.dumps(loaded.summary().as_dict(), ensure_ascii=False))


def test_write_the_views_of_a_parquet_export(
    export: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Three Parquet files, the rows of ``analysis_views``; OUT is kept unless --force."""
    import pyarrow.parquet as pq  # noqa: PLC0415

    _, parquet = export
    target = tmp_path / "views"
    assert main(["write-views", str(parquet), str(target), "--threads", "1"]) == 0
    expected = cm.analysis_views(cm.Dataset.from_records(cm.read_parquet(parquet)))
    assert capsys.readouterr().out.splitlines() == [
        f"{target / name}.parquet: {table.num_rows:,} rows" for name, table in expected.items()
    ]
    for name, table in expected.items():
        assert pq.read_table(target / f"{name}.parquet").equals(table)
    assert main(["write-views", str(parquet), str(target)]) == 2
    assert "exists; give --force" in capsys.readouterr().err


def test_summaries_of_what_is_not_a_parquet_export(
    export: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """A usage error naming the source, no traceback."""
    jsonl, _ = export
    assert main(["summarise-export", str(jsonl)]) == 2
    assert f"{jsonl}: not a Parquet directory" in capsys.readouterr().err


def test_check_on_dask_dataframes(
    export: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """--engine dask: the same problems, the verdict says where they were checked."""
    jsonl, parquet = export
    assert main(["check", str(parquet), "--engine", "dask", "--workers", "0"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        f"{parquet / 'activities.parquet'}: error: $.activities[2].project_id: no "
        "service_project (为民服务项目) has the id 'service_project:gone' [unresolved_reference]",
        f"{parquet}: invalid: 1 error, 0 warnings (checked on Dask DataFrames)",
    ]
    assert main(["check", str(jsonl), "--engine", "dask", "--workers", "0"]) == 2
    assert "convert JSON Lines first" in capsys.readouterr().err
