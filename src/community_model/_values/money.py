"""Money in yuan (CNY) and measured quantities: exact decimals, never floats."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import Annotated, Final

import annotated_types as at
import attrs

from community_model._errors import Problem, ValidationError
from community_model._validation import Record, fmt, problem
from community_model._vocab import Unit

__all__ = ["Measurement", "Money"]

#: A plain non-negative amount with at most 2 places (the JSON Schema uses it too).
AMOUNT_PATTERN: Final = r"(?:0|[1-9][0-9]*)(?:\.[0-9]{1,2})?"
_AMOUNT: Final = re.compile(AMOUNT_PATTERN)
_QUANTITY: Final = re.compile(r"(~?)((?:0|[1-9][0-9]*)(?:\.[0-9]{1,6})?) ([a-z_]+)")


def _decimal_places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


@attrs.frozen(kw_only=True, slots=True)
class Money(Record):
    """An amount of yuan (CNY), exact to the fen (0.01).

    >>> Money.parse("50000.00").amount
    Decimal('50000.00')
    >>> str(Money.parse("120.5")), Money.parse("1") + Money.parse("0.25")
    ('120.5', Money(amount=Decimal('1.25')))
    """

    amount: Annotated[Decimal, at.Ge(0)]

    @classmethod
    def parse(cls, text: str) -> Money:
        """Read a plain decimal (``50000``, ``120.50``); the exact inverse of :meth:`format`."""
        if not isinstance(text, str) or _AMOUNT.fullmatch(text) is None:
            raise ValidationError(
                [
                    problem(
                        "$",
                        "pattern",
                        "an amount of money must be a non-negative decimal with at most 2 "
                        f"places, written without exponent or sign (got {fmt(text)})",
                    )
                ]
            )
        return cls(amount=Decimal(text))

    def format(self) -> str:
        """The amount as a plain decimal string, places as given (``120.50`` stays so)."""
        return f"{self.amount:f}"

    def __str__(self) -> str:
        return self.format()

    def __add__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        return Money(amount=self.amount + other.amount)

    def _rules(self) -> Iterator[Problem]:
        if self.amount.is_signed():
            yield problem(
                "$.amount", "sign", f"'amount' must not carry a minus sign (got {self.amount})"
            )
        if _decimal_places(self.amount) > 2:
            yield problem(
                "$.amount",
                "precision",
                f"'amount' must have at most 2 decimal places (got {self.amount})",
            )


@attrs.frozen(kw_only=True, slots=True)
class Measurement(Record):
    """A measured quantity with its unit: 100 m², about 50 cm, 2 days.

    >>> str(Measurement.parse("~50 centimetre"))
    '~50 centimetre'
    """

    value: Annotated[Decimal, at.Ge(0)]
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
            raise ValidationError(
                [
                    problem(
                        "$",
                        "pattern",
                        "a measurement must be written [~]VALUE UNIT with UNIT one of "
                        f"{', '.join(Unit.codes())} (got {fmt(text)})",
                    )
                ]
            )
        try:
            value = Decimal(match[2])
        except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
            raise ValidationError([problem("$", "pattern", f"bad number {match[2]!r}")]) from None
        return cls(value=value, unit=unit, approximate=bool(match[1]))

    def format(self) -> str:
        """``[~]VALUE UNIT`` with the unit's code."""
        return f"{'~' if self.approximate else ''}{self.value:f} {self.unit.value}"

    def __str__(self) -> str:
        return self.format()

    def _rules(self) -> Iterator[Problem]:
        if self.value.is_signed():
            yield problem(
                "$.value", "sign", f"'value' must not carry a minus sign (got {self.value})"
            )
        if _decimal_places(self.value) > 6:
            yield problem(
                "$.value",
                "precision",
                f"'value' must have at most 6 decimal places (got {self.value})",
            )
