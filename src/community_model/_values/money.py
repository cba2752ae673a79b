"""Money in yuan (CNY) and measured quantities: exact decimals, never floats."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Annotated, Any, ClassVar, Final

import annotated_types as at
import attrs

from community_model._errors import Problem
from community_model._messages import AMOUNT_TEXT, QUANTITY_TEXT, SIGN
from community_model._record import Record, TextValue
from community_model._rules import Places, show
from community_model._vocab import Unit

__all__ = ["Measurement", "Money"]

#: A plain non-negative amount with at most 2 places (the JSON Schema uses it too).
AMOUNT_PATTERN: Final = r"(?:0|[1-9][0-9]*)(?:\.[0-9]{1,2})?"
_AMOUNT: Final = re.compile(AMOUNT_PATTERN)
_QUANTITY: Final = re.compile(r"(~?)((?:0|[1-9][0-9]*)(?:\.[0-9]{1,6})?) ([a-z_]+)")


def _unsigned(path: str, value: Decimal) -> Iterator[Problem]:
    """A decimal written without a minus sign (``-0`` is not zero on the wire)."""
    if value.is_signed():
        yield SIGN.at(path, got=str(value))


@attrs.frozen(kw_only=True, slots=True)
class Money(TextValue):
    """An amount of yuan (CNY), exact to the fen (0.01).

    >>> Money.parse("50000.00").amount
    Decimal('50000.00')
    >>> str(Money.parse("120.5")), Money.parse("1") + Money.parse("0.25")
    ('120.5', Money(amount=Decimal('1.25')))
    """

    _schema: ClassVar[dict[str, Any]] = {
        "type": "string",
        "pattern": f"^{AMOUNT_PATTERN}$",
        "description": "An amount of yuan (CNY) as a decimal string, at most 2 places.",
        "examples": ["50000.00"],
    }

    amount: Annotated[Decimal, at.Ge(0), Places(2)]
    # The text form, kept once made or read (the pattern admits one spelling of an amount).
    _text: str | None = attrs.field(default=None, init=False, eq=False, repr=False, hash=False)

    @classmethod
    def parse(cls, text: str) -> Money:
        """Read a plain decimal (``50000``, ``120.50``); the exact inverse of :meth:`format`."""
        if not isinstance(text, str) or _AMOUNT.fullmatch(text) is None:
            raise AMOUNT_TEXT.error(got=show(text))
        money = cls(amount=Decimal(text))
        object.__setattr__(money, "_text", text)
        return money

    def format(self) -> str:
        """The amount as a plain decimal string, places as given (``120.50`` stays so)."""
        text = self._text
        if text is None:
            text = f"{self.amount:f}"
            object.__setattr__(self, "_text", text)
        return text

    def __str__(self) -> str:
        return self.format()

    def __add__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        return Money(amount=self.amount + other.amount)

    def _rules(self) -> Iterator[Problem]:
        return _unsigned("$.amount", self.amount)


@attrs.frozen(kw_only=True, slots=True, repr=False)
class Measurement(Record):
    """A measured quantity with its unit: 100 m², about 50 cm, 2 days.

    >>> str(Measurement.parse("~50 centimetre"))
    '~50 centimetre'
    """

    value: Annotated[Decimal, at.Ge(0), Places(6)]
    unit: Unit
    approximate: bool = False

    @classmethod
    def parse(cls, text: str) -> Measurement:
        """Read ``100 square_metre`` or ``~50 centimetre``; the exact inverse of :meth:`format`."""
        match = _QUANTITY.fullmatch(text) if isinstance(text, str) else None
        unit = None
        if match is not None:
            try:
                unit = Unit.from_code(match[3])
            except ValueError:
                unit = None
        if match is None or unit is None:
            raise QUANTITY_TEXT.error(units=", ".join(Unit.codes()), got=show(text))
        return cls(value=Decimal(match[2]), unit=unit, approximate=bool(match[1]))

    def format(self) -> str:
        """``[~]VALUE UNIT`` with the unit's code."""
        return f"{'~' if self.approximate else ''}{self.value:f} {self.unit.value}"

    def __str__(self) -> str:
        return self.format()

    def _rules(self) -> Iterator[Problem]:
        return _unsigned("$.value", self.value)
