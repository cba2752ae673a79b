"""Closed vocabularies: stable lowercase English codes on the wire, Chinese labels for people.

Policy: a code, once released, is never renamed or removed (it is in stored files); new codes
may be added in a minor release. Each member's ``label`` is the Chinese term used in records.
"""

from __future__ import annotations

import enum
import typing
from typing import Self

__all__ = [
    "ActivityCategory",
    "ActivityStatus",
    "AdoptionRole",
    "BranchLevel",
    "CommunityKind",
    "CompoundKind",
    "CountQualifier",
    "DecisionBody",
    "FundingSource",
    "ItemStatus",
    "ListKind",
    "MeasureWord",
    "OrganisationKind",
    "PartOfDay",
    "PartnershipScope",
    "ProjectCategory",
    "ProjectStatus",
    "RecordKind",
    "Role",
    "Season",
    "StreetKind",
    "Unit",
    "Unspecified",
    "Vocabulary",
]


class Vocabulary(enum.StrEnum):
    """A closed vocabulary: the value is the wire code, ``label`` the Chinese term.

    ``forms`` are the Chinese forms :meth:`parse` reads: the label first, then any other
    wording records use (社区 for 社区居委会).
    """

    label: str
    forms: tuple[str, ...]

    def __new__(cls, code: str, label: str, *more: str) -> Self:
        member = str.__new__(cls, code)
        member._value_ = code
        member.label = label
        member.forms = (label, *more)
        return member

    @classmethod
    def parse(cls, text: str) -> Self:
        """The member ``text`` names: its wire code (``"residents_committee"``), its Python
        name (``"RESIDENTS_COMMITTEE"``), its Chinese label or another form records use
        (``"社区居委会"``, ``"社区"``), or one part of a label written ``a/b``; ``ValueError``
        (saying what it takes) for anything else, or for a form two members share.

        >>> CommunityKind.parse("社区"), CommunityKind.parse("village_committee")
        (<CommunityKind.RESIDENTS_COMMITTEE: 'residents_committee'>, \
<CommunityKind.VILLAGE_COMMITTEE: 'village_committee'>)
        """
        member = _readings(cls).get(text.strip()) if isinstance(text, str) else None
        if member is None:
            labels = ", ".join(member.label for member in cls)
            raise ValueError(
                f"{cls.__name__}.parse: {text!r} is neither a wire code "
                f"({', '.join(cls.codes())}) nor a Chinese label ({labels})"
            )
        return typing.cast(Self, member)

    @classmethod
    def from_code(cls, code: str) -> Self:
        """The member whose wire code is ``code``; ``ValueError`` for an unknown code."""
        member = cls._value2member_map_.get(code)
        if member is None:
            raise ValueError(f"{code!r} is not one of {', '.join(map(repr, cls.codes()))}")
        return typing.cast(Self, member)

    @classmethod
    def codes(cls) -> tuple[str, ...]:
        """Every wire code of this vocabulary, in declaration order."""
        return tuple(member.value for member in cls)

    @classmethod
    def describe(cls) -> str:
        """``code = 标签`` pairs, for help texts and JSON Schema descriptions."""
        return "; ".join(f"{member.value} = {member.label}" for member in cls)


_READINGS: dict[type[Vocabulary], dict[str, Vocabulary]] = {}


def _readings(cls: type[Vocabulary]) -> dict[str, Vocabulary]:
    """Every text :meth:`Vocabulary.parse` reads as a member of ``cls``; a text two members
    could mean is left out."""
    found = _READINGS.get(cls)
    if found is not None:
        return found
    readings: dict[str, Vocabulary] = {}
    shared: set[str] = set()
    for member in cls:
        parts = {part for form in member.forms for part in form.split("/")}
        for text in {member.value, member.name, *member.forms, *parts}:
            if readings.setdefault(text, member) is not member:
                shared.add(text)
    for text in shared:
        del readings[text]
    _READINGS[cls] = readings
    return readings


