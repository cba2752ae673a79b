"""Strategies for the small records entities hold: references, sources, votes, funding ..."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from typing import Final

from hypothesis import strategies as st

from community_model._entities import (
    Compound,
    Decision,
    Entity,
    Funding,
    Outcome,
    Ref,
    Source,
    Votes,
)
from community_model._strategies import args, text, values
from community_model._strategies.draws import BOOLEANS, ONE_IN_FIVE, integers, pick, subset
from community_model._vocab import (
    CompoundKind,
    DecisionBody,
    FundingSource,
    RecordKind,
    Unit,
)

#: Kinds that may lead or fund a project, or organise an activity.
LEAD_KINDS: Final = (
    RecordKind.STREET,
    RecordKind.COMMUNITY,
    RecordKind.PARTY_BRANCH,
    RecordKind.ORGANISATION,
)
#: Kinds that may be a partner or a party to an agreement.
PARTY_KINDS: Final = (RecordKind.PARTY_BRANCH, RecordKind.ORGANISATION)


def draw_ref(draw: st.DrawFn, kinds: Sequence[RecordKind]) -> Ref:
    """A reference to a record that need not exist (for records drawn on their own)."""
    kind = pick(draw, kinds)
    return Ref(kind=kind, id=draw(text.record_ids(kind)))


def draw_refs(
    draw: st.DrawFn,
    pool: tuple[Ref, ...] | None,
    kinds: Sequence[RecordKind],
    *,
    min_size: int = 0,
    max_size: int = 3,
) -> tuple[Ref, ...]:
    """Distinct references: from ``pool`` when given, else to records that need not exist."""
    if pool is not None:
        return subset(draw, pool, min_size, max_size)
    return tuple(draw(_ref_lists(tuple(kinds), min_size, max_size)))


@functools.lru_cache(maxsize=64)
def _ref_lists(
    kinds: tuple[RecordKind, ...], min_size: int, max_size: int
) -> st.SearchStrategy[list[Ref]]:
    references = st.one_of(
        [st.builds(Ref, kind=st.just(kind), id=text.record_ids(kind)) for kind in kinds]
    )
    return st.lists(references, min_size=min_size, max_size=max_size, unique=True)


def ids(*, kinds: st.SearchStrategy[RecordKind] | None = None) -> st.SearchStrategy[str]:
    """Record ids such as ``street:wumenqiao``, sometimes any id the model allows.

    ``kinds`` draws the kind whose prefix the id takes (any kind by default).
    """

    def define() -> st.SearchStrategy[str]:
        args.check_strategy(kinds, "kinds")
        if kinds is None:
            return text.record_ids()
        return kinds.flatmap(text.record_ids)

    return args.lazily("ids", {"kinds": kinds}, define)


def refs(
    *,
    kinds: st.SearchStrategy[RecordKind] | None = None,
    ids: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[Ref]:
    """Typed references ``kind:id``; ``kinds`` and ``ids`` draw their parts."""

    def define() -> st.SearchStrategy[Ref]:
        args.check_strategy(kinds, "kinds")
        args.check_strategy(ids, "ids")
        chosen = kinds if kinds is not None else st.sampled_from(RecordKind)

        @st.composite
        def references(draw: st.DrawFn) -> Ref:
            kind = draw(chosen)
            return Ref(kind=kind, id=draw(ids if ids is not None else text.record_ids(kind)))

        return references()

    return args.lazily("refs", {"kinds": kinds, "ids": ids}, define)


_HEADLINES: Final = st.sampled_from(
    [
        "打造和谐邻里“熟人社会”",
        "小切口撬动大民生",
        "微改造托起居民幸福感",
        "党建引领基层治理",
        "“家门口”的为民服务",
        "结对共建激活治理新动能",
    ]
)


@st.composite
def _titles(draw: st.DrawFn) -> str:
    """吴门桥街道:打造和谐邻里“熟人社会”."""
    place = draw(text.street_names(pick(draw, [*values.TOWNSHIP_RANGES])))
    return f"{place}:{draw(_HEADLINES)}"


_SOURCE_TITLES: Final = text.text_field(
    text.known_first(
        ["吴门桥街道:打造和谐邻里“熟人社会”", "白洋湾街道:小切口撬动大民生"], _titles()
    ),
    200,
)
_PUBLISHERS: Final = text.text_field(st.sampled_from(text.PUBLISHERS), 100)
_BYLINES: Final = text.text_field(text.person_names, 100)
_NOTES_ON_SOURCES: Final = text.text_field(
    st.sampled_from(["栏目分栏错位,段落顺序经整理", "据现场采访", "转载自街道公众号"]),
    10_000,
    lines=True,
)


@st.composite
def _urls(draw: st.DrawFn) -> str:
    """``https://www.subaonet.com/2023/0818/123456.shtml``, or any URL the model allows."""
    if draw(ONE_IN_FIVE) == 4:
        scheme = pick(draw, ["http://", "https://"])
        return scheme + draw(text.adversarial_ids(2000 - len(scheme)))
    day = draw(st.dates(dt.date(2010, 1, 1), dt.date(2030, 12, 31)))
    number = draw(integers(100000, 999999))
    return f"https://www.subaonet.com/{day.year}/{day:%m%d}/{number}.shtml"


