"""``community-model convert`` to and from Parquet."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any, NamedTuple

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from support import PAGE_RECORDS

from community_model import (
    Dataset,
    load_dataset,
    read_parquet,
    save_dataset,
    suzhou_2023,
    write_jsonl,
)
from community_model._cli import main

EXAMPLE = suzhou_2023()


class Run(NamedTuple):
    status: int
    out: str
    err: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Any:
    def run(*arguments: str | Path) -> Run:
        status = main([str(argument) for argument in arguments])
        captured = capsys.readouterr()
        return Run(status, captured.out, captured.err)

    return run


@pytest.fixture
def lines(tmp_path: Path) -> Path:
    path = tmp_path / "export.jsonl"
    write_jsonl(EXAMPLE.records(), path)
    return path


def test_json_lines_to_parquet_and_back(cli: Any, lines: Path, tmp_path: Path) -> None:
    """JSON Lines -> a Parquet directory -> JSON Lines: the same bytes."""
    out, back = tmp_path / "out", tmp_path / "back.jsonl"
    result = cli("convert", lines, out, "--to", "parquet")
    assert result.status == 0, result.err
    assert result.out == f"{lines} (JSON Lines) -> {out} (Parquet): {PAGE_RECORDS} records\n"
    assert (out / "activities.parquet").is_file()
    assert Dataset.from_records(read_parquet(out)) == EXAMPLE
    result = cli("convert", out, back, "--from", "parquet")
    assert result.status == 0, result.err
    assert result.out == f"{out} (Parquet) -> {back} (JSON Lines): {PAGE_RECORDS} records\n"
    assert back.read_bytes() == lines.read_bytes()
    # A directory IN is Parquet without being told.
    assert cli("convert", "--force", out, back).status == 0


def test_a_document_to_parquet_and_back(cli: Any, tmp_path: Path) -> None:
    document, out, back = tmp_path / "a.json", tmp_path / "out", tmp_path / "b.json"
    save_dataset(EXAMPLE, document)
    assert cli("convert", document, out, "--to", "parquet").status == 0
    assert cli("convert", out, back).status == 0
    assert back.read_bytes() == document.read_bytes()
    assert load_dataset(back) == EXAMPLE


def test_out_is_replaced_only_with_force(cli: Any, lines: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("keep me", encoding="utf-8")
    result = cli("convert", lines, out, "--to", "parquet")
    assert result.status == 2
    assert (
        result.err == f"community-model convert: error: {out} exists; give --force to replace it\n"
    )
    assert sorted(p.name for p in out.iterdir()) == ["keep.txt"]
    assert cli("convert", "--force", lines, out, "--to", "parquet").status == 0
    assert "keep.txt" not in {p.name for p in out.iterdir()}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.jsonl", "out"]


def test_invalid_lines_leave_no_directory(cli: Any, lines: Path, tmp_path: Path) -> None:
    """Invalid input: exit 1 with every problem and its line; OUT not made, nothing left."""
    text = lines.read_text(encoding="utf-8").splitlines(keepends=True)
    text[3] = text[3].replace('"kind":"', '"kind":"x', 1)
    lines.write_text("".join(text), encoding="utf-8")
    result = cli("convert", lines, tmp_path / "out", "--to", "parquet")
    assert result.status == 1
    assert f"{lines}:4: error: $.kind:" in result.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.jsonl"]


def test_invalid_parquet_rows_name_table_row_and_column(
    cli: Any, lines: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    assert cli("convert", lines, out, "--to", "parquet").status == 0
    table = pq.read_table(out / "streets.parquet")
    names = table.column("name").to_pylist()
    names[2] = ""
    broken = table.set_column(table.schema.get_field_index("name"), "name", pa.array(names))
    pq.write_table(broken, out / "streets.parquet")
    result = cli("convert", out, tmp_path / "back.jsonl")
    assert result.status == 1
    assert "$.streets[2].name: 'name' must have at least 1 character (got 0) [empty]" in result.err
    assert not (tmp_path / "back.jsonl").exists()


def test_a_newer_schema_version_is_refused(cli: Any, lines: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert cli("convert", lines, out, "--to", "parquet").status == 0
    table = pq.read_table(out / "people.parquet")
    metadata = {**table.schema.metadata, b"community_model.schema_version": b"7"}
    pq.write_table(table.replace_schema_metadata(metadata), out / "people.parquet")
    result = cli("convert", out, tmp_path / "back.jsonl")
    assert result.status == 1
    assert "was written with schema version 7, newer than this library reads" in result.err


def test_usage_errors(cli: Any, lines: Path, tmp_path: Path) -> None:
    assert (
        cli("convert", tmp_path / "missing", tmp_path / "x.jsonl", "--from", "parquet").status == 2
    )
    assert cli("convert", tmp_path, tmp_path / "x.jsonl").status == 2  # no Parquet files there
    assert cli("convert", lines, tmp_path / "no" / "such" / "out", "--to", "parquet").status == 2


def test_without_pyarrow_the_extra_is_named(lines: Path, tmp_path: Path) -> None:
    code = f"""
        import sys
        sys.modules["pyarrow"] = None  # as if it were not installed
        from community_model._cli import main
        sys.exit(main(["convert", {str(lines)!r}, {str(tmp_path / "out")!r}, "--to", "parquet"]))
    """
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr == (
        "community-model convert: error: write_parquet needs pyarrow, which is not installed: "
        "pip install 'community-model[arrow]'\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.jsonl"]


def test_a_parquet_conversion_never_replaces_a_fifo(cli: Any, lines: Path, tmp_path: Path) -> None:
    """`convert --to parquet --force` onto a FIFO (or a device) is refused, and the FIFO stays:
    only a directory, a regular file or a new name is ever replaced by the Parquet directory."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = cli("convert", lines, fifo, "--to", "parquet", "--force")
    assert result.status == 2, result.err
    assert "FIFO" in result.err or "fifo" in result.err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".pipe")] == []
