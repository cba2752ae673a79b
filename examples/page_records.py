"""The source page as records, built in code with the public API: the example dataset's source.

The domain of this library is described from one page of Suzhou local news (2023, Chinese):
seven short reports on streets, communities, Party organisations, partner units, service
projects and activities. :func:`page_records` returns every record that page reports, with the
facts exactly as the page gives them and nothing invented. Where the page leaves a fact open (a
date, a street), the record leaves it open or says how vague it is, and a comment here says why.
Every record names the article it comes from in ``sources``.

The package ships these records as a document (``community_model.suzhou_2023()`` reads it);
``python tools/regenerate_example_data.py`` writes that document from this module, and
tests/test_examples.py keeps the two equal, byte for byte. Read it as an example of building
records in code: ``python examples/page_records.py`` prints how many records of each kind it
builds.

Dates. The page prints no report date. It is from 2023: it reports a free clinic held as the
6th Chinese Doctors' Day (中国医师节, 19 August 2023; the first was in 2018) drew near, and a
summer-holiday class. A report's 近日 / 日前 ("recently") is therefore recorded as
``When.year(2023)``: the only bound the page gives.

Ids are readable, stable, lowercase pinyin slugs with a kind prefix (``community:xincheng``).
"""

from __future__ import annotations

import functools
from decimal import Decimal
from typing import Final

from community_model import (
    Activity,
    ActivityCategory,
    BranchLevel,
    Community,
    CommunityKind,
    Compound,
    CompoundKind,
    Dataset,
    Decision,
    DecisionBody,
    DivisionCode,
    Entity,
    Funding,
    FundingSource,
    ItemStatus,
    ListItem,
    ListKind,
    Measurement,
    Organisation,
    OrganisationKind,
    Outcome,
    Partnership,
    PartnershipScope,
    PartOfDay,
    PartyBranch,
    Person,
    ProjectCategory,
    ProjectStatus,
    RecordKind,
    Ref,
    Role,
    Schedule,
    ServiceList,
    ServiceProject,
    Source,
    Street,
    StreetKind,
    Unit,
    When,
    parse_count,
)

# -- sources: the seven articles of the page, with headline and byline as printed ----------------

SOURCE_WUMENQIAO: Final = Source(title="吴门桥街道:打造和谐邻里“熟人社会”", byline="徐晓安")
SOURCE_LVSE_SHIGUANG: Final = Source(title="绿色时光社区与律所结对共建", byline="高达")
SOURCE_NANYA: Final = Source(title="南亚花园社区开展垃圾分类教育", byline="相经开 高达")
SOURCE_GUOYUAN: Final = Source(title="望亭镇果园社区“口袋公园”投用", byline="相望萱 高达")
SOURCE_CAOHU: Final = Source(title="漕湖人民医院义诊进社区", byline="相经开 高达")
SOURCE_YUANHE: Final = Source(title="元和多社区开展健康教育讲座", byline="高达")
SOURCE_BAIYANGWAN: Final = Source(title="白洋湾街道:可触可感共建“微改造”让幸福加码", byline="高达")

#: The seven articles, in the order the page prints them.
SOURCES: Final = (
    SOURCE_WUMENQIAO,
    SOURCE_LVSE_SHIGUANG,
    SOURCE_NANYA,
    SOURCE_GUOYUAN,
    SOURCE_CAOHU,
    SOURCE_YUANHE,
    SOURCE_BAIYANGWAN,
)

# -- ids --------------------------------------------------------------------------------------

_WUMENQIAO: Final = "street:wumenqiao"
_BAIYANGWAN: Final = "street:baiyangwan"
_WANGTING: Final = "street:wangting"
_BEIQIAO: Final = "street:beiqiao"
_YUANHE: Final = "street:yuanhe"

_XINCHENG: Final = "community:xincheng"
_DALONG: Final = "community:dalong"
_LVSE_SHIGUANG: Final = "community:lvse-shiguang"
_NANYA_HUAYUAN: Final = "community:nanya-huayuan"
_GUOYUAN: Final = "community:guoyuan"
_SHENGNAN: Final = "community:shengnan"
_YUANHE_JIAYUAN: Final = "community:yuanhe-jiayuan"
_LOUBEI: Final = "community:loubei"
_FENGHUIYUAN: Final = "community:fenghuiyuan"
_SHUIYUN_HUADU: Final = "community:shuiyun-huadu"
_HUCHIYUAN: Final = "community:huchiyuan"
_HEMEI: Final = "community:hemei"
_QINGJIAYUAN: Final = "community:qingjiayuan"

_XINCHENG_COMMITTEE: Final = "branch:xincheng-committee"
_DALONG_COMMITTEE: Final = "branch:dalong-committee"
_LVSE_SHIGUANG_GENERAL: Final = "branch:lvse-shiguang-general-branch"
_JINGSHI_BRANCH: Final = "branch:jingshi-law-firm"
_GUOYUAN_GENERAL: Final = "branch:guoyuan-general-branch"
_CAOHU_BRANCH: Final = "branch:caohu-hospital"

