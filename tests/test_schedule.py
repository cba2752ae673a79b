"""Schedules of recurring activities: RFC 5545 rules, the source's words, their occurrences."""

import datetime as dt
from typing import Any

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from community_model import (
    PartialDate,
    PartOfDay,
    Schedule,
    ValidationError,
    dumps,
    from_dict,
    json_schema,
    loads,
    to_dict,
)

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@pytest.mark.parametrize(
    ("words", "rule", "part"),
    [
        ("定期", None, None),
        ("不定期", None, None),
        ("每天", "FREQ=DAILY", None),
        ("每日", "FREQ=DAILY", None),
        ("每周六", "FREQ=WEEKLY;BYDAY=SA", None),
        ("每星期日", "FREQ=WEEKLY;BYDAY=SU", None),
        ("每周二、四", "FREQ=WEEKLY;BYDAY=TU,TH", None),
        ("每周二和周四", "FREQ=WEEKLY;BYDAY=TU,TH", None),
        ("每周一至周五", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", None),
        ("每周末", "FREQ=WEEKLY;BYDAY=SA,SU", None),
        ("每两周六", "FREQ=WEEKLY;INTERVAL=2;BYDAY=SA", None),
        ("隔周六", "FREQ=WEEKLY;INTERVAL=2;BYDAY=SA", None),
        ("每月第一个周六", "FREQ=MONTHLY;BYDAY=1SA", None),
        ("每月第三个星期三", "FREQ=MONTHLY;BYDAY=3WE", None),
        ("每月最后一个周日", "FREQ=MONTHLY;BYDAY=-1SU", None),
        ("每月15日", "FREQ=MONTHLY;BYMONTHDAY=15", None),
        ("每月十五号", "FREQ=MONTHLY;BYMONTHDAY=15", None),
        ("每年3月5日", "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=5", None),
        ("每周", "FREQ=WEEKLY", None),
        ("每月", "FREQ=MONTHLY", None),
        ("每季度", "FREQ=MONTHLY;INTERVAL=3", None),
        ("每年", "FREQ=YEARLY", None),
        ("每周六上午", "FREQ=WEEKLY;BYDAY=SA", PartOfDay.MORNING),
        ("每月第一个周六晚上", "FREQ=MONTHLY;BYDAY=1SA", PartOfDay.EVENING),
        ("定期 傍晚", None, PartOfDay.DUSK),
    ],
)
def test_from_words(words: str, rule: str | None, part: PartOfDay | None) -> None:
    """The common wordings give their rule; the wording is kept as the source gives it."""
    schedule = Schedule.from_words(words)
    assert (schedule.rule, schedule.part_of_day, schedule.wording) == (rule, part, words)


@pytest.mark.parametrize(
    "words",
    [
        "偶尔",
        "每周八",
        "每月第六个周六",
        "每月32日",
        "每周一至一",
        "每周五至一",
        "每年2月30日",
        "上午",
        "",
    ],
)
def test_from_words_refuses_what_it_cannot_read(words: str) -> None:
    """Unknown wordings are refused with a problem that lists what it reads."""
    with pytest.raises(ValidationError) as caught:
        Schedule.from_words(words)
    assert caught.value.errors[0].code == "schedule_words"
    assert "每月第一个周六" in caught.value.errors[0].message


def days_of(schedule: Schedule, start: str, end: str) -> list[str]:
    found = schedule.occurrences(dt.date.fromisoformat(start), dt.date.fromisoformat(end))
    return [day.isoformat() for day in found]


@pytest.mark.parametrize(
    ("schedule", "start", "end", "days"),
    [
        (
            Schedule.from_words("每月第一个周六"),
            "2023-07-01",
            "2023-10-31",
            ["2023-07-01", "2023-08-05", "2023-09-02", "2023-10-07"],
        ),
        (
            Schedule.from_words("每周六"),
            "2023-08-01",
            "2023-08-31",
            ["2023-08-05", "2023-08-12", "2023-08-19", "2023-08-26"],
        ),
        (
            Schedule.from_words(
                "每周六",
                first=PartialDate.parse("2023-08-10"),
                last=PartialDate.parse("2023-08-20"),
            ),
            "2023-08-01",
            "2023-08-31",
            ["2023-08-12", "2023-08-19"],
        ),
        (
            Schedule.from_words("每周六", first=PartialDate.parse("2023-08")),
            "2023-07-01",
            "2023-08-10",
            ["2023-08-05"],
        ),
        (
            Schedule.from_words("每月31日"),
            "2023-01-01",
            "2023-06-30",
            ["2023-01-31", "2023-03-31", "2023-05-31"],
        ),
        (
            Schedule.from_words("每年3月5日"),
            "2021-01-01",
            "2023-12-31",
            ["2021-03-05", "2022-03-05", "2023-03-05"],
        ),
        (
            Schedule.from_words("每两周六", first=PartialDate.parse("2023-01-07")),
            "2023-01-10",
            "2023-02-28",
            ["2023-01-21", "2023-02-04", "2023-02-18"],
        ),
        (
            Schedule(
                wording="每周一，共三次",
                rule="FREQ=WEEKLY;COUNT=3",
                first=PartialDate.parse("2023-05-01"),
            ),
            "2023-01-01",
            "2023-12-31",
            ["2023-05-01", "2023-05-08", "2023-05-15"],
        ),
        (
            Schedule(wording="每月1日至年底", rule="FREQ=MONTHLY;BYMONTHDAY=1;UNTIL=20231001"),
            "2023-08-15",
            "2023-12-31",
            ["2023-09-01", "2023-10-01"],
        ),
        (
            Schedule.from_words("每天", last=PartialDate.parse("2023-08-02")),
            "2023-08-03",
            "2023-08-09",
            [],
        ),
    ],
)
def test_occurrences(schedule: Schedule, start: str, end: str, days: list[str]) -> None:
    """The days between two dates, within the schedule's first and last dates."""
    assert days_of(schedule, start, end) == days


@given(
    weekday=st.integers(0, 6),
    start=st.dates(dt.date(1901, 1, 1), dt.date(2100, 12, 31)),
    length=st.integers(0, 120),
)
def test_weekly_occurrences_are_the_weekdays(weekday: int, start: dt.date, length: int) -> None:
    """Every Saturday (or any weekday) between two dates: what a calendar shows."""
    schedule = Schedule(wording="每周", rule=f"FREQ=WEEKLY;BYDAY={WEEKDAYS[weekday]}")
    end = start + dt.timedelta(days=length)
    expected = [
        start + dt.timedelta(days=offset)
        for offset in range(length + 1)
        if (start + dt.timedelta(days=offset)).weekday() == weekday
    ]
    assert list(schedule.occurrences(start, end)) == expected


def test_regularly_has_no_occurrences_to_list() -> None:
    """定期 gives no frequency: listing its days is refused, not guessed."""
    with pytest.raises(ValidationError) as caught:
        Schedule.from_words("定期").occurrences(dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    assert caught.value.errors[0].code == "no_rule"


@pytest.mark.parametrize(
    ("words", "first"),
    [
        ("每周", None),
        ("每月", None),
        ("每年", None),
        ("每季度", None),
        ("每两周六", None),
        ("每两周六", PartialDate.parse("2023-01")),
        ("每两周六", PartialDate.parse("2023-01-07~")),
        ("每两周六", PartialDate.parse("2023-XX-07")),
        ("每两周六", PartialDate.parse("2023-01-XX")),
    ],
)
def test_rules_counted_from_their_first_day_need_it(words: str, first: PartialDate | None) -> None:
    """每周 without a weekday, every two weeks: which days depends on the first, if unknown."""
    schedule = Schedule.from_words(words, first=first)
    with pytest.raises(ValidationError) as caught:
        schedule.occurrences(dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    assert caught.value.errors[0].code == "needs_first"


def test_window_must_be_dates() -> None:
    """A datetime is not a day: refused, naming the argument."""
    with pytest.raises(ValidationError) as caught:
        Schedule.from_words("每天").occurrences(dt.datetime(2023, 1, 1), dt.date(2023, 1, 2))
    assert caught.value.errors[0].path == "$.start"


@pytest.mark.parametrize(
    ("rule", "part"),
    [
        ("FREQ=WEEKLY;BYDAY=XX", "BYDAY=XX"),
        ("FREQ=WEEKLY;BYDAY=SA,0SU", "BYDAY=SA,0SU"),
        ("FREQ=MONTHLY;BYDAY=54SA", "BYDAY=54SA"),
        ("FREQ=WEEKLY;FOO=1", "FOO=1"),
        ("FREQ=WEEKLY;UNTIL=2023", "UNTIL=2023"),
        ("FREQ=WEEKLY;UNTIL=20230230", "UNTIL=20230230"),
        ("FREQ=WEEKLY;UNTIL=20230101T000000Z", "UNTIL=20230101T000000Z"),
        ("FREQ=MONTHLY;BYMONTHDAY=40", "BYMONTHDAY=40"),
        ("FREQ=MONTHLY;BYMONTHDAY=0", "BYMONTHDAY=0"),
        ("FREQ=YEARLY;BYMONTH=13", "BYMONTH=13"),
        ("FREQ=YEARLY;BYWEEKNO=54", "BYWEEKNO=54"),
        ("FREQ=MONTHLY;BYSETPOS=400", "BYSETPOS=400"),
        ("FREQ=WEEKLY;INTERVAL=0", "INTERVAL=0"),
        ("FREQ=WEEKLY;COUNT=-1", "COUNT=-1"),
        ("FREQ=WEEKLY;BYHOUR=9", "BYHOUR=9"),
        ("FREQ=WEEKLY;WKST=XX", "WKST=XX"),
        ("FREQ=WEEKLY;BYDAY=SA;BYDAY=SU", "BYDAY=SU"),
        ("FREQ=WEEKLY;;BYDAY=SA", "''"),
        ("FREQ=WEEKLY;BYDAY", "BYDAY"),
        ("FREQ=WEEKLY;FREQ=DAILY", "FREQ=DAILY"),
    ],
)
def test_invalid_rules_are_refused_naming_the_part(rule: str, part: str) -> None:
    """Each broken part is named in the problem, at the rule's path."""
    with pytest.raises(ValidationError) as caught:
        Schedule(wording="每周", rule=rule)
    [problem] = caught.value.errors
    assert (problem.path, problem.code) == ("$.rule", "rrule")
    assert part in problem.message


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        ("FREQ=WEEKLY;COUNT=2;UNTIL=20230101", "COUNT and UNTIL"),
        ("FREQ=WEEKLY;BYDAY=1SA", "FREQ=MONTHLY or YEARLY"),
        ("FREQ=WEEKLY;BYMONTHDAY=1", "BYMONTHDAY with FREQ=WEEKLY"),
        ("FREQ=MONTHLY;BYWEEKNO=1", "BYWEEKNO only with FREQ=YEARLY"),
        ("FREQ=DAILY;BYYEARDAY=1", "BYYEARDAY only with FREQ=YEARLY"),
        ("BYDAY=SA;FREQ=WEEKLY", "FREQ first"),
        ("FREQ=HOURLY", "RRULE of days"),
        ("FREQ=weekly", "RRULE of days"),
        ("RRULE:FREQ=WEEKLY", "RRULE of days"),
    ],
)
def test_rules_broken_across_parts_are_refused(rule: str, words: str) -> None:
    """RFC 5545's rules that tie parts together, and the form FREQ=... first."""
    with pytest.raises(ValidationError, match=words) as caught:
        Schedule(wording="每周", rule=rule)
    assert caught.value.errors[0].path == "$.rule"


def test_last_not_before_first() -> None:
    """A schedule may not end before it begins."""
    with pytest.raises(ValidationError) as caught:
        Schedule.from_words(
            "每周六", first=PartialDate.parse("2023-08"), last=PartialDate.parse("2023-07")
        )
    assert [(p.path, p.code) for p in caught.value.errors] == [("$.last", "interval_order")]


# -- the wire form and its schema ----------------------------------------------------------------

by_day = st.lists(
    st.tuples(st.sampled_from(["", "1", "2", "3", "4", "-1"]), st.sampled_from(WEEKDAYS)),
    min_size=1,
    max_size=3,
    unique_by=lambda pair: pair[1],
)


@st.composite
def rules(draw: st.DrawFn) -> str | None:
    """Valid rules of days, as reports give them, and none (定期)."""
    kind = draw(
        st.sampled_from(["none", "daily", "weekly", "monthly_nth", "monthly_day", "yearly"])
    )
    if kind == "none":
        return None
    parts: list[str] = []
    if kind == "daily":
        parts.append("FREQ=DAILY")
    elif kind == "weekly":
        days = draw(by_day)
        parts += ["FREQ=WEEKLY", "BYDAY=" + ",".join(day for _, day in days)]
    elif kind == "monthly_nth":
        days = draw(by_day)
        parts += ["FREQ=MONTHLY", "BYDAY=" + ",".join(n + day for n, day in days)]
    elif kind == "monthly_day":
        parts += ["FREQ=MONTHLY", f"BYMONTHDAY={draw(st.integers(1, 31))}"]
    else:
        month = draw(st.integers(1, 12))
        parts += ["FREQ=YEARLY", f"BYMONTH={month}", f"BYMONTHDAY={draw(st.integers(1, 28))}"]
    if draw(st.booleans()):
        parts.append(f"INTERVAL={draw(st.integers(1, 4))}")
    ending = draw(st.sampled_from(["", "count", "until"]))
    if ending == "count":
        parts.append(f"COUNT={draw(st.integers(1, 50))}")
    elif ending == "until":
        parts.append("UNTIL=" + draw(st.dates(dt.date(2000, 1, 1))).strftime("%Y%m%d"))
    return ";".join(parts)


@st.composite
def schedules(draw: st.DrawFn) -> Schedule:
    first = draw(st.one_of(st.none(), st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31))))
    last = None
    if draw(st.booleans()):
        low = first or dt.date(2000, 1, 1)
        last = draw(st.dates(low, dt.date(2040, 12, 31)))
    return Schedule(
        wording=draw(st.sampled_from(["定期", "每周六", "每月第一个周六", "每年"])),
        rule=draw(rules()),
        first=None if first is None else PartialDate.parse(first.isoformat()),
        last=None if last is None else PartialDate.parse(last.isoformat()),
        part_of_day=draw(st.one_of(st.none(), st.sampled_from(PartOfDay))),
    )


