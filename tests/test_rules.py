"""The rule table: what each marker refuses, and how its messages show (or hide) values."""

import enum
from decimal import Decimal

import pytest
from support import activity, clinic, problems

from community_model import (
    Activity,
    ActivityCategory,
    Compound,
    Count,
    DomainWarning,
    Measurement,
    MeasureWord,
    Person,
    Problem,
    RecordKind,
    Ref,
    ValidationError,
    When,
    from_dict,
    loads,
)
from community_model._rules import (
    CountsOf,
    RefersTo,
    Year,
    bounds,
    decimal_places,
    describe,
    duplicates,
    hidden,
    implausible,
    member_params,
    report_duplicates,
    show,
    show_item,
    type_bounds,
    unit_word,
)
from community_model._values.unknown import Unknown


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


# -- how messages show values, at their edges (the helpers every message uses) ---------------------


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("x" * 58, "'" + "x" * 58 + "'"),  # 60 characters quoted: shown whole
        ("x" * 59, "'" + "x" * 56 + "..."),  # 61 quoted: cut to 57 and an ellipsis
        (ActivityCategory.LECTURE, "'lecture'"),  # a member: its wire code
        (When.parse("2023-08"), "'2023-08'"),  # a value type: its text form
        (True, "True"),
        (5, "5"),
        (2**199, str(2**199)),  # 200 bits: written out
        (2**200, "an integer of about 61 digits"),  # 201 bits: too long to write out
    ],
)
def test_a_value_of_the_right_type_is_shown_short(value: object, shown: str) -> None:
    assert show(value) == shown


@pytest.mark.parametrize(
    ("value", "described"),
    [
        (None, "null"),
        (True, "true"),
        (False, "false"),
        ({}, "an object"),
        ([], "an array"),
        ((), "a tuple"),  # a Python tuple is no JSON array
        ("ab", "the string 'ab'"),
        ("y" * 59, "the string '" + "y" * 56 + "..."),
        (7, "the number 7"),
        (2**300, "the number an integer of about 91 digits"),
        (1.5, "the number 1.5"),
        (Decimal("1.5"), "a Decimal"),
    ],
)
def test_a_value_of_the_wrong_type_is_named_by_its_kind(value: object, described: str) -> None:
    assert describe(value) == described


@pytest.mark.parametrize(
    ("value", "hidden_as"),
    [
        ("13812345678", "11 characters"),
        ("", "0 characters"),
        (True, "true"),
        (None, "null"),
        (13812345678, "a number"),
        (1.5, "a number"),
        ({"a": 1}, "an object"),
        (["a"], "an array"),
        (Decimal("1"), "a value"),
    ],
)
def test_a_personal_value_is_named_by_its_kind_and_length_only(
    value: object, hidden_as: str
) -> None:
    assert hidden(value) == f"{hidden_as}, not shown: personal data"


@pytest.mark.parametrize(
    ("base", "count", "word"),
    [(str, 1, "character"), (str, 0, "characters"), (str, 2, "characters"), (tuple, 1, "item")],
)
def test_a_length_counts_characters_of_text_and_items_of_lists(
    base: type, count: int, word: str
) -> None:
    assert unit_word(base, count) == word
    assert unit_word(list, 2) == "items"


def test_a_vocabulary_message_names_the_member_meant_or_the_first() -> None:
    assert member_params(ActivityCategory, "lecture") == {
        "vocabulary": "ActivityCategory",
        "member": "ActivityCategory.LECTURE",
        "text": "'lecture'",
    }
    first = next(iter(ActivityCategory)).name
    assert member_params(ActivityCategory, "z" * 80) == {
        "vocabulary": "ActivityCategory",
        "member": f"ActivityCategory.{first}",
        "text": "'" + "z" * 56 + "...",
    }


@pytest.mark.parametrize(
    ("value", "places"),
    [("120.50", 2), ("120.5", 1), ("120", 0), ("1E+2", 0), ("0.001", 3), ("NaN", 0)],
)
def test_decimal_places_are_those_written(value: str, places: int) -> None:
    assert decimal_places(Decimal(value)) == places


@pytest.mark.parametrize(
    ("value", "found"),
    [
        (1949, None),  # the bounds themselves are plausible
        (2100, None),
        (1948, "1948"),
        (2101, "2101"),
        (When.year(1949), None),
        (When.year(2100), None),
        (When.year(1948), "1948"),
        (When.parse("2100/2101"), "2100/2101"),  # one end outside is enough
        (When.parse("1948/1949"), "1948/1949"),
        (When.parse("../2000"), None),  # an open end is no year
    ],
)
def test_implausible_values_lie_outside_the_bounds_inclusive(
    value: object, found: str | None
) -> None:
    assert implausible(value, 1949, 2100) == found