class StreetKind(Vocabulary):
    """Township-level unit (乡级): the kind of a :class:`~community_model.Street`."""

    SUBDISTRICT = "subdistrict", "街道"
    TOWN = "town", "镇"
    TOWNSHIP = "township", "乡"
    OTHER = "other", "其他乡级单位"


class CommunityKind(Vocabulary):
    """Village-level unit (村级): the kind of a :class:`~community_model.Community`."""

    RESIDENTS_COMMITTEE = "residents_committee", "社区居委会", "社区", "居委会"
    VILLAGE_COMMITTEE = "village_committee", "村委会", "村", "村民委员会"
    OTHER = "other", "其他村级单位"


class CompoundKind(Vocabulary):
    """Housing of a residential compound (小区)."""

    COMMERCIAL = "commercial", "商品房"
    AFFORDABLE = "affordable", "保障房"
    RESETTLEMENT = "resettlement", "定销房/安置房"
    MIXED = "mixed", "混合"
    OTHER = "other", "其他"


class BranchLevel(Vocabulary):
    """Level of a grassroots Party organisation; membership conventions in ``typical_members``."""

    COMMITTEE = "committee", "党委"
    GENERAL_BRANCH = "general_branch", "党总支"
    BRANCH = "branch", "党支部"


class OrganisationKind(Vocabulary):
    """Kind of a partner unit (共建单位)."""

    LAW_FIRM = "law_firm", "律师事务所"
    HOSPITAL = "hospital", "医院"
    COMPANY = "company", "企业"
    PUBLIC_AGENCY = "public_agency", "机关事业单位"
    PROPERTY_MANAGEMENT = "property_management", "物业服务企业"
    SOCIAL_ORGANISATION = "social_organisation", "社会组织"
    SCHOOL = "school", "学校"
    OTHER = "other", "其他"


class Role(Vocabulary):
    """Role a person is named for in a record."""

    SECRETARY = "secretary", "书记"
    DEPUTY_SECRETARY = "deputy_secretary", "副书记"
    RESIDENT = "resident", "居民"
    VOLUNTEER = "volunteer", "志愿者"
    REPORTER = "reporter", "记者"
    DOCTOR = "doctor", "医生"
    EXPERT = "expert", "专家"
    STAFF = "staff", "工作人员"
    OTHER = "other", "其他"


class PartnershipScope(Vocabulary):
    """What a co-building agreement (结对共建) covers."""

    PARTY_BUILDING = "party_building", "党建"
    LEGAL_SERVICES = "legal_services", "公共法律服务"
    LEGAL_EDUCATION = "legal_education", "普法"
    HEALTH = "health", "健康"
    CULTURE = "culture", "文化"
    ENVIRONMENT = "environment", "环境"
    RECYCLING = "recycling", "再生资源回收"
    INFRASTRUCTURE = "infrastructure", "基础设施"
    ELDERLY_CARE = "elderly_care", "养老"
    CHILDREN = "children", "儿童"
    FINANCE = "finance", "金融"
    OTHER = "other", "其他"


class ProjectCategory(Vocabulary):
    """Kind of a service project."""

    SERVICE_FOR_PEOPLE = "service_for_people", "为民服务项目"
    MICRO_RENOVATION = "micro_renovation", "微改造"
    RESIDENT_SERVICE = "resident_service", "居民服务项目"
    BRAND = "brand", "品牌项目"
    OTHER = "other", "其他"


class ProjectStatus(Vocabulary):
    """Lifecycle of a service project, in the order a project goes through it."""

    PROPOSED = "proposed", "提出"
    APPROVED = "approved", "已立项"
    IN_PROGRESS = "in_progress", "实施中"
    COMPLETED = "completed", "已建成"
    IN_USE = "in_use", "已投用"
    CANCELLED = "cancelled", "已取消"
    UNKNOWN = "unknown", "不详"


class FundingSource(Vocabulary):
    """Where a project's money comes from."""

    PARTY_SERVICE_FUND = "party_service_fund", "党组织为民服务专项经费"
    GOVERNMENT = "government", "财政资金"
    PARTNER = "partner", "共建单位"
    COMMUNITY = "community", "社区自筹"
    DONATION = "donation", "社会捐赠"
    OTHER = "other", "其他"


