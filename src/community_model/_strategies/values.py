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
from community_model._values.schedule import Schedule
from community_model._values.when import BEIJING, Minute, PartialDate, When
from community_model._vocab import (
    CommunityKind,
    CountQualifier,
    MeasureWord,
    OrganisationKind,
    Season,
    StreetKind,
    Unit,
    Unspecified,
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


class _Unset:
    """No value given: the builder draws one (``None`` is a value of its own)."""


UNSET: Final = _Unset()


def count(
    c: Choices,
    low: int,
    high: int,
    qualifier: CountQualifier | None = None,
    unit: MeasureWord | _Unset | None = UNSET,
) -> Count:
    """A count stating ``low``..``high`` (mostly the small numbers reports give), counting a
    measure word (now and then none) unless ``unit`` is given."""
    if isinstance(unit, _Unset):
        unit = fields.unsaid(c, c.pick(fields.members(Count, "unit")))
    return fields.stated_count(c, low, high, _USUAL_COUNT, qualifier, unit)


@args.lazy
def counts(
    *,
    min_value: int = 0,
    max_value: int | None = None,
    qualifiers: st.SearchStrategy[CountQualifier] | None = None,
    units: st.SearchStrategy[MeasureWord | None] | None = None,
    edge_cases: bool = False,
) -> st.SearchStrategy[Count]:
    """Counts as reports give them: 400余人, 约20户, 3场, 至少100人, 近百户, 不足50人, and zero.

    ``min_value`` and ``max_value`` bound the stated number (by default up to the most people a
    count of people plausibly holds; with ``edge_cases=True`` up to 2**53 - 1, the most the JSON
    form can hold); ``qualifiers`` draws how exact it is (every qualifier by default, shrinking
    to exact; 不足 states at least 1, since 不足0 is no count); ``units`` draws what it counts
    (a measure word, or ``None`` for a bare number: by default any, now and then none, shrinking
    to people). Most values are the small numbers reports give.
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
    args.check_strategy(units, "units")

    def build(c: HypothesisChoices) -> Count:
        qualifier = None
        if qualifiers is not None:
            qualifier = c.draw(qualifiers)
            if qualifier is CountQualifier.LESS_THAN and high < 1:
                raise InvalidArgument(
                    f"qualifiers drew LESS_THAN, but max_value={high}: a count less than 0 is "
                    "no count"
                )
        unit: MeasureWord | _Unset | None = UNSET
        if units is not None:
            unit = c.draw(units)
            if unit is not None and not isinstance(unit, MeasureWord):
                raise InvalidArgument(f"units must draw a MeasureWord or None (got {unit!r})")
        return count(c, low, high, qualifier, unit)

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


#: The forms of a date: ``year`` (2023), ``month`` (2023-08), ``day`` (2023-08-18), ``season``
#: (2023-22), ``decade`` (202X), ``century`` (20XX), and unspecified digits: ``month_x``
#: (2023-XX), ``day_x`` (2023-08-XX), ``month_day_x`` (2023-XX-XX), ``month_of_day_x``
#: (2023-XX-18).
Form = Literal[
    "year",
    "month",
    "day",
    "season",
    "decade",
    "century",
    "month_x",
    "day_x",
    "month_day_x",
    "month_of_day_x",
]
#: The forms reports mostly give, and the rarer ones (drawn now and then: ``Choices.rare``).
COMMON_FORMS: Final[tuple[Form, ...]] = ("year", "month", "day")
RARE_FORMS: Final[tuple[Form, ...]] = (
    "season",
    "month_x",
    "decade",
    "day_x",
    "month_day_x",
    "month_of_day_x",
    "century",
)
#: Forms with a month, season or day the source may give without its year (7月17日).
_INFERABLE: Final[frozenset[Form]] = frozenset({"month", "day", "season"})
#: The season a month falls in (meteorological, northern; January and February are the winter
#: of the year before), and the month each season starts in.
_SEASONS: Final = {
    **dict.fromkeys((3, 4, 5), Season.SPRING),
    **dict.fromkeys((6, 7, 8), Season.SUMMER),
    **dict.fromkeys((9, 10, 11), Season.AUTUMN),
    **dict.fromkeys((12, 1, 2), Season.WINTER),
}
_SEASON_START: Final = {Season.SPRING: 3, Season.SUMMER: 6, Season.AUTUMN: 9, Season.WINTER: 12}


def _season_year(on: dt.date) -> int:
    """The year of the season ``on`` falls in (January's winter began the December before)."""
    return on.year - 1 if on.month < 3 else on.year


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _span(form: Form, on: dt.date) -> tuple[dt.date, dt.date] | None:
    """The first and last day of the period of ``form`` around ``on`` (a whole year for the
    forms with unspecified months), or ``None`` when it lies outside the years dates have."""
    year = on.year
    match form:
        case "day":
            return on, on
        case "month" | "day_x":
            return on.replace(day=1), _month_end(year, on.month)
        case "season":
            first_year = _season_year(on)
            start = _SEASON_START[_SEASONS[on.month]]
            last_year, last_month = divmod(first_year * 12 + start + 1, 12)
            if first_year < VALID_DAYS[0].year or last_year > VALID_DAYS[1].year:
                return None
            return dt.date(first_year, start, 1), _month_end(last_year, last_month + 1)
        case "decade" | "century":
            width = 10 if form == "decade" else 100
            first = year - year % width
            return dt.date(first, 1, 1), dt.date(first + width - 1, 12, 31)
        case _:  # the year, or a date of it whose month is unspecified
            return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _within(form: Form, on: dt.date, dates: Window) -> bool:
    span = _span(form, on)
    return span is not None and dates[0] <= span[0] and span[1] <= dates[1]


def forms(c: Choices, on: dt.date, dates: Window) -> tuple[Form, ...]:
    """The forms a date around ``on`` may take, within ``dates``: now and then the rare ones
    (when any fits), else the common ones."""
    if c.rare():
        rare = tuple(form for form in RARE_FORMS if _within(form, on, dates))
        if rare:
            return rare
    return tuple(form for form in COMMON_FORMS if _within(form, on, dates))


def partial_date(c: Choices, on: dt.date, dates: Window, form: Form | None = None) -> PartialDate:
    """A date of ``form`` around ``on`` (its period within ``dates``; drawn when ``None``), now
    and then approximate or uncertain, rarely with its year inferred from the report."""
    if form is None:
        form = c.pick(forms(c, on, dates))
    approximate = uncertain = False
    if c.chance(5):
        approximate, uncertain = c.boolean(), c.boolean()
    inferred = form in _INFERABLE and c.rare()
    year = on.year
    month: int | None = on.month
    day_: int | None = on.day
    season: Season | None = None
    unspecified: Unspecified | None = None
    match form:
        case "year":
            month = day_ = None
        case "month":
            day_ = None
        case "season":
            year, season, month, day_ = _season_year(on), _SEASONS[on.month], None, None
        case "decade" | "century":
            width = 10 if form == "decade" else 100
            year, month, day_ = year - year % width, None, None
            unspecified = Unspecified.YEAR_DIGIT if form == "decade" else Unspecified.YEAR_DIGITS
        case "month_x":
            month, day_, unspecified = None, None, Unspecified.MONTH
        case "day_x":
            day_, unspecified = None, Unspecified.DAY
        case "month_day_x":
            month, day_, unspecified = None, None, Unspecified.MONTH_AND_DAY
        case "month_of_day_x":
            month, unspecified = None, Unspecified.MONTH
    return PartialDate(
        year=year,
        month=month,
        day=day_,
        approximate=approximate,
        uncertain=uncertain,
        season=season,
        unspecified=unspecified,
        year_inferred=inferred,
    )


@args.lazy
def partial_dates(
    *, min_date: dt.date | None = None, max_date: dt.date | None = None, edge_cases: bool = False
) -> st.SearchStrategy[PartialDate]:
    """Dates as precise as the source (``2023``, ``2023-08~``, ``2023-08-18``) within the bounds.

    Mostly a year, a month or a day; now and then (more often with ``edge_cases=True``) a
    season (``2023-22``), a decade or century (``202X``, ``20XX``), unspecified digits
    (``2023-XX``, ``2023-08-XX``, ``2023-XX-18``) or a year inferred from the report
    (``?2023-07-17``); some approximate or uncertain (``~ ? %``). A date is drawn only when the
    whole period it names lies between ``min_date`` and ``max_date`` (by default the plausible
    years of records, 1949 to 2100; with ``edge_cases=True`` every year the model holds, 1000
    to 9999).
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


def minute_of_day(c: Choices) -> dt.time:
    """A time to the minute: mostly on the quarter hour (08:30); with edge cases, any minute."""
    return dt.time(c.integer(0, 23), c.integer(0, 59) if c.edge() else c.pick((0, 30, 15, 45)))


def _aware(c: Choices, naive: dt.datetime) -> pendulum.DateTime:
    fold0, fold1 = _folds(naive)
    fold = int(c.boolean()) if fold0 != fold1 else 0
    return as_moment(naive.replace(tzinfo=BEIJING, fold=fold))


def moment_on(c: Choices, on: dt.date) -> pendulum.DateTime:
    """A moment on ``on`` in Beijing that happened; both readings of a repeated hour occur."""
    return _aware(c, _existing(dt.datetime.combine(on, time_of_day(c))))


def minute_on(c: Choices, on: dt.date) -> Minute:
    """A minute of ``on`` in Beijing that happened (a summer-time gap is a whole hour, so the
    repair keeps it a whole minute)."""
    return Minute(at=_aware(c, _existing(dt.datetime.combine(on, minute_of_day(c)))))


def _is_naive(value: object) -> bool:
    return isinstance(value, dt.datetime) and value.tzinfo is None


def _between(
    c: Choices, low: dt.datetime, high: dt.datetime, step: dt.timedelta, clock: Clock
) -> pendulum.DateTime:
    """A moment between two naive Beijing wall-clock times, a whole number of ``step`` after
    ``low`` when they are less than a day apart, else at a ``clock`` time of a day between them
    (one of them happened, or an hour lies between them: the arguments' check)."""
    if high - low < dt.timedelta(days=1):
        naive = low + step * c.integer(0, (high - low) // step)
    else:
        naive = dt.datetime.combine(day(c, (low.date(), high.date())), clock(c))
        naive = min(max(naive, low), high)
    naive = _existing(naive)
    if naive > high:
        naive = high if exists(high) else _existing(low)
    return _aware(c, naive)


Clock = Callable[[Choices], dt.time]
_SECOND: Final = dt.timedelta(seconds=1)
_MINUTE: Final = dt.timedelta(minutes=1)


def moment(c: Choices, low: dt.datetime, high: dt.datetime) -> pendulum.DateTime:
    """A moment between two naive Beijing wall-clock times."""
    return _between(c, low, high, _SECOND, time_of_day)


def minute(c: Choices, low: dt.datetime, high: dt.datetime) -> Minute:
    """A minute between two naive Beijing wall-clock times, both whole minutes."""
    return Minute(at=_between(c, low, high, _MINUTE, minute_of_day))


def _moment_bounds(
    min_value: object, max_value: object, edge_cases: object
) -> tuple[dt.datetime, dt.datetime]:
    """The bounds of moments: naive Beijing wall-clock times, by default the plausible years of
    records (with edge cases 1901 to 9999), some time between them having happened."""
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
    return low, high


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
    low, high = _moment_bounds(min_value, max_value, edge_cases)
    return built(lambda c: moment(c, low, high), edge_cases=edge_cases)


@args.lazy
def minutes(
    *,
    min_value: dt.datetime | None = None,
    max_value: dt.datetime | None = None,
    edge_cases: bool = False,
) -> st.SearchStrategy[Minute]:
    """Moments known to the minute (``2021-07-17T08:30+08:00``), as :class:`~community_model.Minute`
    values that exist in Beijing time.

    Mostly on the quarter hour, as reports give times (with ``edge_cases=True``, any minute).
    The bounds are naive wall-clock times in Beijing, as for :func:`moments`, with the same
    defaults; a minute is drawn only when it lies whole between them. Minutes in the
    spring-forward gaps of 1986–1991 are never drawn; both readings of the repeated autumn hour
    are.
    """
    low, high = _moment_bounds(min_value, max_value, edge_cases)
    first = low.replace(second=0, microsecond=0)
    first += _MINUTE if first < low else dt.timedelta()
    last = high.replace(second=0, microsecond=0)
    if first > last:
        raise InvalidArgument(f"no whole minute lies between {low} and {high}")
    if not exists(first) and not exists(last) and last - first < dt.timedelta(hours=1):
        raise InvalidArgument(
            f"no Beijing time between {low} and {high} exists (a summer-time gap)"
        )
    return built(lambda c: minute(c, first, last), edge_cases=edge_cases)


Point = PartialDate | Minute | pendulum.DateTime


def point(c: Choices, on: dt.date, dates: Window, *, allow_moments: bool) -> Point:
    """A date around ``on`` within ``dates`` (mostly a year, month or day), or a moment on
    ``on`` to the minute or to the second."""
    found: tuple[Form | Literal["minute", "moment"], ...] = forms(c, on, dates)
    if allow_moments and on >= FIRST_MOMENT.date() and found[0] in COMMON_FORMS:
        found = (*found, "minute", "moment")
    choice = c.pick(found)
    if choice == "moment":
        return moment_on(c, on)
    if choice == "minute":
        return minute_on(c, on)
    return partial_date(c, on, dates, choice)


def _instant(point: Point, latest: bool) -> pendulum.DateTime:
    if isinstance(point, pendulum.DateTime):
        return point
    return point.latest if latest else point.earliest


IntervalShape = Literal["single", "closed", "open_start", "open_end"]


def when(
    c: Choices,
    dates: Window,
    *,
    allow_intervals: bool = True,
    allow_open: bool = True,
    allow_moments: bool = True,
) -> When:
    """A single time or an interval whose known ends lie within ``dates``; an end that is not
    known is open (``..``), or now and then unknown (an empty end)."""
    shapes: list[IntervalShape] = ["single"]
    if allow_intervals:
        shapes.append("closed")
        if allow_open:
            shapes += ["open_end", "open_start"]
    shape = c.pick(shapes)
    if shape == "single":
        return When(start=point(c, day(c, dates), dates, allow_moments=allow_moments))
    unknown = shape != "closed" and c.rare()
    first, last = sorted([day(c, dates), day(c, dates)])
    start = None if shape == "open_start" else point(c, first, dates, allow_moments=allow_moments)
    end = None if shape == "open_end" else point(c, last, dates, allow_moments=allow_moments)
    if (
        start is not None
        and end is not None
        and not isinstance(start, PartialDate)
        and not isinstance(end, PartialDate)
        and _instant(end, latest=True) < _instant(start, latest=False)
    ):  # two times of one day (a date holds the day around them: never out of order)
        start, end = end, start
    return When(
        start=start,
        end=end,
        interval=True,
        start_unknown=unknown and start is None,
        end_unknown=unknown and end is None,
    )


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
    """Times as records give them: a year, month or day, a moment to the minute or the second,
    or an interval of two.

    Now and then (more often with ``edge_cases=True``) a rarer form: a season, a decade or
    century, unspecified digits, a year inferred from the report (see :func:`partial_dates`),
    an interval end that is unknown rather than open (``2021/``). Every known end lies between
    ``min_date`` and ``max_date`` (Beijing dates; by default the plausible years of records,
    1949 to 2100, or with ``edge_cases=True`` every year the model holds); ``allow_open`` draws
    intervals with an end that is open (``../2023-08-20``, what 近日 means) or unknown,
    ``allow_moments`` moments (to the minute and to the second), ``allow_intervals`` intervals
    at all.
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


# -- schedules ------------------------------------------------------------------------------------

#: Weekdays as reports write them (周六), Saturday first: most recurring activities fall on it.
_WEEKDAY_WORDS: Final = ("六", "日", "一", "二", "三", "四", "五")
_WEEK_ORDER: Final = ("一", "二", "三", "四", "五", "六", "日")
_ORDINALS: Final = ("一", "二", "三", "四")
#: How reports word schedules, the most common first (each read by ``Schedule.from_words``).
_SCHEDULE_FORMS: Final = (
    "weekly",
    "nth",
    "regularly",
    "month_day",
    "last",
    "weekdays",
    "days",
    "fortnightly",
    "daily",
    "weekend",
    "year_day",
    "plain",
)
_PLAIN_SCHEDULES: Final = ("每周", "每月", "每季度", "每年", "不定期")


def _schedule_words(c: Choices) -> str:
    """每周六, 每月第一个周六, 定期, 每月15日 ..., now and then with a part of the day (上午)."""
    weekday = c.pick(_WEEKDAY_WORDS)
    match c.pick(_SCHEDULE_FORMS):
        case "weekly":
            words = f"每周{weekday}"
        case "nth":
            words = f"每月第{c.pick(_ORDINALS)}个周{weekday}"
        case "regularly":
            words = "定期"
        case "month_day":
            words = f"每月{c.integer(1, 28)}日"
        case "last":
            words = f"每月最后一个周{weekday}"
        case "weekdays":
            words = "每周一至五"
        case "days":
            first, second = sorted(c.subset(range(len(_WEEK_ORDER)), 2, 2))
            words = f"每周{_WEEK_ORDER[first]}、{_WEEK_ORDER[second]}"
        case "fortnightly":
            words = f"每两周{weekday}"
        case "daily":
            words = "每天"
        case "weekend":
            words = "每周末"
        case "year_day":
            month = c.integer(1, 12)
            words = f"每年{month}月{c.integer(1, calendar.monthrange(2001, month)[1])}日"
        case _:
            words = c.pick(_PLAIN_SCHEDULES)
    if c.chance(4):
        words += c.pick(fields.members(Schedule, "part_of_day")).label
    return words


_RULE_DAYS: Final = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


#: The most numbers an odd rule lists in one part (enough, over a few parts, to fill a rule).
_RULE_ITEMS: Final = 40


def _rule_items(c: Choices, low: int, high: int, signed: bool = True) -> list[str]:
    """Numbers of ``low``..``high`` (maybe negative), distinct, in a random order."""
    numbers = c.subset(range(low, high + 1), 1, min(_RULE_ITEMS, high - low + 1))
    return [f"-{n}" if signed and c.boolean() else str(n) for n in numbers]


def odd_rule(c: Choices, most: int) -> str:
    """An RFC 5545 RRULE of days with many parts and long lists, at most ``most`` characters:
    every part a schedule's rule may give, together as RFC 5545 allows."""
    frequency = c.pick(("YEARLY", "MONTHLY", "WEEKLY", "DAILY"))
    parts = [f"FREQ={frequency}"]

    def add(name: str, items: list[str]) -> None:
        used = sum(len(part) + 1 for part in parts)
        room = most - used - len(name) - 1
        taken: list[str] = []
        for item in items:
            if len(",".join([*taken, item])) > room:
                break
            taken.append(item)
        if taken:
            parts.append(f"{name}={','.join(taken)}")

    if c.boolean():
        add("INTERVAL", [str(c.integer(1, 999))])
    if c.boolean():
        add("COUNT", [str(c.integer(1, 999))])
    elif c.boolean():
        until = day(c, VALID_DAYS)
        add("UNTIL", [f"{until:%Y%m%d}"])
    if c.boolean():
        add("WKST", [c.pick(_RULE_DAYS)])
    weeks = frequency == "YEARLY" and c.boolean()
    if weeks:
        add("BYWEEKNO", _rule_items(c, 1, 53))
    numbered = frequency in ("MONTHLY", "YEARLY") and not weeks
    reach = 5 if frequency == "MONTHLY" else 53
    days = [
        f"{c.pick(('', '-'))}{c.integer(1, reach)}{weekday}"
        if numbered and c.boolean()
        else weekday
        for weekday in c.subset(_RULE_DAYS, 1, len(_RULE_DAYS))
    ]
    add("BYDAY", days)
    add("BYMONTH", _rule_items(c, 1, 12, signed=False))
    if frequency != "WEEKLY":
        add("BYMONTHDAY", _rule_items(c, 1, 31))
    if frequency == "YEARLY":
        add("BYYEARDAY", _rule_items(c, 1, 366))
    add("BYSETPOS", _rule_items(c, 1, 366))
    return ";".join(parts)


def schedule(c: Choices, dates: Window) -> Schedule:
    """A schedule as reports word it (每周六, 每月第一个周六上午, 定期), the rule
    ``Schedule.from_words`` reads from the words, and maybe the day it began (and ended).

    With edge cases, sometimes odd wording of the most characters, or an odd rule of many parts
    (the wording then no longer says it).
    """
    words = _schedule_words(c)
    first = last = None
    if c.boolean():
        begun, ended = sorted([day(c, dates), day(c, dates)])
        first = partial_date(c, begun, dates)
        if c.chance(4):
            last = partial_date(c, ended, dates)
    most = fields.of(Schedule, "rule").max_len
    assert most is not None
    read = Schedule.from_words(words, first=first, last=last)
    if read.rule is not None and len(read.rule) > most:  # a rule too long for the field: a
        words = "定期"  # schedule whose words give none (a repair, not a filter)
        read = Schedule.from_words(words, first=first, last=last)
    wording = fields.text(c, Schedule, "wording", lambda c: words)
    rule = odd_rule(c, most) if c.edge() else read.rule
    if wording == words and rule == read.rule:
        return read
    return Schedule(
        wording=wording, rule=rule, first=first, last=last, part_of_day=read.part_of_day
    )


@args.lazy
def schedules(
    *, min_date: dt.date | None = None, max_date: dt.date | None = None, edge_cases: bool = False
) -> st.SearchStrategy[Schedule]:
    """Recurring schedules as reports word them: 每周六 (``FREQ=WEEKLY;BYDAY=SA``), 每月第一个周六
    (``FREQ=MONTHLY;BYDAY=1SA``), 定期 (no rule), 每月15日, 每周二、四, 每两周六 ..., now and
    then with a part of the day (每周六上午), and maybe the dates they began and ended between
    ``min_date`` and ``max_date`` (as for :func:`partial_dates`).

    The rule is the one ``Schedule.from_words`` reads from the wording; ``edge_cases=True`` also
    draws odd wording of the most characters and odd rules of many parts, up to the longest rule
    the model takes.
    """
    dates = args.value_dates(min_date, max_date, edge_cases)
    return built(lambda c: schedule(c, dates), edge_cases=edge_cases)


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


def measurement(c: Choices, unit: Unit, usual: int = 1000) -> Measurement:
    """A measured quantity in ``unit``, mostly up to ``usual``: 100 m², about 50 cm, 2 days."""
    return Measurement(
        value=decimal(
            c, _least(Measurement, "value"), None, _places_of(Measurement, "value"), usual
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
