"""Times refused, and times at the edges: every refusal of a time says where, what and why, with
the value it got; bounds hold at the end of the calendar, and reports' words at their edges."""

import datetime as dt
from collections.abc import Callable
from typing import Any

import pendulum
import pytest

from community_model import (
    Minute,
    PartialDate,
    PartOfDay,
    Season,
    Unspecified,
    ValidationError,
    When,
)

#: What a refusal says: each problem's path, code and message.
Said = list[tuple[str, str, str]]


def refusal(call: Callable[[], object]) -> Said:
    with pytest.raises(ValidationError) as caught:
        call()
    return [(p.path, p.code, p.message) for p in caught.value.errors]


DATE_FORM = (
    "a date must be [?]YYYY, YYYY-MM, YYYY-SS (season 21-24) or YYYY-MM-DD, with X for "
    "unspecified digits, then ~ ? or %"
)
MOMENT_FORM = "a moment must be YYYY-MM-DDTHH:MM:SS[.ffffff] followed by its offset (+08:00 or Z)"
MINUTE_FORM = "a moment known to the minute must be YYYY-MM-DDTHH:MM followed by its offset"
PART_NEEDS_DAY = (
    "a part of the day needs a day known exactly: no qualifier, X digits or inferred year"
)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: When.parse(5), "a time must be EDTF text (got 5)"),
        (lambda: When.parse(".."), "'..' is only an end of an interval (got '..')"),
        (lambda: When.parse("2023-8"), f"{DATE_FORM} (got '2023-8')"),
        # the part of an interval that is wrong is the one shown
        (lambda: When.parse("2023/2024/2025"), f"{DATE_FORM} (got '2024/2025')"),
        (lambda: PartialDate.parse(None), f"{DATE_FORM} (got None)"),  # type: ignore[arg-type]
        (
            lambda: When.parse("202X-05"),
            "X digits of a year stand for a year alone (202X, 20XX) (got '202X-05')",
        ),
        (
            lambda: When.parse("2023-02-30T10:00:00+08:00"),
            "not a real moment: day is out of range for month (got '2023-02-30T10:00:00+08:00')",
        ),
        (lambda: When.parse("2023-08-18T18:30:00"), f"{MOMENT_FORM} (got '2023-08-18T18:30:00')"),
        (
            lambda: Minute.parse("2023-08-18T18:30:00+08:00"),
            f"{MINUTE_FORM} (got '2023-08-18T18:30:00+08:00')",
        ),
        (lambda: Minute.parse(5), f"{MINUTE_FORM} (got 5)"),  # type: ignore[arg-type]
    ],
)
def test_texts_refused_say_what_a_time_must_be_and_what_they_got(
    call: Callable[[], object], message: str
) -> None:
    """A text that is not a time is refused as not EDTF, with the form expected and the text."""
    assert refusal(call) == [("$", "edtf", message)]


class _NoOffset(dt.tzinfo):
    """A zone that knows no offset: its times are naive for every purpose."""

    def utcoffset(self, _: dt.datetime | None) -> None:
        return None

    def dst(self, _: dt.datetime | None) -> None:
        return None

    def tzname(self, _: dt.datetime | None) -> str:
        return "nowhere"


