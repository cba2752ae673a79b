"""community-model validate: every problem with its file, line and path; references; progress.

Most cases call ``main([...])`` in the test process (the ``cli`` fixture of conftest.py); a
representative handful run ``python -m community_model`` in a subprocess, as users do.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest
from support import PAGE_RECORDS, edit_line, line_of, subprocess_cli

from community_model import Dataset, load_dataset, save_dataset, write_jsonl
from community_model._examples import suzhou_2023

EXAMPLE = suzhou_2023()


def test_validate_clean_files_says_ok_once_per_file(cli: Any, document: Path, lines: Path) -> None:
    """Quiet when clean: one "ok" line per file, nothing on stderr, exit 0."""
    result = cli("validate", document, lines)
    assert result.status == 0
    assert result.out.splitlines() == [
        f"{document}: ok: {PAGE_RECORDS} records (document), 0 errors, 0 warnings",
        f"{lines}: ok: {PAGE_RECORDS} records (JSON Lines), 0 errors, 0 warnings",
    ]
    assert result.err == ""


def test_validate_lists_every_broken_line(cli: Any, broken_lines: Path) -> None:
    """Each problem of a JSON Lines file names the file, its line, its JSON path and code."""
    dalong = line_of(broken_lines, "community:dalong")
    gao_da = line_of(broken_lines, "person:gao-da")
    result = cli("validate", broken_lines)
    assert result.status == 1
    output = result.out.splitlines()
    assert f"{broken_lines}:2: error: $: " in output[0]
    assert output[0].endswith("[json_syntax]")
    assert output[1].startswith(f"{broken_lines}:{dalong}: error: $.kind: ")
    assert output[1].endswith("[enum]")
    assert output[2].startswith(f"{broken_lines}:{gao_da}: error: $.colour: ")
    assert output[2].endswith("[unknown_field]")
    assert (
        output[3]
        == f"{broken_lines}: invalid: {PAGE_RECORDS - 3} records (JSON Lines), 3 errors, 0 warnings"
    )
    assert len(output) == 4


def test_validate_lists_the_problems_of_a_document(cli: Any, document: Path) -> None:
    """A broken document: every problem with its JSON path; no line numbers to give."""
    text = document.read_text(encoding="utf-8")
    document.write_text(text.replace('"title": "第三期', '"titel": "第三期', 1), encoding="utf-8")
    result = cli("validate", document)
    assert result.status == 1
    assert result.out.splitlines() == [
        f"{document}: error: $.activities[6].title: 'title' is required in Activity [missing]",
        f"{document}: error: $.activities[6].titel: 'titel' is not a field of Activity "
        "(--lenient ignores unknown fields) [unknown_field]",
        f"{document}: invalid: document not loaded, 2 errors, 0 warnings",
    ]


def test_validate_json_output_has_every_problem(
    cli: Any, broken_lines: Path, document: Path
) -> None:
    """``--output json`` is one JSON document with each file's problems and verdict."""
    result = cli("validate", "--output", "json", broken_lines, document)
    assert result.status == 1
    report = json.loads(result.out)
    assert report["valid"] is False
    broken, good = report["files"]
    assert broken["file"] == str(broken_lines)
    assert broken["format"] == "jsonl"
    assert (broken["records"], broken["errors"], broken["warnings"]) == (PAGE_RECORDS - 3, 3, 0)
    assert [(p["line"], p["path"], p["code"]) for p in broken["problems"]] == [
        (2, "$", "json_syntax"),
        (line_of(broken_lines, "community:dalong"), "$.kind", "enum"),
        (line_of(broken_lines, "person:gao-da"), "$.colour", "unknown_field"),
    ]
    assert all(p["severity"] == "error" and p["message"] for p in broken["problems"])
    assert good["valid"] is True
    assert good["problems"] == []
    assert good["records"] == PAGE_RECORDS


def test_validate_json_output_of_a_clean_file(cli: Any, lines: Path) -> None:
    """A clean file in JSON: valid, no problems, exit 0."""
    result = cli("validate", "--output", "json", lines)
    assert result.status == 0
    assert json.loads(result.out)["valid"] is True


def test_references_finds_an_unresolved_reference(cli: Any, lines: Path) -> None:
    """Only ``--references`` checks the records against each other, and names the line."""
    number = line_of(lines, "community:xincheng")
    edit_line(lines, number, '"street_id":"street:wumenqiao"', '"street_id":"street:nowhere"')
    assert cli("validate", lines).status == 0
    result = cli("validate", "--references", lines)
    assert result.status == 1
    assert result.out.splitlines() == [
        f"{lines}:{number}: error: $.street_id: no street (街道/镇) has the id 'street:nowhere' "
        "[unresolved_reference]",
        f"{lines}: invalid: {PAGE_RECORDS} records (JSON Lines), 1 error, 0 warnings; "
        "references checked",
    ]


