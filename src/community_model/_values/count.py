"""Approximate counts, as reports give them: 400余名 is "more than 400", 约20人 "about 20".

A :class:`Count` keeps its qualifier; comparisons and sums never pretend to know more than the
report said. ``minimum`` and ``maximum`` give what the count guarantees (``None`` where it says
nothing): "400余" is at least 401 with no upper bound, "约20" bounds nothing.
"""

from __future__ import annotations

import re
from typing import Annotated, Final

import annotated_types as at
import attrs

from community_model._errors import Message
from community_model._record import Record
from community_model._rules import show
from community_model._vocab import CountQualifier

__all__ = ["Count", "parse_count"]

#: The largest integer every JSON reader holds exactly (JavaScript's Number.MAX_SAFE_INTEGER).
MAX_SAFE_INTEGER: Final = 2**53 - 1

_CANONICAL_TEXT: Final = Message(
    "pattern",
    "a count must be written N, 约N, N余 or 至少N with N a whole number without leading zeros "
    "(got {got})",
)
_PROSE_TEXT: Final = Message(
    "count_text",
    "a count must be a number with at most one qualifier (约, 余, 多, 至少, 以上 ...) and a "
    "measure word (got {got})",
    title="A count's text cannot be read as a number, a qualifier and a measure word",
)

_CANONICAL: Final = re.compile(r"(约|至少)?(0|[1-9][0-9]*)(余)?")

_PREFIXES: Final = {
    "约": CountQualifier.ABOUT,
    "大约": CountQualifier.ABOUT,
    "约有": CountQualifier.ABOUT,
    "近": CountQualifier.ABOUT,
    "至少": CountQualifier.AT_LEAST,
    "不少于": CountQualifier.AT_LEAST,
    "超过": CountQualifier.MORE_THAN,
    "逾": CountQualifier.MORE_THAN,
}
_SUFFIXES: Final = {
    "余": CountQualifier.MORE_THAN,
    "多": CountQualifier.MORE_THAN,
    "以上": CountQualifier.AT_LEAST,
    "左右": CountQualifier.ABOUT,
}
_MEASURE_WORDS: Final = "名人位个户次场家项期组"
_PROSE: Final = re.compile(
    r"(?P<prefix>大约|约有|约|近|至少|不少于|超过|逾)?"
    r"(?P<number>[0-9]+|[零〇一二两三四五六七八九十百千万]+)"
    r"(?P<suffix>余|多)?"
    rf"(?P<measure>[{_MEASURE_WORDS}])?"
    r"(?P<after>以上|左右)?"
)
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


