"""Builders and strategies for the small records entities hold: references, sources, votes ..."""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Callable, Sequence
from typing import Any, Final, TypeVar

import attrs
from hypothesis import strategies as st

from community_model._entities.base import Entity, Ref, Source
from community_model._entities.places import Compound
from community_model._entities.projects import Decision, Funding, Outcome, Votes
from community_model._errors import DomainWarning
from community_model._strategies import args, fields, values
from community_model._strategies import text as names
from community_model._strategies.choices import Choices
from community_model._strategies.draws import HypothesisChoices, built
from community_model._strategies.fields import Window
from community_model._values.money import Measurement
from community_model._values.unknown import Unknown
from community_model._values.when import BEIJING, When
from community_model._vocab import MeasureWord, RecordKind

R = TypeVar("R")


def construct(cls: type[R], c: Choices, **given: Any) -> R:
    """Build a record; when warnings are allowed, its DomainWarning is silenced while drawing
    (its ``warnings()`` still report it)."""
    if not c.allow_warnings:
        return cls(**given)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DomainWarning)
        return cls(**given)


def evolve(record: R, c: Choices, **changes: Any) -> R:
    """``attrs.evolve``, its DomainWarning silenced as in :func:`construct`."""
    if not c.allow_warnings:
        return attrs.evolve(record, **changes)  # type: ignore[misc]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DomainWarning)
        return attrs.evolve(record, **changes)  # type: ignore[misc]


# -- references -----------------------------------------------------------------------------------


@args.lazy
def ids(
    *, kinds: st.SearchStrategy[RecordKind] | None = None, edge_cases: bool = False
) -> st.SearchStrategy[str]:
    """Record ids such as ``street:wumenqiao``; ``edge_cases=True`` also draws any id the model
    allows, up to its most characters.

    ``kinds`` draws the kind whose prefix the id takes (any kind by default).
    """
    args.check_strategy(kinds, "kinds")
    args.check_bool(edge_cases, "edge_cases")
    chosen = kinds if kinds is not None else st.sampled_from(RecordKind)

    def build(c: HypothesisChoices) -> str:
        kind = c.draw(chosen)
        return fields.text(c, Ref, "id", lambda c: names.record_id(c, kind), alphabet="id")

    return built(build, edge_cases=edge_cases)


@args.lazy
def refs(
    *,
    kinds: st.SearchStrategy[RecordKind] | None = None,
    ids: st.SearchStrategy[str] | None = None,
    edge_cases: bool = False,
) -> st.SearchStrategy[Ref]:
    """Typed references ``kind:id``; ``kinds`` and ``ids`` draw their parts."""
    args.check_strategy(kinds, "kinds")
    args.check_strategy(ids, "ids")
    args.check_bool(edge_cases, "edge_cases")
    chosen = kinds if kinds is not None else st.sampled_from(RecordKind)

    def build(c: HypothesisChoices) -> Ref:
        kind = c.draw(chosen)
        if ids is not None:
            return Ref(kind=kind, id=c.draw(ids))
        realistic = lambda c: names.record_id(c, kind)  # noqa: E731
        return Ref(kind=kind, id=fields.text(c, Ref, "id", realistic, alphabet="id"))

    return built(build, edge_cases=edge_cases)


# -- sources --------------------------------------------------------------------------------------

_SCHEMES: Final = ("http://", "https://")
_NOTES_ON_SOURCES: Final = ("栏目分栏错位,段落顺序经整理", "据现场采访", "转载自街道公众号")


def _url(c: Choices) -> str:
    """``https://www.subaonet.com/2023/0818/123456.shtml``; with edge cases, sometimes an http(s)
    scheme and any characters the model allows, up to its most."""
    most = fields.of(Source, "url").max_len
    assert most is not None
    if c.edge():
        scheme = c.pick(_SCHEMES)
        return scheme + c.odd_text(most - len(scheme), "id")
    published = values.day(c, fields.PLAUSIBLE_DAYS)
    number = c.integer(100_000, 999_999)
    return f"https://www.subaonet.com/{published.year}/{published:%m%d}/{number}.shtml"[:most]


