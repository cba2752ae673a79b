"""Resident identity numbers (GB 11643) and phone numbers: check characters, masks, refusals."""

import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support import problems

from community_model import Person, ResidentId, ValidationError
from community_model._values.identity import (
    MASKED_PHONE_PATTERN,
    PHONE_PATTERN,
    id_check_character,
    mask_id_number,
    mask_phone,
)

#: How a problem speaks of an identity number: its length, never its characters (not even masked).
_HIDDEN = "18 characters, not shown: personal data"


def test_identity_numbers_and_phones() -> None:
    """GB 11643 check character, a real birth date, a province; masked forms load; repr hides."""
    body = "32050519900307123"
    number = body + id_check_character(body)
    person = Person(id="p", name="某居民", id_number=number, phone="0512-65123456")
    assert ResidentId.parse(number).birth_date.isoformat() == "1990-03-07"
    assert number not in repr(person)
    assert "0512-65123456" not in repr(person)
    assert "'320***********123X'" in repr(person)
    assert repr(ResidentId.parse(number)) == "ResidentId('320***********123X')"
    wrong = body + ("0" if number[-1] != "0" else "1")
    assert problems(lambda: Person(id="p", name="x", id_number=wrong)) == [
        ("$.id_number", "check_character")
    ]
    unborn = "32050530000101123"
    assert ("$.id_number", "birth_date") in problems(
        lambda: Person(id="p", name="x", id_number=unborn + id_check_character(unborn))
    )
    assert Person(id="p", name="x", phone="138****5678", id_number="320***********123X").phone
    for phone in ("13812345678", "010-62345678", "02162345678", "0512-6512345"):
        assert Person(id="p", name="x", phone=phone).phone == phone
    for phone in ("12812345678", "0512-0123456", "1381234567", "+8613812345678"):
        assert problems(lambda phone=phone: Person(id="p", name="x", phone=phone)) == [
            ("$.phone", "pattern")
        ]


def _number(born: dt.date, region: str = "320505", sequence: str = "123") -> str:
    body = f"{region}{born:%Y%m%d}{sequence}"
    return body + id_check_character(body)


@given(st.text(alphabet="0123456789", min_size=17, max_size=17))
def test_the_check_character_satisfies_iso_7064_mod_11_2(body: str) -> None:
    """ISO 7064 MOD 11-2: with the check (X for 10), the sum of each character times 2 to the
    power of its distance from the end is 1 modulo 11."""
    check = id_check_character(body)
    values = [int(d) for d in body] + [10 if check == "X" else int(check)]
    assert sum(v * 2 ** (17 - i) for i, v in enumerate(values)) % 11 == 1


def test_the_check_characters_of_published_numbers() -> None:
    """The example of GB 11643 ends in X; other published examples end in a digit."""
    assert id_check_character("11010519491231002") == "X"
    assert id_check_character("44052418800101001") == "4"


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("13812345678", "138****5678"),
        ("010-62345678", "010-****5678"),
        ("0512-6512345", "0512-***2345"),
        ("02162345678", "021****5678"),
        ("0216234567", "021***4567"),
        ("05126512345", "0512***2345"),
    ],
)
def test_a_phone_is_masked_in_its_middle(phone: str, masked: str) -> None:
    """The head (a mobile's 3 digits, a landline's area code) and the last 4 digits stay."""
    assert mask_phone(phone) == masked


@given(st.from_regex(PHONE_PATTERN, fullmatch=True))
def test_every_phone_masks_to_the_masked_form(phone: str) -> None:
    """A masked phone keeps its length and last 4 digits, hides at least 3, and is what a
    phone field accepts (a redacted record stays valid)."""
    masked = mask_phone(phone)
    assert len(masked) == len(phone)
    assert masked[-4:] == phone[-4:]
    assert masked.count("*") >= 3
    assert re.fullmatch(MASKED_PHONE_PATTERN, masked)
    assert Person(id="p", name="x", phone=masked).phone == masked


@pytest.mark.parametrize(("text", "masked"), [("1234567", "*******"), ("123-4567", "********")])
def test_a_phone_of_seven_digits_or_fewer_is_masked_whole(text: str, masked: str) -> None:
    """Too short to keep a head and a tail: every character is hidden (the edge: 7 digits)."""
    assert mask_phone(text) == masked
    assert mask_phone("12345678") == "123*5678"  # 8 digits: one hidden


