"""Example tests taken from the source page: the example dataset says what the page says.

The dataset is built in code (``examples/page_records.py``) and shipped as package data
(``suzhou_2023()``): the two are equal, and the shipped file is canonical.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from importlib import resources
from typing import TypeVar

import pendulum
import pytest
from support import load_example

from community_model import (
    BEIJING,
    ENTITY_TYPES,
    Activity,
    ActivityCategory,
    Adoption,
    BranchLevel,
    Community,
    CommunityKind,
    Count,
    CountQualifier,
    Dataset,
    DecisionBody,
    Entity,
    FundingSource,
    Measurement,
    MeasureWord,
    Organisation,
    Partnership,
    PartyBranch,
    Person,
    ProjectStatus,
    RecordKind,
    Ref,
    Role,
    ServiceProject,
    Street,
    StreetKind,
    Unit,
    When,
    dumps,
)
from community_model._examples import EXAMPLE_DATA, suzhou_2023, suzhou_2023_records

# The records as built in code, with a comment for each fact the page leaves open.
page = load_example("page_records.py")
SOURCES = page.SOURCES

T = TypeVar("T", bound=Entity)


def records() -> tuple[Entity, ...]:
    return suzhou_2023_records()


def records_of(cls: type[T]) -> list[T]:
    return [r for r in records() if isinstance(r, cls)]


def by_id() -> dict[str, Entity]:
    return {record.id: record for record in records()}


def get(ident: str, cls: type[T]) -> T:
    record = by_id()[ident]
    assert isinstance(record, cls), f"{ident} is a {type(record).__name__}, not {cls.__name__}"
    return record


def named(cls: type[T], name: str) -> T:
    found = [r for r in records() if isinstance(r, cls) and getattr(r, "name", None) == name]
    assert len(found) == 1, f"{len(found)} {cls.__name__} records named {name}"
    return found[0]


def activity(title_part: str) -> Activity:
    found = [r for r in records() if isinstance(r, Activity) and title_part in r.title]
    assert len(found) == 1, f"{len(found)} activities titled *{title_part}*"
    return found[0]


def project(name_part: str) -> ServiceProject:
    found = [r for r in records() if isinstance(r, ServiceProject) and name_part in r.name]
    assert len(found) == 1, f"{len(found)} projects named *{name_part}*"
    return found[0]


# -- the shipped package data ----------------------------------------------------------------------


def test_package_data_equals_the_records_built_in_code() -> None:
    """suzhou_2023() reads the shipped document; it holds exactly the records built in code,
    in the same order."""
    assert suzhou_2023() == Dataset.from_records(page.page_records())
    assert suzhou_2023_records() == page.page_records()


def test_package_data_is_canonical() -> None:
    """The shipped file is what the library writes (tools/regenerate_example_data.py)."""
    shipped = resources.files("community_model").joinpath(EXAMPLE_DATA).read_text("utf-8")
    assert shipped == dumps(Dataset.from_records(page.page_records()), indent=True) + "\n"


def test_the_example_dataset_is_clean() -> None:
    """The page's records pass every dataset check: no errors, no warnings."""
    assert suzhou_2023().check() == []


# -- the dataset as a whole ---------------------------------------------------------------------


def test_all_records_construct_without_domain_warnings() -> None:
    """Every record builds (pytest turns warnings into errors) and breaks no convention."""
    assert records()
    for record in records():
        assert record.warnings() == [], record.id


def test_records_are_read_once() -> None:
    """Records are immutable, so the shipped dataset is read once and shared."""
    assert suzhou_2023_records() is suzhou_2023_records()
    assert suzhou_2023() is suzhou_2023()