SCHEMA = jsonschema.Draft202012Validator(json_schema(Schedule))


@given(schedules())
def test_schedules_round_trip_and_fit_their_schema(schedule: Schedule) -> None:
    """Lossless through plain data and JSON; valid against the published schema; their days
    are listed whenever the rule can say which."""
    plain = to_dict(schedule)
    assert from_dict(plain, Schedule) == schedule
    assert loads(dumps(schedule), Schedule) == schedule
    SCHEMA.validate(plain)
    if schedule.rule is not None and (
        schedule.first is not None
        or ("INTERVAL" not in schedule.rule and "COUNT" not in schedule.rule)
    ):
        days = schedule.occurrences(dt.date(2020, 1, 1), dt.date(2021, 12, 31))
        assert list(days) == sorted(set(days))
        assert all(dt.date(2020, 1, 1) <= day <= dt.date(2021, 12, 31) for day in days)


@pytest.mark.parametrize(
    "plain",
    [
        {},
        {"wording": ""},
        {"wording": "每周", "rule": "FREQ=HOURLY"},
        {"wording": "每周", "rule": "freq=weekly"},
        {"wording": "每周", "rule": "BYDAY=SA;FREQ=WEEKLY"},
        {"wording": "每周", "rule": "FREQ=WEEKLY;BYDAY=sa"},
        {"wording": "每周", "first": "2023-13"},
        {"wording": "每周", "part_of_day": "night"},
        {"wording": "每周", "days": "SA"},
    ],
)
def test_schema_refuses_malformed_schedules(plain: dict[str, Any]) -> None:
    """What the library refuses for its form, the schema refuses too."""
    assert not SCHEMA.is_valid(plain)
    with pytest.raises(ValidationError):
        from_dict(plain, Schedule)


