"""The time of a record: EDTF text, partial dates, moments, open intervals and their bounds."""

import calendar
import datetime as dt
import io
import re
import time
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

import attrs
import jsonschema
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from community_model import (
    Dataset,
    Minute,
    PartialDate,
    PartOfDay,
    Season,
    Unspecified,
    ValidationError,
    When,
    dumps,
    json_schema,
    loads,
    read_jsonl,
    suzhou_2023,
    write_jsonl,
)
from community_model._values.when import micros_bounds

#: Forms of a partial date: the precision and which digits are X.
FORMS = (
    "year",
    "month",
    "day",
    "season",
    "decade",
    "century",
    "month_unspecified",
    "month_and_day_unspecified",
    "day_unspecified",
    "month_unspecified_day_known",
)
#: The forms that name something after the year, so that the year may be inferred.
AFTER_THE_YEAR = frozenset(FORMS) - {"year", "decade", "century"}


@st.composite
def partial_dates(draw: st.DrawFn) -> PartialDate:
    day = draw(st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9999, 12, 31)))
    form = draw(st.sampled_from(FORMS))
    fields: dict[str, Any] = {"year": day.year}
    if form == "month":
        fields["month"] = day.month
    elif form == "day":
        fields.update(month=day.month, day=day.day)
    elif form == "season":
        fields["season"] = draw(st.sampled_from(Season))
    elif form == "decade":
        fields.update(year=day.year // 10 * 10, unspecified=Unspecified.YEAR_DIGIT)
    elif form == "century":
        fields.update(year=day.year // 100 * 100, unspecified=Unspecified.YEAR_DIGITS)
    elif form == "month_unspecified":
        fields["unspecified"] = Unspecified.MONTH
    elif form == "month_and_day_unspecified":
        fields["unspecified"] = Unspecified.MONTH_AND_DAY
    elif form == "day_unspecified":
        fields.update(month=day.month, unspecified=Unspecified.DAY)
    elif form == "month_unspecified_day_known":
        fields.update(day=draw(st.integers(1, 31)), unspecified=Unspecified.MONTH)
    return PartialDate(
        **fields,
        approximate=draw(st.booleans()),
        uncertain=draw(st.booleans()),
        year_inferred=form in AFTER_THE_YEAR and draw(st.booleans()),
    )


@st.composite
def moments(draw: st.DrawFn) -> pendulum.DateTime:
    naive = draw(
        st.datetimes(min_value=dt.datetime(1000, 1, 2), max_value=dt.datetime(9999, 12, 30))
    )
    offset = draw(st.integers(-(24 * 60 - 1), 24 * 60 - 1)) * 60
    return pendulum.instance(naive.replace(tzinfo=dt.timezone(dt.timedelta(seconds=offset))))


@st.composite
def minutes(draw: st.DrawFn) -> Minute:
    return Minute(at=draw(moments()).replace(second=0, microsecond=0))


points = st.one_of(partial_dates(), moments(), minutes())


def first_of(point: Any) -> pendulum.DateTime:
    return point if isinstance(point, pendulum.DateTime) else point.earliest


def last_of(point: Any) -> pendulum.DateTime:
    return point if isinstance(point, pendulum.DateTime) else point.latest


@st.composite
def whens(draw: st.DrawFn) -> When:
    if draw(st.booleans()):
        return When(start=draw(points))
    first, second = draw(st.one_of(st.none(), points)), draw(st.one_of(st.none(), points))
    if first is None and second is None:
        first = draw(points)
    if first is not None and second is not None and last_of(second) < first_of(first):
        first, second = second, first
        if last_of(second) < first_of(first):
            second = None
    return When(
        start=first,
        end=second,
        interval=True,
        start_unknown=first is None and draw(st.booleans()),
        end_unknown=second is None and draw(st.booleans()),
    )


def beijing(*parts: int) -> pendulum.DateTime:
    return pendulum.datetime(*parts, tz="Asia/Shanghai")


@pytest.mark.parametrize(
    "text",
    [
        "2023",
        "2023-08",
        "2023-08-18",
        "2023-08-18T18:30:00+08:00",
        "2023-08-18T18:30:00.250000+08:00",
        "2023-07-01/2023-08-31",
        "../2023-08-20",
        "2023-08-20/..",
        "2023-08~",
        "2023?",
        "2023-08-18%",
        "2023-08-18T18:00:00+08:00/2023-08-18T20:00:00+08:00",
        "2021~",
        "2021-21",
        "2021-22",
        "2021-23",
        "2021-24",
        "2021-24~",
        "202X",
        "20XX",
        "2023-XX",
        "2023-XX-XX",
        "2023-04-XX",
        "2023-XX-15",
        "2021/",
        "/2021",
        "2021-07-17T08:30+08:00",
        "2021-07-17T08:30-05:00",
        "2021-07-17T08:30+08:00/2021-07-17T10:00+08:00",
        "?2021-07-17",
        "?2021-07",
        "?2021-22",
        "?2021-07-17~",
        "?2021-XX-15",
        "?2021-07/?2021-08",
    ],
)
def test_edtf_examples_round_trip(text: str) -> None:
    """The EDTF forms the issue names read and write back to the same text."""
    assert When.parse(text).format() == text


@given(whens())
def test_parse_format_inverse(when: When) -> None:
    """Every value writes a text that reads back to an equal value, and the same text."""
    text = when.format()
    again = When.parse(text)
    assert again == when
    assert again.format() == text
    if isinstance(when.start, pendulum.DateTime):
        assert type(again.start) is pendulum.DateTime


@given(whens())
def test_bounds_are_ordered(when: When) -> None:
    """earliest <= latest whenever both are known; a value lies surely within its own bounds."""
    if when.earliest is not None and when.latest is not None:
        assert when.earliest <= when.latest
    assert when.possibly_within(when, when) or when.interval


def test_bounds_in_beijing_time() -> None:
    """A day runs from 00:00 to 23:59:59.999999 in Beijing; a month to its last day."""
    day = When.day(2023, 8, 19)
    assert day.earliest == pendulum.datetime(2023, 8, 19, tz="Asia/Shanghai")
    assert day.latest is not None
    assert day.latest.isoformat() == "2023-08-19T23:59:59.999999+08:00"
    assert When.month(2023, 2).latest == pendulum.datetime(
        2023, 2, 28, 23, 59, 59, 999999, tz="Asia/Shanghai"
    )
    assert When.month(2023, 12).latest == pendulum.datetime(
        2023, 12, 31, 23, 59, 59, 999999, tz="Asia/Shanghai"
    )
    assert When.parse("9999").latest == pendulum.datetime(
        9999, 12, 31, 23, 59, 59, 999999, tz="Asia/Shanghai"
    )


def counted(moment: dt.datetime | None) -> int | None:
    """Microseconds from 1970-01-01T00:00Z to ``moment``, counted through its UTC fields."""
    if moment is None:
        return None
    return calendar.timegm(moment.utctimetuple()) * 1_000_000 + moment.microsecond


@given(whens())
def test_bounds_in_microseconds_are_the_bounds(when: When) -> None:
    """The bounds Arrow writes, worked out from the parts, are the instants of :attr:`bounds`."""
    assert micros_bounds(when) == tuple(map(counted, when.bounds))


def test_every_day_of_the_years_of_summer_time_starts_where_pendulum_says() -> None:
    """Every day of 1900 to 2000 (local mean time to 1900, summer time in 1919, 1940-1949 and
    1986-1991, some of it skipping midnight), as microseconds and as pendulum instants."""
    day, last = dt.date(1900, 1, 1), dt.date(2000, 12, 31)
    skipped = []
    while day <= last:
        when = When.day(day.year, day.month, day.day)
        assert micros_bounds(when) == tuple(map(counted, when.bounds)), day
        if when.earliest is not None and when.earliest.hour:
            skipped.append(day)
        day += dt.timedelta(days=1)
    assert dt.date(1940, 6, 1) in skipped  # 00:00 never happened: the day began at 01:00


def test_recently_means_on_or_before_the_report() -> None:
    """近日 in a report of 2023-08-20 is ``../2023-08-20``: open start, known latest."""
    recently = When.on_or_before(When.day(2023, 8, 20))
    assert recently.format() == "../2023-08-20"
    assert recently.earliest is None
    assert recently.precision == "interval"
    since = When.on_or_after(When.year(2023))
    assert since.format() == "2023/.."
    assert since.latest is None


def test_within_windows() -> None:
    """Surely within needs both bounds inside; possibly within needs an overlap."""
    summer = When.parse("2023-07-01/2023-08-31")
    august = When.month(2023, 8)
    assert august.surely_within(When.month(2023, 7), When.month(2023, 8))
    assert not summer.surely_within(When.month(2023, 8), None)
    assert summer.possibly_within(When.month(2023, 8), None)
    recently = When.parse("../2023-08-20")
    assert recently.possibly_within(When.year(2023), None)
    assert not recently.surely_within(When.year(2023), None)
    assert not When.year(2022).possibly_within(When.year(2023), None)


def test_naive_moments_are_refused_unless_a_zone_is_given() -> None:
    """A naive datetime says nothing of its zone: refused, unless tz names it."""
    naive = dt.datetime(2023, 8, 18, 18, 30)
    with pytest.raises(ValidationError) as caught:
        When.moment(naive)
    assert caught.value.errors[0].code == "naive_datetime"
    when = When.moment(naive, tz="Asia/Shanghai")
    assert when.format() == "2023-08-18T18:30:00+08:00"
    assert type(when.start) is pendulum.DateTime
    with pytest.raises(ValidationError, match="naive"):
        When(start=pendulum.DateTime(2023, 8, 18))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "..",
        "../..",
        "2023-13",
        "2023-02-29",
        "2023-8",
        "23",
        "2023-08-18T18:30:00",
        "2023-08-18T25:30:00+08:00",
        "2023-08-18 18:30:00+08:00",
        "2023-08-31/2023-08-01",
        "2023/2022",
        "2023/2024/2025",
        "0999",
        "2023-08-18T18:30:5+08:00",
        "2023-08-18T18:30+0800",
        "2023-08-18T18:30+08:60",
        "2023-08-18T18:30:00+08:60",
        "2023-08-18T18:30+24:00",
        "2023-08-18T18:3+08:00",
        "/",
        "../",
        "/..",
        "202X-05",
        "20XX-05-01",
        "2X23",
        "X023",
        "XXXX",
        "2023-21-05",
        "2023-2",
        "2023-X5",
        "2023-05-X1",
        "?2021",
        "?202X",
        "2021?-07",
        "2021-07-17?~",
        "??2021-07",
        "2023-XX-32",
        "2023-13-XX",
    ],
)
def test_refused(text: str) -> None:
    """Malformed, impossible, naive or reversed values are refused."""
    with pytest.raises(ValidationError):
        When.parse(text)


