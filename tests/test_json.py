"""JSON text (``parse_json``): what is read, and duplicate keys, which would lose a value."""

import json

from support import CLINIC, paths

from community_model import Activity, Dataset, loads, to_dict


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