# -- every part of a rule at its edges, and what its problem says --------------------------------

DAYS_WITH_NUMBERS = "must list weekdays (SA), each maybe numbered from 1 to 53 (1SA, -1SU)"
NUMBERED_DAYS = (
    "may number a BYDAY weekday (1SA) only with FREQ=MONTHLY or YEARLY, without BYWEEKNO"
)
TIME_OF_DAY = "gives a time of day: a schedule lists days (give part_of_day instead)"


@pytest.mark.parametrize(
    ("rule", "part", "what"),
    [
        ("FREQ=WEEKLY;BYDAY=XX", "BYDAY=XX", DAYS_WITH_NUMBERS),
        ("FREQ=MONTHLY;BYDAY=54SA", "BYDAY=54SA", DAYS_WITH_NUMBERS),
        ("FREQ=MONTHLY;BYDAY=-54SA", "BYDAY=-54SA", DAYS_WITH_NUMBERS),
        ("FREQ=WEEKLY;FOO=1", "FOO=1", "is not a part of an RFC 5545 rule of days"),
        ("FREQ=WEEKLY;UNTIL=2023", "UNTIL=2023", "must be a day, YYYYMMDD (a schedule lists days)"),
        (
            "FREQ=WEEKLY;UNTIL=2023010A",
            "UNTIL=2023010A",
            "must be a day, YYYYMMDD (a schedule lists days)",
        ),
        (
            "FREQ=WEEKLY;UNTIL=202301011",
            "UNTIL=202301011",
            "must be a day, YYYYMMDD (a schedule lists days)",
        ),
        ("FREQ=WEEKLY;UNTIL=20230229", "UNTIL=20230229", "must be a day that exists"),
        ("FREQ=WEEKLY;UNTIL=00000101", "UNTIL=00000101", "must be a day that exists"),
        ("FREQ=WEEKLY;UNTIL=20231301", "UNTIL=20231301", "must be a day that exists"),
        ("FREQ=WEEKLY;UNTIL=20230001", "UNTIL=20230001", "must be a day that exists"),
        ("FREQ=WEEKLY;UNTIL=20230100", "UNTIL=20230100", "must be a day that exists"),
        ("FREQ=WEEKLY;UNTIL=20230132", "UNTIL=20230132", "must be a day that exists"),
        (
            "FREQ=MONTHLY;BYMONTHDAY=32",
            "BYMONTHDAY=32",
            "must list numbers from 1 to 31, maybe negative",
        ),
        (
            "FREQ=MONTHLY;BYMONTHDAY=-32",
            "BYMONTHDAY=-32",
            "must list numbers from 1 to 31, maybe negative",
        ),
        (
            "FREQ=MONTHLY;BYMONTHDAY=1,X",
            "BYMONTHDAY=1,X",
            "must list numbers from 1 to 31, maybe negative",
        ),
        (
            "FREQ=YEARLY;BYYEARDAY=367",
            "BYYEARDAY=367",
            "must list numbers from 1 to 366, maybe negative",
        ),
        (
            "FREQ=YEARLY;BYWEEKNO=54",
            "BYWEEKNO=54",
            "must list numbers from 1 to 53, maybe negative",
        ),
        (
            "FREQ=MONTHLY;BYSETPOS=367;BYDAY=MO",
            "BYSETPOS=367",
            "must list numbers from 1 to 366, maybe negative",
        ),
        ("FREQ=YEARLY;BYMONTH=0", "BYMONTH=0", "must list months from 1 to 12"),
        ("FREQ=YEARLY;BYMONTH=13", "BYMONTH=13", "must list months from 1 to 12"),
        ("FREQ=YEARLY;BYMONTH=1,X", "BYMONTH=1,X", "must list months from 1 to 12"),
        ("FREQ=WEEKLY;INTERVAL=0", "INTERVAL=0", "must be a whole number from 1"),
        ("FREQ=WEEKLY;INTERVAL=1000000000", "INTERVAL=1000000000", "must be a whole number from 1"),
        ("FREQ=WEEKLY;COUNT=01", "COUNT=01", "must be a whole number from 1"),
        ("FREQ=WEEKLY;BYHOUR=9", "BYHOUR=9", TIME_OF_DAY),
        ("FREQ=WEEKLY;BYMINUTE=9", "BYMINUTE=9", TIME_OF_DAY),
        ("FREQ=WEEKLY;BYSECOND=9", "BYSECOND=9", TIME_OF_DAY),
        ("FREQ=WEEKLY;WKST=XX", "WKST=XX", "must be one of MO, TU, WE, TH, FR, SA, SU"),
        ("FREQ=WEEKLY;BYDAY=SA;BYDAY=SU", "BYDAY=SU", "is given twice"),
        ("FREQ=WEEKLY;;BYDAY=SA", "", "must be NAME=VALUE"),
        ("FREQ=WEEKLY;=SA", "=SA", "must be NAME=VALUE"),
        ("FREQ=WEEKLY;BYDAY=", "BYDAY=", "must be NAME=VALUE"),
        ("FREQ=WEEKLY;BYDAY", "BYDAY", "must be NAME=VALUE"),
        ("FREQ=WEEKLY;BYDAY=SA=1", "BYDAY=SA=1", DAYS_WITH_NUMBERS),
        ("FREQ=WEEKLY;UNTIL=20220229", "UNTIL=20220229", "must be a day that exists"),
        ("FREQ=WEEKLY;UNTIL=21000229", "UNTIL=21000229", "must be a day that exists"),
    ],
)
def test_a_broken_part_is_named_with_what_it_must_be(rule: str, part: str, what: str) -> None:
    """One problem per broken part: the part as written and what it must be."""
    with pytest.raises(ValidationError) as caught:
        Schedule(wording="每周", rule=rule)
    [problem] = caught.value.errors
    assert (problem.path, problem.code) == ("$.rule", "rrule")
    assert problem.message == f"'rule': the part {part!r} {what}"


