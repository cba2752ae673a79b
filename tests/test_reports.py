"""Facts as reports give them: records built from the words of community-news reports.

Each test takes a sentence of a kind reports print, builds what it says with the model (counts
with what they count, lists of needs adopted by units, outcomes, unknowns said explicitly, time
as vague as the text) and shows that the records construct, pass ``check()`` and come back from
a document and from JSON Lines exactly, vagueness included.
"""

from __future__ import annotations

import datetime as dt
import io
import warnings
from collections.abc import Iterable

import pytest

from community_model import (
    Activity,
    ActivityCategory,
    Adoption,
    AdoptionRole,
    BranchLevel,
    Community,
    CommunityKind,
    Count,
    CountQualifier,
    Dataset,
    Decision,
    DecisionBody,
    DivisionCode,
    DomainWarning,
    Entity,
    ItemStatus,
    ListItem,
    ListKind,
    MeasureWord,
    Money,
    Organisation,
    OrganisationKind,
    Outcome,
    Partnership,
    PartOfDay,
    PartyBranch,
    ProjectCategory,
    ProjectStatus,
    RecordKind,
    Ref,
    Schedule,
    ServiceList,
    ServiceProject,
    Severity,
    Source,
    Street,
    StreetKind,
    Unknown,
    When,
    dumps,
    loads,
    parse_count,
    read_jsonl,
    write_jsonl,
)

STREET = Ref(kind=RecordKind.STREET, id="street:baiyangwan")
COMMUNITY = Ref(kind=RecordKind.COMMUNITY, id="community:hemei")
BANK = Ref(kind=RecordKind.ORGANISATION, id="org:bank")
REPORT = Source(
    title="白洋湾街道“三张清单”让共建落到实处",
    published=When.day(2021, 8, 1),
    retrieved=When.day(2023, 5, 6),
)


def places() -> list[Entity]:
    return [
        Street(id=STREET.id, name="白洋湾街道", kind=StreetKind.SUBDISTRICT),
        Community(
            id=COMMUNITY.id,
            name="和美社区",
            kind=CommunityKind.RESIDENTS_COMMITTEE,
            street_id=STREET.id,
        ),
        Organisation(id=BANK.id, name="苏州银行", kind=OrganisationKind.COMPANY),
    ]


def round_trip(records: Iterable[Entity]) -> Dataset:
    """The dataset of ``records``, checked, then read back from a document and JSON Lines."""
    dataset = Dataset.from_records(records)
    errors = [p for p in dataset.check() if p.severity is Severity.ERROR]
    assert errors == []
    assert loads(dumps(dataset), Dataset) == dataset
    lines = io.StringIO()
    write_jsonl(dataset.records(), lines)
    assert Dataset.from_records(read_jsonl(io.StringIO(lines.getvalue()))) == dataset
    return dataset


def test_needs_collected_and_adopted_by_units() -> None:
    """收集需求63项, 26家单位认领: the totals, and two items with the units that adopted them."""
    needs = ServiceList(
        id="list:baiyangwan-needs-2021",
        name="白洋湾街道2021年需求清单",
        kind=ListKind.NEEDS,
        keeper=STREET,
        period=When.year(2021),
        items_collected=parse_count("63项"),
        adopters=parse_count("26家"),
        sources=(REPORT,),
    )
    ramp = ListItem(
        id="item:ramp",
        list_id=needs.id,
        title="单元门口加装无障碍坡道",
        for_whom="老年人、残疾人",
        community_id=COMMUNITY.id,
        status=ItemStatus.ADOPTED,
    )
    reading_room = ListItem(id="item:reading-room", list_id=needs.id, title="儿童阅览室")
    adoption = Adoption(
        id="adoption:bank-ramp",
        item_id=ramp.id,
        adopter=BANK,
        roles=(AdoptionRole.ADOPT, AdoptionRole.FUND),
        amount=Money.parse("20000"),
        when=When.month(2021, 6),
    )
    dataset = round_trip([*places(), needs, ramp, reading_room, adoption])
    assert needs.items_collected == Count(value=63, unit=MeasureWord.ITEMS)
    assert str(needs.adopters) == "26家"
    assert dataset.adopted_by(BANK) == (ramp,)
    assert dataset.unadopted_items() == (reading_room,)
    assert dataset.items_of(needs.id) == (ramp, reading_room)
    assert dataset.adoptions_of(ramp.id) == (adoption,)
    assert dataset.items_per_community() == {COMMUNITY.id: 1}
    assert BANK in {partner.ref for partner in dataset.partners_of(COMMUNITY.id)}


