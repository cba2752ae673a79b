"""Recurring activities as schedules: a standard recurrence rule beside the source's own words.

Reports say 定期 ("regularly": no frequency given), 每周六 (every Saturday), 每月第一个周六 (the
first Saturday of every month) or 每月15日. A :class:`Schedule` keeps the wording as the source
gives it, the rule when the wording gives one (RFC 5545 ``RRULE``, of days: ``FREQ=DAILY``,
``WEEKLY``, ``MONTHLY`` or ``YEARLY``), its first and last dates when known and the part of the
day. Its occurrences are computed by ``dateutil.rrule``, never by recurrence code of ours; this
module only reads the rule's syntax, so that a broken rule is refused naming the part at fault.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from typing import Annotated, Final

import annotated_types as at
import attrs
from dateutil import rrule

from community_model._errors import Problem
from community_model._messages import (
    LAST_BEFORE_FIRST,
    NEEDS_FIRST,
    NO_RULE,
    RULE,
    RULE_PART,
    TYPE,
    WINDOW,
    WORDS,
)
from community_model._record import Record
from community_model._rules import Matches, Normalised, describe, show
from community_model._values.count import _chinese_number
from community_model._values.when import PartialDate
from community_model._vocab import PartOfDay

__all__ = ["Schedule"]

#: An RRULE as the JSON Schema publishes it: FREQ first (a schedule lists days), then further
#: parts. One repeat, no nesting: the construction check reads each part.
RRULE_PATTERN: Final = r"FREQ=(?:DAILY|WEEKLY|MONTHLY|YEARLY)(?:;[-+,;=0-9A-Z]+)?"

_WEEKDAYS: Final = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_WEEKDAY: Final = "(?:MO|TU|WE|TH|FR|SA|SU)"
_FREQUENCIES: Final = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
_NUMBER: Final = re.compile(r"[1-9][0-9]{0,8}")
_SIGNED: Final = re.compile(r"[+-]?([1-9][0-9]{0,2})")
_DAY_OF_WEEK: Final = re.compile(rf"(?:([+-]?)([1-9][0-9]?))?({_WEEKDAY})")

#: The parts that list numbers, maybe negative, with the largest magnitude each allows.
_LISTS: Final = {
    "BYMONTHDAY": 31,
    "BYYEARDAY": 366,
    "BYWEEKNO": 53,
    "BYSETPOS": 366,
}


@attrs.frozen(kw_only=True, slots=True)
class Schedule(Record):
    """When a recurring activity happens: the source's ``wording``, and the ``rule`` it gives.

    ``rule`` is an RFC 5545 RRULE of days (``FREQ=WEEKLY;BYDAY=SA`` for 每周六,
    ``FREQ=MONTHLY;BYDAY=1SA`` for 每月第一个周六), or ``None`` when the wording gives no
    frequency (定期, "regularly"). ``first`` and ``last`` bound it when the source says when it
    began or ends; ``part_of_day`` is the part of each day (每周六上午).

    >>> saturdays = Schedule.from_words("每月第一个周六")
    >>> saturdays.rule
    'FREQ=MONTHLY;BYDAY=1SA'
    >>> days = saturdays.occurrences(dt.date(2023, 7, 1), dt.date(2023, 9, 30))
    >>> [day.isoformat() for day in days]
    ['2023-07-01', '2023-08-05', '2023-09-02']
    """

    wording: Annotated[str, Normalised(), at.MinLen(1), at.MaxLen(200)]
    rule: (
        Annotated[
            str,
            at.MaxLen(500),
            Matches(RRULE_PATTERN, "an RFC 5545 RRULE of days, FREQ first"),
        ]
        | None
    ) = None
    first: PartialDate | None = None
    last: PartialDate | None = None
    part_of_day: PartOfDay | None = None

    # -- building -------------------------------------------------------------------------------

    @classmethod
    def from_words(
        cls,
        text: str,
        *,
        first: PartialDate | None = None,
        last: PartialDate | None = None,
    ) -> Schedule:
        """A schedule from the words of a report, which it keeps as its ``wording``.

        Reads 定期 / 不定期 (no rule), 每天 / 每日, 每周六 / 每星期六 (and 每周二、四, 每周一至五,
        每周末, 每两周六 / 隔周六), 每月第一个周六 (第一 ... 第五, 最后一个), 每月15日 / 每月15号,
        每年3月5日, and 每周, 每月, 每年, 每季度 (whose day is that of the first occurrence, so
        they need ``first`` to list occurrences); a part of the day may follow (每周六上午).
        Other words are refused.
        """
        if not isinstance(text, str):
            raise TYPE.error(expected="a string", got=describe(text))
        words = "".join(unicodedata.normalize("NFKC", text).split())
        part = next((p for p in PartOfDay if words.endswith(p.label) and words != p.label), None)
        if part is not None:
            words = words[: -len(part.label)]
        found, rule = _read_words(words)
        if not found:
            raise WORDS.error(got=show(text))
        return cls(wording=text, rule=rule, first=first, last=last, part_of_day=part)

    # -- rules ----------------------------------------------------------------------------------

    def _rules(self) -> Iterator[Problem]:
        if self.rule is not None:
            yield from _rule_problems(self.rule)
        if (
            self.first is not None
            and self.last is not None
            and self.last.latest < self.first.earliest
        ):
            yield LAST_BEFORE_FIRST.at("$.last", first=str(self.first), last=str(self.last))

    # -- reading --------------------------------------------------------------------------------

    def occurrences(self, start: dt.date, end: dt.date) -> tuple[dt.date, ...]:
        """The days the schedule falls on from ``start`` to ``end`` (both included), within its
        ``first`` and ``last`` dates, as ``dateutil.rrule`` computes them.

        A schedule without a rule (定期) has no days to list, and a rule that takes its day or
        phase from its first occurrence (每周 without a weekday, every two weeks, COUNT=...) needs
        ``first`` to be a day known exactly: both are refused rather than guessed.
        """
        for name, value in (("start", start), ("end", end)):
            if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
                raise WINDOW.error(f"$.{name}", got=describe(value))
        if self.rule is None:
            raise NO_RULE.error(wording=self.wording)
        anchor = _exact_day(self.first)
        why = _anchored(_parts(self.rule))
        if why is not None and anchor is None:
            raise NEEDS_FIRST.error(rule=self.rule, why=why)
        low, high = start, end
        if self.first is not None:
            low = max(low, self.first.earliest.date())
        if self.last is not None:
            high = min(high, self.last.latest.date())
        if low > high:
            return ()
        midnight = dt.time()
        recurrence = rrule.rrulestr(self.rule, dtstart=dt.datetime.combine(anchor or low, midnight))
        found = recurrence.between(
            dt.datetime.combine(low, midnight), dt.datetime.combine(high, midnight), inc=True
        )
        return tuple(moment.date() for moment in found)


def _exact_day(date: PartialDate | None) -> dt.date | None:
    """The day a date names, when it is one day known exactly."""
    if date is None or date.precision != "day" or date.qualified:
        return None
    if date.month is None or date.day is None:
        return None
    return dt.date(date.year, date.month, date.day)


# -- the syntax of a rule -------------------------------------------------------------------------


def _parts(rule: str) -> dict[str, str]:
    """The parts of a rule, by name (the first of each name)."""
    found: dict[str, str] = {}
    for part in rule.split(";"):
        name, _, value = part.partition("=")
        found.setdefault(name, value)
    return found


def _anchored(parts: dict[str, str]) -> str | None:
    """Why a rule's occurrences depend on its first occurrence (DTSTART), or None."""
    if parts.get("INTERVAL", "1") != "1":
        return f"every {parts['INTERVAL']} periods, counted from the first"
    if "COUNT" in parts:
        return "a number of occurrences, counted from the first"
    frequency = parts.get("FREQ")
    has = parts.keys().__contains__
    if frequency == "WEEKLY" and not has("BYDAY"):
        return "its weekday is the first day's"
    if frequency == "MONTHLY" and not (has("BYDAY") or has("BYMONTHDAY")):
        return "its day of the month is the first day's"
    if frequency == "YEARLY" and not (has("BYDAY") or has("BYMONTHDAY") or has("BYYEARDAY")):
        return "its day of the year is the first day's"
    return None


