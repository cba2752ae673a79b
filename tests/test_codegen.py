"""The generator: construction, ``from_dict`` and ``loads`` apply one rule table alike.

For every record type and every field, a valid record with one field made invalid is refused
the same way by the three doors into the model: the same problems, with the same paths, codes
and messages (rendered from the same parameters).
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import gc
import io
import typing
import warnings
from decimal import Decimal
from typing import Any

import attrs
import orjson
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st
from support import activity, problems

from community_model import (
    Activity,
    Compound,
    Count,
    CountQualifier,
    Dataset,
    Decision,
    DecisionBody,
    DivisionCode,
    DomainWarning,
    Entity,
    Funding,
    FundingSource,
    ListKind,
    Measurement,
    MeasureWord,
    Money,
    Outcome,
    Person,
    ProjectCategory,
    ProjectStatus,
    RecordKind,
    Ref,
    ServiceList,
    ServiceProject,
    Street,
    StreetKind,
    Unit,
    Unknown,
    ValidationError,
    Votes,
    When,
    dumps,
    from_dict,
    loads,
    suzhou_2023,
    to_dict,
    write_jsonl,
)
from community_model._codegen import Memo, wire_form
from community_model._messages import ENUM_TEXT, TYPE_REMEDY
from community_model._registry import TYPES
from community_model._rules import Field, Shape, fields_of

#: Record types whose wire form is an object of their fields (value types travel as text).
RECORD_TYPES = [
    entry.cls for entry in TYPES if wire_form(entry.cls) == "record" and entry.cls is not Entity
]

_ANY_JSON = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=5),
    st.lists(st.integers(0, 3), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


def _text_values(shape: Shape) -> st.SearchStrategy[Any]:
    """Strings that break a text rule, or sit just past a bound."""
    bounds: list[st.SearchStrategy[Any]] = [
        st.sampled_from(["", " ", "  \t ", "a\x00b", "\x7f", "\ud800", "x\x1fy", "a" * 300]),
    ]
    for meta in shape.markers:
        most = getattr(meta, "max_length", None)
        if most is not None:
            bounds.append(st.just("长" * (most + 1)))
            bounds.append(st.just(" " + "长" * most + " "))
    return st.one_of(*bounds)


def _bad_values(shape: Shape) -> st.SearchStrategy[Any]:
    """JSON values that are the same in Python and JSON and that this field must refuse."""
    base = shape.base
    wrong = _ANY_JSON.filter(lambda value: value is not None or not shape.nullable)
    if base is str:
        return st.one_of(wrong.filter(lambda v: type(v) is not str), _text_values(shape))
    if base is int:
        edges = [meta for meta in shape.markers if hasattr(meta, "ge") or hasattr(meta, "le")]
        numbers = [st.just(getattr(m, "ge", 0) - 1) for m in edges if hasattr(m, "ge")]
        numbers += [st.just(getattr(m, "le", 0) + 1) for m in edges if hasattr(m, "le")]
        return st.one_of(wrong.filter(lambda v: type(v) is not int), *numbers)
    if base is bool:
        return wrong.filter(lambda v: type(v) is not bool)
    if isinstance(base, type) and issubclass(base, enum.Enum):
        codes = {member.value for member in base}
        return wrong.filter(lambda v: not (isinstance(v, str) and v in codes))
    if typing.get_origin(base) is tuple:
        assert shape.item is not None
        items = _bad_values(shape.item) if _comparable(shape.item) else st.just(5)
        return st.one_of(
            wrong.filter(lambda v: type(v) is not list), st.lists(items, min_size=1, max_size=3)
        )
    # records and value types: only the wrong JSON types (a dict or a text is read by loading)
    return wrong.filter(lambda v: not isinstance(v, dict | str))


def _comparable(shape: Shape) -> bool:
    base = shape.base
    return base in (str, int, bool) or (isinstance(base, type) and issubclass(base, enum.Enum))


def _fields(cls: type) -> list[Field]:
    return [field for field in fields_of(cls) if field.shape.base is not Decimal]


#: Messages only construction gives: Python code was written, so they say how to give the value
#: (``CommunityKind.parse``, ``When.parse``, ``Count(value=300)``); a loader lists the wire's.
_PYTHON_ONLY = {ENUM_TEXT.template, TYPE_REMEDY.template}


def _problems(call: Any) -> list[tuple[str, str, str]] | None:
    """(path, code, message) of each problem; a message only construction gives is its template
    (the loader words the same problem for the wire)."""
    try:
        call()
    except ValidationError as error:
        return [
            (p.path, p.code, p.template if p.template in _PYTHON_ONLY else p.message)
            for p in error.errors
        ]
    return None


def _agree(
    built: list[tuple[str, str, str]] | None, loaded: list[tuple[str, str, str]] | None
) -> bool:
    """The same problems at the same paths, worded alike where both word them for data."""
    if built is None or loaded is None:
        return built == loaded
    return len(built) == len(loaded) and all(
        ours[:2] == theirs[:2] and (ours[2] in _PYTHON_ONLY or ours[2] == theirs[2])
        for ours, theirs in zip(built, loaded, strict=True)
    )


@functools.cache
def _strategies(cls: type) -> tuple[st.SearchStrategy[Any], st.SearchStrategy[tuple[str, Any]]]:
    """Valid records of ``cls``, and (field name, strategy of its bad values) pairs.

    Built once per class, so that hypothesis validates each strategy once, not per example.
    """
    fields = [(field.name, _bad_values(field.shape)) for field in _fields(cls)]
    return st.from_type(cls), st.sampled_from(fields)


@st.composite
def _broken(draw: st.DrawFn, cls: type) -> tuple[Any, dict[str, Any], str, Any]:
    records, fields = _strategies(cls)
    record = draw(records)
    name, bad_values = draw(fields)
    bad = draw(bad_values)
    return record, to_dict(record), name, bad


@pytest.mark.parametrize("cls", RECORD_TYPES, ids=lambda cls: cls.__name__)
@given(data=st.data())
def test_construction_and_loading_report_identical_problems(cls: type, data: st.DataObject) -> None:
    """One broken field: ``cls(...)``, ``from_dict`` and ``loads`` report the same problems."""
    record, plain, name, bad = data.draw(_broken(cls))
    fields = {field.name: getattr(record, field.name) for field in fields_of(cls)}
    built = _problems(lambda: cls(**{**fields, name: bad}))
    changed = {**plain, name: bad}
    assert _agree(built, _problems(lambda: from_dict(changed, cls))), (name, bad)
    try:
        text = orjson.dumps(changed)
    except TypeError:  # an integer beyond 64 bits: JSON text cannot be read by orjson anyway
        return
    if built is not None:
        assert _agree(built, _problems(lambda: loads(text, cls))), (name, bad)


def test_the_differential_covers_every_record_type() -> None:
    """Entities and the parts of records: every class that travels as an object is compared."""
    names = {cls.__name__ for cls in RECORD_TYPES}
    assert {"Activity", "Street", "Person", "Count", "Ref", "Source", "Votes", "Funding"} <= names


BAD_NAMES = ["", "   ", "\x00", "\x00" + "长" * 200, "长" * 101, 5, None]


@pytest.mark.parametrize("name", BAD_NAMES, ids=repr)
def test_loading_and_constructing_report_the_same_problems(name: object) -> None:
    """The generated loader and __init__ apply the same rules, with the same paths and codes."""
    built = problems(lambda: Compound(name=name))  # type: ignore[arg-type]
    loaded = problems(lambda: from_dict({"name": name}, Compound))
    assert built == loaded


@pytest.mark.parametrize(
    "buildings", [["b"] * 1001 + [""], ["b"] * 1001, ["", "x" * 101], [5]], ids=len
)
def test_lists_report_the_same_problems(buildings: list[object]) -> None:
    """Item problems first; a list's length only once its items are sound, both ways."""
    built = problems(lambda: Compound(name="c", buildings=buildings))  # type: ignore[arg-type]
    assert built == problems(lambda: from_dict({"name": "c", "buildings": buildings}, Compound))