class DecisionBody(Vocabulary):
    """The meeting that took a decision on a project.

    居民会议 (all adult residents, or household representatives) and 居民代表会议 (their
    representatives) are different bodies in the Organic Law of Urban Residents' Committees, as
    村民会议 and 村民代表会议 are in the Organic Law of Villagers' Committees.
    """

    PARTY_MEMBERS_MEETING = "party_members_meeting", "党员大会"
    REPRESENTATIVES_VOTE = "representatives_vote", "党员群众代表讨论票决"
    RESIDENTS_MEETING = "residents_meeting", "居民会议"
    COMMITTEE_MEETING = "committee_meeting", "两委会议"
    OTHER = "other", "其他"
    RESIDENTS_REPRESENTATIVES_MEETING = "residents_representatives_meeting", "居民代表会议"
    VILLAGERS_MEETING = "villagers_meeting", "村民会议"
    VILLAGERS_REPRESENTATIVES_MEETING = "villagers_representatives_meeting", "村民代表会议"
    JOINT_MEETING = "joint_meeting", "联席会议"
    CONSULTATION_COUNCIL = "consultation_council", "协商议事会"
    PROJECT_SELECTION_MEETING = "project_selection_meeting", "项目遴选会"


class ActivityCategory(Vocabulary):
    """Kind of an activity."""

    FREE_CLINIC = "free_clinic", "义诊"
    LECTURE = "lecture", "讲座"
    MARKET = "market", "集市"
    SIGNING = "signing", "共建签约"
    CULTURAL = "cultural", "文化活动"
    EDUCATION = "education", "宣传教育"
    PARENTING = "parenting", "亲子/家长活动"
    SALON = "salon", "沙龙"
    VOLUNTEER_SERVICE = "volunteer_service", "志愿服务"
    MEETING = "meeting", "会议"
    OTHER = "other", "其他"


class ActivityStatus(Vocabulary):
    """Whether an activity took place."""

    SCHEDULED = "scheduled", "计划中"
    HELD = "held", "已举办"
    CANCELLED = "cancelled", "已取消"
    POSTPONED = "postponed", "延期"


class CountQualifier(Vocabulary):
    """How exact a reported count is: 400余名 is ``more_than`` 400, 近50 ``nearly`` 50.

    In Chinese legal usage 以上/以下/以内 include the number itself, 超过/不满/不足 exclude it
    (Civil Code art. 1259): 100人以上 is ``at_least`` 100, 不足50人 ``less_than`` 50.
    """

    EXACT = "exact", "确数"
    ABOUT = "about", "约/左右"
    MORE_THAN = "more_than", "余/多/超过"
    AT_LEAST = "at_least", "至少/以上/不少于"
    NEARLY = "nearly", "近/将近"
    AT_MOST = "at_most", "至多/以下/以内/不超过"
    LESS_THAN = "less_than", "不足/不满/不到"


class MeasureWord(Vocabulary):
    """What a count counts: the measure word (量词) a report writes after the number.

    ``label`` is the form the library writes; ``forms`` every form it reads (人, 名 and 位 all
    count people). 人 and 人次 are different quantities: people, and participations.
    """

    PEOPLE = "people", "人", "名", "位"
    PERSON_TIMES = "person_times", "人次"
    HOUSEHOLDS = "households", "户"
    SESSIONS = "sessions", "场", "次", "期"
    ITEMS = "items", "个", "项", "件"
    ENTRIES = "entries", "条"
    UNITS = "units", "家", "个单位"
    VEHICLES = "vehicles", "辆"
    SETS = "sets", "套"
    MACHINES = "machines", "台"
    TRUCKLOADS = "truckloads", "车"
    PLACES = "places", "处"
    COPIES = "copies", "份"
    BUILDINGS = "buildings", "栋", "幢"


