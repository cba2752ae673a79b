"""The fast writers write what the plain, generic dumper wrote: byte for byte (issue 16).

``dumps``, ``dumpb``, ``to_dict`` and ``write_jsonl`` go through dumpers generated per class that
inline small records, read a value's kept text inline, and leave vocabulary members and tuples
for orjson to write (``to_dict`` still gives plain lists and strings). Each is held here against
:func:`reference`: the previous implementation's rules restated as one small generic function
(a dict of the fields that are set, ``sources`` last, each value written from scratch), on the
golden files, the bundled example and generated datasets. A value's text kept from parsing is
held against the text ``format`` makes for a fresh copy, over texts drawn from the patterns.
"""

from __future__ import annotations

import decimal
import enum
import functools
import importlib.util
import io
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import orjson
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from community_model import (
    ENTITY_TYPES,
    Activity,
    Dataset,
    DivisionCode,
    DomainWarning,
    Entity,
    Money,
    PartialDate,
    When,
    dumpb,
    dumps,
    loads,
    read_jsonl,
    suzhou_2023,
    to_dict,
    write_jsonl,
)
from community_model._dataset.collection import COLLECTIONS
from community_model._document import SCHEMA_VERSION
from community_model._values.when import DATE_PATTERN, MINUTE_PATTERN, MOMENT_PATTERN, Minute

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
TAGS = {cls: cls.record_kind.value for cls in ENTITY_TYPES}


# -- the previous implementation, restated ---------------------------------------------------------


def reference(value: Any) -> Any:
    """Plain JSON data of a record or value, as the generic dumper wrote it.

    A record: its fields that travel (those ``__init__`` takes) in declaration order, ``sources``
    last, leaving out ``None`` and the empty lists of fields that are not required; vocabulary
    members as their codes, tuples as lists, decimals as plain strings, value types as the text
    ``format`` makes for a fresh copy (so no kept text is trusted).
    """
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [reference(item) for item in value]
    if isinstance(value, decimal.Decimal):
        return format(value, "f")
    if isinstance(value, str | int | bool):
        return value
    cls = type(value)
    if cls._wire_form == "text":
        return attrs.evolve(value).format()
    fields = [field for field in attrs.fields(cls) if field.init]
    fields.sort(key=lambda field: field.name == "sources")
    found = {}
    for field in fields:
        item = getattr(value, field.name)
        if item is None or (item == () and field.default is not attrs.NOTHING):
            continue
        found[field.name] = reference(item)
    return found


def reference_document(dataset: Dataset) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        **{name: reference(getattr(dataset, name)) for name in COLLECTIONS.values()},
    }


def reference_lines(records: list[Entity]) -> bytes:
    return b"".join(
        orjson.dumps({"type": TAGS[type(record)], **reference(record)}) + b"\n"
        for record in records
    )


def same(a: Any, b: Any, where: str = "$") -> None:
    """``a == b`` with the same types all the way down (a member is not its code, a tuple is not
    a list), so that ``to_dict`` is held to plain data."""
    assert type(a) is type(b), f"{where}: {type(a).__name__} is not {type(b).__name__}"
    if isinstance(a, dict):
        assert list(a) == list(b), f"{where}: keys {list(a)} are not {list(b)}"
        for key in a:
            same(a[key], b[key], f"{where}.{key}")
    elif isinstance(a, list):
        assert len(a) == len(b), f"{where}: {len(a)} items, not {len(b)}"
        for index, (x, y) in enumerate(zip(a, b, strict=True)):
            same(x, y, f"{where}[{index}]")
    else:
        assert a == b, f"{where}: {a!r} is not {b!r}"


# -- data ------------------------------------------------------------------------------------------


