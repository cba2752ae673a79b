"""Identifiers of people: the resident identity card number and telephone numbers (personal data).

A resident identity number (居民身份证号码, GB 11643-1999) has 18 characters: a 6-digit division
code of the place of first registration, the birth date (YYYYMMDD), a 3-digit sequence (odd for
men, even for women) and a check character by ISO 7064 MOD 11-2 (``X`` for 10). Such values never
appear in full in a ``repr`` (logs leak): see :func:`mask_id_number` and :func:`mask_phone`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Annotated, Any, ClassVar, Final

import attrs

from community_model._errors import Problem
from community_model._messages import BIRTH_DATE, ID_CHECK_CHARACTER, ID_PROVINCE
from community_model._record import FieldText
from community_model._rules import Matches, Personal, hidden
from community_model._values.division import PROVINCES

__all__ = [
    "ID_NUMBER_IN_TEXT",
    "MASKED_PHONE_PATTERN",
    "PHONE_IN_TEXT",
    "PHONE_PATTERN",
    "ResidentId",
    "id_check_character",
    "mask_id_number",
    "mask_phone",
]

_WEIGHTS: Final = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK: Final = "10X98765432"

#: A mainland mobile (11 digits, 13-19) or a landline: area code (010, 02X or 0XXX), an optional
#: hyphen, then 7 or 8 digits not starting with 0 or 1.
AREA_CODE_PATTERN: Final = r"0(?:10|2[0-9]|[3-9][0-9]{2})"
PHONE_PATTERN: Final = rf"1[3-9][0-9]{{9}}|{AREA_CODE_PATTERN}-?[2-9][0-9]{{6,7}}"
_AREA_CODE: Final = re.compile(AREA_CODE_PATTERN)
#: A phone as free text writes it (for redaction, which would rather hide too much than too
#: little): the forms above, a mobile also in groups of 3-4-4 (``138 1234 5678``,
#: ``138-1234-5678``), either after an optional country code (group ``country``); never part
#: of a longer run of digits.
PHONE_IN_TEXT: Final = (
    r"(?<![0-9])(?P<country>(?:\+|00)?86[ -]?)?"
    rf"(?P<phone>1[3-9][0-9](?:[ -]?[0-9]{{4}}){{2}}|{AREA_CODE_PATTERN}[ -]?[2-9][0-9]{{6,7}})"
    r"(?![0-9])"
)
#: A resident identity number as free text writes it: 18 characters (a check character of
#: either case, right or wrong) or the 15 digits of the first generation, with a birth date's
#: shape in place; never part of a longer run of letters or digits.
ID_NUMBER_IN_TEXT: Final = (
    r"(?<![0-9A-Za-z])[1-9][0-9]{5}"
    r"(?:(?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx]"
    r"|[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3})"
    r"(?![0-9A-Za-z])"
)
#: A phone as :func:`mask_phone` writes it: the middle digits replaced by asterisks.
MASKED_PHONE_PATTERN: Final = r"1[3-9][0-9]\*{4}[0-9]{4}|0[0-9]{2,3}-?\*{3,4}[0-9]{4}"


def id_check_character(body: str) -> str:
    """The check character of the first 17 digits, by ISO 7064 MOD 11-2."""
    return _CHECK[sum(int(d) * w for d, w in zip(body, _WEIGHTS, strict=True)) % 11]


def mask_phone(phone: str) -> str:
    """A phone number with its middle hidden: ``138****5678``, ``0512-****5678``."""
    digits = phone.replace("-", "")
    if len(digits) <= 7:
        return "*" * len(phone)
    if phone.startswith("1"):
        head = phone[:3]
    elif "-" in phone:
        head = phone[: phone.find("-") + 1]
    else:  # the area code, 3 or 4 digits, and nothing of the number after it
        area = _AREA_CODE.match(phone)
        head = phone[: area.end() if area else 4]
    return head + "*" * (len(phone) - len(head) - 4) + phone[-4:]


def mask_id_number(number: str) -> str:
    """An identity number with all but the first 3 and last 4 characters hidden."""
    return number[:3] + "*" * max(0, len(number) - 7) + number[-4:]


@attrs.frozen(kw_only=True, slots=True, repr=False)
class ResidentId(FieldText):
    """An 18-character resident identity number with a real birth date and a valid check.

    Its ``repr`` hides it (``ResidentId('320***********123X')``); ``str`` and ``format`` give it
    whole, on purpose.
    """

    _text_field: ClassVar[str] = "number"
    _schema: ClassVar[dict[str, Any]] = {
        "type": "string",
        "pattern": "^[0-9]{17}[0-9X]$",
        "description": "Resident identity number (居民身份证号码, GB 11643): a division code, the "
        "birth date YYYYMMDD, a sequence and a check character by ISO 7064 MOD 11-2. Personal "
        "data.",
        "x-personal": True,
    }

    number: Annotated[str, Personal(), Matches("[0-9]{17}[0-9X]", "17 digits and a digit or X")]

    @classmethod
    def parse(cls, text: str) -> ResidentId:
        """Read the 18 characters as written; the exact inverse of :meth:`format`."""
        return cls(number=cls._written(text))

    def __repr__(self) -> str:
        return f"ResidentId({mask_id_number(self.number)!r})"

    @property
    def birth_date(self) -> dt.date:
        """The date of birth the number records."""
        digits = self.number[6:14]
        return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))

    @property
    def region(self) -> str:
        """The 6-digit division code of the place of first registration."""
        return self.number[:6]

    def _rules(self) -> Iterator[Problem]:
        number = self.number
        masked = hidden(number)  # not even a mask: 7 of the 18 characters narrow it down
        if number[:2] not in PROVINCES:
            yield ID_PROVINCE.at("$.number", got=masked)
        try:
            born = self.birth_date
        except ValueError:
            yield BIRTH_DATE.at("$.number", what="a real birth date in digits 7-14", got=masked)
        else:
            if born.year < 1900 or born > dt.date.today():
                yield BIRTH_DATE.at("$.number", what="a birth date from 1900 to today", got=masked)
        if number[17] != id_check_character(number[:17]):
            yield ID_CHECK_CHARACTER.at("$.number", got=masked)
