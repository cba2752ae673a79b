"""Records to plain data and back (``to_dict``, ``from_dict``, ``make_converter``): the wire
form of each type, strict loading, every problem at once, with its path.
"""

import json
from decimal import Decimal
from typing import Any

import attrs
import orjson
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st
from support import CLINIC, clinic, paths

from community_model import (
    Activity,
    Count,
    CountQualifier,
    Dataset,
    DivisionCode,
    Entity,
    Limits,
    Money,
    Person,
    RecordKind,
    Ref,
    ResidentId,
    ValidationError,
    When,
    dumpb,
    dumps,
    from_dict,
    loads,
    make_converter,
    to_dict,
)
from community_model._examples import suzhou_2023_records

RECORDS = suzhou_2023_records()
DATASET = Dataset.from_records(RECORDS)


def test_moments_come_back_as_pendulum() -> None:
    """A moment returns as pendulum.DateTime with its offset, not a stdlib datetime."""
    moment = When.parse("2023-08-18T18:30:00+08:00")
    record = attrs.evolve(CLINIC, when=moment)
    again = loads(dumps(record), Activity)
    assert type(again.when.start) is pendulum.DateTime
    assert again.when.start.isoformat() == "2023-08-18T18:30:00+08:00"


def test_wire_format() -> None:
    """snake_case names, lowercase codes, UTF-8 Chinese, EDTF, counts with qualifiers, no nulls."""
    text = dumps(CLINIC)
    data = json.loads(text)
    assert "\\u" not in text
    assert "第三期" in text
    assert data["category"] == "free_clinic"
    assert data["participants"] == {"value": 400, "qualifier": "more_than", "unit": "people"}
    assert data["when"] == "2023/2023-08-19"
    assert data["organisers"] == [{"kind": "party_branch", "id": "branch:caohu-hospital"}]
    assert None not in data.values()
    assert "volunteers" not in data  # unset optional fields are left out
    assert next(iter(data)) == "id"
    assert list(data)[-1] == "sources"


def test_value_types_travel_as_their_text() -> None:
    """Codes, times and money are strings in their text form; money never a float."""
    assert dumps(DivisionCode.parse("320508024@2023")) == '"320508024@2023"'
    assert dumps(Money.parse("50000.00")) == '"50000.00"'
    assert dumps(When.parse("../2023-08-20")) == '"../2023-08-20"'
    assert loads('"50000.00"', Money).amount == Decimal("50000.00")
    assert loads('{"value":20,"qualifier":"about"}', Count) == Count(
        value=20, qualifier=CountQualifier.ABOUT
    )


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"number": "3"}, [("$.number", "type")]),
        ({"number": True}, [("$.number", "type")]),
        ({"number": 3.0}, [("$.number", "type")]),
        ({"title": 123}, [("$.title", "type")]),
        ({"title": None}, [("$.title", "null")]),
        ({"status": None}, [("$.status", "null")]),
        ({"services": None}, [("$.services", "null")]),
        ({"venue": None}, []),
        (
            {"participants": {"value": "400", "qualifier": "more_than"}},
            [("$.participants.value", "type")],
        ),
        (
            {"participants": {"value": 1, "qualifier": "exact", "note": "x"}},
            [("$.participants.note", "unknown_field")],
        ),
        ({"participants": 400}, [("$.participants", "type")]),
        ({"organisers": {"kind": "party_branch", "id": "x"}}, [("$.organisers", "type")]),
        ({"organisers": [{"kind": "party_branch"}]}, [("$.organisers[0].id", "missing")]),
        ({"when": 2023}, [("$.when", "type")]),
        ({"when": "2023-02-30"}, [("$.when", "date")]),
        ({"when": "2023-13"}, [("$.when", "too_large")]),
        ({"category": "FREE_CLINIC"}, [("$.category", "enum")]),
        ({"colour": "red"}, [("$.colour", "unknown_field")]),
        ({"type": "activity"}, [("$.type", "unknown_field")]),
    ],
)
def test_nothing_is_coerced(changes: dict[str, Any], expected: list[tuple[str, str]]) -> None:
    """ "1" is not an int, true is not an int, 123 is not a string, null only where optional."""
    data = clinic(**changes)
    if not expected:
        assert from_dict(data, Activity).venue is None
    else:
        assert paths(data, Activity) == expected