def test_interval_order_path() -> None:
    """A reversed interval names 'end' and the rule."""
    with pytest.raises(ValidationError) as caught:
        When.parse("2023-08-31/2023-08-01")
    assert [(p.path, p.code) for p in caught.value.errors] == [("$.end", "interval_order")]


def test_overlapping_partial_bounds_are_allowed() -> None:
    """2023-08/2023-08-15 is fine: the month may start before the day ends."""
    assert When.parse("2023-08/2023-08-15").interval


def test_single_value_rules() -> None:
    """A single value has a start and no end; an interval end must be a single value."""
    with pytest.raises(ValidationError, match="'end' must be unset"):
        When(start=PartialDate(year=2023), end=PartialDate(year=2024))
    with pytest.raises(ValidationError, match="single time"):
        When.between(When.parse("2023/2024"), None)


@pytest.mark.parametrize(
    ("naive", "words"),
    [
        (dt.datetime(1986, 5, 4, 2, 30), "never happened"),
        (dt.datetime(1991, 4, 14, 2, 0), "never happened"),
        (dt.datetime(1986, 9, 14, 1, 30), "happened twice"),
    ],
)
def test_summer_time_gaps_and_repeats_are_refused(naive: dt.datetime, words: str) -> None:
    """Beijing kept summer time 1986-1991: a skipped or repeated wall time is not one instant."""
    with pytest.raises(ValidationError, match=words) as caught:
        When.moment(naive, tz="Asia/Shanghai")
    assert caught.value.errors[0].code == "local_time"


