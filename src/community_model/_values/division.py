"""Statistical division codes (统计用区划代码) of township- and village-level units.

A code has 12 digits: province 2, city 2, county 2, township 3, village 3. A township-level
unit (街道 / 镇 / 乡) is named by its first 9 digits, a village-level unit (社区 / 村) by all 12.
Codes change between editions of the table (吴门桥街道 is 320508004 in 2016 and 320508024 in
2023), so a code may carry the year of its edition: ``320508024@2023``.
"""

from __future__ import annotations

from collections.abc import Iterator
from types import MappingProxyType
from typing import Annotated, Any, ClassVar, Final, Literal

import attrs

from community_model._errors import Problem
from community_model._messages import DIVISION_PROVINCE, EDITION, PLACEHOLDER, SEGMENT, TYPE
from community_model._record import TextValue
from community_model._rules import Matches, Year, describe, show
from community_model._vocab import CommunityKind, StreetKind

__all__ = ["PROVINCES", "DivisionCode"]

#: Province-level codes of GB/T 2260 (the first two digits of every division code).
PROVINCES: Final = MappingProxyType(
    {
        "11": "北京市",
        "12": "天津市",
        "13": "河北省",
        "14": "山西省",
        "15": "内蒙古自治区",
        "21": "辽宁省",
        "22": "吉林省",
        "23": "黑龙江省",
        "31": "上海市",
        "32": "江苏省",
        "33": "浙江省",
        "34": "安徽省",
        "35": "福建省",
        "36": "江西省",
        "37": "山东省",
        "41": "河南省",
        "42": "湖北省",
        "43": "湖南省",
        "44": "广东省",
        "45": "广西壮族自治区",
        "46": "海南省",
        "50": "重庆市",
        "51": "四川省",
        "52": "贵州省",
        "53": "云南省",
        "54": "西藏自治区",
        "61": "陕西省",
        "62": "甘肃省",
        "63": "青海省",
        "64": "宁夏回族自治区",
        "65": "新疆维吾尔自治区",
        "71": "台湾省",
        "81": "香港特别行政区",
        "82": "澳门特别行政区",
    }
)

CODE_PATTERN: Final = "[0-9]{9}(?:[0-9]{3})?"


def township_kind_of(segment: int) -> StreetKind:
    """The kind the national ranges give a township segment (001–099 街道, 100–199 镇 ...)."""
    if segment < 100:
        return StreetKind.SUBDISTRICT
    if segment < 200:
        return StreetKind.TOWN
    if segment < 400:
        return StreetKind.TOWNSHIP
    return StreetKind.OTHER


def village_kind_of(segment: int) -> CommunityKind:
    """The kind the national ranges give a village segment (001–199 居委会, 200–399 村委会)."""
    if segment < 200:
        return CommunityKind.RESIDENTS_COMMITTEE
    if segment < 400:
        return CommunityKind.VILLAGE_COMMITTEE
    return CommunityKind.OTHER


