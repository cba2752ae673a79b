"""The entry points ``loads`` and ``dumps``: exact round trips of every record and dataset, and
the issue's examples of what loading refuses.
"""

import io

import pytest
from hypothesis import given, settings
from support import clinic, examples, paths

from community_model import (
    Activity,
    Compound,
    Dataset,
    Entity,
    ValidationError,
    dumps,
    loads,
    read_jsonl,
    write_jsonl,
)
from community_model._examples import suzhou_2023_records
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