def test_unknown_zone_is_refused() -> None:
    """A zone name that does not exist is a ValidationError, not a crash."""
    with pytest.raises(ValidationError, match="unknown time zone"):
        When.moment(dt.datetime(2023, 8, 18), tz="Asia/Suzhou")


def test_moments_are_held_at_their_offset() -> None:
    """A zoned moment is kept at its fixed offset: equal after a round trip, even in a fold."""
    repeated = pendulum.datetime(1986, 9, 14, 1, 30, tz="Asia/Shanghai", fold=1)
    when = When(start=repeated)
    assert isinstance(when.start, pendulum.DateTime)
    assert type(when.start.tzinfo) is pendulum.FixedTimezone
    assert when.start.timestamp() == repeated.timestamp()  # the same instant
    assert when.format() == "1986-09-14T01:30:00+08:00"
    assert When.parse(when.format()) == when


def test_local_mean_time_offsets_are_refused() -> None:
    """Before 1901 Shanghai's offset was +08:05:43, which ISO 8601 text cannot carry."""
    old = pendulum.datetime(1890, 1, 1, 12, tz="Asia/Shanghai")
    with pytest.raises(ValidationError) as caught:
        When(start=old)
    assert caught.value.errors[0].code == "offset"


# -- qualifiers: what a value names, and what it may mean ----------------------------------------


