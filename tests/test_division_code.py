"""Division codes (统计用区划代码): real codes, the number ranges, and refusals."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from community_model import CommunityKind, DivisionCode, StreetKind, ValidationError
from community_model._values.division import PROVINCES

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
    ("text", "code"),
    [
        ("99050802", "pattern"),
        ("3205080241", "pattern"),
        ("32050802400", "pattern"),
        ("990508024", "province"),
        ("100508024", "province"),
        ("320008024", "code_segment"),
        ("320508000", "code_segment"),
        ("320508024000", "code_segment"),
        ("32050802４", "pattern"),
        ("٣٢٠٥٠٨٠٢٤", "pattern"),
        (" 320508024", "pattern"),
        ("320508024@23", "pattern"),
        ("320508024@1800", "too_small"),
    ],
)
def test_refused(text: str, code: str) -> None:
    """Wrong length, unknown province, empty segments, non-ASCII digits are refused."""
    with pytest.raises(ValidationError) as caught:
        DivisionCode.parse(text)
    assert [problem.code for problem in caught.value.errors] == [code]


@given(codes(), st.data())
def test_wrong_province_digit_refused(text: str, data: st.DataObject) -> None:
    """Changing the province digits to a code not in GB/T 2260 is refused."""
    bad = data.draw(
        st.sampled_from([f"{n:02d}" for n in range(100) if f"{n:02d}" not in PROVINCES])
    )
    with pytest.raises(ValidationError):
        DivisionCode.parse(bad + text[2:])


def test_not_a_string() -> None:
    """A number is not a code (its leading zeros would be lost)."""
    with pytest.raises(ValidationError, match="must be a string"):
        DivisionCode.parse(320508024)  # type: ignore[arg-type]