class Unit(Vocabulary):
    """Unit of a measurement in a project's outcomes."""

    SQUARE_METRE = "square_metre", "平方米"
    METRE = "metre", "米"
    CENTIMETRE = "centimetre", "厘米"
    DAY = "day", "天"
    HOUR = "hour", "小时"
    ITEM = "item", "个"
    PERSON = "person", "人"
    HOUSEHOLD = "household", "户"
    PERCENT = "percent", "%"


class Season(Vocabulary):
    """A season of a year (EDTF ``2021-21`` ... ``2021-24``), by the Northern Hemisphere's
    meteorological seasons: spring is March to May, summer June to August, autumn September to
    November, and winter December to February, running into the next year."""

    SPRING = "spring", "春季"
    SUMMER = "summer", "夏季"
    AUTUMN = "autumn", "秋季"
    WINTER = "winter", "冬季"


class Unspecified(Vocabulary):
    """Which digits of a date the source leaves unspecified (EDTF ``X``): ``202X`` is a year of
    the 2020s, ``2023-XX-15`` the 15th of some month of 2023."""

    YEAR_DIGIT = "year_digit", "年份末位不详"
    YEAR_DIGITS = "year_digits", "年份末两位不详"
    MONTH = "month", "月份不详"
    DAY = "day", "日不详"
    MONTH_AND_DAY = "month_and_day", "月、日不详"


class PartOfDay(Vocabulary):
    """A part of a day as reports give it (当日傍晚, 上午), with the hours it may cover.

    The parts overlap (中午 lies across the end of 上午 and the start of 下午; 傍晚 across the
    end of 下午 and the start of 晚上): each spans every hour the word may mean, so a time in
    the part is surely within its hours.
    """

    BEFORE_DAWN = "before_dawn", "凌晨"
    MORNING = "morning", "上午"
    NOON = "noon", "中午"
    AFTERNOON = "afternoon", "下午"
    DUSK = "dusk", "傍晚"
    EVENING = "evening", "晚上"

    @property
    def hours(self) -> tuple[int, int]:
        """The first hour of the part and the hour it ends at (exclusive), in local time:
        凌晨 0-6, 上午 6-12, 中午 11-14, 下午 12-18, 傍晚 17-20, 晚上 18-24."""
        return _PART_OF_DAY_HOURS[self.value]


_PART_OF_DAY_HOURS: dict[str, tuple[int, int]] = {
    "before_dawn": (0, 6),
    "morning": (6, 12),
    "noon": (11, 14),
    "afternoon": (12, 18),
    "dusk": (17, 20),
    "evening": (18, 24),
}


class RecordKind(Vocabulary):
    """Kind of record a reference points to; also the ``type`` tag of a JSON Lines record."""

    STREET = "street", "街道/镇"
    COMMUNITY = "community", "社区/村"
    PARTY_BRANCH = "party_branch", "党组织"
    ORGANISATION = "organisation", "共建单位"
    PERSON = "person", "人员"
    PARTNERSHIP = "partnership", "结对共建"
    SERVICE_PROJECT = "service_project", "为民服务项目"
    ACTIVITY = "activity", "活动"
    SERVICE_LIST = "service_list", "清单"
    LIST_ITEM = "list_item", "清单条目"
    ADOPTION = "adoption", "认领"


class ListKind(Vocabulary):
    """Which of the "three lists" (三张清单) a street or community keeps."""

    NEEDS = "needs", "需求清单"
    RESOURCES = "resources", "资源清单"
    PROJECTS = "projects", "项目清单"


class ItemStatus(Vocabulary):
    """Where an item of a list stands: waiting for a unit, adopted, done."""

    OPEN = "open", "待认领"
    ADOPTED = "adopted", "已认领"
    IN_PROGRESS = "in_progress", "实施中"
    DONE = "done", "已完成"
    CANCELLED = "cancelled", "已取消"
    UNKNOWN = "unknown", "不详"


class AdoptionRole(Vocabulary):
    """What a unit does for an item it adopts (认领)."""

    ADOPT = "adopt", "认领"
    FUND = "fund", "出资"
    IMPLEMENT = "implement", "实施"
    DONATE = "donate", "捐赠"
    VOLUNTEER = "volunteer", "志愿服务"