def test_ids_are_unique_and_readable() -> None:
    """No id is used twice; every id is a lowercase slug with its kind as prefix."""
    counts = Counter(record.id for record in records())
    assert [ident for ident, n in counts.items() if n > 1] == []
    prefixes = {
        RecordKind.STREET: "street:",
        RecordKind.COMMUNITY: "community:",
        RecordKind.PARTY_BRANCH: "branch:",
        RecordKind.ORGANISATION: "org:",
        RecordKind.PERSON: "person:",
        RecordKind.PARTNERSHIP: "partnership:",
        RecordKind.SERVICE_PROJECT: "project:",
        RecordKind.ACTIVITY: "activity:",
        RecordKind.SERVICE_LIST: "list:",
        RecordKind.LIST_ITEM: "item:",
        RecordKind.ADOPTION: "adoption:",
    }
    for record in records():
        assert record.id.startswith(prefixes[record.record_kind]), record.id
        assert record.id == record.id.lower(), record.id
        assert record.id.isascii(), record.id


def test_kinds_come_in_document_order() -> None:
    """Streets, communities, Party organisations, units, people, partnerships, projects,
    activities, lists and their items; the page reports no adoption of an item."""
    order = [type(record) for record in records()]
    positions = [ENTITY_TYPES.index(cls) for cls in order]
    assert positions == sorted(positions)
    assert set(order) == set(ENTITY_TYPES) - {Adoption}


def test_every_record_cites_an_article_of_the_page() -> None:
    """Every record keeps its provenance: one of the page's seven articles, with its byline."""
    for record in records():
        assert record.sources, record.id
        for source in record.sources:
            assert source in SOURCES, record.id
    assert {source.byline for source in SOURCES} == {"徐晓安", "高达", "相经开 高达", "相望萱 高达"}


def test_counts_of_each_kind() -> None:
    """The page reports 5 streets, 13 communities, 6 Party organisations and 6 partner units."""
    kinds = Counter(record.record_kind for record in records())
    assert kinds[RecordKind.STREET] == 5
    assert kinds[RecordKind.COMMUNITY] == 13
    assert kinds[RecordKind.PARTY_BRANCH] == 6
    assert kinds[RecordKind.ORGANISATION] == 6
    assert kinds[RecordKind.PARTNERSHIP] == 1


# -- references ---------------------------------------------------------------------------------


def _refs(record: Entity) -> list[tuple[str, Ref]]:
    """Every reference a record makes, as (field, typed reference)."""
    found: list[tuple[str, Ref]] = []

    def add(field: str, kind: RecordKind, ident: str | None) -> None:
        if ident is not None:
            found.append((field, Ref(kind=kind, id=ident)))

    match record:
        case Community():
            add("street_id", RecordKind.STREET, record.street_id)
        case PartyBranch():
            add("host_community_id", RecordKind.COMMUNITY, record.host_community_id)
            add("host_organisation_id", RecordKind.ORGANISATION, record.host_organisation_id)
            add("parent_id", RecordKind.PARTY_BRANCH, record.parent_id)
            add("secretary_id", RecordKind.PERSON, record.secretary_id)
        case Person():
            add("community_id", RecordKind.COMMUNITY, record.community_id)
        case Partnership():
            found.extend(("parties", ref) for ref in record.parties)
        case ServiceProject():
            for ident in record.community_ids:
                add("community_ids", RecordKind.COMMUNITY, ident)
            add("street_id", RecordKind.STREET, record.street_id)
            if record.lead is not None:
                found.append(("lead", record.lead))
            found.extend(("partners", ref) for ref in record.partners)
            found.extend(
                ("funding.provider", f.provider) for f in record.funding if f.provider is not None
            )
        case Activity():
            found.extend(("organisers", ref) for ref in record.organisers)
            found.extend(("partners", ref) for ref in record.partners)
            for ident in record.community_ids:
                add("community_ids", RecordKind.COMMUNITY, ident)
            add("project_id", RecordKind.SERVICE_PROJECT, record.project_id)
    return found


def test_every_reference_resolves_to_a_record_of_its_kind() -> None:
    """Each id a record names is a record of the page, of the kind the field expects."""
    index = by_id()
    checked = 0
    for record in records():
        for field, ref in _refs(record):
            target = index.get(ref.id)
            assert target is not None, f"{record.id}.{field} -> {ref.id}: no such record"
            assert target.record_kind is ref.kind, f"{record.id}.{field} -> {ref}"
            checked += 1
    assert checked > 50


