"""The wire format is pinned: files written by an earlier version load and write back unchanged.

tests/golden/ holds datasets written once by tools/write_golden.py (schema_version 1), each as a
document and as JSON Lines. Every later version must load each file, with no problem, to objects
equal to those of its other form (and, for the bundled example, to
``community_model.suzhou_2023()``), and write those objects back byte for byte. A change that
breaks this changes the wire format: it needs a new ``schema_version`` and an upgrade function
(docs/compatibility.md), and the files here stay as they are.
"""

from __future__ import annotations

import difflib
import functools
import io
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import ParamSpec

import pytest

from community_model import (
    Dataset,
    ValidationError,
    dumps,
    loads,
    read_jsonl,
    suzhou_2023,
    write_jsonl,
)

GOLDEN = Path(__file__).parent / "golden"
POLICY = "docs/compatibility.md"
NAMES = ("suzhou_2023", "generated")
P = ParamSpec("P")
WIRE_CHANGED = (
    "The wire format changed: {file} was written by an earlier version of community_model, and "
    "every later version must read it to equal objects and write it back byte for byte. Either "
    "undo the change, or make it a new schema_version with an upgrade function that turns "
    f"version-1 documents into the new form, and keep this file as it is (see {POLICY})."
)


def _problems(error: ValidationError, limit: int = 30) -> str:
    """The problems, alike ones together: ``$.streets[*].district: ... [code] (5 times)``."""
    groups: Counter[str] = Counter()
    for problem in error.errors:
        where = "line *: " if problem.line is not None else ""
        path = re.sub(r"\[[0-9]+\]", "[*]", problem.path)
        groups[f"{where}{path}: {problem.message} [{problem.code}]"] += 1
    shown = [
        f"  {text}" + (f" ({count} times)" if count > 1 else "")
        for text, count in list(groups.items())[:limit]
    ]
    if len(groups) > limit:
        shown.append(f"  ... and {len(groups) - limit} more kinds of problem")
    first = error.errors[0]
    line = f"line {first.line}, " if first.line is not None else ""
    shown.append(f"  (the first at {line}{first.path})")
    return "\n".join(shown)


def load_document(text: bytes, file: str) -> Dataset:
    """The dataset of a golden document; an AssertionError saying what no longer loads."""
    try:
        return loads(text, Dataset)
    except ValidationError as error:
        raise AssertionError(
            f"{file} no longer loads: {len(error.errors)} problem(s):\n{_problems(error)}\n\n"
            + WIRE_CHANGED.format(file=file)
        ) from None


def load_lines(text: bytes, file: str) -> Dataset:
    """The records of a golden JSON Lines file, as a dataset; as above when they do not load."""
    try:
        return Dataset.from_records(read_jsonl(io.BytesIO(text)))
    except ValidationError as error:
        raise AssertionError(
            f"{file} no longer loads: {len(error.errors)} problem(s):\n{_problems(error)}\n\n"
            + WIRE_CHANGED.format(file=file)
        ) from None


def assert_same_bytes(written: bytes, golden: bytes, file: str) -> None:
    """``written`` is ``golden``; else the first lines that differ, and the policy."""
    if written == golden:
        return
    diff = difflib.unified_diff(
        golden.decode("utf-8").splitlines(keepends=True),
        written.decode("utf-8").splitlines(keepends=True),
        f"{file} (golden)",
        "written now",
        n=1,
    )
    shown = "".join(list(diff)[:60])
    raise AssertionError(
        f"{file} loads, but is no longer written back byte for byte:\n{shown}\n"
        + WIRE_CHANGED.format(file=file)
    )


def reported(test: Callable[P, None]) -> Callable[P, None]:
    """A failed golden check shows its own message, without a traceback to read through."""

    @functools.wraps(test)
    def run(*args: P.args, **kwargs: P.kwargs) -> None:
        message = None
        try:
            test(*args, **kwargs)
        except AssertionError as failure:
            message = str(failure)
        if message is not None:
            pytest.fail(message, pytrace=False)

    return run


def _golden(name: str, suffix: str) -> tuple[bytes, str]:
    path = GOLDEN / f"{name}{suffix}"
    return path.read_bytes(), f"tests/golden/{path.name}"