@pytest.mark.parametrize(
    ("rule", "parts"),
    [
        (
            "FREQ=MONTHLY;BYMONTHDAY=32;FOO=1;BYMONTHDAY=2",
            ["BYMONTHDAY=32", "FOO=1", "BYMONTHDAY=2"],
        ),
        ("FREQ=WEEKLY;;FOO=1", ["", "FOO=1"]),
        ("FREQ=WEEKLY;BYDAY=SA;BYDAY=SU;FOO=1", ["BYDAY=SU", "FOO=1"]),
    ],
)
def test_every_broken_part_is_reported(rule: str, parts: list[str]) -> None:
    """A rule broken in several parts has a problem for each, in order, whatever the first."""
    with pytest.raises(ValidationError) as caught:
        Schedule(wording="每周", rule=rule)
    assert [p.message.split("'")[3] for p in caught.value.errors] == parts


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=MONTHLY;BYDAY=53SA,-53SU,+1MO",
        "FREQ=WEEKLY;UNTIL=00010101",
        "FREQ=WEEKLY;UNTIL=20240229",
        "FREQ=WEEKLY;UNTIL=20231231",
        "FREQ=MONTHLY;BYMONTHDAY=31,-31,1",
        "FREQ=YEARLY;BYMONTH=12,1",
        "FREQ=YEARLY;BYYEARDAY=366,-366",
        "FREQ=YEARLY;BYWEEKNO=53,-53",
        "FREQ=MONTHLY;BYSETPOS=-366,366;BYDAY=MO",
        "FREQ=WEEKLY;INTERVAL=999999999",
        "FREQ=WEEKLY;COUNT=1",
        "FREQ=WEEKLY;WKST=SU",
        "FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO",
        "FREQ=YEARLY;BYDAY=-1SU",
    ],
)
def test_parts_at_their_edges_are_accepted(rule: str) -> None:
    """The largest and smallest values each part allows, and days that exist, are rules."""
    assert Schedule(wording="每周", rule=rule).rule == rule


