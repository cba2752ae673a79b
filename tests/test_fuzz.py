"""Fuzzing every entry point: whatever the input, only a ValidationError comes out.

Inputs are hostile JSON values (deep, huge, odd numbers, rare Unicode) and valid documents and
JSON Lines with random byte mutations (inserted, deleted, replaced bytes). The targets are
``loads`` for every type, ``read_jsonl``, ``load_dataset`` and the command line's ``validate``.
Bounded here: ``FUZZ_EXAMPLES`` examples per target, by default five times the hypothesis
profile's ``max_examples`` (500 under ``ci``, 50 under ``dev``, 10,000 under ``deep``);
``FUZZ_EXAMPLES=100000`` for a long run. ``fuzz/`` holds the long, coverage-guided run (atheris)
for on-demand use.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import examples, only_validation_errors

from community_model import (
    Dataset,
    ValidationError,
    dumps,
    load_dataset,
    loads,
    read_jsonl,
    write_jsonl,
)
from community_model._cli import main
from community_model._examples import suzhou_2023
from community_model._registry import LOADABLE_TYPES

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES") or examples(5))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,  # capsys is read and emptied after every input
    ],
)
# Whole documents are among the inputs: their repr is large, and that is expected.
pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")
TYPES = LOADABLE_TYPES
PAGE = suzhou_2023()
DOCUMENT = dumps(PAGE).encode()
_lines = io.BytesIO()
write_jsonl(PAGE.records(), _lines)
LINES = _lines.getvalue()

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(st.characters(exclude_categories=("Cs",)), max_size=50),
    lambda children: (
        st.lists(children, max_size=5)
        | st.dictionaries(
            st.sampled_from(["id", "type", "title", "value", "kind", "when", "x", "schema_version"])
            | st.text(max_size=8),
            children,
            max_size=6,
        )
    ),
    max_leaves=30,
)


@st.composite
def mutated(draw: st.DrawFn, original: bytes) -> bytes:
    """``original`` with a few bytes inserted, deleted or replaced at random places."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 8))):
        position = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["insert", "delete", "replace", "cut"]))
        byte = draw(st.sampled_from(b'{}[]",:\\0-9eE.+-tfn\x00\xff\xc3 \n'))
        if action == "insert":
            data[position:position] = bytes([byte])
        elif action == "delete":
            del data[position : position + draw(st.integers(1, 20))]
        elif action == "replace" and position < len(data):
            data[position] = byte
        elif action == "cut":
            del data[position:]
    return bytes(data)


inputs = st.one_of(
    json_values.map(lambda value: json.dumps(value, ensure_ascii=False).encode()),
    st.binary(max_size=200),
    mutated(DOCUMENT),
    mutated(LINES),
    st.sampled_from([DOCUMENT, LINES, b"", b"[" * 2000, b"\xef\xbb\xbf{}"]),
)


@FUZZ
@given(data=inputs, cls=st.sampled_from(TYPES))
def test_loads_every_type(data: bytes, cls: type) -> None:
    """loads of any bytes as any type returns a value of that type or raises ValidationError."""
    try:
        value = loads(data, cls)
    except ValidationError:
        return
    assert isinstance(value, cls)


@FUZZ
@given(data=inputs)
def test_loads_text(data: bytes) -> None:
    """The same through str (valid UTF-8 decoded, else with replacement characters)."""
    text = data.decode("utf-8", errors="replace")
    only_validation_errors(lambda: loads(text, Dataset))


@FUZZ
@given(data=inputs)
def test_read_jsonl(data: bytes) -> None:
    """read_jsonl of any bytes yields records, then raises at most a ValidationError."""
    only_validation_errors(lambda: list(read_jsonl(io.BytesIO(data))))


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder for the file of each input (the file is rewritten: no folder made per input)."""
    return tmp_path_factory.mktemp("fuzz")


@FUZZ
@given(data=inputs, suffix=st.sampled_from([".json", ".jsonl"]))
def test_load_dataset(scratch: Path, data: bytes, suffix: str) -> None:
    """load_dataset of any file content: a Dataset or a ValidationError."""
    path = scratch / f"input{suffix}"
    path.write_bytes(data)
    only_validation_errors(lambda: load_dataset(path))


@FUZZ
@given(data=inputs, suffix=st.sampled_from([".json", ".jsonl"]), references=st.booleans())
def test_cli_validate(
    scratch: Path,
    data: bytes,
    suffix: str,
    references: bool,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The command line's validate ends with 0 or 1 for any file, never with a traceback."""
    path = scratch / f"input{suffix}"
    path.write_bytes(data)
    arguments = ["validate", str(path), *(["--references"] if references else [])]
    assert main(arguments) in (0, 1)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