def test_counts_say_what_they_count() -> None:
    """3000余人次参与, 近百户受益, 活动20余场, 清运垃圾3车, 捐赠10台: all three parts kept."""
    series = Activity(
        id="activity:haitang-market",
        title="海棠集市",
        category=ActivityCategory.MARKET,
        organisers=(COMMUNITY,),
        when=When.parse("2021/2021-08-01"),
        series="海棠集市",
        sessions=parse_count("20余场"),
        participants=parse_count("3000余人次"),
        beneficiaries=parse_count("近百户"),
        outcomes=(
            Outcome(description="清运垃圾", count=parse_count("3车")),
            Outcome(description="捐赠空调", count=parse_count("10台")),
            Outcome(description="收集需求", count=parse_count("63条")),
        ),
    )
    round_trip([*places(), series])
    assert series.participants is not None
    assert series.beneficiaries is not None
    assert series.participants.unit is MeasureWord.PERSON_TIMES
    assert str(series.participants) == "3000余人次"
    assert series.beneficiaries.qualifier is CountQualifier.NEARLY
    assert (series.beneficiaries.minimum, series.beneficiaries.maximum) == (None, 100)
    assert [str(o.count) for o in series.outcomes] == ["3车", "10台", "63条"]


def test_what_a_report_leaves_out_stays_unknown() -> None:
    """No date, no status, an unnamed host unit, an unnamed partner: each said, none invented."""
    branch = PartyBranch(
        id="branch:haitang",
        name="海棠先锋党支部",
        level=BranchLevel.BRANCH,
        host_organisation_id=Unknown(reason="报道未说明所属单位"),
    )
    agreement = Partnership(
        id="partnership:hemei",
        parties=(branch.ref, Unknown(reason="报道只说“与共建单位签约”")),
    )
    project = ServiceProject(
        id="project:hemei-playground",
        name="小游戏园翻新",
        category=ProjectCategory.MICRO_RENOVATION,
        status=ProjectStatus.UNKNOWN,
        community_ids=(COMMUNITY.id,),
    )
    undated = Activity(
        id="activity:hemei-lecture",
        title="健康讲座",
        category=ActivityCategory.LECTURE,
        organisers=(COMMUNITY,),
        when=Unknown(),
    )
    dataset = round_trip([*places(), branch, agreement, project, undated])
    assert isinstance(dataset.party_branch(branch.id).host, Unknown)
    assert dataset.activities_between(When.year(2021), When.year(2021), within="surely") == ()
    assert dataset.activities_between(When.year(2021), When.year(2021), within="possibly") == (
        undated,
    )