@pytest.mark.parametrize(
    ("rule", "what"),
    [
        ("FREQ=WEEKLY;COUNT=2;UNTIL=20230101", "must not give both COUNT and UNTIL"),
        ("FREQ=MONTHLY;BYWEEKNO=1", "may give BYWEEKNO only with FREQ=YEARLY"),
        ("FREQ=DAILY;BYYEARDAY=1", "may give BYYEARDAY only with FREQ=YEARLY"),
        ("FREQ=WEEKLY;BYMONTHDAY=1", "must not give BYMONTHDAY with FREQ=WEEKLY"),
        *(
            (
                rule,
                NUMBERED_DAYS,
            )
            for rule in (
                "FREQ=WEEKLY;BYDAY=1SA",
                "FREQ=DAILY;BYDAY=-1SA",
                "FREQ=WEEKLY;BYDAY=SU,+2SA",
                "FREQ=YEARLY;BYWEEKNO=1;BYDAY=1MO",
            )
        ),
    ],
)
def test_a_rule_broken_across_parts_says_how(rule: str, what: str) -> None:
    """A rule of RFC 5545 that ties parts together is one problem that quotes the whole rule."""
    with pytest.raises(ValidationError) as caught:
        Schedule(wording="每周", rule=rule)
    [problem] = caught.value.errors
    assert (problem.path, problem.code) == ("$.rule", "rrule")
    assert problem.message == f"'rule' {what} (got {rule!r})"