# -- the memo of texts that passed their rules -------------------------------------------------


def _activity() -> dict[str, Any]:
    return to_dict(next(iter(suzhou_2023().activities)))


def _texts_of(memos_of: Any) -> set[str]:
    return {text for memo in memos_of for pair in memo.items() for text in pair}


def _text_memos() -> list[Any]:
    return [obj for obj in gc.get_objects() if type(obj) is Memo]


@given(text=st.one_of(st.just("长" * 150), _text_values(Shape(base=str)), st.text(max_size=120)))
def test_a_text_read_before_is_judged_as_if_read_first(text: str) -> None:
    """The same text as a title (at most 200), then as a service (at most 100), and again: each
    place refuses or accepts it, and makes of it, what it would alone; the memo is invisible."""
    plain = _activity()
    alone = [
        _outcome(lambda: from_dict({**plain, "title": text}, Activity)),
        _outcome(lambda: from_dict({**plain, "services": [text]}, Activity)),
    ]
    for _ in range(2):
        together = _outcome(
            lambda: from_dict(
                [{**plain, "title": text}, {**plain, "services": [text]}], list[Activity]
            )
        )
        refused = [
            problem
            for i, found in enumerate(alone)
            if type(found) is list
            for problem in _under(found, f"[{i}]")
        ]
        assert together == (refused or alone)


