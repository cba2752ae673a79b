"""The entry points ``loads`` and ``dumps``: exact round trips of every record and dataset, and
the issue's examples of what loading refuses.
"""

import io
from collections.abc import Callable
from typing import Any

import attrs
import cattrs
import jsonschema
import orjson
import pytest
from hypothesis import given, settings
from support import clinic, examples, paths

from community_model import (
    Activity,
    Compound,
    Dataset,
    Entity,
    Limits,
    Problem,
    Street,
    ValidationError,
    dumpb,
    dumps,
    from_dict,
    json_schema,
    loads,
    make_converter,
    read_jsonl,
    to_dict,
    write_jsonl,
)
from community_model._dataset.collection import COLLECTIONS
from community_model._document import SCHEMA_VERSION
from community_model._examples import suzhou_2023, suzhou_2023_records
from community_model.strategies import datasets

RECORDS = suzhou_2023_records()


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: r.id)
def test_every_source_page_record_round_trips(record: Entity) -> None:
    """loads(dumps(x), type(x)) == x, and dumps of that is the same text."""
    text = dumps(record)
    again = loads(text, type(record))
    assert again == record
    assert type(again) is type(record)
    assert dumps(again) == text


def test_the_issues_examples_hold() -> None:
    """A long title at $.title; a negative count and an unknown code both; array for object."""
    assert paths(clinic(title="长" * 201), Activity) == [("$.title", "too_long")]
    found = paths(
        clinic(participants={"value": -1, "qualifier": "more_than"}, category="bazaar"), Activity
    )
    assert sorted(found) == [("$.category", "enum"), ("$.participants.value", "too_small")]
    assert paths("[]", Activity) == [("$", "type")]
    with pytest.raises(ValidationError) as caught:
        loads('{"id": "a",\n "title": }', Activity)
    (problem,) = caught.value.errors
    assert problem.code == "json_syntax"
    assert "line 2, column 11" in problem.message


def test_every_constructible_record_dumps() -> None:
    """What constructs also dumps: no orjson error after validation passed."""
    compound = Compound(name="𠀀𪚥 rare but whole", buildings=("4幢",))
    assert loads(dumps(compound), Compound) == compound


@settings(max_examples=examples(0.6))  # whole datasets: 60 under ci
@given(datasets())
def test_datasets_round_trip_through_a_document_and_json_lines(dataset: Dataset) -> None:
    """Every generated dataset comes back equal through a document and through JSON Lines."""
    assert loads(dumps(dataset), Dataset) == dataset
    lines = io.StringIO()
    write_jsonl(dataset.records(), lines)
    assert Dataset.from_records(read_jsonl(io.StringIO(lines.getvalue()))) == dataset


# -- every entry point, for records and datasets -------------------------------------------------

DATASET = suzhou_2023()


def test_to_dict_of_a_dataset_is_its_document() -> None:
    """A dataset's plain data is its document: the version, then every list, empty ones too."""
    data = to_dict(DATASET)
    assert list(data) == ["schema_version", *COLLECTIONS.values()]
    assert data["schema_version"] == SCHEMA_VERSION
    assert from_dict(data, Dataset) == DATASET
    assert orjson.loads(dumps(DATASET)) == data


def test_from_dict_leaves_the_callers_data_as_it_was() -> None:
    """Only ``loads`` takes records out of the tree it parsed itself; ``from_dict`` reads the
    caller's data without changing it, whether it loads or refuses."""
    data = [to_dict(activity) for activity in suzhou_2023().activities]
    copy = orjson.loads(orjson.dumps(data))
    assert from_dict(data, list[Activity]) == list(suzhou_2023().activities)
    assert data == copy
    with pytest.raises(ValidationError):
        from_dict([*data, {"id": 1}], list[Activity])
    assert data == copy


def test_from_dict_is_strict_and_stops_at_the_problem_cap() -> None:
    """from_dict refuses unknown fields unless strict=False, and collects at most
    Limits().max_problems problems, then says it stopped."""
    data = {**to_dict(RECORDS[0]), "surplus": 1}
    assert [(p.path, p.code) for p in caught(lambda: from_dict(data, type(RECORDS[0])))] == [
        ("$.surplus", "unknown_field")
    ]
    assert from_dict(data, type(RECORDS[0]), strict=False) == RECORDS[0]
    cap = Limits().max_problems
    problems = caught(lambda: from_dict([{"id": 1}] * cap, list[Street]))
    assert len(problems) == cap + 1
    assert problems[-1].code == "too_many_problems"


def caught(call: Callable[[], object]) -> list[Problem]:
    with pytest.raises(ValidationError) as error:
        call()
    return list(error.value.errors)