_JINGSHI: Final = "org:jingshi-law-firm"
_CAOHU_HOSPITAL: Final = "org:caohu-hospital"
_CHENGTOU_RECYCLING: Final = "org:chengtou-recycling"
_SUZHOU_TRUST: Final = "org:suzhou-trust"
_MUNICIPAL_FACILITIES: Final = "org:suzhou-municipal-facilities"
_QINGJIAYUAN_PROPERTY: Final = "org:qingjiayuan-property"

_CHENG_LIJUN: Final = "person:cheng-lijun"
_WANG_HAI: Final = "person:wang-hai"
_YAO: Final = "person:yao-nvshi"
_ZHOU_FUZHEN: Final = "person:zhou-fuzhen"
_XU_XIANGQIAN: Final = "person:xu-xiangqian"
_GAO_FUMEI: Final = "person:gao-fumei"
_XU_XIAOAN: Final = "person:xu-xiaoan"
_GAO_DA: Final = "person:gao-da"
_XIANG_WANGXUAN: Final = "person:xiang-wangxuan"

_LVSE_SHIGUANG_JINGSHI: Final = "partnership:lvse-shiguang-jingshi"

_CHILD_FRIENDLY_HOME: Final = "project:xincheng-child-friendly-home"
_PIONEER_CARAVAN: Final = "project:xincheng-pioneer-caravan"
_POCKET_PARK: Final = "project:guoyuan-pocket-park"
_SHEDE_SPACE: Final = "project:huchiyuan-shede-space"
_HEMEI_PLAYGROUND: Final = "project:hemei-playground"
_QINGJIAYUAN_LANE: Final = "project:qingjiayuan-south-gate-lane"
_BAIYANGWAN_MICRO: Final = "project:baiyangwan-micro-renovation"

_XINCHENG_SERVICES: Final = "list:xincheng-resident-services"


def _ref(kind: RecordKind, ident: str) -> Ref:
    return Ref(kind=kind, id=ident)


def _branch(ident: str) -> Ref:
    return _ref(RecordKind.PARTY_BRANCH, ident)


def _org(ident: str) -> Ref:
    return _ref(RecordKind.ORGANISATION, ident)


def _community(ident: str) -> Ref:
    return _ref(RecordKind.COMMUNITY, ident)


# 近日 / 日前 in a 2023 report: the page gives no report date, only its year (see the module
# docstring), so "recently" is recorded as the year 2023.
_RECENTLY_2023: Final = When.year(2023)
# 今年以来: since the start of 2023, still going on.
_SINCE_START_OF_2023: Final = When.on_or_after(When.year(2023))


# -- places -------------------------------------------------------------------------------------


def _streets() -> tuple[Street, ...]:
    # The five codes are those of the 2023 edition of the division table. Each code's county
    # prefix gives the district (320508 姑苏区, 320507 相城区) and 3205 the city (苏州市).
    return (
        Street(
            id=_WUMENQIAO,
            name="吴门桥街道",
            kind=StreetKind.SUBDISTRICT,
            code=DivisionCode.parse("320508024@2023"),
            district="姑苏区",
            city="苏州市",
            sources=(SOURCE_WUMENQIAO,),
        ),
        Street(
            id=_BAIYANGWAN,
            name="白洋湾街道",
            kind=StreetKind.SUBDISTRICT,
            code=DivisionCode.parse("320508017@2023"),
            district="姑苏区",
            city="苏州市",
            # 辖区有19个住宅小区, "既有商品房小区,又有大量保障房、定销房小区": the kinds are
            # given, their numbers are not.
            compound_count=parse_count("19个"),
            housing=(CompoundKind.COMMERCIAL, CompoundKind.AFFORDABLE, CompoundKind.RESETTLEMENT),
            sources=(SOURCE_BAIYANGWAN,),
        ),
        Street(
            id=_WANGTING,
            name="望亭镇",
            kind=StreetKind.TOWN,
            code=DivisionCode.parse("320507100@2023"),
            district="相城区",
            city="苏州市",
            sources=(SOURCE_GUOYUAN,),
        ),
        Street(
            id=_BEIQIAO,
            name="北桥街道",
            kind=StreetKind.SUBDISTRICT,
            code=DivisionCode.parse("320507004@2023"),
            # The page places 漕湖人民医院 in 苏州相城经开区, the zone that administers 北桥街道;
            # the code's county is 相城区.
            district="相城区",
            city="苏州市",
            sources=(SOURCE_CAOHU,),
        ),
        Street(
            id=_YUANHE,
            name="元和街道",
            kind=StreetKind.SUBDISTRICT,
            code=DivisionCode.parse("320507001@2023"),
            # The page writes 相城高新区(元和街道); the code's county is 相城区.
            district="相城区",
            city="苏州市",
            sources=(SOURCE_YUANHE,),
        ),
    )


