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
from support import CLINIC, clinic, paths

from community_model import (
    Activity,
    Count,
    CountQualifier,
    Dataset,
    DivisionCode,
    Entity,
    Money,
    RecordKind,
    Ref,
    When,
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