def _generator() -> Any:
    """The seeded generator of the benchmarks (benchmarks/_data.py): records of every field the
    benchmarks write, built with the public constructors."""
    spec = importlib.util.spec_from_file_location("_bench_data", ROOT / "benchmarks" / "_data.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _quietly(load: Any) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load()


SEEDS = (1, 2, 3)
NAMES = [
    "suzhou_2023()",
    *(str(path.relative_to(GOLDEN)) for path in sorted(GOLDEN.rglob("*.json*"))),
    *(f"generated, seed {seed}" for seed in SEEDS),
]


@functools.cache
def dataset_named(name: str) -> Dataset:
    if name == "suzhou_2023()":
        return suzhou_2023()
    if name.startswith("generated, seed"):
        return _generator().dataset(1500, seed=int(name.rpartition(" ")[2]))
    path = GOLDEN / name
    if path.suffix == ".jsonl":
        return _quietly(lambda: Dataset.from_records(read_jsonl(path)))
    return _quietly(lambda: loads(path.read_bytes(), Dataset))


def fresh(dataset: Dataset) -> Dataset:
    """The same records, read again from their JSON (values made by parsing keep their text)."""
    return loads(dumpb(dataset), Dataset)


# -- the tests -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_a_document_is_written_as_the_generic_dumper_wrote_it(name: str) -> None:
    for dataset in (dataset_named(name), fresh(dataset_named(name))):
        expected = orjson.dumps(reference_document(dataset))
        assert dumpb(dataset) == expected
        assert dumps(dataset) == expected.decode()
        assert (
            dumps(dataset, indent=True)
            == orjson.dumps(reference_document(dataset), option=orjson.OPT_INDENT_2).decode()
        )
        same(to_dict(dataset), reference_document(dataset))


@pytest.mark.parametrize("name", NAMES)
def test_records_and_lists_of_records_are_written_as_before(name: str) -> None:
    dataset = dataset_named(name)
    records = list(dataset.records())
    for cls in ENTITY_TYPES:
        some = [record for record in records if type(record) is cls]
        assert dumpb(some) == orjson.dumps(reference(some))
        same(to_dict(some), reference(some))
        same(to_dict(tuple(some)), reference(some))
        for record in some[:20]:
            assert dumpb(record) == orjson.dumps(reference(record))
            assert dumps(record) == orjson.dumps(reference(record)).decode()
            same(to_dict(record), reference(record))
    mixed = records[::7]  # records of several classes in one list
    assert dumpb(mixed) == orjson.dumps(reference(mixed))
    same(to_dict(mixed), reference(mixed))


@pytest.mark.parametrize("name", NAMES)
def test_json_lines_are_written_as_before(name: str, tmp_path: Path) -> None:
    records = list(dataset_named(name).records())
    expected = reference_lines(records)
    binary = io.BytesIO()
    assert write_jsonl(records, binary) == len(records)
    assert binary.getvalue() == expected
    text = io.StringIO()
    write_jsonl(iter(records), text)
    assert text.getvalue() == expected.decode()
    write_jsonl(records, tmp_path / "out.jsonl")
    assert (tmp_path / "out.jsonl").read_bytes() == expected


@pytest.mark.parametrize(
    "path", sorted(GOLDEN.rglob("*.json*")), ids=lambda path: f"{path.parent.name}/{path.name}"
)
def test_golden_files_are_written_back_as_the_generic_dumper_writes_them(path: Path) -> None:
    """Where the previous writer gave a golden file back byte for byte, so does this one; where
    it did not (files of an older schema version), this one writes what it wrote."""
    text = path.read_bytes()
    if path.suffix == ".jsonl":
        records = _quietly(lambda: list(read_jsonl(io.BytesIO(text))))
        out = io.BytesIO()
        write_jsonl(records, out)
        written, expected = out.getvalue(), reference_lines(records)
    else:
        dataset = _quietly(lambda: loads(text, Dataset))
        written = dumps(dataset, indent=True).encode() + b"\n"
        expected = orjson.dumps(reference_document(dataset), option=orjson.OPT_INDENT_2) + b"\n"
        if not text.endswith(b"\n"):
            written, expected = written[:-1], expected[:-1]
    assert written == expected
    assert (written == text) == (expected == text)


def test_a_list_of_records_of_one_class_can_hold_other_values() -> None:
    activity = next(iter(dataset_named("suzhou_2023()").activities))
    when = When.parse("2023-08-18")
    assert dumpb([activity, when, [when]]) == orjson.dumps(
        [reference(activity), "2023-08-18", ["2023-08-18"]]
    )
    same(to_dict([when, when]), ["2023-08-18", "2023-08-18"])
    assert dumpb([]) == b"[]"
    assert dumpb(()) == b"[]"


def test_a_type_that_is_not_a_record_is_refused_by_write_jsonl() -> None:
    with pytest.raises(TypeError, match="item 1 is not a record: When"):
        write_jsonl(
            [next(iter(dataset_named("suzhou_2023()").activities)), When.year(2023)], io.BytesIO()
        )


# -- kept text -------------------------------------------------------------------------------------


def _kept_text_is_made_text(value: Any) -> None:
    kept = value.format()
    assert kept == attrs.evolve(value).format(), "the text kept from parsing is not canonical"
    assert type(value).parse(kept) == value


def _try(parse: Any, text: str) -> Any:
    try:
        return parse(text)
    except ValueError:  # ValidationError: text the pattern admits and the rules refuse
        return None


_POINT = st.one_of(
    st.from_regex(f"\\A{DATE_PATTERN}\\Z"),
    st.from_regex(f"\\A{MINUTE_PATTERN}\\Z"),
    st.from_regex(f"\\A{MOMENT_PATTERN}\\Z"),
    st.sampled_from(["2023-08-18T18:30:00.000000+08:00", "2023-08-18T18:30-00:00"]),
)


_TIME = st.one_of(
    _POINT,
    st.builds("{}/{}".format, _POINT, _POINT),
    st.builds("../{}".format, _POINT),
    st.builds("{}/..".format, _POINT),
    st.builds("{}/".format, _POINT),
    st.builds("/{}".format, _POINT),
)


@given(_TIME)
def test_a_time_keeps_the_text_it_was_read_from_only_when_format_makes_it(text: str) -> None:
    when = _try(When.parse, text)
    if when is not None:
        _kept_text_is_made_text(when)
        for point in (when.start, when.end):
            if isinstance(point, PartialDate | Minute):
                _kept_text_is_made_text(point)


@given(st.from_regex(r"\A[0-9]{9}(?:[0-9]{3})?(?:@[0-9]{4})?\Z"))
@example("500100000")  # a placeholder township segment: valid, with a warning
def test_a_division_code_keeps_its_text(text: str) -> None:
    with warnings.catch_warnings():  # a placeholder code (a segment of zeros) warns and is kept
        warnings.simplefilter("ignore", DomainWarning)
        code = _try(DivisionCode.parse, text)
        if code is not None:
            _kept_text_is_made_text(code)


@given(st.from_regex(r"\A(?:0|[1-9][0-9]{0,8})(?:\.[0-9]{1,2})?\Z"))
def test_an_amount_keeps_its_text(text: str) -> None:
    _kept_text_is_made_text(Money.parse(text))


def test_values_made_by_constructors_write_the_text_they_make() -> None:
    when = When.day(2023, 8, 18)
    assert when._text is None  # nothing kept before it is first written
    activity = attrs.evolve(next(iter(dataset_named("suzhou_2023()").activities)), when=when)
    assert orjson.loads(dumpb(activity))["when"] == "2023-08-18"
    assert when._text == "2023-08-18"
    assert isinstance(activity, Activity)


def test_lines_made_before_a_failure_are_written_to_an_open_file() -> None:
    """Lines go out in batches, and those made before an error are written as they were when
    each line was written on its own."""
    records = list(dataset_named("generated, seed 1").records())[:600]

    def failing() -> Iterator[Entity]:
        yield from records
        raise RuntimeError("the source failed")

    out = io.BytesIO()
    with pytest.raises(RuntimeError, match="the source failed"):
        write_jsonl(failing(), out)
    assert out.getvalue() == reference_lines(records)
    out = io.BytesIO()
    with pytest.raises(TypeError, match="item 600 is not a record"):
        write_jsonl([*records, "not a record"], out)  # type: ignore[list-item]
    assert out.getvalue() == reference_lines(records)