def source(c: Choices, dates: Window) -> Source:
    """An article: title, and maybe publisher, date, byline, address and a note; maybe when it
    was retrieved and when it was last updated (neither before it was published)."""
    published_in = fields.window(c, Source, "published", dates)
    published = c.maybe(lambda c: values.when(c, published_in, allow_intervals=False))
    retrieved = _after(c, "retrieved", published, dates) if c.boolean() else None
    updated = _after(c, "updated", published, dates) if c.chance(5) else None
    return construct(
        Source,
        c,
        title=fields.text(c, Source, "title", names.headline),
        publisher=fields.optional_text(c, Source, "publisher", lambda c: c.pick(names.PUBLISHERS)),
        published=published,
        byline=fields.optional_text(c, Source, "byline", names.person_name),
        url=_url(c) if c.boolean() else None,
        note=(
            fields.text(c, Source, "note", lambda c: c.pick(_NOTES_ON_SOURCES), alphabet="lines")
            if c.chance(5)
            else None
        ),
        retrieved=retrieved,
        updated=updated,
    )


def _after(c: Choices, name: str, published: When | None, dates: Window) -> When | None:
    """A day, a minute or a moment of a day after the one ``published`` ends on (``None`` when
    ``dates`` hold no such day): when a page was retrieved, or updated."""
    low, high = fields.window(c, Source, name, dates)
    if published is not None and published.latest is not None:
        ended = published.latest.in_timezone(BEIJING).date()
        if ended >= high:
            return None
        low = max(low, ended + dt.timedelta(days=1))
    on = values.day(c, (low, high))
    match c.pick(("day", "minute", "moment")):
        case "day":
            return When(start=values.partial_date(c, on, (low, high), "day"))
        case "minute" if on >= values.FIRST_MOMENT.date():
            return When(start=values.minute_on(c, on))
        case "moment" if on >= values.FIRST_MOMENT.date():
            return When(start=values.moment_on(c, on))
        case _:
            return When(start=values.partial_date(c, on, (low, high), "day"))


def citations(
    c: Choices, dates: Window, cited: Sequence[Source] | None = None
) -> tuple[Source, ...]:
    """None or one source, sometimes two: a record cites the article it comes from.

    With ``cited`` (a list of the articles a dataset's records cite), records mostly cite one
    of those again, as records drawn from one report do; a new article joins the list.
    """
    if not c.boolean():
        return ()
    found: dict[Source, None] = {}
    for _ in range(2 if c.chance(5) else 1):
        if cited and not c.chance(3):
            found[c.pick(cited)] = None
            continue
        article = source(c, dates)
        if isinstance(cited, list):
            cited.append(article)
        found[article] = None
    return tuple(found)


@args.lazy
def sources(
    *,
    min_date: dt.date | None = None,
    max_date: dt.date | None = None,
    edge_cases: bool = False,
    allow_warnings: bool = False,
) -> st.SearchStrategy[Source]:
    """Provenance: the article a fact comes from, published between the bounds."""
    dates = args.record_dates(min_date, max_date, edge_cases, allow_warnings)
    return built(lambda c: source(c, dates), edge_cases=edge_cases, allow_warnings=allow_warnings)


# -- compounds ------------------------------------------------------------------------------------


def _building(c: Choices) -> str:
    return fields.text(c, Compound, "buildings", lambda c: f"{c.integer(1, 40)}幢", item=True)


def compound(c: Choices) -> Compound:
    """A residential compound (虎池苑小区) and maybe some of its buildings (4幢)."""
    count = fields.size(c, Compound, "buildings", 3)
    buildings = (
        [_building(c) for _ in range(count)]
        if count <= 3
        else [f"{number}幢" for number in range(1, count + 1)]  # the most: cheap distinct items
    )
    return Compound(
        name=fields.text(c, Compound, "name", names.compound_name),
        kind=c.maybe(lambda c: c.pick(fields.members(Compound, "kind"))),
        buildings=tuple(buildings),
    )


