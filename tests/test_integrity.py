"""The checks of a whole dataset: every check (one failing example each, all in one run)."""

import warnings

import pytest
from hypothesis import given, settings
from support import examples, ref

from community_model import (
    Activity,
    ActivityCategory,
    BranchLevel,
    Community,
    CommunityKind,
    Count,
    Dataset,
    DivisionCode,
    DomainWarning,
    Funding,
    FundingSource,
    Partnership,
    PartyBranch,
    Person,
    ProjectCategory,
    ProjectStatus,
    RecordKind,
    ServiceProject,
    Severity,
    Street,
    StreetKind,
    ValidationError,
    When,
)
from community_model._examples import suzhou_2023
from community_model.strategies import datasets

PAGE = suzhou_2023()


def broken_dataset() -> Dataset:
    """The page's records plus one record breaking each rule."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DomainWarning)
        odd_street = Street(
            id="street:odd",
            name="某街道",
            kind=StreetKind.SUBDISTRICT,
            code=DivisionCode.parse("320508401"),  # 401 is not in the 街道 range
        )
        small_committee = PartyBranch(
            id="branch:small-committee",
            name="某社区党委",
            level=BranchLevel.COMMITTEE,
            host_community_id="community:xincheng",
            members=Count(value=40),
        )
    records = [
        *PAGE.records(),
        Street(id="street:wumenqiao", name="吴门桥街道", kind=StreetKind.SUBDISTRICT),
        odd_street,
        Community(
            id="community:lost",
            name="某社区",
            kind=CommunityKind.RESIDENTS_COMMITTEE,
            street_id="street:nowhere",
        ),
        Community(
            id="community:outside",
            name="某社区",
            kind=CommunityKind.RESIDENTS_COMMITTEE,
            street_id="street:wumenqiao",
            code=DivisionCode.parse("320507100001"),
        ),
        small_committee,
        PartyBranch(
            id="branch:a",
            name="甲党支部",
            level=BranchLevel.BRANCH,
            host_organisation_id="org:nowhere",
            parent_id="branch:b",
            secretary_id="person:nobody",
        ),
        PartyBranch(
            id="branch:b",
            name="乙党支部",
            level=BranchLevel.BRANCH,
            host_community_id="community:nowhere",
            parent_id="branch:a",
        ),
        Person(id="person:x", name="某居民", community_id="community:nowhere"),
        Partnership(
            id="partnership:x",
            parties=(
                ref(RecordKind.PARTY_BRANCH, "branch:a"),
                ref(RecordKind.ORGANISATION, "org:x"),
            ),
        ),
        ServiceProject(
            id="project:x",
            name="某项目",
            category=ProjectCategory.MICRO_RENOVATION,
            status=ProjectStatus.PROPOSED,
            community_ids=("community:nowhere",),
            street_id="street:nowhere",
            programme_id="project:y",
            lead=ref(RecordKind.COMMUNITY, "community:nowhere"),
            partners=(ref(RecordKind.ORGANISATION, "org:x"),),
            funding=(
                Funding(
                    source=FundingSource.PARTNER,
                    provider=ref(RecordKind.ORGANISATION, "org:y"),
                ),
            ),
            period=When.parse("2023-01/2023-03"),
        ),
        ServiceProject(
            id="project:y",
            name="某项目群",
            category=ProjectCategory.MICRO_RENOVATION,
            status=ProjectStatus.PROPOSED,
            street_id="street:odd",
            programme_id="project:x",
        ),
        Activity(
            id="activity:x",
            title="某活动",
            category=ActivityCategory.LECTURE,
            organisers=(ref(RecordKind.COMMUNITY, "community:nowhere"),),
            partners=(ref(RecordKind.ORGANISATION, "org:x"),),
            community_ids=("community:nowhere",),
            project_id="project:x",
            partnership_id="partnership:nowhere",
            when=When.parse("2023-08-18"),
        ),
    ]
    return Dataset.from_records(records)


def test_every_check_fails_once_in_one_run() -> None:
    """One check() run finds every problem, each at its path, with its severity."""
    found = [(p.path, p.code, p.severity.value) for p in broken_dataset().check()]
    error, warning = "error", "warning"
    expected = [
        ("$.streets[5].id", "duplicate_id", error),
        ("$.streets[6].kind", "kind_mismatch", warning),
        ("$.communities[13].street_id", "unresolved_reference", error),
        ("$.party_branches[6].members", "level_members", warning),
        ("$.party_branches[7].host_organisation_id", "unresolved_reference", error),
        ("$.party_branches[7].secretary_id", "unresolved_reference", error),
        ("$.party_branches[8].host_community_id", "unresolved_reference", error),
        ("$.people[9].community_id", "unresolved_reference", error),
        ("$.partnerships[1].parties[1]", "unresolved_reference", error),
        ("$.service_projects[7].community_ids[0]", "unresolved_reference", error),
        ("$.service_projects[7].street_id", "unresolved_reference", error),
        ("$.service_projects[7].lead", "unresolved_reference", error),
        ("$.service_projects[7].funding[0].provider", "unresolved_reference", error),
        ("$.service_projects[7].partners[0]", "unresolved_reference", error),
        ("$.activities[8].organisers[0]", "unresolved_reference", error),
        ("$.activities[8].community_ids[0]", "unresolved_reference", error),
        ("$.activities[8].partners[0]", "unresolved_reference", error),
        ("$.activities[8].partnership_id", "unresolved_reference", error),
        ("$.communities[14].code", "code_outside_street", error),
        ("$.party_branches[7].parent_id", "parent_cycle", error),
        ("$.service_projects[7].programme_id", "parent_cycle", error),
        ("$.activities[8].when", "outside_project", error),
    ]
    assert found == expected


def test_validate_raises_the_errors_only() -> None:
    """validate() raises every error; warnings alone do not fail."""
    with pytest.raises(ValidationError) as caught:
        broken_dataset().validate()
    assert len(caught.value.errors) == 20
    assert all(p.severity is Severity.ERROR for p in caught.value.errors)
    PAGE.validate()


@settings(max_examples=examples(0.5))  # whole datasets: 50 under ci
@given(datasets())
def test_generated_datasets_pass_every_check(dataset: Dataset) -> None:
    """datasets() always passes the dataset's own checks."""
    assert [p for p in dataset.check() if p.severity is Severity.ERROR] == []


def test_codes_of_different_editions_are_not_compared() -> None:
    """吴门桥街道 was 320508004 in 2016: a 2023 community code need not start with it."""
    street = Street(
        id="s",
        name="吴门桥街道",
        kind=StreetKind.SUBDISTRICT,
        code=DivisionCode.parse("320508004@2016"),
    )
    community = Community(
        id="c",
        name="新城社区",
        kind=CommunityKind.RESIDENTS_COMMITTEE,
        street_id="s",
        code=DivisionCode.parse("320508024001@2023"),
    )
    assert Dataset(streets=(street,), communities=(community,)).check() == []
    same = Community(
        id="c",
        name="新城社区",
        kind=CommunityKind.RESIDENTS_COMMITTEE,
        street_id="s",
        code=DivisionCode.parse("320508024001@2016"),
    )
    found = Dataset(streets=(street,), communities=(same,)).check()
    assert [p.code for p in found] == ["code_outside_street"]
