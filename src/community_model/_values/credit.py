"""Unified social credit codes (统一社会信用代码, GB 32100-2015) of legal entities.

18 characters from a 31-character alphabet (digits and capitals without I, O, Z, S, V); the last
is a check character by ISO 7064 MOD 31-3. The first character is the registering
authority: besides the digits, ``A`` (中央军委改革和编制办公室), ``N`` (农业) and ``Y`` (其他) are
real and valid, although a widely used validator (python-stdnum's ``cn.uscc``) refuses
codes that do not start with eight digits. This module does not.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any, ClassVar, Final

import attrs

from community_model._errors import Problem
from community_model._messages import CREDIT_CHECK_CHARACTER
from community_model._record import FieldText
from community_model._rules import Matches

__all__ = ["ALPHABET", "CreditCode"]

#: The 31 characters a code may hold, in the order that gives each its value 0 to 30.
ALPHABET: Final = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE: Final = {char: index for index, char in enumerate(ALPHABET)}
_WEIGHTS: Final = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

#: Registering authorities (登记管理部门) by the code's first character.
AUTHORITIES: Final = {
    "1": "机构编制",
    "2": "外交",
    "3": "司法行政",
    "4": "文化",
    "5": "民政",
    "6": "旅游",
    "7": "宗教",
    "8": "工会",
    "9": "市场监督管理(工商)",
    "A": "中央军委改革和编制办公室",
    "N": "农业",
    "Y": "其他",
}


def check_character(body: str) -> str:
    """The check character of the first 17 characters, by ISO 7064 MOD 31-3."""
    total = sum(_VALUE[char] * weight for char, weight in zip(body, _WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


@attrs.frozen(kw_only=True, slots=True)
class CreditCode(FieldText):
    """A unified social credit code with a correct check character.

    >>> str(CreditCode.parse("91320214745555318W"))
    '91320214745555318W'
    >>> CreditCode.parse("91320214745555318X")
    Traceback (most recent call last):
    ...
    community_model.ValidationError: 1 problem:
      $.code: 'code' must end in the check character 'W' (got 'X') [check_character]
    """

    _text_field: ClassVar[str] = "code"
    _schema: ClassVar[dict[str, Any]] = {
        "type": "string",
        "pattern": f"^[{ALPHABET}]{{18}}$",
        "description": "Unified social credit code (统一社会信用代码, GB 32100-2015); the last "
        "character is a check character by ISO 7064 MOD 31-3.",
        "examples": ["91320214745555318W"],
    }

    code: Annotated[
        str, Matches(f"[{ALPHABET}]{{18}}", f"18 characters from {ALPHABET} (GB 32100-2015)")
    ]

    @classmethod
    def parse(cls, text: str) -> CreditCode:
        """Read a code as written; the exact inverse of :meth:`format`."""
        return cls(code=cls._written(text))

    def _rules(self) -> Iterator[Problem]:
        expected = check_character(self.code[:17])
        if self.code[17] != expected:
            yield CREDIT_CHECK_CHARACTER.at("$.code", expected=expected, got=self.code[17])

    @property
    def authority(self) -> str:
        """The registering authority named by the first character (``其他`` if not listed)."""
        return AUTHORITIES.get(self.code[0], "其他")

    @property
    def region(self) -> str:
        """Characters 3 to 8: the division code of the registering office, as written."""
        return self.code[2:8]