@pytest.mark.parametrize("name", NAMES)
@reported
def test_document_loads_and_writes_back_byte_for_byte(name: str) -> None:
    """A golden document loads, and ``dumps`` (as ``save_dataset`` writes) gives its bytes."""
    text, file = _golden(name, ".json")
    dataset = load_document(text, file)
    assert len(dataset) > 0, f"{file} holds no records"
    assert_same_bytes(dumps(dataset, indent=True).encode("utf-8"), text, file)


@pytest.mark.parametrize("name", NAMES)
@reported
def test_json_lines_load_and_write_back_byte_for_byte(name: str) -> None:
    """A golden JSON Lines file loads, and ``write_jsonl`` gives its bytes."""
    text, file = _golden(name, ".jsonl")
    dataset = load_lines(text, file)
    buffer = io.BytesIO()
    write_jsonl(dataset.records(), buffer)
    assert_same_bytes(buffer.getvalue(), text, file)


@pytest.mark.parametrize("name", NAMES)
@reported
def test_both_forms_hold_equal_records(name: str) -> None:
    """The document and the JSON Lines file of one dataset load to equal records."""
    document, document_file = _golden(name, ".json")
    lines, lines_file = _golden(name, ".jsonl")
    from_document = load_document(document, document_file)
    from_lines = load_lines(lines, lines_file)
    assert from_document == from_lines, (
        f"{document_file} and {lines_file} no longer load to equal records. "
        + WIRE_CHANGED.format(file=lines_file)
    )


@pytest.mark.parametrize("name", NAMES)
def test_documents_state_schema_version_1(name: str) -> None:
    """The golden documents are of version 1, the first key of the document."""
    text, _ = _golden(name, ".json")
    assert text.startswith(b'{\n  "schema_version": 1,\n')


@reported
def test_example_loads_to_the_bundled_example() -> None:
    """The golden copy of the example loads to ``community_model.suzhou_2023()``.

    If this alone fails, either loading gives the old file a new meaning (a wire format change:
    see the policy), or the bundled example was edited on purpose; then keep this file as it is
    (it still pins the format) and compare the example with a new golden file instead.
    """
    text, file = _golden("suzhou_2023", ".json")
    assert load_document(text, file) == suzhou_2023(), (
        f"{file} no longer loads to community_model.suzhou_2023() (see the docstring; {POLICY})"
    )


def test_renaming_a_field_fails_with_a_message_that_says_what_changed() -> None:
    """A field written under another JSON name makes the golden check name it, and the policy."""
    text, file = _golden("suzhou_2023", ".json")
    renamed = text.replace(b'"district":', b'"district_name":')
    with pytest.raises(AssertionError) as failure:
        load_document(renamed, file)
    message = str(failure.value)
    assert "$.streets[*].district_name: 'district_name' is not a field of Street" in message
    assert "(5 times)" in message
    assert "[unknown_field]" in message
    assert "The wire format changed" in message
    assert POLICY in message


def test_renaming_a_required_field_reports_it_missing() -> None:
    """A required field under another name is reported missing, and the new name unknown."""
    text, file = _golden("generated", ".jsonl")
    renamed = text.replace(b'"kind":', b'"type_of":')
    with pytest.raises(AssertionError) as failure:
        load_lines(renamed, file)
    message = str(failure.value)
    assert "[missing]" in message
    assert "'type_of' is not a field" in message
    assert "line *: $.kind: 'kind' is required" in message
    assert "(the first at line 1, $.kind)" in message
    assert POLICY in message


def test_a_changed_byte_fails_with_a_diff() -> None:
    """Writing differently (here: one changed key order) shows the lines that differ."""
    text, file = _golden("suzhou_2023", ".json")
    written = text.replace(b'"kind": "subdistrict",\n      "code"', b'"code"', 1)
    with pytest.raises(AssertionError) as failure:
        assert_same_bytes(written, text, file)
    message = str(failure.value)
    assert "no longer written back byte for byte" in message
    assert '-      "kind": "subdistrict",' in message
    assert POLICY in message
