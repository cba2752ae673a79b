"""JSON text (``parse_json``): what is read, and duplicate keys, which would lose a value."""

import json
from collections.abc import Callable

import orjson
import pytest
from support import CLINIC, paths

from community_model import Activity, Dataset, Limits, Source, ValidationError, loads, to_dict
from community_model._wire.json import parse_json


def test_duplicate_keys_are_refused() -> None:
    """One of the two values would be lost: refused, with the path; allowed when asked."""
    text = '{"schema_version": 1, "streets": [{"id": "a", "id": "b", "name": "x", "kind": "town"}]}'
    assert paths(text, Dataset) == [("$.streets[0].id", "duplicate_key")]
    loaded = loads(text, Dataset, allow_duplicate_keys=True)
    assert loaded.streets[0].id == "b"


def test_non_canonical_text_without_duplicates_loads() -> None:
    """Text written by other tools (spaces, escapes) is read; only duplicates are refused."""
    text = json.dumps(to_dict(CLINIC), ensure_ascii=True, indent=4)
    assert loads(text, Activity) == CLINIC


def test_keys_given_twice_stop_at_the_problem_cap() -> None:
    """A million keys each given twice built a million duplicate_key problems: they stop at
    max_problems, with a last problem that says so (issue 12)."""
    text = "{" + ",".join(f'"k{n}": 0, "k{n}": 0' for n in range(20_000)) + "}"
    with pytest.raises(ValidationError) as caught:
        loads(text, Source, limits=Limits(max_problems=10))
    codes = [problem.code for problem in caught.value.errors]
    assert codes == ["duplicate_key"] * 10 + ["too_many_problems"]


def refused(call: Callable[[], object]) -> list[tuple[str, str, str]]:
    with pytest.raises(ValidationError) as caught:
        call()
    return [(p.path, p.code, p.message) for p in caught.value.errors]


def test_what_is_not_json_says_why_and_where() -> None:
    """Text that is not a str or bytes says what it got; a syntax error says what the parser
    saw, at which line, column and character."""
    assert refused(lambda: loads(5, Source)) == [  # type: ignore[arg-type]
        ("$", "type", "JSON text must be str or bytes (got int)")
    ]
    text = '{"id": "a",\n "title": }'
    with pytest.raises(orjson.JSONDecodeError) as parser:
        orjson.loads(text)
    reason = parser.value.msg  # the parser's own words
    assert refused(lambda: parse_json(text)) == [
        (
            "$",
            "json_syntax",
            f"not valid JSON: {reason} at line 2, column 11 (character 22)",
        )
    ]
    assert parser.value.pos == 22


def test_a_key_given_twice_is_named() -> None:
    """The problem of a key given twice names the key, at the path of its value."""
    assert refused(lambda: parse_json('{"a": {"b": 1, "b": 2}}')) == [
        (
            "$.a.b",
            "duplicate_key",
            "the key 'b' is given more than once; one of its values would be lost",
        )
    ]


def test_text_too_deep_for_the_standard_library_is_refused_whole() -> None:
    """Without limits, text that orjson reads but that nests too deeply for the standard
    library's parser (used to look for keys given twice) is refused, not a crash."""
    text = " " + "[" * 1000 + "{}" + "]" * 1000
    assert refused(lambda: parse_json(text, limits=None)) == [
        ("$", "too_deep", "the JSON nests too deeply to read")
    ]


def test_parse_json_checks_the_depth_unless_told_not_to() -> None:
    """The depth is checked by default; only a caller whose loader bounds the depth defers it."""
    at, over = "[[]]", "[[[]]]"
    assert parse_json(at, limits=Limits(max_depth=2)) == [[]]
    assert [
        code for _, code, _ in refused(lambda: parse_json(over, limits=Limits(max_depth=2)))
    ] == ["limit"]
    assert parse_json(over, limits=Limits(max_depth=2), defer_depth=True) == [[[]]]


@pytest.mark.parametrize("cls", [Source, list[Source]], ids=["record", "list"])
def test_a_limit_is_reported_before_a_key_given_twice(cls: type) -> None:
    """Text over a limit that also gives a key twice is refused for the limit, first and alone,
    whether the depth is checked while parsing or after the load."""
    inner = '{"title": "a", "title": "b", "x": [[[[[[[[1]]]]]]]]}'
    text = inner if cls is Source else f"[{inner}]"
    found = refused(lambda: loads(text, cls, limits=Limits(max_depth=5)))
    assert [code for _, code, _ in found] == ["limit"]
    assert "max_depth=5" in found[0][2]
