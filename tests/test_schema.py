"""The JSON Schema of every type: what it publishes agrees with what loading accepts."""

from decimal import Decimal

import jsonschema

from community_model import (
    Compound,
    Measurement,
    Person,
    Unit,
    from_dict,
    json_schema,
    personal_fields,
    to_dict,
)


def test_schema_and_loading_agree_on_edges() -> None:
    """null for an optional code, blank text, negative decimal strings."""
    compound = jsonschema.Draft202012Validator(json_schema(Compound))
    assert compound.is_valid({"name": "x", "kind": None})
    assert from_dict({"name": "x", "kind": None}, Compound).kind is None
    assert not compound.is_valid({"name": "   "})
    measurement = jsonschema.Draft202012Validator(json_schema(Measurement))
    assert not measurement.is_valid({"value": "-5", "unit": "metre"})
    assert measurement.is_valid(to_dict(Measurement(value=Decimal(5), unit=Unit.METRE)))


def test_personal_fields_are_marked_in_the_schema() -> None:
    """Every field the model declares personal carries x-personal in the JSON Schema."""
    properties = json_schema(Person)["properties"]
    marked = tuple(name for name, schema in properties.items() if schema.get("x-personal"))
    assert marked == personal_fields(Person) == ("name", "phone", "id_number", "address")
