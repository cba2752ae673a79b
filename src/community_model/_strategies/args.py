"""Argument checks in hypothesis' style: keyword-only, raised lazily as ``InvalidArgument``.

Hypothesis checks a strategy's arguments when the strategy is first validated or drawn from,
not when it is built, so a bad combination in a module-level strategy fails the test that uses
it, not the import of the test module. :func:`lazy` gives our strategy functions the same
behaviour through the public ``st.deferred``.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Sequence
from typing import Any, ParamSpec, TypeVar

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from community_model._entities import Entity, Ref
from community_model._strategies import fields
from community_model._strategies.fields import PLAUSIBLE_DAYS, VALID_DAYS, Window
from community_model._vocab import RecordKind

T = TypeVar("T")
E = TypeVar("E")
P = ParamSpec("P")


def lazy(function: Callable[P, st.SearchStrategy[T]]) -> Callable[P, st.SearchStrategy[T]]:
    """A public strategy function whose body (its argument checks, then the strategy it
    builds) runs on first use of the strategy; the repr shows the call."""

    @functools.wraps(function)
    def public(*positional: P.args, **given: P.kwargs) -> st.SearchStrategy[T]:
        return lazily(function.__name__, dict(given), lambda: function(*positional, **given))

    return public


def lazily(
    name: str, arguments: dict[str, Any], define: Callable[[], st.SearchStrategy[T]]
) -> st.SearchStrategy[T]:
    """``define()`` runs (and checks the arguments) on first use; the repr shows the call
    (the arguments that are not ``None`` or ``False``)."""
    shown = ", ".join(
        f"{key}={value!r}"
        for key, value in arguments.items()
        if value is not None and value is not False
    )
    define.__name__ = define.__qualname__ = f"{name}({shown})"
    return st.deferred(define)


def check_strategy(value: object, name: str) -> None:
    """An argument that varies must be given as a strategy (``st.just(x)`` for a fixed one)."""
    if value is not None and not isinstance(value, st.SearchStrategy):
        raise InvalidArgument(
            f"{name} must be a hypothesis strategy or None (got {value!r}); "
            f"pass st.just({value!r}) for a fixed value"
        )


def check_instance(value: object, classes: type | tuple[type, ...], name: str) -> None:
    """A fixed argument (a street to attach communities to ...) must be of the right class."""
    if value is not None and not isinstance(value, classes):
        names = (
            classes.__name__
            if isinstance(classes, type)
            else " or ".join(cls.__name__ for cls in classes)
        )
        raise InvalidArgument(f"{name} must be a {names} or None (got {value!r})")


def check_bool(value: object, name: str) -> None:
    """Flags are real booleans, as in hypothesis (``allow_nan=True``)."""
    if not isinstance(value, bool):
        raise InvalidArgument(f"{name} must be True or False (got {value!r})")


def check_int(value: object, name: str) -> int:
    """A whole number (not a bool, not a float)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidArgument(f"{name} must be an integer (got {value!r})")
    return value


def check_sizes(min_size: object, max_size: object, min_name: str, max_name: str) -> None:
    """``0 <= min_size <= max_size``, as ``st.lists`` demands."""
    low = check_int(min_size, min_name)
    high = check_int(max_size, max_name)
    if low < 0:
        raise InvalidArgument(f"{min_name} must be at least 0 (got {low})")
    if high < low:
        raise InvalidArgument(f"{min_name}={low} must not exceed {max_name}={high}")


B = TypeVar("B", dt.date, dt.datetime)


def check_bounds(
    given: tuple[object, object],
    names: tuple[str, str],
    *,
    floor: B,
    ceiling: B,
    usual: tuple[B, B] | None = None,
    kind: str,
    accepts: Callable[[object], bool],
) -> tuple[B, B]:
    """Two bounds, each ``None`` (then the end of ``usual``, or of ``floor``..``ceiling``) or
    a value ``accepts`` takes (``kind`` says what) within ``floor``..``ceiling``; in order."""
    found: list[Any] = []
    for name, value, default in zip(names, given, usual or (floor, ceiling), strict=True):
        if value is None:
            found.append(default)
            continue
        if not accepts(value):
            raise InvalidArgument(f"{name} must be {kind} or None (got {value!r})")
        if not floor <= value <= ceiling:  # type: ignore[operator]
            raise InvalidArgument(f"{name} must lie between {floor} and {ceiling} (got {value})")
        found.append(value)
    low, high = found
    if low > high:
        raise InvalidArgument(f"{names[0]}={low} must not be after {names[1]}={high}")
    return low, high


def _is_date(value: object) -> bool:
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