def _outcome(load: Any) -> Any:
    try:
        value = load()
    except ValidationError as error:
        return [(p.path, p.code, p.message) for p in error.errors]
    return value


def _under(outcome: Any, index: str) -> Any:
    if isinstance(outcome, list):
        return [
            (path.replace("$", "$" + index, 1), code, message) for path, code, message in outcome
        ]
    return outcome


def test_personal_text_is_kept_in_no_memo() -> None:
    """Names and phone numbers are checked every time: no memo holds them after a load."""
    person = {"id": "person:memo", "name": "  王记忆测试  ", "phone": "13800000000"}
    loaded = from_dict(person, Person)
    assert loaded.name == "王记忆测试"
    kept = _texts_of(_text_memos())
    assert "王记忆测试" not in kept
    assert "  王记忆测试  " not in kept
    assert "13800000000" not in kept
    assert "person:memo" not in kept  # a record's own id does not repeat: not kept either
    from_dict({**_activity(), "venue": " 记忆测试场地 "}, Activity)
    assert "记忆测试场地" in _texts_of(_text_memos())  # where texts repeat, they are kept


# -- dumpers: the exact output of every kind of field --------------------------------------------


def _project() -> ServiceProject:
    """A project with a field of every kind a dumper writes: text, codes, a nullable integer,
    times, lists of records (inlined, holding records and a nullable integer 0), a reference,
    money and decimals (kept to their places), and empty lists."""
    votes = Votes(in_favour=0, against=0, abstaining=0, cast=0)
    return ServiceProject(
        id="project:lift",
        name="加装电梯",
        category=ProjectCategory.SERVICE_FOR_PEOPLE,
        status=ProjectStatus.PROPOSED,
        street_id="street:a",
        year=2023,
        period=When.parse("2023-03/2023-10"),
        funding=(
            Funding(
                source=FundingSource.PARTY_SERVICE_FUND,
                amount=Money.parse("50000.00"),
                provider=Ref(kind=RecordKind.PARTY_BRANCH, id="branch:a"),
            ),
        ),
        decisions=(
            Decision(
                body=DecisionBody.PARTY_MEMBERS_MEETING, date=When.day(2023, 5, 4), votes=votes
            ),
        ),
        outcomes=(
            Outcome(
                description="装了两部",
                quantity=Measurement(value=Decimal("2.50"), unit=Unit.METRE, approximate=True),
                count=Count(value=2, qualifier=CountQualifier.ABOUT),
            ),
        ),
        duration=Measurement(value=Decimal("7"), unit=Unit.DAY),
    )


