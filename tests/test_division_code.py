"""Division codes (统计用区划代码): real codes, the number ranges, and refusals."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from community_model import CommunityKind, DivisionCode, DomainWarning, StreetKind, ValidationError
from community_model._values.division import PROVINCES
from community_model.strategies import division_codes

digits = st.text(alphabet="0123456789", min_size=1, max_size=1)


@st.composite
def codes(draw: st.DrawFn) -> str:
    province = draw(st.sampled_from(sorted(PROVINCES)))
    city = draw(st.integers(1, 99))
    county = draw(st.integers(0, 99))
    township = draw(st.integers(1, 999))
    text = f"{province}{city:02d}{county:02d}{township:03d}"
    if draw(st.booleans()):
        text += f"{draw(st.integers(1, 999)):03d}"
    if draw(st.booleans()):
        text += f"@{draw(st.integers(1949, 2200))}"
    return text


def test_wumenqiao_is_a_subdistrict() -> None:
    """吴门桥街道 320508024 (2023 table) is a 街道 of 姑苏区, Jiangsu."""
    code = DivisionCode.parse("320508024")
    assert code.level == "township"
    assert code.kind_by_range is StreetKind.SUBDISTRICT
    assert code.province_name == "江苏省"
    assert code.county == "320508"
    assert code.parent is None


def test_wangting_is_a_town() -> None:
    """望亭镇 320507100 is a 镇: the township segment 100-199 is the towns' range."""
    assert DivisionCode.parse("320507100").kind_by_range is StreetKind.TOWN


def test_village_under_wangting() -> None:
    """320507100201 is a 村委会 whose parent is 望亭镇's code."""
    code = DivisionCode.parse("320507100201")
    assert code.level == "village"
    assert code.kind_by_range is CommunityKind.VILLAGE_COMMITTEE
    assert code.parent == DivisionCode.parse("320507100")
    assert DivisionCode.parse("320507100").contains(code)


@pytest.mark.parametrize(
    ("segment", "kind"),
    [
        ("001", StreetKind.SUBDISTRICT),
        ("099", StreetKind.SUBDISTRICT),
        ("100", StreetKind.TOWN),
        ("199", StreetKind.TOWN),
        ("200", StreetKind.TOWNSHIP),
        ("399", StreetKind.TOWNSHIP),
        ("400", StreetKind.OTHER),
        ("599", StreetKind.OTHER),
    ],
)
def test_township_ranges(segment: str, kind: StreetKind) -> None:
    """The township segment's range gives the default kind."""
    assert DivisionCode.parse(f"320508{segment}").kind_by_range is kind


@pytest.mark.parametrize(
    ("segment", "kind"),
    [
        ("001", CommunityKind.RESIDENTS_COMMITTEE),
        ("199", CommunityKind.RESIDENTS_COMMITTEE),
        ("200", CommunityKind.VILLAGE_COMMITTEE),
        ("399", CommunityKind.VILLAGE_COMMITTEE),
        ("400", CommunityKind.OTHER),
    ],
)
def test_village_ranges(segment: str, kind: CommunityKind) -> None:
    """The village segment's range gives the default kind."""
    assert DivisionCode.parse(f"320508024{segment}").kind_by_range is kind


def test_edition_is_kept() -> None:
    """吴门桥街道 was 320508004 in 2016 and is 320508024 in 2023: the edition travels along."""
    old = DivisionCode.parse("320508004@2016")
    new = DivisionCode.parse("320508024@2023")
    assert (old.edition, new.edition) == (2016, 2023)
    assert old != new
    assert str(DivisionCode.parse("320508024001@2023").parent) == "320508024@2023"


@given(codes())
def test_parse_format_inverse(text: str) -> None:
    """Every valid code reads back to itself."""
    assert DivisionCode.parse(text).format() == text
    code = DivisionCode.parse(text)
    assert DivisionCode.parse(str(code)) == code


