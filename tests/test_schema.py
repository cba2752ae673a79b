"""The JSON Schema of every type: what it publishes agrees with what loading accepts."""

from decimal import Decimal

import jsonschema

from community_model import (
    Activity,
    Compound,
    Measurement,
    Money,
    Person,
    ServiceProject,
    Unit,
    from_dict,
    json_schema,
    personal_fields,
    to_dict,
)
from community_model._rules import CONTROL_CHARACTERS


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


def test_each_rule_writes_its_own_fragment() -> None:
    """The rule table's fragments, exactly: lengths of text and of arrays, bounds, patterns."""
    activity = json_schema(Activity)["properties"]
    title = activity["title"]
    assert (title["minLength"], title["maxLength"]) == (1, 200)
    assert "minItems" not in title
    assert title["pattern"] == f"^[^{CONTROL_CHARACTERS}]*$"  # normalised text
    assert title["allOf"] == [{"pattern": r"\S"}]
    organisers = activity["organisers"]
    assert (organisers["minItems"], organisers["maxItems"]) == (1, 100)
    assert "minLength" not in organisers
    assert organisers["items"]["x-refers-to"] == [
        "community",
        "organisation",
        "party_branch",
        "street",
    ]
    assert (activity["number"]["minimum"], activity["number"]["maximum"]) == (1, 100_000)
    year = json_schema(ServiceProject)["properties"]["year"]
    assert (year["minimum"], year["maximum"]) == (1949, 2200)
    # A decimal written as a string and at least 0: no sign in its pattern, and no "minimum".
    money = json_schema(Money)
    assert money["pattern"] == r"^(?:0|[1-9][0-9]*)(?:\.[0-9]{1,2})?$"
    assert "minimum" not in money
