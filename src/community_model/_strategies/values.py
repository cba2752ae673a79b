"""Strategies for the value types: codes, counts, times and amounts, valid by construction.

Each ``draw_*`` helper builds one value from already-checked arguments; the entity and dataset
strategies call them directly. The public functions check their arguments lazily and wrap the
helpers in strategies.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Final, Literal

import pendulum
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from community_model._entities.base import Time
from community_model._rules import Year, type_bounds
from community_model._strategies import args
from community_model._strategies.draws import BOOLEANS, integers, pick
from community_model._strategies.text import REGIONS
from community_model._values import (
    BEIJING,
    Count,
    CreditCode,
    DivisionCode,
    Measurement,
    Money,
    PartialDate,
    When,
)
from community_model._values.count import MAX_SAFE_INTEGER
from community_model._values.credit import ALPHABET, check_character
from community_model._values.division import PROVINCES
from community_model._values.identity import ResidentId, id_check_character
from community_model._vocab import (
    CommunityKind,
    CountQualifier,
    OrganisationKind,
    StreetKind,
    Unit,
)

# -- division codes -------------------------------------------------------------------------------

#: Segment ranges of the National Bureau of Statistics: the kind a code's number implies.
TOWNSHIP_RANGES: Final = {
    StreetKind.SUBDISTRICT: (1, 99),
    StreetKind.TOWN: (100, 199),
    StreetKind.TOWNSHIP: (200, 399),
    StreetKind.OTHER: (400, 999),
}
VILLAGE_RANGES: Final = {
    CommunityKind.RESIDENTS_COMMITTEE: (1, 199),
    CommunityKind.VILLAGE_COMMITTEE: (200, 399),
    CommunityKind.OTHER: (400, 999),
}
_COUNTIES: Final = tuple(region[0] for region in REGIONS)
_PROVINCES: Final = tuple(PROVINCES)


@st.composite
def _county_prefixes(draw: st.DrawFn) -> str:
    """A county prefix: a real one (3205 is Suzhou) or any that passes the province check."""
    if draw(integers(0, 3)) != 3:
        return pick(draw, _COUNTIES)
    province = pick(draw, _PROVINCES)
    return f"{province}{draw(integers(1, 99)):02d}{draw(integers(0, 99)):02d}"


_COUNTIES_DRAWN: Final = _county_prefixes()


#: The years the rule table finds plausible for the times of records.
def _plausible_years() -> tuple[int, int]:
    found = type_bounds(Time).plausible
    assert found is not None, "the times of records carry a Plausible marker"
    return found


PLAUSIBLE_YEARS: Final = _plausible_years()
_EDITIONS: Final = st.one_of(
    st.none(), st.integers(2009, 2024), st.integers(type_bounds(Year).ge, type_bounds(Year).le)
)


def draw_division_code(
    draw: st.DrawFn,
    kind: StreetKind | CommunityKind,
    *,
    parent: DivisionCode | None = None,
    taken: set[str] | None = None,
) -> DivisionCode:
    """A code whose segment lies in the range of ``kind``; unused in ``taken`` when possible.

    A village code extends ``parent`` (or a new township code) and keeps its edition. A code
    already in ``taken`` moves to the next free number of the range: a repair, not a filter.
    """
    if isinstance(kind, StreetKind):
        prefix, edition = draw(_COUNTIES_DRAWN), draw(_EDITIONS)
        low, high = TOWNSHIP_RANGES[kind]
    else:
        if parent is None:
            parent = draw_division_code(draw, StreetKind.SUBDISTRICT)
        prefix, edition = parent.digits, parent.edition
        low, high = VILLAGE_RANGES[kind]
    segment = draw(integers(low, high))
    if taken is not None:
        for step in range(high - low + 1):
            candidate = low + (segment - low + step) % (high - low + 1)
            if f"{prefix}{candidate:03d}" not in taken:
                segment = candidate
                break
        taken.add(f"{prefix}{segment:03d}")
    return DivisionCode(digits=f"{prefix}{segment:03d}", edition=edition)


def division_codes(
    *,
    level: Literal["township", "village"] | None = None,
    kinds: st.SearchStrategy[StreetKind | CommunityKind] | None = None,
    parent: DivisionCode | None = None,
) -> st.SearchStrategy[DivisionCode]:
    """9-digit township or 12-digit village codes whose number range agrees with ``kinds``.

    ``level`` picks one length; ``kinds`` draws the kind the code's range implies (街道 001–099,
    镇 100–199 ...; a ``StreetKind`` gives a township code, a ``CommunityKind`` a village code);
    ``parent`` is a township code to extend.
    """

    def define() -> st.SearchStrategy[DivisionCode]:
        if level not in (None, "township", "village"):
            raise InvalidArgument(f"level must be 'township', 'village' or None (got {level!r})")
        args.check_strategy(kinds, "kinds")
        args.check_instance(parent, DivisionCode, "parent")
        if parent is not None:
            if parent.level != "township":
                raise InvalidArgument(f"parent must be a 9-digit township code (got {parent})")
            if level == "township":
                raise InvalidArgument(
                    "a code with a parent is a village code, not level='township'"
                )
        chosen = kinds
        if chosen is None:
            if parent is not None or level == "village":
                chosen = st.sampled_from(CommunityKind)
            elif level == "township":
                chosen = st.sampled_from(StreetKind)
            else:
                chosen = st.one_of(st.sampled_from(StreetKind), st.sampled_from(CommunityKind))

        @st.composite
        def codes(draw: st.DrawFn) -> DivisionCode:
            kind = draw(chosen)
            if not isinstance(kind, StreetKind | CommunityKind):
                raise InvalidArgument(f"kinds must draw StreetKind or CommunityKind (got {kind!r})")
            drawn = "township" if isinstance(kind, StreetKind) else "village"
            expected = level or ("village" if parent is not None else drawn)
            if drawn != expected:
                raise InvalidArgument(f"kinds drew {kind!r}, which has no {expected} code")
            return draw_division_code(draw, kind, parent=parent)

        return codes()

    return args.lazily("division_codes", {"level": level, "kinds": kinds, "parent": parent}, define)


# -- credit codes ---------------------------------------------------------------------------------

#: The registering authority and unit type (first two characters) each kind usually has:
#: 31 a law firm (司法行政), 12 a public institution (事业单位), 91 a company, 11 an organ of
#: state, 51/52/53 a social organisation (社团 / 民办非企业 / 基金会).
_CREDIT_PREFIXES: Final = {
    OrganisationKind.LAW_FIRM: ("31",),
    OrganisationKind.HOSPITAL: ("12", "52"),
    OrganisationKind.COMPANY: ("91",),
    OrganisationKind.PUBLIC_AGENCY: ("11", "12"),
    OrganisationKind.PROPERTY_MANAGEMENT: ("91",),
    OrganisationKind.SOCIAL_ORGANISATION: ("51", "52", "53"),
    OrganisationKind.SCHOOL: ("12", "52"),
    OrganisationKind.OTHER: ("12", "91", "Y1"),
}
_ORGANISATION_CODE_CHARACTERS: Final = "0123456789" * 3 + "ABCDEFGHJKLMNPQRTUWXY"
_ORGANISATION_CODES: Final = st.text(_ORGANISATION_CODE_CHARACTERS, min_size=9, max_size=9)
_CODE_BODIES: Final = st.text(ALPHABET, min_size=17, max_size=17)


def draw_credit_code(draw: st.DrawFn, kind: OrganisationKind | None) -> CreditCode:
    """A code with a real prefix for ``kind`` and a real region, or any body; then its check."""
    if kind is not None and draw(integers(0, 4)) != 4:
        head = pick(draw, _CREDIT_PREFIXES[kind]) + pick(draw, _COUNTIES)
        body = head + draw(_ORGANISATION_CODES)
    else:
        body = draw(_CODE_BODIES)
    return CreditCode(code=body + check_character(body))


def credit_codes(
    *, kinds: st.SearchStrategy[OrganisationKind] | None = None
) -> st.SearchStrategy[CreditCode]:
    """Unified social credit codes with correct check characters (GB 32100-2015).

    ``kinds`` draws the kind of unit the code belongs to, which picks a realistic prefix (31 a
    law firm, 91 a company ...); any body from the code alphabet is drawn too, A/N/Y included.
    """

    def define() -> st.SearchStrategy[CreditCode]:
        args.check_strategy(kinds, "kinds")
        chosen = kinds if kinds is not None else st.sampled_from(OrganisationKind)

        @st.composite
        def codes(draw: st.DrawFn) -> CreditCode:
            return draw_credit_code(draw, draw(chosen))

        return codes()

    return args.lazily("credit_codes", {"kinds": kinds}, define)


# -- counts ---------------------------------------------------------------------------------------


#: The largest count the model allows: 2**53 - 1, which every JSON reader holds exactly.
COUNT_MAX: Final = MAX_SAFE_INTEGER


@functools.lru_cache(maxsize=256)
def count_values(low: int, high: int | None) -> st.SearchStrategy[int]:
    """Mostly the small numbers reports give (a few hundred), sometimes any up to ``high``.

    ``None`` stands for :data:`COUNT_MAX`.
    """
    high = COUNT_MAX if high is None else high
    return st.one_of(st.integers(low, min(high, low + 500)), st.integers(low, high))


_QUALIFIERS: Final = st.sampled_from(CountQualifier)


def counts(
    *,
    min_value: int = 0,
    max_value: int | None = None,
    qualifiers: st.SearchStrategy[CountQualifier] | None = None,
) -> st.SearchStrategy[Count]:
    """Counts as reports give them: 400余, 约20, 3, 至少100, and zero.

    ``min_value`` and ``max_value`` bound the stated number (by default up to 2**53 - 1, the
    most the JSON form can hold); ``qualifiers`` draws how exact it is (all four by default,
    shrinking to exact).
    """

    def define() -> st.SearchStrategy[Count]:
        low = args.check_int(min_value, "min_value")
        if low < 0:
            raise InvalidArgument(f"min_value must be at least 0 (got {low})")
        if max_value is not None:
            args.check_sizes(min_value, max_value, "min_value", "max_value")
        elif low > COUNT_MAX:
            raise InvalidArgument(f"min_value={low} needs a max_value (the default is 2**53 - 1)")
        args.check_strategy(qualifiers, "qualifiers")
        return st.builds(
            Count,
            value=count_values(low, max_value),
            qualifier=qualifiers if qualifiers is not None else _QUALIFIERS,
        )

    return args.lazily(
        "counts",
        {"min_value": min_value or None, "max_value": max_value, "qualifiers": qualifiers},
        define,
    )


# -- dates and times ------------------------------------------------------------------------------

#: The model's range of dates (PartialDate years 1000 to 9999).
FIRST_DAY: Final = dt.date(1000, 1, 1)
LAST_DAY: Final = dt.date(9999, 12, 31)
#: The days records of this field plausibly fall on (the rule table's years for record times).
PLAUSIBLE_FIRST_DAY: Final = dt.date(PLAUSIBLE_YEARS[0], 1, 1)
PLAUSIBLE_LAST_DAY: Final = dt.date(PLAUSIBLE_YEARS[1], 12, 31)
#: Beijing time has whole-minute offsets from 1901 (before, local mean time was +08:05:43,
#: which the moment syntax ``+HH:MM`` cannot write).
FIRST_MOMENT: Final = dt.datetime(1901, 1, 1)
LAST_MOMENT: Final = dt.datetime(9999, 12, 31, 23, 59, 59, 999999)
#: Where real records fall: shrinking and most draws stay in these years.
_RECENT: Final = (dt.date(2010, 1, 1), dt.date(2030, 12, 31))
_UTC: Final = dt.UTC


@functools.lru_cache(maxsize=256)
def days(low: dt.date, high: dt.date) -> st.SearchStrategy[dt.date]:
    """Days between ``low`` and ``high``: mostly recent ones, sometimes any."""
    recent_low, recent_high = max(low, _RECENT[0]), min(high, _RECENT[1])
    if recent_low > recent_high:
        return st.dates(low, high)
    return st.one_of(st.dates(recent_low, recent_high), st.dates(low, high))


Precision = Literal["year", "month", "day"]


def _precisions(day: dt.date, low: dt.date, high: dt.date) -> list[Precision]:
    """The precisions whose whole period around ``day`` lies between ``low`` and ``high``."""
    found: list[Precision] = []
    if low <= dt.date(day.year, 1, 1) and dt.date(day.year, 12, 31) <= high:
        found.append("year")
    first = day.replace(day=1)
    last = day.replace(day=calendar.monthrange(day.year, day.month)[1])
    if low <= first and last <= high:
        found.append("month")
    found.append("day")
    return found


def draw_partial_date(
    draw: st.DrawFn, day: dt.date, low: dt.date, high: dt.date, precision: Precision | None = None
) -> PartialDate:
    """The year, month or day of ``day`` (only periods within the bounds), maybe qualified."""
    if precision is None:
        precision = pick(draw, _precisions(day, low, high))
    approximate, uncertain = False, False
    if draw(integers(0, 4)) == 4:
        approximate, uncertain = draw(BOOLEANS), draw(BOOLEANS)
    return PartialDate(
        year=day.year,
        month=None if precision == "year" else day.month,
        day=day.day if precision == "day" else None,
        approximate=approximate,
        uncertain=uncertain,
    )


def partial_dates(
    *, min_date: dt.date | None = None, max_date: dt.date | None = None
) -> st.SearchStrategy[PartialDate]:
    """Years, months and days (``2023``, ``2023-08~``, ``2023-08-18``) within the bounds.

    A year or month is drawn only when all of it lies between ``min_date`` and ``max_date``.
    """

    def define() -> st.SearchStrategy[PartialDate]:
        low, high = args.check_date_bounds(min_date, max_date, floor=FIRST_DAY, ceiling=LAST_DAY)
        dates = days(low, high)

        @st.composite
        def partial(draw: st.DrawFn) -> PartialDate:
            return draw_partial_date(draw, draw(dates), low, high)

        return partial()

    return args.lazily("partial_dates", {"min_date": min_date, "max_date": max_date}, define)


def _utcoffset(value: dt.datetime) -> dt.timedelta:
    offset = value.utcoffset()
    assert offset is not None  # always aware here
    return offset


def as_moment(value: dt.datetime) -> pendulum.DateTime:
    """An aware Beijing datetime as the model's moment, equal to what ``When.parse`` gives.

    An instant in a repeated autumn hour (summer time 1986–1991) carries the fixed offset in
    force: datetime's ``==`` across zones is False for ambiguous times (PEP 495), and the text
    form reads back with a fixed offset, so the zone would break ``parse(format(x)) == x``.
    """
    naive = value.replace(tzinfo=None)
    fold0 = _utcoffset(naive.replace(tzinfo=BEIJING, fold=0))
    fold1 = _utcoffset(naive.replace(tzinfo=BEIJING, fold=1))
    zone: dt.tzinfo = BEIJING
    if fold0 != fold1:
        zone = pendulum.FixedTimezone(int(_utcoffset(value).total_seconds()))
    return pendulum.DateTime(
        value.year,
        value.month,
        value.day,
        value.hour,
        value.minute,
        value.second,
        value.microsecond,
        tzinfo=zone,
        fold=value.fold,
    )


def exists(naive: dt.datetime) -> bool:
    """Whether a Beijing wall-clock time happened (not in a spring-forward gap)."""
    aware = naive.replace(tzinfo=BEIJING)
    return aware.astimezone(_UTC).astimezone(BEIJING).replace(tzinfo=None) == naive


def moment_on(draw: st.DrawFn, day: dt.date) -> pendulum.DateTime:
    """A moment on ``day`` in Beijing: a gap time moves past the gap (a repair, not a filter)."""
    naive = dt.datetime.combine(day, draw(_TIMES))
    if not exists(naive):
        naive += abs(
            _utcoffset(naive.replace(tzinfo=BEIJING, fold=1))
            - _utcoffset(naive.replace(tzinfo=BEIJING, fold=0))
        )
    fold = 0
    if _utcoffset(naive.replace(tzinfo=BEIJING, fold=0)) != _utcoffset(
        naive.replace(tzinfo=BEIJING, fold=1)
    ):
        fold = int(draw(BOOLEANS))
    return as_moment(naive.replace(tzinfo=BEIJING, fold=fold))


#: Times of day: mostly on the minute, as reports give them (18:30), sometimes to the microsecond.
_TIMES: Final = st.one_of(
    st.builds(dt.time, st.integers(0, 23), st.sampled_from([0, 30, 15, 45])),
    st.times(),
)


def moments(
    *, min_value: dt.datetime | None = None, max_value: dt.datetime | None = None
) -> st.SearchStrategy[pendulum.DateTime]:
    """Exact moments in Beijing time, as ``pendulum.DateTime`` values that exist.

    The bounds are naive wall-clock times in Beijing (the zone is set after drawing, as
    hypothesis advises); they default to 1901 to 9999. Times in the spring-forward gaps of
    1986–1991 are never drawn; both readings of the repeated autumn hour are.
    """

    def define() -> st.SearchStrategy[pendulum.DateTime]:
        bounds = []
        for name, value, default in (
            ("min_value", min_value, FIRST_MOMENT),
            ("max_value", max_value, LAST_MOMENT),
        ):
            if value is None:
                bounds.append(default)
                continue
            if not isinstance(value, dt.datetime) or value.tzinfo is not None:
                raise InvalidArgument(
                    f"{name} must be a naive datetime (Beijing wall-clock time) or None "
                    f"(got {value!r})"
                )
            if not FIRST_MOMENT <= value <= LAST_MOMENT:
                raise InvalidArgument(
                    f"{name} must lie between {FIRST_MOMENT} and {LAST_MOMENT}, where Beijing "
                    f"time has whole-minute offsets (got {value})"
                )
            bounds.append(value)
        low, high = bounds
        if low > high:
            raise InvalidArgument(f"min_value={low} must not be after max_value={high}")
        if not exists(low) and not exists(high) and high - low < dt.timedelta(hours=1):
            raise InvalidArgument(
                f"no Beijing time between {low} and {high} exists (a summer-time gap)"
            )
        zones = st.just(BEIJING)
        ranges = [st.datetimes(low, high, timezones=zones, allow_imaginary=False)]
        recent_low = max(low, dt.datetime.combine(_RECENT[0], dt.time()))
        recent_high = min(high, dt.datetime.combine(_RECENT[1], dt.time.max))
        if recent_low < recent_high:
            ranges.insert(
                0, st.datetimes(recent_low, recent_high, timezones=zones, allow_imaginary=False)
            )
        return st.one_of(ranges).map(as_moment)

    return args.lazily("moments", {"min_value": min_value, "max_value": max_value}, define)


Point = PartialDate | pendulum.DateTime


def draw_point(
    draw: st.DrawFn, day: dt.date, low: dt.date, high: dt.date, *, allow_moments: bool
) -> Point:
    """A partial date around ``day`` within the bounds, or a moment on ``day``."""
    choices: list[Precision | Literal["moment"]] = list(_precisions(day, low, high))
    if allow_moments and day >= FIRST_MOMENT.date():
        choices.append("moment")
    choice = pick(draw, choices)
    if choice == "moment":
        return moment_on(draw, day)
    return draw_partial_date(draw, day, low, high, choice)


IntervalShape = Literal["single", "closed", "open_start", "open_end"]


def draw_when(
    draw: st.DrawFn,
    low: dt.date,
    high: dt.date,
    *,
    allow_intervals: bool = True,
    allow_open: bool = True,
    allow_moments: bool = True,
) -> When:
    """A single time or an interval whose known ends lie between ``low`` and ``high``."""
    shapes: list[IntervalShape] = ["single"]
    if allow_intervals:
        shapes.append("closed")
        if allow_open:
            shapes += ["open_end", "open_start"]
    shape = pick(draw, shapes)
    dates = days(low, high)
    if shape == "single":
        return When(start=draw_point(draw, draw(dates), low, high, allow_moments=allow_moments))
    first, last = sorted([draw(dates), draw(dates)])
    start = (
        None
        if shape == "open_start"
        else draw_point(draw, first, low, high, allow_moments=allow_moments)
    )
    end = (
        None
        if shape == "open_end"
        else draw_point(draw, last, low, high, allow_moments=allow_moments)
    )
    if isinstance(start, pendulum.DateTime) and isinstance(end, pendulum.DateTime) and end < start:
        start, end = end, start
    return When(start=start, end=end, interval=True)


def whens(
    *,
    min_date: dt.date | None = None,
    max_date: dt.date | None = None,
    allow_intervals: bool = True,
    allow_open: bool = True,
    allow_moments: bool = True,
) -> st.SearchStrategy[When]:
    """Times as records give them: a year, month, day or moment, or an interval of two.

    Every known end lies between ``min_date`` and ``max_date`` (Beijing dates); ``allow_open``
    draws intervals open at one end (``../2023-08-20``, what 近日 means), ``allow_moments``
    exact moments, ``allow_intervals`` intervals at all.
    """

    def define() -> st.SearchStrategy[When]:
        low, high = args.check_date_bounds(min_date, max_date, floor=FIRST_DAY, ceiling=LAST_DAY)
        for name, flag in (
            ("allow_intervals", allow_intervals),
            ("allow_open", allow_open),
            ("allow_moments", allow_moments),
        ):
            args.check_bool(flag, name)

        @st.composite
        def times(draw: st.DrawFn) -> When:
            return draw_when(
                draw,
                low,
                high,
                allow_intervals=allow_intervals,
                allow_open=allow_open,
                allow_moments=allow_moments,
            )

        return times()

    return args.lazily(
        "whens",
        {
            "min_date": min_date,
            "max_date": max_date,
            "allow_intervals": None if allow_intervals else False,
            "allow_open": None if allow_open else False,
            "allow_moments": None if allow_moments else False,
        },
        define,
    )


# -- amounts --------------------------------------------------------------------------------------


def _places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _check_amount(value: object, name: str, places: int) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise InvalidArgument(f"{name} must be an int or a Decimal (got {value!r})")
    amount = Decimal(value)
    if not amount.is_finite() or amount < 0 or _places(amount) > places:
        raise InvalidArgument(
            f"{name} must be finite, at least 0 and have at most {places} decimal places "
            f"(got {value!r})"
        )
    return amount


@functools.lru_cache(maxsize=256)
def _coefficients(least: int, most: int | None, typical: int) -> st.SearchStrategy[int]:
    """Mostly up to ``typical`` above ``least``; sometimes anything allowed."""
    near = least + typical if most is None else min(most, least + typical)
    return st.one_of(st.integers(least, near), st.integers(least, most))


def draw_decimal(
    draw: st.DrawFn, low: Decimal, high: Decimal | None, max_places: int, typical: int
) -> Decimal:
    """A decimal written with 0 to ``max_places`` places (120.5 and 120.50 both occur).

    Mostly within ``typical`` of ``low``; the unscaled digits are drawn as one integer, so
    values shrink to ``low`` written without places.
    """
    places = draw(integers(0, max_places))
    scale = 10**places
    least = int((low * scale).to_integral_value(rounding=ROUND_CEILING))
    most = None if high is None else int((high * scale).to_integral_value(rounding=ROUND_FLOOR))
    if most is not None and most < least:  # no number of so few places fits: use the most
        places, scale = max_places, 10**max_places
        least = int(low * scale)
        most = None if high is None else int(high * scale)
    digits = draw(_coefficients(least, most, typical * scale))
    return Decimal(f"{digits}E-{places}")  # exact: no rounding to the context's precision


def draw_money(draw: st.DrawFn, low: Decimal = Decimal(0), high: Decimal | None = None) -> Money:
    """An amount of yuan: mostly up to a few hundred thousand, as projects report."""
    return Money(amount=draw_decimal(draw, low, high, 2, 500_000))


def money(
    *, min_value: int | Decimal | None = None, max_value: int | Decimal | None = None
) -> st.SearchStrategy[Money]:
    """Amounts of yuan, exact to the fen, as ``Decimal`` (never through a float)."""

    def define() -> st.SearchStrategy[Money]:
        low = _check_amount(min_value, "min_value", 2) or Decimal(0)
        high = _check_amount(max_value, "max_value", 2)
        if high is not None and high < low:
            raise InvalidArgument(f"min_value={min_value} must not exceed max_value={max_value}")

        @st.composite
        def amounts(draw: st.DrawFn) -> Money:
            return draw_money(draw, low, high)

        return amounts()

    return args.lazily("money", {"min_value": min_value, "max_value": max_value}, define)


_UNITS: Final = st.sampled_from(Unit)


def draw_measurement(draw: st.DrawFn, unit: Unit) -> Measurement:
    """A measured quantity in ``unit``: 100 m², about 50 cm."""
    return Measurement(
        value=draw_decimal(draw, Decimal(0), None, 6, 1000),
        unit=unit,
        approximate=draw(BOOLEANS),
    )


def measurements(*, units: st.SearchStrategy[Unit] | None = None) -> st.SearchStrategy[Measurement]:
    """Measured quantities with up to six decimal places, ``units`` drawing the unit."""

    def define() -> st.SearchStrategy[Measurement]:
        args.check_strategy(units, "units")
        chosen = units if units is not None else _UNITS

        @st.composite
        def quantities(draw: st.DrawFn) -> Measurement:
            return draw_measurement(draw, draw(chosen))

        return quantities()

    return args.lazily("measurements", {"units": units}, define)


# -- resident identity numbers --------------------------------------------------------------------

#: County codes that identity numbers start with: Suzhou's districts and a few other cities.
_ID_REGIONS: Final = (
    "320508",
    "320507",
    "320505",
    "320506",
    "110101",
    "310115",
    "440305",
    "510104",
)


def draw_resident_id(draw: st.DrawFn, low: dt.date, high: dt.date) -> ResidentId:
    """An identity number born between ``low`` and ``high`` with a correct check character."""
    region = pick(draw, _ID_REGIONS)
    born = draw(days(low, high))
    body = f"{region}{born:%Y%m%d}{draw(integers(0, 999)):03d}"
    return ResidentId(number=body + id_check_character(body))


def resident_ids(
    *, min_date: dt.date | None = None, max_date: dt.date | None = None
) -> st.SearchStrategy[ResidentId]:
    """Resident identity numbers (GB 11643) of people born from ``min_date`` to ``max_date``.

    Real county prefixes, real birth dates (from 1900 to today by default), check characters
    by ISO 7064 MOD 11-2, ``X`` included.
    """

    def define() -> st.SearchStrategy[ResidentId]:
        low, high = args.check_date_bounds(
            min_date, max_date, floor=dt.date(1900, 1, 1), ceiling=dt.date.today()
        )

        @st.composite
        def numbers(draw: st.DrawFn) -> ResidentId:
            return draw_resident_id(draw, low, high)

        return numbers()

    return args.lazily("resident_ids", {"min_date": min_date, "max_date": max_date}, define)