PROJECT_TEXT = (
    '{"id":"project:lift","name":"加装电梯","category":"service_for_people","status":"proposed",'
    '"street_id":"street:a","year":2023,"period":"2023-03/2023-10","funding":[{"source":'
    '"party_service_fund","amount":"50000.00","provider":{"kind":"party_branch","id":"branch:a"}}],'
    '"decisions":[{"body":"party_members_meeting","date":"2023-05-04","votes":{"in_favour":0,'
    '"against":0,"abstaining":0,"cast":0}}],"outcomes":[{"description":"装了两部","quantity":'
    '{"value":"2.50","unit":"metre","approximate":true},"count":{"value":2,"qualifier":"about"}}],'
    '"duration":{"value":"7","unit":"day","approximate":false}}'
)


def test_a_dump_writes_every_kind_of_field_exactly() -> None:
    """Fields in their declared order, unset ones and empty lists left out, a nullable 0 kept,
    decimals with their places, codes as their text; ``to_dict`` gives the same as plain data
    (lists and strings only), and a line of JSON Lines opens with the record's type."""
    project = _project()
    assert dumps(project) == PROJECT_TEXT
    plain = to_dict(project)
    assert plain == orjson.loads(PROJECT_TEXT)
    assert type(plain["category"]) is str
    assert type(plain["funding"]) is list
    assert type(plain["funding"][0]["source"]) is str
    line = io.BytesIO()
    assert write_jsonl([project], line) == 1
    assert line.getvalue().decode() == '{"type":"service_project",' + PROJECT_TEXT[1:] + "\n"
    assert loads(PROJECT_TEXT, ServiceProject) == project


def test_a_dump_writes_an_explicit_unknown_and_leaves_out_what_is_unset() -> None:
    """An unknown time is written as the unknown it is; an empty list, a None, never."""
    unknown = activity(when=Unknown(reason="报道未写日期"), services=(), venue=None)
    assert dumps(unknown) == (
        '{"id":"activity:1","title":"健康集市科普义诊","category":"free_clinic","organisers":'
        '[{"kind":"party_branch","id":"branch:a"}],"when":{"unknown":true,"reason":"报道未写日期"},'
        '"status":"held"}'
    )
    known = activity(services=("量血压", "义诊"), participants=Count(value=0))
    assert to_dict(known)["services"] == ["量血压", "义诊"]
    assert to_dict(known)["when"] == "2023-08-18"
    assert to_dict(known)["participants"] == {"value": 0, "qualifier": "exact"}


# -- warnings: exactly at the plausible bounds, and those of the parts a record holds ------------


def _warned(record: Any) -> list[tuple[str, str, str]]:
    return [(p.path, p.code, p.message) for p in record.warnings()]


def _implausible(field: str, got: int, low: int, high: int, why: str) -> list[tuple[str, str, str]]:
    message = (
        f"'{field}' is {got}, outside what records of this field hold ({low} to {high}: {why})"
    )
    return [(f"$.{field}", "implausible", message)]


YEARS = "records of this field start in 1949"


@pytest.mark.parametrize(
    ("year", "warns"), [(1948, True), (1949, False), (2100, False), (2101, True)]
)
def test_a_time_warns_exactly_outside_its_plausible_years(year: int, warns: bool) -> None:
    """1949 and 2100 are plausible, the years either side are not: one warning at its path."""
    expected = _implausible("when", year, 1949, 2100, YEARS) if warns else []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        record = activity(when=When.year(year))
    assert _warned(record) == expected
    assert [str(w.message) for w in caught] == [f"Activity {p}" for p in record.warnings()]
    assert all(w.category is DomainWarning for w in caught)


@pytest.mark.parametrize("value", [1_500_000_000, 1_500_000_001])
def test_a_count_warns_exactly_past_the_country(value: int) -> None:
    """A count of people warns only past the country's population, on its value."""
    country = "no more than the country has"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DomainWarning)
        record = activity(participants=Count(value=value))
    expected = _implausible("participants", value, 0, 1_500_000_000, country)
    assert _warned(record) == (expected if value > 1_500_000_000 else [])


def _placeholder_street() -> Street:
    """A street whose division code is a placeholder of the tables (warns when built)."""
    return Street(
        id="street:a",
        name="吴门桥街道",
        kind=StreetKind.SUBDISTRICT,
        code=DivisionCode.parse("320508000"),
    )


