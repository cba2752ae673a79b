"""OpenAPI 3.1 components: json_schema's output with references between components."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest
from openapi_spec_validator import validate

import community_model
from community_model import (
    Activity,
    Dataset,
    Entity,
    Person,
    Problem,
    ValidationError,
    json_schema,
    openapi_components,
    problem_details,
    suzhou_2023,
    to_dict,
)

REF = "#/components/schemas/"


def document(components: dict[str, Any]) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "community_model components", "version": community_model.__name__},
        "paths": {},
        "components": components,
    }


def refs(node: Any) -> list[str]:
    """Every ``$ref`` in a schema, in document order."""
    if isinstance(node, dict):
        found = [node["$ref"]] if "$ref" in node else []
        for value in node.values():
            found.extend(refs(value))
        return found
    if isinstance(node, list):
        return [ref for item in node for ref in refs(item)]
    return []


def test_every_public_type_is_a_valid_openapi_3_1_component() -> None:
    """All the components together form a valid OpenAPI 3.1 document."""
    components = openapi_components()
    validate(document(components))
    names = set(components["schemas"])
    for name in ("Activity", "Dataset", "Entity", "Person", "Count", "When", "DivisionCode"):
        assert name in names
    assert {"ValidationError", "Problem"} <= names


def test_components_refer_to_each_other_and_never_to_defs() -> None:
    """References point at components that exist; no $defs and no $schema are left."""
    schemas = openapi_components()["schemas"]
    text = json.dumps(schemas)
    assert "$defs" not in text
    assert '"$schema"' not in text
    for ref in refs(schemas):
        assert ref.startswith(REF)
        assert ref.removeprefix(REF) in schemas
    activity = schemas["Activity"]["properties"]
    count, null = activity["participants"]["anyOf"]
    assert (count["$ref"], null) == (REF + "Count", {"type": "null"})
    assert activity["organisers"]["items"]["$ref"] == REF + "Ref"


@pytest.mark.parametrize(
    "cls", [Activity, Person, Dataset, Entity, community_model.When, community_model.Count]
)
def test_components_are_json_schemas_output(cls: type) -> None:
    """Each component is json_schema(cls) with its $defs moved out and references rewritten."""
    schemas = openapi_components()["schemas"]
    expected = json_schema(cls)
    expected.pop("$schema")
    definitions = expected.pop("$defs", {})
    rewrite = json.loads(json.dumps(expected).replace('"#/$defs/', f'"{REF}'))
    assert schemas[cls.__name__] == rewrite
    for name, definition in definitions.items():
        assert schemas[name] == json.loads(json.dumps(definition).replace('"#/$defs/', f'"{REF}'))


def test_types_asked_for_come_with_what_they_refer_to() -> None:
    """openapi_components([Activity]) holds Activity and the records it refers to, no more."""
    schemas = openapi_components([Activity])["schemas"]
    assert list(schemas) == [
        "Activity",
        "Count",
        "Measurement",
        "Outcome",
        "Ref",
        "Schedule",
        "Source",
        "Unknown",
    ]
    assert "Person" not in schemas  # an activity refers to people by id, never holds them
    validate(document({"schemas": schemas}))
    assert list(openapi_components([ValidationError])["schemas"]) == ["Problem", "ValidationError"]
    assert list(openapi_components([])["schemas"]) == []


def test_personal_fields_are_still_marked() -> None:
    """The fields personal_fields() names carry x-personal in the component too."""
    schemas = openapi_components()["schemas"]
    person = schemas["Person"]["properties"]
    for name in community_model.personal_fields(Person):
        assert person[name]["x-personal"] is True, name
    assert "x-personal" not in person["roles"]
    assert schemas["ResidentId"]["x-personal"] is True


def test_records_validate_against_the_components() -> None:
    """Every record of the example, as JSON, validates against its component by reference."""
    components = openapi_components()
    root = {"components": components}
    page = suzhou_2023()
    for record in page.records():
        schema = {**root, "$ref": REF + type(record).__name__}
        jsonschema.Draft202012Validator(schema).validate(to_dict(record))
    whole = {**root, "$ref": REF + "Dataset"}
    jsonschema.Draft202012Validator(whole).validate(to_dict(page))
    bad = {**to_dict(page.activities[0]), "participants": {"value": -1}}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator({**root, "$ref": REF + "Activity"}).validate(bad)


def test_problem_details_validate_against_their_component() -> None:
    """A problem details body matches the ValidationError component."""
    components = openapi_components([ValidationError, Problem])
    try:
        Person(id="person x", name="")
    except ValidationError as error:
        body = problem_details(error)
    schema = {"components": components, "$ref": REF + "ValidationError"}
    jsonschema.Draft202012Validator(schema).validate(body)


def test_the_result_is_a_fresh_copy() -> None:
    """Changing what one call returned changes nothing the next call returns."""
    first = openapi_components()
    first["schemas"]["When"]["examples"].append("changed")
    first["schemas"]["Activity"]["properties"].clear()
    second = openapi_components()
    assert "changed" not in second["schemas"]["When"]["examples"]
    assert second["schemas"]["Activity"]["properties"]
    assert "changed" not in json.dumps(json_schema(community_model.When))


@pytest.mark.parametrize("wrong", [community_model.Limits, int, "Activity"])
def test_types_without_a_json_form_are_refused(wrong: Any) -> None:
    """A class json_schema does not know, or something that is not a class, is a TypeError."""
    with pytest.raises(TypeError):
        openapi_components([wrong])