@args.lazy
def compounds(*, edge_cases: bool = False) -> st.SearchStrategy[Compound]:
    """Residential compounds (小区) with their kind of housing and buildings."""
    args.check_bool(edge_cases, "edge_cases")
    return built(compound, edge_cases=edge_cases)


# -- votes and decisions --------------------------------------------------------------------------

_USUAL_TALLY: Final = (0, 500)


def vote(c: Choices) -> Votes:
    """A vote whose cast and eligible totals, when given, agree with the tallies."""
    in_favour, against, abstaining = (
        fields.integer(c, Votes, name, _USUAL_TALLY)
        for name in ("in_favour", "against", "abstaining")
    )
    total = in_favour + against + abstaining
    most_cast, most_eligible = fields.of(Votes, "cast").le, fields.of(Votes, "eligible").le
    assert most_cast is not None
    assert most_eligible is not None
    cast = total if total <= most_cast and c.boolean() else None
    eligible = None
    if total <= most_eligible and c.boolean():
        eligible = fields.number(c, total, most_eligible, (total, total + _USUAL_TALLY[1]))
    return Votes(
        in_favour=in_favour, against=against, abstaining=abstaining, cast=cast, eligible=eligible
    )


@args.lazy
def votes(*, edge_cases: bool = False) -> st.SearchStrategy[Votes]:
    """Vote results (票决): tallies as meetings give them (``edge_cases=True``: up to the most
    the model allows), totals that add up."""
    args.check_bool(edge_cases, "edge_cases")
    return built(vote, edge_cases=edge_cases)


def decision(c: Choices, dates: Window) -> Decision:
    """A meeting's decision: the body, and maybe its date, vote and outcome."""
    dated = fields.window(c, Decision, "date", dates)
    return construct(
        Decision,
        c,
        body=c.pick(fields.members(Decision, "body")),
        date=c.maybe(lambda c: values.when(c, dated, allow_intervals=False)),
        votes=c.maybe(vote),
        outcome=fields.optional_text(
            c, Decision, "outcome", lambda c: c.pick(names.DECISION_OUTCOMES)
        ),
    )


@args.lazy
def decisions(
    *,
    min_date: dt.date | None = None,
    max_date: dt.date | None = None,
    edge_cases: bool = False,
    allow_warnings: bool = False,
) -> st.SearchStrategy[Decision]:
    """Decisions on projects (党员大会, 票决), dated between the bounds."""
    dates = args.record_dates(min_date, max_date, edge_cases, allow_warnings)
    return built(lambda c: decision(c, dates), edge_cases=edge_cases, allow_warnings=allow_warnings)


# -- funding and outcomes -------------------------------------------------------------------------

_FUNDING_NOTES: Final = ("党组织为民服务专项经费", "共建单位出资", "街道补助")


def funding(c: Choices, providers: Sequence[Ref] | None) -> Funding:
    """Money for a project, its source, and maybe the amount and who gave it (one of
    ``providers``, or with none given a record that need not exist)."""
    return Funding(
        source=c.pick(fields.members(Funding, "source")),
        amount=c.maybe(values.money_value),
        provider=fields.reference(c, Funding, "provider", providers),
        note=fields.optional_text(c, Funding, "note", lambda c: c.pick(_FUNDING_NOTES)),
    )


@args.lazy
def fundings(
    *, providers: Sequence[Entity | Ref] | None = None, edge_cases: bool = False
) -> st.SearchStrategy[Funding]:
    """Funding of projects; ``providers`` are the records that may have given the money."""
    pool = args.check_refs(providers, fields.kinds(Funding, "provider"), "providers")
    args.check_bool(edge_cases, "edge_cases")
    return built(lambda c: funding(c, pool), edge_cases=edge_cases)


