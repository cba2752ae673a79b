"""The command line, end to end: exit statuses, output, files, help.

Most cases call ``main([...])`` in the test process (fast: the ``cli`` fixture of conftest.py);
a representative handful run ``python -m community_model`` in a subprocess, as users do.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import attrs
import jsonschema
import pytest
from support import subprocess_cli

from community_model import Dataset, dumps, json_schema, load_dataset, save_dataset, write_jsonl
from community_model._examples import suzhou_2023

EXAMPLE = suzhou_2023()
COMMANDS = ("demo", "validate", "schema", "summary", "convert")
SCHEMA_TYPES = (
    "document",
    "line",
    "street",
    "community",
    "party_branch",
    "organisation",
    "person",
    "partnership",
    "service_project",
    "activity",
    "count",
    "credit_code",
    "division_code",
    "measurement",
    "money",
    "partial_date",
    "when",
    "compound",
    "decision",
    "funding",
    "outcome",
    "ref",
    "source",
    "votes",
)


def edit_line(path: Path, number: int, old: str, new: str) -> Path:
    """Replace text in one line (1-based) of a JSON Lines file, in place."""
    text = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert old in text[number - 1]
    text[number - 1] = text[number - 1].replace(old, new, 1)
    path.write_text("".join(text), encoding="utf-8")
    return path


def line_of(path: Path, record_id: str) -> int:
    """The line number of a record in a JSON Lines file."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if f'"id":"{record_id}"' in line:
            return number
    raise AssertionError(record_id)


@pytest.fixture
def broken_lines(lines: Path) -> Path:
    """Three broken lines: bad JSON (line 2), a bad vocabulary code, an unknown field."""
    edit_line(lines, 2, '{"type"', '{"type" "')
    edit_line(lines, line_of(lines, "community:dalong"), '"kind":"', '"kind":"x')
    edit_line(lines, line_of(lines, "person:gao-da"), '"id"', '"colour":"red","id"')
    return lines


# -- demo -------------------------------------------------------------------------------------


def test_demo_summarises_the_example_in_a_subprocess() -> None:
    """The README's main job: exit 0, every street, the clinic's 400余 and the 420余 total."""
    result = subprocess_cli("demo")
    assert result.status == 0, result.err
    assert result.err == ""
    for street in EXAMPLE.streets:
        assert street.name in result.out
    beiqiao = next(line for line in result.out.splitlines() if "北桥街道" in line)
    assert "400余" in beiqiao
    assert "Participants in all activities (参与人数): 420余" in result.out
    assert "Check: no errors, no warnings." in result.out
    assert "漕湖人民医院党支部" in result.out  # a partner unit (共建单位), by name


def test_demo_output_is_plain_and_fixed_width_when_piped(cli: Any) -> None:
    """No colour codes, no trailing blanks and at most 100 columns when stdout is no terminal."""
    result = cli("demo")
    assert result.status == 0
    assert "\x1b" not in result.out
    for line in result.out.splitlines():
        width = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)
        assert width <= 100, line
        assert line == line.rstrip()


# -- validate ---------------------------------------------------------------------------------