def draw_source(draw: st.DrawFn, low: dt.date, high: dt.date) -> Source:
    """An article: title, and maybe publisher, date, byline and address."""
    return Source(
        title=draw(_SOURCE_TITLES),
        publisher=draw(_PUBLISHERS) if draw(BOOLEANS) else None,
        published=(
            values.draw_when(draw, low, high, allow_intervals=False) if draw(BOOLEANS) else None
        ),
        byline=draw(_BYLINES) if draw(BOOLEANS) else None,
        url=draw(_urls()) if draw(BOOLEANS) else None,
        note=draw(_NOTES_ON_SOURCES) if draw(ONE_IN_FIVE) == 4 else None,
    )


def draw_sources(draw: st.DrawFn, low: dt.date, high: dt.date) -> tuple[Source, ...]:
    """None or one source, sometimes two: a record cites the article it comes from."""
    if not draw(BOOLEANS):
        return ()
    return tuple(draw_source(draw, low, high) for _ in range(2 if draw(ONE_IN_FIVE) == 4 else 1))


def sources(
    *, min_date: dt.date | None = None, max_date: dt.date | None = None
) -> st.SearchStrategy[Source]:
    """Provenance: the article a fact comes from, published between the bounds."""

    def define() -> st.SearchStrategy[Source]:
        low, high = args.check_date_bounds(
            min_date,
            max_date,
            floor=values.FIRST_DAY,
            ceiling=values.LAST_DAY,
            usual=(values.PLAUSIBLE_FIRST_DAY, values.PLAUSIBLE_LAST_DAY),
        )

        @st.composite
        def articles(draw: st.DrawFn) -> Source:
            return draw_source(draw, low, high)

        return articles()

    return args.lazily("sources", {"min_date": min_date, "max_date": max_date}, define)


_COMPOUND_NAMES: Final = text.text_field(
    text.known_first(
        [stem + "小区" for stem in text.COMPOUND_STEMS],
        st.builds(
            str.__add__, text.community_stems, st.sampled_from(["小区", "花园", "苑", "新村"])
        ),
    ),
    100,
)
_BUILDINGS: Final = text.text_field(st.integers(1, 40).map(lambda n: f"{n}幢"), 100)
_BUILDING_LISTS: Final = st.lists(_BUILDINGS, max_size=3)


def draw_compound(draw: st.DrawFn) -> Compound:
    """A residential compound (虎池苑小区) and maybe some of its buildings (4幢)."""
    return Compound(
        name=draw(_COMPOUND_NAMES),
        kind=pick(draw, tuple(CompoundKind)) if draw(BOOLEANS) else None,
        buildings=tuple(draw(_BUILDING_LISTS)),
    )


def compounds() -> st.SearchStrategy[Compound]:
    """Residential compounds (小区) with their kind of housing and buildings."""

    def define() -> st.SearchStrategy[Compound]:
        @st.composite
        def built(draw: st.DrawFn) -> Compound:
            return draw_compound(draw)

        return built()

    return args.lazily("compounds", {}, define)


TALLY_MAX: Final = 10_000_000


def draw_votes(draw: st.DrawFn) -> Votes:
    """A vote whose cast and eligible totals, when given, agree with the tallies."""
    tally = values.count_values(0, TALLY_MAX)
    in_favour, against, abstaining = draw(tally), draw(tally), draw(tally)
    total = in_favour + against + abstaining
    cast = total if total <= TALLY_MAX and draw(BOOLEANS) else None
    eligible = None
    if total <= TALLY_MAX and draw(BOOLEANS):
        eligible = draw(integers(total, TALLY_MAX))
    return Votes(
        in_favour=in_favour, against=against, abstaining=abstaining, cast=cast, eligible=eligible
    )