def test_time_as_vague_as_the_text() -> None:
    """Approximate years, seasons, unspecified digits, minutes, parts of the day, inferred years
    and schedules travel exactly and are queried surely or possibly."""
    reported = When.day(2021, 8, 1)
    times = {
        "about 2021": When.parse("2021~"),
        "summer 2021": When.parse("2021-22"),
        "the 2020s": When.parse("202X"),
        "the 15th of some month": When.parse("2023-XX-15"),
        "to the minute": When.parse("2021-07-17T08:30+08:00"),
        "7月17日": When.from_report("7月17日", reported=reported),
    }
    activities = [
        Activity(
            id=f"activity:{number}",
            title=title,
            category=ActivityCategory.OTHER,
            organisers=(COMMUNITY,),
            when=when,
        )
        for number, (title, when) in enumerate(times.items())
    ]
    evening = Activity(
        id="activity:clinic",
        title="义诊",
        category=ActivityCategory.FREE_CLINIC,
        organisers=(COMMUNITY,),
        when=When.day(2021, 8, 18),
        part_of_day=PartOfDay.DUSK,
    )
    monthly = Activity(
        id="activity:market",
        title="海棠集市",
        category=ActivityCategory.MARKET,
        organisers=(COMMUNITY,),
        when=When.parse("2021/.."),
        schedule=Schedule.from_words("每月第一个周六"),
    )
    dataset = round_trip([*places(), *activities, evening, monthly])
    inferred = times["7月17日"]
    assert str(inferred) == "?2021-07-17"
    assert str(times["to the minute"]) == "2021-07-17T08:30+08:00"
    year = When.year(2021)
    assert not times["about 2021"].surely_within(year, year)
    assert times["about 2021"].possibly_within(year, year)
    assert monthly.schedule is not None
    days = monthly.schedule.occurrences(dt.date(2021, 7, 1), dt.date(2021, 8, 31))
    assert tuple(days) == (dt.date(2021, 7, 3), dt.date(2021, 8, 7))
    window = When.part_of_day(When.day(2021, 8, 18), PartOfDay.DUSK)
    assert str(window) == "2021-08-18T17:00+08:00/2021-08-18T19:59+08:00"
    assert dataset.activity("activity:clinic").part_of_day is PartOfDay.DUSK


def test_sources_keep_their_published_and_retrieved_dates() -> None:
    """A source's own date and the date it was read are two facts."""
    assert loads(dumps(REPORT), Source) == REPORT
    assert (str(REPORT.published), str(REPORT.retrieved)) == ("2021-08-01", "2023-05-06")


def test_decision_bodies_in_law_and_in_reports() -> None:
    """居民会议 and 居民代表会议 are different bodies; 协商议事会 and 项目遴选会 are named."""
    bodies = {
        DecisionBody.RESIDENTS_MEETING: "居民会议",
        DecisionBody.RESIDENTS_REPRESENTATIVES_MEETING: "居民代表会议",
        DecisionBody.VILLAGERS_MEETING: "村民会议",
        DecisionBody.VILLAGERS_REPRESENTATIVES_MEETING: "村民代表会议",
        DecisionBody.CONSULTATION_COUNCIL: "协商议事会",
        DecisionBody.PROJECT_SELECTION_MEETING: "项目遴选会",
        DecisionBody.JOINT_MEETING: "联席会议",
    }
    for body, label in bodies.items():
        assert body.label == label
        assert loads(dumps(Decision(body=body)), Decision).body is body


@pytest.mark.parametrize(
    ("level", "members", "warns"),
    [
        (BranchLevel.COMMITTEE, 100, False),  # 100人以上: 100 itself fits
        (BranchLevel.COMMITTEE, 99, True),
        (BranchLevel.GENERAL_BRANCH, 50, False),  # 50人以上
        (BranchLevel.GENERAL_BRANCH, 49, True),
        (BranchLevel.GENERAL_BRANCH, 100, False),
        (BranchLevel.GENERAL_BRANCH, 101, True),
        (BranchLevel.BRANCH, 3, False),  # 3人以上
        (BranchLevel.BRANCH, 2, True),
        (BranchLevel.BRANCH, 50, False),
        (BranchLevel.BRANCH, 51, True),
    ],
)
def test_yishang_includes_the_number(level: BranchLevel, members: int, warns: bool) -> None:
    """以上 includes the number itself (Civil Code art. 1259): each threshold at its edge."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", DomainWarning)
        branch = PartyBranch(
            id="branch:x",
            name="某党组织",
            level=level,
            host_community_id="community:x",
            members=Count(value=members, unit=MeasureWord.PEOPLE),
        )
    assert bool(branch.warnings()) is warns
    assert bool(caught) is warns


def test_placeholder_division_codes_warn_and_digits_compare_across_editions() -> None:
    """A county with no townships is listed with a code of zeros: kept, with a warning."""
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always", DomainWarning)
        placeholder = DivisionCode.parse("320507000")
    assert [p.code for p in placeholder.warnings()] == ["placeholder_code"]
    old, new = DivisionCode.parse("320508024@2016"), DivisionCode.parse("320508024@2023")
    assert old != new
    assert old.same_code(new)