@pytest.mark.parametrize(
    ("text", "first", "after", "first_possible", "after_possible"),
    [
        ("2021", "2021-01-01", "2022-01-01", "2021-01-01", "2022-01-01"),
        ("2021~", "2021-01-01", "2022-01-01", "2020-01-01", "2023-01-01"),
        ("2021?", "2021-01-01", "2022-01-01", "2020-01-01", "2023-01-01"),
        ("2021%", "2021-01-01", "2022-01-01", "2020-01-01", "2023-01-01"),
        ("2021-07~", "2021-07-01", "2021-08-01", "2021-06-01", "2021-09-01"),
        ("2021-12?", "2021-12-01", "2022-01-01", "2021-11-01", "2022-02-01"),
        ("2021-07-17?", "2021-07-17", "2021-07-18", "2021-07-16", "2021-07-19"),
        ("2021-21~", "2021-03-01", "2021-06-01", "2020-12-01", "2021-09-01"),
        ("202X~", "2020-01-01", "2030-01-01", "2010-01-01", "2040-01-01"),
        ("20XX?", "2000-01-01", "2100-01-01", "1900-01-01", "2200-01-01"),
        ("?2021-07-17", "2021-07-17", "2021-07-18", "2020-07-17", "2022-07-18"),
        ("?2021-07-17~", "2021-07-17", "2021-07-18", "2020-07-16", "2022-07-19"),
        ("?2024-02-29", "2024-02-29", "2024-03-01", "2023-02-28", "2025-03-01"),
    ],
)
def test_named_and_possible_bounds(
    text: str, first: str, after: str, first_possible: str, after_possible: str
) -> None:
    """A qualifier reaches one unit of the precision each side; an inferred year, one year.

    Each period is given as its first day and the day after its last."""
    when = When.parse(text)
    tick = dt.timedelta(microseconds=1)

    def day(text: str) -> pendulum.DateTime:
        return beijing(*map(int, text.split("-")))

    assert when.bounds == (day(first), day(after) - tick)
    assert when.possible_bounds == (day(first_possible), day(after_possible) - tick)


@pytest.mark.parametrize(
    "text", ["2021~", "2021?", "2021%", "?2021-07-17", "2021-07-17~", "2021-24?", "202X~"]
)
def test_qualified_values_are_not_surely_within_what_they_name(text: str) -> None:
    """2021~ is not surely within 2021, but possibly: nor is any qualified value within the
    period its text names."""
    when = When.parse(text)
    assert isinstance(when.start, PartialDate)
    named = When(
        start=attrs.evolve(when.start, approximate=False, uncertain=False, year_inferred=False)
    )
    assert named.bounds == when.bounds
    assert not when.surely_within(named, named)
    assert when.possibly_within(named, named)
    assert named.surely_within(named, named)


def test_an_approximate_year_may_be_the_years_around_it() -> None:
    """2021~ is possibly within 2022 and 2020, and surely within 2020 to 2022."""
    when = When.parse("2021~")
    assert when.possibly_within(When.year(2022), None)
    assert when.possibly_within(None, When.year(2020))
    assert when.surely_within(When.year(2020), When.year(2022))
    assert not When.parse("2021").possibly_within(When.year(2022), None)


@given(whens())
def test_possible_bounds_hold_the_named_bounds(when: When) -> None:
    """What a value may mean holds what it names; they agree when nothing is qualified."""
    (first, last), (low, high) = when.bounds, when.possible_bounds
    assert (first is None) == (low is None)
    assert (last is None) == (high is None)
    if first is not None and low is not None:
        assert low <= first
    if last is not None and high is not None:
        assert last <= high
    points = [p for p in (when.start, when.end) if p is not None]
    if not any(isinstance(p, PartialDate) and p.qualified for p in points):
        assert when.bounds == when.possible_bounds


@given(whens())
def test_queries_read_the_possible_bounds(when: When) -> None:
    """surely_within holds exactly when the possible bounds lie in the window; a single
    unqualified value lies surely within its own period, a qualified one never does."""
    assert when.possibly_within(when, when)
    low, high = when.possible_bounds
    window = When.between(When.year(2000), When.year(2030))
    start, end = When.year(2000), When.year(2030)
    inside = (
        low is not None
        and high is not None
        and window.earliest is not None
        and window.latest is not None
        and window.earliest <= low
        and high <= window.latest
    )
    assert when.surely_within(start, end) == inside
    if not when.interval:
        qualified = isinstance(when.start, PartialDate) and when.start.qualified
        assert when.surely_within(when, when) == (not qualified)