def _communities() -> tuple[Community, ...]:
    # Every community on the page is a 社区 (residents' committee). None has a code: the page
    # gives none, and a 12-digit code is not guessed.
    residents_committee = CommunityKind.RESIDENTS_COMMITTEE
    return (
        # "高层商品房多": many high-rise commercial compounds (not how many, nor what else).
        Community(
            id=_XINCHENG,
            name="新城社区",
            kind=residents_committee,
            street_id=_WUMENQIAO,
            housing=(CompoundKind.COMMERCIAL,),
            sources=(SOURCE_WUMENQIAO,),
        ),
        Community(
            id=_DALONG,
            name="大龙社区",
            kind=residents_committee,
            street_id=_WUMENQIAO,
            sources=(SOURCE_WUMENQIAO,),
        ),
        # The page does not say where 绿色时光社区 is: its article names no street, district or
        # city, and its byline (高达) is shared by articles from both 姑苏区 and 相城区. Its place
        # on the page (between the 吴门桥 report and the 相城 reports) is layout, not fact, so
        # street and district are left unset.
        Community(
            id=_LVSE_SHIGUANG,
            name="绿色时光社区",
            kind=residents_committee,
            sources=(SOURCE_LVSE_SHIGUANG,),
        ),
        # "苏州相城经开区南亚花园社区": the zone is named, the street is not.
        Community(
            id=_NANYA_HUAYUAN,
            name="南亚花园社区",
            kind=residents_committee,
            district="相城经开区",
            sources=(SOURCE_NANYA,),
        ),
        # 果园社区 "属于典型的搬迁安置小区" (a typical resettlement compound), but the page names
        # no compound, so none is recorded: its housing is resettlement housing.
        Community(
            id=_GUOYUAN,
            name="果园社区",
            kind=residents_committee,
            street_id=_WANGTING,
            housing=(CompoundKind.RESETTLEMENT,),
            sources=(SOURCE_GUOYUAN,),
        ),
        Community(
            id=_SHENGNAN,
            name="盛南社区",
            kind=residents_committee,
            street_id=_BEIQIAO,
            sources=(SOURCE_CAOHU,),
        ),
        Community(
            id=_YUANHE_JIAYUAN,
            name="元和佳苑社区",
            kind=residents_committee,
            street_id=_YUANHE,
            sources=(SOURCE_YUANHE,),
        ),
        Community(
            id=_LOUBEI,
            name="娄北社区",
            kind=residents_committee,
            street_id=_YUANHE,
            sources=(SOURCE_YUANHE,),
        ),
        Community(
            id=_FENGHUIYUAN,
            name="峰汇园社区",
            kind=residents_committee,
            street_id=_YUANHE,
            sources=(SOURCE_YUANHE,),
        ),
        Community(
            id=_SHUIYUN_HUADU,
            name="水韵花都社区",
            kind=residents_committee,
            street_id=_YUANHE,
            sources=(SOURCE_YUANHE,),
        ),
        # 虎池苑小区 is in 白洋湾街道 and its "舍得空间" was built by 虎池苑社区; the kind of the
        # compound (商品房, 保障房 or 定销房) is not given.
        Community(
            id=_HUCHIYUAN,
            name="虎池苑社区",
            kind=residents_committee,
            street_id=_BAIYANGWAN,
            compounds=(Compound(name="虎池苑小区", buildings=("4幢",)),),
            sources=(SOURCE_BAIYANGWAN,),
        ),
        # 和美社区 and 清嘉苑社区 are reported in the 白洋湾 article as examples of its
        # micro-renovations ("在白洋湾街道的居民家门口不断实施。近日,和美社区..."). Their compounds
        # ("小区") are not named.
        Community(
            id=_HEMEI,
            name="和美社区",
            kind=residents_committee,
            street_id=_BAIYANGWAN,
            sources=(SOURCE_BAIYANGWAN,),
        ),
        Community(
            id=_QINGJIAYUAN,
            name="清嘉苑社区",
            kind=residents_committee,
            street_id=_BAIYANGWAN,
            sources=(SOURCE_BAIYANGWAN,),
        ),
    )


# -- organisations ------------------------------------------------------------------------------