def test_a_count_is_plausible_by_its_value() -> None:
    assert implausible(Count(value=5), 1, 5) is None
    assert implausible(Count(value=6), 1, 5) == "6"
    assert implausible(Count(value=0), 1, 5) == "0"


def test_each_item_given_again_is_reported_at_its_place() -> None:
    assert list(duplicates((1, 2, 1, 1, 2))) == [(2, 1), (3, 1), (4, 2)]
    assert list(duplicates(())) == []
    unknown = Unknown()
    assert list(duplicates((unknown, unknown))) == []  # unknowns are never the same
    errors: list[Problem] = []
    ref = Ref(kind=RecordKind.COMMUNITY, id="community:x")
    report_duplicates((ref, "a", ref), "$.organisers", errors)
    assert [(e.path, e.code) for e in errors] == [("$.organisers[2]", "duplicate")]
    assert show_item(ref) == repr(ref.format())
    assert show_item("a") == "'a'"
    assert show_item(3) == "3"


def test_a_list_item_is_shown_whole_in_a_duplicate_message() -> None:
    """A duplicate's message names the item by its full text form (a long reference too), where
    other messages cut a value to 60 characters."""
    long_ref = Ref(kind=RecordKind.COMMUNITY, id="community:" + "x" * 70)
    assert show_item(long_ref) == repr(long_ref.format())
    assert len(show_item(long_ref)) > 60
    assert show(long_ref).endswith("...")
    errors: list[Problem] = []
    report_duplicates((long_ref, long_ref), "$.partners", errors)
    assert errors[0].params["got"] == repr(long_ref.format())


def test_an_unknown_in_a_list_does_not_stop_the_search_for_duplicates() -> None:
    unknown = Unknown()
    assert list(duplicates((unknown, 1, 1))) == [(2, 1)]


def test_a_vocabulary_without_parse_is_named_by_its_first_member() -> None:
    class Plain(enum.Enum):
        FIRST = "first"
        SECOND = "second"

    assert member_params(Plain, "second")["member"] == "Plain.FIRST"


def test_a_reference_rule_keeps_the_kinds_in_the_vocabulary_order() -> None:
    """Once each, in RecordKind's order (street before community), whatever order given."""
    rule = RefersTo(RecordKind.COMMUNITY, RecordKind.STREET, RecordKind.COMMUNITY)
    assert rule.kinds == (RecordKind.STREET, RecordKind.COMMUNITY)
    assert repr(rule) == "RefersTo('street', 'community')"
    assert repr(CountsOf(MeasureWord.PEOPLE, MeasureWord.ITEMS)) == "CountsOf('people', 'items')"


def test_a_reference_of_a_kind_not_allowed_names_the_kinds_allowed() -> None:
    data = clinic()
    data["organisers"] = [{"kind": "person", "id": "person:a"}]
    with pytest.raises(ValidationError) as caught:
        from_dict(data, Activity)
    (problem,) = caught.value.errors
    assert problem.path == "$.organisers[0].kind"
    assert "community, organisation, party_branch, street" in problem.message


def test_strategies_read_each_fields_bounds_from_the_rules() -> None:
    title = bounds(Activity, "title")
    assert (title.min_len, title.max_len, title.normalised) == (1, 200, True)
    organiser = bounds(Activity, "organisers", item=True)
    assert organiser.refers_to == (
        RecordKind.STREET,
        RecordKind.COMMUNITY,
        RecordKind.PARTY_BRANCH,
        RecordKind.ORGANISATION,
    )
    assert bounds(Activity, "organisers").min_len == 1
    year = type_bounds(Year)
    assert (year.ge, year.le) == (1949, 2200)
    with pytest.raises(KeyError, match="Activity has no field 'nope'"):
        bounds(Activity, "nope")
    with pytest.raises(AssertionError, match=r"Activity\.title is not a list"):
        bounds(Activity, "title", item=True)


def test_a_value_outside_its_plausible_range_is_a_warning_at_its_path() -> None:
    with pytest.warns(DomainWarning):
        record = activity(when=When.year(1900))
    assert [(p.path, p.code) for p in record.warnings()] == [("$.when", "implausible")]
    assert activity(when=When.year(1949)).warnings() == []


def test_a_plain_value_given_for_a_value_type_is_told_how_to_make_it() -> None:
    with pytest.raises(ValidationError) as caught:
        activity(when="2023-08-18")
    assert "give When.parse('2023-08-18')" in caught.value.errors[0].message