def test_an_identity_number_is_masked_but_for_its_ends() -> None:
    """The first 3 and last 4 characters stay; the 11 between are hidden."""
    assert mask_id_number("320505199003071234") == "320" + "*" * 11 + "1234"
    assert mask_id_number("12345678") == "123*5678"


def test_an_identity_number_is_text() -> None:
    """A number is refused as a type, and its problem does not show it (personal data)."""
    with pytest.raises(ValidationError) as caught:
        ResidentId.parse(320505199003071234)  # type: ignore[arg-type]
    (problem,) = caught.value.errors
    assert (problem.path, problem.code) == ("$", "type")
    assert problem.message == "the value must be a string (got a number, not shown: personal data)"


def test_an_identity_number_gives_its_parts() -> None:
    """Its region is the first 6 digits, its birth date digits 7-14; format gives it whole."""
    number = _number(dt.date(1990, 3, 7), region="110105")
    resident = ResidentId.parse(number)
    assert resident.region == "110105"
    assert resident.birth_date == dt.date(1990, 3, 7)
    assert resident.format() == str(resident) == number


def _refusals(number: str) -> list[tuple[str, str, str]]:
    with pytest.raises(ValidationError) as caught:
        ResidentId.parse(number)
    return [(p.path, p.code, p.message) for p in caught.value.errors]


@pytest.mark.parametrize(
    ("born", "accepted"),
    [
        (dt.date(1899, 12, 31), False),
        (dt.date(1900, 1, 1), True),
        (dt.date.today(), True),
        (dt.date.today() + dt.timedelta(days=1), False),
    ],
)
def test_a_birth_date_from_1900_to_today(born: dt.date, accepted: bool) -> None:
    """The edges of a birth date: 1900-01-01 and today are births, the days beyond are not."""
    number = _number(born)
    if accepted:
        assert ResidentId.parse(number).birth_date == born
    else:
        assert _refusals(number) == [
            (
                "$.number",
                "birth_date",
                f"'number' must hold a birth date from 1900 to today (got {_HIDDEN})",
            )
        ]


def test_a_birth_date_that_is_no_date_is_refused() -> None:
    """Digits 7-14 that are no date (30 February) are refused, the number not shown."""
    body = "32050519900230123"
    number = body + id_check_character(body)
    assert _refusals(number) == [
        (
            "$.number",
            "birth_date",
            f"'number' must hold a real birth date in digits 7-14 (got {_HIDDEN})",
        )
    ]


@pytest.mark.parametrize(("province", "accepted"), [("11", True), ("65", True), ("10", False)])
def test_a_number_starts_with_a_province(province: str, accepted: bool) -> None:
    """The first two digits are a province of GB/T 2260; others are refused, the number unshown."""
    number = _number(dt.date(1990, 3, 7), region=province + "0105")
    if accepted:
        assert ResidentId.parse(number).region.startswith(province)
    else:
        assert _refusals(number) == [
            (
                "$.number",
                "province",
                f"'number' must start with a province code of GB/T 2260 (got {_HIDDEN})",
            )
        ]


def test_a_wrong_check_character_is_refused_unshown() -> None:
    """Every other check character is refused; the problem shows no digit of the number."""
    right = _number(dt.date(1990, 3, 7))
    for check in "0123456789X":
        number = right[:17] + check
        if check == right[17]:
            continue
        assert _refusals(number) == [
            (
                "$.number",
                "check_character",
                f"'number' must end in its check character (got {_HIDDEN})",
            )
        ]


@pytest.mark.parametrize("body", ["", "3205051990030712", "320505199003071234"])
def test_a_check_character_is_of_17_digits_exactly(body: str) -> None:
    """One digit fewer or more than the 17 of a number's body has no check character."""
    with pytest.raises(ValueError, match="zip"):
        id_check_character(body)


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("0512-6512-345", "0512-****-345"),  # more hyphens: the head ends at the first
        ("98765432100", "9876***2100"),  # no area code: still 4 digits of head, 4 of tail
        ("0098765432", "0098**5432"),
    ],
)
def test_what_is_not_quite_a_phone_is_masked_all_the_same(text: str, masked: str) -> None:
    """A mask never fails and never shows more than a head and the last 4 characters."""
    assert mask_phone(text) == masked