def _party_branches() -> tuple[PartyBranch, ...]:
    # No membership is given, so no level is checked against it. "海棠先锋" (named in the 清嘉苑
    # report among the partners of the lane project) is a Party-building brand, but the page does
    # not say whose, so no branch carries it.
    return (
        PartyBranch(
            id=_XINCHENG_COMMITTEE,
            name="新城社区党委",
            level=BranchLevel.COMMITTEE,
            host_community_id=_XINCHENG,
            secretary_id=_CHENG_LIJUN,
            brand="五心党建,同心同行",
            sources=(SOURCE_WUMENQIAO,),
        ),
        PartyBranch(
            id=_DALONG_COMMITTEE,
            name="大龙社区党委",
            level=BranchLevel.COMMITTEE,
            host_community_id=_DALONG,
            sources=(SOURCE_WUMENQIAO,),
        ),
        PartyBranch(
            id=_LVSE_SHIGUANG_GENERAL,
            name="绿色时光社区党总支",
            level=BranchLevel.GENERAL_BRANCH,
            host_community_id=_LVSE_SHIGUANG,
            secretary_id=_WANG_HAI,
            sources=(SOURCE_LVSE_SHIGUANG,),
        ),
        PartyBranch(
            id=_JINGSHI_BRANCH,
            name="京师(苏州)律师事务所党支部",
            level=BranchLevel.BRANCH,
            host_organisation_id=_JINGSHI,
            sources=(SOURCE_LVSE_SHIGUANG,),
        ),
        PartyBranch(
            id=_GUOYUAN_GENERAL,
            name="果园社区党总支",
            level=BranchLevel.GENERAL_BRANCH,
            host_community_id=_GUOYUAN,
            sources=(SOURCE_GUOYUAN,),
        ),
        PartyBranch(
            id=_CAOHU_BRANCH,
            name="漕湖人民医院党支部",
            level=BranchLevel.BRANCH,
            host_organisation_id=_CAOHU_HOSPITAL,
            sources=(SOURCE_CAOHU,),
        ),
    )


def _organisations() -> tuple[Organisation, ...]:
    # The page gives no unified social credit code for any unit. Where a unit is, is given by
    # its name (苏州...) or by the page ("苏州相城经开区漕湖人民医院党支部"); nothing else is.
    suzhou = "苏州市"
    return (
        Organisation(
            id=_JINGSHI,
            name="京师(苏州)律师事务所",
            kind=OrganisationKind.LAW_FIRM,
            city=suzhou,
            sources=(SOURCE_LVSE_SHIGUANG,),
        ),
        Organisation(
            id=_CAOHU_HOSPITAL,
            name="漕湖人民医院",
            kind=OrganisationKind.HOSPITAL,
            district="相城经开区",
            city=suzhou,
            sources=(SOURCE_CAOHU,),
        ),
        Organisation(
            id=_CHENGTOU_RECYCLING,
            name="苏州城投再生资源发展有限公司",
            kind=OrganisationKind.COMPANY,
            city=suzhou,
            sources=(SOURCE_BAIYANGWAN,),
        ),
        Organisation(
            id=_SUZHOU_TRUST,
            name="苏州信托有限公司",
            kind=OrganisationKind.COMPANY,
            city=suzhou,
            sources=(SOURCE_BAIYANGWAN,),
        ),
        Organisation(
            id=_MUNICIPAL_FACILITIES,
            name="苏州市市政设施管理处",
            kind=OrganisationKind.PUBLIC_AGENCY,
            city=suzhou,
            sources=(SOURCE_BAIYANGWAN,),
        ),
        # The page names this unit only as "物业" (the property manager of the compound whose
        # south gate was rebuilt); "清嘉苑小区物业" is a descriptive name, not its registered one.
        # "物业" is not given as an alias: it would match every property manager.
        Organisation(
            id=_QINGJIAYUAN_PROPERTY,
            name="清嘉苑小区物业",
            kind=OrganisationKind.PROPERTY_MANAGEMENT,
            sources=(SOURCE_BAIYANGWAN,),
        ),
    )


def _partnerships() -> tuple[Partnership, ...]:
    return (
        Partnership(
            id=_LVSE_SHIGUANG_JINGSHI,
            name="绿色时光社区党总支与京师(苏州)律师事务所党支部支部共建",
            parties=(_branch(_LVSE_SHIGUANG_GENERAL), _branch(_JINGSHI_BRANCH)),
            # 近日 (see _RECENTLY_2023).
            signed=_RECENTLY_2023,
            scope=(
                PartnershipScope.PARTY_BUILDING,
                PartnershipScope.LEGAL_SERVICES,
                PartnershipScope.LEGAL_EDUCATION,
            ),
            description=(
                "支部共建签约:深化社区公共法律服务体系建设,满足居民的法律服务需求;"
                "在党建合作、社区法律服务合作方面迈出坚实一步;"
                "运用专业法律知识,持续开展普法活动,为居民提供形式多样的法律公共服务。"
            ),
            sources=(SOURCE_LVSE_SHIGUANG,),
        ),
    )


# -- people -------------------------------------------------------------------------------------


