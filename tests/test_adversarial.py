"""Hostile and broken input: every case ends in a ValidationError, and nothing else."""

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest
from support import only_validation_errors

from community_model import (
    Count,
    Dataset,
    Entity,
    Source,
    ValidationError,
    dumps,
    from_dict,
    loads,
    read_jsonl,
    to_dict,
)
from community_model._examples import suzhou_2023_records
from community_model._registry import LOADABLE_TYPES

RECORDS = suzhou_2023_records()
DOCUMENT = dumps(Dataset.from_records(RECORDS))
TYPES = LOADABLE_TYPES
CORPUS = (
    Path(__file__).resolve().parents[2] / "shared" / "corpora" / "JSONTestSuite" / "test_parsing"
)


def refused(load: Callable[[], object]) -> ValidationError:
    """``load`` raises a ValidationError (any other exception fails the test)."""
    with pytest.raises(ValidationError) as caught:
        load()
    return caught.value


@pytest.mark.parametrize("cls", TYPES, ids=lambda cls: cls.__name__)
@pytest.mark.parametrize(
    "text", ["[]", "[{}]", "1", "-0", "1.5", '"x"', '""', "null", "true", "false", "{}", '{"": {}}']
)
def test_wrong_top_level_shapes(cls: type, text: str) -> None:
    """An array, number, string, null or empty object where a record is expected."""
    refused(lambda: loads(text, cls))


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: r.id)
def test_type_confusion_in_every_field(record: Entity) -> None:
    """Each field of each source-page record, replaced by each JSON type, gives only errors."""
    data = to_dict(record)
    for key in data:
        for value in (None, True, 0, -1, 1.5, 10**30, "x", "", [], [None], {}, {"value": 1}):
            changed = {**data, key: value}
            only_validation_errors(lambda changed=changed: from_dict(changed, type(record)))


@pytest.mark.parametrize(
    "text",
    [
        "[" * 100_000 + "]" * 100_000,
        '{"a":' * 100_000 + "1" + "}" * 100_000,
        "[" * 100_000,
        '{"schema_version": 1, "streets": ' + "[" * 5000 + "]" * 5000 + "}",
    ],
    ids=["arrays", "objects", "unclosed", "inside-document"],
)
def test_deep_nesting(text: str) -> None:
    """100,000 nested arrays or objects are refused without a RecursionError."""
    for cls in (Dataset, Entity, Count):
        refused(lambda cls=cls: loads(text, cls))


@pytest.mark.parametrize(
    "number", ["1e999", "-1e999", "123456789012345678901234567890", "1e-999", "1E400", "-0.0"]
)
def test_huge_and_odd_numbers(number: str) -> None:
    """Numbers beyond float or int64 range, or not integers, are refused where a count goes."""
    refused(lambda: loads(f'{{"value": {number}, "qualifier": "exact"}}', Count))


@pytest.mark.parametrize(
    "text",
    [
        '{"title": "\\ud800"}',
        '{"title": "\\udc00\\ud800"}',
        '{"title": "a\\u0000b"}',
        '{"value": NaN, "qualifier": "exact"}',
        '{"value": Infinity, "qualifier": "exact"}',
        '{"value": -Infinity, "qualifier": "exact"}',
    ],
)
def test_surrogates_control_characters_nan(text: str) -> None:
    """Lone surrogates, NUL in text, NaN and Infinity."""
    refused(lambda: loads(text, Source))
    refused(lambda: loads(text, Count))


def test_duplicate_keys_anywhere() -> None:
    """A duplicate key deep in a document is found, whatever the text's layout."""
    data = orjson.loads(DOCUMENT)
    text = orjson.dumps(data, option=orjson.OPT_INDENT_2).decode()
    text = text.replace('"name": "大龙社区"', '"name": "大龙社区", "name": "大龙社区"', 1)
    error = refused(lambda: loads(text, Dataset))
    assert [(p.path, p.code) for p in error.errors] == [("$.communities[1].name", "duplicate_key")]


@pytest.mark.parametrize(
    "data",
    [
        b"\xef\xbb\xbf" + DOCUMENT.encode(),
        "\ufeff" + DOCUMENT,
        b"\xff\xfe" + DOCUMENT.encode("utf-16-le"),
        DOCUMENT.encode("utf-16"),
        b"\xc3\x28",
        DOCUMENT.encode()[:-1] + b"\xff",
        b"",
        "   ",
    ],
    ids=["utf8-bom", "str-bom", "utf16-bom", "utf16", "bad-utf8", "bad-utf8-end", "empty", "blank"],
)
def test_boms_and_encodings(data: str | bytes) -> None:
    """Byte order marks, UTF-16, invalid UTF-8 and empty input."""
    refused(lambda: loads(data, Dataset))


def test_truncated_documents() -> None:
    """A document cut anywhere is refused (it is either not JSON or not a whole document)."""
    encoded = DOCUMENT.encode()
    for end in range(0, len(encoded), max(1, len(encoded) // 300)):
        refused(lambda end=end: loads(encoded[:end], Dataset))


def test_not_text_at_all() -> None:
    """Input that is not str or bytes."""
    refused(lambda: loads(None, Dataset))  # type: ignore[arg-type]
    refused(lambda: loads(123, Count))  # type: ignore[arg-type]


def test_garbage_json_lines() -> None:
    """Every broken line of a JSON Lines stream is reported, and nothing else escapes."""
    lines = [
        b"\xef\xbb\xbf{}",
        b"[" * 100_000,
        b'{"type": "activity"}',
        b'{"type": 5}',
        b"\xff\xfe",
        b"null",
        b'"street"',
        b'{"type": "street", "id": "a", "name": "x", "kind": "town", "kind": "town"}',
    ]
    error = refused(lambda: list(read_jsonl(io.BytesIO(b"\n".join(lines)))))
    assert sorted({p.line for p in error.errors}) == list(range(1, len(lines) + 1))


def corpus_files() -> list[Path]:
    return sorted(CORPUS.glob("*.json")) if CORPUS.is_dir() else []


@pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"the JSONTestSuite corpus is not at {CORPUS} (it is in CI)"
)
def test_json_test_suite_corpus() -> None:
    """All 318 parsing files of JSONTestSuite, as each type, a document and JSON Lines."""
    files = corpus_files()
    assert len(files) == 318
    loaded = []
    for path in files:
        data = path.read_bytes()
        for cls in TYPES:
            try:
                value = loads(data, cls)
            except ValidationError:
                continue
            assert type(value) is cls
            loaded.append((path.name, cls))
        try:  # as JSON Lines, an empty or blank file is an empty stream
            assert list(read_jsonl(path)) == []
            assert not path.read_bytes().strip()
        except ValidationError:
            pass
    # y_object_string_unicode.json is {"title": "Полтора Землекопа"}: a valid Source, and only
    # that; no file is a valid record or document.
    assert loaded == [("y_object_string_unicode.json", Source)]


def test_corpus_texts_as_field_values() -> None:
    """Every corpus file's text placed in a string field: loads or refuses, never crashes."""
    record: Any = to_dict(RECORDS[-1])
    for path in corpus_files()[:318]:
        text = path.read_bytes().decode("utf-8", errors="replace")
        only_validation_errors(
            lambda text=text: from_dict({**record, "title": text}, type(RECORDS[-1]))
        )
