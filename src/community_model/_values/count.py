"""Counts as reports give them: 400余名 is "more than 400 people", 近百户 "nearly 100 households".

A :class:`Count` keeps its number, its qualifier and what it counts (its measure word, 量词);
comparisons and sums never pretend to know more than the report said, and never mix people
with person-times. ``minimum`` and ``maximum`` give what the count guarantees (``None`` where it
says nothing): "400余" is at least 401 with no upper bound, "近50" at most 50, "约20" bounds
nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Annotated, Final

import annotated_types as at
import attrs

from community_model._errors import CommunityModelError, Problem
from community_model._messages import CANONICAL_TEXT, NOTHING_LESS, PROSE_TEXT, UNKNOWN_WORD
from community_model._record import Record
from community_model._rules import show
from community_model._vocab import CountQualifier, MeasureWord

__all__ = ["MAX_SAFE_INTEGER", "Count", "UnitMismatch", "parse_count"]

#: The largest integer every JSON reader holds exactly (JavaScript's Number.MAX_SAFE_INTEGER).
MAX_SAFE_INTEGER: Final = 2**53 - 1

_Q = CountQualifier

#: How the canonical text writes each qualifier: before the number, or after it.
_BEFORE: Final = {
    _Q.ABOUT: "约",
    _Q.AT_LEAST: "至少",
    _Q.NEARLY: "近",
    _Q.AT_MOST: "至多",
    _Q.LESS_THAN: "不足",
}
_AFTER: Final = {_Q.MORE_THAN: "余"}

#: Where the true number's least and most lie from the stated value, by qualifier: 超过5 is at
#: least 6, 不足5 at most 4, 约5 says neither (a qualifier not listed leaves that end open).
_LEAST: Final = {_Q.EXACT: 0, _Q.AT_LEAST: 0, _Q.MORE_THAN: 1}
_MOST: Final = {_Q.EXACT: 0, _Q.NEARLY: 0, _Q.AT_MOST: 0, _Q.LESS_THAN: -1}

#: Every form of every measure word, longest first (人次 before 人, 个单位 before 个).
_FORMS: Final = {form: word for word in MeasureWord for form in word.forms}
_FORM_PATTERN: Final = "|".join(sorted(map(re.escape, _FORMS), key=len, reverse=True))
_LABELS: Final = {word.label: word for word in MeasureWord}

_CANONICAL: Final = re.compile(
    rf"(?P<before>{'|'.join(_BEFORE.values())})?(?P<number>0|[1-9][0-9]*)(?P<after>余)?"
    rf"(?P<unit>{'|'.join(sorted(map(re.escape, _LABELS), key=len, reverse=True))})?"
)

#: Words of reports before the number, after it, and after the measure word.
_PREFIXES: Final = {
    "约": _Q.ABOUT,
    "大约": _Q.ABOUT,
    "约有": _Q.ABOUT,
    "近": _Q.NEARLY,
    "将近": _Q.NEARLY,
    "接近": _Q.NEARLY,
    "至少": _Q.AT_LEAST,
    "不少于": _Q.AT_LEAST,
    "超过": _Q.MORE_THAN,
    "逾": _Q.MORE_THAN,
    "至多": _Q.AT_MOST,
    "最多": _Q.AT_MOST,
    "不超过": _Q.AT_MOST,
    "不足": _Q.LESS_THAN,
    "不满": _Q.LESS_THAN,
    "不到": _Q.LESS_THAN,
}
_SUFFIXES: Final = {"余": _Q.MORE_THAN, "多": _Q.MORE_THAN}
_ENDINGS: Final = {
    "以上": _Q.AT_LEAST,
    "左右": _Q.ABOUT,
    "上下": _Q.ABOUT,
    "以下": _Q.AT_MOST,
    "以内": _Q.AT_MOST,
}
_PROSE: Final = re.compile(
    rf"(?P<prefix>{'|'.join(sorted(_PREFIXES, key=len, reverse=True))})?"
    r"(?P<number>[0-9]+|[零〇一二两三四五六七八九十百千万]+)"
    r"(?P<suffix>余|多)?"
    r"(?P<rest>.*)"
)


class UnitMismatch(CommunityModelError, TypeError):
    """Counts of different things (people and person-times) were added or compared."""


_DIGITS: Final = {
    "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip
_UNITS: Final = {"十": 10, "百": 100, "千": 1000}


def _chinese_number(text: str) -> int | None:
    """A Chinese numeral below 100,000,000 as an int, or None when it is not well formed.

    十五 = 15, 一百零五 = 105, 两万 = 20,000, 万 = 10,000 (万余人), and the spoken shortenings
    一百五 = 150, 三千二 = 3,200, 两万五 = 25,000. Units must fall (十十 and 千百 are refused).
    """
    if text in ("百", "千"):  # 近百户, 千余人: the 一 goes unsaid
        return _UNITS[text]
    total = section = 0
    digit: int | None = None
    last_unit: int | None = None  # the last of 十 百 千 in this section
    after_zero = after_wan = False
    for position, char in enumerate(text):
        if char in "零〇":
            if digit is not None or (last_unit is None and not after_wan):
                return None
            after_zero = True
        elif char in _DIGITS:
            if digit is not None:
                return None
            digit = _DIGITS[char]
        elif char in _UNITS:
            unit = _UNITS[char]
            if last_unit is not None and unit >= last_unit:
                return None
            if digit is None:
                if unit != 10 or section or (position and not after_wan):
                    return None
                digit = 1  # 十五: the 一 of 一十 goes unsaid at the start
            section += digit * unit
            digit, last_unit, after_zero = None, unit, False
        else:  # 万
            if after_wan or (section == 0 and digit is None and position):
                return None
            total = (section + (digit or 0) or 1) * 10_000
            section, digit, last_unit, after_zero, after_wan = 0, None, None, False, True
    if digit is not None:
        if after_zero:
            section += digit
        elif last_unit is not None:
            section += digit * (last_unit // 10)  # 一百五 is 150
        elif after_wan and not section:
            section += digit * 1000  # 两万五 is 25,000
        else:
            section += digit
    return total + section


def _describe_forms() -> str:
    return ", ".join(f"{word.value} ({'/'.join(word.forms)})" for word in MeasureWord)


@attrs.frozen(kw_only=True, slots=True, order=False, repr=False)
class Count(Record):
    """A non-negative count, how exact it is, and what it counts.

    >>> str(parse_count("400余名")), str(parse_count("约20人")), str(Count(value=3))
    ('400余人', '约20人', '3')
    >>> str(parse_count("400余名") + parse_count("20余人"))
    '420余人'
    >>> parse_count("近百户").maximum, str(parse_count("3000余人次"))
    (100, '3000余人次')
    """

    value: Annotated[int, at.Ge(0), at.Le(MAX_SAFE_INTEGER)]
    qualifier: CountQualifier = CountQualifier.EXACT
    unit: MeasureWord | None = None

    @classmethod
    def _remedy(cls, value: object) -> str | None:
        """``Count(value=300)`` for a number; ``parse_count(...)`` for text as reports write it."""
        if type(value) is int:
            return f"Count(value={show(value)})"
        if isinstance(value, str):
            return f"parse_count({show(value)}) (as reports write it) or Count.parse"
        return None

    @classmethod
    def parse(cls, text: str) -> Count:
        """Read the canonical text (``400``, ``约400人``, ``400余人次``, ``近100户`` ...).

        The exact inverse of :meth:`format`; for counts as written in prose use
        :func:`parse_count`.
        """
        match = _CANONICAL.fullmatch(text) if isinstance(text, str) else None
        if match is None or (match["before"] and match["after"]):
            raise CANONICAL_TEXT.error(got=show(text))
        before = {mark: qualifier for qualifier, mark in _BEFORE.items()}
        if match["before"]:
            qualifier = before[match["before"]]
        else:
            qualifier = _Q.MORE_THAN if match["after"] else _Q.EXACT
        unit = _LABELS[match["unit"]] if match["unit"] else None
        return cls(value=int(match["number"]), qualifier=qualifier, unit=unit)

    def format(self) -> str:
        """The canonical text: the qualifier's mark, the number, then the measure word."""
        word = "" if self.unit is None else self.unit.label
        before = _BEFORE.get(self.qualifier, "")
        return f"{before}{self.value}{_AFTER.get(self.qualifier, '')}{word}"

    def __str__(self) -> str:
        return self.format()

    def _rules(self) -> Iterator[Problem]:
        if self.qualifier is _Q.LESS_THAN and self.value == 0:
            yield NOTHING_LESS.at("$.value", got=self.format())

    @property
    def minimum(self) -> int | None:
        """The least the true number can be, or ``None`` when the count does not say."""
        step = _LEAST.get(self.qualifier)
        return None if step is None else self.value + step

    @property
    def maximum(self) -> int | None:
        """The most the true number can be, or ``None`` when unbounded or unknown."""
        step = _MOST.get(self.qualifier)
        return None if step is None else self.value + step

    def sort_key(self) -> tuple[int, int]:
        """A total order for display (by stated value, then qualifier); not a claim of size.

        The comparison operators say only what is certain, so they do not order every pair:
        sort counts with ``sorted(counts, key=Count.sort_key)``.
        """
        return (self.value, list(CountQualifier).index(self.qualifier))

    def same_unit(self, other: Count) -> MeasureWord | None:
        """The measure word two counts share (one without a measure word takes the other's).

        :class:`UnitMismatch` when they count different things: people and person-times are
        not added or compared.
        """
        if self.unit is not None and other.unit is not None and self.unit is not other.unit:
            raise UnitMismatch(
                f"{self} and {other} count different things "
                f"({self.unit.value} and {other.unit.value}): they are not added or compared"
            )
        return self.unit if self.unit is not None else other.unit

    def surely_less_than(self, other: Count) -> bool:
        """True only when every number this count allows is below every number ``other`` allows."""
        self.same_unit(other)
        return (
            self.maximum is not None and other.minimum is not None and self.maximum < other.minimum
        )

    def possibly_less_than(self, other: Count) -> bool:
        """True unless this count is surely at least ``other``."""
        self.same_unit(other)
        return not (
            other.maximum is not None and self.minimum is not None and self.minimum >= other.maximum
        )

    def __lt__(self, other: Count) -> bool:
        if not isinstance(other, Count):
            return NotImplemented
        return self.surely_less_than(other)

    def __gt__(self, other: Count) -> bool:
        if not isinstance(other, Count):
            return NotImplemented
        return other.surely_less_than(self)

    def __le__(self, other: Count) -> bool:
        if not isinstance(other, Count):
            return NotImplemented
        self.same_unit(other)
        return self == other or (
            self.maximum is not None and other.minimum is not None and self.maximum <= other.minimum
        )

    def __ge__(self, other: Count) -> bool:
        if not isinstance(other, Count):
            return NotImplemented
        return other <= self

    def __add__(self, other: Count) -> Count:
        """The honest sum: 400余 + 20余 is 420余 ("more than 420"); anything about stays about.

        A sum never fails: past the largest number the wire holds (2**53 - 1) it says "more
        than" that number. Counts of different things are refused (:class:`UnitMismatch`).
        """
        if not isinstance(other, Count):
            return NotImplemented
        unit = self.same_unit(other)
        qualifier, value = _sum(self, other)
        if value > MAX_SAFE_INTEGER:
            exact = qualifier in (_Q.EXACT, _Q.AT_LEAST, _Q.MORE_THAN)
            value, qualifier = MAX_SAFE_INTEGER, _Q.MORE_THAN if exact else _Q.ABOUT
        return Count(value=value, qualifier=qualifier, unit=unit)