def test_secretaries_are_linked_to_their_party_organisations() -> None:
    """成丽君 is secretary of 新城社区党委, 王海 of 绿色时光社区党总支."""
    xincheng = named(PartyBranch, "新城社区党委")
    lvse = named(PartyBranch, "绿色时光社区党总支")
    cheng = get(xincheng.secretary_id or "", Person)
    wang = get(lvse.secretary_id or "", Person)
    assert (cheng.name, cheng.position) == ("成丽君", "新城社区党委书记")
    assert (wang.name, wang.position) == ("王海", "绿色时光社区党总支书记")
    assert Role.SECRETARY in cheng.roles
    assert Role.SECRETARY in wang.roles
    assert xincheng.level is BranchLevel.COMMITTEE
    assert lvse.level is BranchLevel.GENERAL_BRANCH
    assert xincheng.brand == "五心党建,同心同行"


def test_unit_branches_sit_in_their_units() -> None:
    """The law firm's and the hospital's 党支部 are hosted by the units themselves."""
    law = named(PartyBranch, "京师(苏州)律师事务所党支部")
    hospital = named(PartyBranch, "漕湖人民医院党支部")
    assert get(law.host.id, Organisation).name == "京师(苏州)律师事务所"
    assert get(hospital.host.id, Organisation).name == "漕湖人民医院"
    assert law.level is hospital.level is BranchLevel.BRANCH


# -- places -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "code", "kind", "district"),
    [
        ("吴门桥街道", "320508024@2023", StreetKind.SUBDISTRICT, "姑苏区"),
        ("白洋湾街道", "320508017@2023", StreetKind.SUBDISTRICT, "姑苏区"),
        ("望亭镇", "320507100@2023", StreetKind.TOWN, "相城区"),
        ("北桥街道", "320507004@2023", StreetKind.SUBDISTRICT, "相城区"),
        ("元和街道", "320507001@2023", StreetKind.SUBDISTRICT, "相城区"),
    ],
)
def test_streets_have_their_codes_and_kinds(
    name: str, code: str, kind: StreetKind, district: str
) -> None:
    """The five streets carry their 2023 codes; the code's number range agrees with the kind."""
    street = named(Street, name)
    assert street.code is not None
    assert street.code.format() == code
    assert street.kind is kind
    assert street.code.kind_by_range is kind
    assert street.district == district


def test_baiyangwan_has_19_compounds() -> None:
    """白洋湾街道辖区有19个住宅小区."""
    assert named(Street, "白洋湾街道").compound_count == Count(value=19, unit=MeasureWord.ITEMS)


def test_communities_are_residents_committees_without_invented_codes() -> None:
    """Every community of the page is a 社区; the page gives no community a code."""
    communities = [r for r in records() if isinstance(r, Community)]
    assert all(c.kind is CommunityKind.RESIDENTS_COMMITTEE for c in communities)
    assert all(c.code is None for c in communities)


def test_streets_of_communities_are_as_the_page_says() -> None:
    """Streets where the page names them; none where it does not (绿色时光, 南亚花园)."""
    expected = {
        "新城社区": "吴门桥街道",
        "大龙社区": "吴门桥街道",
        "果园社区": "望亭镇",
        "盛南社区": "北桥街道",
        "元和佳苑社区": "元和街道",
        "娄北社区": "元和街道",
        "峰汇园社区": "元和街道",
        "水韵花都社区": "元和街道",
        "虎池苑社区": "白洋湾街道",
        "和美社区": "白洋湾街道",
        "清嘉苑社区": "白洋湾街道",
    }
    for community, street in expected.items():
        street_id = named(Community, community).street_id
        assert street_id is not None
        assert get(street_id, Street).name == street
    assert named(Community, "绿色时光社区").street_id is None
    nanya = named(Community, "南亚花园社区")
    assert nanya.street_id is None
    assert nanya.district == "相城经开区"


def test_huchiyuan_compound_and_building() -> None:
    """The recycling kiosk stands beside 4幢 of 虎池苑小区."""
    (compound,) = named(Community, "虎池苑社区").compounds
    assert compound.name == "虎池苑小区"
    assert compound.buildings == ("4幢",)