def test_warnings_come_in_field_order_with_those_of_the_parts_under_their_paths() -> None:
    """A record's own implausible fields in order, then each part's warnings (a list's under
    its index), each once; a valid record with nothing odd has none."""
    assert _warned(_project()) == []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DomainWarning)
        odd = attrs.evolve(
            _project(),
            year=2101,
            period=When.year(1900),
            decisions=(
                Decision(body=DecisionBody.PARTY_MEMBERS_MEETING),
                Decision(body=DecisionBody.PARTY_MEMBERS_MEETING, date=When.year(2101)),
            ),
            in_use=When.year(2200),
        )
        street = _placeholder_street()
    assert _warned(odd) == [
        *_implausible("year", 2101, 1949, 2100, YEARS),
        *_implausible("period", 1900, 1949, 2100, YEARS),
        *[
            (f"$.decisions[1]{path[1:]}", code, message)
            for path, code, message in _implausible("date", 2101, 1949, 2100, YEARS)
        ],
        *_implausible("in_use", 2200, 1949, 2100, YEARS),
    ]
    placeholder = (
        "'digits' has a township segment of 000 (got '320508000'): the tables list such "
        "placeholder codes for units with no townships of their own; the code is kept"
    )
    assert _warned(street) == [("$.code.digits", "placeholder_code", placeholder)]
    assert Ref(kind=RecordKind.STREET, id="street:a").warnings() == []


# -- decimals, moments and records inside records: each problem at its path, worded exactly ------

DECIMAL = "'value' must be a decimal number (a string such as \"120.5\" on the wire)"


@pytest.mark.parametrize("text", ["0", "7", "10", "0.5", "120.500000"])
def test_a_decimal_is_read_from_its_plain_text(text: str) -> None:
    """Digits, at most one point with digits after it: the value is the text's, places kept."""
    loaded = from_dict({"value": text, "unit": "metre"}, Measurement)
    assert loaded.value == Decimal(text)
    assert str(loaded.value) == text


@pytest.mark.parametrize(
    ("raw", "got"),
    [
        ("", "the string ''"),
        ("-", "the string '-'"),
        ("01", "the string '01'"),
        ("00", "the string '00'"),
        ("1.", "the string '1.'"),
        (".5", "the string '.5'"),
        ("1.5.5", "the string '1.5.5'"),
        ("--1", "the string '--1'"),
        ("-1-", "the string '-1-'"),
        ("1-2", "the string '1-2'"),
        ("1e3", "the string '1e3'"),
        ("NaN", "the string 'NaN'"),
        (" 1", "the string ' 1'"),
        (5, "the number 5"),
        (1.5, "the number 1.5"),
    ],
)
def test_anything_but_a_plain_decimal_text_is_a_type_problem(raw: object, got: str) -> None:
    """No leading zero, sign in the middle, exponent, bare point or number: one type problem
    (never the exception ``Decimal`` raises), with what was given."""
    message = f"{DECIMAL} (got {got})"
    with pytest.raises(ValidationError) as caught:
        from_dict({"value": raw, "unit": "metre"}, Measurement)
    assert [(p.path, p.code, p.message) for p in caught.value.errors] == [
        ("$.value", "type", message)
    ]


@pytest.mark.parametrize(
    ("raw", "code", "message"),
    [
        ("-1", "too_small", "'value' must be >= 0 (got Decimal('-1'))"),
        ("-0.5", "too_small", "'value' must be >= 0 (got Decimal('-0.5'))"),
        ("1.1234567", "precision", "'value' must have at most 6 decimal places (got '1.1234567')"),
    ],
)
def test_a_decimal_read_is_then_held_to_its_rules(raw: str, code: str, message: str) -> None:
    """A negative decimal is read, then refused by its floor; too many places by its places:
    the same problems loading and building."""
    with pytest.raises(ValidationError) as loading:
        from_dict({"value": raw, "unit": "metre"}, Measurement)
    with pytest.raises(ValidationError) as building:
        Measurement(value=Decimal(raw), unit=Unit.METRE)
    for caught in (loading, building):
        assert [(p.path, p.code, p.message) for p in caught.value.errors] == [
            ("$.value", code, message)
        ]


