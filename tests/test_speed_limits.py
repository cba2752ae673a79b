"""Limits found as before when the walk over the parsed tree is shortened (issue 16).

``loads`` and ``read_jsonl`` skip the limits that a text of its size cannot exceed, and leave
the depth to a strict loader of ours, which refuses any tree deeper than its class nests; the
depth is then looked for only when the loader refuses the input, before any problem is
reported. So every input gets the problems it got when every limit was checked first: each
case here is held against that order of work, restated.
"""

from __future__ import annotations

import io
import json
from typing import Any

import attrs
import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from community_model import Activity, Dataset, Entity, Limits, ValidationError, loads, read_jsonl
from community_model._wire.converter import from_dict
from community_model._wire.json import parse_json
from community_model._wire.limits import PARSER_DEPTH, _may_hold_long_string, check_tree

VALID: dict[str, Any] = {
    "id": "activity:1",
    "title": "绿色时光健康义诊",
    "category": "free_clinic",
    "organisers": [{"kind": "party_branch", "id": "branch:1"}],
    "when": "2023-08-18",
    "participants": {"value": 400, "qualifier": "more_than", "unit": "people"},
}


def deep(levels: int) -> Any:
    value: Any = "end"
    for _ in range(levels):
        value = {"a": [value]}
    return value


def text(record: Any) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


CASES: dict[str, str] = {
    "valid": text(VALID),
    "valid list": text([VALID, {**VALID, "id": "activity:2"}]),
    "deep under an unknown key": text({**VALID, "extra": deep(40)}),
    "deep where a string goes": text({**VALID, "title": deep(40)}),
    "deep in a list of records": text([VALID, {**VALID, "extra": deep(40)}]),
    "a long string under an unknown key": text({**VALID, "extra": "x" * 300}),
    "a long title": text({**VALID, "title": "义" * 300}),
    "a long list": text({**VALID, "services": [f"s{i}" for i in range(300)]}),
    "a long string of escaped quotes": text({**VALID, "extra": '"' * 300}),
    "a long string, a backslash elsewhere": text({**VALID, "venue": "a\\b", "extra": "x" * 300}),
    "deep and a key given twice": text({**VALID, "extra": deep(40)}).replace(
        '"category":"free_clinic"', '"category":"free_clinic","category":"lecture"'
    ),
    "a key given twice": text(VALID).replace(
        '"category":"free_clinic"', '"category":"free_clinic","category":"lecture"'
    ),
    "a bad record, not deep": text({**VALID, "title": ""}),
}
LIMITS = {
    "default": Limits(),
    "shallow": Limits(max_depth=30),
    "very shallow": Limits(max_depth=3),
    "short strings": Limits(max_string_length=100),
    "short lists": Limits(max_list_length=100),
}


def outcome(read: Any) -> Any:
    try:
        value = read()
    except ValidationError as error:
        return [(p.path, p.code, p.message, p.line) for p in error.errors]
    return value


def every_limit_first(data: str, cls: Any, strict: bool, limits: Limits) -> Any:
    """``loads`` as it was: the size and the syntax, then every limit looked for over the whole
    tree, then the duplicate keys, then the loader."""
    unlimited = attrs.evolve(
        limits, max_depth=PARSER_DEPTH, max_string_length=10**9, max_list_length=10**9
    )
    parse_json(data, limits=unlimited, allow_duplicate_keys=True)
    tree = orjson.loads(data)
    check_tree(tree, limits)
    parse_json(data, limits=None)
    return from_dict(tree, cls, strict=strict)


@pytest.mark.parametrize("limits", list(LIMITS))
@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("strict", [True, False])
def test_loads_finds_what_checking_every_limit_first_found(
    case: str, limits: str, strict: bool
) -> None:
    data = CASES[case]
    cls: Any = list[Activity] if data.startswith("[") else Activity
    expected = outcome(lambda: every_limit_first(data, cls, strict, LIMITS[limits]))
    assert outcome(lambda: loads(data, cls, strict=strict, limits=LIMITS[limits])) == expected
    assert outcome(lambda: loads(data.encode(), cls, strict=strict, limits=LIMITS[limits])) == (
        expected
    )


@pytest.mark.parametrize("limits", list(LIMITS))
@pytest.mark.parametrize("strict", [True, False])
def test_read_jsonl_finds_what_checking_every_limit_first_found(limits: str, strict: bool) -> None:
    lines = [json.loads(CASES[case]) if not CASES[case].startswith("[") else None for case in CASES]
    texts = [
        CASES[case].replace("{", '{"type":"activity",', 1)
        for case, line in zip(CASES, lines, strict=True)
        if line is not None
    ]
    expected = []
    for number, line in enumerate(texts, start=1):
        found = outcome(lambda line=line: every_limit_first(line, Entity, strict, LIMITS[limits]))
        if isinstance(found, list):
            expected += [(path, code, message, number) for path, code, message, _ in found]
    source = io.BytesIO("\n".join(texts).encode())
    got = outcome(lambda: list(read_jsonl(source, strict=strict, limits=LIMITS[limits])))
    if expected:
        assert got == expected
    else:
        assert len(got) == len(texts)


def test_a_document_too_deep_for_its_limit_is_refused_as_before() -> None:
    data = '{"schema_version":2,"streets":[' + text({"extra": deep(40)}) + "]}"
    for limits in LIMITS.values():
        expected = outcome(lambda limits=limits: every_limit_first(data, Dataset, True, limits))
        assert outcome(lambda limits=limits: loads(data, Dataset, limits=limits)) == expected


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=40) | st.text(min_size=5),
    lambda inner: (
        st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=40), inner, max_size=5)
    ),
    max_leaves=30,
)


def _longest(tree: Any) -> int:
    if isinstance(tree, str):
        return len(tree)
    if isinstance(tree, list):
        return max(map(_longest, tree), default=0)
    if isinstance(tree, dict):
        return max([0, *map(_longest, tree), *map(_longest, tree.values())])
    return 0


@given(_JSON, st.integers(min_value=1, max_value=12), st.booleans())
def test_no_long_string_is_missed_by_the_look_at_the_text(
    tree: Any, most: int, ascii: bool
) -> None:
    data = json.dumps(tree, ensure_ascii=ascii, separators=(",", ":"))
    for form in (data, data.encode("utf-8", "surrogatepass")):
        if not _may_hold_long_string(form, most):
            assert _longest(tree) <= most