@pytest.mark.parametrize(
    ("call", "said"),
    [
        (
            lambda: When.moment(5),
            ("$", "type", "the value must be a datetime (got the number 5)"),
        ),
        (
            lambda: When.moment(dt.datetime(2020, 1, 1, 10)),
            (
                "$",
                "naive_datetime",
                "a moment must carry a time zone (got naive 2020-01-01T10:00:00); pass "
                "tz='Asia/Shanghai' to say which",
            ),
        ),
        (
            lambda: When.moment(dt.datetime(2020, 1, 1, 10, tzinfo=_NoOffset())),
            (
                "$",
                "naive_datetime",
                "a moment must carry a time zone (got naive 2020-01-01T10:00:00); pass "
                "tz='Asia/Shanghai' to say which",
            ),
        ),
        (
            lambda: When.moment(dt.datetime(2020, 1, 1), tz="Asia/Suzhou"),
            ("$", "time_zone", "unknown time zone 'Asia/Suzhou' (try 'Asia/Shanghai')"),
        ),
        (
            lambda: When.moment(dt.datetime(1986, 5, 4, 2, 30), tz="Asia/Shanghai"),
            (
                "$",
                "local_time",
                "1986-05-04T02:30:00 in Asia/Shanghai never happened: the clocks jumped forward "
                "for summer time; give an aware datetime to say which instant is meant",
            ),
        ),
        (
            lambda: When.moment(dt.datetime(1986, 9, 14, 1, 30), tz="Asia/Shanghai"),
            (
                "$",
                "local_time",
                "1986-09-14T01:30:00 in Asia/Shanghai happened twice: the clocks went back at the "
                "end of summer time; give an aware datetime to say which instant is meant",
            ),
        ),
        (
            lambda: When.minute(dt.datetime(2021, 7, 17, 8, 30, 5), tz="Asia/Shanghai"),
            (
                "$.at",
                "minute",
                "'at': a moment known to the minute has no seconds (got 2021-07-17T08:30:05+08:00)",
            ),
        ),
        (
            lambda: When.between(When.parse("2021/"), None),
            ("$", "nested_interval", "an end of an interval must be a single time (got '2021/')"),
        ),
    ],
)
def test_moments_refused_say_why(call: Callable[[], object], said: tuple[str, str, str]) -> None:
    """Moments that are not one instant, or not datetimes, are refused with what they were."""
    assert refusal(call) == [said]


def test_aware_moments_are_kept_as_given() -> None:
    """An aware datetime is that instant at its own offset, with or without a zone named."""
    five = dt.timezone(dt.timedelta(hours=5))
    moment = dt.datetime(2023, 8, 18, 18, 30, tzinfo=five)
    for when in (When.moment(moment), When.moment(moment, tz="Asia/Shanghai")):
        assert type(when.start) is pendulum.DateTime
        assert when.start == moment
        assert when.format() == "2023-08-18T18:30:00+05:00"


@pytest.mark.parametrize(
    ("fields", "said"),
    [
        (
            {"year": 2021, "season": Season.SPRING, "day": 5},
            (
                "$.season",
                "'season': a season is a year and a season only (no month, day or X digits)",
            ),
        ),
        (
            {"year": 2021, "season": Season.SPRING, "unspecified": Unspecified.MONTH},
            (
                "$.season",
                "'season': a season is a year and a season only (no month, day or X digits)",
            ),
        ),
        (
            {"year": 2023, "unspecified": Unspecified.YEAR_DIGIT},
            ("$.year", "'year' must end in 0 when its last digits are unspecified (got 2023)"),
        ),
        (
            {"year": 2010, "unspecified": Unspecified.YEAR_DIGITS},
            ("$.year", "'year' must end in 00 when its last digits are unspecified (got 2010)"),
        ),
        (
            {"year": 2023, "month": 2, "day": 29},
            ("$.day", "'day' must be a day of 2023-02 (got 29)"),
        ),
        (
            {"year": 2000, "unspecified": Unspecified.YEAR_DIGITS, "year_inferred": True},
            (
                "$.year_inferred",
                "'year_inferred': a year inferred from the report needs a month, season or day "
                "that the source gave (a year alone is just uncertain: write 2021?)",
            ),
        ),
    ],
)
def test_inconsistent_dates_say_which_field_and_why(
    fields: dict[str, Any], said: tuple[str, str]
) -> None:
    """Each rule of a date names its field and, where a value is wrong, the value."""
    assert refusal(lambda: PartialDate(**fields)) == [(said[0], "date", said[1])]


@pytest.mark.parametrize("year", [1990, 1999, 2000, 2001, 2010, 2020])
def test_decades_and_centuries_end_in_zeros(year: int) -> None:
    """202X holds its year as 2020 and 20XX as 2000: exactly those years are accepted."""
    for unspecified, step in ((Unspecified.YEAR_DIGIT, 10), (Unspecified.YEAR_DIGITS, 100)):
        if year % step == 0:
            assert PartialDate(year=year, unspecified=unspecified).year == year
        else:
            said = refusal(lambda u=unspecified: PartialDate(year=year, unspecified=u))
            assert [(path, code) for path, code, _ in said] == [("$.year", "date")]


