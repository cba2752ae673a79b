"""Summaries of a dataset: per street and per community, honest sums, months.

Expected answers come from the source page (the bundled example dataset).
"""

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from community_model import Count, CountQualifier, Dataset, MeasureWord, When
from community_model._dataset.summary import month_of
from community_model._examples import suzhou_2023
from community_model._record import Record

PAGE = suzhou_2023()


def test_summaries() -> None:
    """Per street and community, from the page; shared activities are counted once a street."""
    summary = PAGE.summary()
    streets = {place.name: place for place in summary.streets}
    yuanhe = streets["元和街道"]
    assert (yuanhe.communities, yuanhe.activities_by_category) == (4, {"lecture": 1})
    beiqiao = streets["北桥街道"]
    assert beiqiao.participants == Count(
        value=400, qualifier=CountQualifier.MORE_THAN, unit=MeasureWord.PEOPLE
    )
    assert beiqiao.partners == ()  # the hospital held a clinic there; no partnership is stated
    baiyangwan = streets["白洋湾街道"]
    assert baiyangwan.projects_by_status == {"in_progress": 1, "completed": 1, "in_use": 2}
    assert len(baiyangwan.partners) == 4
    communities = {place.name: place for place in summary.communities}
    assert communities["南亚花园社区"].participants == Count(
        value=20, qualifier=CountQualifier.MORE_THAN, unit=MeasureWord.PEOPLE
    )
    assert communities["南亚花园社区"].activities_by_month == {"2023": 1}
    assert communities["新城社区"].branches == 1
    assert summary.as_dict()["streets"][0]["name"] == "吴门桥街道"


def test_participants_add_up_honestly() -> None:
    """400余人 and 20余人 in one place make "more than 420 people"."""
    clinic = PAGE.activity("activity:caohu-free-clinic-3")
    sorting = PAGE.activity("activity:nanya-garbage-sorting")
    moved = attrs.evolve(sorting, id="activity:moved", community_ids=("community:shengnan",))
    place = Dataset.from_records([*PAGE.records(), moved]).summary()
    shengnan = next(p for p in place.communities if p.id == "community:shengnan")
    assert str(shengnan.participants) == "420余人"
    assert clinic.participants is not None


def test_the_month_of_the_end_of_time_does_not_overflow() -> None:
    """Moments at the edges of what Python holds: no OverflowError (a summary's month)."""
    assert month_of(When.parse("9999-12-31T23:00:00-10:00")) == "undated"


def _shared(communities: int, partners: int) -> Dataset:
    """One street; ``communities`` communities sharing one activity with ``partners`` partners."""
    street = PAGE.streets[0]
    places = [
        attrs.evolve(PAGE.communities[0], id=f"community:c{n}", street_id=street.id)
        for n in range(communities)
    ]
    units = [attrs.evolve(PAGE.organisations[0], id=f"organisation:o{n}") for n in range(partners)]
    shared = attrs.evolve(
        PAGE.activities[0],
        id="activity:shared",
        organisers=(street.ref,),
        community_ids=tuple(place.id for place in places),
        partners=tuple(unit.ref for unit in units),
    )
    return Dataset(streets=[street], communities=places, organisations=units, activities=[shared])


def test_summary_builds_no_reference_per_partner_and_community(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Summaries were quadratic: every (community, partner) pair built a Ref and resolved it
    again (1,000 communities sharing 1,000 partners: 27 s). Now each record's partners are
    resolved once: the records built while summarising grow with the input, not the pairs."""
    dataset = _shared(200, 200)
    built = [0]
    real = Record.__attrs_post_init__

    def counting(self: Record) -> None:
        built[0] += 1
        real(self)

    monkeypatch.setattr(Record, "__attrs_post_init__", counting)
    summary = dataset.summary()
    assert built[0] <= 10 * (200 + 200)  # the pairs are 40,000
    assert all(len(place.partners) == 200 for place in summary.communities)
    assert len(summary.streets[0].partners) == 200


@given(st.integers(min_value=1, max_value=6), st.integers(min_value=0, max_value=6))
def test_every_community_sharing_an_activity_lists_its_partners_once(
    communities: int, partners: int
) -> None:
    """Property: the partners of an activity shared by n communities are listed once, in order,
    for each community and for their street."""
    dataset = _shared(communities, partners)
    expected = tuple(f"organisation:o{n}" for n in range(partners))
    summary = dataset.summary()
    assert [place.partners for place in summary.communities] == [expected] * communities
    assert summary.streets[0].partners == expected
