"""Deterministic, realistic activities for benchmarks (seeded; valid by construction)."""

from __future__ import annotations

import random

import attrs
import pendulum

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
    Organisation,
    OrganisationKind,
    PartialDate,
    Partnership,
    PartyBranch,
    Person,
    ProjectCategory,
    ProjectStatus,
    RecordKind,
    Ref,
    Role,
    ServiceProject,
    Source,
    Street,
    StreetKind,
    When,
)

_CHARS = (
    "新城大龙绿色时光南亚花园果园盛南元和佳苑娄北峰汇水韵都虎池和美清嘉"
    "社区党委总支部健康义诊讲座集市"
)
_SERVICES = (
    "磨刀",
    "理发",
    "修鞋",
    "修小家电",
    "量血压",
    "测血糖",
    "法律咨询",
    "糖画",
    "棕编",
    "泥人",
)
_SOURCES = tuple(
    Source(title=f"苏州日报第{n}版社区新闻", byline="高达", publisher="苏州日报") for n in range(20)
)


def _text(rng: random.Random, low: int, high: int) -> str:
    return "".join(rng.choice(_CHARS) for _ in range(rng.randint(low, high)))


def _when(rng: random.Random) -> When:
    year, month, day = 2023, rng.randint(1, 12), rng.randint(1, 28)
    choice = rng.random()
    if choice < 0.4:
        return When(start=PartialDate(year=year, month=month, day=day))
    if choice < 0.6:
        moment = pendulum.datetime(year, month, day, rng.randint(8, 20), 30, tz="Asia/Shanghai")
        return When(start=moment)
    if choice < 0.8:
        return When(start=PartialDate(year=year, month=month))
    return When(start=None, end=PartialDate(year=year, month=month, day=day), interval=True)


def _count(rng: random.Random, high: int) -> Count:
    return Count(value=rng.randint(0, high), qualifier=rng.choice(list(CountQualifier)))


def activity(rng: random.Random, index: int) -> Activity:
    """One realistic activity; about half the optional fields are set."""
    series = rng.random() < 0.3
    return Activity(
        id=f"activity:{index}",
        title=_text(rng, 6, 30),
        category=rng.choice(list(ActivityCategory)),
        organisers=tuple(
            Ref(kind=RecordKind.PARTY_BRANCH, id=f"branch:{index}-{n}")
            for n in range(rng.randint(1, 3))
        ),
        when=_when(rng),
        status=rng.choice(list(ActivityStatus)),
        community_ids=tuple(f"community:{index}-{n}" for n in range(rng.randint(0, 3))),
        partners=tuple(
            Ref(kind=RecordKind.ORGANISATION, id=f"org:{index}-{n}")
            for n in range(rng.randint(0, 2))
        ),
        project_id=f"project:{index}" if rng.random() < 0.4 else None,
        venue=_text(rng, 3, 12) if rng.random() < 0.5 else None,
        audience=_text(rng, 3, 10) if rng.random() < 0.3 else None,
        services=tuple(rng.sample(_SERVICES, rng.randint(0, 5))),
        participants=_count(rng, 500) if rng.random() < 0.8 else None,
        volunteers=_count(rng, 50) if rng.random() < 0.4 else None,
        staff=_count(rng, 30) if rng.random() < 0.3 else None,
        series=_text(rng, 4, 12) if series else None,
        number=rng.randint(1, 20) if series else None,
        description=_text(rng, 20, 120) if rng.random() < 0.6 else None,
        sources=(rng.choice(_SOURCES),),
    )


def activities(count: int, *, seed: int = 2023) -> list[Activity]:
    """``count`` activities, the same ones for the same seed."""
    rng = random.Random(seed)
    return [activity(rng, index) for index in range(count)]


def dataset(total: int, *, seed: int = 2023) -> Dataset:
    """A consistent dataset of about ``total`` records (every reference resolves).

    Per street: 10 communities; per community: a branch, a partner unit, two people, a project
    and about a dozen activities; partnerships join each branch with a unit.
    """
    rng = random.Random(seed)
    streets_count = max(1, total // 200)
    streets = [
        Street(id=f"street:{s}", name=f"第{s}街道", kind=StreetKind.SUBDISTRICT)
        for s in range(streets_count)
    ]
    communities, branches, organisations, people = [], [], [], []
    partnerships, projects, activities = [], [], []
    for s in range(streets_count):
        for c in range(10):
            key = f"{s}-{c}"
            communities.append(
                Community(
                    id=f"community:{key}",
                    name=f"第{key}社区",
                    kind=CommunityKind.RESIDENTS_COMMITTEE,
                    street_id=f"street:{s}",
                )
            )
            people.append(Person(id=f"person:{key}-a", name="成丽君", roles=(Role.SECRETARY,)))
            people.append(Person(id=f"person:{key}-b", name="王海", roles=(Role.RESIDENT,)))
            branches.append(
                PartyBranch(
                    id=f"branch:{key}",
                    name=f"第{key}社区党委",
                    level=BranchLevel.COMMITTEE,
                    host_community_id=f"community:{key}",
                    secretary_id=f"person:{key}-a",
                    members=Count(value=rng.randint(101, 400)),
                )
            )
            organisations.append(
                Organisation(
                    id=f"org:{key}", name=f"第{key}有限公司", kind=OrganisationKind.COMPANY
                )
            )
            partnerships.append(
                Partnership(
                    id=f"partnership:{key}",
                    parties=(
                        Ref(kind=RecordKind.PARTY_BRANCH, id=f"branch:{key}"),
                        Ref(kind=RecordKind.ORGANISATION, id=f"org:{key}"),
                    ),
                )
            )
            projects.append(
                ServiceProject(
                    id=f"project:{key}",
                    name=f"第{key}微改造",
                    category=ProjectCategory.MICRO_RENOVATION,
                    status=rng.choice(list(ProjectStatus)),
                    community_ids=(f"community:{key}",),
                    year=2023,
                    period=When.year(2023),
                    partners=(Ref(kind=RecordKind.ORGANISATION, id=f"org:{key}"),),
                )
            )
    room = max(len(communities), total - 7 * len(communities) - streets_count)
    per_community, extra = divmod(room, len(communities))
    index = 0
    for number, community in enumerate(communities):
        key = community.id.split(":", 1)[1]
        for _ in range(per_community + (number < extra)):
            base = activity(rng, index)
            activities.append(
                attrs.evolve(
                    base,
                    organisers=(Ref(kind=RecordKind.PARTY_BRANCH, id=f"branch:{key}"),),
                    partners=(Ref(kind=RecordKind.ORGANISATION, id=f"org:{key}"),),
                    community_ids=(community.id,),
                    project_id=f"project:{key}" if base.project_id else None,
                    when=When.day(2023, rng.randint(1, 12), rng.randint(1, 28))
                    if base.project_id
                    else base.when,
                )
            )
            index += 1
    return Dataset(
        streets=tuple(streets),
        communities=tuple(communities),
        party_branches=tuple(branches),
        organisations=tuple(organisations),
        people=tuple(people),
        partnerships=tuple(partnerships),
        service_projects=tuple(projects),
        activities=tuple(activities),
    )
