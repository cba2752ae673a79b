"""The command line as a new user meets it: one option convention, ``-`` for the standard
streams, messages that say what to type, and no traceback whatever the name of a file.

Each case runs ``python -m community_model`` in a fresh process, as the docs show it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from support import PAGE_RECORDS, Run, run_python, subprocess_cli

from community_model import Dataset, Street, StreetKind, load_dataset, loads, save_dataset
from community_model._cli.parser import DEPRECATED, REMOVED_IN
from community_model._examples import suzhou_2023

EXAMPLE = suzhou_2023()


def stdin_cli(data: bytes, *arguments: str | Path, cwd: Path | None = None) -> Run:
    """``python -m community_model ARGUMENTS < data``: bytes in, text out."""
    result = subprocess.run(
        [sys.executable, "-m", "community_model", *map(str, arguments)],
        input=data,
        capture_output=True,
        check=False,
        cwd=cwd,
    )
    return Run(result.returncode, result.stdout.decode(), result.stderr.decode())


#: Options that take a document on stdin and give JSON Lines on stdout.
THROUGH = ("--from", "document", "--to", "jsonl", "-", "-")


# -- "-" is standard input and standard output --------------------------------------------------


@pytest.mark.parametrize("format", ["document", "jsonl"])
def test_validate_reads_standard_input(format: str, document: Path, lines: Path) -> None:
    data = (document if format == "document" else lines).read_bytes()
    result = stdin_cli(data, "validate", "--from", format, "-")
    assert result.status == 0, result.err
    assert result.out.startswith(f"<stdin>: ok: {PAGE_RECORDS} records")


def test_summary_reads_standard_input(lines: Path) -> None:
    result = stdin_cli(lines.read_bytes(), "summary", "--from", "jsonl", "--output", "json", "-")
    assert result.status == 0, result.err
    assert json.loads(result.out)["records"]["streets"] == len(EXAMPLE.streets)


def test_convert_pipes_standard_input_to_standard_output(document: Path, tmp_path: Path) -> None:
    """``convert --from document --to jsonl - -``: records out, no file called ``-``, and the
    line saying what was done on stderr (stdout carries the data)."""
    result = stdin_cli(document.read_bytes(), "convert", *THROUGH, cwd=tmp_path)
    assert result.status == 0, result.err
    assert not (tmp_path / "-").exists()
    back = tmp_path / "back.jsonl"
    back.write_text(result.out, encoding="utf-8")
    assert load_dataset(back) == EXAMPLE
    assert result.err == f"<stdin> (document) -> <stdout> (JSON Lines): {PAGE_RECORDS} records\n"


def test_convert_writes_a_document_to_standard_output(lines: Path, tmp_path: Path) -> None:
    result = subprocess_cli("convert", lines, "-", "--to", "document", cwd=tmp_path)
    assert result.status == 0, result.err
    assert loads(result.out, Dataset) == EXAMPLE
    assert not (tmp_path / "-").exists()


def test_redact_reads_and_writes_the_standard_streams(document: Path, tmp_path: Path) -> None:
    result = stdin_cli(document.read_bytes(), "redact", *THROUGH, cwd=tmp_path)
    assert result.status == 0, result.err
    assert "成丽君" not in result.out
    assert len(result.out.splitlines()) == PAGE_RECORDS


@pytest.mark.parametrize(
    ("arguments", "option"),
    [
        (("validate", "-"), "--from"),
        (("summary", "-"), "--from"),
        (("convert", "-", "out.json"), "--from"),
        (("convert", "in.json", "-"), "--to"),
    ],
)
def test_a_standard_stream_needs_its_format_named(
    arguments: tuple[str, ...], option: str, document: Path, tmp_path: Path
) -> None:
    (tmp_path / "in.json").write_bytes(document.read_bytes())
    result = stdin_cli(document.read_bytes(), *arguments, cwd=tmp_path)
    assert result.status == 2
    assert f"name its format with {option} document|jsonl" in result.err
    assert "Traceback" not in result.err


# -- one convention, old spellings for one release ------------------------------------------------


@pytest.mark.parametrize("command", ["validate", "summary"])
def test_the_old_format_option_still_works_and_says_it_is_deprecated(
    command: str, tmp_path: Path, document: Path
) -> None:
    odd = tmp_path / "export.txt"
    odd.write_bytes(document.read_bytes())
    result = subprocess_cli(command, "--format", "document", odd)
    assert result.status == 0, result.err
    note = f"--format is deprecated and will be removed in {REMOVED_IN}: use --from"
    assert f"community-model {command}: warning: {note}" in result.err
    assert DEPRECATED == {"--format": "--from"}


def test_the_format_hint_names_the_option(tmp_path: Path) -> None:
    odd = tmp_path / "export.txt"
    odd.write_text("{}", encoding="utf-8")
    result = subprocess_cli("validate", odd)
    assert result.status == 2
    assert "name the format with --from document|jsonl" in result.err


def test_an_unknown_option_prints_the_commands_usage() -> None:
    result = subprocess_cli("summary", "--colour", "x.json")
    assert result.status == 2
    assert result.err.startswith("usage: community-model summary ")
    assert "community-model summary: error: unrecognized arguments: --colour" in result.err


@pytest.mark.parametrize("command", ["validate", "summary", "convert", "redact"])
def test_a_directory_is_said_to_be_one(command: str, tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    arguments = [folder] if command in ("validate", "summary") else [folder, tmp_path / "o.json"]
    if command == "convert":
        arguments = [tmp_path / "in.json", folder]  # a directory IN of convert is Parquet
        (tmp_path / "in.json").write_text("{}", encoding="utf-8")
    result = subprocess_cli(command, *arguments)
    assert result.status == 2
    assert f"{folder}: is a directory" in result.err


def test_output_file_quiet_and_json_output(tmp_path: Path, document: Path) -> None:
    """``-o FILE`` writes the results there; ``-q`` leaves out the verdict on good files."""
    report = tmp_path / "report.json"
    result = subprocess_cli("validate", "--output", "json", "-o", report, document)
    assert (result.status, result.out) == (0, "")
    assert json.loads(report.read_text(encoding="utf-8"))["valid"] is True
    quiet = subprocess_cli("validate", "-q", document)
    assert (quiet.status, quiet.out, quiet.err) == (0, "", "")
    schema = tmp_path / "schema.json"
    result = subprocess_cli("schema", "street", "--output", "json", "--output-file", schema)
    assert result.status == 0
    assert json.loads(schema.read_text(encoding="utf-8"))["title"]


def test_demo_gives_json() -> None:
    result = subprocess_cli("demo", "--output", "json")
    assert result.status == 0, result.err
    data = json.loads(result.out)
    assert data["records"]["communities"] == len(EXAMPLE.communities)
    assert data["participants"] == {"value": 420, "qualifier": "more_than", "unit": "people"}
    assert data["problems"] == []


def test_demo_saves_the_example_as_files_to_start_from(tmp_path: Path) -> None:
    folder = tmp_path / "start"
    result = subprocess_cli("demo", "--save", folder)
    assert result.status == 0, result.err
    assert load_dataset(folder / "suzhou_2023.json") == EXAMPLE
    assert load_dataset(folder / "suzhou_2023.jsonl") == EXAMPLE
    again = subprocess_cli("demo", "--save", folder)
    assert again.status == 2
    assert "exists; give --force to replace it" in again.err
    assert subprocess_cli("demo", "--save", folder, "--force", "-q") == Run(0, "", "")


# -- pipes, and names that could break a line -----------------------------------------------------


def piped(command: str, reader: str, folder: Path) -> tuple[str, str]:
    """``COMMAND | READER`` in bash: the command's exit status and its stderr."""
    errors = folder / "stderr.txt"
    script = f'{command} 2>"{errors}" | {reader}; echo "${{PIPESTATUS[0]}}"'
    root = Path(__file__).resolve().parent.parent
    result = subprocess.run(
        ["bash", "-c", script], capture_output=True, text=True, check=False, cwd=root
    )
    return result.stdout.strip(), errors.read_text(encoding="utf-8")