# -- seasons, unspecified digits, minutes and unknown ends ---------------------------------------


@pytest.mark.parametrize(
    ("text", "first", "after"),
    [
        ("2021-21", (2021, 3, 1), (2021, 6, 1)),
        ("2021-22", (2021, 6, 1), (2021, 9, 1)),
        ("2021-23", (2021, 9, 1), (2021, 12, 1)),
        ("2021-24", (2021, 12, 1), (2022, 3, 1)),
        ("2023-24", (2023, 12, 1), (2024, 3, 1)),
        ("202X", (2020, 1, 1), (2030, 1, 1)),
        ("20XX", (2000, 1, 1), (2100, 1, 1)),
        ("2023-XX", (2023, 1, 1), (2024, 1, 1)),
        ("2023-XX-XX", (2023, 1, 1), (2024, 1, 1)),
        ("2023-04-XX", (2023, 4, 1), (2023, 5, 1)),
        ("2023-02-XX", (2023, 2, 1), (2023, 3, 1)),
        ("2023-XX-15", (2023, 1, 15), (2023, 12, 16)),
        ("2023-XX-31", (2023, 1, 31), (2024, 1, 1)),
    ],
)
def test_seasons_and_unspecified_digits_name_their_whole_range(
    text: str, first: tuple[int, int, int], after: tuple[int, int, int]
) -> None:
    """Seasons are meteorological (northern): winter runs into the next year's February; X
    digits name every value they may stand for."""
    when = When.parse(text)
    assert when.earliest == beijing(*first)
    assert when.latest == beijing(*after) - dt.timedelta(microseconds=1)


@pytest.mark.parametrize(
    ("text", "precision"),
    [
        ("20XX", "century"),
        ("202X", "decade"),
        ("2023", "year"),
        ("2021-21", "season"),
        ("2023-XX", "month"),
        ("2023-08", "month"),
        ("2023-XX-XX", "day"),
        ("2023-04-XX", "day"),
        ("2023-XX-15", "day"),
        ("2021-07-17T08:30+08:00", "minute"),
        ("2021-07-17T08:30:00+08:00", "moment"),
        ("2021/", "interval"),
    ],
)
def test_precision(text: str, precision: str) -> None:
    """How much the text gives: a minute is not a moment to the second."""
    assert When.parse(text).precision == precision


def test_season_builder_and_fields() -> None:
    """When.season and PartialDate.season hold the season as a vocabulary member."""
    winter = When.season(2021, Season.WINTER)
    assert winter.format() == "2021-24"
    assert When.parse("2021-21").start == PartialDate(year=2021, season=Season.SPRING)


@pytest.mark.parametrize(
    ("fields", "path"),
    [
        ({"year": 2021, "season": Season.SPRING, "month": 3}, "$.season"),
        ({"year": 2023, "unspecified": Unspecified.YEAR_DIGIT}, "$.year"),
        ({"year": 2000, "unspecified": Unspecified.YEAR_DIGIT, "month": 1}, "$.unspecified"),
        ({"year": 2010, "unspecified": Unspecified.YEAR_DIGITS}, "$.year"),
        ({"year": 2023, "unspecified": Unspecified.MONTH, "month": 4}, "$.month"),
        ({"year": 2023, "unspecified": Unspecified.DAY, "month": 4, "day": 1}, "$.day"),
        ({"year": 2023, "unspecified": Unspecified.DAY}, "$.unspecified"),
        ({"year": 2023, "day": 15}, "$.day"),
        ({"year": 2023, "year_inferred": True}, "$.year_inferred"),
        (
            {"year": 2020, "unspecified": Unspecified.YEAR_DIGIT, "year_inferred": True},
            "$.year_inferred",
        ),
    ],
)
def test_inconsistent_dates_are_refused_with_their_path(fields: dict[str, Any], path: str) -> None:
    """Each rule names the field it is about."""
    with pytest.raises(ValidationError) as caught:
        PartialDate(**fields)
    assert [problem.path for problem in caught.value.errors] == [path]
    assert caught.value.errors[0].code == "date"


