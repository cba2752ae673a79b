"""Money in yuan and measurements: exact decimals, never floats."""

from decimal import Decimal
from typing import Any

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


@pytest.mark.parametrize("text", ["1.005", "-1", "1e3", " 1"])
def test_refused_money_text_is_shown_in_its_problem(text: str) -> None:
    """The problem of a refused amount quotes the text it got, at the value itself."""
    with pytest.raises(ValidationError) as caught:
        Money.parse(text)
    (problem,) = caught.value.errors
    assert (problem.path, problem.code) == ("$", "pattern")
    assert problem.message.endswith(f"(got {text!r})")


@pytest.mark.parametrize("text", ["2 fortnight", "-1 metre", "2metre", "~ 2 metre"])
def test_refused_measurement_text_lists_the_units(text: str) -> None:
    """The problem of a refused measurement lists every unit it knows and quotes the text."""
    with pytest.raises(ValidationError) as caught:
        Measurement.parse(text)
    (problem,) = caught.value.errors
    assert (problem.path, problem.code) == ("$", "pattern")
    assert f"UNIT one of {', '.join(unit.value for unit in Unit)} (got {text!r})" in problem.message


@pytest.mark.parametrize("parse", [Money.parse, Measurement.parse])
@pytest.mark.parametrize("value", [5, None, Decimal(1), b"1 metre"])
def test_only_text_is_parsed(parse: object, value: object) -> None:
    """A value that is not a string is refused with a problem, never a TypeError."""
    with pytest.raises(ValidationError) as caught:
        parse(value)  # type: ignore[operator]
    assert caught.value.errors[0].message.endswith(f"(got {value!r})")


@pytest.mark.parametrize(
    ("build", "path", "got"),
    [
        (lambda: Money(amount=Decimal("-0")), "$.amount", "-0"),
        (lambda: Money(amount=Decimal("-0.00")), "$.amount", "-0.00"),
        (lambda: Measurement(value=Decimal("-0.0"), unit=Unit.METRE), "$.value", "-0.0"),
    ],
)
def test_a_minus_sign_is_refused_at_its_field(build: Any, path: str, got: str) -> None:
    """A signed zero is refused at the field that carries it, quoting the number as written."""
    with pytest.raises(ValidationError) as caught:
        build()
    (problem,) = caught.value.errors
    assert (problem.path, problem.code) == (path, "sign")
    assert problem.message.endswith(f"(got {got})")
