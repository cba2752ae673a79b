"""The time of a record: EDTF text, partial dates, moments, open intervals and their bounds."""

import datetime as dt

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from community_model import PartialDate, ValidationError, When


@st.composite
def partial_dates(draw: st.DrawFn) -> PartialDate:
    day = draw(st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9999, 12, 31)))
    precision = draw(st.sampled_from(["year", "month", "day"]))
    return PartialDate(
        year=day.year,
        month=None if precision == "year" else day.month,
        day=day.day if precision == "day" else None,
        approximate=draw(st.booleans()),
        uncertain=draw(st.booleans()),
    )


@st.composite
def moments(draw: st.DrawFn) -> pendulum.DateTime:
    naive = draw(
        st.datetimes(min_value=dt.datetime(1000, 1, 2), max_value=dt.datetime(9999, 12, 30))
    )
    offset = draw(st.integers(-14 * 4, 14 * 4)) * 15 * 60
    return pendulum.instance(naive.replace(tzinfo=dt.timezone(dt.timedelta(seconds=offset))))


points = st.one_of(partial_dates(), moments())


@st.composite
def whens(draw: st.DrawFn) -> When:
    if draw(st.booleans()):
        return When(start=draw(points))
    first, second = draw(st.one_of(st.none(), points)), draw(st.one_of(st.none(), points))
    if first is None and second is None:
        first = draw(points)
    if first is not None and second is not None:
        first_at = first if isinstance(first, pendulum.DateTime) else first.earliest
        second_at = second if isinstance(second, pendulum.DateTime) else second.latest
        if second_at < first_at:
            first, second = second, first
            first_at = first if isinstance(first, pendulum.DateTime) else first.earliest
            second_at = second if isinstance(second, pendulum.DateTime) else second.latest
            if second_at < first_at:
                second = None
    return When(start=first, end=second, interval=True)


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
        "2023-08-18T18:30+08:00",
        "2023/2024/2025",
        "0999",
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


def test_the_ends_of_time_do_not_overflow() -> None:
    """Moments at the edges of what Python holds: no OverflowError."""
    first = When(start=pendulum.datetime(1, 1, 1, tz="Etc/GMT-14"))
    assert first.format() == "0001-01-01T00:00:00+14:00"