def _people() -> tuple[Person, ...]:
    # Residents are recorded with the community the page places them in; no phone or address.
    return (
        Person(
            id=_CHENG_LIJUN,
            name="成丽君",
            roles=(Role.SECRETARY,),
            position="新城社区党委书记",
            community_id=_XINCHENG,
            sources=(SOURCE_WUMENQIAO,),
        ),
        Person(
            id=_WANG_HAI,
            name="王海",
            roles=(Role.SECRETARY,),
            position="绿色时光社区党总支书记",
            community_id=_LVSE_SHIGUANG,
            sources=(SOURCE_LVSE_SHIGUANG,),
        ),
        Person(
            id=_YAO,
            name="姚女士",
            roles=(Role.RESIDENT,),
            community_id=_DALONG,
            sources=(SOURCE_WUMENQIAO,),
        ),
        # "白洋湾街道虎池苑小区的居民周福珍": 虎池苑小区 is served by 虎池苑社区.
        Person(
            id=_ZHOU_FUZHEN,
            name="周福珍",
            roles=(Role.RESIDENT,),
            community_id=_HUCHIYUAN,
            sources=(SOURCE_BAIYANGWAN,),
        ),
        # "小区居民许向前", quoted on 和美社区's playground.
        Person(
            id=_XU_XIANGQIAN,
            name="许向前",
            roles=(Role.RESIDENT,),
            community_id=_HEMEI,
            sources=(SOURCE_BAIYANGWAN,),
        ),
        Person(
            id=_GAO_FUMEI,
            name="高福妹",
            roles=(Role.RESIDENT,),
            community_id=_QINGJIAYUAN,
            sources=(SOURCE_BAIYANGWAN,),
        ),
        Person(
            id=_XU_XIAOAN,
            name="徐晓安",
            roles=(Role.REPORTER,),
            sources=(SOURCE_WUMENQIAO,),
        ),
        Person(
            id=_GAO_DA,
            name="高达",
            roles=(Role.REPORTER,),
            sources=(
                SOURCE_LVSE_SHIGUANG,
                SOURCE_NANYA,
                SOURCE_GUOYUAN,
                SOURCE_CAOHU,
                SOURCE_YUANHE,
                SOURCE_BAIYANGWAN,
            ),
        ),
        # From the byline "相望萱 高达". Beside "相经开 高达" (相城经开区 and a reporter), 相望萱
        # might also be an office's abbreviation rather than a person; it is recorded as written.
        Person(
            id=_XIANG_WANGXUAN,
            name="相望萱",
            roles=(Role.REPORTER,),
            sources=(SOURCE_GUOYUAN,),
        ),
    )


# -- what they do -------------------------------------------------------------------------------


def _xincheng_projects() -> tuple[ServiceProject, ...]:
    needs = (
        "社区人口总量大、年轻居民多、高层商品房多、居民之间较为陌生;"
        "梳理居民高频需求和冷门需求,建立居民服务项目清单"
    )
    return (
        ServiceProject(
            id=_CHILD_FRIENDLY_HOME,
            name="儿童友好家园",
            category=ProjectCategory.RESIDENT_SERVICE,
            status=ProjectStatus.IN_PROGRESS,
            community_ids=(_XINCHENG,),
            lead=_branch(_XINCHENG_COMMITTEE),
            period=_SINCE_START_OF_2023,
            needs=needs,
            description="新城社区居民服务项目清单的两个支点之一,促进年轻家长的交流。",
            sources=(SOURCE_WUMENQIAO,),
        ),
        ServiceProject(
            id=_PIONEER_CARAVAN,
            name="先锋大篷车",
            category=ProjectCategory.RESIDENT_SERVICE,
            status=ProjectStatus.IN_PROGRESS,
            community_ids=(_XINCHENG,),
            lead=_branch(_XINCHENG_COMMITTEE),
            period=_SINCE_START_OF_2023,
            needs=needs,
            description=(
                "新城社区居民服务项目清单的两个支点之一:定期开展“先锋大篷车”海棠集市,"
                "为居民链接多种便民服务。"
            ),
            sources=(SOURCE_WUMENQIAO,),
        ),
    )


def _guoyuan_pocket_park() -> ServiceProject:
    return ServiceProject(
        id=_POCKET_PARK,
        name="口袋公园",
        category=ProjectCategory.SERVICE_FOR_PEOPLE,
        status=ProjectStatus.IN_USE,
        community_ids=(_GUOYUAN,),
        lead=_branch(_GUOYUAN_GENERAL),
        year=2023,
        needs=(
            "典型的搬迁安置小区,搬迁安置的居民越来越多,小区内现有的公共服务设施已无法满足居民的"
            "日常生活需求;居民希望在家门口实现休闲娱乐。果园社区党总支通过前期摸排走访了解居民需求。"
        ),
        description="2023年度社区党组织为民服务项目之一,近日正式投入使用。",
        # 近日正式投入使用 (see _RECENTLY_2023).
        in_use=_RECENTLY_2023,
        funding=(
            Funding(
                source=FundingSource.PARTY_SERVICE_FUND,
                note="果园社区党总支设立党组织为民服务专项经费,按照经费使用办法规定使用",
            ),
        ),
        # The page gives no dates and no vote counts for either step.
        decisions=(
            Decision(body=DecisionBody.PARTY_MEMBERS_MEETING, outcome="确定项目初步方案"),
            Decision(body=DecisionBody.REPRESENTATIVES_VOTE, outcome="讨论票决形成最终项目"),
        ),
        outcomes=(Outcome(description="小区居民实现“出门入园、抬头赏景、移步闻香”"),),
        sources=(SOURCE_GUOYUAN,),
    )


