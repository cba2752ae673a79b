"""JSON Lines: one tagged record a line, streamed both ways; every bad line named by its number."""

import io
from pathlib import Path
from typing import Any

import orjson
import pytest
from support import CLINIC

from community_model import Entity, ValidationError, dumps, read_jsonl, to_dict, write_jsonl
from community_model._examples import suzhou_2023_records

RECORDS = suzhou_2023_records()


def test_jsonl_round_trip_through_a_path(tmp_path: Path) -> None:
    """Every record written to a path reads back equal, each line tagged with its type."""
    target = tmp_path / "records.jsonl"
    assert write_jsonl(RECORDS, target) == len(RECORDS)
    lines = target.read_text(encoding="utf-8").splitlines()
    assert orjson.loads(lines[0])["type"] == "street"
    assert list(orjson.loads(lines[-1]))[:2] == ["type", "id"]
    assert tuple(read_jsonl(target)) == RECORDS
    assert tuple(read_jsonl(str(target))) == RECORDS


def test_jsonl_through_open_files() -> None:
    """A target or source may be an open text or binary file."""
    text_file = io.StringIO()
    write_jsonl(RECORDS, text_file)
    binary_file = io.BytesIO()
    write_jsonl(RECORDS, binary_file)
    assert text_file.getvalue().encode() == binary_file.getvalue()
    assert tuple(read_jsonl(io.StringIO(text_file.getvalue()))) == RECORDS
    assert tuple(read_jsonl(io.BytesIO(binary_file.getvalue()))) == RECORDS


def test_jsonl_errors_name_their_lines() -> None:
    """Every bad line is reported with its number; the good records still come through."""
    good = dumps(CLINIC)
    lines = [
        '{"type": "street", "id": "s", "name": "x", "kind": "town"}',
        '{"type": "spaceship", "id": "x"}',
        "{not json",
        "",
        '{"type": "activity", ' + good[1:].replace('"title":"', '"title":"', 1),
        '{"type": "community", "id": "c", "name": "x", "kind": "village"}',
        "[1, 2]",
    ]
    source = io.StringIO("\n".join(lines) + "\n")
    seen: list[Entity] = []
    with pytest.raises(ValidationError) as caught:
        seen.extend(read_jsonl(source))
    assert [r.id for r in seen] == ["s", CLINIC.id]
    assert [(p.line, p.path, p.code) for p in caught.value.errors] == [
        (2, "$.type", "enum"),
        (3, "$", "json_syntax"),
        (6, "$.kind", "enum"),
        (7, "$", "type"),
    ]
    assert "line 6: $.kind" in str(caught.value)


def test_jsonl_streams() -> None:
    """Reading yields the first record before the rest of the file is read."""

    def lines() -> Any:
        yield orjson.dumps({"type": "street", **to_dict(RECORDS[0])}) + b"\n"
        raise AssertionError("read too far")

    stream = read_jsonl(lines())
    assert next(stream) == RECORDS[0]


def test_write_jsonl_refuses_non_records_and_keeps_the_old_file(tmp_path: Path) -> None:
    """A failed write leaves the file that was there whole."""
    target = tmp_path / "records.jsonl"
    write_jsonl(RECORDS[:3], target)
    before = target.read_bytes()
    with pytest.raises(TypeError, match="item 3 is not a record"):
        write_jsonl([*RECORDS[:3], "not a record"], target)  # type: ignore[list-item]
    assert target.read_bytes() == before
    assert list(tmp_path.iterdir()) == [target]