@pytest.mark.parametrize(
    ("fields", "said"),
    [
        ({"start": None}, ("$.start", "missing", "'start' is required unless 'interval' is true")),
        (
            {"start": PartialDate(year=2021), "interval": True, "start_unknown": True},
            (
                "$.start_unknown",
                "unexpected",
                "'start_unknown' must be false when 'start' is given (an end is known or unknown)",
            ),
        ),
        (
            {"end": PartialDate(year=2021), "start": None, "interval": True, "end_unknown": True},
            (
                "$.end_unknown",
                "unexpected",
                "'end_unknown' must be false when 'end' is given (an end is known or unknown)",
            ),
        ),
        (
            {"start": PartialDate(year=2023), "end": PartialDate(year=2022), "interval": True},
            ("$.end", "interval_order", "'end' must not be before 'start' (got 2023 to 2022)"),
        ),
    ],
)
def test_inconsistent_times_say_which_field_and_why(
    fields: dict[str, Any], said: tuple[str, str, str]
) -> None:
    """Each rule of a time names its field and, for a reversed interval, both ends."""
    assert refusal(lambda: When(**fields)) == [said]


def test_between_keeps_an_unknown_end() -> None:
    """An end said unknown stays unknown, not open, at either end."""
    assert When.between(When.year(2021), None, end_unknown=True).format() == "2021/"
    assert When.between(None, When.year(2021), start_unknown=True).format() == "/2021"
    assert When.between(When.year(2021), None).format() == "2021/.."


def test_windows_may_be_open_at_either_end() -> None:
    """None for a window's end leaves that side open, for both queries."""
    day = When.day(2021, 7, 17)
    for within in (day.surely_within, day.possibly_within):
        assert within(None, None)
        assert within(None, When.year(2021))
        assert within(When.year(2021), None)
        assert not within(None, When.year(2020))
        assert not within(When.year(2022), None)


# -- the end of the calendar ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "latest", "possibly_latest"),
    [
        ("9998", "9998-12-31", "9998-12-31"),
        ("9999", "9999-12-31", "9999-12-31"),
        ("9998-12", "9998-12-31", "9998-12-31"),
        ("9999-11", "9999-11-30", "9999-11-30"),
        ("9999-21", "9999-05-31", "9999-05-31"),
        ("9999-05-17", "9999-05-17", "9999-05-17"),
        ("9999-05-17?", "9999-05-17", "9999-05-18"),
        ("9999-11~", "9999-11-30", "9999-12-31"),
        ("?9998-07-17", "9998-07-17", "9999-07-17"),
        ("?9999-07-17", "9999-07-17", "9999-12-31"),
        ("?9999-21", "9999-05-31", "9999-12-31"),
        ("9999-12-31?", "9999-12-31", "9999-12-31"),
    ],
)
def test_the_last_years_end_where_they_say(text: str, latest: str, possibly_latest: str) -> None:
    """Periods in the years 9998 and 9999 end on their own last day; only a reach past the last
    day of 9999 stops there."""
    when = When.parse(text)
    assert when.latest == pendulum.parse(f"{latest}T23:59:59.999999+08:00")
    assert when.possible_bounds[1] == pendulum.parse(f"{possibly_latest}T23:59:59.999999+08:00")


# -- parts of the day and reports' words ---------------------------------------------------------


@pytest.mark.parametrize(
    "day",
    [
        When.parse("2021-07-17/2021-07-18"),
        When.parse("2021-07-17/.."),
        PartialDate(year=2021, month=7, day=17),
    ],
)
def test_a_part_of_the_day_needs_a_single_day(day: object) -> None:
    """An interval, even one that starts on an exact day, or a date that is not a When, has no
    one day to take the hours of."""
    said = refusal(lambda: When.part_of_day(day, PartOfDay.EVENING))  # type: ignore[arg-type]
    assert said == [("$", "part_of_day", f"{PART_NEEDS_DAY} (got {str(day)!r})")]