def test_minutes_cover_their_whole_minute() -> None:
    """A moment known to the minute keeps that precision and spans all of the minute."""
    when = When.parse("2021-07-17T08:30+08:00")
    assert isinstance(when.start, Minute)
    assert when.earliest == beijing(2021, 7, 17, 8, 30)
    assert when.latest == beijing(2021, 7, 17, 8, 30, 59, 999999)
    assert when != When.parse("2021-07-17T08:30:00+08:00")
    built = When.minute(dt.datetime(2021, 7, 17, 8, 30), tz="Asia/Shanghai")
    assert built == when
    assert When.parse("2021-07-17T00:30Z").format() == "2021-07-17T00:30+00:00"
    assert When.day(2021, 7, 17).surely_within(when, None) is False
    assert when.surely_within(When.day(2021, 7, 17), When.day(2021, 7, 17))


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("2021-07-17T08:30:00-00:00", "2021-07-17T08:30:00+00:00"),
        ("2021-07-17T08:30:00Z", "2021-07-17T08:30:00+00:00"),
        ("2021-07-17T08:30:00.000000+08:00", "2021-07-17T08:30:00+08:00"),
        ("2021-07-17T08:30:00.000001+08:00", "2021-07-17T08:30:00.000001+08:00"),
        ("2021-07-17T08:30-00:00", "2021-07-17T08:30+00:00"),
        ("2021-07-17T08:30Z", "2021-07-17T08:30+00:00"),
        ("2021-07-17T08:30:00.000000Z/..", "2021-07-17T08:30:00+00:00/.."),
        ("../2021-07-17T08:30-00:00", "../2021-07-17T08:30+00:00"),
    ],
)
def test_every_spelling_of_a_moment_is_written_one_way(text: str, canonical: str) -> None:
    """Z and -00:00 are written +00:00, and zero microseconds are left out: a time read from
    any of its spellings is written in its one canonical text, which reads back equal."""
    when = When.parse(text)
    assert when.format() == canonical
    assert str(when) == canonical
    assert When.parse(canonical) == when


def test_minutes_have_no_seconds() -> None:
    """A Minute with seconds is refused: it would not be the minute its text says."""
    with pytest.raises(ValidationError) as caught:
        When.minute(dt.datetime(2021, 7, 17, 8, 30, 5), tz="Asia/Shanghai")
    assert [(p.path, p.code) for p in caught.value.errors] == [("$.at", "minute")]
    with pytest.raises(ValidationError, match="naive"):
        When.minute(dt.datetime(2021, 7, 17, 8, 30))


def test_unknown_ends_are_not_open_ends() -> None:
    """``2021/`` ended at an unknown time; ``2021/..`` has no end. Their bounds agree."""
    unknown, open_ = When.parse("2021/"), When.parse("2021/..")
    assert unknown != open_
    assert unknown.end_unknown
    assert not open_.end_unknown
    assert unknown.bounds == open_.bounds
    assert When.parse("/2021").start_unknown
    built = When.between(None, When.year(2021), start_unknown=True)
    assert built.format() == "/2021"


@pytest.mark.parametrize(
    ("fields", "path"),
    [
        ({"start": PartialDate(year=2021), "start_unknown": True}, "$.start_unknown"),
        ({"start": PartialDate(year=2021), "end_unknown": True}, "$.end_unknown"),
        (
            {"start": PartialDate(year=2021), "interval": True, "start_unknown": True},
            "$.start_unknown",
        ),
        (
            {"end": PartialDate(year=2021), "start": None, "interval": True, "end_unknown": True},
            "$.end_unknown",
        ),
        ({"start": None, "interval": True, "start_unknown": True, "end_unknown": True}, "$"),
    ],
)
def test_unknown_end_rules(fields: dict[str, Any], path: str) -> None:
    """An unknown end is an end of an interval that is not given, and one end must be known."""
    with pytest.raises(ValidationError) as caught:
        When(**fields)
    assert [problem.path for problem in caught.value.errors] == [path]


# -- years inferred from the report, and the words of reports ------------------------------------

REPORTED = When.day(2021, 8, 1)


@pytest.mark.parametrize(
    ("words", "text"),
    [
        ("7月17日", "?2021-07-17"),
        ("7月17号", "?2021-07-17"),
        ("七月十七日", "?2021-07-17"),
        ("7 月 17 日", "?2021-07-17"),
        ("７月１７日", "?2021-07-17"),
        ("7月", "?2021-07"),
        ("2021年7月17日", "2021-07-17"),
        ("2020年7月", "2020-07"),
        ("去年7月17日", "2020-07-17"),
        ("近日", "../2021-08-01"),
        ("日前", "../2021-08-01"),
        ("今年以来", "2021/2021-08-01"),
        ("2020年以来", "2020/2021-08-01"),
        ("暑期", "?2021-07/?2021-08"),
        ("暑假", "?2021-07/?2021-08"),
        ("今年暑期", "2021-07/2021-08"),
        ("夏季", "?2021-22"),
        ("去年冬天", "2020-24"),
        ("2023年度", "2023"),
        ("今年", "2021"),
    ],
)
def test_from_report(words: str, text: str) -> None:
    """Report wordings, in a report dated 1 August 2021."""
    assert When.from_report(words, reported=REPORTED).format() == text