@pytest.mark.parametrize(
    ("words", "rule", "why"),
    [
        ("每周", "FREQ=WEEKLY", "its weekday is the first day's"),
        ("每月", "FREQ=MONTHLY", "its day of the month is the first day's"),
        ("每年", "FREQ=YEARLY", "its day of the year is the first day's"),
        ("每季度", "FREQ=MONTHLY;INTERVAL=3", "every 3 periods, counted from the first"),
        ("每周一", "FREQ=DAILY;COUNT=2", "a number of occurrences, counted from the first"),
    ],
)
def test_a_rule_that_needs_its_first_day_says_why(words: str, rule: str, why: str) -> None:
    """The refusal names the rule and the reason its days depend on the first one."""
    schedule = Schedule(wording=words, rule=rule)
    with pytest.raises(ValidationError) as caught:
        schedule.occurrences(dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    [problem] = caught.value.errors
    assert problem.message == (
        f"the rule {rule!r} counts from its first day ({why}); without a 'first' day that is "
        "known exactly, its occurrences are unknown"
    )


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=WEEKLY;BYDAY=SA",
        "FREQ=WEEKLY;INTERVAL=1;BYDAY=SA",
        "FREQ=MONTHLY;BYMONTHDAY=5",
        "FREQ=MONTHLY;BYDAY=1SA",
        "FREQ=YEARLY;BYYEARDAY=100",
        "FREQ=YEARLY;BYMONTHDAY=5",
        "FREQ=YEARLY;BYDAY=20MO",
        "FREQ=DAILY",
    ],
)
def test_a_rule_that_names_its_days_needs_no_first_day(rule: str) -> None:
    """A rule that says its weekday, day of month or day of year lists its days without one."""
    days = Schedule(wording="每周", rule=rule).occurrences(
        dt.date(2023, 1, 1), dt.date(2023, 12, 31)
    )
    assert days