def _baiyangwan_projects() -> tuple[ServiceProject, ...]:
    centimetre, day = Unit.CENTIMETRE, Unit.DAY
    return (
        ServiceProject(
            id=_SHEDE_SPACE,
            programme_id=_BAIYANGWAN_MICRO,
            name="“舍得空间”再生资源回收亭",
            category=ProjectCategory.MICRO_RENOVATION,
            status=ProjectStatus.IN_USE,
            community_ids=(_HUCHIYUAN,),
            lead=_community(_HUCHIYUAN),
            partners=(_org(_CHENGTOU_RECYCLING),),
            description=(
                "每天有垃圾回收专员驻点营业,以略高于市场的价格为居民提供塑料制品、纸制品、"
                "金属制品、纺织品、大型废旧电子产品等物品回收服务;小区内特殊人群及家中大件"
                "可回收物可电话约定上门回收。"
            ),
            outcomes=(
                Outcome(
                    description="虎池苑小区4幢旁边的一个垃圾分类厢房被改造成“舍得空间”再生资源回收亭"
                ),
            ),
            # "近日...惊喜地发现...被改造成了": in use by the time of the 2023 report.
            in_use=_RECENTLY_2023,
            sources=(SOURCE_BAIYANGWAN,),
        ),
        ServiceProject(
            id=_HEMEI_PLAYGROUND,
            programme_id=_BAIYANGWAN_MICRO,
            name="小游戏园翻新改造",
            category=ProjectCategory.MICRO_RENOVATION,
            status=ProjectStatus.COMPLETED,
            community_ids=(_HEMEI,),
            lead=_community(_HEMEI),
            # "链接共建单位苏州信托有限公司等资源": the other resources are not named.
            partners=(_org(_SUZHOU_TRUST),),
            outcomes=(
                Outcome(
                    description="小游戏园老化塑胶场地翻新修复",
                    quantity=Measurement(value=Decimal(100), unit=Unit.SQUARE_METRE),
                ),
                Outcome(description="小游戏园周边休闲座椅环境保养"),
                Outcome(description="增设垃圾桶"),
                Outcome(description="修补鹅卵石路面"),
            ),
            sources=(SOURCE_BAIYANGWAN,),
        ),
        ServiceProject(
            id=_QINGJIAYUAN_LANE,
            programme_id=_BAIYANGWAN_MICRO,
            name="小区南门非机动车道拓宽改造",
            category=ProjectCategory.MICRO_RENOVATION,
            # Residents already use the widened lane ("这次的改造解决了我们的出行难题").
            status=ProjectStatus.IN_USE,
            community_ids=(_QINGJIAYUAN,),
            lead=_community(_QINGJIAYUAN),
            partners=(_org(_MUNICIPAL_FACILITIES), _org(_QINGJIAYUAN_PROPERTY)),
            needs=(
                "居民反馈小区南门非机动车道较窄影响通行;社区赴现场核实,西侧出口最窄处仅有"
                "50厘米左右,稍大点的电动车出入存在一定隐患。"
            ),
            description=(
                "社区联合共建单位苏州市市政设施管理处及海棠先锋、物业对出入口进行改造。"
                "(“海棠先锋”为党建品牌,页面未说明所属党组织。)"
            ),
            outcomes=(
                Outcome(
                    description="南门西侧非机动车出入口(最窄处)拓宽",
                    before=Measurement(value=Decimal(50), unit=centimetre, approximate=True),
                    after=Measurement(value=Decimal(120), unit=centimetre),
                ),
                Outcome(description="按照新尺寸重新安装智能电动门"),
            ),
            # "经过2天紧张的施工": the work took two days.
            duration=Measurement(value=Decimal(2), unit=day),
            in_use=_RECENTLY_2023,
            sources=(SOURCE_BAIYANGWAN,),
        ),
        # The street-wide programme: 48 micro-renovations in its communities this year.
        ServiceProject(
            id=_BAIYANGWAN_MICRO,
            name="白洋湾街道共建“微改造”项目",
            category=ProjectCategory.MICRO_RENOVATION,
            status=ProjectStatus.IN_PROGRESS,
            street_id=_BAIYANGWAN,
            lead=_ref(RecordKind.STREET, _BAIYANGWAN),
            period=_SINCE_START_OF_2023,
            needs=(
                "辖区19个住宅小区既有商品房小区,又有大量保障房、定销房小区,小区设施条件不一,"
                "居民结构复杂,诉求多样。"
            ),
            description=(
                "党建引领多元治理,推动共建共治共享;根据不同小区实际需求实施“微改造”:"
                "“升级版”便民通道铺设、集中晾晒点设置、风化严重的小区围墙翻新重建等。"
                "下一步将在基础设施、人居环境、民生服务等方面实施共建“微实事”项目。"
            ),
            outcomes=(
                Outcome(
                    description="今年以来在各社区打造“微改造”项目",
                    count=parse_count("48个"),
                ),
                Outcome(description="“升级版”便民通道铺设"),
                Outcome(description="整齐漂亮的集中晾晒点设置"),
                Outcome(description="风化严重的小区围墙翻新重建"),
            ),
            sources=(SOURCE_BAIYANGWAN,),
        ),
    )