def _sum(first: Count, second: Count) -> tuple[CountQualifier, int]:
    """What a sum can say, and its number, from what its two parts guarantee.

    Lower bounds keep the reports' style (400余 + 20余 is 420余); an upper bound is the sum of
    the parts' (近50 + 30 is 近80, 不足50 + 10 is 至多59); bounds on both sides say nothing.
    """
    value = first.value + second.value
    qualifiers = {first.qualifier, second.qualifier}
    if _Q.ABOUT in qualifiers:
        return _Q.ABOUT, value
    lows, highs = (first.minimum, second.minimum), (first.maximum, second.maximum)
    low = None if None in lows else sum(lows)  # type: ignore[arg-type]
    high = None if None in highs else sum(highs)  # type: ignore[arg-type]
    if low is not None and high is not None:
        return _Q.EXACT, value
    if low is not None:
        return (_Q.MORE_THAN if low > value else _Q.AT_LEAST), value
    if high is not None:
        nearly = qualifiers <= {_Q.NEARLY, _Q.EXACT} and high == value
        return (_Q.NEARLY if nearly else _Q.AT_MOST), high
    return _Q.ABOUT, value  # one bounded below, the other above: nothing is certain


def parse_count(text: str) -> Count:
    """Read a count as Chinese reports write it.

    ``400余名`` (more than 400 people), ``约20人`` (about 20), ``3000余人次`` (person-times),
    ``近百户`` (nearly 100 households), ``12场`` (sessions), ``二十多位``, ``100人以上`` (at least
    100), ``不足50人`` (fewer than 50), ``3``. The measure word says what is counted; one this
    library does not know is refused, as is anything else, with a :class:`ValidationError`.

    >>> parse_count("400余名").qualifier.value, parse_count("约20人").value
    ('more_than', 20)
    >>> parse_count("10台").unit.value
    'machines'
    """
    match = _PROSE.fullmatch(text.strip()) if isinstance(text, str) else None
    if match is None:
        raise PROSE_TEXT.error(got=show(text))
    raw = match["number"]
    number = int(raw) if raw.isascii() else _chinese_number(raw)
    rest = match["rest"]
    ending = next((end for end in _ENDINGS if rest.endswith(end)), None)
    if ending is not None:
        rest = rest[: -len(ending)]
    qualifiers = [
        q
        for q in (
            _PREFIXES.get(match["prefix"] or ""),
            _SUFFIXES.get(match["suffix"] or ""),
            _ENDINGS.get(ending or ""),
        )
        if q is not None
    ]
    if number is None or len(qualifiers) > 1:
        raise PROSE_TEXT.error(got=show(text))
    unit = None
    if rest:
        unit = _FORMS.get(rest)
        if unit is None:
            raise UNKNOWN_WORD.error(word=rest, known=_describe_forms(), got=show(text))
    return Count(value=number, qualifier=qualifiers[0] if qualifiers else _Q.EXACT, unit=unit)