def _rule_problems(rule: str) -> Iterator[Problem]:
    """Every problem of a rule's syntax, each naming its part; then dateutil's own reading."""
    seen: dict[str, str] = {}
    found = False
    for position, part in enumerate(rule.split(";")):
        name, equals, value = part.partition("=")
        if not equals or not name or not value:
            yield RULE_PART.at("$.rule", part=part, what="must be NAME=VALUE")
            found = True
            continue
        if name in seen:
            yield RULE_PART.at("$.rule", part=part, what="is given twice")
            found = True
            continue
        seen[name] = value
        what = _part_problem(name, value, position)
        if what is not None:
            yield RULE_PART.at("$.rule", part=part, what=what)
            found = True
    if found:
        return
    what = _combination_problem(seen)
    if what is not None:
        yield RULE.at("$.rule", what=what, got=show(rule))
        return
    try:
        rrule.rrulestr(rule, dtstart=dt.datetime(2000, 1, 1))
    except (ValueError, TypeError, OverflowError) as error:  # dateutil's own reading
        yield RULE.at("$.rule", what=f"is not a rule dateutil reads: {error}", got=show(rule))


def _part_problem(name: str, value: str, position: int) -> str | None:
    """What is wrong with one part of a rule, or None."""
    if name == "FREQ":
        if position != 0:
            return "must come first"
        if value in ("SECONDLY", "MINUTELY", "HOURLY"):
            return "repeats within a day: a schedule lists days (give part_of_day instead)"
        return None if value in _FREQUENCIES else f"must be one of {', '.join(_FREQUENCIES)}"
    if name in ("BYHOUR", "BYMINUTE", "BYSECOND"):
        return "gives a time of day: a schedule lists days (give part_of_day instead)"
    if name in ("COUNT", "INTERVAL"):
        return None if _NUMBER.fullmatch(value) else "must be a whole number from 1"
    if name == "UNTIL":
        return _until_problem(value)
    if name == "WKST":
        return None if value in _WEEKDAYS else f"must be one of {', '.join(_WEEKDAYS)}"
    items = value.split(",")
    if name == "BYDAY":
        for item in items:
            match = _DAY_OF_WEEK.fullmatch(item)
            if match is None or (match[2] is not None and int(match[2]) > 53):
                return "must list weekdays (SA), each maybe numbered from 1 to 53 (1SA, -1SU)"
        return None
    if name == "BYMONTH":
        if all(item.isdigit() and 1 <= int(item) <= 12 for item in items):
            return None
        return "must list months from 1 to 12"
    if name in _LISTS:
        most = _LISTS[name]
        for item in items:
            match = _SIGNED.fullmatch(item)
            if match is None or int(match[1]) > most:
                return f"must list numbers from 1 to {most}, maybe negative"
        return None
    return "is not a part of an RFC 5545 rule of days"