def test_missing_required_fields() -> None:
    """Every missing required field is named."""
    assert paths({}, Activity) == [
        ("$.id", "missing"),
        ("$.title", "missing"),
        ("$.category", "missing"),
        ("$.organisers", "missing"),
        ("$.when", "missing"),
    ]


def test_unknown_fields_are_ignored_when_not_strict() -> None:
    """strict=False reads archives written by newer tools, ignoring fields it does not know."""
    data = clinic(
        colour="red",
        participants={"value": 400, "qualifier": "more_than", "unit": "people", "x": 1},
    )
    assert from_dict(data, Activity, strict=False) == CLINIC
    assert loads(json.dumps(data), Activity, strict=False) == CLINIC


def test_type_errors_validator_failures_and_rules_in_one_pass() -> None:
    """Type errors and validator failures of many objects come together, each with its path."""
    data = to_dict(DATASET)
    data["activities"][3]["participants"] = {"value": -5, "qualifier": "exact"}
    data["activities"][3]["title"] = ""
    data["streets"][0]["code"] = "990508024"
    data["communities"][1]["kind"] = 7
    data["party_branches"][0]["host_organisation_id"] = "org:x"  # now both hosts: a rule
    found = paths(data, Dataset)
    assert sorted(found) == sorted(
        [
            ("$.streets[0].code", "province"),
            ("$.communities[1].kind", "enum"),
            ("$.party_branches[0].host_community_id", "host"),
            ("$.activities[3].title", "empty"),
            ("$.activities[3].participants.value", "too_small"),
        ]
    )


def test_entity_reads_a_tagged_record() -> None:
    """from_dict(data, Entity) reads a record by its type tag."""
    data = {"type": "activity", **to_dict(CLINIC)}
    assert from_dict(data, Entity) == CLINIC
    assert paths({"id": "x"}, Entity) == [("$.type", "missing")]


@attrs.frozen
class Report:
    """A user's own class with our types as fields."""

    headline: str
    published: pendulum.DateTime
    activity: Activity
    organiser: Ref
    count: int = 0


def test_make_converter_for_user_classes() -> None:
    """A user's attrs class with our types round-trips through the converter, strictly."""
    converter = make_converter()
    report = Report(
        headline="义诊进社区",
        published=pendulum.datetime(2023, 8, 20, 9, tz="Asia/Shanghai"),
        activity=CLINIC,
        organiser=Ref(kind=RecordKind.PARTY_BRANCH, id="branch:caohu-hospital"),
    )
    data = converter.unstructure(report)
    assert data["published"] == "2023-08-20T09:00:00+08:00"
    again = converter.structure(data, Report)
    assert again == report
    assert type(again.published) is pendulum.DateTime
    assert from_dict(data, Report) == report
    assert orjson.loads(dumps(report)) == data


def test_user_class_errors_have_paths() -> None:
    """Problems inside a user's class keep their JSON paths, ours included."""
    data = {
        "headline": 5,
        "published": "2023-08-20 09:00",
        "activity": {**to_dict(CLINIC), "title": ""},
        "organiser": {"kind": "person", "id": "p"},
        "count": "3",
        "extra": 1,
    }
    found = sorted(paths(data, Report))
    assert found == sorted(
        [
            ("$.headline", "type"),
            ("$.published", "edtf"),
            ("$.activity.title", "empty"),
            ("$.count", "type"),
            ("$.extra", "unknown_field"),
        ]
    )


# -- Round two (issue 12) -----------------------------------------------------------------------

_ONE_OF_EACH = {type(record): record for record in RECORDS}
_HUGE = 10**5000  # past Python's limit on the digits of an int's text


