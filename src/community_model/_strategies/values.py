"""Builders and strategies for the value types: codes, counts, times and amounts.

Each builder (:func:`division_code`, :func:`when` ...) makes one value from a
:class:`~.choices.Choices` and arguments already checked; the record builders call them directly.
The public functions check their arguments lazily and turn the builders into strategies.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Final, Literal, TypeVar

import pendulum
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from community_model._entities.base import People
from community_model._strategies import args, fields
from community_model._strategies.choices import Choices
from community_model._strategies.draws import HypothesisChoices, built
from community_model._strategies.fields import PLAUSIBLE_DAYS, VALID_DAYS, Window
from community_model._strategies.text import REGIONS
from community_model._values.count import Count
from community_model._values.credit import ALPHABET, CreditCode, check_character
from community_model._values.division import (
    PROVINCES,
    DivisionCode,
    township_kind_of,
    village_kind_of,
)
from community_model._values.identity import ResidentId, id_check_character
from community_model._values.money import Measurement, Money
from community_model._values.when import BEIJING, PartialDate, When
from community_model._vocab import (
    CommunityKind,
    CountQualifier,
    OrganisationKind,
    StreetKind,
    Unit,
)

K = TypeVar("K", StreetKind, CommunityKind)

# -- division codes -------------------------------------------------------------------------------


def _ranges(kind_of: Callable[[int], K]) -> dict[K, tuple[int, int]]:
    """The segment range of each kind, as the model's own ``kind_of`` function gives it."""
    found: dict[K, tuple[int, int]] = {}
    for segment in range(1, 1000):
        kind = kind_of(segment)
        low, high = found.get(kind, (segment, segment))
        found[kind] = (min(low, segment), max(high, segment))
    return found


#: Segment ranges of the National Bureau of Statistics: the kind a code's number implies.
TOWNSHIP_RANGES: Final = _ranges(township_kind_of)
VILLAGE_RANGES: Final = _ranges(village_kind_of)
_COUNTIES: Final = tuple(region[0] for region in REGIONS)
_PROVINCES: Final = tuple(PROVINCES)
#: Editions of the table that real records cite.
_USUAL_EDITIONS: Final = (2009, 2024)


def _county(c: Choices) -> str:
    """A county prefix: a real one (3205 is Suzhou) or any that passes the province check."""
    if not c.chance(4):
        return c.pick(_COUNTIES)
    return f"{c.pick(_PROVINCES)}{c.integer(1, 99):02d}{c.integer(0, 99):02d}"


