"""Every mutation of a valid document that breaks a rule is refused at the mutated path.

The mutations are read off the JSON Schema (itself generated from the classes): a string one
character too long, a number below its minimum, a code outside its vocabulary, a wrong JSON type,
a required field removed, an unknown field added. Each must be refused, with a problem at exactly
the path that was changed.
"""

from collections.abc import Iterator
from typing import Any

import orjson
import pytest

from community_model import Dataset, ValidationError, from_dict, json_schema, to_dict
from community_model._examples import suzhou_2023_records

DATASET = Dataset.from_records(suzhou_2023_records())


def resolve(schema: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in schema:
        return defs[schema["$ref"].rsplit("/", 1)[-1]]
    for option in schema.get("anyOf", ()):
        if option.get("type") != "null":
            return resolve(option, defs)
    return schema


def broken_values(schema: dict[str, Any]) -> Iterator[Any]:
    """Values that break ``schema`` by one rule each."""
    kind = schema.get("type")
    kinds = kind if isinstance(kind, list) else [kind]
    if "string" in kinds:
        yield 12345
        if "maxLength" in schema:
            yield "长" * (schema["maxLength"] + 1)
        if schema.get("minLength", 0) >= 1:
            yield ""
        if "enum" in schema:
            yield "not-a-code"
    if "integer" in kinds:
        yield "1"
        yield True
        if "minimum" in schema:
            yield schema["minimum"] - 1
        if "maximum" in schema:
            yield schema["maximum"] + 1
    if "boolean" in kinds:
        yield 1
    if "array" in kinds:
        yield {}
        if schema.get("minItems", 0) >= 1:
            yield []
    if "object" in kinds:
        yield []


Action = tuple[Any, ...]


def mutations(
    data: Any, schema: dict[str, Any], defs: dict[str, Any], path: str, where: tuple[Any, ...]
) -> Iterator[tuple[str, tuple[Any, ...], Action]]:
    """(path, location of the container, action) for every rule-breaking change of ``data``."""
    schema = resolve(schema, defs)
    if isinstance(data, dict):
        properties = schema.get("properties", {})
        for key in schema.get("required", ()):
            if key in data:
                yield f"{path}.{key}", where, ("delete", key)
        yield f"{path}.zz_unknown", where, ("set", "zz_unknown", 1)
        for key, value in data.items():
            if key not in properties:
                continue
            sub = resolve(properties[key], defs)
            for bad in broken_values(sub):
                yield f"{path}.{key}", where, ("set", key, bad)
            yield from mutations(value, sub, defs, f"{path}.{key}", (*where, key))
    elif isinstance(data, list):
        items = resolve(schema.get("items", {}), defs)
        for index, item in enumerate(data):
            for bad in broken_values(items):
                yield f"{path}[{index}]", where, ("set", index, bad)
            yield from mutations(item, items, defs, f"{path}[{index}]", (*where, index))


def apply(data: Any, where: tuple[Any, ...], action: Action) -> None:
    container = data
    for step in where:
        container = container[step]
    if action[0] == "delete":
        del container[action[1]]
    else:
        container[action[1]] = action[2]


PLAIN = orjson.dumps(to_dict(DATASET))
SCHEMA = json_schema(Dataset)
MUTATIONS = list(mutations(to_dict(DATASET), SCHEMA, SCHEMA["$defs"], "$", ()))


def test_there_are_many_mutations() -> None:
    """The walk reaches every kind of record and rule."""
    assert len(MUTATIONS) > 500
    assert {path.split("[")[0] for path, _, _ in MUTATIONS} >= {
        "$.streets",
        "$.communities",
        "$.party_branches",
        "$.organisations",
        "$.people",
        "$.partnerships",
        "$.service_projects",
        "$.activities",
    }


@pytest.mark.parametrize("chunk", range(8))
def test_every_mutation_is_refused_at_its_path(chunk: int) -> None:
    """Each rule-breaking change gives a ValidationError with a problem at the changed path."""
    failures = []
    for path, where, action in MUTATIONS[chunk::8]:
        data = orjson.loads(PLAIN)  # a fresh copy of the document's data
        apply(data, where, action)
        try:
            from_dict(data, Dataset)
        except ValidationError as error:
            if path not in {problem.path for problem in error.errors}:
                failures.append((path, action, [p.path for p in error.errors]))
        else:
            failures.append((path, action, "accepted"))
    assert failures == []
