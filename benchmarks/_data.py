"""Deterministic, realistic records for benchmarks, built from a seed.

The records mimic those ``community_model.strategies.bulk_dataset`` drew for the first
benchmarks (realistic names, codes, times and counts; every reference resolves), built directly
with the library's public constructors from a seeded ``random.Random``: the strategies do not
build records of the current model yet (issue 11 added counts with measure words, explicit
unknowns and the three lists, and ``bulk_dataset`` fails on them), and a benchmark must not
depend on work in progress elsewhere. Each record is validated on construction, as any record.

The mix follows the earlier data: activities of 1 to 3 organisers, times of every EDTF form
(days, moments, months, years, open intervals, minutes, seasons), counts of people, person-times
or households with a qualifier, series with numbers, sources with dates and URLs; about 540
bytes of JSON per activity.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from community_model import (
    Activity,
    ActivityCategory,
    ActivityStatus,
    BranchLevel,
    Community,
    CommunityKind,
    Count,
    CountQualifier,
    Dataset,
    DivisionCode,
    Entity,
    MeasureWord,
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
    Schedule,
    ServiceProject,
    Source,
    Street,
    StreetKind,
    Unknown,
    When,
)

#: Activities per community when only activities are asked for.
ACTIVITIES_PER_COMMUNITY = 100
#: Communities per street.
COMMUNITIES_PER_STREET = 10

_PLACES = (
    "白洋湾",
    "望亭",
    "金亭",
    "临湖",
    "澄阳",
    "漕湖",
    "盛南",
    "北桥",
    "吴门桥",
    "双塔",
    "东山",
    "通安",
)
_TITLES = (
    "志愿服务日",
    "便民理发磨剪刀",
    "三元社区邻里节",
    "义诊进社区",
    "法律知识讲座",
    "垃圾分类宣传",
    "暑期托管班",
    "重阳敬老活动",
    "共建签约仪式",
    "亲子阅读会",
    "党员议事会",
    "家门口的集市",
)
_SERVICES = (
    "磨剪刀",
    "棕编",
    "内科",
    "健康咨询",
    "中医科",
    "手机维修",
    "家电维修",
    "外科",
    "理发",
    "法律咨询",
)
_AUDIENCES = ("党员群众", "暑托班儿童", "辖区老人", "新市民", "居民代表")
_VENUES = ("社区党群服务中心", "邻里中心广场", "小区篮球场", "社区卫生服务站", "街道文体中心")
_SENTENCES = (
    "社区党委摸排走访,收集居民诉求。",
    "项目使用党组织为民服务专项经费。",
    "破损的塑胶场地焕然一新,增设了座椅和垃圾桶。",
    "垃圾房改造为再生资源回收点,每天有专人值守。",
    "经党员群众代表讨论票决,确定实施方案。",
    "共建单位派出10余名医护人员。",
)
_SOURCE_TITLES = (
    "望亭度假区:“家门口”的为民服务",
    "白洋湾街道:小切口撬动大民生",
    "金亭街道:党建引领基层治理",
    "临湖民族乡:微改造托起居民幸福感",
)
_PUBLISHERS = ("苏州新闻网", "姑苏晚报", "苏州日报")
_BYLINES = ("高福妹", "许向前", "彭娟晓", "成丽君")
_NOTES = ("转载自街道公众号", "据现场采访")
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
_GIVEN = ("丽君", "向前", "娟晓", "福妹", "建国", "海燕", "志强", "秀英", "国平", "文杰")
_ORG_NAMES = (
    "人民医院",
    "实验小学",
    "律师事务所",
    "物业服务中心",
    "科技有限公司",
    "社会工作服务社",
)
_ORG_KINDS = (
    OrganisationKind.HOSPITAL,
    OrganisationKind.SCHOOL,
    OrganisationKind.LAW_FIRM,
    OrganisationKind.PROPERTY_MANAGEMENT,
    OrganisationKind.COMPANY,
    OrganisationKind.SOCIAL_ORGANISATION,
)
_COUNTED = (MeasureWord.PEOPLE, MeasureWord.PERSON_TIMES, MeasureWord.HOUSEHOLDS)


class _Draw:
    """Seeded choices, and value objects shared as the library's parse caches share them."""

    def __init__(self, seed: int) -> None:
        self.r = random.Random(seed)
        self._times: dict[str, When] = {}

    def maybe(self, build: Callable[[], Any], chance: float = 0.5) -> Any:
        return build() if self.r.random() < chance else None

    def pick(self, items: tuple[Any, ...] | list[Any]) -> Any:
        return items[self.r.randrange(len(items))]

    def some(self, items: tuple[Any, ...] | list[Any], most: int) -> tuple[Any, ...]:
        return tuple(self.r.sample(items, self.r.randint(0, min(most, len(items)))))

    def time(self, text: str) -> When:
        found = self._times.get(text)
        if found is None:
            found = self._times[text] = When.parse(text)
        return found

    def day(self) -> str:
        r = self.r
        return f"{r.randint(2010, 2026)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"

    def moment(self) -> str:
        r = self.r
        return f"{self.day()}T{r.randint(0, 23):02d}:{r.choice((0, 15, 30, 45)):02d}:00+08:00"

    def when(self) -> When:
        r = self.r
        roll = r.random()
        if roll < 0.35:
            text = self.day()
        elif roll < 0.55:
            text = self.moment()
        elif roll < 0.65:
            text = f"../{self.day()}"
        elif roll < 0.72:
            text = f"{self.moment()}/.."
        elif roll < 0.80:
            text = f"{r.randint(2010, 2026)}-{r.randint(1, 12):02d}"
        elif roll < 0.86:
            text = str(r.randint(2010, 2026))
        elif roll < 0.90:
            text = f"{self.day()}T{r.randint(8, 20):02d}:30+08:00"
        elif roll < 0.93:
            text = f"{r.randint(2010, 2026)}-{r.randint(21, 24)}"
        elif roll < 0.97:
            start = self.day()
            text = f"{start}/{int(start[:4]) + 1}{start[4:]}"
        else:
            text = f"{r.randint(2010, 2026)}-{r.randint(1, 12):02d}~"
        return self.time(text)

    def count(self, words: tuple[MeasureWord, ...] | None, low: int, high: int) -> Count:
        r = self.r
        qualifier = self.pick(
            (CountQualifier.EXACT,) * 3
            + (CountQualifier.ABOUT, CountQualifier.MORE_THAN, CountQualifier.AT_LEAST)
        )
        unit = self.pick(words) if words and r.random() < 0.7 else None
        return Count(value=r.randint(max(low, 1), high), qualifier=qualifier, unit=unit)

    def text(self, most: int = 3) -> str:
        return "".join(self.pick(_SENTENCES) for _ in range(self.r.randint(1, most)))

    def sources(self) -> tuple[Source, ...]:
        if self.r.random() < 0.5:
            return ()
        return tuple(
            Source(
                title=self.pick(_SOURCE_TITLES),
                publisher=self.maybe(lambda: self.pick(_PUBLISHERS)),
                published=self.maybe(lambda: self.time(self.day())),
                byline=self.maybe(lambda: self.pick(_BYLINES), 0.3),
                url=self.maybe(
                    lambda: (
                        f"https://www.subaonet.com/{self.r.randint(2010, 2026)}/"
                        f"{self.r.randint(101, 1231):04d}/{self.r.randint(100000, 999999)}.shtml"
                    ),
                    0.4,
                ),
                note=self.maybe(lambda: self.pick(_NOTES), 0.3),
            )
            for _ in range(self.r.randint(1, 2))
        )