def test_a_closed_pipe_ends_quietly_with_the_status_of_sigpipe(tmp_path: Path) -> None:
    """``community-model schema | true``: the status a shell reports, and nothing on stderr."""
    command = f"'{sys.executable}' -m community_model schema"
    assert piped(command, "true", tmp_path) == ("141", "")


def test_the_example_script_ends_quietly_in_a_closed_pipe(tmp_path: Path) -> None:
    """``python examples/check_and_query.py | true``: the reader is gone before a line."""
    command = f"'{sys.executable}' examples/check_and_query.py"
    assert piped(command, "true", tmp_path) == ("141", "")


def test_a_limit_past_the_platforms_is_a_usage_error(document: Path) -> None:
    result = subprocess_cli("validate", "--max-line-bytes", str(2**70), document)
    assert result.status == 2
    assert "--max-line-bytes: must be at most" in result.err
    assert "Traceback" not in result.err


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS refuses undecodable file names")
@pytest.mark.parametrize("output", ["json", "text"])
def test_an_undecodable_file_name_is_escaped(output: str, tmp_path: Path, document: Path) -> None:
    """A name with the byte 0xff, under ``--output json`` and a strict UTF-8 stdout."""
    name = os.fsencode(tmp_path) + b"/export\xff.json"
    with open(name, "wb") as handle:
        handle.write(document.read_bytes())
    environment = {**os.environ, "PYTHONIOENCODING": "utf-8:strict"}
    result = run_python(
        "-m",
        "community_model",
        "validate",
        "--output",
        output,
        os.fsdecode(name),
        env=environment,
    )
    assert result.status == 0, result.err
    shown = f"{tmp_path}/export\\xff.json"
    if output == "json":
        assert json.loads(result.out)["files"][0]["file"] == shown
    else:
        assert result.out.startswith(f"{shown}: ok:")
    missing = run_python(
        "-m",
        "community_model",
        "validate",
        "--output",
        output,
        os.fsdecode(name).replace("export", "gone"),
        env=environment,
    )
    assert missing.status == 2
    assert "Traceback" not in missing.err
    assert "gone\\xff.json: No such file or directory" in missing.err


def test_a_name_with_a_line_break_cannot_print_a_line_of_its_own(tmp_path: Path) -> None:
    """A file name or a street name holding a line break is printed escaped, on its line."""
    fake = "other.jsonl: ok: 1 record (JSON Lines), 0 errors, 0 warnings"
    street = Street(id="street:x", name=f"X街道\n{fake}", kind=StreetKind.SUBDISTRICT)
    path = tmp_path / f"a\n{fake}.jsonl"
    save_dataset(Dataset(streets=(street,)), path)
    for arguments in (("validate", path), ("summary", path)):
        result = subprocess_cli(*arguments)
        assert result.status == 0, result.err
        assert fake not in result.out.splitlines()
        assert all(not line.startswith("other.jsonl") for line in result.out.splitlines())
        assert "\\n" in result.out