@pytest.mark.parametrize(
    ("value", "code", "message"),
    [
        (Decimal("NaN"), "not_finite", "'value' must be finite (got a Decimal)"),
        (Decimal("Infinity"), "not_finite", "'value' must be finite (got a Decimal)"),
        (5, "type", f"{DECIMAL} (got the number 5)"),
        ("2.5", "type", f"{DECIMAL} (got the string '2.5')"),
    ],
)
def test_building_takes_a_finite_decimal_only(value: object, code: str, message: str) -> None:
    """Code that builds a measurement gives a ``Decimal``: a number or a text is not one."""
    with pytest.raises(ValidationError) as caught:
        Measurement(value=value, unit=Unit.METRE)  # type: ignore[arg-type]
    assert [(p.path, p.code, p.message) for p in caught.value.errors] == [
        ("$.value", code, message)
    ]


MOMENT_TYPES = "'start' must be a PartialDate or a Minute or a pendulum.DateTime"


@pytest.mark.parametrize(
    ("start", "code", "message"),
    [
        (
            pendulum.naive(2020, 1, 1, 10),
            "naive_datetime",
            "'start' must carry a time zone (got naive 2020-01-01T10:00:00)",
        ),
        (
            pendulum.datetime(2020, 1, 1, 10, tz=pendulum.FixedTimezone(8 * 3600 + 30)),
            "offset",
            "'start' must have a UTC offset of whole minutes, as ISO 8601 writes it "
            "(got 2020-01-01T10:00:00+08:00:30, a local mean time)",
        ),
        (
            pendulum.datetime(2020, 1, 1, 10, tz=pendulum.FixedTimezone(-59)),
            "offset",
            "'start' must have a UTC offset of whole minutes, as ISO 8601 writes it "
            "(got 2020-01-01T10:00:00-00:00:59, a local mean time)",
        ),
        (dt.datetime(2020, 1, 1, 10), "type", f"{MOMENT_TYPES} (got a datetime)"),
        (5, "type", f"{MOMENT_TYPES} (got the number 5)"),
    ],
)
def test_a_moment_is_refused_unless_aware_at_whole_minutes(
    start: object, code: str, message: str
) -> None:
    """A moment is a pendulum.DateTime with an offset of whole minutes; else one problem."""
    with pytest.raises(ValidationError) as caught:
        When(start=start)  # type: ignore[arg-type]
    assert [(p.path, p.code, p.message) for p in caught.value.errors] == [
        ("$.start", code, message)
    ]


@pytest.mark.parametrize(
    ("moment", "text"),
    [
        (
            pendulum.datetime(2020, 1, 1, 10, tz=pendulum.FixedTimezone(5 * 3600 + 45 * 60)),
            "+05:45",
        ),
        (pendulum.datetime(2020, 1, 1, 10, tz=pendulum.FixedTimezone(-60)), "-00:01"),
        (pendulum.datetime(2020, 1, 1, 10, tz="Asia/Shanghai"), "+08:00"),
        # the hour summer time repeated in Beijing: the second time round is at +08:00
        (pendulum.datetime(1986, 9, 14, 1, 30, tz="Asia/Shanghai", fold=0), "+09:00"),
        (pendulum.datetime(1986, 9, 14, 1, 30, tz="Asia/Shanghai", fold=1), "+08:00"),
    ],
)
def test_a_moment_is_held_at_its_fixed_offset(moment: pendulum.DateTime, text: str) -> None:
    """Whole minutes of offset are taken; a zone's moment is kept at its offset then, the same
    instant, equal to itself after a round trip (a fold included)."""
    when = When(start=moment)
    assert type(when.start.tzinfo) is pendulum.FixedTimezone
    assert when.start.fold == 0
    assert when.start.timestamp() == moment.timestamp()
    assert when.format().endswith(text)
    assert loads(dumps(when), When) == when


def test_a_value_type_given_as_text_is_refused_with_how_to_make_it() -> None:
    """Building with the text of a value type says which call makes the value from it; another
    plain value says what the field takes."""
    with pytest.raises(ValidationError) as caught:
        activity(when="2023")
    assert [(p.path, p.code, p.message) for p in caught.value.errors] == [
        ("$.when", "type", "'when' must be a When, not the string '2023': give When.parse('2023')")
    ]
    with pytest.raises(ValidationError) as caught:
        activity(when=5)
    assert [(p.path, p.code, p.message) for p in caught.value.errors] == [
        (
            "$.when",
            "type",
            "'when' must be a When (its text on the wire, read by When.parse) (got the number 5)",
        )
    ]


