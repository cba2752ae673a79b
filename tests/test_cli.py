"""The command line, end to end: demo, summary, convert; exit statuses, bad input, help.

Most cases call ``main([...])`` in the test process (fast: the ``cli`` fixture of conftest.py);
a representative handful run ``python -m community_model`` in a subprocess, as users do.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from support import PAGE_RECORDS, Run, subprocess_cli

from community_model import load_dataset
from community_model._examples import suzhou_2023

EXAMPLE = suzhou_2023()
COMMANDS = ("demo", "validate", "schema", "summary", "convert")


# -- demo -------------------------------------------------------------------------------------


def test_demo_summarises_the_example_in_a_subprocess(demo: Run) -> None:
    """The README's main job: exit 0, every street, the clinic's 400余人 and the 420余人 total."""
    result = demo
    assert result.status == 0, result.err
    assert result.err == ""
    for street in EXAMPLE.streets:
        assert street.name in result.out
    beiqiao = next(line for line in result.out.splitlines() if "北桥街道" in line)
    assert "400余人" in beiqiao
    assert "Participants in all activities (参与人数): 420余人" in result.out
    assert "Check: no errors, no warnings." in result.out
    assert "京师(苏州)律师事务所党支部" in result.out  # a partner unit (共建单位), by name
    assert "漕湖人民医院党支部" not in result.out  # it only held a clinic: no partner


def test_demo_output_is_plain_and_fixed_width_when_piped(cli: Any) -> None:
    """No colour codes, no trailing blanks and at most 100 columns when stdout is no terminal."""
    result = cli("demo")
    assert result.status == 0
    assert "\x1b" not in result.out
    for line in result.out.splitlines():
        width = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)
        assert width <= 100, line
        assert line == line.rstrip()


# -- bad input ---------------------------------------------------------------------------------


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


# -- summary ----------------------------------------------------------------------------------


def test_summary_tables(cli: Any, lines: Path) -> None:
    """The tables name each street and community, with its figures and partner units."""
    result = cli("summary", lines)
    assert result.status == 0
    assert result.out.startswith(f"{lines}: {PAGE_RECORDS} records\n")
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
    assert data["participants"] == {"value": 420, "qualifier": "more_than", "unit": "people"}
    assert data["records"]["activities"] == 8
    beiqiao = next(street for street in data["streets"] if street["name"] == "北桥街道")
    assert beiqiao["participants"] == {"value": 400, "qualifier": "more_than", "unit": "people"}


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
    assert first.out == f"{document} (document) -> {middle} (JSON Lines): {PAGE_RECORDS} records\n"
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
