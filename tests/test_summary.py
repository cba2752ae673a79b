"""Summaries of a dataset: per street and per community, honest sums, months.

Expected answers come from the source page (the bundled example dataset).
"""

import attrs

from community_model import Count, CountQualifier, Dataset, MeasureWord, When
from community_model._dataset.summary import month_of
from community_model._examples import suzhou_2023

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