PARTNER_KINDS = "'kind' must be one of organisation, party_branch here (got 'street')"
KEEPER_KINDS = "'kind' must be one of community, party_branch, street here (got 'person')"
MEASURED = (
    "'participants' must count people (人) or person_times (人次) or households (户) (got '3场')"
)


def _partners() -> Activity:
    return activity(
        partners=(
            Ref(kind=RecordKind.ORGANISATION, id="org:a"),
            Ref(kind=RecordKind.STREET, id="street:a"),
        )
    )


def _keeper() -> ServiceList:
    return ServiceList(
        id="list:a",
        name="需求清单",
        kind=ListKind.NEEDS,
        keeper=Ref(kind=RecordKind.PERSON, id="person:a"),
    )


def _counted() -> Activity:
    return activity(participants=Count(value=3, unit=MeasureWord.SESSIONS))


@pytest.mark.parametrize(
    ("cls", "build", "changes", "expected"),
    [
        (
            Activity,
            _partners,
            {"partners": [{"kind": "organisation", "id": "org:a"}, {"kind": "street", "id": "s"}]},
            [("$.partners[1].kind", "reference_kind", PARTNER_KINDS)],
        ),
        (
            ServiceList,
            _keeper,
            {"keeper": {"kind": "person", "id": "person:a"}},
            [("$.keeper.kind", "reference_kind", KEEPER_KINDS)],
        ),
        (
            Activity,
            _counted,
            {"participants": {"value": 3, "unit": "sessions"}},
            [("$.participants", "measure_word", MEASURED)],
        ),
    ],
    ids=["a reference in a list", "a reference", "a count"],
)
def test_a_record_inside_a_record_is_held_to_its_field_rules(
    cls: type, build: Any, changes: dict[str, Any], expected: list[tuple[str, str, str]]
) -> None:
    """A sound record in a field that takes only some of its kind (a reference of the wrong
    kind, a count of the wrong thing): one problem at its path, building and loading alike."""
    base = (
        to_dict(activity())
        if cls is Activity
        else {"id": "list:a", "name": "需求清单", "kind": "needs"}
    )
    for call in (build, lambda: from_dict({**base, **changes}, cls)):
        with pytest.raises(ValidationError) as caught:
            call()
        assert [(p.path, p.code, p.message) for p in caught.value.errors] == expected


def test_unknown_keys_are_named_each_at_its_path() -> None:
    """Every key that is not a field, in the input's order: a plain key as ``.key``, one that is
    not an ASCII identifier as ``['key']``; the message names the key, the class and the remedy."""
    with pytest.raises(ValidationError) as caught:
        from_dict({**to_dict(activity()), "colour": 1, "颜色": 2, "a b": 3}, Activity)
    remedy = "(strict=False ignores unknown fields)"
    assert [(p.path, p.code, p.message) for p in caught.value.errors] == [
        ("$.colour", "unknown_field", f"'colour' is not a field of Activity {remedy}"),
        ("$['颜色']", "unknown_field", f"'颜色' is not a field of Activity {remedy}"),
        ("$['a b']", "unknown_field", f"'a b' is not a field of Activity {remedy}"),
    ]


def test_a_dataset_repeats_no_warning_of_the_records_it_holds() -> None:
    """Each record warned when it was built; a dataset of them warns of nothing itself (its
    ``check`` lists the records' warnings under their paths)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DomainWarning)
        street = _placeholder_street()
    assert [p.code for p in street.warnings()] == ["placeholder_code"]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        dataset = Dataset(streets=(street,), activities=(activity(when=When.year(1900)),))
    assert [str(w.message) for w in caught] == [
        "Activity $.when: 'when' is 1900, outside what records of this field hold (1949 to 2100: "
        "records of this field start in 1949) [implausible]"
    ]
    assert dataset.warnings() == []
