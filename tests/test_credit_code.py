"""Unified social credit codes (GB 32100-2015): check characters, and the A/N/Y prefixes."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from community_model import CreditCode, ValidationError
from community_model._values.credit import ALPHABET, check_character

REAL = ["91110000600037341L", "91320214745555318W", "913205056082348768"]


@st.composite
def credit_codes(draw: st.DrawFn) -> str:
    body = draw(st.text(alphabet=ALPHABET, min_size=17, max_size=17))
    return body + check_character(body)


@pytest.mark.parametrize("text", REAL)
def test_real_codes_pass(text: str) -> None:
    """Real codes of real companies are valid."""
    assert str(CreditCode.parse(text)) == text


@pytest.mark.parametrize("text", REAL)
def test_any_one_character_changed_fails(text: str) -> None:
    """Each real code with any one character replaced (by any other character) is refused."""
    for position in range(18):
        for char in ALPHABET + "IOZSVa-":
            if char == text[position]:
                continue
            changed = text[:position] + char + text[position + 1 :]
            with pytest.raises(ValidationError):
                CreditCode.parse(changed)


@pytest.mark.parametrize("prefix", ["A", "N", "Y"])
def test_a_n_y_prefixes_are_valid(prefix: str) -> None:
    """Codes of the A, N and Y registering authorities are valid (python-stdnum refuses them)."""
    body = prefix + "1320505608234876"
    code = CreditCode.parse(body + check_character(body))
    assert code.code[0] == prefix


@given(credit_codes())
def test_generated_codes_round_trip(text: str) -> None:
    """parse and format are inverses."""
    assert CreditCode.parse(text).format() == text


@given(credit_codes(), st.integers(0, 17), st.sampled_from(ALPHABET))
def test_a_wrong_character_is_caught(text: str, position: int, char: str) -> None:
    """MOD 31-3 catches every single substitution."""
    if text[position] == char:
        return
    with pytest.raises(ValidationError):
        CreditCode.parse(text[:position] + char + text[position + 1 :])


def test_message_names_the_expected_check_character() -> None:
    """The error says which character was expected, and which was found."""
    with pytest.raises(ValidationError) as caught:
        CreditCode.parse("91320214745555318X")
    (problem,) = caught.value.errors
    assert (problem.path, problem.code) == ("$.code", "check_character")
    assert "'W'" in problem.message
    assert "(got 'X')" in problem.message


def test_lower_case_and_excluded_letters_are_refused() -> None:
    """Only the 31 characters of the alphabet are allowed: no I, O, Z, S, V, no lower case."""
    for text in ["91320214745555318w", "9132021474555531OW", "I1320214745555318W"]:
        with pytest.raises(ValidationError) as caught:
            CreditCode.parse(text)
        assert caught.value.errors[0].code == "pattern"


def test_not_a_string() -> None:
    """A number is not a credit code: a type problem at the root that shows what was given."""
    with pytest.raises(ValidationError) as caught:
        CreditCode.parse(913202147455553180)  # type: ignore[arg-type]
    assert [(p.path, p.code, p.message) for p in caught.value.errors] == [
        ("$", "type", "the value must be a string (got the number 913202147455553180)")
    ]


@pytest.mark.parametrize("length", [16, 18])
def test_the_check_character_is_of_exactly_17_characters(length: int) -> None:
    """The check is computed from exactly the 17 characters before it: one fewer or one more
    is a mistake of the caller, refused rather than given a wrong check character."""
    assert check_character("91320214745555318") == "W"
    with pytest.raises(ValueError, match="zip"):
        check_character("91320214745555318W"[:length])
