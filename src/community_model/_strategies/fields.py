"""The rule table's bounds, as the builders draw within them.

Every bound a builder respects is read here, when it draws, from the rule table
(:func:`community_model._rules.bounds`): the lengths of text and lists, the least and most of
numbers, unique items, the kinds a reference may point to
(:func:`community_model._references.reference_fields`), the ``Plausible`` ranges, the measure
words a count may count (``CountsOf``) and whether a field may be ``Unknown``
(``Shape.unknown``). Change an annotation and what the strategies draw changes with it. What
is not a rule stays with the builders as a domain choice: which real names to draw, how long
lists and how large numbers usually are (``usual``), how often an edge occurs
(:data:`.choices.EDGE_ONE_IN`), a rarer form or an unknown (``RARE_ONE_IN``,
``UNKNOWN_ONE_IN``).

By default a field gets a realistic value within its usual range and its ``Plausible`` bounds.
With edge cases it sometimes gets the first or last value its rules allow, a list of the most
items, or odd text of the most characters; values outside ``Plausible`` bounds only when
warnings are allowed too (``Choices.wild``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, Final, TypeVar

from community_model._entities import Ref
from community_model._entities.base import Time
from community_model._references import ReferenceField, reference_fields
from community_model._rules import Bounds, bounds, fields_of, type_bounds
from community_model._strategies import text as names
from community_model._strategies.choices import Alphabet, Choices, tidy
from community_model._values import Count, PartialDate
from community_model._vocab import CountQualifier, MeasureWord, RecordKind

__all__ = [
    "PLAUSIBLE_DAYS",
    "VALID_DAYS",
    "Window",
    "count",
    "free",
    "integer",
    "kinds",
    "members",
    "number",
    "of",
    "optional_text",
    "plausible_of",
    "reference",
    "references",
    "repeated",
    "required",
    "size",
    "span",
    "stated_count",
    "text",
    "unknown_of",
    "unsaid",
    "window",
    "years",
]

T = TypeVar("T")

#: A range of Beijing dates, both ends included.
Window = tuple[dt.date, dt.date]


_BOUNDS: Final[dict[tuple[type, str, bool], Bounds]] = {}


def of(cls: type, name: str, item: bool = False) -> Bounds:
    """The rule table's bounds of field ``name`` of ``cls`` (``item``: of its items)."""
    key = (cls, name, item)
    found = _BOUNDS.get(key)
    if found is None:
        found = _BOUNDS[key] = bounds(cls, name, item=item)
    return found


def reference_field(cls: type, name: str) -> ReferenceField:
    """The declaration of reference field ``name`` of ``cls``: its form and kinds."""
    return next(field for field in reference_fields(cls) if field.name == name)


# -- text -----------------------------------------------------------------------------------------


def text(
    c: Choices,
    cls: type,
    name: str,
    realistic: Callable[[Choices], str],
    *,
    item: bool = False,
    alphabet: Alphabet = "text",
) -> str:
    """A realistic value cut to the field's length; with edge cases, sometimes odd text."""
    most = of(cls, name, item).max_len
    assert most is not None, f"{cls.__name__}.{name} has no maximum length"
    if c.edge():
        odd = c.odd_text(most, alphabet)
        return odd if alphabet == "id" else tidy(odd, most)
    return tidy(realistic(c), most)


def optional_text(
    c: Choices,
    cls: type,
    name: str,
    realistic: Callable[[Choices], str],
    *,
    alphabet: Alphabet = "text",
) -> str | None:
    """``None`` or :func:`text`."""
    return text(c, cls, name, realistic, alphabet=alphabet) if c.boolean() else None


# -- numbers --------------------------------------------------------------------------------------


def members(cls: type, name: str, item: bool = False) -> tuple[Any, ...]:
    """The members of the vocabulary field ``name`` of ``cls`` takes (its items' with
    ``item``), read from its annotation."""
    key = (cls, name, item)
    found = _MEMBERS.get(key)
    if found is None:
        shape = next(field.shape for field in fields_of(cls) if field.name == name)
        if item:
            assert shape.item is not None, f"{cls.__name__}.{name} is not a list"
            shape = shape.item
        found = _MEMBERS[key] = tuple(shape.base)
    return found


_MEMBERS: Final[dict[tuple[type, str, bool], tuple[Any, ...]]] = {}


def span(c: Choices, found: Bounds, low: int, high: int) -> tuple[int, int]:
    """The values a field may take as drawn: ``low``..``high`` within its ``ge``/``le``, and
    within its ``Plausible`` bounds unless the choices are wild."""
    if found.ge is not None:
        low = max(low, found.ge)
    if found.le is not None:
        high = min(high, found.le)
    if found.plausible is not None and not c.wild:
        low, high = max(low, found.plausible[0]), min(high, found.plausible[1])
    return low, high