def division_code(
    c: Choices,
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
        prefix = _county(c)
        edition = c.maybe(lambda c: fields.integer(c, DivisionCode, "edition", _USUAL_EDITIONS))
        low, high = TOWNSHIP_RANGES[kind]
    else:
        if parent is None:
            parent = division_code(c, StreetKind.SUBDISTRICT)
        prefix, edition = parent.digits, parent.edition
        low, high = VILLAGE_RANGES[kind]
    segment = c.integer(low, high)
    if taken is not None:
        for step in range(high - low + 1):
            candidate = low + (segment - low + step) % (high - low + 1)
            if f"{prefix}{candidate:03d}" not in taken:
                segment = candidate
                break
        taken.add(f"{prefix}{segment:03d}")
    return DivisionCode(digits=f"{prefix}{segment:03d}", edition=edition)


@args.lazy
def division_codes(
    *,
    level: Literal["township", "village"] | None = None,
    kinds: st.SearchStrategy[StreetKind | CommunityKind] | None = None,
    parent: DivisionCode | None = None,
    edge_cases: bool = False,
) -> st.SearchStrategy[DivisionCode]:
    """9-digit township or 12-digit village codes whose number range agrees with ``kinds``.

    ``level`` picks one length; ``kinds`` draws the kind the code's range implies (街道 001–099,
    镇 100–199 ...; a ``StreetKind`` gives a township code, a ``CommunityKind`` a village code);
    ``parent`` is a township code to extend. Editions are those real records cite (2009 to
    2024), or with ``edge_cases=True`` any year the model allows.
    """
    if level not in (None, "township", "village"):
        raise InvalidArgument(f"level must be 'township', 'village' or None (got {level!r})")
    args.check_strategy(kinds, "kinds")
    args.check_instance(parent, DivisionCode, "parent")
    args.check_bool(edge_cases, "edge_cases")
    if parent is not None:
        if parent.level != "township":
            raise InvalidArgument(f"parent must be a 9-digit township code (got {parent})")
        if level == "township":
            raise InvalidArgument("a code with a parent is a village code, not level='township'")
    chosen = kinds
    if chosen is None:
        if parent is not None or level == "village":
            chosen = st.sampled_from(CommunityKind)
        elif level == "township":
            chosen = st.sampled_from(StreetKind)
        else:
            chosen = st.one_of(st.sampled_from(StreetKind), st.sampled_from(CommunityKind))

    def build(c: HypothesisChoices) -> DivisionCode:
        kind = c.draw(chosen)
        if not isinstance(kind, StreetKind | CommunityKind):
            raise InvalidArgument(f"kinds must draw StreetKind or CommunityKind (got {kind!r})")
        drawn = "township" if isinstance(kind, StreetKind) else "village"
        expected = level or ("village" if parent is not None else drawn)
        if drawn != expected:
            raise InvalidArgument(f"kinds drew {kind!r}, which has no {expected} code")
        return division_code(c, kind, parent=parent)

    return built(build, edge_cases=edge_cases)


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
#: A code is 17 characters and its check character (GB 32100-2015); the organisation code, 9.
_BODY_LENGTH: Final = 17
_ORGANISATION_CODE_LENGTH: Final = 9


def credit_code(c: Choices, kind: OrganisationKind) -> CreditCode:
    """A code with a real prefix for ``kind`` and a real region (with edge cases, sometimes any
    body of the code alphabet, A/N/Y included); then its check character."""
    if c.edge():
        body = c.characters(ALPHABET, _BODY_LENGTH, _BODY_LENGTH)
    else:
        head = c.pick(_CREDIT_PREFIXES[kind]) + c.pick(_COUNTIES)
        length = _ORGANISATION_CODE_LENGTH
        body = head + c.characters(_ORGANISATION_CODE_CHARACTERS, length, length)
    return CreditCode(code=body + check_character(body))


@args.lazy
def credit_codes(
    *, kinds: st.SearchStrategy[OrganisationKind] | None = None, edge_cases: bool = False
) -> st.SearchStrategy[CreditCode]:
    """Unified social credit codes with correct check characters (GB 32100-2015).

    ``kinds`` draws the kind of unit the code belongs to, which picks a realistic prefix (31 a
    law firm, 91 a company ...); ``edge_cases=True`` also draws any body from the code alphabet.
    """
    args.check_strategy(kinds, "kinds")
    args.check_bool(edge_cases, "edge_cases")
    chosen = kinds if kinds is not None else st.sampled_from(OrganisationKind)
    return built(lambda c: credit_code(c, c.draw(chosen)), edge_cases=edge_cases)


# -- counts ---------------------------------------------------------------------------------------

_STATED: Final = fields.of(Count, "value")
#: The most a count may state: 2**53 - 1, which every JSON reader holds exactly.
COUNT_MAX: Final[int] = _STATED.le
#: The most people a count of people plausibly holds: the default ceiling of ``counts()``.
PEOPLE_CEILING: Final[int] = fields.plausible_of(People)[1]
_USUAL_COUNT: Final = (0, 500)


@args.lazy
def counts(
    *,
    min_value: int = 0,
    max_value: int | None = None,
    qualifiers: st.SearchStrategy[CountQualifier] | None = None,
    edge_cases: bool = False,
) -> st.SearchStrategy[Count]:
    """Counts as reports give them: 400余, 约20, 3, 至少100, and zero.

    ``min_value`` and ``max_value`` bound the stated number (by default up to the most people a
    count of people plausibly holds; with ``edge_cases=True`` up to 2**53 - 1, the most the JSON
    form can hold); ``qualifiers`` draws how exact it is (all four by default, shrinking to
    exact). Most values are the small numbers reports give.
    """
    low = args.check_int(min_value, "min_value")
    args.check_bool(edge_cases, "edge_cases")
    if low < 0:
        raise InvalidArgument(f"min_value must be at least 0 (got {low})")
    if max_value is not None:
        args.check_sizes(min_value, max_value, "min_value", "max_value")
        if max_value > COUNT_MAX:
            raise InvalidArgument(f"max_value must be at most 2**53 - 1 (got {max_value})")
    ceiling = COUNT_MAX if edge_cases else PEOPLE_CEILING
    high = max_value if max_value is not None else max(ceiling, low)
    if low > high:
        raise InvalidArgument(f"min_value={low} needs a max_value (the most is 2**53 - 1)")
    args.check_strategy(qualifiers, "qualifiers")

    def build(c: HypothesisChoices) -> Count:
        qualifier = (
            c.draw(qualifiers)
            if qualifiers is not None
            else c.pick(fields.members(Count, "qualifier"))
        )
        return Count(value=fields.number(c, low, high, _USUAL_COUNT), qualifier=qualifier)

    return built(build, edge_cases=edge_cases)


# -- dates and times ------------------------------------------------------------------------------


#: Where most real records fall: most draws stay in these years, and shrink to their start.
_RECENT: Final = (dt.date(2010, 1, 1), dt.date(2030, 12, 31))
#: Beijing time has whole-minute offsets from 1901 (before, local mean time was +08:05:43,
#: which the moment syntax ``+HH:MM`` cannot write).
FIRST_MOMENT: Final = dt.datetime(1901, 1, 1)
LAST_MOMENT: Final = dt.datetime.combine(VALID_DAYS[1], dt.time.max)
_UTC: Final = dt.UTC


def day(c: Choices, dates: Window) -> dt.date:
    """A day of ``dates``: mostly a recent one; with edge cases, sometimes the first or last."""
    low, high = dates
    if c.edge():
        if c.boolean():
            return c.pick((low, high))
    else:
        recent_low, recent_high = max(low, _RECENT[0]), min(high, _RECENT[1])
        if recent_low <= recent_high and not c.chance(5):
            low, high = recent_low, recent_high
    return dt.date.fromordinal(c.integer(low.toordinal(), high.toordinal()))


Precision = Literal["year", "month", "day"]


def _precisions(on: dt.date, dates: Window) -> list[Precision]:
    """The precisions whose whole period around ``on`` lies within ``dates``."""
    low, high = dates
    found: list[Precision] = []
    if low <= dt.date(on.year, 1, 1) and dt.date(on.year, 12, 31) <= high:
        found.append("year")
    first = on.replace(day=1)
    last = on.replace(day=calendar.monthrange(on.year, on.month)[1])
    if low <= first and last <= high:
        found.append("month")
    found.append("day")
    return found


def partial_date(
    c: Choices, on: dt.date, dates: Window, precision: Precision | None = None
) -> PartialDate:
    """The year, month or day of ``on`` (only periods within ``dates``), maybe qualified."""
    if precision is None:
        precision = c.pick(_precisions(on, dates))
    approximate = uncertain = False
    if c.chance(5):
        approximate, uncertain = c.boolean(), c.boolean()
    return PartialDate(
        year=on.year,
        month=None if precision == "year" else on.month,
        day=on.day if precision == "day" else None,
        approximate=approximate,
        uncertain=uncertain,
    )


@args.lazy
def partial_dates(
    *, min_date: dt.date | None = None, max_date: dt.date | None = None, edge_cases: bool = False
) -> st.SearchStrategy[PartialDate]:
    """Years, months and days (``2023``, ``2023-08~``, ``2023-08-18``) within the bounds.

    A year or month is drawn only when all of it lies between ``min_date`` and ``max_date``
    (by default the plausible years of records, 1949 to 2100; with ``edge_cases=True`` every
    year the model holds, 1000 to 9999).
    """
    dates = args.value_dates(min_date, max_date, edge_cases)
    return built(lambda c: partial_date(c, day(c, dates), dates), edge_cases=edge_cases)


def _utcoffset(value: dt.datetime) -> dt.timedelta:
    offset = value.utcoffset()
    assert offset is not None  # always aware here
    return offset


def _folds(naive: dt.datetime) -> tuple[dt.timedelta, dt.timedelta]:
    """The UTC offsets of a Beijing wall-clock time read with fold 0 and fold 1."""
    return (
        _utcoffset(naive.replace(tzinfo=BEIJING, fold=0)),
        _utcoffset(naive.replace(tzinfo=BEIJING, fold=1)),
    )


def as_moment(value: dt.datetime) -> pendulum.DateTime:
    """An aware Beijing datetime as the model's moment, equal to what ``When.parse`` gives.

    An instant in a repeated autumn hour (summer time 1986–1991) carries the fixed offset in
    force: datetime's ``==`` across zones is False for ambiguous times (PEP 495), and the text
    form reads back with a fixed offset, so the zone would break ``parse(format(x)) == x``.
    """
    fold0, fold1 = _folds(value.replace(tzinfo=None))
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


def _existing(naive: dt.datetime) -> dt.datetime:
    """``naive``, or past the gap when summer time skipped it (a repair, not a filter)."""
    if exists(naive):
        return naive
    fold0, fold1 = _folds(naive)
    return naive + abs(fold1 - fold0)


def time_of_day(c: Choices) -> dt.time:
    """Mostly on the quarter hour, as reports give times (18:30); with edge cases, to the
    microsecond."""
    if c.edge():
        return dt.time(c.integer(0, 23), c.integer(0, 59), c.integer(0, 59), c.integer(0, 999_999))
    return dt.time(c.integer(0, 23), c.pick((0, 30, 15, 45)))


def _aware(c: Choices, naive: dt.datetime) -> pendulum.DateTime:
    fold0, fold1 = _folds(naive)
    fold = int(c.boolean()) if fold0 != fold1 else 0
    return as_moment(naive.replace(tzinfo=BEIJING, fold=fold))


def moment_on(c: Choices, on: dt.date) -> pendulum.DateTime:
    """A moment on ``on`` in Beijing that happened; both readings of a repeated hour occur."""
    return _aware(c, _existing(dt.datetime.combine(on, time_of_day(c))))


def _is_naive(value: object) -> bool:
    return isinstance(value, dt.datetime) and value.tzinfo is None


def moment(c: Choices, low: dt.datetime, high: dt.datetime) -> pendulum.DateTime:
    """A moment between two naive Beijing wall-clock times (one of them happened, or an hour
    lies between them: the arguments' check)."""
    if high - low < dt.timedelta(days=1):
        whole = int((high - low).total_seconds())
        naive = low + dt.timedelta(seconds=c.integer(0, whole))
    else:
        naive = dt.datetime.combine(day(c, (low.date(), high.date())), time_of_day(c))
        naive = min(max(naive, low), high)
    naive = _existing(naive)
    if naive > high:
        naive = high if exists(high) else _existing(low)
    return _aware(c, naive)


@args.lazy
def moments(
    *,
    min_value: dt.datetime | None = None,
    max_value: dt.datetime | None = None,
    edge_cases: bool = False,
) -> st.SearchStrategy[pendulum.DateTime]:
    """Exact moments in Beijing time, as ``pendulum.DateTime`` values that exist.

    The bounds are naive wall-clock times in Beijing (the zone is set after drawing, as
    hypothesis advises); they default to the plausible years of records (1949 to 2100), or with
    ``edge_cases=True`` to 1901 to 9999. Times in the spring-forward gaps of 1986–1991 are
    never drawn; both readings of the repeated autumn hour are.
    """
    args.check_bool(edge_cases, "edge_cases")
    usual = (FIRST_MOMENT, LAST_MOMENT)
    if not edge_cases:
        usual = (
            max(FIRST_MOMENT, dt.datetime.combine(PLAUSIBLE_DAYS[0], dt.time())),
            min(LAST_MOMENT, dt.datetime.combine(PLAUSIBLE_DAYS[1], dt.time.max)),
        )
    low, high = args.check_bounds(
        (min_value, max_value),
        ("min_value", "max_value"),
        floor=FIRST_MOMENT,  # Beijing time has whole-minute offsets from 1901
        ceiling=LAST_MOMENT,
        usual=usual,
        kind="a naive datetime (Beijing wall-clock time)",
        accepts=_is_naive,
    )
    if not exists(low) and not exists(high) and high - low < dt.timedelta(hours=1):
        raise InvalidArgument(
            f"no Beijing time between {low} and {high} exists (a summer-time gap)"
        )
    return built(lambda c: moment(c, low, high), edge_cases=edge_cases)


Point = PartialDate | pendulum.DateTime


def point(c: Choices, on: dt.date, dates: Window, *, allow_moments: bool) -> Point:
    """A partial date around ``on`` within ``dates``, or a moment on ``on``."""
    choices: list[Precision | Literal["moment"]] = list(_precisions(on, dates))
    if allow_moments and on >= FIRST_MOMENT.date():
        choices.append("moment")
    choice = c.pick(choices)
    if choice == "moment":
        return moment_on(c, on)
    return partial_date(c, on, dates, choice)


IntervalShape = Literal["single", "closed", "open_start", "open_end"]


def when(
    c: Choices,
    dates: Window,
    *,
    allow_intervals: bool = True,
    allow_open: bool = True,
    allow_moments: bool = True,
) -> When:
    """A single time or an interval whose known ends lie within ``dates``."""
    shapes: list[IntervalShape] = ["single"]
    if allow_intervals:
        shapes.append("closed")
        if allow_open:
            shapes += ["open_end", "open_start"]
    shape = c.pick(shapes)
    if shape == "single":
        return When(start=point(c, day(c, dates), dates, allow_moments=allow_moments))
    first, last = sorted([day(c, dates), day(c, dates)])
    start = None if shape == "open_start" else point(c, first, dates, allow_moments=allow_moments)
    end = None if shape == "open_end" else point(c, last, dates, allow_moments=allow_moments)
    if isinstance(start, pendulum.DateTime) and isinstance(end, pendulum.DateTime) and end < start:
        start, end = end, start
    return When(start=start, end=end, interval=True)


@args.lazy
def whens(
    *,
    min_date: dt.date | None = None,
    max_date: dt.date | None = None,
    allow_intervals: bool = True,
    allow_open: bool = True,
    allow_moments: bool = True,
    edge_cases: bool = False,
) -> st.SearchStrategy[When]:
    """Times as records give them: a year, month, day or moment, or an interval of two.

    Every known end lies between ``min_date`` and ``max_date`` (Beijing dates; by default the
    plausible years of records, 1949 to 2100, or with ``edge_cases=True`` every year the model
    holds); ``allow_open`` draws intervals open at one end (``../2023-08-20``, what 近日 means),
    ``allow_moments`` exact moments, ``allow_intervals`` intervals at all.
    """
    dates = args.value_dates(min_date, max_date, edge_cases)
    for name, flag in (
        ("allow_intervals", allow_intervals),
        ("allow_open", allow_open),
        ("allow_moments", allow_moments),
    ):
        args.check_bool(flag, name)

    def build(c: HypothesisChoices) -> When:
        return when(
            c,
            dates,
            allow_intervals=allow_intervals,
            allow_open=allow_open,
            allow_moments=allow_moments,
        )

    return built(build, edge_cases=edge_cases)


# -- amounts --------------------------------------------------------------------------------------


def _places_of(cls: type, name: str) -> int:
    found = fields.of(cls, name).places
    assert found is not None, f"{cls.__name__}.{name} carries no Places marker"
    return found


def _least(cls: type, name: str) -> Decimal:
    found = fields.of(cls, name).ge
    return Decimal(0 if found is None else found)


#: The largest unscaled amount an edge case draws when the model sets no maximum.
_EDGE_DIGITS: Final = 10**18


def _places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _check_amount(value: object, name: str, cls: type, field: str) -> Decimal | None:
    """A bound of an amount: a whole number or a decimal the field would take."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise InvalidArgument(f"{name} must be an int or a Decimal (got {value!r})")
    amount, least, places = Decimal(value), _least(cls, field), _places_of(cls, field)
    if not amount.is_finite() or amount < least or _places(amount) > places:
        raise InvalidArgument(
            f"{name} must be finite, at least {least} and have at most {places} decimal places "
            f"(got {value!r})"
        )
    return amount


def decimal(c: Choices, low: Decimal, high: Decimal | None, max_places: int, usual: int) -> Decimal:
    """A decimal written with 0 to ``max_places`` places (120.5 and 120.50 both occur).

    Mostly within ``usual`` of ``low``; the unscaled digits are drawn as one integer, so
    values shrink to ``low`` written without places.
    """
    places = c.integer(0, max_places)
    scale = 10**places
    least = int((low * scale).to_integral_value(rounding=ROUND_CEILING))
    most = None if high is None else int((high * scale).to_integral_value(rounding=ROUND_FLOOR))
    if most is not None and most < least:  # no number of so few places fits: use the most
        places, scale = max_places, 10**max_places
        least = int(low * scale)
        most = None if high is None else int(high * scale)
    ceiling = most if most is not None else least + _EDGE_DIGITS
    digits = fields.number(c, least, ceiling, (least, least + usual * scale))
    return Decimal(f"{digits}E-{places}")  # exact: no rounding to the context's precision


def money_value(c: Choices, low: Decimal | None = None, high: Decimal | None = None) -> Money:
    """An amount of yuan (at least ``low``, by default the least the model allows): mostly up
    to a few hundred thousand, as projects report."""
    least = _least(Money, "amount") if low is None else low
    return Money(amount=decimal(c, least, high, _places_of(Money, "amount"), 500_000))


@args.lazy
def money(
    *,
    min_value: int | Decimal | None = None,
    max_value: int | Decimal | None = None,
    edge_cases: bool = False,
) -> st.SearchStrategy[Money]:
    """Amounts of yuan, exact to the fen, as ``Decimal`` (never through a float).

    Mostly up to a few hundred thousand above ``min_value``; ``edge_cases=True`` also draws the
    bounds themselves and huge amounts.
    """
    args.check_bool(edge_cases, "edge_cases")
    low = _check_amount(min_value, "min_value", Money, "amount") or _least(Money, "amount")
    high = _check_amount(max_value, "max_value", Money, "amount")
    if high is not None and high < low:
        raise InvalidArgument(f"min_value={min_value} must not exceed max_value={max_value}")
    return built(lambda c: money_value(c, low, high), edge_cases=edge_cases)


def measurement(c: Choices, unit: Unit) -> Measurement:
    """A measured quantity in ``unit``: 100 m², about 50 cm."""
    return Measurement(
        value=decimal(
            c, _least(Measurement, "value"), None, _places_of(Measurement, "value"), 1000
        ),
        unit=unit,
        approximate=c.boolean(),
    )


@args.lazy
def measurements(
    *, units: st.SearchStrategy[Unit] | None = None, edge_cases: bool = False
) -> st.SearchStrategy[Measurement]:
    """Measured quantities with up to six decimal places, ``units`` drawing the unit."""
    args.check_strategy(units, "units")
    args.check_bool(edge_cases, "edge_cases")
    chosen = units if units is not None else st.sampled_from(Unit)
    return built(lambda c: measurement(c, c.draw(chosen)), edge_cases=edge_cases)


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
#: Birth dates of living people, the default range of identity numbers.
FIRST_BIRTH: Final = dt.date(1900, 1, 1)


def resident_id(c: Choices, born: Window) -> ResidentId:
    """An identity number born within ``born`` with a correct check character."""
    body = f"{c.pick(_ID_REGIONS)}{day(c, born):%Y%m%d}{c.integer(0, 999):03d}"
    return ResidentId(number=body + id_check_character(body))


@args.lazy
def resident_ids(
    *, min_date: dt.date | None = None, max_date: dt.date | None = None, edge_cases: bool = False
) -> st.SearchStrategy[ResidentId]:
    """Resident identity numbers (GB 11643) of people born from ``min_date`` to ``max_date``.

    Real county prefixes, real birth dates (from 1900 to today by default), check characters
    by ISO 7064 MOD 11-2, ``X`` included.
    """
    args.check_bool(edge_cases, "edge_cases")
    born = args.check_date_bounds(min_date, max_date, floor=FIRST_BIRTH, ceiling=dt.date.today())
    return built(lambda c: resident_id(c, born), edge_cases=edge_cases)