@pytest.mark.parametrize("value", [RECORDS[0], RECORDS[-1], DATASET], ids=["first", "last", "all"])
def test_dumps_and_dumpb_write_the_same_text_compact_or_indented(value: object) -> None:
    """dumpb is dumps as bytes; compact text has no line break, indented text is orjson's
    two-space indent of the same data; both load back equal."""
    compact = dumps(value)
    indented = dumps(value, indent=True)
    assert "\n" not in compact
    assert indented == orjson.dumps(orjson.loads(compact), option=orjson.OPT_INDENT_2).decode()
    assert dumpb(value) == compact.encode()
    for indent, text in ((False, compact), (True, indented)):
        written = dumpb(value, indent=indent)
        assert type(written) is bytes
        assert written == text.encode()
        assert loads(written, type(value)) == value


def test_json_schema_of_a_dataset_is_the_document_schema() -> None:
    """The schema of a Dataset is the document's: its version, then every list described."""
    schema = json_schema(Dataset)
    assert schema["properties"]["schema_version"] == {
        "type": "integer",
        "const": SCHEMA_VERSION,
        "description": "The version of the document format.",
    }
    assert schema["description"] == "A community_model document: every kind of record in its list."
    for name in COLLECTIONS.values():
        assert schema["properties"][name]["description"] == f"The {name.replace('_', ' ')}."
    validator = jsonschema.Draft202012Validator(schema)
    assert list(validator.iter_errors(to_dict(DATASET))) == []
    assert list(validator.iter_errors({**to_dict(DATASET), "schema_version": 1})) != []
    street = jsonschema.Draft202012Validator(json_schema(Street))
    assert list(street.iter_errors(to_dict(RECORDS[0]))) == []
    assert list(street.iter_errors(to_dict(DATASET))) != []


@attrs.frozen
class Archive:
    """A user's own class that holds a whole dataset."""

    title: str
    dataset: Dataset


@pytest.mark.parametrize("strict", [True, False])
def test_make_converter_carries_datasets_as_documents(strict: bool) -> None:
    """A converter for a user's class writes a Dataset field as its document and reads it back,
    strictly or not, as from_dict does."""
    converter = make_converter(strict=strict)
    archive = Archive(title="苏州 2023", dataset=DATASET)
    data = converter.unstructure(archive)
    assert data == {"title": "苏州 2023", "dataset": to_dict(DATASET)}
    assert converter.structure(data, Archive) == archive
    extra = {**data, "dataset": {**data["dataset"], "surplus": []}}
    if strict:
        with pytest.raises(cattrs.ClassValidationError) as error:
            converter.structure(extra, Archive)
        (inner,) = error.value.exceptions
        assert isinstance(inner, ValidationError)
        assert [(p.path, p.code) for p in inner.errors] == [("$.surplus", "unknown_field")]
    else:
        assert converter.structure(extra, Archive) == archive
    street = {**to_dict(RECORDS[0]), "surplus": 1}
    with pytest.raises(ValidationError):  # strict unless asked
        make_converter().structure(street, Street)
    if strict:
        with pytest.raises(ValidationError) as refused:
            converter.structure(street, Street)
        assert [(p.path, p.code) for p in refused.value.errors] == [("$.surplus", "unknown_field")]
    else:
        assert converter.structure(street, Street) == RECORDS[0]


def _with_surplus(kind: str) -> tuple[Any, type, str]:
    """A record's data, or a document's, with an unknown field; its class; the field's path."""
    if kind == "record":
        return {**to_dict(RECORDS[0]), "surplus": 1}, Street, "$.surplus"
    document = to_dict(DATASET)
    document["streets"][0]["surplus"] = 1
    return document, Dataset, "$.streets[0].surplus"


@pytest.mark.parametrize("kind", ["record", "document"])
@pytest.mark.parametrize("limits", [Limits(), None], ids=["limits", "no limits"])
def test_loads_and_from_dict_refuse_unknown_fields_unless_lenient(
    limits: Limits | None, kind: str
) -> None:
    """Unknown fields are refused by default, in a record and in a document's record, with or
    without limits; strict=False reads past them."""
    data, cls, path = _with_surplus(kind)
    text = orjson.dumps(data)
    assert [(p.path, p.code) for p in caught(lambda: loads(text, cls, limits=limits))] == [
        (path, "unknown_field")
    ]
    assert [(p.path, p.code) for p in caught(lambda: from_dict(data, cls))] == [
        (path, "unknown_field")
    ]
    assert loads(text, cls, strict=False, limits=limits) == from_dict(data, cls, strict=False)


def test_lenient_loads_stop_at_the_problem_cap_and_the_depth_limit() -> None:
    """Read leniently, a load still stops at max_problems, and unknown fields may not nest past
    max_depth (a strict load refuses them anyway)."""
    text = orjson.dumps([{"id": 1}] * 20)
    problems = caught(
        lambda: loads(text, list[Street], strict=False, limits=Limits(max_problems=5))
    )
    assert [p.code for p in problems][-1] == "too_many_problems"
    assert len(problems) == 6
    deep = {**to_dict(RECORDS[0]), "surplus": [[[[[[[[]]]]]]]]}
    for strict in (True, False):
        found = caught(
            lambda s=strict: loads(orjson.dumps(deep), Street, strict=s, limits=Limits(max_depth=5))
        )
        assert [p.code for p in found] == ["limit"]
