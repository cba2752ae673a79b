"""Money in yuan and measurements: exact decimals, never floats."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from community_model import Measurement, Money, Unit, ValidationError

amounts = st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False)


@given(amounts)
def test_money_inverse(amount: Decimal) -> None:
    """format and parse are inverses, to the fen."""
    money = Money(amount=amount)
    assert Money.parse(money.format()) == money
    assert Money.parse(money.format()).format() == money.format()


@pytest.mark.parametrize("text", ["1.005", "-1", "1e3", "1,000", "", "０", "NaN", "01", " 1"])
def test_money_text_refused(text: str) -> None:
    """Only plain non-negative decimals with at most 2 places."""
    with pytest.raises(ValidationError):
        Money.parse(text)


def test_money_refuses_floats_and_fractions_of_a_fen() -> None:
    """A float is never money; nor is 0.001 yuan."""
    with pytest.raises(ValidationError, match="must be a decimal number"):
        Money(amount=0.1)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="at most 2 decimal places"):
        Money(amount=Decimal("0.001"))
    with pytest.raises(ValidationError, match="must be finite"):
        Money(amount=Decimal("Infinity"))


def test_money_sum_is_exact() -> None:
    """0.1 + 0.2 is 0.3 in money."""
    assert Money.parse("0.1") + Money.parse("0.2") == Money.parse("0.3")


@given(
    st.decimals(min_value=0, max_value=10**6, places=3, allow_nan=False),
    st.sampled_from(Unit),
    st.booleans(),
)
def test_measurement_inverse(value: Decimal, unit: Unit, approximate: bool) -> None:
    """format and parse are inverses."""
    measurement = Measurement(value=value, unit=unit, approximate=approximate)
    assert Measurement.parse(measurement.format()) == measurement


def test_measurements_of_the_page() -> None:
    """100 m² of playground; a lane of about 50 cm widened to 120 cm in 2 days."""
    assert Measurement.parse("100 square_metre").unit is Unit.SQUARE_METRE
    assert Measurement.parse("~50 centimetre").approximate
    assert Measurement.parse("2 day").value == 2
    with pytest.raises(ValidationError, match="UNIT one of"):
        Measurement.parse("2 fortnight")


def test_negative_zero_is_refused() -> None:
    """-0 passes a >= 0 test but would be written "-0", which nothing reads back."""
    with pytest.raises(ValidationError) as caught:
        Money(amount=Decimal("-0"))
    assert caught.value.errors[0].code == "sign"
    with pytest.raises(ValidationError):
        Measurement(value=Decimal("-0.0"), unit=Unit.METRE)