def test_references_of_a_document(cli: Any, tmp_path: Path) -> None:
    """A document's reference problems carry the record's place in the document."""
    broken = EXAMPLE.communities[0]
    dataset = Dataset.from_records(
        [
            *(r for r in EXAMPLE.records() if r is not broken),
            attrs.evolve(broken, street_id="street:nowhere"),
        ]
    )
    path = tmp_path / "refs.json"
    save_dataset(dataset, path)
    report = json.loads(cli("validate", "--references", "--output", "json", path).out)
    (found,) = report["files"][0]["problems"]
    assert (found["line"], found["path"]) == (None, "$.communities[12].street_id")
    assert report["files"][0]["references_checked"] is True


def test_references_are_skipped_after_errors(cli: Any, broken_lines: Path) -> None:
    """With broken lines, the records left would show false unresolved references."""
    result = cli("validate", "--references", broken_lines)
    assert result.status == 1
    assert "unresolved_reference" not in result.out
    assert result.out.splitlines()[-1].endswith("; references not checked (fix the errors first)")


def test_warnings_are_printed_but_exit_zero(cli: Any, lines: Path) -> None:
    """A 街道 whose code lies in the 镇 range... is a warning: shown once, exit status 0."""
    number = line_of(lines, "street:wumenqiao")
    edit_line(lines, number, '"kind":"subdistrict"', '"kind":"town"')
    for options in ([], ["--references"]):
        result = cli("validate", *options, lines)
        assert result.status == 0
        warnings = [line for line in result.out.splitlines() if ": warning: " in line]
        assert warnings == [
            line for line in warnings if line.startswith(f"{lines}:{number}: warning: $.kind: ")
        ]
        assert len(warnings) == 1
        assert "0 errors, 1 warning" in result.out.splitlines()[-1]


def test_format_overrides_the_suffix(cli: Any, lines: Path) -> None:
    """An unknown suffix is a usage error (2) unless ``--format`` names the format."""
    renamed = lines.rename(lines.with_suffix(".txt"))
    result = cli("validate", renamed)
    assert result.status == 2
    assert "cannot tell the format" in result.err
    assert cli("validate", "--format", "jsonl", renamed).status == 0
    assert cli("validate", "--format", "document", renamed).status == 1


def test_missing_file_is_a_usage_error(cli: Any, tmp_path: Path, lines: Path) -> None:
    """A missing file: exit 2 and a one-line message; the other files are still checked."""
    missing = tmp_path / "missing.jsonl"
    result = cli("validate", missing, lines)
    assert result.status == 2
    assert result.err == f"community-model validate: error: {missing}: No such file or directory\n"
    assert result.out == f"{lines}: ok: {PAGE_RECORDS} records (JSON Lines), 0 errors, 0 warnings\n"
    report = json.loads(cli("validate", "--output", "json", missing).out)
    assert report["files"][0]["error"].endswith("No such file or directory")


@pytest.fixture
def large_lines(tmp_path: Path) -> Path:
    """A JSON Lines file over the 1 MiB from which a progress bar is shown."""
    path = tmp_path / "large.jsonl"
    write_jsonl(EXAMPLE.records(), path)
    text = path.read_bytes()
    path.write_bytes(text * (2**20 // len(text) + 1))
    return path


def test_no_progress_bar_when_stderr_is_no_terminal(large_lines: Path) -> None:
    """Piped stderr stays empty, whatever the file's size."""
    result = subprocess_cli("validate", large_lines)
    assert result.status == 0
    assert result.err == ""


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_progress_bar_on_a_terminal_leaves_stdout_alone(large_lines: Path) -> None:
    """On a terminal, stderr shows a bar by bytes read; stdout (a pipe) gets only the verdict."""
    import pty  # noqa: PLC0415 - POSIX only

    leader, follower = pty.openpty()
    with subprocess.Popen(
        [sys.executable, "-m", "community_model", "validate", str(large_lines)],
        stdout=subprocess.PIPE,
        stderr=follower,
    ) as process:
        os.close(follower)
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closed
                break
            if not chunk:
                break
            shown += chunk
        assert process.stdout is not None
        out = process.stdout.read().decode()
    os.close(leader)
    assert process.returncode == 0
    assert out.endswith("0 errors, 0 warnings\n")
    assert out.count("\n") == 1
    plain = re.sub(rb"\x1b\[[0-9;?]*[A-Za-z]", b"", shown).decode()
    assert "validating large.jsonl" in plain
    assert " MB" in plain


def test_reading_options(cli: Any, tmp_path: Path) -> None:
    """--lenient reads files of newer tools; --max-line-bytes bounds lines, said as an option."""
    path = tmp_path / "page.jsonl"
    save_dataset(EXAMPLE, path)
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace('"kind":"town"', '"kind":"town","since":2030')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = cli("validate", path)
    assert result.status == 1
    assert "--lenient ignores unknown fields" in result.out
    assert cli("validate", "--lenient", path).status == 0
    result = cli("validate", "--lenient", "--max-line-bytes", "300", path)
    assert result.status == 1
    assert "give --max-line-bytes N to allow more" in result.out
    out = tmp_path / "out.json"
    assert cli("convert", "--lenient", path, out).status == 0
    assert load_dataset(out) == EXAMPLE
    assert cli("validate", "--max-bytes", "0", path).status == 2
