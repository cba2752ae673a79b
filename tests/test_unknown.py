"""Unknown: a fact the source does not give, said explicitly (never a guess or a null)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from community_model import Unknown, ValidationError, from_dict, to_dict


def test_an_unknown_is_unknown_by_default() -> None:
    """Built without arguments it says it is unknown, with no reason."""
    assert Unknown() == Unknown(unknown=True, reason=None)
    assert Unknown().unknown is True


@pytest.mark.parametrize("flag", [False, 0, 1, "true", None])
def test_an_unknown_never_says_it_is_known(flag: object) -> None:
    """Its flag is the boolean true and nothing else; anything else is refused at its path."""
    with pytest.raises(ValidationError) as caught:
        Unknown(unknown=flag)  # type: ignore[arg-type]
    assert [e.path for e in caught.value.errors] == ["$.unknown"]


def test_a_false_flag_is_refused_with_its_reason() -> None:
    """The problem of a false flag names the field and says it is always true."""
    with pytest.raises(ValidationError) as caught:
        Unknown(unknown=False)
    (problem,) = caught.value.errors
    assert problem.code == "unknown"
    assert problem.path == "$.unknown"
    assert problem.message == "'unknown' of an Unknown is always true (got false)"


def test_an_unknown_shows_its_reason() -> None:
    """Its text says that it is unknown, and why when the source says why."""
    assert str(Unknown()) == "unknown"
    assert str(Unknown(reason="报道未说明日期")) == "unknown (报道未说明日期)"


@given(st.one_of(st.none(), st.text(alphabet="报道未说明日期单位 ", min_size=1, max_size=20)))
def test_an_unknown_travels_tagged(reason: str | None) -> None:
    """On the wire it is an object tagged ``"unknown": true`` with its reason; it reads back."""
    unknown = Unknown(reason=reason.strip() or None if reason else None)
    wire = to_dict(unknown)
    assert wire["unknown"] is True
    assert from_dict(wire, Unknown) == unknown


def test_a_wire_unknown_that_says_false_is_refused() -> None:
    """``"unknown": false`` is not an unknown: refused where it stands."""
    with pytest.raises(ValidationError) as caught:
        from_dict({"unknown": False}, Unknown)
    assert [e.path for e in caught.value.errors] == ["$.unknown"]