@pytest.mark.parametrize(
    ("text", "code", "path", "words"),
    [
        ("99050802", "pattern", "$.digits", "9 or 12 digits"),
        ("3205080241", "pattern", "$.digits", "9 or 12 digits"),
        ("32050802400", "pattern", "$.digits", "9 or 12 digits"),
        ("3205080240011", "pattern", "$.digits", "9 or 12 digits"),
        ("990508024", "province", "$.digits", "province code of GB/T 2260 (got '99')"),
        ("100508024", "province", "$.digits", "province code of GB/T 2260 (got '10')"),
        ("320008024", "code_segment", "$.digits", "city segment other than 00 (got '320008024')"),
        ("32050802４", "pattern", "$.digits", "9 or 12 digits"),
        ("٣٢٠٥٠٨٠٢٤", "pattern", "$.digits", "9 or 12 digits"),
        (" 320508024", "pattern", "$.digits", "9 or 12 digits"),
        ("320508024@23", "pattern", "$", "4-digit year (got '320508024@23')"),
        ("320508024@1800", "too_small", "$.edition", ">= 1949"),
        ("320508024@1948", "too_small", "$.edition", ">= 1949"),
        ("320508024@2201", "too_large", "$.edition", "<= 2200"),
    ],
)
def test_refused(text: str, code: str, path: str, words: str) -> None:
    """Wrong length, unknown province, empty segments, non-ASCII digits, editions out of range
    are refused, each with its code, at its path, saying what was expected."""
    with pytest.raises(ValidationError) as caught:
        DivisionCode.parse(text)
    ((found_path, found_code, message),) = [
        (p.path, p.code, p.message) for p in caught.value.errors
    ]
    assert (found_path, found_code) == (path, code)
    assert words in message


@given(codes(), st.data())
def test_wrong_province_digit_refused(text: str, data: st.DataObject) -> None:
    """Changing the province digits to a code not in GB/T 2260 is refused."""
    bad = data.draw(
        st.sampled_from([f"{n:02d}" for n in range(100) if f"{n:02d}" not in PROVINCES])
    )
    with pytest.raises(ValidationError):
        DivisionCode.parse(bad + text[2:])


def test_not_a_string() -> None:
    """A number is not a code (its leading zeros would be lost): a type problem at the root."""
    with pytest.raises(ValidationError) as caught:
        DivisionCode.parse(320508024)  # type: ignore[arg-type]
    assert [(p.path, p.code, p.message) for p in caught.value.errors] == [
        ("$", "type", "the value must be a string (got the number 320508024)")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "320508024",  # 9 digits: one over 8, one under 10
        "320508024001",  # 12 digits: one over 11, one under 13
        "320508024@1949",  # the first edition year allowed
        "320508024@2200",  # the last
        "320108001",  # city segment 01, township segment 001: the first non-empty ones
        "320508999999",  # the last township and village segments
    ],
)
def test_accepted_at_the_bounds(text: str) -> None:
    """Codes exactly at each bound of length, edition and segment are accepted."""
    assert DivisionCode.parse(text).format() == text


@given(division_codes())
def test_a_code_never_contains_itself(code: DivisionCode) -> None:
    """Containment is strict: no code contains itself, whatever its edition says."""
    assert not code.contains(code)
    for edition in (None, 1949, 2023, 2200):
        assert not code.contains(DivisionCode(digits=code.digits, edition=edition))


@given(division_codes(level="township"), st.data())
def test_a_township_contains_each_of_its_villages(
    township: DivisionCode, data: st.DataObject
) -> None:
    """A township contains every village coded under it, and no village contains its township."""
    village = data.draw(division_codes(parent=township))
    assert village.parent is not None
    assert village.parent.digits == township.digits
    assert township.contains(village)
    assert not village.contains(township)


@st.composite
def code_pairs(draw: st.DrawFn) -> tuple[DivisionCode, DivisionCode]:
    """Two codes, often related: equal, parent and child, child and parent, or siblings."""
    first = draw(division_codes())
    township = first.parent or first
    relation = draw(st.sampled_from(["any", "same", "child", "sibling"]))
    if relation == "same":
        return first, DivisionCode(digits=first.digits, edition=first.edition)
    if relation in ("child", "sibling"):
        second = draw(division_codes(parent=township))
        return (township if relation == "child" else first), second
    return first, draw(division_codes())


@given(code_pairs())
def test_containment_is_parenthood(pair: tuple[DivisionCode, DivisionCode]) -> None:
    """``a.contains(b)`` exactly when ``b`` is a village whose township code has ``a``'s digits;
    so containment is irreflexive and asymmetric."""
    a, b = pair
    expected = b.parent is not None and b.parent.digits == a.digits
    assert a.contains(b) is expected
    assert not (a.contains(b) and b.contains(a))


@pytest.mark.parametrize(
    ("text", "segment"),
    [("320508000", "township"), ("320508000001", "township"), ("320508024000", "village")],
)
def test_placeholder_codes_are_kept_with_a_warning(text: str, segment: str) -> None:
    """The tables list codes with a segment of zeros for units of no townships or villages of
    their own (a county's own office, a development zone): they are kept, with a warning."""
    with pytest.warns(DomainWarning, match=f"{segment} segment of 000") as caught:
        code = DivisionCode.parse(text)
    assert code.format() == text
    assert "[placeholder_code]" in str(caught[0].message)