def votes() -> st.SearchStrategy[Votes]:
    """Vote results (票决): tallies from zero to ten million, totals that add up."""

    def define() -> st.SearchStrategy[Votes]:
        @st.composite
        def tallies(draw: st.DrawFn) -> Votes:
            return draw_votes(draw)

        return tallies()

    return args.lazily("votes", {}, define)


_DECISION_OUTCOMES: Final = text.text_field(st.sampled_from(text.DECISION_OUTCOMES), 500)


def draw_decision(draw: st.DrawFn, low: dt.date, high: dt.date) -> Decision:
    """A meeting's decision: the body, and maybe its date, vote and outcome."""
    return Decision(
        body=pick(draw, tuple(DecisionBody)),
        date=values.draw_when(draw, low, high, allow_intervals=False) if draw(BOOLEANS) else None,
        votes=draw_votes(draw) if draw(BOOLEANS) else None,
        outcome=draw(_DECISION_OUTCOMES) if draw(BOOLEANS) else None,
    )


def decisions(
    *, min_date: dt.date | None = None, max_date: dt.date | None = None
) -> st.SearchStrategy[Decision]:
    """Decisions on projects (党员大会, 票决), dated between the bounds."""

    def define() -> st.SearchStrategy[Decision]:
        low, high = args.check_date_bounds(
            min_date,
            max_date,
            floor=values.FIRST_DAY,
            ceiling=values.LAST_DAY,
            usual=(values.PLAUSIBLE_FIRST_DAY, values.PLAUSIBLE_LAST_DAY),
        )

        @st.composite
        def decided(draw: st.DrawFn) -> Decision:
            return draw_decision(draw, low, high)

        return decided()

    return args.lazily("decisions", {"min_date": min_date, "max_date": max_date}, define)


_NOTES: Final = text.text_field(
    st.sampled_from(["党组织为民服务专项经费", "共建单位出资", "街道补助"]), 500
)


def draw_funding(draw: st.DrawFn, providers: tuple[Ref, ...] | None) -> Funding:
    """Money for a project, its source, and maybe the amount and who gave it."""
    provider = None
    if (providers is None or len(providers) > 0) and draw(BOOLEANS):
        provider = pick(draw, providers) if providers is not None else draw_ref(draw, LEAD_KINDS)
    return Funding(
        source=pick(draw, tuple(FundingSource)),
        amount=values.draw_money(draw) if draw(BOOLEANS) else None,
        provider=provider,
        note=draw(_NOTES) if draw(BOOLEANS) else None,
    )


def fundings(*, providers: Sequence[Entity | Ref] | None = None) -> st.SearchStrategy[Funding]:
    """Funding of projects; ``providers`` are the records that may have given the money."""

    def define() -> st.SearchStrategy[Funding]:
        pool = args.check_refs(providers, LEAD_KINDS, "providers")

        @st.composite
        def funded(draw: st.DrawFn) -> Funding:
            return draw_funding(draw, pool)

        return funded()

    return args.lazily("fundings", {"providers": providers}, define)


_OUTCOME_TEXT: Final = text.text_field(st.sampled_from(text.OUTCOMES), 500)
_OUTCOME_UNITS: Final = st.sampled_from(Unit)


def draw_outcome(draw: st.DrawFn) -> Outcome:
    """A result: an amount achieved, or a change whose before and after share a unit."""
    unit = draw(_OUTCOME_UNITS)
    quantity = before = after = None
    form = pick(draw, ["none", "amount", "change"])
    if form == "amount":
        quantity = values.draw_measurement(draw, unit)
    elif form == "change":
        before = values.draw_measurement(draw, unit) if draw(BOOLEANS) else None
        after = values.draw_measurement(draw, unit) if draw(BOOLEANS) else None
    return Outcome(description=draw(_OUTCOME_TEXT), quantity=quantity, before=before, after=after)


def outcomes() -> st.SearchStrategy[Outcome]:
    """Results of projects: 100 m² resurfaced (an amount), a lane from ~50 to 120 cm (a change)."""

    def define() -> st.SearchStrategy[Outcome]:
        @st.composite
        def measured(draw: st.DrawFn) -> Outcome:
            return draw_outcome(draw)

        return measured()

    return args.lazily("outcomes", {}, define)