def check_date_bounds(
    min_date: object,
    max_date: object,
    *,
    floor: dt.date,
    ceiling: dt.date,
    usual: tuple[dt.date, dt.date] | None = None,
) -> tuple[dt.date, dt.date]:
    """Dates (not datetimes) within the model's range, and in order.

    ``None`` is the end of the ``usual`` range (the plausible one, for times of records), or of
    the whole range the model holds.
    """
    return check_bounds(
        (min_date, max_date),
        ("min_date", "max_date"),
        floor=floor,
        ceiling=ceiling,
        usual=usual,
        kind="a datetime.date",
        accepts=_is_date,
    )


def value_dates(min_date: object, max_date: object, edge_cases: object) -> Window:
    """The dates a value strategy draws within: by default the plausible years of records,
    with ``edge_cases`` every year the model holds; explicit bounds anywhere in those."""
    check_bool(edge_cases, "edge_cases")
    return check_date_bounds(
        min_date,
        max_date,
        floor=VALID_DAYS[0],
        ceiling=VALID_DAYS[1],
        usual=VALID_DAYS if edge_cases else PLAUSIBLE_DAYS,
    )


def record_dates(
    min_date: object, max_date: object, edge_cases: object, allow_warnings: object
) -> Window:
    """The dates a record strategy draws its times within.

    By default the plausible years of records; every year the model holds only with both
    ``edge_cases`` and ``allow_warnings`` (such times warn). Explicit bounds outside the
    plausible years need ``allow_warnings``.
    """
    check_flags(edge_cases, allow_warnings)
    wild = bool(edge_cases and allow_warnings)
    dates = check_date_bounds(
        min_date,
        max_date,
        floor=VALID_DAYS[0],
        ceiling=VALID_DAYS[1],
        usual=VALID_DAYS if wild else PLAUSIBLE_DAYS,
    )
    low, high = PLAUSIBLE_DAYS
    if not allow_warnings and not (low <= dates[0] and dates[1] <= high):
        raise InvalidArgument(
            f"records dated from {dates[0].isoformat()} to {dates[1].isoformat()} lie outside "
            f"the plausible years of records ({low.year} to {high.year}) and would warn: "
            "pass allow_warnings=True to draw them"
        )
    return dates


def check_flags(edge_cases: object, allow_warnings: object) -> None:
    """The two knobs every record strategy takes are booleans."""
    check_bool(edge_cases, "edge_cases")
    check_bool(allow_warnings, "allow_warnings")


def check_records(pool: object, classes: type[E], name: str) -> tuple[E, ...] | None:
    """A pool of records to refer to (the communities an activity may be held in ...)."""
    if pool is None:
        return None
    if isinstance(pool, str | bytes) or not isinstance(pool, Sequence):
        raise InvalidArgument(f"{name} must be a sequence of {classes.__name__} (got {pool!r})")
    for item in pool:
        if not isinstance(item, classes):
            raise InvalidArgument(
                f"{name} must hold only {classes.__name__} records (got {item!r})"
            )
    return tuple(pool)


def check_refs(
    pool: object, kinds: Iterable[RecordKind], name: str, *, at_least: int = 0
) -> tuple[Ref, ...] | None:
    """A pool of records or references of the allowed kinds, without repeats."""
    if pool is None:
        return None
    if isinstance(pool, str | bytes) or not isinstance(pool, Sequence):
        raise InvalidArgument(f"{name} must be a sequence of records or Refs (got {pool!r})")
    allowed = frozenset(kinds)
    refs: list[Ref] = []
    for item in pool:
        if isinstance(item, Entity):
            ref = item.ref
        elif isinstance(item, Ref):
            ref = item
        else:
            raise InvalidArgument(f"{name} must hold records or Refs (got {item!r})")
        if ref.kind not in allowed:
            codes = ", ".join(sorted(kind.value for kind in allowed))
            raise InvalidArgument(f"{name} may only hold {codes} (got {ref.format()!r})")
        if ref not in refs:
            refs.append(ref)
    if len(refs) < at_least:
        raise InvalidArgument(
            f"{name} must offer at least {at_least} distinct record(s) (got {len(refs)})"
        )
    return tuple(refs)


def check_field_refs(
    pool: object, cls: type, field: str, name: str | None = None
) -> tuple[Ref, ...] | None:
    """A pool for reference field ``field`` of ``cls``: of the kinds its declaration allows, and
    at least as many distinct records as the field needs."""
    return check_refs(
        pool,
        fields.kinds(cls, field),
        name or field,
        at_least=fields.of(cls, field).min_len,
    )