class _Pools:
    """The records activities refer to."""

    def __init__(self) -> None:
        self.communities: list[str] = []
        self.organisers: list[Ref] = []
        self.partners: list[Ref] = []
        self.projects: list[str] = []
        self.partnerships: list[str] = []


def _activity(d: _Draw, number: int, pools: _Pools) -> Activity:
    r = d.r
    title = d.pick(_TITLES)
    series = d.maybe(lambda: title, 0.2)
    organisers = tuple(r.sample(pools.organisers, r.randint(1, min(3, len(pools.organisers)))))
    return Activity(
        id=f"activity:{number}",
        title=title,
        category=d.pick(tuple(ActivityCategory)),
        organisers=organisers,
        when=d.when() if r.random() < 0.98 else Unknown(reason="报道未说明日期"),
        status=d.pick((ActivityStatus.HELD,) * 3 + tuple(ActivityStatus)),
        community_ids=d.some(pools.communities, 3) if r.random() < 0.75 else (),
        partners=d.some(pools.partners, 3) if r.random() < 0.75 else (),
        project_id=d.maybe(lambda: d.pick(pools.projects)),
        partnership_id=d.maybe(lambda: d.pick(pools.partnerships)),
        venue=d.maybe(lambda: d.pick(_VENUES)),
        audience=d.maybe(lambda: d.pick(_AUDIENCES)),
        services=d.some(_SERVICES, 4) if r.random() < 0.8 else (),
        participants=d.maybe(lambda: d.count(_COUNTED, 10, 2000)),
        volunteers=d.maybe(lambda: d.count((MeasureWord.PEOPLE,), 1, 60)),
        staff=d.maybe(lambda: d.count((MeasureWord.PEOPLE,), 1, 30)),
        series=series,
        number=d.maybe(lambda: r.randint(1, 30)) if series else None,
        description=d.maybe(d.text),
        beneficiaries=d.maybe(lambda: d.count(_COUNTED, 10, 5000), 0.2),
        sessions=d.maybe(lambda: d.count((MeasureWord.SESSIONS,), 2, 40), 0.5) if series else None,
        outcomes=(
            (Outcome(description="收集需求", count=d.count((MeasureWord.ENTRIES,), 5, 80)),)
            if r.random() < 0.05
            else ()
        ),
        schedule=Schedule.from_words("每周六") if r.random() < 0.03 else None,
        part_of_day=d.maybe(lambda: d.pick(tuple(PartOfDay)), 0.1),
        sources=d.sources(),
    )