def _service_projects() -> tuple[ServiceProject, ...]:
    return (*_xincheng_projects(), _guoyuan_pocket_park(), *_baiyangwan_projects())


def _wumenqiao_activities() -> tuple[Activity, ...]:
    return (
        Activity(
            id="activity:wumenqiao-friday-salon",
            title="社区书记“敢闯敢试”星期五沙龙",
            category=ActivityCategory.SALON,
            organisers=(_ref(RecordKind.STREET, _WUMENQIAO),),
            # 日前 (see _RECENTLY_2023).
            when=_RECENTLY_2023,
            audience="吴门桥街道社区书记",
            description="新城社区党委书记成丽君分享了新城社区打造“熟人社会”以来居民状态的点滴变化。",
            sources=(SOURCE_WUMENQIAO,),
        ),
        # Held regularly (定期举办) since the start of the year: one record for the recurring
        # activities, dated by the period they run in.
        Activity(
            id="activity:xincheng-parent-evenings",
            title="儿童学习娱乐、亲子关系建立、家长夜话等团体互动活动",
            category=ActivityCategory.PARENTING,
            organisers=(_branch(_XINCHENG_COMMITTEE),),
            when=_SINCE_START_OF_2023,
            community_ids=(_XINCHENG,),
            # "以“儿童友好家园”和“先锋大篷车”两个项目为支点...定期举办儿童学习娱乐、亲子关系
            # 建立、家长夜话等团体互动活动": the parent-child activities of the 儿童友好家园 pivot.
            project_id=_CHILD_FRIENDLY_HOME,
            audience="年轻家长和儿童",
            schedule=Schedule.from_words("定期"),
            description="定期举办,促进年轻家长的交流。",
            sources=(SOURCE_WUMENQIAO,),
        ),
        Activity(
            id="activity:xincheng-haitang-market",
            title="“先锋大篷车”海棠集市",
            category=ActivityCategory.MARKET,
            organisers=(_branch(_XINCHENG_COMMITTEE),),
            when=_SINCE_START_OF_2023,
            community_ids=(_XINCHENG,),
            project_id=_PIONEER_CARAVAN,
            services=("吃", "喝", "购", "娱", "养生", "维修", "法规"),
            schedule=Schedule.from_words("定期"),
            description="定期开展,为居民链接多种便民服务。",
            sources=(SOURCE_WUMENQIAO,),
        ),
        # The 大龙 report gives no time at all: the fair was held on or before the 2023 report.
        Activity(
            id="activity:dalong-intangible-heritage",
            title="“非遗主题文化”海棠便民系列活动",
            category=ActivityCategory.CULTURAL,
            organisers=(_branch(_DALONG_COMMITTEE),),
            when=When.on_or_before(When.year(2023)),
            community_ids=(_DALONG,),
            series="海棠便民系列活动",
            venue="社区小广场",
            services=(
                "糖画",
                "棕编",
                "泥人",
                "磨刀",
                "理发",
                "修鞋",
                "修小家电",
                "量血压",
                "测血糖",
            ),
            description=(
                "以“文化自信”为抓手,邀请专家下基层、进社区,推出“非遗文化盛宴”;"
                "非遗糖画、棕编、泥人体验与便民服务相结合。"
            ),
            sources=(SOURCE_WUMENQIAO,),
        ),
    )