#: Results reports count (收集需求63条, 清运垃圾3车, 48个项目), and what each counts.
_COUNTED: Final = (
    ("完成项目", MeasureWord.ITEMS),
    ("收集需求", MeasureWord.ENTRIES),
    ("清运垃圾", MeasureWord.TRUCKLOADS),
    ("服务居民", MeasureWord.PERSON_TIMES),
    ("走访住户", MeasureWord.HOUSEHOLDS),
    ("发放宣传资料", MeasureWord.COPIES),
    ("安装充电桩", MeasureWord.MACHINES),
    ("新增停车位", MeasureWord.PLACES),
    ("整治楼道", MeasureWord.BUILDINGS),
    ("结对共建单位", MeasureWord.UNITS),
    ("开展活动", MeasureWord.SESSIONS),
    ("受益居民", MeasureWord.PEOPLE),
    ("清理僵尸车", MeasureWord.VEHICLES),
    ("配置健身器材", MeasureWord.SETS),
)


def outcome(c: Choices) -> Outcome:
    """A result: an amount achieved, a change whose before and after share a unit, or a number
    of things counted with their measure word."""
    unit = c.pick(fields.members(Measurement, "unit"))
    quantity = before = after = count = None
    what = c.pick(names.OUTCOMES)
    form = c.pick(("none", "amount", "change", "count"))
    if form == "amount":
        quantity = values.measurement(c, unit)
    elif form == "change":
        before = c.maybe(lambda c: values.measurement(c, unit))
        after = c.maybe(lambda c: values.measurement(c, unit))
    elif form == "count":
        what, word = c.pick(_COUNTED)
        count = fields.count(c, Outcome, "count", (1, 100), units=(word,))
    return Outcome(
        description=fields.text(c, Outcome, "description", lambda c: what),
        quantity=quantity,
        before=before,
        after=after,
        count=count,
    )


@args.lazy
def outcomes(*, edge_cases: bool = False) -> st.SearchStrategy[Outcome]:
    """Results of projects and activities: 100 m² resurfaced (an amount), a lane from ~50 to
    120 cm (a change), 收集需求63条 or 清运垃圾3车 (a count with its measure word)."""
    args.check_bool(edge_cases, "edge_cases")
    return built(outcome, edge_cases=edge_cases)


# -- unknowns -------------------------------------------------------------------------------------

#: Why a source leaves a fact out, by the field it leaves out (``None``: any field).
_REASONS: Final[dict[str | None, tuple[str, ...]]] = {
    None: ("报道未说明", "原文未提及", "来源缺失"),
    "when": ("报道未说明活动日期", "报道未说明时间"),
    "host_organisation_id": ("报道未说明所在单位",),
    "parties": ("报道称与共建单位签约,未具名",),
}


def unknown(c: Choices, cls: type[Unknown] = Unknown, about: str | None = None) -> Unknown:
    """An explicit unknown (``cls``, the class the field names), maybe with the reason a source
    gives about field ``about``."""
    reasons = _REASONS.get(about, _REASONS[None])
    return cls(reason=fields.optional_text(c, cls, "reason", lambda c: c.pick(reasons)))


def or_unknown(
    c: Choices, cls: type, name: str, build: Callable[[Choices], R], *, item: bool = False
) -> R | Unknown:
    """What ``build`` makes, or, rarely (more often with edge cases), an explicit unknown when
    field ``name`` of ``cls`` (its items, with ``item``) allows one (``Shape.unknown``)."""
    unknown_class = fields.unknown_of(cls, name, item)
    if unknown_class is not None and c.unknown():
        return unknown(c, unknown_class, name)
    return build(c)


def with_unknown(c: Choices, cls: type, name: str, items: tuple[R, ...]) -> tuple[R | Unknown, ...]:
    """``items``, or rarely (more often with edge cases) with one of them an explicit unknown,
    when the items of field ``name`` of ``cls`` may be unknown (``Shape.unknown``)."""
    unknown_class = fields.unknown_of(cls, name, item=True)
    if unknown_class is None or not items or not c.unknown():
        return items
    position = c.integer(0, len(items) - 1)
    return (*items[:position], unknown(c, unknown_class, name), *items[position + 1 :])


@args.lazy
def unknowns(*, edge_cases: bool = False) -> st.SearchStrategy[Unknown]:
    """Explicit unknowns (``{"unknown": true}``): what a source leaves out, maybe with the reason
    (报道未说明活动日期)."""
    args.check_bool(edge_cases, "edge_cases")
    return built(unknown, edge_cases=edge_cases)