def _street_code(number: int) -> DivisionCode:
    return DivisionCode(digits=f"320508{number % 100:03d}")


def _build(seed: int, streets: int, communities: int, activities: int) -> dict[str, list[Entity]]:
    """A consistent set of records: per community a Party organisation, a partner unit, two
    people, a partnership and a project; then the activities."""
    d = _Draw(seed)
    r = d.r
    pools = _Pools()
    found: dict[str, list[Entity]] = {
        name: []
        for name in (
            "streets",
            "communities",
            "party_branches",
            "organisations",
            "people",
            "partnerships",
            "service_projects",
            "activities",
        )
    }
    for number in range(1, streets + 1):
        found["streets"].append(
            Street(
                id=f"street:{number}",
                name=f"{d.pick(_PLACES)}街道",
                kind=StreetKind.SUBDISTRICT,
                code=_street_code(number) if number < 100 else None,
                district="姑苏区",
                city="苏州市",
                sources=d.sources(),
            )
        )
    for number in range(1, communities + 1):
        street = f"street:{(number - 1) % streets + 1}"
        community = f"community:{number}"
        found["communities"].append(
            Community(
                id=community,
                name=f"{d.pick(_PLACES)}社区",
                kind=CommunityKind.RESIDENTS_COMMITTEE,
                street_id=street,
                households=d.maybe(lambda: d.count((MeasureWord.HOUSEHOLDS,), 500, 9000)),
                residents=d.maybe(lambda: d.count((MeasureWord.PEOPLE,), 1000, 30000)),
                description=d.maybe(lambda: d.text(2)),
                sources=d.sources(),
            )
        )
        organisation = f"org:{number}"
        found["organisations"].append(
            Organisation(
                id=organisation,
                name=f"{d.pick(_PLACES)}{d.pick(_ORG_NAMES)}",
                kind=d.pick(_ORG_KINDS),
                district="姑苏区",
                description=d.maybe(lambda: d.text(2), 0.3),
                sources=d.sources(),
            )
        )
        branch = f"branch:{number}"
        found["party_branches"].append(
            PartyBranch(
                id=branch,
                name=f"{d.pick(_PLACES)}社区党委",
                level=BranchLevel.COMMITTEE,
                host_community_id=community,
                members=d.maybe(lambda: d.count((MeasureWord.PEOPLE,), 100, 400)),
                sources=d.sources(),
            )
        )
        for person in (2 * number - 1, 2 * number):
            found["people"].append(
                Person(
                    id=f"person:{person}",
                    name=d.pick(_SURNAMES) + d.pick(_GIVEN),
                    position=d.maybe(lambda: "社区党委书记"),
                    community_id=community,
                    phone=d.maybe(lambda: f"1{r.randint(3000000000, 9999999999)}", 0.3),
                )
            )
        partnership = f"partnership:{number}"
        found["partnerships"].append(
            Partnership(
                id=partnership,
                parties=(
                    Ref(kind=RecordKind.PARTY_BRANCH, id=branch),
                    Ref(kind=RecordKind.ORGANISATION, id=organisation),
                ),
                signed=d.maybe(lambda: d.time(d.day())),
                scope=d.some(tuple(PartnershipScope), 3),
                description=d.maybe(lambda: d.text(2)),
                sources=d.sources(),
            )
        )
        project = f"project:{number}"
        found["service_projects"].append(
            ServiceProject(
                id=project,
                name=f"{d.pick(_PLACES)}微改造",
                category=d.pick(tuple(ProjectCategory)),
                status=d.pick(tuple(ProjectStatus)),
                community_ids=(community,),
                street_id=street,
                period=d.maybe(lambda: d.time(f"{r.randint(2000, 2009)}-0{r.randint(1, 9)}/..")),
                outcomes=(Outcome(description="通道拓宽"),) if r.random() < 0.5 else (),
                sources=d.sources(),
            )
        )
        pools.communities.append(community)
        pools.organisers += [
            Ref(kind=RecordKind.COMMUNITY, id=community),
            Ref(kind=RecordKind.PARTY_BRANCH, id=branch),
            Ref(kind=RecordKind.ORGANISATION, id=organisation),
        ]
        pools.partners += [
            Ref(kind=RecordKind.PARTY_BRANCH, id=branch),
            Ref(kind=RecordKind.ORGANISATION, id=organisation),
        ]
        pools.projects.append(project)
        pools.partnerships.append(partnership)
    found["activities"] = [_activity(d, number, pools) for number in range(1, activities + 1)]
    return found


def activities(count: int, *, seed: int = 2023) -> list[Activity]:
    """``count`` activities, the same ones for the same seed (their organisers, partners and
    communities exist in the dataset they were drawn in)."""
    communities = max(1, count // ACTIVITIES_PER_COMMUNITY)
    streets = max(1, communities // COMMUNITIES_PER_STREET)
    return _build(seed, streets, communities, count)["activities"]  # type: ignore[return-value]


def dataset(total: int, *, seed: int = 2023) -> Dataset:
    """A consistent dataset of about ``total`` records (every reference resolves).

    Per street: 10 communities; per community: a Party organisation, a partner unit, two
    people, a partnership, a project, and the rest of the records as activities.
    """
    streets = max(1, total // 200)
    communities = streets * COMMUNITIES_PER_STREET
    count = max(communities, total - 7 * communities - streets)
    lists = _build(seed, streets, communities, count)
    return Dataset(**{name: tuple(records) for name, records in lists.items()})