def test_a_part_of_the_day_must_be_one() -> None:
    """The part is a PartOfDay, not its name."""
    said = refusal(lambda: When.part_of_day(When.day(2021, 7, 17), "evening"))  # type: ignore[arg-type]
    assert said == [("$", "type", "the value must be a PartOfDay (got the string 'evening')")]


REPORTED = When.day(2021, 8, 1)


def test_report_refusals_say_what_they_got() -> None:
    """A report's date that is not a single time, words that are not a string and words not
    known are refused with what they were."""
    assert refusal(lambda: When.from_report("近日", reported=When.parse("2021/"))) == [
        (
            "$",
            "report_date",
            "the report's date must be a single time, a year or more precise (got '2021/')",
        )
    ]
    assert refusal(lambda: When.from_report(5, reported=REPORTED)) == [  # type: ignore[arg-type]
        ("$", "type", "the value must be a string (got the number 5)")
    ]
    ((path, code, message),) = refusal(lambda: When.from_report("上周", reported=REPORTED))
    assert (path, code) == ("$", "report_time")
    assert message.startswith("cannot read '上周' as a time in a report: known are 近日")


@pytest.mark.parametrize(
    ("words", "text"),
    [
        ("7月1日", "?2021-07-01"),
        ("7月31日", "?2021-07-31"),
        ("1月", "?2021-01"),
        ("12月", "?2021-12"),
        ("一月一日", "?2021-01-01"),
        ("十二月三十一日", "?2021-12-31"),
        ("7月0日", None),
        ("7月32日", None),
        ("0月1日", None),
        ("13月", None),
        # Chinese numerals out of order are not numbers
        ("十十月", None),
        ("一一月", None),
        ("7月十十日", None),
        ("7月一一日", None),
    ],
)
def test_report_days_and_months_at_their_edges(words: str, text: str | None) -> None:
    """Months 1 to 12 and days 1 to 31 are read; 0, 13, 32 and malformed numerals are not."""
    if text is None:
        assert refusal(lambda: When.from_report(words, reported=REPORTED))[0][1] == "report_time"
    else:
        assert When.from_report(words, reported=REPORTED).format() == text


@pytest.mark.parametrize(
    ("words", "reported", "text"),
    [
        # 1 December 2021 is 183 days after 1 June 2021: still ahead in the report's year
        ("12月1日", When.day(2021, 6, 1), "?2021-12-01"),
        ("12月2日", When.day(2021, 6, 1), "?2020-12-02"),
        ("12月1日", When.day(2021, 5, 31), "?2020-12-01"),
        # a month or a season is read from its first day
        ("12月", When.day(2021, 6, 1), "?2021-12"),
        ("12月", When.day(2021, 5, 31), "?2020-12"),
        ("冬季", When.day(2021, 6, 1), "?2021-24"),
        ("冬季", When.day(2021, 5, 31), "?2020-24"),
        # the summer holiday from its first day, 1 July; August alone is later
        ("暑期", When.day(2021, 1, 1), "?2021-07/?2021-08"),
        ("8月", When.day(2021, 1, 1), "?2020-08"),
        # the report's day in Beijing: 05:00 in Beijing on 30 June is 29 June in UTC
        ("12月30日", When.parse("2021-06-30T05:00:00+08:00"), "?2021-12-30"),
        ("12月31日", When.parse("2021-06-30T05:00:00+08:00"), "?2020-12-31"),
        ("12月30日", When.parse("2021-06-29T21:00:00+00:00"), "?2021-12-30"),
    ],
)
def test_the_year_guessed_changes_exactly_half_a_year_after_the_report(
    words: str, reported: When, text: str
) -> None:
    """A time without a year is in the report's year unless its first day is more than 183
    days after the report's last day (Beijing time)."""
    assert When.from_report(words, reported=reported).format() == text


def test_this_year_is_the_year_the_report_starts_in() -> None:
    """A report dated winter 2021 (December 2021 to February 2022) speaks of 2021 as 今年."""
    winter = When.season(2021, Season.WINTER)
    assert When.from_report("今年", reported=winter).format() == "2021"
    assert When.from_report("去年", reported=winter).format() == "2020"
    assert When.from_report("今年以来", reported=winter).format() == "2021/2021-24"