def test_inferred_year_is_marked_and_readable() -> None:
    """The reader can tell a year the source did not give: year_inferred, and ``?`` in front."""
    when = When.from_report("7月17日", reported=REPORTED)
    assert isinstance(when.start, PartialDate)
    assert when.start.year_inferred
    assert (when.start.year, when.start.month, when.start.day) == (2021, 7, 17)
    assert when.possibly_within(When.year(2021), When.year(2021))
    assert not when.surely_within(When.year(2021), When.year(2021))
    stated = When.from_report("2021年7月17日", reported=REPORTED)
    assert isinstance(stated.start, PartialDate)
    assert not stated.start.year_inferred


@pytest.mark.parametrize(
    ("words", "reported", "text"),
    [
        ("12月28日", When.day(2022, 1, 5), "?2021-12-28"),
        ("1月5日", When.day(2021, 12, 30), "?2021-01-05"),
        ("8月5日", When.day(2021, 8, 1), "?2021-08-05"),
        ("7月17日", When.year(2021), "?2021-07-17"),
        ("7月17日", When.month(2021, 8), "?2021-07-17"),
        ("近日", When.month(2021, 8), "../2021-08"),
        ("2月29日", When.day(2024, 3, 1), "?2024-02-29"),
    ],
)
def test_from_report_infers_the_year_near_the_report(words: str, reported: When, text: str) -> None:
    """The report's year, or the year before when a day would lie over half a year ahead."""
    assert When.from_report(words, reported=reported).format() == text


@pytest.mark.parametrize("words", ["上周", "7月17日晚上", "13月1日", "7月32日", "", "2021", "明天"])
def test_from_report_refuses_unknown_words(words: str) -> None:
    """Words it cannot read are refused with a problem that says what it reads."""
    with pytest.raises(ValidationError) as caught:
        When.from_report(words, reported=REPORTED)
    assert caught.value.errors[0].code == "report_time"
    assert "近日" in caught.value.errors[0].message


@pytest.mark.parametrize("reported", ["2021/2022", "202X", "20XX"])
def test_from_report_needs_a_single_report_date(reported: str) -> None:
    """The report's date is a single time of a year or finer: an interval, a decade or a
    century gives no year to read 今年 or a day from; a day that does not exist is refused."""
    with pytest.raises(ValidationError) as caught:
        When.from_report("今年", reported=When.parse(reported))
    assert caught.value.errors[0].code == "report_date"
    assert When.from_report("今年", reported=When.parse("2021?")).format() == "2021"
    with pytest.raises(ValidationError, match="must be a day of 2021-02"):
        When.from_report("2月29日", reported=REPORTED)


# -- parts of the day ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("part", "label", "text"),
    [
        (PartOfDay.BEFORE_DAWN, "凌晨", "2023-08-18T00:00+08:00/2023-08-18T05:59+08:00"),
        (PartOfDay.MORNING, "上午", "2023-08-18T06:00+08:00/2023-08-18T11:59+08:00"),
        (PartOfDay.NOON, "中午", "2023-08-18T11:00+08:00/2023-08-18T13:59+08:00"),
        (PartOfDay.AFTERNOON, "下午", "2023-08-18T12:00+08:00/2023-08-18T17:59+08:00"),
        (PartOfDay.DUSK, "傍晚", "2023-08-18T17:00+08:00/2023-08-18T19:59+08:00"),
        (PartOfDay.EVENING, "晚上", "2023-08-18T18:00+08:00/2023-08-18T23:59+08:00"),
    ],
)
def test_part_of_day(part: PartOfDay, label: str, text: str) -> None:
    """当日傍晚 on a known day: its hours as an interval of minutes, within the day."""
    day = When.day(2023, 8, 18)
    when = When.part_of_day(day, part)
    assert part.label == label
    assert when.format() == text
    assert when.surely_within(day, day)
    first, end = part.hours
    assert when.earliest == beijing(2023, 8, 18, first)
    assert when.latest == beijing(2023, 8, 18, end - 1, 59, 59, 999999)


def test_part_of_day_in_summer_time() -> None:
    """In 1988 Beijing kept summer time: the hours are local, at +09:00."""
    when = When.part_of_day(When.day(1988, 7, 1), PartOfDay.EVENING)
    assert when.format() == "1988-07-01T18:00+09:00/1988-07-01T23:59+09:00"