@pytest.mark.parametrize("cls", sorted(_ONE_OF_EACH, key=lambda cls: cls.__name__))
def test_integers_past_the_digit_limit_are_problems_in_every_field(cls: type) -> None:
    """10**5000 in any field, loaded or given to the constructor, is a problem, never the bare
    ValueError Python raises when such an int is turned into text."""
    record = _ONE_OF_EACH[cls]
    data = to_dict(record)
    for field in attrs.fields(cls):
        if not field.init:
            continue
        for value in (_HUGE, -_HUGE, [_HUGE], {"value": _HUGE}):
            with pytest.raises(ValidationError):
                from_dict({**data, field.name: value}, cls)
            with pytest.raises(ValidationError):
                attrs.evolve(record, **{field.name: value})


def test_a_fixed_length_tuple_type_is_enforced() -> None:
    """from_dict([p, p, p], tuple[Person, int]) returned three people: now the length and
    every item's type are checked, each problem at its index."""
    person = to_dict(DATASET.people[0])
    for data in ([person, person, person], [person]):
        with pytest.raises(ValidationError) as caught:
            from_dict(data, tuple[Person, int])
        assert [p.code for p in caught.value.errors] == ["length"]
    with pytest.raises(ValidationError) as caught:
        from_dict([person, "1"], tuple[Person, int])
    assert [(p.path, p.code) for p in caught.value.errors] == [("$[1]", "type")]
    loaded = from_dict([person, 1], tuple[Person, int])
    assert loaded == (DATASET.people[0], 1)


@given(st.lists(st.integers(), max_size=5), st.integers(min_value=0, max_value=4))
def test_fixed_length_tuples_take_exactly_their_length(items: list[int], length: int) -> None:
    """Property: tuple[int, ...n] loads a list of n ints and refuses any other length."""
    cls = tuple[(int,) * length] if length else tuple[()]
    if len(items) == length:
        assert from_dict(items, cls) == tuple(items)
    else:
        with pytest.raises(ValidationError):
            from_dict(items, cls)


# -- Lists, values and tagged records on their own (issue 18) ------------------------------------

_ACTIVITIES = [record for record in RECORDS if type(record) is Activity]


def _plain(data: object) -> bool:
    """Only JSON's own Python types, exactly: no vocabulary member, no tuple, no value object."""
    if type(data) is dict:
        return all(type(key) is str and _plain(value) for key, value in data.items())
    if type(data) is list:
        return all(map(_plain, data))
    return type(data) in (str, int, float, bool, type(None))


@pytest.mark.parametrize(
    "items",
    [
        [],
        [CLINIC],
        _ACTIVITIES,
        list(RECORDS),
        [Money.parse("1.00"), Money.parse("2.50")],
        [CLINIC, Money.parse("1.00"), When.parse("2023"), 5, "x", None, RECORDS[0], [1, 2]],
    ],
    ids=["empty", "one record", "one class", "every class", "values", "mixed with plain data"],
)
def test_a_list_is_dumped_item_by_item(items: list[Any]) -> None:
    """A list or tuple gives its items' data and JSON, in order, whatever classes they are of
    (records of one class, of several, values, plain data among them): plain data for
    ``to_dict``, the items' compact JSON joined by commas for ``dumps`` and ``dumpb``."""
    for sequence in (items, tuple(items)):
        data = to_dict(sequence)
        assert data == [to_dict(item) for item in items]
        assert _plain(data)
        text = dumps(sequence)
        assert text == "[" + ",".join(dumps(item) for item in items) + "]"
        assert dumpb(sequence) == text.encode()
        assert json.loads(text) == data


def test_lists_and_tuples_of_our_classes_load_item_by_item() -> None:
    """``list[X]`` loads as a list, ``tuple[X, ...]`` as a tuple, each item as ``X`` loads."""
    texts = ["1.00", "2.50"]
    amounts = [Money.parse(text) for text in texts]
    as_list = from_dict(texts, list[Money])
    assert (type(as_list), as_list) == (list, amounts)
    as_tuple = from_dict(texts, tuple[Money, ...])
    assert (type(as_tuple), as_tuple) == (tuple, tuple(amounts))
    assert from_dict([], list[Activity]) == []
    assert from_dict(to_dict(_ACTIVITIES), list[Activity]) == _ACTIVITIES
    assert loads(dumps(_ACTIVITIES), tuple[Activity, ...]) == tuple(_ACTIVITIES)


