"""The time of a record, as precisely as the source gives it, in EDTF text form.

Reports say 近日 ("recently": on or before the report), 今年以来 (since the start of the year),
暑期 (the summer holiday), 2023年度 (the 2023 programme year), 7月17日 (a day whose year is the
report's), 当日傍晚 (that evening) or give an exact time. A :class:`When` holds any of these: an
exact moment (a time-zone-aware ``pendulum.DateTime``), a moment known to the minute
(:class:`Minute`), a day, a month, a season, a year, a decade or a century (a
:class:`PartialDate`, possibly approximate ``~``, uncertain ``?``, with unspecified digits ``X``
or a year inferred from the report), or an interval between two of them, open (``..``) or
unknown (empty) at either end. Its text form is EDTF levels 0 and 1 (ISO 8601-2) and two forms
of level 2 (``2023-XX-15`` and the year qualifier ``?2021-07-17``): ``2023``, ``2023-08``,
``2023-08-18``, ``2023-08-18T18:30:00+08:00``, ``2023-08-18T18:30+08:00``, ``2021-21``,
``202X``, ``2023-07-01/2023-08-31``, ``../2023-08-20``, ``2021/``, ``2023-08~``.

Every value has two pairs of bounds, in Beijing time for dates:

- :attr:`When.bounds` (``earliest``, ``latest``): the period the text *names*, qualifiers aside:
  ``2021~`` names the year 2021;
- :attr:`When.possible_bounds`: every instant the value *may* mean. A qualifier (``~``, ``?``,
  ``%``) reaches one unit of the value's precision on each side (``2021~`` may be any day of
  2020 to 2022, ``2021-07-17?`` any instant of 16 to 18 July), and an inferred year reaches one
  year on each side. Unqualified values have the same two pairs.

:meth:`When.surely_within` and :meth:`When.possibly_within` read the possible bounds, so a
qualified value is never *surely* within the period its text names.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from typing import Annotated, Any, ClassVar, Final, Literal

import annotated_types as at
import attrs
import pendulum

from community_model._errors import Problem, ValidationError
from community_model._messages import (
    DAY_NEEDS_MONTH,
    DAY_OF_MONTH,
    EDTF,
    END_UNEXPECTED,
    INFERRED_YEAR_ALONE,
    INTERVAL_ORDER,
    LOCAL_TIME,
    MINUTE_SECONDS,
    NAIVE_MOMENT,
    NESTED_INTERVAL,
    OPEN_INTERVAL,
    PART_NEEDS_DAY,
    REPORT_DATE,
    REPORT_WORDS,
    SEASON_ALONE,
    START_REQUIRED,
    TIME_ZONE,
    TYPE,
    UNKNOWN_BUT_GIVEN,
    UNKNOWN_NOT_INTERVAL,
    UNSPECIFIED_SET,
    YEAR_DIGITS_ALONE,
    YEAR_DIGITS_ZERO,
)
from community_model._record import TextValue
from community_model._rules import describe, show
from community_model._values.count import _chinese_number
from community_model._vocab import PartOfDay, Season, Unspecified

__all__ = ["BEIJING", "Minute", "PartialDate", "When"]

#: The zone of every date in the domain (China Standard Time; summer time until 1991).
BEIJING: Final = pendulum.timezone("Asia/Shanghai")

# -- the text forms -------------------------------------------------------------------------------
# The patterns that read text are loose where a construction check says more (a month 13 is "too
# large", not "not EDTF"); the JSON Schema publishes strict ones. Neither nests quantifiers.

#: EDTF dates as they are read: an optional ``?`` (year inferred), a year (``2023``, ``202X``,
#: ``20XX``), a month, season (21-24) or ``XX``, a day or ``XX``, then ``~``, ``?`` or ``%``.
DATE_PATTERN: Final = (
    r"(\?)?([0-9]{4}|[0-9]{3}X|[0-9]{2}XX)(?:-([0-9]{2}|XX)(?:-([0-9]{2}|XX))?)?([~?%])?"
)
#: ISO 8601 moments to the second (or microsecond) with their offset.
MOMENT_PATTERN: Final = (
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{6})?"
    r"(?:[+-][0-9]{2}:[0-5][0-9]|Z)"
)
#: ISO 8601 moments known to the minute, with their offset.
MINUTE_PATTERN: Final = r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(?:[+-][0-9]{2}:[0-5][0-9]|Z)"

#: What a report's date may not be: it must be a single time of a year or finer (``202X``
#: would make 今年 the year 2020).
_COARSER_THAN_A_YEAR: Final = frozenset({"interval", "decade", "century"})

_MONTH: Final = "(?:0[1-9]|1[0-2])"
_DAY: Final = "(?:0[1-9]|[12][0-9]|3[01])"
_OFFSET: Final = "(?:[+-](?:[01][0-9]|2[0-3]):[0-5][0-9]|Z)"
_CLOCK: Final = "T(?:[01][0-9]|2[0-3]):[0-5][0-9]"
#: The JSON Schema's dates: a year alone (``2023``, ``202X``, ``20XX``), or an optionally
#: year-inferred (``?``) year with a season, or a month (or ``XX``) and maybe a day (or ``XX``).
DATE_SCHEMA_PATTERN: Final = (
    r"(?:[0-9]{2}(?:[0-9]{2}|[0-9]X|XX)"
    rf"|\??[0-9]{{4}}-(?:2[1-4]|(?:{_MONTH}|XX)(?:-(?:{_DAY}|XX))?))[~?%]?"
)
MINUTE_SCHEMA_PATTERN: Final = f"[0-9]{{4}}-{_MONTH}-{_DAY}{_CLOCK}{_OFFSET}"
#: Moments to the minute, the second or the microsecond.
MOMENT_SCHEMA_PATTERN: Final = (
    f"[0-9]{{4}}-{_MONTH}-{_DAY}{_CLOCK}(?::[0-5][0-9](?:\\.[0-9]{{6}})?)?{_OFFSET}"
)
_POINT_SCHEMA: Final = f"(?:{MOMENT_SCHEMA_PATTERN}|{DATE_SCHEMA_PATTERN})"
#: A single time, or an interval whose ends are a time, ``..`` (open) or empty (unknown), with at
#: least one end known: ``P``, ``P/P``, ``P/..``, ``P/``, ``../P``, ``/P``.
_WHEN_SCHEMA: Final = (
    f"^(?:{_POINT_SCHEMA}(?:/(?:{_POINT_SCHEMA}|\\.\\.)?)?|(?:\\.\\.)?/{_POINT_SCHEMA})$"
)

_DATE: Final = re.compile(DATE_PATTERN)
_MOMENT: Final = re.compile(MOMENT_PATTERN)
_MINUTE: Final = re.compile(MINUTE_PATTERN)
_QUALIFIER_MARK: Final = {
    (False, False): "",
    (True, False): "~",
    (False, True): "?",
    (True, True): "%",
}
#: Seasons as EDTF numbers them, and the month each starts in (meteorological, north).
_SEASON_NUMBER: Final = {
    Season.SPRING: 21,
    Season.SUMMER: 22,
    Season.AUTUMN: 23,
    Season.WINTER: 24,
}
_SEASON_OF_NUMBER: Final = {number: season for season, number in _SEASON_NUMBER.items()}
_SEASON_FIRST_MONTH: Final = {
    Season.SPRING: 3,
    Season.SUMMER: 6,
    Season.AUTUMN: 9,
    Season.WINTER: 12,
}
_ONE_MICROSECOND: Final = dt.timedelta(microseconds=1)
_ONE_MINUTE: Final = dt.timedelta(minutes=1)
_ONE_DAY: Final = dt.timedelta(days=1)
#: From a minute's first instant to its last.
_MINUTE_SPAN: Final = _ONE_MINUTE - _ONE_MICROSECOND
_LAST_INSTANT: Final = pendulum.datetime(9999, 12, 31, 23, 59, 59, 999999, tz=BEIJING)

DatePrecision = Literal["century", "decade", "year", "season", "month", "day"]
Precision = Literal[
    "century", "decade", "year", "season", "month", "day", "minute", "moment", "interval"
]
#: How far a qualifier reaches on each side, in months, by precision (a day reaches one day).
_REACH_MONTHS: Final = {"century": 1200, "decade": 120, "year": 12, "season": 3, "month": 1}


def _syntax_error(text: object, what: str) -> ValidationError:
    return EDTF.error(what=what, got=show(text))


# -- calendar arithmetic on days ------------------------------------------------------------------


def _month_start(index: int) -> dt.date | None:
    """The first day of month ``index`` (``year * 12 + month - 1``), or None past year 9999."""
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, 1) if year <= 9999 else None


def _shift(day: dt.date | None, months: int, days: int) -> dt.date | None:
    """``day`` moved by whole months (the day clamped to the month's length), then by days;
    None (past the last day Python holds) stays None and is where a move past 9999 ends."""
    if day is None:
        return None
    moved = day
    if months:
        year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
        if year > 9999:
            return None
        moved = dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))
    try:
        return moved + (_ONE_DAY if days == 1 else dt.timedelta(days=days))
    except OverflowError:
        return None


def _first_instant(day: dt.date) -> pendulum.DateTime:
    return pendulum.datetime(day.year, day.month, day.day, tz=BEIJING)


def _last_instant_before(day: dt.date | None) -> pendulum.DateTime:
    """The last instant (to the microsecond) before ``day`` starts; None is past 9999."""
    if day is None:
        return _LAST_INSTANT
    return _first_instant(day) - _ONE_MICROSECOND


# -- instants as microseconds since 1970-01-01T00:00Z (as Arrow and Parquet hold them) ------------
# Worked out from a date's parts, without the two pendulum instants :attr:`When.bounds` builds
# (about ten times the work); the same instants (tests/test_when.py holds them equal).

_EPOCH: Final = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_EPOCH_DAY: Final = _EPOCH.toordinal()
_MICROS_A_DAY: Final = _ONE_DAY // _ONE_MICROSECOND
_MIDNIGHT: Final = dt.time()
#: Beijing's offset from UTC at a wall-clock time (zoneinfo's own, in C).
_beijing_offset: Final = BEIJING.utcoffset


def epoch_micros(moment: dt.datetime) -> int:
    """Microseconds from 1970-01-01T00:00Z to an aware moment."""
    # datetime's own subtraction: pendulum's builds an Interval, many times slower.
    return dt.datetime.__sub__(moment, _EPOCH) // _ONE_MICROSECOND


_LAST_MICROS: Final = epoch_micros(_LAST_INSTANT)
_MINUTE_SPAN_MICROS: Final = _MINUTE_SPAN // _ONE_MICROSECOND


def _first_micros(day: dt.date) -> int:
    """:func:`_first_instant` of ``day`` in microseconds: midnight at Beijing's offset of that
    midnight. Where summer time skipped midnight (``1940-06-01`` began at 01:00), the offset
    before the change (``fold=0``) gives the instant pendulum moves it to; no change of the
    zone repeated a midnight (tests/test_when.py holds every day of the years it changed)."""
    offset = _beijing_offset(dt.datetime.combine(day, _MIDNIGHT))
    assert offset is not None  # a zone's offset is always known
    return (day.toordinal() - _EPOCH_DAY) * _MICROS_A_DAY - offset // _ONE_MICROSECOND


def _last_micros_before(day: dt.date | None) -> int:
    """:func:`_last_instant_before` ``day`` in microseconds."""
    return _LAST_MICROS if day is None else _first_micros(day) - 1


# -- dates ----------------------------------------------------------------------------------------


class _KeptText(TextValue):
    """A time whose text is worked out once, on first use, and kept: times are immutable, and
    ``parse`` keeps the text it read when that text is the one ``_format`` would write."""

    __slots__ = ()

    _text: str | None

    def format(self) -> str:
        """The text form, which ``parse`` reads back to an equal value."""
        text = self._text
        if text is None:
            text = self._format()
            object.__setattr__(self, "_text", text)
        return text

    def __str__(self) -> str:
        return self.format()

    def _format(self) -> str:
        raise NotImplementedError


@attrs.frozen(kw_only=True, slots=True)
class PartialDate(_KeptText):
    """A century, decade, year, season, month or day, as much of a date as the source gives.

    ``approximate`` (``~``) and ``uncertain`` (``?``, both: ``%``) qualify the whole date;
    ``season`` is a season of the year (``2021-21`` is spring 2021); ``unspecified`` says which
    digits are ``X`` (``202X``, ``2023-XX``, ``2023-04-XX``, ``2023-XX-15``), those digits being
    held as zeros or unset; ``year_inferred`` marks a year the source did not give but the
    report's date implies (7月17日 in a report of 2021 is ``?2021-07-17``).

    >>> PartialDate.parse("2023-08~").month, str(PartialDate(year=2023))
    (8, '2023')
    >>> PartialDate.parse("?2021-07-17").year_inferred, PartialDate.parse("202X").precision
    (True, 'decade')
    """

    _schema: ClassVar[dict[str, Any]] = {
        "type": "string",
        "pattern": f"^{DATE_SCHEMA_PATTERN}$",
        "description": "A date as precise as the source (EDTF level 1, and level 2's 2023-XX-15 "
        "and ?2021-07-17): YYYY, YYYY-MM or YYYY-MM-DD; a season YYYY-21 (spring) to YYYY-24 "
        "(winter, into the next year); X for unspecified digits (202X, 20XX, 2023-XX, "
        "2023-XX-XX, 2023-04-XX, 2023-XX-15); a leading ? when the year is inferred from the "
        "report's date; then ~ (approximate), ? (uncertain) or % (both).",
        "examples": ["2023", "2023-08~", "2021-21", "202X", "2023-XX-15", "?2021-07-17"],
    }

    year: Annotated[int, at.Ge(1000), at.Le(9999)]
    month: Annotated[int, at.Ge(1), at.Le(12)] | None = None
    day: Annotated[int, at.Ge(1), at.Le(31)] | None = None
    approximate: bool = False
    uncertain: bool = False
    season: Season | None = None
    unspecified: Unspecified | None = None
    year_inferred: bool = False
    # The text form, kept once made (or read: every date text that parses is canonical).
    _text: str | None = attrs.field(default=None, init=False, eq=False, repr=False, hash=False)

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Read the EDTF text of a date; the exact inverse of :meth:`format`."""
        match = _DATE.fullmatch(text) if isinstance(text, str) else None
        if match is None:
            raise _syntax_error(
                text,
                "a date must be [?]YYYY, YYYY-MM, YYYY-SS (season 21-24) or YYYY-MM-DD, with X "
                "for unspecified digits, then ~ ? or %",
            )
        inferred, year_text, month_text, day_text, mark = match.groups()
        unspecified: Unspecified | None = None
        if year_text.endswith("XX"):
            unspecified = Unspecified.YEAR_DIGITS
        elif year_text.endswith("X"):
            unspecified = Unspecified.YEAR_DIGIT
        if unspecified is not None and month_text is not None:
            raise _syntax_error(text, "X digits of a year stand for a year alone (202X, 20XX)")
        month = day = None
        season = None
        if month_text == "XX":
            unspecified = Unspecified.MONTH_AND_DAY if day_text == "XX" else Unspecified.MONTH
        elif month_text is not None:
            number = int(month_text)
            season = _SEASON_OF_NUMBER.get(number)
            if season is None:
                month = number
        if day_text == "XX":
            if unspecified is None:
                unspecified = Unspecified.DAY
        elif day_text is not None:
            day = int(day_text)
        date = cls(
            year=int(year_text.replace("X", "0")),
            month=month,
            day=day,
            approximate=mark in ("~", "%"),
            uncertain=mark in ("?", "%"),
            season=season,
            unspecified=unspecified,
            year_inferred=inferred is not None,
        )
        # The pattern admits no other spelling of a valid date (fixed widths, one mark, no
        # sign): the text read is the text format() makes (tests/test_speed_equivalence.py).
        object.__setattr__(date, "_text", text)
        return date

    def _format(self) -> str:
        """The EDTF text: ``2023``, ``2023-08``, ``2023-08-18``, ``2021-21``, ``202X``,
        ``2023-XX-15``, ``?2021-07-17`` ..., then the qualifier mark."""
        unspecified = self.unspecified
        text = f"{self.year:04d}"
        if unspecified is Unspecified.YEAR_DIGITS:
            text = text[:2] + "XX"
        elif unspecified is Unspecified.YEAR_DIGIT:
            text = text[:3] + "X"
        if self.year_inferred:
            text = "?" + text
        if self.season is not None:
            text += f"-{_SEASON_NUMBER[self.season]}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        elif unspecified is Unspecified.MONTH or unspecified is Unspecified.MONTH_AND_DAY:
            text += "-XX"
        if self.day is not None:
            text += f"-{self.day:02d}"
        elif unspecified is Unspecified.DAY or unspecified is Unspecified.MONTH_AND_DAY:
            text += "-XX"
        return text + _QUALIFIER_MARK[self.approximate, self.uncertain]

    def _rules(self) -> Iterator[Problem]:
        unspecified = self.unspecified
        if self.season is not None and (
            self.month is not None or self.day is not None or unspecified is not None
        ):
            yield SEASON_ALONE.at("$.season")
            return
        if unspecified is Unspecified.YEAR_DIGIT or unspecified is Unspecified.YEAR_DIGITS:
            if self.month is not None or self.day is not None:
                yield YEAR_DIGITS_ALONE.at("$.unspecified")
                return
            zeros = "0" if unspecified is Unspecified.YEAR_DIGIT else "00"
            if self.year % (10 if unspecified is Unspecified.YEAR_DIGIT else 100):
                yield YEAR_DIGITS_ZERO.at("$.year", zeros=zeros, got=self.year)
        month_unknown = unspecified is Unspecified.MONTH or unspecified is Unspecified.MONTH_AND_DAY
        day_unknown = unspecified is Unspecified.DAY or unspecified is Unspecified.MONTH_AND_DAY
        if month_unknown and self.month is not None:
            yield UNSPECIFIED_SET.at("$.month")
        if day_unknown and self.day is not None:
            yield UNSPECIFIED_SET.at("$.day")
        if unspecified is Unspecified.DAY and self.month is None:
            yield DAY_NEEDS_MONTH.at("$.unspecified")
        if self.day is not None and not month_unknown:
            if self.month is None:
                yield DAY_NEEDS_MONTH.at("$.day")
            elif self.day > calendar.monthrange(self.year, self.month)[1]:
                month = f"{self.year:04d}-{self.month:02d}"
                yield DAY_OF_MONTH.at("$.day", month=month, got=self.day)
        if self.year_inferred and self.precision in ("century", "decade", "year"):
            yield INFERRED_YEAR_ALONE.at("$.year_inferred")

    @property
    def precision(self) -> DatePrecision:
        """How much of the date the text gives: ``century`` (``20XX``), ``decade`` (``202X``),
        ``year``, ``season``, ``month`` (``2023-08``, ``2023-XX``) or ``day`` (``2023-08-18``,
        ``2023-04-XX``, ``2023-XX-15``)."""
        unspecified = self.unspecified
        if unspecified is Unspecified.YEAR_DIGITS:
            return "century"
        if unspecified is Unspecified.YEAR_DIGIT:
            return "decade"
        if self.season is not None:
            return "season"
        if (
            self.day is not None
            or unspecified is Unspecified.DAY
            or unspecified is Unspecified.MONTH_AND_DAY
        ):
            return "day"
        if self.month is not None or unspecified is Unspecified.MONTH:
            return "month"
        return "year"

    @property
    def qualified(self) -> bool:
        """Whether the date is approximate, uncertain or has an inferred year: whether it may
        mean more than the period its text names."""
        return self.approximate or self.uncertain or self.year_inferred

    def _period(self) -> tuple[dt.date, dt.date | None]:
        """The first day of the named period and the day after its last (None past 9999)."""
        year, unspecified = self.year, self.unspecified
        if unspecified is Unspecified.YEAR_DIGITS or unspecified is Unspecified.YEAR_DIGIT:
            years = 100 if unspecified is Unspecified.YEAR_DIGITS else 10
            return dt.date(year, 1, 1), _month_start((year + years) * 12)
        if self.season is not None:
            first = year * 12 + _SEASON_FIRST_MONTH[self.season] - 1
            month = _SEASON_FIRST_MONTH[self.season]
            return dt.date(year, month, 1), _month_start(first + 3)
        if self.month is not None:
            if self.day is not None:
                day = dt.date(year, self.month, self.day)
                return day, _shift(day, 0, 1)
            first = year * 12 + self.month - 1
            return dt.date(year, self.month, 1), _month_start(first + 1)
        if self.day is not None:  # 2023-XX-15: the 15th of January to the 15th of December
            return dt.date(year, 1, self.day), _shift(dt.date(year, 12, self.day), 0, 1)
        return dt.date(year, 1, 1), _month_start((year + 1) * 12)

    @property
    def earliest(self) -> pendulum.DateTime:
        """The first instant of the period the text names, in Beijing time (qualifiers aside:
        see :attr:`possible_bounds`)."""
        return _first_instant(self._period()[0])

    @property
    def latest(self) -> pendulum.DateTime:
        """The last instant (to the microsecond) of the period the text names, in Beijing time
        (qualifiers aside: see :attr:`possible_bounds`)."""
        return _last_instant_before(self._period()[1])

    @property
    def possible_bounds(self) -> tuple[pendulum.DateTime, pendulum.DateTime]:
        """The first and last instants the date may mean: its named period, widened by one unit
        of its precision on each side when approximate or uncertain, and by one year when its
        year is inferred. ``2021~`` may be 2020 to 2022; ``2021-07-17?`` 16 to 18 July;
        ``?2021-07-17`` 17 July 2020 to 17 July 2022."""
        first, after = self._period()
        months = days = 0
        if self.approximate or self.uncertain:
            precision = self.precision
            if precision == "day":
                days = 1
            else:
                months = _REACH_MONTHS[precision]
        if self.year_inferred:
            months += 12
        if not months and not days:
            return _first_instant(first), _last_instant_before(after)
        low = _shift(first, -months, -days)
        assert low is not None  # years from 1000, reaches of at most a century and a year
        return _first_instant(low), _last_instant_before(_shift(after, months, days))


# -- moments --------------------------------------------------------------------------------------


def format_moment(moment: pendulum.DateTime) -> str:
    """ISO 8601 with the offset: ``2023-08-18T18:30:00+08:00`` (microseconds when not zero)."""
    return moment.isoformat()


def _read_iso(text: str) -> pendulum.DateTime:
    try:
        parsed = dt.datetime.fromisoformat(text)
    except ValueError as error:
        raise _syntax_error(text, f"not a real moment: {error}") from None
    offset = parsed.utcoffset()
    assert offset is not None  # the patterns demand an offset
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


def _canonical_moment(text: str) -> bool:
    """Whether a time's text that parsed is the text ``format`` gives back.

    The patterns fix every width and dates have one spelling, so only a moment's ``Z`` and
    ``-00:00`` (written ``+00:00``) and its zero microseconds (left out) are spelt otherwise;
    none of them appears in any other part of a time's text (tests/test_speed_equivalence.py
    holds this over texts drawn from the patterns).
    """
    return "Z" not in text and "-00:00" not in text and ".000000" not in text


def parse_moment(text: str) -> pendulum.DateTime:
    """Read an ISO 8601 moment with its offset (``Z`` is read as ``+00:00``); naive is refused."""
    if not isinstance(text, str) or _MOMENT.fullmatch(text) is None:
        raise _syntax_error(
            text,
            "a moment must be YYYY-MM-DDTHH:MM:SS[.ffffff] followed by its offset (+08:00 or Z)",
        )
    return _read_iso(text)


@attrs.frozen(kw_only=True, slots=True)
class Minute(_KeptText):
    """A moment known to the minute: ``2021-07-17T08:30+08:00`` is any instant of that minute.

    ``at`` is the minute's first instant (no seconds), held at its fixed offset.

    >>> minute = Minute.parse("2021-07-17T08:30+08:00")
    >>> minute.latest.isoformat()
    '2021-07-17T08:30:59.999999+08:00'
    """

    _schema: ClassVar[dict[str, Any]] = {
        "type": "string",
        "pattern": f"^{MINUTE_SCHEMA_PATTERN}$",
        "description": "A moment known to the minute in ISO 8601 with its offset "
        "(YYYY-MM-DDTHH:MM+08:00): every instant of that minute.",
        "examples": ["2021-07-17T08:30+08:00"],
    }

    at: pendulum.DateTime
    # The text form, kept once made (or read, when the text is already canonical).
    _text: str | None = attrs.field(default=None, init=False, eq=False, repr=False, hash=False)

    @classmethod
    def parse(cls, text: str) -> Minute:
        """Read ``YYYY-MM-DDTHH:MM`` and its offset (``Z`` is read as ``+00:00``)."""
        if not isinstance(text, str) or _MINUTE.fullmatch(text) is None:
            raise _syntax_error(
                text, "a moment known to the minute must be YYYY-MM-DDTHH:MM followed by its offset"
            )
        minute = cls(at=_read_iso(text))
        if _canonical_moment(text):
            object.__setattr__(minute, "_text", text)
        return minute

    def _format(self) -> str:
        """ISO 8601 to the minute with the offset: ``2021-07-17T08:30+08:00``."""
        return self.at.isoformat(timespec="minutes")

    def _rules(self) -> Iterator[Problem]:
        if self.at.second or self.at.microsecond:
            yield MINUTE_SECONDS.at("$.at", got=self.at.isoformat())

    @property
    def earliest(self) -> pendulum.DateTime:
        """The minute's first instant."""
        return self.at

    @property
    def latest(self) -> pendulum.DateTime:
        """The minute's last instant (to the microsecond)."""
        return self.at + _MINUTE_SPAN

    @property
    def possible_bounds(self) -> tuple[pendulum.DateTime, pendulum.DateTime]:
        """The same as the named bounds: a minute takes no qualifier."""
        return self.earliest, self.latest


Point = PartialDate | Minute | pendulum.DateTime


def _point_earliest(point: Point) -> pendulum.DateTime:
    return point if isinstance(point, pendulum.DateTime) else point.earliest


def _point_latest(point: Point) -> pendulum.DateTime:
    return point if isinstance(point, pendulum.DateTime) else point.latest


def _possible(point: Point) -> tuple[pendulum.DateTime, pendulum.DateTime]:
    return (point, point) if isinstance(point, pendulum.DateTime) else point.possible_bounds


def _earliest_micros(point: Point) -> int:
    """:func:`_point_earliest` in microseconds since the epoch."""
    if isinstance(point, PartialDate):
        return _first_micros(point._period()[0])
    return epoch_micros(point.at if isinstance(point, Minute) else point)


def _span_micros(point: Minute | pendulum.DateTime) -> int:
    """From the first instant of a minute or a moment to its last."""
    return _MINUTE_SPAN_MICROS if isinstance(point, Minute) else 0


def _latest_micros(point: Point) -> int:
    """:func:`_point_latest` in microseconds since the epoch."""
    if isinstance(point, PartialDate):
        return _last_micros_before(point._period()[1])
    return _earliest_micros(point) + _span_micros(point)


def _micros(point: Point) -> tuple[int, int]:
    """:func:`_earliest_micros` and :func:`_latest_micros` of a point, its period worked out
    once."""
    if isinstance(point, PartialDate):
        first, after = point._period()
        return _first_micros(first), _last_micros_before(after)
    at = _earliest_micros(point)
    return at, at + _span_micros(point)


def _parse_point(text: str) -> Point:
    if "T" not in text:
        return PartialDate.parse(text)
    if _MINUTE.fullmatch(text) is not None:
        return Minute.parse(text)
    return parse_moment(text)


def _format_point(point: Point) -> str:
    return format_moment(point) if isinstance(point, pendulum.DateTime) else point.format()


Bounds = tuple[pendulum.DateTime | None, pendulum.DateTime | None]


def micros_bounds(when: When) -> tuple[int | None, int | None]:
    """:attr:`When.bounds` in microseconds since 1970-01-01T00:00Z (Arrow's timestamps), worked
    out from the parts: no pendulum instant is built, and nothing is kept on the value."""
    start, end = when.start, when.end
    if not when.interval:
        assert start is not None
        return _micros(start)
    return (
        None if start is None else _earliest_micros(start),
        None if end is None else _latest_micros(end),
    )


# -- times ----------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True, slots=True)
class When(_KeptText):
    """A moment, a minute, a day, a month, a season, a year, a decade or a century, or an
    interval between two of them.

    A single value sets ``start`` only; an interval sets ``interval=True`` and ``start``, ``end``
    or both. A missing end is *open* (``..``: it has no end, as 近日 has no start) unless
    ``start_unknown`` or ``end_unknown`` says that end exists but is unknown (EDTF's empty end:
    ``2021/`` began in 2021 and ended at a time the source does not give). Build values with the
    class methods or :meth:`parse`.

    >>> when = When.parse("../2023-08-20")
    >>> when.earliest is None, when.latest.isoformat()
    (True, '2023-08-20T23:59:59.999999+08:00')
    >>> str(When.moment(pendulum.datetime(2023, 8, 18, 18, 30, tz="Asia/Shanghai")))
    '2023-08-18T18:30:00+08:00'
    >>> When.parse("2021~").surely_within(When.year(2021), When.year(2021))
    False
    """

    _schema: ClassVar[dict[str, Any]] = {
        "type": "string",
        "pattern": _WHEN_SCHEMA,
        "description": "The time of a record in EDTF (levels 0 and 1, and level 2's 2023-XX-15 "
        "and ?2021-07-17): a date (see PartialDate; Beijing time), a moment in ISO 8601 with its "
        "offset, to the minute or the second, or an interval start/end where '..' is an open "
        "end and an empty end is unknown. An interval's end may not be before its start.",
        "examples": [
            "2023-08-18",
            "2023-08-18T18:30:00+08:00",
            "2021-07-17T08:30+08:00",
            "../2023-08-20",
            "2021-21",
            "2021/",
        ],
    }

    start: PartialDate | Minute | pendulum.DateTime | None
    end: PartialDate | Minute | pendulum.DateTime | None = None
    interval: bool = False
    start_unknown: bool = False
    end_unknown: bool = False
    # The text form and the bounds, kept once made: queries and writes over millions of records
    # work each out once per value.
    _text: str | None = attrs.field(default=None, init=False, eq=False, repr=False, hash=False)
    _bounds: Bounds | None = attrs.field(default=None, init=False, eq=False, repr=False, hash=False)
    _possible: Bounds | None = attrs.field(
        default=None, init=False, eq=False, repr=False, hash=False
    )

    # -- building -------------------------------------------------------------------------------

    @classmethod
    def moment(cls, moment: dt.datetime, *, tz: str | None = None) -> When:
        """An exact moment; a naive ``datetime`` is refused unless ``tz`` names its zone."""
        return cls(start=_aware(moment, tz))

    @classmethod
    def minute(cls, moment: dt.datetime, *, tz: str | None = None) -> When:
        """A moment known to the minute (``2021-07-17T08:30+08:00``): ``moment`` must have no
        seconds; a naive ``datetime`` is refused unless ``tz`` names its zone."""
        return cls(start=Minute(at=_aware(moment, tz)))

    @classmethod
    def year(cls, year: int) -> When:
        """A whole year, such as a programme year (2023年度)."""
        return cls(start=PartialDate(year=year))

    @classmethod
    def season(cls, year: int, season: Season) -> When:
        """A season of a year (``2021-21`` is spring 2021; winter runs into the next year)."""
        return cls(start=PartialDate(year=year, season=season))

    @classmethod
    def month(cls, year: int, month: int) -> When:
        """A whole month."""
        return cls(start=PartialDate(year=year, month=month))

    @classmethod
    def day(cls, year: int, month: int, day: int) -> When:
        """A whole day, in Beijing time."""
        return cls(start=PartialDate(year=year, month=month, day=day))

    @classmethod
    def between(
        cls,
        start: When | None,
        end: When | None,
        *,
        start_unknown: bool = False,
        end_unknown: bool = False,
    ) -> When:
        """The interval from ``start`` to ``end`` (single values); ``None`` leaves an end open
        (``..``), or unknown (an empty end) with ``start_unknown`` / ``end_unknown``."""
        return cls(
            start=_single(start),
            end=_single(end),
            interval=True,
            start_unknown=start_unknown,
            end_unknown=end_unknown,
        )

    @classmethod
    def on_or_before(cls, end: When) -> When:
        """``../end``: what 近日 ("recently") means for a report of that date."""
        return cls.between(None, end)

    @classmethod
    def on_or_after(cls, start: When) -> When:
        """``start/..``: since a time, with no end (an arrangement still in force)."""
        return cls.between(start, None)

    @classmethod
    def part_of_day(cls, day: When, part: PartOfDay) -> When:
        """The hours of a part of a known day (:attr:`PartOfDay.hours`), as an interval of
        minutes: 傍晚 of 18 August 2023 is ``2023-08-18T17:00+08:00/2023-08-18T19:59+08:00``.

        ``day`` must be a day known exactly: for a qualified day, or one whose year is
        inferred, no exact interval can be written, and the day's own bounds are the answer.
        """
        if not isinstance(part, PartOfDay):
            raise TYPE.error(expected="a PartOfDay", got=describe(part))
        date = day.start if isinstance(day, When) and not day.interval else None
        if not (
            isinstance(date, PartialDate)
            and date.month is not None
            and date.day is not None
            and not date.qualified
        ):
            raise PART_NEEDS_DAY.error(got=show(str(day)))
        first, end = part.hours
        start = _localise(dt.datetime(date.year, date.month, date.day, first), "Asia/Shanghai")
        last = _localise(dt.datetime(date.year, date.month, date.day, end - 1, 59), "Asia/Shanghai")
        return cls(start=Minute(at=start), end=Minute(at=last), interval=True)

    @classmethod
    def from_report(cls, text: str, *, reported: When) -> When:
        """Read a time as a report words it, given the report's own date.

        - 近日, 日前: on or before the report (``../2021-08-01``);
        - 今年以来 (or 2021年以来, 去年以来): from the start of that year to the report
          (``2021/2021-08-01``);
        - 暑期 / 暑假: July to August (``?2021-07/?2021-08``); a season (春季 ... 冬季, 春天
          ...): ``?2021-22``;
        - a year (2021年, 2021年度, 今年, 去年), a month (7月, 2021年7月) or a day (7月17日,
          7月17号, 2021年7月17日, 七月十七日).

        A month, day, season or 暑期 without a year takes the report's year, marked as inferred
        (``?2021-07-17``); it is read in the year before when that would put it more than half a
        year after the report (12月28日 in a report of 5 January 2022 is ``?2021-12-28``).
        今年, 去年 and 明年 are read from the report's year and are not inferred: the text says
        them. Unknown words are refused.
        """
        if not isinstance(reported, When) or reported.precision in _COARSER_THAN_A_YEAR:
            raise REPORT_DATE.error(got=show(str(reported)))
        if not isinstance(text, str):
            raise TYPE.error(expected="a string", got=describe(text))
        return _read_report_time(text, reported)

    @classmethod
    def parse(cls, text: str) -> When:
        """Read the EDTF text form; the exact inverse of :meth:`format`."""
        if not isinstance(text, str):
            raise _syntax_error(text, "a time must be EDTF text")
        if "/" not in text:
            if text == "..":
                raise _syntax_error(text, "'..' is only an end of an interval")
            when = cls(start=_parse_point(text))
        else:
            head, _, tail = text.partition("/")
            when = cls(
                start=None if head in ("..", "") else _parse_point(head),
                end=None if tail in ("..", "") else _parse_point(tail),
                interval=True,
                start_unknown=head == "",
                end_unknown=tail == "",
            )
        if _canonical_moment(text):  # the text format() would make: keep it
            object.__setattr__(when, "_text", text)
        return when

    def _format(self) -> str:
        """The EDTF text: a point as :class:`PartialDate` or :class:`Minute` write it, or an
        interval ``start/end`` (``..`` for an open end, nothing for an unknown one)."""
        if not self.interval:
            assert self.start is not None
            return _format_point(self.start)
        head = _format_end(self.start, self.start_unknown)
        tail = _format_end(self.end, self.end_unknown)
        return f"{head}/{tail}"

    # -- rules ----------------------------------------------------------------------------------

    def _rules(self) -> Iterator[Problem]:
        if not self.interval:
            if self.start is None:
                yield START_REQUIRED.at("$.start")
            if self.end is not None:
                yield END_UNEXPECTED.at("$.end")
            if self.start_unknown:
                yield UNKNOWN_NOT_INTERVAL.at("$.start_unknown")
            if self.end_unknown:
                yield UNKNOWN_NOT_INTERVAL.at("$.end_unknown")
            return
        if self.start_unknown and self.start is not None:
            yield UNKNOWN_BUT_GIVEN.at("$.start_unknown", end="start")
        if self.end_unknown and self.end is not None:
            yield UNKNOWN_BUT_GIVEN.at("$.end_unknown", end="end")
        if self.start is None and self.end is None:
            yield OPEN_INTERVAL.at("$")
        elif (
            self.start is not None
            and self.end is not None
            and _point_latest(self.end) < _point_earliest(self.start)
        ):
            start, end = _format_point(self.start), _format_point(self.end)
            yield INTERVAL_ORDER.at("$.end", start=start, end=end)

    # -- reading --------------------------------------------------------------------------------

    @property
    def precision(self) -> Precision:
        """``moment``, ``minute``, ``day``, ``month``, ``season``, ``year``, ``decade``,
        ``century`` or ``interval``."""
        if self.interval:
            return "interval"
        if isinstance(self.start, pendulum.DateTime):
            return "moment"
        if isinstance(self.start, Minute):
            return "minute"
        assert self.start is not None
        return self.start.precision

    @property
    def bounds(self) -> Bounds:
        """(earliest, latest): the first and last instants of the period the text *names*
        (``2021~`` names 2021); None where an interval is open or its end unknown."""
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
        """The first instant of the named period; ``None`` when open or unknown at the start."""
        return self.bounds[0]

    @property
    def latest(self) -> pendulum.DateTime | None:
        """The last instant of the named period; ``None`` when open or unknown at the end."""
        return self.bounds[1]

    @property
    def possible_bounds(self) -> Bounds:
        """The first and last instants this time *may* mean: the named bounds, widened where a
        qualifier or an inferred year reaches further (see :attr:`PartialDate.possible_bounds`).
        ``None`` where an interval is open or its end unknown."""
        found = self._possible
        if found is None:
            last = self.end if self.interval else self.start
            found = (
                None if self.start is None else _possible(self.start)[0],
                None if last is None else _possible(last)[1],
            )
            object.__setattr__(self, "_possible", found)
        return found

    def surely_within(self, start: When | None, end: When | None) -> bool:
        """True when every instant this time *may* mean (its :attr:`possible_bounds`) lies in
        the window from the first instant ``start`` names to the last instant ``end`` names
        (None = open). ``2021~`` is not surely within 2021."""
        low = None if start is None else start.earliest
        high = None if end is None else end.latest
        first, last = self.possible_bounds
        return (low is None or (first is not None and first >= low)) and (
            high is None or (last is not None and last <= high)
        )

    def possibly_within(self, start: When | None, end: When | None) -> bool:
        """True when some instant this time *may* mean (its :attr:`possible_bounds`) lies in the
        window from the first instant ``start`` names to the last instant ``end`` names (None =
        open). ``2021~`` is possibly within 2022."""
        low = None if start is None else start.earliest
        high = None if end is None else end.latest
        first, last = self.possible_bounds
        return (low is None or last is None or last >= low) and (
            high is None or first is None or first <= high
        )


def _format_end(point: Point | None, unknown: bool) -> str:
    if point is not None:
        return _format_point(point)
    return "" if unknown else ".."


def _aware(moment: dt.datetime, tz: str | None) -> pendulum.DateTime:
    if not isinstance(moment, dt.datetime):
        raise TYPE.error(expected="a datetime", got=describe(moment))
    if moment.tzinfo is None or moment.utcoffset() is None:
        if tz is None:
            raise NAIVE_MOMENT.error(got=moment.isoformat())
        return _localise(moment, tz)
    return pendulum.instance(moment)


def _localise(moment: dt.datetime, tz: str) -> pendulum.DateTime:
    """A naive wall-clock time in zone ``tz``; refused if summer time skipped or repeated it."""
    try:
        zone = pendulum.timezone(tz)
    except Exception:
        raise TIME_ZONE.error(zone=tz) from None
    first, second = moment.replace(tzinfo=zone, fold=0), moment.replace(tzinfo=zone, fold=1)
    if first.utcoffset() != second.utcoffset():
        back = first.astimezone(dt.UTC).astimezone(zone).replace(tzinfo=None)
        if back != moment:
            what = "never happened: the clocks jumped forward for summer time"
        else:
            what = "happened twice: the clocks went back at the end of summer time"
        raise LOCAL_TIME.error(moment=moment.isoformat(), zone=tz, what=what)
    return pendulum.instance(first)


def _single(value: When | None) -> Point | None:
    if value is None:
        return None
    if value.interval:
        raise NESTED_INTERVAL.error(got=value.format())
    return value.start


# -- times as reports word them -------------------------------------------------------------------

_NUMBER: Final = "[0-9]{1,2}|[一二三四五六七八九十]{1,3}"
_YEAR_WORDS: Final = r"(?:(?P<year>[0-9]{4})年|(?P<relative>今年|去年|前年|明年))"
_REPORT_DAY: Final = re.compile(
    rf"{_YEAR_WORDS}?(?P<month>{_NUMBER})月(?:(?P<day>{_NUMBER})[日号])?"
)
_REPORT_YEAR: Final = re.compile(r"(?:(?P<year>[0-9]{4})年|(?P<relative>今年|去年|前年|明年))度?")
_REPORT_SINCE: Final = re.compile(rf"{_YEAR_WORDS}以来")
_REPORT_SUMMER: Final = re.compile(rf"{_YEAR_WORDS}?(?:暑期|暑假)")
_REPORT_SEASON: Final = re.compile(rf"{_YEAR_WORDS}?(?P<season>[春夏秋冬])(?:季|天)")
_RECENTLY: Final = frozenset({"近日", "日前"})
_RELATIVE_YEARS: Final = {"今年": 0, "去年": -1, "前年": -2, "明年": 1}
_SEASON_WORDS: Final = {
    "春": Season.SPRING,
    "夏": Season.SUMMER,
    "秋": Season.AUTUMN,
    "冬": Season.WINTER,
}
#: A time without a year more than this long after the report is read in the year before.
_LOOK_AHEAD: Final = dt.timedelta(days=183)


def _number(text: str) -> int:
    value = int(text) if text.isdigit() else _chinese_number(text)
    return -1 if value is None else value


def _report_days(reported: When) -> tuple[dt.date, dt.date]:
    """The first and last days (Beijing) of the period the report's date names."""
    first, last = reported.bounds
    assert first is not None  # a single time
    assert last is not None
    return first.in_timezone(BEIJING).date(), last.in_timezone(BEIJING).date()


def _said_year(match: re.Match[str], reported: When) -> int | None:
    """The year the words give (2021年, 今年, 去年 ...), or None when they give none."""
    if match["year"] is not None:
        return int(match["year"])
    if match["relative"] is not None:
        return _report_days(reported)[0].year + _RELATIVE_YEARS[match["relative"]]
    return None


def _guess_year(reported: When, month: int, day: int) -> int:
    """The report's year, or the year before when that puts the day more than half a year
    after the report (a report of January speaks of last December)."""
    first, last = _report_days(reported)
    year = first.year
    day = min(day, calendar.monthrange(year, month)[1])
    if dt.date(year, month, day) > last + _LOOK_AHEAD:
        year -= 1
    return year


def _read_report_time(text: str, reported: When) -> When:
    words = "".join(unicodedata.normalize("NFKC", text).split())
    if words in _RECENTLY:
        return When.on_or_before(reported)
    if (match := _REPORT_SINCE.fullmatch(words)) is not None:
        year = _said_year(match, reported)
        assert year is not None
        return When.between(When.year(year), reported)
    if (match := _REPORT_SUMMER.fullmatch(words)) is not None:
        year = _said_year(match, reported)
        inferred = year is None
        if year is None:
            year = _guess_year(reported, 7, 1)
        july = PartialDate(year=year, month=7, year_inferred=inferred)
        august = PartialDate(year=year, month=8, year_inferred=inferred)
        return When(start=july, end=august, interval=True)
    if (match := _REPORT_SEASON.fullmatch(words)) is not None:
        season = _SEASON_WORDS[match["season"]]
        year = _said_year(match, reported)
        inferred = year is None
        if year is None:
            year = _guess_year(reported, _SEASON_FIRST_MONTH[season], 1)
        return When(start=PartialDate(year=year, season=season, year_inferred=inferred))
    if (match := _REPORT_YEAR.fullmatch(words)) is not None:
        year = _said_year(match, reported)
        assert year is not None
        return When.year(year)
    if (match := _REPORT_DAY.fullmatch(words)) is not None:
        month = _number(match["month"])
        day = None if match["day"] is None else _number(match["day"])
        if 1 <= month <= 12 and (day is None or 1 <= day <= 31):
            year = _said_year(match, reported)
            inferred = year is None
            if year is None:
                year = _guess_year(reported, month, day or 1)
            return When(start=PartialDate(year=year, month=month, day=day, year_inferred=inferred))
    raise REPORT_WORDS.error(got=show(text))
