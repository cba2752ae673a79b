"""JSON text (``parse_json``): what is read, and duplicate keys, which would lose a value."""

import json

import pytest
from support import CLINIC, paths

from community_model import Activity, Dataset, Limits, Source, ValidationError, loads, to_dict


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
