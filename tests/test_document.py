"""The document format: ``schema_version`` first, the collections, exact round trips."""

import pytest
from support import paths

from community_model import Dataset, ValidationError, dumps, loads
from community_model._document import SCHEMA_VERSION, UPGRADES
from community_model._examples import suzhou_2023

DATASET = suzhou_2023()


def test_the_document_round_trips_byte_for_byte() -> None:
    """A canonical document (compact or indented) is written back byte for byte."""
    for indent in (False, True):
        text = dumps(DATASET, indent=indent)
        again = loads(text, Dataset)
        assert again == DATASET
        assert dumps(again, indent=indent) == text
        assert loads(text.encode(), Dataset) == DATASET


def test_documents_must_say_their_version() -> None:
    """No version, a newer version, or a wrong one are refused with a clear message."""
    assert paths('{"streets": []}', Dataset) == [("$.schema_version", "missing")]
    newer = f'{{"schema_version": {SCHEMA_VERSION + 1}}}'
    assert paths(newer, Dataset) == [("$.schema_version", "newer_schema")]
    assert paths('{"schema_version": "1"}', Dataset) == [("$.schema_version", "type")]
    assert paths('{"schema_version": 0}', Dataset) == [("$.schema_version", "type")]
    for version in range(1, SCHEMA_VERSION + 1):  # every older version is upgraded on reading
        assert loads(f'{{"schema_version": {version}}}', Dataset) == Dataset()


def test_each_upgrade_gives_a_document_of_the_next_version() -> None:
    """Every step of UPGRADES turns a document of its version into one of the next, keeping
    what it holds; the last step gives the version this library writes."""
    assert set(UPGRADES) == set(range(1, SCHEMA_VERSION))
    for version, upgrade in UPGRADES.items():
        document = {"schema_version": version, "streets": [{"id": "s"}]}
        upgraded = upgrade(document)
        assert upgraded["schema_version"] == version + 1
        assert upgraded["streets"] == [{"id": "s"}]
        assert document == {"schema_version": version, "streets": [{"id": "s"}]}


def test_documents_refused_say_why() -> None:
    """Each refusal of a document as a whole says where, what it got and what it expects."""
    newest = SCHEMA_VERSION
    cases = {
        "[]": ("$", "type", "a document must be a JSON object (got an array)"),
        '{"streets": []}': (
            "$.schema_version",
            "missing",
            "a document must give its 'schema_version' (this library reads versions up to "
            f"{newest})",
        ),
        '{"schema_version": "1"}': (
            "$.schema_version",
            "type",
            "'schema_version' must be a whole number from 1 (got the string '1')",
        ),
        '{"schema_version": 0}': (
            "$.schema_version",
            "type",
            "'schema_version' must be a whole number from 1 (got the number 0)",
        ),
        f'{{"schema_version": {newest + 1}}}': (
            "$.schema_version",
            "newer_schema",
            f"the document was written with schema version {newest + 1}, newer than this library "
            f"reads ({newest}); upgrade community_model to read it",
        ),
    }
    for text, said in cases.items():
        with pytest.raises(ValidationError) as caught:
            loads(text, Dataset)
        assert [(p.path, p.code, p.message) for p in caught.value.errors] == [said]