def test_no_rule_names_the_schedule() -> None:
    """Listing the days of 定期 is refused, quoting the schedule's words."""
    with pytest.raises(ValidationError) as caught:
        Schedule.from_words("不定期").occurrences(dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    [problem] = caught.value.errors
    assert (problem.path, problem.code) == ("$", "no_rule")
    assert problem.message.startswith("the schedule '不定期' gives no frequency")


@pytest.mark.parametrize(
    ("start", "end", "name", "got"),
    [
        (dt.datetime(2023, 1, 1), dt.date(2023, 1, 2), "start", "a datetime"),
        (dt.date(2023, 1, 1), "2023-02-01", "end", "the string '2023-02-01'"),
        (None, dt.date(2023, 1, 2), "start", "null"),
    ],
)
def test_a_window_that_is_not_dates_is_refused(
    start: object, end: object, name: str, got: str
) -> None:
    """Each end of the window must be a date, and the problem names the one that is not."""
    with pytest.raises(ValidationError) as caught:
        Schedule.from_words("每天").occurrences(start, end)  # type: ignore[arg-type]
    [problem] = caught.value.errors
    assert (problem.path, problem.code) == (f"$.{name}", "window")
    assert problem.message == f"'{name}' must be a datetime.date (got {got})"


@pytest.mark.parametrize(
    ("first", "last", "days"),
    [
        ("2023-08-05", "2023-08-05", ["2023-08-05"]),
        ("2023-08-05", "2023-08-12", ["2023-08-05", "2023-08-12"]),
        ("2023-08-06", "2023-08-11", []),
        ("2023-08", "2023-08", ["2023-08-05", "2023-08-12", "2023-08-19", "2023-08-26"]),
    ],
)
def test_first_and_last_days_are_included(first: str, last: str, days: list[str]) -> None:
    """A schedule's days include its first and last days, and none outside them."""
    schedule = Schedule.from_words(
        "每周六", first=PartialDate.parse(first), last=PartialDate.parse(last)
    )
    assert days_of(schedule, "2023-01-01", "2023-12-31") == days
    assert days_of(schedule, days[0], days[-1]) == days if days else True


def test_a_window_ending_before_it_starts_has_no_days() -> None:
    """start after end: no days, not an error."""
    assert days_of(Schedule.from_words("每天"), "2023-08-02", "2023-08-01") == []
    assert days_of(Schedule.from_words("每天"), "2023-08-01", "2023-08-01") == ["2023-08-01"]


def test_last_before_first_quotes_both() -> None:
    """The problem of a schedule ending before it begins quotes both dates; the same month is
    not before itself."""
    with pytest.raises(ValidationError) as caught:
        Schedule.from_words(
            "每周六", first=PartialDate.parse("2023-08"), last=PartialDate.parse("2023-07")
        )
    [problem] = caught.value.errors
    assert problem.message == "'last' must not be before 'first' (got 2023-08 to 2023-07)"
    same = PartialDate.parse("2023-08")
    assert Schedule.from_words("每周六", first=same, last=same).last == same


def test_words_that_are_not_text_are_refused() -> None:
    """A number is not words: a type problem, never a TypeError."""
    with pytest.raises(ValidationError) as caught:
        Schedule.from_words(5)  # type: ignore[arg-type]
    [problem] = caught.value.errors
    assert (problem.path, problem.code) == ("$", "type")
    assert problem.message == "the value must be a string (got the number 5)"


@pytest.mark.parametrize("words", ["晚上", "上午"])
def test_a_part_of_the_day_alone_is_no_schedule(words: str) -> None:
    """上午 says when in the day, not which days: refused, quoting the words."""
    with pytest.raises(ValidationError) as caught:
        Schedule.from_words(words)
    assert caught.value.errors[0].message.startswith(f"cannot read {words!r} as a schedule")


@pytest.mark.parametrize(
    ("words", "rule"),
    [
        ("每周 六 上午", "FREQ=WEEKLY;BYDAY=SA"),
        ("每周六、日", "FREQ=WEEKLY;BYDAY=SA,SU"),
        ("每周一及周三", "FREQ=WEEKLY;BYDAY=MO,WE"),
        ("每礼拜天", "FREQ=WEEKLY;BYDAY=SU"),
        ("隔周一", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO"),
        ("每个月的第二个周三", "FREQ=MONTHLY;BYDAY=2WE"),
        ("每月第5个周五", "FREQ=MONTHLY;BYDAY=5FR"),
        ("每个月1号", "FREQ=MONTHLY;BYMONTHDAY=1"),
        ("每月31日", "FREQ=MONTHLY;BYMONTHDAY=31"),
        ("每年12月31日", "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=31"),
        ("每年2月29日", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29"),
        ("每年1月1日", "FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=1"),
        ("每年十二月三十一日", "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=31"),
        ("每个月", "FREQ=MONTHLY"),
        ("每星期", "FREQ=WEEKLY"),
    ],
)
def test_words_at_their_edges(words: str, rule: str) -> None:
    """The first and last days of months and years, spaces and every joining word are read."""
    assert Schedule.from_words(words).rule == rule


@pytest.mark.parametrize(
    "words",
    [
        "每月0日",
        "每月32日",
        "每年0月1日",
        "每年13月1日",
        "每年1月32日",
        "每年4月31日",
        "每年1月0日",
        "每周六、六",
        "每周一至",
        "每周一二至五",
        "每周一、二至五",
        "每月十十日",
        "每年十十月1日",
        "每年1月十十日",
    ],
)
def test_words_past_their_edges_are_refused(words: str) -> None:
    """Day 0 or 32, month 0 or 13, 31 April, a repeated weekday: refused."""
    with pytest.raises(ValidationError):
        Schedule.from_words(words)
