"""JSON Lines: one tagged record a line, streamed both ways; every bad line named by its number."""

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest
from support import CLINIC

from community_model import (
    Entity,
    Limits,
    Street,
    StreetKind,
    ValidationError,
    dumps,
    read_jsonl,
    to_dict,
    write_jsonl,
)
from community_model._examples import suzhou_2023_records
from community_model._wire.converter import TYPE_TAGS
from community_model._wire.jsonl import numbered_lines

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


# -- lines and streams at their limits -----------------------------------------------------------

#: A record's line of one byte a character, and one of Chinese text (three bytes a character).
ASCII_LINE = '{"type":"street","id":"street:s","name":"x","kind":"subdistrict"}'
ASCII_STREET = Street(id="street:s", name="x", kind=StreetKind.SUBDISTRICT)
CHINESE_LINE = orjson.dumps({"type": "street", **to_dict(RECORDS[0])}).decode()

#: Every kind of source, made from a text.
SOURCES: dict[str, Callable[[str], Any]] = {
    "binary file": lambda text: io.BytesIO(text.encode()),
    "text file": io.StringIO,
    "lines of bytes": lambda text: [line.encode() for line in text.splitlines(keepends=True)],
    "lines of text": lambda text: text.splitlines(keepends=True),
}


def read_all(source: Any, **options: Any) -> tuple[list[Entity], list[tuple[Any, ...]]]:
    """The records read, and each problem's line, path, code and message."""
    records: list[Entity] = []
    try:
        records.extend(read_jsonl(source, **options))
    except ValidationError as error:
        return records, [(p.line, p.path, p.code, p.message) for p in error.errors]
    return records, []


def limit_message(found: str, name: str, limit: int) -> str:
    return f"{found}: the limit is {name}={limit:,} (pass limits=Limits({name}=...) to allow more)"


@pytest.mark.parametrize("ending", ["\n", "\r\n", ""])
@pytest.mark.parametrize("source", SOURCES)
def test_lines_at_max_line_bytes_are_read_and_one_byte_more_is_refused(
    source: str, ending: str
) -> None:
    """A line of exactly max_line_bytes (its line break aside) is read, from every kind of
    source, whatever ends it; with a limit one byte lower, each such line is refused, by number.
    """
    text = ASCII_LINE + "\n" + ASCII_LINE + ending
    size = len(ASCII_LINE.encode())
    at_limit = read_all(SOURCES[source](text), limits=Limits(max_line_bytes=size))
    assert at_limit == ([ASCII_STREET, ASCII_STREET], [])
    message = limit_message("the line has more bytes than allowed", "max_line_bytes", size - 1)
    over = read_all(SOURCES[source](text), limits=Limits(max_line_bytes=size - 1))
    assert over == ([], [(1, "$", "limit", message), (2, "$", "limit", message)])


@pytest.mark.parametrize("source", SOURCES)
def test_lines_are_measured_in_utf8_bytes(source: str) -> None:
    """A line of Chinese text is measured in bytes, not characters, from every source."""
    size = len(CHINESE_LINE.encode())
    assert size > len(CHINESE_LINE)
    text = CHINESE_LINE + "\n"
    assert read_all(SOURCES[source](text), limits=Limits(max_line_bytes=size)) == ([RECORDS[0]], [])
    records, problems = read_all(SOURCES[source](text), limits=Limits(max_line_bytes=size - 1))
    assert records == []
    assert [(line, path, code) for line, path, code, _ in problems] == [(1, "$", "limit")]
    assert f"max_line_bytes={size - 1} " in problems[0][3]


@pytest.mark.parametrize("source", SOURCES)
def test_an_overlong_line_is_skipped_to_its_end(source: str) -> None:
    """Reading goes on after a line far longer than the limit, at the next line, and a line one
    byte too long that ends in a line break is refused as too long (never read)."""
    limit = len(ASCII_LINE)
    overlong = '{"type":"street","name":"' + "x" * (10 * limit) + '"}'
    one_over = ASCII_LINE[:-1] + " }"
    text = "\n".join([overlong, ASCII_LINE, one_over, ASCII_LINE]) + "\n"
    message = limit_message("the line has more bytes than allowed", "max_line_bytes", limit)
    assert read_all(SOURCES[source](text), limits=Limits(max_line_bytes=limit)) == (
        [ASCII_STREET, ASCII_STREET],
        [(1, "$", "limit", message), (3, "$", "limit", message)],
    )


@pytest.mark.parametrize("line", [ASCII_LINE, CHINESE_LINE], ids=["ascii", "chinese"])
@pytest.mark.parametrize("source", SOURCES)
def test_a_stream_of_exactly_max_stream_bytes_is_read_whole(source: str, line: str) -> None:
    """A source of exactly max_stream_bytes (UTF-8 bytes, line breaks included) is read whole;
    with a limit one byte lower, the last line is the problem that says reading stopped."""
    text = (line + "\n") * 20
    size = len(text.encode())
    record = ASCII_STREET if line == ASCII_LINE else RECORDS[0]
    assert read_all(SOURCES[source](text), limits=Limits(max_stream_bytes=size)) == (
        [record] * 20,
        [],
    )
    found = f"the input has more than {size - 1:,} bytes; the rest was not read"
    assert read_all(SOURCES[source](text), limits=Limits(max_stream_bytes=size - 1)) == (
        [record] * 19,
        [(20, "$", "limit", limit_message(found, "max_stream_bytes", size - 1))],
    )


