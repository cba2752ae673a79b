"""Datasets on disk: both formats round-trip, by suffix or by name; bad files and paths say why.

Saving replaces a file atomically: test_files.py holds that.
"""

from pathlib import Path

import pytest

from community_model import CommunityModelError, ValidationError, load_dataset, save_dataset
from community_model._examples import suzhou_2023

PAGE = suzhou_2023()


@pytest.mark.parametrize("name", ["page.json", "page.jsonl", "page.ndjson", "PAGE.JSON"])
def test_round_trip_by_suffix(tmp_path: Path, name: str) -> None:
    """A dataset saved and loaded again is equal, in either format."""
    path = tmp_path / name
    save_dataset(PAGE, path)
    assert load_dataset(path) == PAGE
    assert [p.name for p in tmp_path.iterdir()] == [name]


def test_format_named_explicitly(tmp_path: Path) -> None:
    """A format given by name wins over the suffix."""
    path = tmp_path / "page.txt"
    save_dataset(PAGE, path, format="jsonl")
    assert path.read_text(encoding="utf-8").startswith('{"type":"street"')
    assert load_dataset(path, format="jsonl") == PAGE
    with pytest.raises(CommunityModelError, match="from its suffix"):
        load_dataset(path)
    with pytest.raises(CommunityModelError, match="unknown format"):
        save_dataset(PAGE, path, format="xml")  # type: ignore[arg-type]


def test_document_is_indented_unless_asked(tmp_path: Path) -> None:
    """Documents are written indented for people; compact on request."""
    save_dataset(PAGE, tmp_path / "a.json")
    save_dataset(PAGE, tmp_path / "b.json", indent=False)
    assert (tmp_path / "a.json").read_text(encoding="utf-8").startswith('{\n  "schema_version"')
    assert "\n" not in (tmp_path / "b.json").read_text(encoding="utf-8")


def test_load_reports_every_problem_with_lines(tmp_path: Path) -> None:
    """A broken JSON Lines file: every bad line in one ValidationError."""
    path = tmp_path / "page.jsonl"
    save_dataset(PAGE, path)
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace('"kind":"town"', '"kind":"city"')
    lines[9] = "{"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        load_dataset(path)
    assert [(p.line, p.path) for p in caught.value.errors] == [(3, "$.kind"), (10, "$")]


def test_missing_file(tmp_path: Path) -> None:
    """A file that is not there is an OSError (FileNotFoundError) naming it."""
    with pytest.raises(FileNotFoundError):
        load_dataset(tmp_path / "absent.json")