def number(c: Choices, low: int, high: int, usual: tuple[int, int]) -> int:
    """Mostly within ``usual`` (clipped to ``low``..``high``); with edge cases, sometimes either
    end of ``low``..``high`` or anything between."""
    if c.edge():
        return c.pick((low, high)) if c.boolean() else c.integer(low, high)
    first, last = max(low, usual[0]), min(high, usual[1])
    if first > last:
        first, last = (low, low) if usual[1] < low else (high, high)
    return c.integer(first, last)


def integer(c: Choices, cls: type, name: str, usual: tuple[int, int]) -> int:
    """A whole-number field: mostly ``usual``, always within its rules."""
    found = of(cls, name)
    low = found.ge if found.ge is not None else usual[0]
    high = found.le if found.le is not None else usual[1]
    return number(c, *span(c, found, low, high), usual)


def count(
    c: Choices,
    cls: type,
    name: str,
    usual: tuple[int, int] = (0, 500),
    qualifier: CountQualifier | None = None,
    *,
    least: int | None = None,
    most: int | None = None,
    units: Sequence[MeasureWord] | None = None,
) -> Count:
    """A count as reports give it (400余人, 约20户, 3场) for field ``name`` of ``cls``.

    It counts one of the measure words the field's ``CountsOf`` allows (any, when it has none;
    ``units`` narrows them), now and then none; its number lies within the count's own bounds
    and the field's ``Plausible`` ones, mostly ``usual``. ``least``..``most`` is a convention
    the true number keeps (a 党支部 has 3 to 50 members): the count then says nothing outside it
    (近50 is at most 50, 50余 more than 50).
    """
    words = units if units is not None else of(cls, name).counts_of or members(Count, "unit")
    unit = unsaid(c, c.pick(words))
    stated = of(Count, "value")
    low, high = span(c, of(cls, name), stated.ge, stated.le)
    if least is not None:
        low = max(low, least)
    if most is not None:
        high = min(high, most)
    return stated_count(c, low, high, usual, qualifier, unit, bounded=True)


def unsaid(c: Choices, word: MeasureWord) -> MeasureWord | None:
    """``word``, or now and then no measure word (a bare number); shrinks to ``word``, which is
    drawn either way."""
    return None if c.chance(5) else word


def stated_count(
    c: Choices,
    low: int,
    high: int,
    usual: tuple[int, int],
    qualifier: CountQualifier | None,
    unit: MeasureWord | None,
    *,
    bounded: bool = False,
) -> Count:
    """A count stating a number of ``low``..``high`` (mostly ``usual``) with ``qualifier`` (drawn
    when ``None``); ``bounded``: what it guarantees stays within ``low``..``high`` too (50余 is
    more than 50, so it states at most ``high - 1``).

    不足0 is no count: a count less than something states at least 1. Where no number suits the
    qualifier, the count is exact (a repair, never a filter).
    """
    if qualifier is None:
        qualifier = c.pick(members(Count, "qualifier"))
    first, last = _stated(qualifier, low, high, bounded=bounded, edges=c.edge_cases)
    if first > last:
        qualifier = CountQualifier.EXACT
        first, last = low, high
    return Count(value=number(c, first, last, usual), qualifier=qualifier, unit=unit)


def _stated(
    qualifier: CountQualifier, low: int, high: int, *, bounded: bool, edges: bool
) -> tuple[int, int]:
    """The numbers a count with ``qualifier`` may state in ``low``..``high``: 近0 and 至多0
    only at the edges."""
    if qualifier is CountQualifier.LESS_THAN:
        return max(low + 1 if bounded else low, 1), high
    if qualifier is CountQualifier.MORE_THAN and bounded:
        return low, high - 1
    if qualifier in (CountQualifier.NEARLY, CountQualifier.AT_MOST) and not edges:
        return max(low, 1), high
    return low, high


def unknown_of(cls: type, name: str, item: bool = False) -> Any:
    """The class of the explicit unknown field ``name`` of ``cls`` (its items, with ``item``)
    takes besides its value (``Time | Unknown``), or ``None``: the rule table's
    ``Shape.unknown``."""
    key = (cls, name, item)
    if key not in _UNKNOWN:
        shape = next(field.shape for field in fields_of(cls) if field.name == name)
        if item:
            assert shape.item is not None, f"{cls.__name__}.{name} is not a list"
            shape = shape.item
        _UNKNOWN[key] = shape.unknown
    return _UNKNOWN[key]


_UNKNOWN: Final[dict[tuple[type, str, bool], Any]] = {}


# -- lists ----------------------------------------------------------------------------------------


def size(c: Choices, cls: type, name: str, usual: int, available: int | None = None) -> int:
    """How many items a list field gets: its least to mostly ``usual``; with edge cases, now and
    then its least or its most (all of ``available`` distinct items, when the field sets no
    maximum of its own)."""
    found = of(cls, name)
    most = found.max_len if found.max_len is not None else (available or usual)
    if available is not None:
        most = min(most, available)
    least = min(found.min_len, most)
    if c.edge():
        return c.pick((least, most))
    return c.integer(least, max(least, min(usual, most)))


