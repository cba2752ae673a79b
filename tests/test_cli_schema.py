"""community-model schema: the JSON Schema of every loadable type, from the one registry."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from community_model import Dataset, dumps, json_schema
from community_model._examples import suzhou_2023
from community_model._registry import TYPES

EXAMPLE = suzhou_2023()
#: Every name ``schema TYPE`` knows: the registry's.
SCHEMA_TYPES = tuple(entry.name for entry in TYPES)


@pytest.mark.parametrize("name", SCHEMA_TYPES)
def test_schema_of_every_type_is_a_valid_schema(cli: Any, name: str) -> None:
    """Every TYPE prints a draft 2020-12 schema that jsonschema accepts."""
    result = cli("schema", name)
    assert result.status == 0
    schema = json.loads(result.out)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_schema_types_are_every_class_of_a_document() -> None:
    """The registry covers every class a document refers to."""
    names = {re.sub(r"(?<!^)(?=[A-Z])", "_", n).lower() for n in json_schema(Dataset)["$defs"]}
    assert names <= set(SCHEMA_TYPES)


def test_schema_document_is_the_default_and_accepts_the_example(cli: Any) -> None:
    """No TYPE means the document; the example document is valid against it."""
    result = cli("schema")
    schema = json.loads(result.out)
    assert schema == json_schema(Dataset)
    assert "党委" in result.out  # UTF-8, not \\u escapes
    jsonschema.Draft202012Validator(schema).validate(json.loads(dumps(EXAMPLE)))


def test_schema_line_accepts_every_line(cli: Any, lines: Path) -> None:
    """Each line of a JSON Lines file is valid against ``schema line``."""
    validator = jsonschema.Draft202012Validator(json.loads(cli("schema", "line").out))
    for line in lines.read_text(encoding="utf-8").splitlines():
        validator.validate(json.loads(line))


def test_schema_unknown_type_lists_the_types(cli: Any) -> None:
    """An unknown TYPE exits 2 and names the types there are."""
    result = cli("schema", "village")
    assert result.status == 2
    assert result.out == ""
    assert "unknown TYPE 'village'" in result.err
    for name in SCHEMA_TYPES:
        assert name in result.err