def test_validate_clean_files_says_ok_once_per_file(cli: Any, document: Path, lines: Path) -> None:
    """Quiet when clean: one "ok" line per file, nothing on stderr, exit 0."""
    result = cli("validate", document, lines)
    assert result.status == 0
    assert result.out.splitlines() == [
        f"{document}: ok: 55 records (document), 0 errors, 0 warnings",
        f"{lines}: ok: 55 records (JSON Lines), 0 errors, 0 warnings",
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
    assert output[3] == f"{broken_lines}: invalid: 52 records (JSON Lines), 3 errors, 0 warnings"
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
    assert (broken["records"], broken["errors"], broken["warnings"]) == (52, 3, 0)
    assert [(p["line"], p["path"], p["code"]) for p in broken["problems"]] == [
        (2, "$", "json_syntax"),
        (line_of(broken_lines, "community:dalong"), "$.kind", "enum"),
        (line_of(broken_lines, "person:gao-da"), "$.colour", "unknown_field"),
    ]
    assert all(p["severity"] == "error" and p["message"] for p in broken["problems"])
    assert good["valid"] is True
    assert good["problems"] == []
    assert good["records"] == 55


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
        f"{lines}: invalid: 55 records (JSON Lines), 1 error, 0 warnings; references checked",
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
    assert result.out == f"{lines}: ok: 55 records (JSON Lines), 0 errors, 0 warnings\n"
    report = json.loads(cli("validate", "--output", "json", missing).out)
    assert report["files"][0]["error"].endswith("No such file or directory")


@pytest.mark.parametrize(
    "arguments",
    [
        ["validate"],
        ["validate", "--output", "xml", "a.json"],
        ["validate", "--format", "csv", "a.json"],
        ["schema", "document", "extra"],
        ["summary"],
        ["convert", "a.json"],
        ["convert", "--from", "csv", "a.json", "b.jsonl"],
        ["frobnicate"],
        [],
    ],
)
def test_bad_arguments_exit_two(cli: Any, arguments: list[str]) -> None:
    """argparse's errors come back as status 2, with the usage on stderr."""
    result = cli(*arguments)
    assert result.status == 2
    assert "usage: community-model" in result.err
    assert result.out == ""


def test_no_traceback_for_bad_input_in_a_subprocess(tmp_path: Path, broken_lines: Path) -> None:
    """A directory, an empty document, broken lines: messages and statuses, never a traceback."""
    empty = tmp_path / "empty.json"
    empty.write_bytes(b"")
    assert subprocess_cli("validate", tmp_path / "dir.json").status == 2
    (tmp_path / "dir.json").mkdir()
    for arguments, status in [
        (["validate", tmp_path / "dir.json"], 2),
        (["validate", empty], 1),
        (["validate", broken_lines], 1),
        (["summary", broken_lines], 1),
        (["summary", tmp_path / "dir.json"], 2),
    ]:
        result = subprocess_cli(*arguments)
        assert result.status == status, (arguments, result.err)
        assert "Traceback" not in result.err


# -- progress ---------------------------------------------------------------------------------


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


# -- schema -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", SCHEMA_TYPES)
def test_schema_of_every_type_is_a_valid_schema(cli: Any, name: str) -> None:
    """Every TYPE prints a draft 2020-12 schema that jsonschema accepts."""
    result = cli("schema", name)
    assert result.status == 0
    schema = json.loads(result.out)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_schema_types_are_every_class_of_a_document() -> None:
    """The TYPE list covers every class a document refers to."""
    names = {re.sub(r"(?<!^)(?=[A-Z])", "_", n).lower() for n in json_schema(Dataset)["$defs"]}
    assert names <= set(SCHEMA_TYPES)


def test_schema_document_is_the_default_and_accepts_the_example(cli: Any) -> None:
    """No TYPE means the document; the example document is valid against it."""
    result = cli("schema")
    schema = json.loads(result.out)
    assert schema == json_schema(Dataset)
    assert "党委" in result.out  # UTF-8, not \\u escapes
    jsonschema.Draft202012Validator(schema).validate(json.loads(dumps(EXAMPLE)))


def test_schema_line_accepts_every_line(cli: Any, lines: Path) -> None:
    """Each line of a JSON Lines file is valid against ``schema line``."""
    validator = jsonschema.Draft202012Validator(json.loads(cli("schema", "line").out))
    for line in lines.read_text(encoding="utf-8").splitlines():
        validator.validate(json.loads(line))


def test_schema_unknown_type_lists_the_types(cli: Any) -> None:
    """An unknown TYPE exits 2 and names the types there are."""
    result = cli("schema", "village")
    assert result.status == 2
    assert result.out == ""
    assert "unknown TYPE 'village'" in result.err
    for name in SCHEMA_TYPES:
        assert name in result.err


# -- summary ----------------------------------------------------------------------------------


def test_summary_tables(cli: Any, lines: Path) -> None:
    """The tables name each street and community, with its figures and partner units."""
    result = cli("summary", lines)
    assert result.status == 0
    assert result.out.startswith(f"{lines}: 55 records\n")
    for place in (*EXAMPLE.streets, *EXAMPLE.communities):
        assert place.name in result.out
    assert "Streets (街道/镇): 5" in result.out
    assert "Communities (社区/村): 13" in result.out
    assert "苏州城投再生资源发展有限公司" in result.out
    assert "Check:" not in result.out


def test_summary_json(cli: Any, document: Path) -> None:
    """``--output json`` is ``Summary.as_dict()`` plus the record counts and participants."""
    result = cli("summary", "--output", "json", document)
    assert result.status == 0
    data = json.loads(result.out)
    expected = EXAMPLE.summary().as_dict()
    assert data["streets"] == expected["streets"]
    assert data["communities"] == expected["communities"]
    assert data["participants"] == "420余"
    assert data["records"]["activities"] == 8
    beiqiao = next(street for street in data["streets"] if street["name"] == "北桥街道")
    assert beiqiao["participants"] == "400余"


def test_summary_of_invalid_or_missing_files(cli: Any, broken_lines: Path, tmp_path: Path) -> None:
    """Invalid data: 1 with the problems on stderr; a missing file: 2."""
    result = cli("summary", broken_lines)
    assert result.status == 1
    assert result.out == ""
    assert f"{broken_lines}:2: error: $: " in result.err
    assert result.err.splitlines()[-1].endswith("is invalid: 3 problems")
    assert cli("summary", tmp_path / "missing.json").status == 2


# -- convert ----------------------------------------------------------------------------------


def test_convert_both_ways_gives_an_equal_dataset(cli: Any, document: Path, tmp_path: Path) -> None:
    """Document to JSON Lines and back: the same records, and the same bytes."""
    middle, back = tmp_path / "middle.jsonl", tmp_path / "back.json"
    first = cli("convert", document, middle)
    assert first.status == 0
    assert first.out == f"{document} (document) -> {middle} (JSON Lines): 55 records\n"
    assert load_dataset(middle) == EXAMPLE
    assert cli("convert", middle, back).status == 0
    assert load_dataset(back) == EXAMPLE
    assert back.read_bytes() == document.read_bytes()


def test_convert_by_named_formats(cli: Any, document: Path, tmp_path: Path) -> None:
    """``--from`` and ``--to`` override the suffixes."""
    target = tmp_path / "records.txt"
    source = document.rename(tmp_path / "suzhou.data")
    assert cli("convert", "--from", "document", "--to", "jsonl", source, target).status == 0
    assert load_dataset(target, format="jsonl") == EXAMPLE


def test_convert_refuses_to_overwrite_without_force(
    cli: Any, document: Path, lines: Path, tmp_path: Path
) -> None:
    """An existing OUT is left alone (exit 2) unless ``--force``."""
    target = tmp_path / "target.jsonl"
    target.write_text("keep me\n", encoding="utf-8")
    result = cli("convert", document, target)
    assert result.status == 2
    assert (
        result.err
        == f"community-model convert: error: {target} exists; give --force to replace it\n"
    )
    assert target.read_text(encoding="utf-8") == "keep me\n"
    assert cli("convert", "--force", document, target).status == 0
    assert target.read_bytes() == lines.read_bytes()


def test_convert_leaves_out_untouched_on_invalid_input(
    cli: Any, broken_lines: Path, tmp_path: Path
) -> None:
    """Invalid input: exit 1 with the problems; an old OUT unchanged, a new one not made."""
    new, old = tmp_path / "new.json", tmp_path / "old.json"
    old.write_text("{}", encoding="utf-8")
    for target, options in ((new, []), (old, ["--force"])):
        result = cli("convert", *options, broken_lines, target)
        assert result.status == 1
        assert "[json_syntax]" in result.err
    assert not new.exists()
    assert old.read_text(encoding="utf-8") == "{}"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.json", "suzhou.jsonl"]


def test_convert_usage_errors(cli: Any, document: Path, tmp_path: Path) -> None:
    """A missing IN, an unknown suffix, a missing folder for OUT: 2."""
    assert cli("convert", tmp_path / "missing.json", tmp_path / "out.jsonl").status == 2
    assert cli("convert", document, tmp_path / "out.csv").status == 2
    assert cli("convert", document, tmp_path / "no" / "such" / "out.jsonl").status == 2


# -- help and version -------------------------------------------------------------------------


@pytest.mark.parametrize("command", COMMANDS)
def test_help_of_each_command_uses_the_chinese_terms(cli: Any, command: str) -> None:
    """Every command's help is in English with the Chinese terms (街道, 社区 ...)."""
    result = cli(command, "--help")
    assert result.status == 0
    assert f"usage: community-model {command}" in result.out
    assert re.search("街道|社区|党组织|共建单位", result.out)


def test_top_level_help_lists_the_commands(cli: Any) -> None:
    """``--help`` names every command and the exit statuses."""
    result = cli("--help")
    assert result.status == 0
    for command in COMMANDS:
        assert command in result.out
    assert "街道/镇" in result.out
    assert "Exit status" in result.out


def test_version_through_the_console_script() -> None:
    """The installed ``community-model`` script prints the package's version."""
    from importlib import metadata  # noqa: PLC0415

    script = Path(sys.executable).parent / "community-model"
    if not script.exists():
        pytest.skip("the console script is not installed beside this Python")
    result = subprocess.run(
        [str(script), "--version"], capture_output=True, text=True, encoding="utf-8", check=False
    )
    assert result.returncode == 0
    assert result.stdout == f"community-model {metadata.version('community-model')}\n"
