"""Resident identity numbers (GB 11643) and phone numbers: check characters, masks, refusals."""

from support import problems

from community_model import Person, ResidentId
from community_model._values.identity import id_check_character


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