@pytest.mark.parametrize("text", ["?2021-07-17", "2021-07-17~", "2021-07", "2023-04-XX", "2021/"])
def test_part_of_day_needs_a_day_known_exactly(text: str) -> None:
    """No exact interval can be written for a vague day: refused, not invented."""
    with pytest.raises(ValidationError) as caught:
        When.part_of_day(When.parse(text), PartOfDay.EVENING)
    assert caught.value.errors[0].code == "part_of_day"
    with pytest.raises(ValidationError):
        When.part_of_day(When.day(2021, 7, 17), "evening")  # type: ignore[arg-type]


# -- the JSON Schema -----------------------------------------------------------------------------

SCHEMAS = {
    cls: jsonschema.Draft202012Validator(json_schema(cls)) for cls in (When, PartialDate, Minute)
}


@given(whens())
def test_schema_accepts_every_time(when: When) -> None:
    """Every valid time's text is valid against the published pattern."""
    SCHEMAS[When].validate(when.format())
    if not when.interval and isinstance(when.start, PartialDate):
        SCHEMAS[PartialDate].validate(when.start.format())
    if not when.interval and isinstance(when.start, Minute):
        SCHEMAS[Minute].validate(when.start.format())


@pytest.mark.parametrize(
    "text",
    [
        "",
        "..",
        "../..",
        "/",
        "../",
        "/..",
        "2023-13",
        "2023-25",
        "2023-8",
        "2023-08-32",
        "2023-08-18T18:30:00",
        "2023-08-18T25:30:00+08:00",
        "2023-08-18T18:30:5+08:00",
        "2023-08-18T18:3+08:00",
        "2023-08-18T18:30+08:60",
        "2023-08-18T18:30+24:00",
        "202X-05",
        "2X23",
        "XXXX",
        "2023-21-05",
        "2023-X5",
        "?2021",
        "2021?-07",
        "2023/2024/2025",
    ],
)
def test_schema_refuses_malformed_times(text: str) -> None:
    """Text the library refuses for its form, the schema refuses too."""
    with pytest.raises(ValidationError):
        When.parse(text)
    assert not SCHEMAS[When].is_valid(text)


def _nested_repeats(pattern: str) -> list[str]:
    """Quantifiers that may repeat more than once inside one that may too (a backtracking risk)."""
    found: list[str] = []

    def walk(items: Any, inside: bool) -> None:
        for op, value in items:
            name = str(op)
            if name in ("MAX_REPEAT", "MIN_REPEAT"):
                _low, high, body = value
                repeats = high > 1
                if inside and repeats:
                    found.append(str(value))
                walk(body, inside or repeats)
            elif name == "SUBPATTERN":
                walk(value[-1], inside)
            elif name == "BRANCH":
                for branch in value[1]:
                    walk(branch, inside)

    walk(sre_parse.parse(pattern), False)
    return found


@pytest.mark.parametrize("cls", [When, PartialDate, Minute])
def test_schema_patterns_run_in_linear_time(cls: type) -> None:
    """No repeated group holds a repeat; a long adversarial text is refused at once."""
    pattern = json_schema(cls)["pattern"]
    assert _nested_repeats(pattern) == []
    compiled = re.compile(pattern)
    for text in ("2023-" * 5000, "?" + "2023-XX-" * 5000, "2021/" * 5000 + "!"):
        began = time.perf_counter()
        assert compiled.search(text) is None
        assert time.perf_counter() - began < 0.5


# -- records keep their vagueness through documents and JSON Lines ------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "?2023-07-17",
        "2023-22",
        "2023-XX-15",
        "2023-08-18T18:30+08:00",
        "2023~",
        "2023/",
        "/2023-08-20",
        "?2023-07/?2023-08",
    ],
)
def test_records_keep_their_times_through_documents_and_lines(text: str) -> None:
    """An activity dated as vaguely as a report reads back identical, by document and line."""
    example = suzhou_2023()
    activity = attrs.evolve(example.activities[0], when=When.parse(text))
    records = [
        activity if record is example.activities[0] else record for record in example.records()
    ]
    dataset = Dataset.from_records(records)
    assert dataset.check() == []
    again = loads(dumps(dataset), Dataset)
    assert again.activities[0].when.format() == text
    assert again == dataset
    lines = io.BytesIO()
    write_jsonl(dataset.records(), lines)
    lines.seek(0)
    assert Dataset.from_records(read_jsonl(lines)) == dataset


def test_the_ends_of_time_do_not_overflow() -> None:
    """Moments at the edges of what Python holds: no OverflowError."""
    first = When(start=pendulum.datetime(1, 1, 1, tz="Etc/GMT-14"))
    assert first.format() == "0001-01-01T00:00:00+14:00"
