"""Limits on loading: hostile input is refused early, with the limit named, in little memory."""

import io
import tracemalloc
from pathlib import Path

import pytest

from community_model import (
    ConfigurationError,
    Dataset,
    Entity,
    Limits,
    Source,
    ValidationError,
    dumps,
    load_dataset,
    loads,
    read_jsonl,
    write_jsonl,
)
from community_model._examples import suzhou_2023


def limit_problem(call: object) -> tuple[str, str, str]:
    assert callable(call)
    with pytest.raises(ValidationError) as caught:
        call()
    (problem,) = caught.value.errors
    assert problem.code == "limit"
    return problem.path, problem.message, problem.code


def test_size_is_checked_before_parsing() -> None:
    """A text larger than max_bytes is refused without being parsed (it is not even JSON)."""
    path, message, _ = limit_problem(
        lambda: loads("x" * 2000, Dataset, limits=Limits(max_bytes=1000))
    )
    assert path == "$"
    assert "2,000 bytes" in message
    assert "max_bytes=1,000" in message
    assert "Limits(max_bytes=...)" in message


def test_depth_is_checked_before_building() -> None:
    """Nesting deeper than max_depth is refused at the deepest object, with its path."""
    text = '{"schema_version": 1, "streets": [[[[{"a": 1}]]]]}'
    path, message, _ = limit_problem(lambda: loads(text, Dataset, limits=Limits(max_depth=4)))
    assert path == "$.streets[0][0][0]"  # the root is level 1
    assert "5 levels" in message
    deep = "[" * 500 + "]" * 500  # below the parser's 1,024, above the default 64
    assert limit_problem(lambda: loads(deep, Entity))[0].startswith("$[0][0]")


def test_long_strings_and_arrays() -> None:
    """A string or an array over its limit is refused at its path."""
    text = '{"title": "' + "长" * 50 + '"}'
    path, message, _ = limit_problem(
        lambda: loads(text, Entity, limits=Limits(max_string_length=10))
    )
    assert (path, "50 characters" in message) == ("$.title", True)
    text = '{"schema_version": 1, "activities": [' + ",".join(["{}"] * 20) + "]}"
    path, _, _ = limit_problem(lambda: loads(text, Dataset, limits=Limits(max_list_length=10)))
    assert path == "$.activities"


def test_a_huge_line_is_skipped_in_little_memory() -> None:
    """A 30 MB line is refused by its number without being held; later lines still load."""
    good = '{"type": "street", "id": "s", "name": "某街道", "kind": "town"}\n'
    huge = '{"type": "street", "name": "' + "长" * 10_000_000 + '"}\n'
    stream = io.BytesIO((good + huge + good.replace('"s"', '"t"')).encode())
    tracemalloc.start()
    records: list[Entity] = []
    with pytest.raises(ValidationError) as caught:
        records.extend(read_jsonl(stream, limits=Limits(max_line_bytes=1000)))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert [r.id for r in records] == ["s", "t"]
    assert [(p.line, p.code) for p in caught.value.errors] == [(2, "limit")]
    assert peak < 5_000_000  # the line has 30,000,000 bytes


def test_a_document_file_over_the_limit_is_not_read(tmp_path: Path) -> None:
    """load_dataset looks at the file's size first."""
    path = tmp_path / "big.json"
    path.write_bytes(b" " * 5000)
    assert limit_problem(lambda: load_dataset(path, limits=Limits(max_bytes=100)))[0] == "$"


def test_defaults_accept_real_data() -> None:
    """The example dataset is far inside the default limits."""
    assert loads(dumps(suzhou_2023()), Dataset) == suzhou_2023()


@pytest.mark.parametrize(
    "arguments",
    [{"max_bytes": 0}, {"max_depth": 1025}, {"max_list_length": -1}, {"max_string_length": 1.5}],
)
def test_limits_must_make_sense(arguments: dict[str, object]) -> None:
    """Limits are whole numbers from 1; depth at most the parser's 1,024."""
    with pytest.raises(ValueError, match="Limits"):
        Limits(**arguments)  # type: ignore[arg-type]


def test_trusted_input_skips_the_limits_but_not_the_rules() -> None:
    """limits=None: no size or shape limit, every rule of every record still applies."""
    text = '{"schema_version": 1, "streets": [[[[{"a": 1}]]]]}'
    with pytest.raises(ValidationError) as caught:
        loads(text, Dataset, limits=None)
    assert {p.code for p in caught.value.errors} == {"type"}
    page = suzhou_2023()
    assert loads(dumps(page), Dataset, limits=None) == page
    lines = io.BytesIO()
    write_jsonl(page.records(), lines)
    assert len(list(read_jsonl(io.BytesIO(lines.getvalue()), limits=None))) == len(page)


def test_limits_count_keys_and_lines_exactly() -> None:
    """A long key is refused whatever its value; a line exactly at the limit is read."""
    with pytest.raises(ValidationError, match="max_string_length"):
        loads('{"' + "k" * 50 + '": {}}', Source, limits=Limits(max_string_length=10))
    line = b'{"type":"street","id":"s","name":"x","kind":"town"}'
    limits = Limits(max_line_bytes=len(line))
    for ending in (b"\n", b"\r\n", b""):
        assert [r.id for r in read_jsonl(io.BytesIO(line + ending), limits=limits)] == ["s"]


def test_limits_are_configuration_errors() -> None:
    """A limit below 1 is a ConfigurationError (a ValueError and a CommunityModelError)."""
    with pytest.raises(ConfigurationError):
        Limits(max_bytes=0)