# -- organisations ------------------------------------------------------------------------------


def test_law_firm_matches_full_width_brackets() -> None:
    """The page writes 京师(苏州)律师事务所; the full-width spelling names the same unit."""
    firm = named(Organisation, "京师(苏州)律师事务所")
    assert firm.matches_name("京师（苏州）律师事务所")
    assert firm.matches_name("京师(苏州)律师事务所")
    assert not firm.matches_name("京师律师事务所")


def test_no_unit_has_a_credit_code() -> None:
    """The page prints no unified social credit code, so none is recorded."""
    assert all(r.credit_code is None for r in records() if isinstance(r, Organisation))


def test_partnership_of_lvse_shiguang_and_the_law_firm() -> None:
    """绿色时光社区党总支 and 京师(苏州)律师事务所党支部 signed a 支部共建 agreement in 2023."""
    (partnership,) = [r for r in records() if isinstance(r, Partnership)]
    names = {get(ref.id, PartyBranch).name for ref in partnership.parties}
    assert names == {"绿色时光社区党总支", "京师(苏州)律师事务所党支部"}
    assert {scope.value for scope in partnership.scope} == {
        "legal_services",
        "legal_education",
        "party_building",
    }
    assert partnership.signed == When.year(2023)


# -- service projects ---------------------------------------------------------------------------


def test_xincheng_service_list_has_two_pivots() -> None:
    """新城社区's service list pivots on 儿童友好家园 and 先锋大篷车, running since 2023."""
    for name in ("儿童友好家园", "先锋大篷车"):
        pivot = project(name)
        assert pivot.status is ProjectStatus.IN_PROGRESS
        assert pivot.period == When.on_or_after(When.year(2023))
        assert [get(i, Community).name for i in pivot.community_ids] == ["新城社区"]


def test_pocket_park_was_decided_and_funded_as_the_page_says() -> None:
    """A 2023 project of the Party service fund, decided by meeting then vote, now in use."""
    park = project("口袋公园")
    assert park.year == 2023
    assert park.status is ProjectStatus.IN_USE
    assert [f.source for f in park.funding] == [FundingSource.PARTY_SERVICE_FUND]
    assert [d.body for d in park.decisions] == [
        DecisionBody.PARTY_MEMBERS_MEETING,
        DecisionBody.REPRESENTATIVES_VOTE,
    ]
    assert all(d.votes is None for d in park.decisions)
    assert park.needs is not None
    assert "摸排走访" in park.needs


def test_qingjiayuan_lane_widened_from_about_50_to_120_cm_in_2_days() -> None:
    """西侧出口最窄处仅有50厘米左右 ... 经过2天紧张的施工,将通道拓宽至120厘米."""
    lane = project("南门非机动车道")
    widths = [o for o in lane.outcomes if o.before is not None]
    assert len(widths) == 1
    (width,) = widths
    assert width.before == Measurement(value=Decimal(50), unit=Unit.CENTIMETRE, approximate=True)
    assert width.after == Measurement(value=Decimal(120), unit=Unit.CENTIMETRE)
    assert lane.duration == Measurement(value=Decimal(2), unit=Unit.DAY)
    partners = {get(ref.id, Organisation).name for ref in lane.partners}
    assert partners == {"苏州市市政设施管理处", "清嘉苑小区物业"}


def test_hemei_playground_renewed_100_square_metres() -> None:
    """和美社区 renewed 100平方米 of worn rubber surface with 苏州信托有限公司."""
    playground = project("小游戏园")
    areas = [o.quantity for o in playground.outcomes if o.quantity is not None]
    assert areas == [Measurement(value=Decimal(100), unit=Unit.SQUARE_METRE)]
    assert [get(r.id, Organisation).name for r in playground.partners] == ["苏州信托有限公司"]


def test_baiyangwan_ran_48_micro_renovations() -> None:
    """白洋湾街道 built 48 “微改造” projects in its communities this year."""
    programme = project("白洋湾街道")
    assert programme.street_id is not None
    assert get(programme.street_id, Street).name == "白洋湾街道"
    assert [o.count for o in programme.outcomes if o.count] == [
        Count(value=48, unit=MeasureWord.ITEMS)
    ]