def _until_problem(value: str) -> str | None:
    if not (len(value) == 8 and value.isdigit()):
        return "must be a day, YYYYMMDD (a schedule lists days)"
    year, month, day = int(value[:4]), int(value[4:6]), int(value[6:])
    if not (year >= 1 and 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]):
        return "must be a day that exists"
    return None


def _combination_problem(parts: dict[str, str]) -> str | None:
    """A rule of RFC 5545 that ties parts together, broken; or None."""
    frequency = parts.get("FREQ")
    if frequency is None:
        return "must give FREQ"
    if "COUNT" in parts and "UNTIL" in parts:
        return "must not give both COUNT and UNTIL"
    if "BYWEEKNO" in parts and frequency != "YEARLY":
        return "may give BYWEEKNO only with FREQ=YEARLY"
    if "BYYEARDAY" in parts and frequency != "YEARLY":
        return "may give BYYEARDAY only with FREQ=YEARLY"
    if "BYMONTHDAY" in parts and frequency == "WEEKLY":
        return "must not give BYMONTHDAY with FREQ=WEEKLY"
    numbered = any(item[0] in "+-0123456789" for item in parts.get("BYDAY", "").split(",") if item)
    if numbered and (frequency not in ("MONTHLY", "YEARLY") or "BYWEEKNO" in parts):
        return "may number a BYDAY weekday (1SA) only with FREQ=MONTHLY or YEARLY, without BYWEEKNO"
    return None