@attrs.frozen(kw_only=True, slots=True, order=False)
class Count(Record):
    """A non-negative count and how exact it is.

    >>> str(parse_count("400余名")), str(parse_count("约20人")), str(Count(value=3))
    ('400余', '约20', '3')
    >>> parse_count("400余名") + parse_count("20余人")
    Count(value=420, qualifier=<CountQualifier.MORE_THAN: 'more_than'>)
    """

    value: Annotated[int, at.Ge(0), at.Le(MAX_SAFE_INTEGER)]
    qualifier: CountQualifier = CountQualifier.EXACT

    @classmethod
    def parse(cls, text: str) -> Count:
        """Read the canonical text (``400``, ``约400``, ``400余``, ``至少400``).

        The exact inverse of :meth:`format`; for counts as written in prose use
        :func:`parse_count`.
        """
        match = _CANONICAL.fullmatch(text) if isinstance(text, str) else None
        if match is None or (match[1] and match[3]):
            raise _CANONICAL_TEXT.error(got=show(text))
        prefix, number, suffix = match.groups()
        if prefix == "约":
            qualifier = CountQualifier.ABOUT
        elif prefix == "至少":
            qualifier = CountQualifier.AT_LEAST
        elif suffix:
            qualifier = CountQualifier.MORE_THAN
        else:
            qualifier = CountQualifier.EXACT
        return cls(value=int(number), qualifier=qualifier)

    def format(self) -> str:
        """The canonical text: ``400``, ``约400``, ``400余`` or ``至少400``."""
        match self.qualifier:
            case CountQualifier.ABOUT:
                return f"约{self.value}"
            case CountQualifier.MORE_THAN:
                return f"{self.value}余"
            case CountQualifier.AT_LEAST:
                return f"至少{self.value}"
            case _:
                return str(self.value)

    def __str__(self) -> str:
        return self.format()

    @property
    def minimum(self) -> int | None:
        """The least the true number can be, or ``None`` when the count does not say."""
        match self.qualifier:
            case CountQualifier.EXACT | CountQualifier.AT_LEAST:
                return self.value
            case CountQualifier.MORE_THAN:
                return self.value + 1
            case _:
                return None

    @property
    def maximum(self) -> int | None:
        """The most the true number can be, or ``None`` when unbounded or unknown."""
        return self.value if self.qualifier is CountQualifier.EXACT else None

    def sort_key(self) -> tuple[int, int]:
        """A total order for display (by stated value, then qualifier); not a claim of size.

        The comparison operators say only what is certain, so they do not order every pair:
        sort counts with ``sorted(counts, key=Count.sort_key)``.
        """
        return (self.value, list(CountQualifier).index(self.qualifier))

    def surely_less_than(self, other: Count) -> bool:
        """True only when every number this count allows is below every number ``other`` allows."""
        return (
            self.maximum is not None and other.minimum is not None and self.maximum < other.minimum
        )

    def possibly_less_than(self, other: Count) -> bool:
        """True unless this count is surely at least ``other``."""
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
        return self == other or (
            self.maximum is not None and other.minimum is not None and self.maximum <= other.minimum
        )

    def __ge__(self, other: Count) -> bool:
        if not isinstance(other, Count):
            return NotImplemented
        return other <= self

    def __add__(self, other: Count) -> Count:
        """The honest sum: 400余 + 20余 is 420余 ("more than 420"); anything about stays about."""
        if not isinstance(other, Count):
            return NotImplemented
        qualifiers = {self.qualifier, other.qualifier}
        if CountQualifier.ABOUT in qualifiers:
            qualifier = CountQualifier.ABOUT
        elif CountQualifier.MORE_THAN in qualifiers:
            qualifier = CountQualifier.MORE_THAN
        elif CountQualifier.AT_LEAST in qualifiers:
            qualifier = CountQualifier.AT_LEAST
        else:
            qualifier = CountQualifier.EXACT
        return Count(value=self.value + other.value, qualifier=qualifier)


def parse_count(text: str) -> Count:
    """Read a count as Chinese reports write it.

    ``400余名`` (more than 400), ``约20人`` (about 20), ``10余名``, ``二十多位``, ``100人以上``
    (at least 100), ``近50户`` (about 50), ``3``. Measure words (名, 人, 位, 个, 户, 次 ...) are
    dropped; anything else is refused with a :class:`ValidationError`.

    >>> parse_count("400余名").qualifier.value, parse_count("约20人").value
    ('more_than', 20)
    """
    match = _PROSE.fullmatch(text.strip()) if isinstance(text, str) else None
    number = None
    if match is not None:
        raw = match["number"]
        number = int(raw) if raw.isascii() else _chinese_number(raw)
    qualifiers = [
        q
        for q in (
            _PREFIXES.get(match["prefix"] or "") if match else None,
            _SUFFIXES.get(match["suffix"] or "") if match else None,
            _SUFFIXES.get(match["after"] or "") if match else None,
        )
        if q is not None
    ]
    if match is None or number is None or len(qualifiers) > 1:
        raise _PROSE_TEXT.error(got=show(text))
    return Count(value=number, qualifier=qualifiers[0] if qualifiers else CountQualifier.EXACT)
