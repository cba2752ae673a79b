"""Approximate counts: reading prose, the canonical text, honest comparisons and sums."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from community_model import Count, CountQualifier, ValidationError, parse_count

counts = st.builds(Count, value=st.integers(0, 10**9), qualifier=st.sampled_from(CountQualifier))


@pytest.mark.parametrize(
    ("text", "value", "qualifier"),
    [
        ("400余名", 400, CountQualifier.MORE_THAN),
        ("约20人", 20, CountQualifier.ABOUT),
        ("10余名", 10, CountQualifier.MORE_THAN),
        ("20余人", 20, CountQualifier.MORE_THAN),
        ("48个", 48, CountQualifier.EXACT),
        ("19", 19, CountQualifier.EXACT),
        ("二十多位", 20, CountQualifier.MORE_THAN),
        ("一百零五户", 105, CountQualifier.EXACT),
        ("三万余人", 30000, CountQualifier.MORE_THAN),
        ("100人以上", 100, CountQualifier.AT_LEAST),
        ("至少3名", 3, CountQualifier.AT_LEAST),
        ("近50户", 50, CountQualifier.ABOUT),
        ("50人左右", 50, CountQualifier.ABOUT),
        ("超过1000人", 1000, CountQualifier.MORE_THAN),
    ],
)
def test_parse_count_reads_prose(text: str, value: int, qualifier: CountQualifier) -> None:
    """Counts as the page and other reports write them."""
    assert parse_count(text) == Count(value=value, qualifier=qualifier)


@pytest.mark.parametrize("text", ["", "余名", "约400余名", "400名居民", "-3", "4 00", "二三", 400])
def test_parse_count_refuses(text: object) -> None:
    """Two qualifiers, trailing words, signs or no number are refused."""
    with pytest.raises(ValidationError):
        parse_count(text)  # type: ignore[arg-type]


@given(counts)
def test_format_parse_inverse(count: Count) -> None:
    """Count.parse is the exact inverse of format."""
    assert Count.parse(count.format()) == count
    assert Count.parse(str(count)).format() == str(count)


@pytest.mark.parametrize("text", ["01", "约", "400余余", "约400余", "至少约3", "+3", "3.0", " 3"])
def test_canonical_parse_refuses(text: str) -> None:
    """Only the canonical forms N, 约N, N余, 至少N are read by Count.parse."""
    with pytest.raises(ValidationError):
        Count.parse(text)


def test_negative_and_bool_refused() -> None:
    """A count is a non-negative int; a bool is not an int."""
    with pytest.raises(ValidationError, match="must be >= 0"):
        Count(value=-1)
    with pytest.raises(ValidationError, match="must be an integer"):
        Count(value=True)


def test_honest_comparisons() -> None:
    """400余 is surely more than 20余; 约20 bounds nothing, so it is surely neither."""
    more_400 = parse_count("400余名")
    more_20 = parse_count("20余人")
    about_20 = parse_count("约20人")
    assert more_400 > Count(value=400)
    assert not more_400 > more_20  # "more than 20" has no upper bound
    assert Count(value=20) < more_400
    assert not about_20 < more_400
    assert about_20.possibly_less_than(more_400)
    assert not Count(value=5).possibly_less_than(Count(value=5))
    assert Count(value=5) <= Count(value=5)
    assert Count(value=5) >= Count(value=5)


@given(counts, counts)
def test_surely_is_never_both_ways(a: Count, b: Count) -> None:
    """Two counts are never each surely less than the other."""
    assert not (a < b < a)
    if a < b:
        assert a.possibly_less_than(b)
        assert not b.possibly_less_than(a) or b.minimum is None


def test_sum_keeps_the_approximation() -> None:
    """A sum of 400余 and 20余 is "more than 420"; anything about stays about."""
    assert parse_count("400余名") + parse_count("20余人") == Count(
        value=420, qualifier=CountQualifier.MORE_THAN
    )
    assert Count(value=1) + Count(value=2) == Count(value=3)
    assert (Count(value=1) + parse_count("约3")).qualifier is CountQualifier.ABOUT
    assert (Count(value=1) + Count.parse("至少3")).qualifier is CountQualifier.AT_LEAST


@given(counts, counts)
def test_sum_bounds_are_sound(a: Count, b: Count) -> None:
    """The sum never claims more than its parts guarantee."""
    total = a + b
    if a.minimum is not None and b.minimum is not None and total.minimum is not None:
        assert total.minimum <= a.minimum + b.minimum
    if total.maximum is not None:
        assert a.maximum is not None
        assert b.maximum is not None
        assert total.maximum == a.maximum + b.maximum


def test_counts_stay_within_what_json_readers_hold() -> None:
    """A count above 2**53 - 1 would lose digits in JavaScript and many JSON tools."""
    assert Count(value=2**53 - 1).value == 2**53 - 1
    with pytest.raises(ValidationError, match="must be <="):
        Count(value=2**53)


@pytest.mark.parametrize(
    ("text", "value"),
    [("万余人", 10000), ("两万五", 25000), ("一百五十人", 150), ("一百五", 150), ("三千二", 3200)],
)
def test_chinese_numerals(text: str, value: int) -> None:
    """Numerals as reports write them, spoken shortenings included."""
    assert parse_count(text).value == value


@pytest.mark.parametrize("text", ["十十人", "千百人", "百人", "零人", "万万人"])
def test_malformed_chinese_numerals_are_refused(text: str) -> None:
    """Units must fall and be counted."""
    with pytest.raises(ValidationError):
        parse_count(text)


def test_counts_compare_reflexively() -> None:
    """约5 <= 约5: a count is at most itself; sort_key orders any list."""
    about, again = Count.parse("约5"), Count.parse("约5")
    assert about <= again
    assert about >= again
    counts = [Count.parse("10余"), Count(value=3), about]
    assert [str(c) for c in sorted(counts, key=Count.sort_key)] == ["3", "约5", "10余"]