def _xiangcheng_activities() -> tuple[Activity, ...]:
    return (
        Activity(
            id="activity:lvse-shiguang-jingshi-signing",
            title="绿色时光社区党总支与京师(苏州)律师事务所党支部支部共建签约仪式",
            category=ActivityCategory.SIGNING,
            organisers=(_branch(_LVSE_SHIGUANG_GENERAL), _branch(_JINGSHI_BRANCH)),
            # 近日 (see _RECENTLY_2023).
            when=_RECENTLY_2023,
            community_ids=(_LVSE_SHIGUANG,),
            partnership_id=_LVSE_SHIGUANG_JINGSHI,
            description="签约会上,绿色时光社区党总支书记王海讲话。",
            sources=(SOURCE_LVSE_SHIGUANG,),
        ),
        # 暑期 is the summer holiday, July and August; the class ran in a 暑托班 of 2023.
        Activity(
            id="activity:nanya-garbage-sorting",
            title="“小朋友携手垃圾分类”融合教育主题活动",
            category=ActivityCategory.EDUCATION,
            organisers=(_community(_NANYA_HUAYUAN),),
            when=When.between(When.month(2023, 7), When.month(2023, 8)),
            community_ids=(_NANYA_HUAYUAN,),
            venue="中心垃圾分类小课堂",
            audience="青少年暑托班的辖区小朋友代表",
            participants=parse_count("20余人"),
            description="依托青少年暑托班举办;志愿者老师引导孩子们学习垃圾分类小知识、参与游戏互动。",
            sources=(SOURCE_NANYA,),
        ),
        # "在第六个“中国医师节”来临之际" and "当日傍晚": one evening as the 6th Doctors' Day
        # (19 August 2023) drew near. No day is given, so the time is the interval from 2023
        # (the year of that Doctors' Day) up to 19 August 2023.
        Activity(
            id="activity:caohu-free-clinic-3",
            title="第三期‘救’在身边,健康集市科普义诊",
            category=ActivityCategory.FREE_CLINIC,
            organisers=(_branch(_CAOHU_BRANCH),),
            when=When.between(When.year(2023), When.day(2023, 8, 19)),
            community_ids=(_SHENGNAN,),
            audience="居民",
            services=("诊疗服务", "医疗健康咨询", "常见病、多发病预防诊治方法普及"),
            participants=parse_count("400余名"),
            staff=parse_count("10余名"),
            series="‘救’在身边,健康集市科普义诊",
            number=3,
            # "当日傍晚": the evening of a day the page does not give.
            part_of_day=PartOfDay.DUSK,
            description=(
                "当日傍晚,来自医院内科、外科、骨科、妇产科、中医科等科室的医务人员为群众开展"
                "诊疗服务;深入推进“相城仁医”先锋为民志愿服务。下一步医院将持续推进“健康夜市”"
                "义诊活动。"
            ),
            sources=(SOURCE_CAOHU,),
        ),
        Activity(
            id="activity:yuanhe-hyperbaric-lecture",
            title="健康大讲堂:高压氧知识专题讲座",
            category=ActivityCategory.LECTURE,
            organisers=(
                _community(_YUANHE_JIAYUAN),
                _community(_LOUBEI),
                _community(_FENGHUIYUAN),
                _community(_SHUIYUN_HUADU),
            ),
            # 近日 (see _RECENTLY_2023).
            when=_RECENTLY_2023,
            community_ids=(_YUANHE_JIAYUAN, _LOUBEI, _FENGHUIYUAN, _SHUIYUN_HUADU),
            description=(
                "邀请医生讲述高压氧的基本概念、治疗范围、治疗疗程、治疗安全性及日常保健作用。"
            ),
            sources=(SOURCE_YUANHE,),
        ),
    )


# -- the three lists ----------------------------------------------------------------------------


def _lists() -> tuple[ServiceList, ...]:
    # "新城社区党委...精心梳理居民高频需求和冷门需求,建立居民服务项目清单,以“儿童友好家园”和
    # “先锋大篷车”两个项目为支点": a list of projects kept by the committee since the start of
    # 2023. The page gives no totals and no adopting units.
    return (
        ServiceList(
            id=_XINCHENG_SERVICES,
            name="新城社区居民服务项目清单",
            kind=ListKind.PROJECTS,
            keeper=_branch(_XINCHENG_COMMITTEE),
            period=_SINCE_START_OF_2023,
            description="梳理居民高频需求和冷门需求而建立;“儿童友好家园”和“先锋大篷车”为其两个支点。",
            sources=(SOURCE_WUMENQIAO,),
        ),
    )


def _list_items() -> tuple[ListItem, ...]:
    return tuple(
        ListItem(
            id=f"item:{project.removeprefix('project:')}",
            list_id=_XINCHENG_SERVICES,
            title=title,
            status=ItemStatus.IN_PROGRESS,
            community_id=_XINCHENG,
            project_id=project,
            sources=(SOURCE_WUMENQIAO,),
        )
        for title, project in (
            ("儿童友好家园", _CHILD_FRIENDLY_HOME),
            ("先锋大篷车", _PIONEER_CARAVAN),
        )
    )


@functools.cache
def page_records() -> tuple[Entity, ...]:
    """Every record the source page reports, built once (records are immutable).

    In this order of kinds: streets, communities, Party organisations, partner units, people,
    partnerships, service projects, activities, lists and their items.

    >>> records = page_records()
    >>> len(records), records[0].id, records[-1].id
    (58, 'street:wumenqiao', 'item:xincheng-pioneer-caravan')
    """
    return (
        *_streets(),
        *_communities(),
        *_party_branches(),
        *_organisations(),
        *_people(),
        *_partnerships(),
        *_service_projects(),
        *_wumenqiao_activities(),
        *_xiangcheng_activities(),
        *_lists(),
        *_list_items(),
    )


if __name__ == "__main__":
    print(repr(Dataset.from_records(page_records())))