def repeated(
    c: Choices, cls: type, name: str, usual: int, build: Callable[[Choices], T]
) -> tuple[T, ...]:
    """A list field of parts (funding, decisions): mostly up to ``usual`` of them; a list of the
    most items repeats one, which such a field allows (it has no ``Unique`` rule)."""
    wanted = size(c, cls, name, usual)
    if wanted <= usual:
        return tuple(build(c) for _ in range(wanted))
    assert not of(cls, name).unique, f"{cls.__name__}.{name} holds unique items"
    return (build(c),) * wanted


# -- times ----------------------------------------------------------------------------------------


def plausible_of(annotation: Any) -> tuple[int, int]:
    """The ``Plausible`` bounds of an annotation (such as ``Time``), which must have them."""
    found = type_bounds(annotation).plausible
    assert found is not None, f"{annotation} carries no Plausible marker"
    return found


def years(low: int, high: int) -> Window:
    """The days of the years ``low`` to ``high``."""
    return dt.date(low, 1, 1), dt.date(high, 12, 31)


_YEAR: Final = of(PartialDate, "year")
#: The days the model holds (the years a ``PartialDate`` may have).
VALID_DAYS: Final = years(_YEAR.ge, _YEAR.le)
#: The days the times of records plausibly fall on (the ``Plausible`` years of ``Time``).
PLAUSIBLE_DAYS: Final = years(*plausible_of(Time))


def window(c: Choices, cls: type, name: str, dates: Window) -> Window:
    """The dates a time field is drawn within: ``dates``, within the field's ``Plausible``
    years unless warnings are allowed (the strategy's window then says it all)."""
    plausible = of(cls, name).plausible
    if plausible is None or c.allow_warnings:
        return dates
    low = max(dates[0], dt.date(plausible[0], 1, 1))
    high = min(dates[1], dt.date(plausible[1], 12, 31))
    return (low, high) if low <= high else dates


# -- references -----------------------------------------------------------------------------------


def free(c: Choices, cls: type, name: str) -> Any:
    """A reference of reference field ``name`` (one item of a list) to a record that need not
    exist, of a kind its declaration allows."""
    return _free(c, cls, reference_field(cls, name))


def _free(c: Choices, cls: type, field: ReferenceField) -> Any:
    """A reference of a kind the field allows, to a record that need not exist: an id within
    the field's bounds, or a ``Ref`` whose id is within a reference's."""
    kind = c.pick(kinds(cls, field.name))

    def realistic(c: Choices) -> str:
        return names.record_id(c, kind)

    if field.form == "id":
        return text(c, cls, field.name, realistic, item=field.many, alphabet="id")
    return Ref(kind=kind, id=text(c, Ref, "id", realistic, alphabet="id"))


def kinds(cls: type, name: str) -> tuple[RecordKind, ...]:
    """The kinds of records reference field ``name`` of ``cls`` (or its items) may point to."""
    found = of(cls, name, reference_field(cls, name).many).refers_to
    assert found is not None, f"{cls.__name__}.{name} declares no kinds"
    return found


def reference(c: Choices, cls: type, name: str, pool: Sequence[T] | None) -> T | None:
    """An optional reference: ``None`` or one of ``pool`` (records that exist), or with no pool
    one that need not resolve."""
    if pool is None:
        return free(c, cls, name) if c.boolean() else None
    return c.pick(pool) if len(pool) > 0 and c.boolean() else None


def required(c: Choices, cls: type, name: str, pool: Sequence[T] | None) -> T:
    """A reference that must be set: one of ``pool`` (records that exist; not empty), or with
    no pool one that need not resolve."""
    return free(c, cls, name) if pool is None else c.pick(pool)


def references(
    c: Choices, cls: type, name: str, pool: Sequence[T] | None, usual: int = 3
) -> tuple[T, ...]:
    """Distinct references, as many as the field allows: of ``pool``, or free ones."""
    if pool is not None:
        wanted = size(c, cls, name, usual, available=len(pool))
        return c.subset(pool, wanted, wanted)
    field = reference_field(cls, name)
    found: dict[Any, None] = {}
    spare = 0
    wanted = size(c, cls, name, usual)
    while len(found) < wanted:
        item = _free(c, cls, field) if len(found) < usual else None
        while item is None or item in found:  # an edge length, or a repeat: a repair
            item = _numbered(field, spare)
            spare += 1
        found[item] = None
    return tuple(found)


def _numbered(field: ReferenceField, number: int) -> Any:
    """A reference made unique by its number (a repeat moves on to the next number)."""
    kind = field.kinds[number % len(field.kinds)]
    ident = f"{names.ID_PREFIX[kind]}:_{number}"
    return ident if field.form == "id" else Ref(kind=kind, id=ident)
