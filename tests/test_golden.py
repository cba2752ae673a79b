"""The wire format is pinned: files written by an earlier version load and write back unchanged.

tests/golden/v<N>/ holds datasets written once by tools/write_golden.py, by the version that
introduced schema_version N, each as a document and as JSON Lines. Every later version must load
each file, with no problem, to objects equal to those of its other form, and write those objects
back: JSON Lines byte for byte, documents byte for byte under the current version number (so far
every version only adds to the format: docs/compatibility.md). The example of the current
version's files is ``community_model.suzhou_2023()``. A change that breaks this changes the wire
format: it needs a new ``schema_version`` and an upgrade function, and the files here stay as
they are.
"""

from __future__ import annotations

import difflib
import functools
import io
import json
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import ParamSpec

import pytest

from community_model import (
    SCHEMA_VERSION,
    Dataset,
    ValidationError,
    dumps,
    loads,
    read_jsonl,
    suzhou_2023,
    write_jsonl,
)
from community_model._document import UPGRADES

GOLDEN = Path(__file__).parent / "golden"
POLICY = "docs/compatibility.md"
NAMES = ("suzhou_2023", "generated")
#: Every schema version with golden files, oldest first: each folder ``v<N>``.
VERSIONS = sorted(int(folder.name[1:]) for folder in GOLDEN.glob("v[0-9]*"))
#: Every golden dataset, as (version, name).
FILES = [(version, name) for version in VERSIONS for name in NAMES]
P = ParamSpec("P")
WIRE_CHANGED = (
    "The wire format changed: {file} was written by an earlier version of community_model, and "
    "every later version must read it to equal objects and write it back byte for byte. Either "
    "undo the change, or make it a new schema_version with an upgrade function that turns "
    f"older documents into the new form, and keep this file as it is (see {POLICY})."
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


def _golden(version: int, name: str, suffix: str) -> tuple[bytes, str]:
    path = GOLDEN / f"v{version}" / f"{name}{suffix}"
    return path.read_bytes(), f"tests/golden/v{version}/{path.name}"


def upgraded(document: bytes, version: int) -> str:
    """A golden document as plain data brought to the current version by the upgrade
    functions, as compact JSON text (key order kept)."""
    data = json.loads(document)
    while version < SCHEMA_VERSION:
        data = UPGRADES[version](data)
        version += 1
    return json.dumps(data, ensure_ascii=False)


def test_every_version_has_its_golden_files() -> None:
    """v1 up to the current schema version, each with every dataset in both forms."""
    assert list(range(1, SCHEMA_VERSION + 1)) == VERSIONS
    for version, name in FILES:
        for suffix in (".json", ".jsonl"):
            assert (GOLDEN / f"v{version}" / f"{name}{suffix}").is_file(), (version, name)


@pytest.mark.parametrize(("version", "name"), FILES)
@reported
def test_document_loads_and_writes_back_byte_for_byte(version: int, name: str) -> None:
    """A golden document loads, and ``dumps`` (as ``save_dataset`` writes) gives its bytes, or
    for an older version the data its upgrade to the current one gives."""
    text, file = _golden(version, name, ".json")
    dataset = load_document(text, file)
    assert len(dataset) > 0, f"{file} holds no records"
    written = dumps(dataset, indent=True).encode("utf-8")
    if version == SCHEMA_VERSION:
        assert_same_bytes(written, text, file)
    else:  # an older document is written as the upgrade functions make it: nothing lost
        again = json.dumps(json.loads(written), ensure_ascii=False)
        assert again == upgraded(text, version), (
            f"{file} is not written back as its upgrade to version {SCHEMA_VERSION}. "
            + WIRE_CHANGED.format(file=file)
        )


@pytest.mark.parametrize(("version", "name"), FILES)
@reported
def test_json_lines_load_and_write_back_byte_for_byte(version: int, name: str) -> None:
    """A golden JSON Lines file loads, and ``write_jsonl`` gives its bytes."""
    text, file = _golden(version, name, ".jsonl")
    dataset = load_lines(text, file)
    buffer = io.BytesIO()
    write_jsonl(dataset.records(), buffer)
    assert_same_bytes(buffer.getvalue(), text, file)


@pytest.mark.parametrize(("version", "name"), FILES)
@reported
def test_both_forms_hold_equal_records(version: int, name: str) -> None:
    """The document and the JSON Lines file of one dataset load to equal records."""
    document, document_file = _golden(version, name, ".json")
    lines, lines_file = _golden(version, name, ".jsonl")
    from_document = load_document(document, document_file)
    from_lines = load_lines(lines, lines_file)
    assert from_document == from_lines, (
        f"{document_file} and {lines_file} no longer load to equal records. "
        + WIRE_CHANGED.format(file=lines_file)
    )


@pytest.mark.parametrize(("version", "name"), FILES)
def test_documents_state_their_schema_version(version: int, name: str) -> None:
    """The documents of v<N>/ are of version N, the first key of the document."""
    text, _ = _golden(version, name, ".json")
    assert text.startswith(f'{{\n  "schema_version": {version},\n'.encode())


@reported
def test_example_loads_to_the_bundled_example() -> None:
    """The current version's golden copy of the example loads to ``suzhou_2023()``.

    If this alone fails, either loading gives the old file a new meaning (a wire format change:
    see the policy), or the bundled example was edited on purpose; then keep this file as it is
    (it still pins the format) and compare the example with a new golden file instead.
    """
    text, file = _golden(SCHEMA_VERSION, "suzhou_2023", ".json")
    assert load_document(text, file) == suzhou_2023(), (
        f"{file} no longer loads to community_model.suzhou_2023() (see the docstring; {POLICY})"
    )


def test_renaming_a_field_fails_with_a_message_that_says_what_changed() -> None:
    """A field written under another JSON name makes the golden check name it, and the policy."""
    text, file = _golden(SCHEMA_VERSION, "suzhou_2023", ".json")
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
    text, file = _golden(1, "generated", ".jsonl")
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
    text, file = _golden(1, "suzhou_2023", ".json")
    written = text.replace(b'"kind": "subdistrict",\n      "code"', b'"code"', 1)
    with pytest.raises(AssertionError) as failure:
        assert_same_bytes(written, text, file)
    message = str(failure.value)
    assert "no longer written back byte for byte" in message
    assert '-      "kind": "subdistrict",' in message
    assert POLICY in message
