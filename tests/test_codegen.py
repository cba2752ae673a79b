"""The generator: construction, ``from_dict`` and ``loads`` apply one rule table alike.

For every record type and every field, a valid record with one field made invalid is refused
the same way by the three doors into the model: the same problems, with the same paths, codes
and messages (rendered from the same parameters).
"""

from __future__ import annotations

import enum
import functools
import gc
import typing
from decimal import Decimal
from typing import Any

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st
from support import problems

from community_model import (
    Activity,
    Compound,
    Entity,
    Person,
    ValidationError,
    from_dict,
    loads,
    suzhou_2023,
    to_dict,
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
