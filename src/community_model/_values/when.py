"""The time of a record, as precisely as the source gives it, in EDTF text form.

Reports say 近日 ("recently": on or before the report), 今年以来 (since the start of the year),
暑期 (the summer holiday), 2023年度 (the 2023 programme year) or give an exact evening. A
:class:`When` holds any of these: an exact moment (a time-zone-aware ``pendulum.DateTime``), a
day, a month or a year (a :class:`PartialDate`, possibly approximate ``~`` or uncertain ``?``),
or an interval between two of them, open at either end. Its text form is EDTF levels 0 and 1
(ISO 8601-2): ``2023``, ``2023-08``, ``2023-08-18``, ``2023-08-18T18:30:00+08:00``,
``2023-07-01/2023-08-31``, ``../2023-08-20``, ``2023-08~``. Every value knows the earliest and
latest instant it allows, in Beijing time for dates, so records can be compared and queried.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator
from typing import Annotated, Any, ClassVar, Final, Literal

import annotated_types as at
import attrs
import pendulum

from community_model._errors import Message, Problem, ValidationError
from community_model._record import TextValue
from community_model._rules import TYPE, describe, show

__all__ = ["BEIJING", "PartialDate", "When"]

#: The zone of every date in the domain (China Standard Time; summer time until 1991).
BEIJING: Final = pendulum.timezone("Asia/Shanghai")

#: EDTF dates (year, month, day, with ~ ? %) and ISO 8601 moments with their offset; the JSON
#: Schema uses the same patterns.
DATE_PATTERN: Final = r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?([~?%])?"
MOMENT_PATTERN: Final = (
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{6})?"
    r"(?:[+-][0-9]{2}:[0-9]{2}|Z)"
)
_POINT_PATTERN: Final = f"(?:{MOMENT_PATTERN}|{DATE_PATTERN})"
_OR_OPEN: Final = f"(?:{_POINT_PATTERN}|\\.\\.)"
_WHEN_PATTERN: Final = f"^(?:{_POINT_PATTERN}|{_OR_OPEN}/{_OR_OPEN})$"
_DATE: Final = re.compile(DATE_PATTERN)
_MOMENT: Final = re.compile(MOMENT_PATTERN)
_QUALIFIER_MARK: Final = {
    (False, False): "",
    (True, False): "~",
    (False, True): "?",
    (True, True): "%",
}
_ONE_MICROSECOND: Final = dt.timedelta(microseconds=1)
_LAST_INSTANT: Final = pendulum.datetime(9999, 12, 31, 23, 59, 59, 999999, tz=BEIJING)

Precision = Literal["year", "month", "day", "moment", "interval"]


_EDTF: Final = Message(
    "edtf", "{what} (got {got})", title="A time is not EDTF text (levels 0 and 1)"
)
_DAY_NEEDS_MONTH: Final = Message(
    "date",
    "{field} needs a 'month'",
    title="A date does not exist, or gives a day without its month",
)
_DAY_OF_MONTH: Final = Message("date", "{field} must be a day of {month} (got {got})")
_NAIVE_MOMENT: Final = Message(
    "naive_datetime",
    "a moment must carry a time zone (got naive {got}); pass tz='Asia/Shanghai' to say which",
)
_START_REQUIRED: Final = Message("missing", "{field} is required unless 'interval' is true")
_END_UNEXPECTED: Final = Message(
    "unexpected",
    "{field} must be unset unless 'interval' is true",
    title="A field is set where it must not be",
)
_OPEN_INTERVAL: Final = Message(
    "open_interval",
    "an interval must have at least one known end",
    title="An interval has neither end known",
)
_INTERVAL_ORDER: Final = Message(
    "interval_order",
    "{field} must not be before 'start' (got {start} to {end})",
    title="An interval ends before it starts",
)
_TIME_ZONE: Final = Message(
    "time_zone", "unknown time zone {zone!r} (try 'Asia/Shanghai')", title="A time zone is unknown"
)
_LOCAL_TIME: Final = Message(
    "local_time",
    "{moment} in {zone} {what}; give an aware datetime to say which instant is meant",
    title="A local time is ambiguous or does not exist in its time zone",
)
_NESTED_INTERVAL: Final = Message(
    "nested_interval",
    "an end of an interval must be a single time (got {got!r})",
    title="An end of an interval is itself an interval",
)


def _syntax_error(text: object, what: str) -> ValidationError:
    return _EDTF.error(what=what, got=show(text))


@attrs.frozen(kw_only=True, slots=True)
class PartialDate(TextValue):
    """A year, a month or a day, optionally approximate (``~``) or uncertain (``?``).

    >>> PartialDate.parse("2023-08~").month, str(PartialDate(year=2023))
    (8, '2023')
    """

    _schema: ClassVar[dict[str, Any]] = {
        "type": "string",
        "pattern": f"^{DATE_PATTERN}$",
        "description": "A year, month or day (EDTF level 1): YYYY, YYYY-MM or YYYY-MM-DD, "
        "optionally followed by ~ (approximate), ? (uncertain) or % (both).",
        "examples": ["2023", "2023-08~"],
    }

    year: Annotated[int, at.Ge(1000), at.Le(9999)]
    month: Annotated[int, at.Ge(1), at.Le(12)] | None = None
    day: Annotated[int, at.Ge(1), at.Le(31)] | None = None
    approximate: bool = False
    uncertain: bool = False

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Read ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` with an optional ``~``, ``?`` or ``%``."""
        match = _DATE.fullmatch(text) if isinstance(text, str) else None
        if match is None:
            raise _syntax_error(text, "a date must be YYYY, YYYY-MM or YYYY-MM-DD, then ~ ? or %")
        year, month, day, mark = match.groups()
        return cls(
            year=int(year),
            month=int(month) if month else None,
            day=int(day) if day else None,
            approximate=mark in ("~", "%"),
            uncertain=mark in ("?", "%"),
        )

    def format(self) -> str:
        """The EDTF text: ``2023``, ``2023-08``, ``2023-08-18``, then the qualifier mark."""
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
            if self.day is not None:
                text += f"-{self.day:02d}"
        return text + _QUALIFIER_MARK[self.approximate, self.uncertain]

    def __str__(self) -> str:
        return self.format()

    def _rules(self) -> Iterator[Problem]:
        if self.day is not None:
            if self.month is None:
                yield _DAY_NEEDS_MONTH.at("$.day")
            elif self.day > calendar.monthrange(self.year, self.month)[1]:
                month = f"{self.year:04d}-{self.month:02d}"
                yield _DAY_OF_MONTH.at("$.day", month=month, got=self.day)

    @property
    def precision(self) -> Literal["year", "month", "day"]:
        """How much of the date is known."""
        if self.day is not None:
            return "day"
        return "year" if self.month is None else "month"

    @property
    def earliest(self) -> pendulum.DateTime:
        """The first instant of the period, in Beijing time."""
        return pendulum.datetime(self.year, self.month or 1, self.day or 1, tz=BEIJING)

    @property
    def latest(self) -> pendulum.DateTime:
        """The last instant (to the microsecond) of the period, in Beijing time."""
        if self.month is None:
            following = (self.year + 1, 1, 1)
        elif self.day is None:
            following = (self.year + self.month // 12, self.month % 12 + 1, 1)
        else:
            day = dt.date(self.year, self.month, self.day)
            if day == dt.date.max:
                return _LAST_INSTANT
            next_day = day + dt.timedelta(days=1)
            following = (next_day.year, next_day.month, next_day.day)
        if following[0] > 9999:
            return _LAST_INSTANT
        return pendulum.datetime(*following, tz=BEIJING) - _ONE_MICROSECOND


Point = PartialDate | pendulum.DateTime


def _point_earliest(point: Point) -> pendulum.DateTime:
    return point if isinstance(point, pendulum.DateTime) else point.earliest


def _point_latest(point: Point) -> pendulum.DateTime:
    return point if isinstance(point, pendulum.DateTime) else point.latest


def format_moment(moment: pendulum.DateTime) -> str:
    """ISO 8601 with the offset: ``2023-08-18T18:30:00+08:00`` (microseconds when not zero)."""
    return moment.isoformat()


def parse_moment(text: str) -> pendulum.DateTime:
    """Read an ISO 8601 moment with its offset (``Z`` is read as ``+00:00``); naive is refused."""
    if not isinstance(text, str) or _MOMENT.fullmatch(text) is None:
        raise _syntax_error(
            text,
            "a moment must be YYYY-MM-DDTHH:MM:SS[.ffffff] followed by its offset (+08:00 or Z)",
        )
    try:
        parsed = dt.datetime.fromisoformat(text)
    except ValueError as error:
        raise _syntax_error(text, f"not a real moment: {error}") from None
    offset = parsed.utcoffset()
    assert offset is not None  # the pattern demands an offset
    return pendulum.DateTime(
        parsed.year,
        parsed.month,
        parsed.day,
        parsed.hour,
        parsed.minute,
        parsed.second,
        parsed.microsecond,
        tzinfo=pendulum.FixedTimezone(int(offset.total_seconds())),
    )


def _parse_point(text: str) -> Point:
    return parse_moment(text) if "T" in text else PartialDate.parse(text)


def _format_point(point: Point) -> str:
    return format_moment(point) if isinstance(point, pendulum.DateTime) else point.format()


@attrs.frozen(kw_only=True, slots=True)
class When(TextValue):
    """A moment, a day, a month, a year, or an interval between two of them.

    A single value sets ``start`` only; an interval sets ``interval=True`` and ``start``, ``end``
    or both (``None`` is an open end). Build values with the class methods or :meth:`parse`.

    >>> when = When.parse("../2023-08-20")
    >>> when.earliest is None, when.latest.isoformat()
    (True, '2023-08-20T23:59:59.999999+08:00')
    >>> str(When.moment(pendulum.datetime(2023, 8, 18, 18, 30, tz="Asia/Shanghai")))
    '2023-08-18T18:30:00+08:00'
    """

    _schema: ClassVar[dict[str, Any]] = {
        "type": "string",
        "pattern": _WHEN_PATTERN,
        "description": "The time of a record in EDTF (levels 0 and 1): a year, month or day "
        "(Beijing time), a moment in ISO 8601 with its offset, or an interval start/end where "
        "'..' is an open end. An interval's end may not be before its start.",
        "examples": ["2023-08-18", "2023-08-18T18:30:00+08:00", "../2023-08-20"],
    }

    start: PartialDate | pendulum.DateTime | None
    end: PartialDate | pendulum.DateTime | None = None
    interval: bool = False
    # The text form and the bounds, kept once made: queries and writes over millions of records
    # work each out once per value.
    _text: str | None = attrs.field(default=None, init=False, eq=False, repr=False, hash=False)
    _bounds: tuple[pendulum.DateTime | None, pendulum.DateTime | None] | None = attrs.field(
        default=None, init=False, eq=False, repr=False, hash=False
    )

    # -- building -------------------------------------------------------------------------------

    @classmethod
    def moment(cls, moment: dt.datetime, *, tz: str | None = None) -> When:
        """An exact moment; a naive ``datetime`` is refused unless ``tz`` names its zone."""
        if not isinstance(moment, dt.datetime):
            raise TYPE.error(expected="a datetime", got=describe(moment))
        if moment.tzinfo is None or moment.utcoffset() is None:
            if tz is None:
                raise _NAIVE_MOMENT.error(got=moment.isoformat())
            value = _localise(moment, tz)
        else:
            value = pendulum.instance(moment)
        return cls(start=value)

    @classmethod
    def year(cls, year: int) -> When:
        """A whole year, such as a programme year (2023年度)."""
        return cls(start=PartialDate(year=year))

    @classmethod
    def month(cls, year: int, month: int) -> When:
        """A whole month."""
        return cls(start=PartialDate(year=year, month=month))

    @classmethod
    def day(cls, year: int, month: int, day: int) -> When:
        """A whole day, in Beijing time."""
        return cls(start=PartialDate(year=year, month=month, day=day))

    @classmethod
    def between(cls, start: When | None, end: When | None) -> When:
        """The interval from ``start`` to ``end`` (single values); ``None`` leaves an end open."""
        return cls(start=_single(start), end=_single(end), interval=True)

    @classmethod
    def on_or_before(cls, end: When) -> When:
        """``../end``: what 近日 ("recently") means for a report of that date."""
        return cls.between(None, end)

    @classmethod
    def on_or_after(cls, start: When) -> When:
        """``start/..``: since a day, with no end known (今年以来 is ``on_or_after(year)``)."""
        return cls.between(start, None)

    @classmethod
    def parse(cls, text: str) -> When:
        """Read the EDTF text form; the exact inverse of :meth:`format`."""
        if not isinstance(text, str):
            raise _syntax_error(text, "a time must be EDTF text")
        if "/" not in text:
            if text == "..":
                raise _syntax_error(text, "'..' is only an end of an interval")
            return cls(start=_parse_point(text))
        head, _, tail = text.partition("/")
        return cls(
            start=None if head == ".." else _parse_point(head),
            end=None if tail == ".." else _parse_point(tail),
            interval=True,
        )

    def format(self) -> str:
        """The EDTF text form."""
        text = self._text
        if text is None:
            text = self._format()
            object.__setattr__(self, "_text", text)
        return text

    def _format(self) -> str:
        if not self.interval:
            assert self.start is not None
            return _format_point(self.start)
        head = ".." if self.start is None else _format_point(self.start)
        tail = ".." if self.end is None else _format_point(self.end)
        return f"{head}/{tail}"

    def __str__(self) -> str:
        return self.format()

    # -- rules ----------------------------------------------------------------------------------

    def _rules(self) -> Iterator[Problem]:
        if not self.interval:
            if self.start is None:
                yield _START_REQUIRED.at("$.start")
            if self.end is not None:
                yield _END_UNEXPECTED.at("$.end")
            return
        if self.start is None and self.end is None:
            yield _OPEN_INTERVAL.at("$")
        elif (
            self.start is not None
            and self.end is not None
            and _point_latest(self.end) < _point_earliest(self.start)
        ):
            start, end = _format_point(self.start), _format_point(self.end)
            yield _INTERVAL_ORDER.at("$.end", start=start, end=end)

    # -- reading --------------------------------------------------------------------------------

    @property
    def precision(self) -> Precision:
        """``moment``, ``day``, ``month``, ``year`` or ``interval``."""
        if self.interval:
            return "interval"
        if isinstance(self.start, pendulum.DateTime):
            return "moment"
        assert self.start is not None
        return self.start.precision

    @property
    def bounds(self) -> tuple[pendulum.DateTime | None, pendulum.DateTime | None]:
        """(earliest, latest): the first and last instants this time allows; None is open."""
        bounds = self._bounds
        if bounds is None:
            last = self.end if self.interval else self.start
            bounds = (
                None if self.start is None else _point_earliest(self.start),
                None if last is None else _point_latest(last),
            )
            object.__setattr__(self, "_bounds", bounds)
        return bounds

    @property
    def earliest(self) -> pendulum.DateTime | None:
        """The earliest instant this time allows; ``None`` when open at the start."""
        return self.bounds[0]

    @property
    def latest(self) -> pendulum.DateTime | None:
        """The latest instant this time allows; ``None`` when open at the end."""
        return self.bounds[1]

    def surely_within(self, start: When | None, end: When | None) -> bool:
        """True when every instant this time allows lies in ``start``..``end`` (None = open)."""
        low = None if start is None else start.earliest
        high = None if end is None else end.latest
        first, last = self.bounds
        return (low is None or (first is not None and first >= low)) and (
            high is None or (last is not None and last <= high)
        )

    def possibly_within(self, start: When | None, end: When | None) -> bool:
        """True when some instant this time allows lies in ``start``..``end`` (None = open)."""
        low = None if start is None else start.earliest
        high = None if end is None else end.latest
        first, last = self.bounds
        return (low is None or last is None or last >= low) and (
            high is None or first is None or first <= high
        )


def _localise(moment: dt.datetime, tz: str) -> pendulum.DateTime:
    """A naive wall-clock time in zone ``tz``; refused if summer time skipped or repeated it."""
    try:
        zone = pendulum.timezone(tz)
    except Exception:
        raise _TIME_ZONE.error(zone=tz) from None
    first, second = moment.replace(tzinfo=zone, fold=0), moment.replace(tzinfo=zone, fold=1)
    if first.utcoffset() != second.utcoffset():
        back = first.astimezone(dt.UTC).astimezone(zone).replace(tzinfo=None)
        if back != moment:
            what = "never happened: the clocks jumped forward for summer time"
        else:
            what = "happened twice: the clocks went back at the end of summer time"
        raise _LOCAL_TIME.error(moment=moment.isoformat(), zone=tz, what=what)
    return pendulum.instance(first)


def _single(value: When | None) -> Point | None:
    if value is None:
        return None
    if value.interval:
        raise _NESTED_INTERVAL.error(got=value.format())
    return value.start