def _refusals(data: Any, cls: Any) -> list[tuple[str, str, str]]:
    with pytest.raises(ValidationError) as caught:
        from_dict(data, cls)
    return [(p.path, p.code, p.message) for p in caught.value.errors]


_MONEY = "a Money (its text on the wire, read by Money.parse)"
_MONEY_TEXT = (
    "an amount of money must be a non-negative decimal with at most 2 places, written without "
    "exponent or sign"
)


def test_a_list_that_is_not_an_array_or_has_bad_items_is_refused() -> None:
    """Anything but an array is refused at ``$``; every bad item at its index, all of them."""
    for data, got in (({}, "an object"), ("1.00", "the string '1.00'"), (None, "null")):
        expected = [("$", "type", f"the value must be an array (got {got})")]
        assert _refusals(data, list[Money]) == expected
        assert _refusals(data, tuple[Money, ...]) == expected
    assert _refusals(["1.00", 5, "x", "2.00", "1.234"], list[Money]) == [
        ("$[1]", "type", f"'$[1]' must be {_MONEY} (got the number 5)"),
        ("$[2]", "pattern", f"'$[2]' is not a valid Money: {_MONEY_TEXT} (got 'x')"),
        ("$[4]", "pattern", f"'$[4]' is not a valid Money: {_MONEY_TEXT} (got '1.234')"),
    ]
    activity = to_dict(CLINIC)
    assert _refusals([activity, {**activity, "title": 7}], list[Activity]) == [
        ("$[1].title", "type", "'title' must be a string (got the number 7)")
    ]


def test_a_value_type_loads_from_its_text_alone() -> None:
    """``from_dict(text, X)`` of a value type: its text parsed; anything but a string refused
    with what the text should be, a text its ``parse`` refuses with its reason (and the
    inner problem's parameters); a personal value's text is never shown."""
    assert from_dict("1.00", Money) == Money.parse("1.00")
    assert from_dict("2023-08-19", When) == When.parse("2023-08-19")
    assert _refusals(5, Money) == [("$", "type", f"the value must be {_MONEY} (got the number 5)")]
    assert _refusals(None, Money) == [("$", "type", f"the value must be {_MONEY} (got null)")]
    with pytest.raises(ValidationError) as caught:
        from_dict("2023-02-30", When)
    (problem,) = caught.value.errors
    assert (problem.path, problem.code, problem.severity) == ("$", "date", "error")
    assert problem.message == (
        "the value is not a valid When: 'day' must be a day of 2023-02 (got 30)"
    )
    assert dict(problem.params) == {
        "value_type": "When",
        "reason": "'day' must be a day of 2023-02 (got 30)",
        "inner": {"month": "2023-02", "got": 30},
    }
    secret = "32050819900101123"
    for data in (32050819900101123, secret):
        for path, _code, message in _refusals(data, ResidentId):
            assert path == "$"
            assert secret not in message
            assert "not shown: personal data" in message
    assert _refusals(5, ResidentId)[0][2] == (
        "the value must be a ResidentId (its text on the wire, read by ResidentId.parse) "
        "(got a number, not shown: personal data)"
    )


_ONE_PER_CLASS = {type(record): record for record in RECORDS}
_TAGS = ", ".join(repr(kind.value) for kind in RecordKind)


@pytest.mark.parametrize("record", list(_ONE_PER_CLASS.values()), ids=lambda r: type(r).__name__)
def test_entity_reads_each_class_by_its_tag(record: Entity) -> None:
    """Each ``type`` tag reads its own class; the tag is not a field, nothing else is implied."""
    data = {"type": record.record_kind.value, **to_dict(record)}
    assert from_dict(data, Entity) == record
    assert from_dict({**data, "colour": "red"}, Entity, strict=False) == record
    assert paths({**data, "colour": "red"}, Entity) == [("$.colour", "unknown_field")]


