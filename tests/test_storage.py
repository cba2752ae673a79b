"""Datasets on disk: both formats round-trip, by suffix or by name; bad files and paths say why.

Saving replaces a file atomically: test_files.py holds that.
"""

from pathlib import Path

import pytest

from community_model import (
    CommunityModelError,
    Limits,
    ValidationError,
    load_dataset,
    save_dataset,
)
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


@pytest.mark.parametrize("name", ["page.json", "page.jsonl"])
def test_file_size_limits_at_their_edge(tmp_path: Path, name: str) -> None:
    """A document file of exactly ``max_bytes`` (a JSON Lines file whose longest line has
    exactly ``max_line_bytes``) loads; one byte less in the limit and it is refused, by name."""
    path = tmp_path / name
    save_dataset(PAGE, path)
    data = path.read_bytes()
    if name.endswith(".jsonl"):
        size, limit = max(len(line) for line in data.splitlines()), "max_line_bytes"
    else:
        size, limit = len(data), "max_bytes"
    assert load_dataset(path, limits=Limits(**{limit: size})) == PAGE
    with pytest.raises(ValidationError) as caught:
        load_dataset(path, limits=Limits(**{limit: size - 1}))
    assert {p.code for p in caught.value.errors} == {"limit"}
    assert all(f"{limit}={size - 1:,}" in p.message for p in caught.value.errors)


@pytest.mark.parametrize("name", ["page.json", "page.jsonl"])
def test_load_dataset_passes_strict_and_limits_on(tmp_path: Path, name: str) -> None:
    """load_dataset reads strictly unless told (an unknown field is refused, or ignored with
    strict=False), and applies every limit it is given, in both formats."""
    path = tmp_path / name
    save_dataset(PAGE, path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"name"', '"zz_unknown": 1, "name"', 1), encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        load_dataset(path)
    assert {p.code for p in caught.value.errors} == {"unknown_field"}
    assert load_dataset(path, strict=False) == PAGE
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        load_dataset(path, limits=Limits(max_depth=2))
    assert {p.code for p in caught.value.errors} == {"limit"}


def test_a_document_over_max_bytes_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The size of a document file is checked against max_bytes before a byte of it is read."""
    path = tmp_path / "page.json"
    save_dataset(PAGE, path)
    size = path.stat().st_size

    def unread(self: Path) -> bytes:
        raise AssertionError(f"{self} was read")

    monkeypatch.setattr(Path, "read_bytes", unread)
    with pytest.raises(ValidationError) as caught:
        load_dataset(path, limits=Limits(max_bytes=size - 1))
    assert [(p.path, p.code) for p in caught.value.errors] == [("$", "limit")]
    assert f"max_bytes={size - 1:,}" in caught.value.errors[0].message


@pytest.mark.parametrize("format", ["document", "jsonl"])
def test_a_format_named_wins_over_any_suffix(tmp_path: Path, format: str) -> None:
    """Either format may be named for a file whatever its suffix; another name is refused
    with the two that exist."""
    path = tmp_path / "page.data"
    save_dataset(PAGE, path, format=format)  # type: ignore[arg-type]
    assert load_dataset(path, format=format) == PAGE  # type: ignore[arg-type]
    with pytest.raises(CommunityModelError) as caught:
        load_dataset(path)
    assert str(caught.value) == (
        f"cannot tell the format of {str(path)!r} from its suffix '.data': use .json (a "
        "document) or .jsonl / .ndjson (JSON Lines), or name the format"
    )
    with pytest.raises(CommunityModelError) as caught:
        load_dataset(path, format="csv")  # type: ignore[arg-type]
    assert str(caught.value) == "unknown format 'csv': use 'document' or 'jsonl'"
