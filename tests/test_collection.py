"""Dataset: lookups by id, the indexes and the queries.

Expected answers come from the source page (the bundled example dataset).
"""

import pytest
from support import ref

from community_model import (
    ActivityCategory,
    Dataset,
    Organisation,
    PartyBranch,
    ProjectStatus,
    RecordKind,
    RecordNotFound,
    When,
)
from community_model._examples import suzhou_2023

PAGE = suzhou_2023()


def test_lookups() -> None:
    """Every kind is found by id; a missing id is a KeyError that names kind and id."""
    assert PAGE.street("street:wumenqiao").name == "吴门桥街道"
    assert PAGE.community("community:shengnan").name == "盛南社区"
    assert PAGE.party_branch("branch:xincheng-committee").brand == "五心党建,同心同行"
    assert PAGE.organisation("org:caohu-hospital").name == "漕湖人民医院"
    assert PAGE.person("person:cheng-lijun").name == "成丽君"
    assert PAGE.partnership("partnership:lvse-shiguang-jingshi").parties
    assert PAGE.service_project("project:guoyuan-pocket-park").year == 2023
    assert PAGE.activity("activity:caohu-free-clinic-3").number == 3
    assert ref(RecordKind.STREET, "street:wumenqiao") in PAGE
    with pytest.raises(RecordNotFound) as caught:
        PAGE.activity("activity:none")
    assert isinstance(caught.value, KeyError)
    assert str(caught.value) == "no activity (活动) has the id 'activity:none'"
    with pytest.raises(RecordNotFound):
        PAGE.street("community:shengnan")  # an id of another kind


def names(records: tuple[object, ...]) -> list[str]:
    return [getattr(r, "name", None) or getattr(r, "title", "") for r in records]


def test_communities_of_a_street() -> None:
    """元和街道 has the four communities of the joint lecture; 白洋湾街道 three."""
    assert names(PAGE.communities_of("street:yuanhe")) == [
        "元和佳苑社区",
        "娄北社区",
        "峰汇园社区",
        "水韵花都社区",
    ]
    assert names(PAGE.communities_of("street:baiyangwan")) == [
        "虎池苑社区",
        "和美社区",
        "清嘉苑社区",
    ]
    assert PAGE.communities_of("street:none") == ()


def test_organisations_of_a_community() -> None:
    """绿色时光社区: its 党总支, and the law firm's branch it signed with."""
    assert names(PAGE.organisations_of("community:lvse-shiguang")) == [
        "绿色时光社区党总支",
        "京师(苏州)律师事务所党支部",
    ]
    assert names(PAGE.branches_of("community:guoyuan")) == ["果园社区党总支"]


def test_partners_through_partnerships_projects_and_activities() -> None:
    """Partners come by partnerships, projects and adoptions; communities organising together
    are not partners, nor is a hospital that only held a clinic in a community."""
    assert names(PAGE.partners_of("community:lvse-shiguang")) == ["京师(苏州)律师事务所党支部"]
    assert names(PAGE.partners_of("community:qingjiayuan")) == [
        "苏州市市政设施管理处",
        "清嘉苑小区物业",
    ]
    assert PAGE.partners_of("community:shengnan") == ()  # the hospital only organised a clinic
    assert PAGE.partners_of("community:loubei") == ()


def test_activities_of_a_community_and_an_organiser() -> None:
    """The free clinic was held in 盛南社区, organised by the hospital's branch."""
    clinic = PAGE.activity("activity:caohu-free-clinic-3")
    assert PAGE.activities_of("community:shengnan") == (clinic,)
    assert PAGE.activities_by(ref(RecordKind.PARTY_BRANCH, "branch:caohu-hospital")) == (clinic,)
    assert len(PAGE.activities_of("community:loubei")) == 1
    assert len(PAGE.activities_in(ActivityCategory.LECTURE)) == 1
    assert PAGE.activities_in(ActivityCategory.FREE_CLINIC) == (clinic,)


def test_activities_in_a_time_window() -> None:
    """Only the summer class surely lies in July-August 2023; most may."""
    summer = PAGE.activities_between(When.month(2023, 7), When.month(2023, 8))
    assert [a.id for a in summer] == ["activity:nanya-garbage-sorting"]
    possibly = PAGE.activities_between(When.month(2023, 7), When.month(2023, 8), within="possibly")
    assert len(possibly) == 8
    in_2022 = PAGE.activities_between(When.year(2022), When.year(2022), within="possibly")
    assert [a.id for a in in_2022] == ["activity:dalong-intangible-heritage"]  # ../2023
    everything = PAGE.activities_between(None, None)
    assert len(everything) == 8  # a window open at both ends holds every time


def test_projects_by_year_and_status() -> None:
    """The pocket park is the one 2023-programme project; two projects are in use."""
    assert names(PAGE.projects(year=2023)) == ["口袋公园"]
    assert len(PAGE.projects(status=ProjectStatus.IN_USE)) == 3
    assert names(PAGE.projects(year=2023, status=ProjectStatus.IN_USE)) == ["口袋公园"]
    assert len(PAGE.projects()) == 7


def test_indexes_are_built_once() -> None:
    """Queries reuse one index; datasets stay equal and hashable regardless of it."""
    dataset = Dataset.from_records(PAGE.records())
    dataset.communities_of("street:yuanhe")
    first = dataset._indexes
    dataset.activities_of("community:shengnan")
    assert dataset._indexes is first
    assert dataset == Dataset.from_records(PAGE.records())


def test_organisation_kinds_are_partners() -> None:
    """A unit (not a community) that partners a project is a partner of the community."""
    assert all(
        isinstance(p, Organisation | PartyBranch) for p in PAGE.partners_of("community:hemei")
    )