@pytest.mark.parametrize(
    ("data", "path", "message"),
    [
        ([], "$", "a record must be a JSON object (got an array)"),
        ("street", "$", "a record must be a JSON object (got the string 'street')"),
        (None, "$", "a record must be a JSON object (got null)"),
        ({"id": "x"}, "$.type", f"'type' must be one of {_TAGS} (got nothing)"),
        ({"type": 5}, "$.type", f"'type' must be one of {_TAGS} (got the number 5)"),
        ({"type": None}, "$.type", f"'type' must be one of {_TAGS} (got null)"),
        ({"type": ["street"]}, "$.type", f"'type' must be one of {_TAGS} (got an array)"),
        ({"type": "Street"}, "$.type", f"'type' must be one of {_TAGS} (got the string 'Street')"),
    ],
)
def test_entity_refuses_what_is_not_a_tagged_record(data: Any, path: str, message: str) -> None:
    """Not an object, no tag, a tag that is not a string or names no class: one problem, at
    the record or at its tag, with every tag it could have been."""
    code = "type" if path == "$" else "missing" if "nothing" in message else "enum"
    assert _refusals(data, Entity) == [(path, code, message)]


@attrs.frozen
class Scores:
    """A user's own class of plain types: a moment, a list, a fixed pair."""

    headline: str
    published: pendulum.DateTime
    scores: list[int] = attrs.Factory(list)
    pair: tuple[float, str] = (0.0, "")


_PUBLISHED = "2023-08-20T09:00:00+08:00"


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"headline": None}, [("$.headline", "missing", "'headline' is required")]),
        (
            {"published": 5},
            [
                (
                    "$.published",
                    "type",
                    "'published' must be an ISO 8601 moment as a string (got the number 5)",
                )
            ],
        ),
        (
            {"scores": ["1", 2, True, 3.0]},
            [
                ("$.scores[0]", "type", "'scores[0]' must be an integer (got the string '1')"),
                ("$.scores[2]", "type", "'scores[2]' must be an integer (got true)"),
                ("$.scores[3]", "type", "'scores[3]' must be an integer (got the number 3.0)"),
            ],
        ),
        (
            {"zeta": 1, "alpha": 2},
            [
                ("$.alpha", "unknown_field", "'alpha' is not a field of Scores (strict=False)"),
                ("$.zeta", "unknown_field", "'zeta' is not a field of Scores (strict=False)"),
            ],
        ),
        ({"pair": "ab"}, [("$.pair", "type", "'pair' must be an array (got the string 'ab')")]),
        ({"pair": [1]}, [("$.pair", "length", "'pair' must have exactly 2 items (got 1)")]),
        ({"pair": [1, "a", 3]}, [("$.pair", "length", "'pair' must have exactly 2 items (got 3)")]),
        (
            {"pair": [True, 2]},
            [
                ("$.pair[0]", "type", "'pair[0]' must be a number (got true)"),
                ("$.pair[1]", "type", "'pair[1]' must be a string (got the number 2)"),
            ],
        ),
    ],
)
def test_problems_in_a_user_class_of_plain_types(
    changes: dict[str, Any], expected: list[tuple[str, str, str]]
) -> None:
    """Through ``make_converter``, a user's class is read as strictly as ours: a missing field,
    unknown keys (in order), a moment that is not a string, each bad item of a list and of a
    fixed tuple at its index, a tuple of the wrong length, each with its path and message."""
    data = {"headline": "标题", "published": _PUBLISHED, **changes}
    data = {key: value for key, value in data.items() if value is not None}
    assert _refusals(data, Scores) == expected