@attrs.frozen(kw_only=True, slots=True)
class DivisionCode(TextValue):
    """A 9-digit township or 12-digit village division code, optionally of a known edition.

    >>> code = DivisionCode.parse("320507100201")
    >>> code.level, code.kind_by_range.label, str(code.parent)
    ('village', '村委会', '320507100')
    >>> str(DivisionCode.parse("320508024@2023"))
    '320508024@2023'
    """

    _schema: ClassVar[dict[str, Any]] = {
        "type": "string",
        "pattern": f"^{CODE_PATTERN}(?:@[0-9]{{4}})?$",
        "description": "Statistical division code (统计用区划代码): 9 digits for a township-level "
        "unit, 12 for a village-level one, optionally '@' and the year of the table's edition. "
        "The first two digits must be a province code of GB/T 2260.",
        "examples": ["320508024@2023", "320507100201"],
    }

    digits: Annotated[str, Matches(CODE_PATTERN, "9 or 12 digits")]
    edition: Year | None = None
    # The text form, kept once made or read (a code that parses has one spelling).
    _text: str | None = attrs.field(default=None, init=False, eq=False, repr=False, hash=False)

    @classmethod
    def parse(cls, text: str) -> DivisionCode:
        """Read ``320508024`` or ``320508024@2023``; the exact inverse of :meth:`format`."""
        if not isinstance(text, str):
            raise TYPE.error(expected="a string", got=describe(text))
        digits, at, year = text.partition("@")
        if at:
            if not (len(year) == 4 and year.isascii() and year.isdigit()):
                raise EDITION.error(got=show(text))
            code = cls(digits=digits, edition=int(year))
        else:
            code = cls(digits=digits)
        object.__setattr__(code, "_text", text)  # 4 digits of a year from 1000: one spelling
        return code

    def format(self) -> str:
        """The text form: digits, then ``@`` and the edition's year when known."""
        text = self._text
        if text is None:
            text = self.digits if self.edition is None else f"{self.digits}@{self.edition}"
            object.__setattr__(self, "_text", text)
        return text

    def __str__(self) -> str:
        return self.format()

    def _rules(self) -> Iterator[Problem]:
        digits = self.digits
        if digits[:2] not in PROVINCES:
            yield DIVISION_PROVINCE.at("$.digits", got=digits[:2])
        if digits[2:4] == "00":
            yield SEGMENT.at("$.digits", segment="city", zeros="00", got=digits)

    def _warnings(self) -> Iterator[Problem]:
        digits = self.digits
        for segment, part in (("township", digits[6:9]), ("village", digits[9:])):
            if part == "000":
                yield PLACEHOLDER.at("$.digits", segment=segment, zeros="000", got=digits)

    @property
    def level(self) -> Literal["township", "village"]:
        """``township`` for a 9-digit code, ``village`` for a 12-digit one."""
        return "township" if len(self.digits) == 9 else "village"

    @property
    def province(self) -> str:
        """The 2-digit province segment."""
        return self.digits[:2]

    @property
    def province_name(self) -> str:
        """The province's name: ``江苏省`` for 32."""
        return PROVINCES[self.province]

    @property
    def county(self) -> str:
        """The 6-digit county-level prefix (区 / 县 / 县级市): ``320508`` is 姑苏区."""
        return self.digits[:6]

    @property
    def township_segment(self) -> int:
        """The township segment, digits 7 to 9, as a number."""
        return int(self.digits[6:9])

    @property
    def village_segment(self) -> int | None:
        """The village segment, digits 10 to 12, as a number; ``None`` for a township code."""
        return int(self.digits[9:]) if len(self.digits) == 12 else None

    @property
    def kind_by_range(self) -> StreetKind | CommunityKind:
        """The kind the national number ranges suggest; a record's own kind wins over it."""
        village = self.village_segment
        if village is None:
            return township_kind_of(self.township_segment)
        return village_kind_of(village)

    @property
    def parent(self) -> DivisionCode | None:
        """The township code of a village code (same edition); ``None`` for a township code."""
        if len(self.digits) == 9:
            return None
        return DivisionCode(digits=self.digits[:9], edition=self.edition)

    def same_code(self, other: DivisionCode) -> bool:
        """Whether two codes have the same digits, whatever the editions they come from.

        ``==`` compares the edition too (``320508024@2023`` is not ``320508024@2016``, nor a
        code of no stated edition); this compares the digits alone. Codes change between
        editions, so equal digits of different editions need not name the same unit.

        >>> DivisionCode.parse("320508024@2023").same_code(DivisionCode.parse("320508024"))
        True
        """
        return self.digits == other.digits

    def contains(self, other: DivisionCode) -> bool:
        """Whether ``other`` lies in this unit: its digits start with this code's digits."""
        return len(other.digits) > len(self.digits) and other.digits.startswith(self.digits)