# -- schedules as reports word them ---------------------------------------------------------------

_DAYS_OF_WEEK: Final = {
    "一": "MO",
    "二": "TU",
    "三": "WE",
    "四": "TH",
    "五": "FR",
    "六": "SA",
    "日": "SU",
    "天": "SU",
}
_WEEK: Final = "(?:周|星期|礼拜)"
_DAY_CHAR: Final = "[一二三四五六日天]"
_COUNT: Final = "[0-9]{1,2}|[一二三四五六七八九十]{1,3}"
_WEEKLY: Final = re.compile(
    rf"(?:每(?P<two>两)?|(?P<other>隔)){_WEEK}"
    rf"(?P<days>{_DAY_CHAR}(?:[、,和及至]{_WEEK}?{_DAY_CHAR})*)"
)
_NTH: Final = re.compile(
    r"每(?:个)?月(?:的)?(?:第(?P<n>[一二三四五1-5])|(?P<last>最后))(?:一)?个?"
    rf"{_WEEK}(?P<day>{_DAY_CHAR})"
)
_MONTH_DAY: Final = re.compile(rf"每(?:个)?月(?P<day>{_COUNT})[日号]")
_YEAR_DAY: Final = re.compile(rf"每年(?P<month>{_COUNT})月(?P<day>{_COUNT})[日号]")
_PLAIN: Final = {
    "定期": None,
    "不定期": None,
    "每天": "FREQ=DAILY",
    "每日": "FREQ=DAILY",
    "每周末": "FREQ=WEEKLY;BYDAY=SA,SU",
    "每周": "FREQ=WEEKLY",
    "每星期": "FREQ=WEEKLY",
    "每月": "FREQ=MONTHLY",
    "每个月": "FREQ=MONTHLY",
    "每季度": "FREQ=MONTHLY;INTERVAL=3",
    "每年": "FREQ=YEARLY",
}


def _count(text: str) -> int:
    value = int(text) if text.isdigit() else _chinese_number(text)
    return 0 if value is None else value


def _weekdays(text: str) -> list[str] | None:
    """MO, TU ... of 六, 二、四, 一至五 (weekday words removed), or None when ill formed."""
    days = re.sub(_WEEK, "", text)
    if "至" in days:
        head, _, tail = days.partition("至")
        if len(head) != 1 or len(tail) != 1:
            return None
        first, last = _WEEKDAYS.index(_DAYS_OF_WEEK[head]), _WEEKDAYS.index(_DAYS_OF_WEEK[tail])
        return list(_WEEKDAYS[first : last + 1]) if first < last else None
    found = [_DAYS_OF_WEEK[char] for char in re.split("[、,和及]", days)]
    return found if len(set(found)) == len(found) else None


def _read_words(words: str) -> tuple[bool, str | None]:
    """(whether the words were read, the rule they give)."""
    if words in _PLAIN:
        return True, _PLAIN[words]
    if (match := _WEEKLY.fullmatch(words)) is not None:
        days = _weekdays(match["days"])
        if days is None:
            return False, None
        interval = ";INTERVAL=2" if match["two"] or match["other"] else ""
        return True, f"FREQ=WEEKLY{interval};BYDAY={','.join(days)}"
    if (match := _NTH.fullmatch(words)) is not None:
        number = -1 if match["last"] else _count(match["n"])
        return True, f"FREQ=MONTHLY;BYDAY={number}{_DAYS_OF_WEEK[match['day']]}"
    if (match := _MONTH_DAY.fullmatch(words)) is not None:
        day = _count(match["day"])
        return (True, f"FREQ=MONTHLY;BYMONTHDAY={day}") if 1 <= day <= 31 else (False, None)
    if (match := _YEAR_DAY.fullmatch(words)) is not None:
        month, day = _count(match["month"]), _count(match["day"])
        if 1 <= month <= 12 and 1 <= day <= calendar.monthrange(2000, month)[1]:
            return True, f"FREQ=YEARLY;BYMONTH={month};BYMONTHDAY={day}"
    return False, None
