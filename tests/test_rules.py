"""The rule table: what each marker refuses, and how its messages show (or hide) values."""

import pytest
from support import clinic, problems

from community_model import (
    Activity,
    Compound,
    Measurement,
    Person,
    ValidationError,
    from_dict,
    loads,
)


@pytest.mark.parametrize("text", ["a\ud800", "\udfff", "x\ud83d"])
def test_lone_surrogates_are_refused_everywhere(text: str) -> None:
    """A lone surrogate cannot be written as UTF-8: it is refused on construction and load."""
    assert problems(lambda: Compound(name=text)) == [("$.name", "control_character")]
    assert problems(lambda: Person(id=f"p{text}", name="x")) == [("$.id", "pattern")]
    assert problems(lambda: from_dict({"name": text}, Compound)) == [
        ("$.name", "control_character")
    ]


def test_personal_values_never_appear_in_messages() -> None:
    """A wrong phone or identity number is named by its length, not shown."""
    text = '{"id":"p","name":"x","id_number":"11010519491231002x","phone":"138123456789"}'
    with pytest.raises(ValidationError) as caught:
        loads(text, Person)
    message = str(caught.value)
    assert "138123456789" not in message
    assert "11010519491231002x" not in message
    assert "not shown: personal data" in message
    with pytest.raises(ValidationError) as built:
        Person(id="p", name="x", phone="138123456789")
    assert "138123456789" not in str(built.value)


def test_messages_of_decimal_rules_name_the_field() -> None:
    """A negative measurement names 'value', not '$'."""
    with pytest.raises(ValidationError) as caught:
        loads('{"value": "-5", "unit": "metre"}', Measurement)
    (problem,) = caught.value.errors
    assert problem.path == "$.value"
    assert problem.message.startswith("'value' must be >= 0")


def test_messages_say_what_was_expected_and_found() -> None:
    """Messages name the field, the rule and the value found (in JSON terms)."""
    with pytest.raises(ValidationError) as caught:
        from_dict(clinic(number="3", organisers=[]), Activity)
    messages = [p.message for p in caught.value.errors]
    assert messages == [
        "'organisers' must have at least 1 item (got 0)",
        "'number' must be an integer (got the string '3')",
    ]
