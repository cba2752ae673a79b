"""Counts as reports give them: what they count, how exact they are, honest comparisons and sums."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from community_model import (
    Count,
    CountQualifier,
    MeasureWord,
    UnitMismatch,
    ValidationError,
    parse_count,
)

Q, W = CountQualifier, MeasureWord
UNITS = st.none() | st.sampled_from(MeasureWord)


@st.composite
def counts(draw: st.DrawFn, unit: st.SearchStrategy[MeasureWord | None] = UNITS) -> Count:
    qualifier = draw(st.sampled_from(CountQualifier))
    least = 1 if qualifier is Q.LESS_THAN else 0  # fewer than 0 is nothing
    return Count(value=draw(st.integers(least, 10**9)), qualifier=qualifier, unit=draw(unit))


@pytest.mark.parametrize(
    ("text", "value", "qualifier", "unit"),
    [
        ("400余名", 400, Q.MORE_THAN, W.PEOPLE),
        ("约20人", 20, Q.ABOUT, W.PEOPLE),
        ("10余名", 10, Q.MORE_THAN, W.PEOPLE),
        ("20余人", 20, Q.MORE_THAN, W.PEOPLE),
        ("48个", 48, Q.EXACT, W.ITEMS),
        ("19", 19, Q.EXACT, None),
        ("二十多位", 20, Q.MORE_THAN, W.PEOPLE),
        ("一百零五户", 105, Q.EXACT, W.HOUSEHOLDS),
        ("三万余人", 30000, Q.MORE_THAN, W.PEOPLE),
        ("100人以上", 100, Q.AT_LEAST, W.PEOPLE),
        ("至少3名", 3, Q.AT_LEAST, W.PEOPLE),
        ("近50户", 50, Q.NEARLY, W.HOUSEHOLDS),
        ("近百户", 100, Q.NEARLY, W.HOUSEHOLDS),
        ("50人左右", 50, Q.ABOUT, W.PEOPLE),
        ("超过1000人", 1000, Q.MORE_THAN, W.PEOPLE),
        ("3000余人次", 3000, Q.MORE_THAN, W.PERSON_TIMES),
        ("12场", 12, Q.EXACT, W.SESSIONS),
        ("10台", 10, Q.EXACT, W.MACHINES),
        ("3车", 3, Q.EXACT, W.TRUCKLOADS),
        ("63条", 63, Q.EXACT, W.ENTRIES),
        ("26家", 26, Q.EXACT, W.UNITS),
        ("5个单位", 5, Q.EXACT, W.UNITS),
        ("不足50人", 50, Q.LESS_THAN, W.PEOPLE),
        ("50人以下", 50, Q.AT_MOST, W.PEOPLE),
        ("千余人", 1000, Q.MORE_THAN, W.PEOPLE),
    ],
)
def test_parse_count_reads_prose(
    text: str, value: int, qualifier: CountQualifier, unit: MeasureWord | None
) -> None:
    """Counts as the page and other reports write them: number, qualifier and measure word."""
    assert parse_count(text) == Count(value=value, qualifier=qualifier, unit=unit)


@pytest.mark.parametrize("text", ["", "余名", "约400余名", "400名居民", "-3", "4 00", "二三", 400])
def test_parse_count_refuses(text: object) -> None:
    """Two qualifiers, trailing words, signs or no number are refused."""
    with pytest.raises(ValidationError):
        parse_count(text)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["10头", "3000余只", "5顶"])
def test_an_unknown_measure_word_is_refused_never_dropped(text: str) -> None:
    """A measure word the library does not know is a problem that names it, not ignored."""
    with pytest.raises(ValidationError) as caught:
        parse_count(text)
    (problem,) = caught.value.errors
    assert problem.code == "measure_word"
    assert repr(text.lstrip("0123456789余"))[1:-1] in problem.message


@pytest.mark.parametrize(
    ("text", "minimum", "maximum"),
    [
        ("近50人", None, 50),
        ("约50人", None, None),
        ("50人左右", None, None),
        ("50余人", 51, None),
        ("50多人", 51, None),
        ("50人以上", 50, None),
        ("不足50人", None, 49),
        ("50人以下", None, 50),
        ("50人", 50, 50),
    ],
)
def test_qualifiers_mean_what_they_say(text: str, minimum: int | None, maximum: int | None) -> None:
    """近 is an upper bound close to the number; 约 and 左右 bound nothing; 余, 多 and 以上 are
    lower bounds (以上 includes the number); 不足 excludes it, 以下 includes it."""
    count = parse_count(text)
    assert (count.minimum, count.maximum) == (minimum, maximum)


def test_fewer_than_nothing_is_refused() -> None:
    """不足0: no count is fewer than zero."""
    with pytest.raises(ValidationError):
        Count(value=0, qualifier=Q.LESS_THAN)


def test_people_and_person_times_are_not_added_or_compared() -> None:
    """人 and 人次 are different quantities: refused, never silently mixed."""
    people, times = parse_count("400人"), parse_count("3000人次")
    with pytest.raises(UnitMismatch):
        people + times
    with pytest.raises(UnitMismatch):
        _ = people < times
    assert (people + Count(value=20)).unit is W.PEOPLE  # a count that says nothing takes the unit


@given(counts())
def test_format_parse_inverse(count: Count) -> None:
    """Count.parse is the exact inverse of format."""
    assert Count.parse(count.format()) == count
    assert Count.parse(str(count)).format() == str(count)


@pytest.mark.parametrize(
    "text", ["01", "约", "400余余", "约400余", "至少约3", "+3", "3.0", " 3", "3名", "3人人"]
)
def test_canonical_parse_refuses(text: str) -> None:
    """Only the canonical forms (N, 约N, N余, 至少N, 近N, 至多N, 不足N, then a measure word's
    label) are read by Count.parse."""
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


@given(counts(st.just(W.PEOPLE) | st.none()), counts(st.just(W.PEOPLE) | st.none()))
def test_surely_is_never_both_ways(a: Count, b: Count) -> None:
    """Two counts are never each surely less than the other."""
    assert not (a < b < a)
    if a < b:
        assert a.possibly_less_than(b)
        assert not b.possibly_less_than(a) or b.minimum is None


def test_sum_keeps_the_approximation() -> None:
    """A sum of 400余 and 20余 is "more than 420"; anything about stays about."""
    assert parse_count("400余名") + parse_count("20余人") == Count(
        value=420, qualifier=CountQualifier.MORE_THAN, unit=W.PEOPLE
    )
    assert str(parse_count("近50户") + parse_count("30户")) == "近80户"
    assert str(parse_count("不足50人") + parse_count("10人")) == "至多59人"
    assert (parse_count("近50人") + parse_count("50余人")).qualifier is Q.ABOUT
    assert Count(value=1) + Count(value=2) == Count(value=3)
    assert (Count(value=1) + parse_count("约3")).qualifier is CountQualifier.ABOUT
    assert (Count(value=1) + Count.parse("至少3")).qualifier is CountQualifier.AT_LEAST


@given(counts(st.just(W.PEOPLE)), counts(st.just(W.PEOPLE)))
def test_sum_bounds_are_sound(a: Count, b: Count) -> None:
    """The sum never claims more than its parts guarantee."""
    total = a + b
    if a.minimum is not None and b.minimum is not None and total.minimum is not None:
        assert total.minimum <= a.minimum + b.minimum
    if total.maximum is not None:
        assert a.maximum is not None
        assert b.maximum is not None
        assert total.maximum == a.maximum + b.maximum


def test_sums_never_fail() -> None:
    """Past the largest number the wire holds, a sum says "more than" it (or "about")."""
    big = Count(value=2**53 - 1, unit=W.PEOPLE)
    assert big + big == Count(value=2**53 - 1, qualifier=Q.MORE_THAN, unit=W.PEOPLE)
    assert (big + Count.parse("约2")).qualifier is Q.ABOUT
    assert (Count(value=2**53 - 2) + Count(value=1)).qualifier is Q.EXACT  # at the limit


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


@pytest.mark.parametrize("text", ["十十人", "千百人", "零人", "万万人"])
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