# -- activities ---------------------------------------------------------------------------------


def test_free_clinic_counts_and_series() -> None:
    """第三期: 400余名 residents, 10余名 medical staff, in 北桥街道盛南社区."""
    clinic = activity("义诊")
    more_than = CountQualifier.MORE_THAN
    assert clinic.participants == Count(value=400, qualifier=more_than, unit=MeasureWord.PEOPLE)
    assert clinic.staff == Count(value=10, qualifier=more_than, unit=MeasureWord.PEOPLE)
    assert clinic.series == "‘救’在身边,健康集市科普义诊"
    assert clinic.number == 3
    assert [get(i, Community).name for i in clinic.community_ids] == ["盛南社区"]
    assert [get(r.id, PartyBranch).name for r in clinic.organisers] == ["漕湖人民医院党支部"]


def test_free_clinic_was_before_the_6th_doctors_day() -> None:
    """The clinic was held as the 6th Chinese Doctors' Day (19 August 2023) drew near."""
    when = activity("义诊").when
    assert when.latest == pendulum.datetime(2023, 8, 20, tz=BEIJING).subtract(microseconds=1)
    assert when.earliest == pendulum.datetime(2023, 1, 1, tz=BEIJING)


def test_garbage_sorting_class_had_20_odd_children_in_the_summer() -> None:
    """辖区小朋友代表共计20余人参加活动, during the 2023 summer holiday."""
    lesson = activity("垃圾分类")
    assert lesson.participants == Count(
        value=20, qualifier=CountQualifier.MORE_THAN, unit=MeasureWord.PEOPLE
    )
    assert lesson.when.surely_within(When.month(2023, 7), When.month(2023, 8))


def test_heritage_fair_services() -> None:
    """大龙社区's fair: 非遗 crafts and everyday services on the 社区小广场."""
    fair = activity("非遗")
    assert fair.venue == "社区小广场"
    assert {"糖画", "棕编", "泥人", "磨刀", "量血压", "测血糖"} <= set(fair.services)


def test_haitang_market_belongs_to_the_pioneer_caravan() -> None:
    """The “先锋大篷车”海棠集市 is run by the 先锋大篷车 project."""
    market = activity("海棠集市")
    assert market.project_id is not None
    assert get(market.project_id, ServiceProject).name == "先锋大篷车"
    assert market.services == ("吃", "喝", "购", "娱", "养生", "维修", "法规")


def test_hyperbaric_lecture_held_jointly_by_four_communities() -> None:
    """元和佳苑、娄北、峰汇园、水韵花都 jointly held the 高压氧 lecture."""
    lecture = activity("高压氧")
    names = {get(r.id, Community).name for r in lecture.organisers}
    assert names == {"元和佳苑社区", "娄北社区", "峰汇园社区", "水韵花都社区"}
    assert set(lecture.community_ids) == {r.id for r in lecture.organisers}


def test_signing_ceremony_organised_by_both_branches() -> None:
    """The 支部共建签约仪式 was held by the two Party organisations that signed."""
    signing = activity("签约仪式")
    (partnership,) = [r for r in records() if isinstance(r, Partnership)]
    assert set(signing.organisers) == set(partnership.parties)


def test_micro_renovations_belong_to_the_street_programme() -> None:
    """舍得空间, the 和美 playground and the 清嘉苑 lane are 白洋湾's 微改造 projects."""
    programme = project("白洋湾街道")
    members = [p.name for p in records_of(ServiceProject) if p.programme_id == programme.id]
    assert len(members) == 3


def test_signing_ceremony_belongs_to_the_partnership() -> None:
    """The ceremony is the signing of the 绿色时光 - 京师 agreement."""
    (ceremony,) = [a for a in records_of(Activity) if a.category is ActivityCategory.SIGNING]
    (partnership,) = records_of(Partnership)
    assert ceremony.partnership_id == partnership.id