@pytest.mark.parametrize("source", SOURCES)
def test_an_overlong_last_line_ending_the_stream_at_its_limit(source: str) -> None:
    """An overlong line that ends exactly at max_stream_bytes is too long, not too much."""
    limit = len(ASCII_LINE)
    text = ASCII_LINE + "\n" + "[" + "1," * (5 * limit) + "1]\n"
    limits = Limits(max_line_bytes=limit, max_stream_bytes=len(text))
    message = limit_message("the line has more bytes than allowed", "max_line_bytes", limit)
    assert read_all(SOURCES[source](text), limits=limits) == (
        [ASCII_STREET],
        [(2, "$", "limit", message)],
    )


def test_text_that_cannot_be_decoded_ends_reading_at_its_line() -> None:
    """A text stream that is not valid UTF-8 is a problem of the line where it fails."""
    raw = (ASCII_LINE + "\n").encode() + b"\xff\n" + (ASCII_LINE + "\n").encode()
    stream = io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8")
    reason = "the text cannot be decoded (utf-8: invalid start byte); the rest of the input was"
    records, problems = read_all(stream)
    assert problems == [(1, "$", "encoding", f"{reason} not read")]
    assert records == []


def test_only_line_breaks_end_a_line() -> None:
    """Characters after the JSON are not taken for a line break: the line is not JSON."""
    for source in SOURCES.values():
        records, problems = read_all(source(ASCII_LINE + "X\n" + ASCII_LINE + "\r\n"))
        assert records == [ASCII_STREET]
        assert [(line, code) for line, _, code, _ in problems] == [(1, "json_syntax")]


def test_lines_too_deep_are_refused_however_strict() -> None:
    """The depth limit holds for lenient reading too, where unknown fields may nest freely."""
    deep = ASCII_LINE[:-1] + ',"extra":' + "[" * 10 + "]" * 10 + "}\n"
    for strict in (True, False):
        records, problems = read_all(io.StringIO(deep), strict=strict, limits=Limits(max_depth=5))
        assert records == []
        assert [(line, code) for line, _, code, _ in problems] == [(1, "limit")]


class Sink:
    """A file-like target that is no io class: only ``write``, and a ``mode`` when given."""

    def __init__(self, mode: str | None) -> None:
        if mode is not None:
            self.mode = mode
        self.written: list[str | bytes] = []

    def write(self, data: str | bytes) -> int:
        self.written.append(data)
        return len(data)


@pytest.mark.parametrize(("mode", "kind"), [("wb", bytes), ("ab", bytes), ("w", str), (None, str)])
def test_a_target_gets_bytes_only_when_its_mode_says_binary(mode: str | None, kind: type) -> None:
    """A target that is not an io object is written bytes when its mode has a ``b``, text when
    it has another mode or none."""
    sink = Sink(mode)
    assert write_jsonl(RECORDS, sink) == len(RECORDS)
    assert {type(part) for part in sink.written} == {kind}
    text = b"".join(p if isinstance(p, bytes) else p.encode() for p in sink.written)
    assert tuple(read_jsonl(io.BytesIO(text))) == RECORDS


@pytest.mark.parametrize("target", ["path", "text", "binary"])
def test_write_jsonl_counts_every_record_across_its_batches(tmp_path: Path, target: str) -> None:
    """Many records, written some 64 KiB at a time: the count is every record, each once, in
    order, whatever the target."""
    records = RECORDS * 200
    stream: Any = {"path": tmp_path / "many.jsonl", "text": io.StringIO(), "binary": io.BytesIO()}[
        target
    ]
    assert write_jsonl(records, stream) == len(records)
    if target == "path":
        written = stream.read_bytes()
    else:
        value = stream.getvalue()
        written = value if isinstance(value, bytes) else value.encode()
    assert len(written) > 3 * (1 << 16)  # more than one batch
    assert written == b"".join(
        orjson.dumps({"type": TYPE_TAGS[type(r)], **to_dict(r)}) + b"\n" for r in records
    )


@pytest.mark.parametrize("source", SOURCES)
def test_every_byte_but_the_line_break_counts(source: str) -> None:
    """Spaces after the JSON are part of the line, and count toward max_line_bytes."""
    size = len(ASCII_LINE)
    records, problems = read_all(
        SOURCES[source](ASCII_LINE + " \n" + ASCII_LINE + "\n"),
        limits=Limits(max_line_bytes=size),
    )
    assert records == [ASCII_STREET]
    assert [(line, code) for line, _, code, _ in problems] == [(1, "limit")]


def test_lenient_reading_skips_unknown_fields() -> None:
    """strict=False reads a line with a field this version does not know; strict refuses it."""
    line = ASCII_LINE[:-1] + ',"surplus":1}\n'
    assert read_all(io.StringIO(line), strict=False) == ([ASCII_STREET], [])
    records, problems = read_all(io.StringIO(line))
    assert (records, [(n, path, code) for n, path, code, _ in problems]) == (
        [],
        [(1, "$.surplus", "unknown_field")],
    )


def test_one_line_collects_at_most_max_problems() -> None:
    """A line with more problems than max_problems lists that many, and a last one says so."""
    line = '{"type":"street",' + ",".join(f'"k{n}":1' for n in range(10)) + "}\n"
    ((number, record, problems),) = numbered_lines(io.StringIO(line), limits=Limits(max_problems=3))
    assert (number, record) == (1, None)
    assert [p.code for p in problems] == ["missing"] * 3 + ["too_many_problems"]