def test_a_user_class_of_plain_types_loads() -> None:
    """An integer is a number where a float is asked for; a fixed tuple comes back a tuple."""
    data = {"headline": "标题", "published": _PUBLISHED, "scores": [1, 2], "pair": [1, "a"]}
    loaded = from_dict(data, Scores)
    assert loaded == Scores(
        headline="标题",
        published=pendulum.parse(_PUBLISHED),  # type: ignore[arg-type]
        scores=[1, 2],
        pair=(1, "a"),
    )
    assert type(loaded.pair) is tuple
    assert make_converter().unstructure(loaded) == {**data, "pair": (1, "a")}
    assert _refusals(5, tuple[int]) == [
        ("$", "type", "the value must be an array (got the number 5)")
    ]


def test_a_text_is_parsed_once_unless_it_is_personal() -> None:
    """Real data repeats its values (dates, codes, amounts): the same text gives the same value
    object, parsed once. A personal value (a ``ResidentId``) is parsed afresh each time, so
    that no cache keeps it for the life of the process."""
    assert from_dict("1.00", Money) is from_dict("1.00", Money)
    assert from_dict("2023-08-19", When) is from_dict("2023-08-19", When)
    number = "32050519900307123X"
    first, second = from_dict(number, ResidentId), from_dict(number, ResidentId)
    assert first == second
    assert first is not second


@attrs.frozen
class Positive:
    """A user's own class whose validator refuses what cattrs hands it."""

    n: int = attrs.field(validator=attrs.validators.gt(0))
    xs: list[int] = attrs.Factory(list)


def test_make_converter_is_strict_unless_told() -> None:
    """``make_converter()`` refuses keys its classes do not have; ``strict=False`` ignores
    them. A user's validator that refuses a value is a problem holding its reason, and a
    fixed tuple takes a Python tuple as well as a list."""
    with pytest.raises(Exception, match="Positive"):
        make_converter().structure({"n": 1, "zz": 2}, Positive)
    assert make_converter(strict=False).structure({"n": 1, "zz": 2}, Positive) == Positive(n=1)
    assert _refusals({"n": 0}, Positive) == [("$", "invalid", "the value: 'n' must be > 0: 0")]
    assert from_dict((1, "a"), tuple[int, str]) == (1, "a")


def test_a_list_of_plain_types_is_read_by_cattrs_strictly() -> None:
    """``list[int]`` is not a list of our classes: the converter reads it, as strictly."""
    assert from_dict([1, 2], list[int]) == [1, 2]
    assert from_dict(["a"], tuple[str, ...]) == ("a",)
    assert _refusals([1, "2"], list[int]) == [
        ("$[1]", "type", "'$[1]' must be an integer (got the string '2')")
    ]


def test_problems_in_any_class_stop_at_the_cap() -> None:
    """The cap on problems holds through ``make_converter`` (our classes inside a converter
    stop at 1,000, as ``from_dict`` does) and for a user's class read by ``loads``."""
    data = {**to_dict(CLINIC), **{f"k{number}": 1 for number in range(1005)}}
    with pytest.raises(ValidationError) as caught:
        make_converter().structure(data, Activity)
    assert len(caught.value.errors) == 1001
    assert caught.value.errors[-1].code == "too_many_problems"
    with pytest.raises(ValidationError) as caught:
        loads('{"n": 1, "xs": ["a", "b", "c", "d"]}', Positive, limits=Limits(max_problems=2))
    assert [(p.path, p.code) for p in caught.value.errors] == [
        ("$.xs[0]", "type"),
        ("$.xs[1]", "type"),
        ("$", "too_many_problems"),
    ]


@pytest.mark.parametrize(
    ("data", "got"),
    [(("1.00",), "a tuple"), ({"1.00"}, "a set"), ("1.00", "the string '1.00'")],
)
def test_a_list_given_as_other_python_data_is_named_as_it_is(data: Any, got: str) -> None:
    """A Python tuple or set is no JSON array: the message says what was given, not "got an
    array" beside "must be an array"."""
    with pytest.raises(ValidationError) as caught:
        from_dict(data, tuple[Money, ...])
    (problem,) = caught.value.errors
    assert (problem.path, problem.code) == ("$", "type")
    assert problem.message == f"the value must be an array (got {got})"
