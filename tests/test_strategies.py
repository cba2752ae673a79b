"""community_model.strategies: every strategy draws valid, realistic values that shrink well.

The strategies are the library's own test-data generators, so these tests are also property
tests of the model: every drawn value constructs, its text form reads back, it survives
``attrs.evolve`` and (with the JSON layer) ``loads(dumps(x))`` and its JSON Schema; every field
lies within the bounds the rule table gives it (``_rules.bounds``), by default within its
``Plausible`` range too, and the strategies read those bounds rather than state their own.

Each test draws as many examples as the hypothesis profile says (tests/conftest.py); the few
that draw fewer or more say why.
"""

from __future__ import annotations

import datetime as dt
import inspect
import os
import re
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

import community_model as cm
from community_model import (
    BEIJING,
    Activity,
    Community,
    Dataset,
    DivisionCode,
    Entity,
    Organisation,
    Partnership,
    PartyBranch,
    Person,
    RecordKind,
    Ref,
    ServiceProject,
    Street,
    StreetKind,
    When,
    strategies,
)
from community_model._registry import TYPES
from community_model._rules import Bounds, bounds, fields_of, implausible
from community_model._strategies import entities as strategy_entities
from community_model._strategies import fields as strategy_fields
from community_model._strategies import records as strategy_records
from community_model._strategies import values as strategy_values
from community_model._strategies.choices import RandomChoices
from community_model._strategies.hook import strategy_name
from community_model._values.credit import check_character

# -- the strategies and what they draw ------------------------------------------------------------

#: Every public strategy with its default arguments, and the class of what it draws.
DRAWN: dict[str, tuple[st.SearchStrategy[Any], type]] = {
    "activities": (strategies.activities(), Activity),
    "adoptions": (strategies.adoptions(), cm.Adoption),
    "communities": (strategies.communities(), Community),
    "compounds": (strategies.compounds(), cm.Compound),
    "counts": (strategies.counts(), cm.Count),
    "credit_codes": (strategies.credit_codes(), cm.CreditCode),
    "datasets": (strategies.datasets(), Dataset),
    "decisions": (strategies.decisions(), cm.Decision),
    "division_codes": (strategies.division_codes(), DivisionCode),
    "fundings": (strategies.fundings(), cm.Funding),
    "ids": (strategies.ids(), str),
    "list_items": (strategies.list_items(), cm.ListItem),
    "measurements": (strategies.measurements(), cm.Measurement),
    "minutes": (strategies.minutes(), cm.Minute),
    "moments": (strategies.moments(), pendulum.DateTime),
    "money": (strategies.money(), cm.Money),
    "organisations": (strategies.organisations(), Organisation),
    "outcomes": (strategies.outcomes(), cm.Outcome),
    "partial_dates": (strategies.partial_dates(), cm.PartialDate),
    "partnerships": (strategies.partnerships(), Partnership),
    "party_branches": (strategies.party_branches(), PartyBranch),
    "people": (strategies.people(), Person),
    "refs": (strategies.refs(), Ref),
    "resident_ids": (strategies.resident_ids(), cm.ResidentId),
    "schedules": (strategies.schedules(), cm.Schedule),
    "service_lists": (strategies.service_lists(), cm.ServiceList),
    "service_projects": (strategies.service_projects(), ServiceProject),
    "sources": (strategies.sources(), cm.Source),
    "streets": (strategies.streets(), Street),
    "unknowns": (strategies.unknowns(), cm.Unknown),
    "votes": (strategies.votes(), cm.Votes),
    "whens": (strategies.whens(), When),
}

#: Functions of the public module that are not strategies.
NOT_STRATEGIES = {"bulk_dataset"}

#: Settings for ``find``: deterministic, and no example database to write.
FIND = settings(database=None, derandomize=True)

#: Every loadable type (the registry's), which ``st.from_type`` resolves through the entry point.
PUBLIC_TYPES = [entry.cls.__name__ for entry in TYPES]


def test_every_loadable_type_is_public_and_has_its_strategy() -> None:
    """Each type of the registry is exported, and drawn by the public strategy the registry
    names (``hook.strategy_name``: the plural of its wire name)."""
    for entry in TYPES:
        assert getattr(cm, entry.cls.__name__) is entry.cls
        if entry.cls is not Entity:
            assert strategy_name(entry.name) in strategies.__all__, entry.name


def knobs(name: str) -> set[str]:
    """The keyword arguments a public strategy takes."""
    return set(inspect.signature(getattr(strategies, name)).parameters)


#: The strategies whose records may carry a DomainWarning when allowed (``allow_warnings``).
WARNING = sorted(name for name in DRAWN if "allow_warnings" in knobs(name))


def strategy(name: str, variant: str) -> st.SearchStrategy[Any]:
    """A public strategy as drawn by default, with ``edge_cases``, or with warnings too."""
    if variant == "default":
        return DRAWN[name][0]
    chosen: dict[str, bool] = {"edge_cases": True}
    if variant == "wild":
        chosen["allow_warnings"] = True
    return getattr(strategies, name)(**chosen)


#: Every strategy in the variants that draw records without warnings: (name, variant).
QUIET = [(name, variant) for name in sorted(DRAWN) for variant in ("default", "edges")]


def test_every_public_strategy_is_tested() -> None:
    """The table above covers the whole public API (``__all__`` is sorted, as in attrs)."""
    assert sorted(strategies.__all__) == strategies.__all__
    assert set(DRAWN) | NOT_STRATEGIES == set(strategies.__all__)


@pytest.mark.parametrize("name", sorted(DRAWN))
def test_every_strategy_takes_the_knob_edge_cases(name: str) -> None:
    """``edge_cases=False`` by default, keyword-only, as every knob of ours."""
    parameter = inspect.signature(getattr(strategies, name)).parameters["edge_cases"]
    assert parameter.kind is inspect.Parameter.KEYWORD_ONLY
    assert parameter.default is False
    for other in ("allow_warnings",):
        if other in knobs(name):
            assert inspect.signature(getattr(strategies, name)).parameters[other].default is False


def as_record(value: object) -> Any:
    """What a drawn value is as a record: a moment is the ``When`` it makes, an id a ``Ref``'s."""
    if isinstance(value, pendulum.DateTime):
        return When(start=value)
    if isinstance(value, str):
        return Ref(kind=RecordKind.STREET, id=value)
    return value


def parts(value: object) -> Iterator[Any]:
    """The value, or each record of a dataset."""
    if isinstance(value, Dataset):
        yield value
        yield from value.records()
    else:
        yield as_record(value)


WINDOW = strategy_fields.PLAUSIBLE_DAYS


def seeded(build: Callable[[Any], Any], count: int = 2000, **flags: bool) -> list[Any]:
    """What a builder (the code behind a strategy) makes from ``count`` seeded ``Choices``: for
    properties of the whole distribution and forms drawn now and then, which a hundred
    hypothesis examples (each mutated several times, in an order that depends on the constants
    of the modules loaded) do not show reliably."""
    return [build(RandomChoices(seed, **flags)) for seed in range(count)]


def draw_date(c: Any) -> cm.PartialDate:
    return strategy_values.partial_date(c, strategy_values.day(c, WINDOW), WINDOW)


def draw_activity(c: Any) -> Activity:
    return strategy_entities.activity(c, "activity:a", dates=WINDOW)


# -- every example is valid -----------------------------------------------------------------------


def check_valid(value: object, *, quiet: bool = True) -> None:
    """Constructs (it exists), reads back from text, survives evolve; ``quiet``: no warning."""
    for part in parts(value):
        if quiet:
            assert attrs.evolve(part) == part  # construction would raise a DomainWarning
        if hasattr(type(part), "parse"):
            assert type(part).parse(part.format()) == part
        if quiet:
            assert part.warnings() == []


@pytest.mark.parametrize(("name", "variant"), QUIET)
def test_examples_are_valid(name: str, variant: str) -> None:
    """Each strategy, by default and with edge cases: right class, valid, exact text round trip,
    no warning (the suite turns a DomainWarning into an error)."""
    _, cls = DRAWN[name]

    @given(strategy(name, variant))
    def check(value: object) -> None:
        assert isinstance(value, cls)
        check_valid(value)

    check()


@pytest.mark.parametrize("name", WARNING)
def test_examples_that_may_warn_are_valid(name: str) -> None:
    """With edge cases and warnings allowed, records are valid; warnings are reported by
    ``warnings()`` and none escapes while drawing (they would be errors here)."""
    _, cls = DRAWN[name]

    @given(strategy(name, "wild"))
    def check(value: object) -> None:
        assert isinstance(value, cls)
        check_valid(value, quiet=False)
        for part in parts(value):
            assert all(problem.severity is cm.Severity.WARNING for problem in part.warnings())

    check()


@pytest.mark.parametrize("name", sorted(DRAWN))
def test_json_round_trip(name: str) -> None:
    """``loads(dumps(x), type(x)) == x`` for every example (drawn with edge cases, which draw
    what the defaults draw and the edges besides)."""
    if not hasattr(cm, "dumps"):
        pytest.skip("community_model.dumps / loads do not exist yet (the JSON issue)")

    @given(strategy(name, "edges"))
    def check(value: object) -> None:
        record = as_record(value)
        loaded = cm.loads(cm.dumps(record), type(record))
        assert loaded == record
        if isinstance(record, When):  # a moment comes back a pendulum.DateTime, not a datetime
            assert [type(point) for point in (loaded.start, loaded.end)] == [
                type(point) for point in (record.start, record.end)
            ]

    check()


#: Half the profile's examples: a list of the most items (1000 references) costs jsonschema
#: seconds to check, its ``uniqueItems`` being quadratic.
HALF = settings(max_examples=max(1, settings().max_examples // 2))


@pytest.mark.parametrize("name", sorted(DRAWN))
def test_json_schema_accepts_every_example(name: str) -> None:
    """Every example, as JSON data, is valid against the JSON Schema of its class (drawn with
    edge cases, as above)."""
    if not hasattr(cm, "json_schema"):
        pytest.skip("community_model.json_schema does not exist yet (the JSON Schema issue)")
    jsonschema = pytest.importorskip("jsonschema")
    validators: dict[type, Any] = {}

    @HALF
    @given(strategy(name, "edges"))
    def check(value: object) -> None:
        record = as_record(value)
        cls = type(record)
        if cls not in validators:
            validators[cls] = jsonschema.Draft202012Validator(cm.json_schema(cls))
        validators[cls].validate(cm.to_dict(record))

    check()


# -- every field within the rule table's bounds ---------------------------------------------------

Lookup = Callable[..., Bounds]


def bound_problems(value: object, lookup: Lookup = bounds, *, usual: bool = True) -> list[str]:
    """Each field of ``value`` (and of the records it holds) outside ``lookup(cls, field)``.

    ``usual`` adds what default draws promise beyond validity: within the ``Plausible`` bounds,
    and long text never filled to its maximum length.
    """
    found: list[str] = []

    def check(item: object, rule: Bounds, where: str) -> None:
        if item is None:
            return
        if isinstance(item, str | tuple):
            if len(item) < rule.min_len or (rule.max_len is not None and len(item) > rule.max_len):
                found.append(f"{where}: length {len(item)} outside {rule.min_len}..{rule.max_len}")
            long = isinstance(item, str) and (rule.max_len or 0) >= 100
            if usual and long and len(item) == rule.max_len:
                found.append(f"{where}: filled to its maximum length by default")
        if isinstance(item, str) and rule.pattern and not re.fullmatch(rule.pattern, item):
            found.append(f"{where}: {item!r} does not match {rule.pattern}")
        if rule.ge is not None and item < rule.ge:  # type: ignore[operator]
            found.append(f"{where}: {item!r} below {rule.ge}")
        if rule.le is not None and item > rule.le:  # type: ignore[operator]
            found.append(f"{where}: {item!r} above {rule.le}")
        if rule.places is not None and isinstance(item, Decimal):
            exponent = item.as_tuple().exponent
            if isinstance(exponent, int) and -exponent > rule.places:
                found.append(f"{where}: {item} has more than {rule.places} places")
        if rule.unique and isinstance(item, tuple) and len(set(item)) != len(item):
            found.append(f"{where}: repeats an item")
        if rule.refers_to is not None and isinstance(item, Ref) and item.kind not in rule.refers_to:
            found.append(f"{where}: refers to a {item.kind.value}")
        counted = rule.counts_of
        if counted is not None and isinstance(item, cm.Count) and item.unit not in (None, *counted):
            found.append(f"{where}: counts {item.unit}, not {counted}")
        if usual and rule.plausible is not None:
            outside = implausible(item, *rule.plausible)
            if outside is not None:
                found.append(f"{where}: {outside} outside the plausible {rule.plausible}")

    def walk(item: object, where: str) -> None:
        cls = type(item)
        if not attrs.has(cls):
            return
        for field in fields_of(cls):
            inner = getattr(item, field.name)
            here = f"{where}.{field.name}"
            check(inner, lookup(cls, field.name), here)
            if isinstance(inner, tuple):
                for position, each in enumerate(inner):
                    if field.shape.item is not None:
                        check(each, lookup(cls, field.name, item=True), f"{here}[{position}]")
                    walk(each, f"{here}[{position}]")
            else:
                walk(inner, here)

    walk(as_record(value), "$")
    return found


@pytest.mark.parametrize(("name", "variant"), QUIET)
def test_each_drawn_field_respects_its_bounds(name: str, variant: str) -> None:
    """A property over every record type: every field within ``bounds(cls, field)`` (lengths,
    numbers, patterns, unique items, the kinds references point to) and within its Plausible
    bounds; by default, long text is never filled to its maximum length."""

    @given(strategy(name, variant))
    def check(value: object) -> None:
        assert bound_problems(value, usual=variant == "default") == []
        if variant == "edges":
            assert bound_problems(value, usual=False) == []
            assert [p for p in bound_problems(value) if "plausible" in p] == []

    check()


def tightened(cls: type, name: str, item: bool = False) -> Bounds:
    """Bounds as if the annotations were stricter: short text and lists, a tenth of each
    Plausible range."""
    found = bounds(cls, name, item=item)
    changes: dict[str, Any] = {}
    if found.max_len is not None:
        changes["max_len"] = max(found.min_len, min(found.max_len, 24))
    if found.plausible is not None:
        low, high = found.plausible
        changes["plausible"] = (low, low + (high - low) // 10)
    return attrs.evolve(found, **changes)


@pytest.mark.parametrize("name", [name for name, cls in sorted(DRAWN.items()) if cls is not str])
def test_strategies_draw_within_the_bounds_the_rule_table_gives(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Change the bounds (as a change of annotation would) and what is drawn changes with
    them: the strategies state no bound of their own."""
    monkeypatch.setattr(strategy_fields, "of", tightened)

    @given(strategy(name, "default"))
    def check(value: object) -> None:
        assert bound_problems(value, tightened, usual=True) == []

    check()


#: A small dataset with many streets (so that each optional field of a street is drawn).
SMALL = {
    "streets": 10,
    "communities": 10,
    "party_branches": 6,
    "organisations": 6,
    "people": 10,
    "partnerships": 6,
    "service_projects": 6,
    "activities": 20,
    "service_lists": 6,
    "list_items": 12,
    "adoptions": 10,
}


def test_reading_the_bounds_is_all_the_strategies_do_with_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A lookup that changes nothing changes no record drawn, and every bounded field of every
    record is drawn through it: no builder states a length, a number range, a Plausible range
    or the kinds of a reference by hand."""
    seen: set[tuple[type, str]] = set()
    real = strategy_fields.of

    def draw_some() -> list[object]:
        drawn: list[object] = [
            strategies.bulk_dataset(seed=seed, edge_cases=bool(seed % 2), **SMALL)
            for seed in (1, 2)
        ]
        for name in ("refs", "activities", "service_projects"):  # references to no record
            drawn.append(find(DRAWN[name][0], lambda _: True, settings=FIND))
        return drawn

    def spy(cls: type, name: str, item: bool = False) -> Bounds:
        seen.add((cls, name))
        return real(cls, name, item)

    before = draw_some()
    monkeypatch.setattr(strategy_fields, "of", spy)
    assert draw_some() == before
    bounded = {
        (cls, field.name)
        for cls in RECORD_CLASSES
        for field in fields_of(cls)
        if is_bounded(bounds(cls, field.name))
    }
    assert sorted(f"{cls.__name__}.{name}" for cls, name in bounded - seen) == []


#: The classes whose fields the builders draw one by one (value types are drawn whole from
#: their own formats: codes with check characters, dates and moments).
RECORD_CLASSES = (
    *cm.ENTITY_TYPES,
    cm.Compound,
    cm.Decision,
    cm.Funding,
    cm.Outcome,
    cm.Ref,
    cm.Schedule,
    cm.Source,
    cm.Unknown,
    cm.Votes,
)


def is_bounded(rule: Bounds) -> bool:
    """Whether a field has a bound a builder must respect (a pattern alone is a format)."""
    return any(
        (
            rule.max_len is not None,
            rule.ge is not None,
            rule.le is not None,
            rule.plausible is not None,
            rule.places is not None,
            rule.refers_to is not None,
            rule.min_len > 1,
        )
    )


# -- realistic by default, the edges when asked ---------------------------------------------------


def test_edge_cases_reach_the_edges_the_rules_allow() -> None:
    """Exact maximum lengths, odd characters, the first and last valid values."""
    longest = bounds(Street, "name").max_len
    street = find(
        strategies.streets(edge_cases=True), lambda s: len(s.name) == longest, settings=FIND
    )
    assert len(street.name) == longest
    most = bounds(Activity, "organisers").max_len
    activities = seeded(  # the builder behind the strategy (found fast, whatever hypothesis'
        lambda c: strategy_entities.activity(c, "activity:a", dates=WINDOW),  # order of draws)
        edge_cases=True,
    )
    assert any(len(activity.organisers) == most for activity in activities)
    ceiling = cm.Count(value=2**53 - 1)
    assert find(
        strategies.counts(edge_cases=True), lambda c: c.value == ceiling.value, settings=FIND
    )
    first = find(strategies.partial_dates(edge_cases=True), lambda d: d.year == 1000, settings=FIND)
    assert first.year == 1000


def test_values_outside_plausible_bounds_need_allow_warnings() -> None:
    """Edge cases and warnings together reach implausible values (a DomainWarning each)."""
    odd = find(
        strategies.activities(edge_cases=True, allow_warnings=True),
        lambda a: any(problem.code == "implausible" for problem in a.warnings()),
        settings=FIND,
    )
    assert any(problem.code == "implausible" for problem in odd.warnings())


@given(strategies.activities())
def test_default_activities_look_like_the_field(activity: Activity) -> None:
    """Dated in the years records hold, counts of people a community gathers, names short."""
    if isinstance(activity.when, cm.Unknown):
        assert activity.when.unknown
    else:
        assert activity.when.latest is None or 1949 <= activity.when.latest.year <= 2100
    for count in (activity.participants, activity.volunteers, activity.staff):
        assert count is None or count.value <= 100_000
    assert len(activity.title) < 60


@pytest.mark.parametrize("name", ["activities", "datasets"])
def test_default_settings_raise_no_health_check(name: str) -> None:
    """Under hypothesis' own defaults (deadline, health checks) the biggest strategies pass."""
    strategy, _ = DRAWN[name]
    defaults = settings.get_profile("default")

    @settings(defaults, database=None, derandomize=True)
    @given(strategy)
    def check(value: object) -> None:
        check_valid(value)

    check()


# -- datasets: every reference resolves -----------------------------------------------------------


def reference_problems(dataset: Dataset) -> list[str]:
    """Every reference that does not resolve to a record of the right kind, in words."""
    found: list[str] = []
    records: dict[tuple[RecordKind, str], Entity] = {}
    for record in dataset.records():
        if any(id_ == record.id for _, id_ in records):
            found.append(f"id {record.id!r} is used twice")
        records[record.record_kind, record.id] = record

    def need(where: str, kind: RecordKind, ident: str | None) -> None:
        if ident is not None and (kind, ident) not in records:
            found.append(f"{where}: no {kind.value} {ident!r}")

    def need_ref(where: str, ref: Ref | cm.Unknown | None, kinds: set[RecordKind]) -> None:
        if isinstance(ref, Ref):
            if ref.kind not in kinds:
                found.append(f"{where}: {ref.format()} is of the wrong kind")
            need(where, ref.kind, ref.id)

    lead = {RecordKind.STREET, RecordKind.COMMUNITY, RecordKind.PARTY_BRANCH}
    lead.add(RecordKind.ORGANISATION)
    party = {RecordKind.PARTY_BRANCH, RecordKind.ORGANISATION}
    for community in dataset.communities:
        need(community.id, RecordKind.STREET, community.street_id)
        street = records.get((RecordKind.STREET, community.street_id or ""))
        if community.street_id is None:
            found.append(f"{community.id}: sits in no street")
        if (
            isinstance(street, Street)
            and street.code
            and community.code
            and not community.code.digits.startswith(street.code.digits)
        ):
            found.append(f"{community.id}: code {community.code} not in {street.code}")
    for branch in dataset.party_branches:
        need_ref(branch.id, branch.host, {RecordKind.COMMUNITY, RecordKind.ORGANISATION})
        need(branch.id, RecordKind.PERSON, branch.secretary_id)
        need(branch.id, RecordKind.PARTY_BRANCH, branch.parent_id)
    for person in dataset.people:
        need(person.id, RecordKind.COMMUNITY, person.community_id)
    for partnership in dataset.partnerships:
        for ref in partnership.parties:
            need_ref(partnership.id, ref, party)
    for project in dataset.service_projects:
        need(project.id, RecordKind.STREET, project.street_id)
        need(project.id, RecordKind.SERVICE_PROJECT, project.programme_id)
        for ident in project.community_ids:
            need(project.id, RecordKind.COMMUNITY, ident)
        need_ref(project.id, project.lead, lead)
        for ref in project.partners:
            need_ref(project.id, ref, party)
        for funding in project.funding:
            need_ref(project.id, funding.provider, lead)
    for activity in dataset.activities:
        for ref in activity.organisers:
            need_ref(activity.id, ref, lead)
        for ref in activity.partners:
            need_ref(activity.id, ref, party)
        for ident in activity.community_ids:
            need(activity.id, RecordKind.COMMUNITY, ident)
        need(activity.id, RecordKind.SERVICE_PROJECT, activity.project_id)
        need(activity.id, RecordKind.PARTNERSHIP, activity.partnership_id)
    keepers = {RecordKind.STREET, RecordKind.COMMUNITY, RecordKind.PARTY_BRANCH}
    for service_list in dataset.service_lists:
        need_ref(service_list.id, service_list.keeper, keepers)
    for item in dataset.list_items:
        need(item.id, RecordKind.SERVICE_LIST, item.list_id)
        need(item.id, RecordKind.COMMUNITY, item.community_id)
        need(item.id, RecordKind.SERVICE_PROJECT, item.project_id)
    for adoption in dataset.adoptions:
        need(adoption.id, RecordKind.LIST_ITEM, adoption.item_id)
        need_ref(adoption.id, adoption.adopter, party)
    return found


@pytest.mark.parametrize("variant", ["default", "edges", "wild"])
def test_datasets_are_referentially_consistent(variant: str) -> None:
    """Ids are unique, every reference resolves, community codes extend their street's; the
    dataset's own check finds no error (and by default no warning either)."""

    @given(strategy("datasets", variant))
    def check(dataset: Dataset) -> None:
        assert reference_problems(dataset) == []
        problems = dataset.check()
        assert [p for p in problems if p.severity is cm.Severity.ERROR] == []
        if variant != "wild":
            assert problems == []

    check()


@given(
    strategies.datasets(
        min_streets=2,
        min_communities=3,
        min_party_branches=2,
        min_people=2,
        min_partnerships=1,
        min_service_projects=1,
        min_activities=2,
        max_activities=4,
        min_service_lists=1,
        min_list_items=1,
        min_adoptions=1,
    )
)
def test_full_datasets_are_referentially_consistent(dataset: Dataset) -> None:
    """With every kind present, references still resolve; minimums are met."""
    assert reference_problems(dataset) == []
    assert len(dataset.streets) >= 2
    assert len(dataset.communities) >= 3
    assert len(dataset.partnerships) >= 1
    assert len(dataset.adoptions) >= 1


@pytest.mark.parametrize(
    ("arguments", "needed"),
    [
        ({"min_activities": 1}, ("streets", "communities", "party_branches", "organisations")),
        ({"min_activities": 1, "max_streets": 0}, ("party_branches", "organisations")),
        ({"min_communities": 1}, ("streets",)),
        ({"min_service_projects": 1}, ("streets",)),
        ({"min_party_branches": 1, "max_organisations": 0}, ("communities",)),
        ({"min_partnerships": 1, "max_party_branches": 0}, ("organisations",)),
        ({"min_service_lists": 1}, ("streets", "communities", "party_branches")),
        ({"min_list_items": 1}, ("service_lists",)),
        ({"min_adoptions": 1}, ("list_items",)),
        ({"min_adoptions": 1, "max_organisations": 0}, ("party_branches",)),
    ],
)
def test_datasets_draw_what_a_minimum_needs(
    arguments: dict[str, int], needed: tuple[str, ...]
) -> None:
    """A kind another kind needs is drawn too: one activity brings an organiser."""

    @given(strategies.datasets(**arguments))
    def check(dataset: Dataset) -> None:
        assert reference_problems(dataset) == []
        assert any(getattr(dataset, name) for name in needed)

    check()


@given(
    strategies.datasets(
        min_service_lists=1, min_list_items=2, max_list_items=6, min_adoptions=1, max_adoptions=6
    )
)
def test_datasets_hold_lists_items_and_adoptions(dataset: Dataset) -> None:
    """Items of the dataset's lists, for communities their keeper serves; adoptions of those
    items by its units; an adopted item is never 待认领, a list's total covers its items: the
    dataset's check finds nothing."""
    assert reference_problems(dataset) == []
    assert dataset.check() == []
    lists = {service_list.id: service_list for service_list in dataset.service_lists}
    for item in dataset.list_items:
        keeper = lists[item.list_id].keeper
        if item.community_id is not None and keeper.kind is RecordKind.COMMUNITY:
            assert item.community_id == keeper.id
        if item.community_id is not None and keeper.kind is RecordKind.STREET:
            assert dataset.community(item.community_id).street_id == keeper.id
        if dataset.adoptions_of(item.id):
            assert item.status is not cm.ItemStatus.OPEN
    for adoption in dataset.adoptions:
        assert adoption.adopter.kind in (RecordKind.ORGANISATION, RecordKind.PARTY_BRANCH)


#: A tenth of the profile's examples: each of these datasets costs a few hundred records.
FEW = settings(max_examples=max(1, settings().max_examples // 10))


@pytest.mark.parametrize("size", [100, 500])
def test_large_datasets_are_drawn_and_never_rejected(size: int) -> None:
    """``min_activities=500`` draws 500 activities (past hypothesis' budget of choices, the
    records come from a seeded generator): no Unsatisfiable, no example thrown away."""

    @FEW
    @given(strategies.datasets(min_activities=size))
    def check(dataset: Dataset) -> None:
        assert len(dataset.activities) == size
        assert reference_problems(dataset) == []
        assert dataset.check() == []

    check()


def test_a_failing_dataset_shrinks_small() -> None:
    """A dataset that merely has an activity shrinks to one street and one activity."""
    minimal = find(
        strategies.datasets(),
        lambda dataset: len(dataset.activities) >= 1,
        settings=FIND,
    )
    assert len(minimal.streets) <= 1
    assert len(minimal.communities) <= 1
    assert len(list(minimal.records())) == 2
    (activity,) = minimal.activities
    assert activity.organisers == (minimal.streets[0].ref,)


def test_minimal_examples_are_readable() -> None:
    """Shrunk examples are plain realistic records: 吴门桥街道, 新城社区, 京师(苏州)律师事务所."""
    street = find(strategies.streets(), lambda _: True, settings=FIND)
    assert re.fullmatch(
        r"[\u4e00-\u9fff]{2,3}(街道|镇|乡|民族乡|经济开发区|农场|管理区|度假区)", street.name
    )
    assert street.name.endswith(street.kind.label) or street.kind is StreetKind.OTHER
    assert (street.sources, street.code) == ((), None)
    community = find(strategies.communities(), lambda _: True, settings=FIND)
    assert re.fullmatch(r"[\u4e00-\u9fff]{2,4}(社区|村|生活区|社区工作站|虚拟社区)", community.name)
    firms = strategies.organisations(kinds=st.just(cm.OrganisationKind.LAW_FIRM))
    firm = find(firms, lambda _: True, settings=FIND)
    assert re.fullmatch(r"[\u4e00-\u9fff]{2,4}[(（][\u4e00-\u9fff]{2}[)）]律师事务所", firm.name)


# -- knobs ----------------------------------------------------------------------------------------

SUZHOU_STREET = Street(
    id="street:wumenqiao",
    name="吴门桥街道",
    kind=StreetKind.SUBDISTRICT,
    code=DivisionCode(digits="320508024", edition=2023),
    district="姑苏区",
)


@given(strategies.communities(street=SUZHOU_STREET))
def test_communities_sit_in_a_given_street(community: Community) -> None:
    """Its street, district, code prefix and edition are the street's."""
    assert community.street_id == SUZHOU_STREET.id
    assert community.district == "姑苏区"
    if community.code is not None:
        assert community.code.parent == SUZHOU_STREET.code


@given(st.data())
def test_children_attach_to_given_records(data: st.DataObject) -> None:
    """A branch sits in the given host, an activity has only the given organisers."""
    community = data.draw(strategies.communities(street=SUZHOU_STREET))
    secretary = data.draw(strategies.people(community=community))
    branch = data.draw(strategies.party_branches(community=community, secretaries=[secretary]))
    assert branch.host == community.ref
    assert branch.secretary_id in (None, secretary.id)
    assert secretary.community_id == community.id
    activity = data.draw(
        strategies.activities(
            organisers=[SUZHOU_STREET, branch], communities=[community], partners=[branch]
        )
    )
    assert set(activity.organisers) <= {SUZHOU_STREET.ref, branch.ref}
    assert set(activity.community_ids) <= {community.id}
    project = data.draw(strategies.service_projects(communities=[community]))
    assert set(project.community_ids) <= {community.id}
    assert project.community_ids or project.street_id


@given(
    strategies.whens(min_date=dt.date(2023, 7, 1), max_date=dt.date(2023, 8, 31)),
)
def test_whens_stay_within_their_dates(when: When) -> None:
    """Every known end lies between the bounds (暑期: the summer holiday)."""
    low = pendulum.datetime(2023, 7, 1, tz=BEIJING)
    high = pendulum.datetime(2023, 9, 1, tz=BEIJING)
    for instant in (when.earliest, when.latest):
        assert instant is None or low <= instant < high


@given(
    strategies.whens(
        min_date=dt.date(2023, 1, 1),
        max_date=dt.date(2023, 12, 31),
        allow_intervals=False,
        allow_moments=False,
    )
)
def test_whens_knobs_leave_out_intervals_and_moments(when: When) -> None:
    """Without intervals and moments, a time is a date: a century to a day."""
    assert when.precision in ("century", "decade", "year", "season", "month", "day")


@given(
    strategies.moments(
        min_value=dt.datetime(1986, 5, 3, 12), max_value=dt.datetime(1986, 9, 14, 12)
    )
)
def test_moments_exist_in_beijing_summer_time(moment: pendulum.DateTime) -> None:
    """Summer time 1986: no time in the spring gap, the text form reads back equal."""
    utc = moment.astimezone(dt.UTC)
    assert utc.astimezone(BEIJING).replace(tzinfo=None) == moment.replace(tzinfo=None)
    assert (
        dt.datetime(1986, 5, 3, 12) <= moment.replace(tzinfo=None) <= dt.datetime(1986, 9, 14, 12)
    )
    assert When.parse(When(start=moment).format()) == When(start=moment)


def test_moments_reach_both_readings_of_the_autumn_hour() -> None:
    """1986-09-14 01:30 happened twice (+09:00, then +08:00); both are drawn."""
    hour = strategies.moments(
        min_value=dt.datetime(1986, 9, 14, 1), max_value=dt.datetime(1986, 9, 14, 1, 59)
    )
    for hours in (8, 9):
        found = find(
            hour,
            lambda moment, hours=hours: moment.utcoffset() == dt.timedelta(hours=hours),
            settings=FIND,
        )
        assert When.parse(When(start=found).format()) == When(start=found)


@given(strategies.division_codes(kinds=st.just(StreetKind.TOWN)))
def test_division_codes_agree_with_their_kind(code: DivisionCode) -> None:
    """A 镇 has a 9-digit code whose township segment is 100–199."""
    assert code.level == "township"
    assert 100 <= code.township_segment <= 199


@given(strategies.credit_codes())
def test_credit_codes_end_in_their_check_character(code: cm.CreditCode) -> None:
    assert code.code[17] == check_character(code.code[:17])


@given(
    strategies.counts(min_value=3, max_value=50, qualifiers=st.just(cm.CountQualifier.MORE_THAN))
)
def test_counts_keep_to_their_bounds(count: cm.Count) -> None:
    assert 3 <= count.value <= 50
    assert count.qualifier is cm.CountQualifier.MORE_THAN


@given(strategies.money(min_value=Decimal("0.5"), max_value=Decimal("0.7")))
def test_money_keeps_to_its_bounds(amount: cm.Money) -> None:
    assert Decimal("0.5") <= amount.amount <= Decimal("0.7")


# -- the forms reports give: counts of what, vague times, unknowns, schedules ---------------------


def test_counts_count_what_their_field_counts() -> None:
    """A count drawn for a field counts one of the measure words its ``CountsOf`` allows (the
    bounds check above holds it for every field); people, person-times and households all occur
    among participants, and every qualifier among counts."""
    activities = seeded(draw_activity)
    participants = {a.participants.unit for a in activities if a.participants is not None}
    assert participants == {
        None,
        cm.MeasureWord.PEOPLE,
        cm.MeasureWord.PERSON_TIMES,
        cm.MeasureWord.HOUSEHOLDS,
    }
    assert {a.sessions.unit for a in activities if a.sessions is not None} == {
        None,
        cm.MeasureWord.SESSIONS,
    }
    counts = seeded(lambda c: strategy_values.count(c, 0, 1000))
    assert {count.qualifier for count in counts} == set(cm.CountQualifier)
    assert {count.unit for count in counts} == {None, *cm.MeasureWord}
    assert find(strategies.counts(), lambda _: True, settings=FIND) == cm.Count.parse("0人")


@given(strategies.counts(max_value=3, qualifiers=st.just(cm.CountQualifier.LESS_THAN)))
def test_a_count_less_than_something_is_a_count(count: cm.Count) -> None:
    """不足0 is no count: a count less than a number states at least 1."""
    assert 1 <= count.value <= 3


@given(strategies.party_branches())
def test_members_say_nothing_outside_the_level(branch: PartyBranch) -> None:
    """Whatever its qualifier (近50, 50余, 不足4), the count of members agrees with the level."""
    least, most = cm.typical_members(branch.level)
    if branch.members is not None:
        if branch.members.maximum is not None:
            assert branch.members.maximum >= least
        if branch.members.minimum is not None and most is not None:
            assert branch.members.minimum <= most


#: The rarer forms of a date, each drawn now and then by default.
RARE_DATES: dict[str, Callable[[cm.PartialDate], bool]] = {
    "a season": lambda d: d.season is not None,
    "a decade": lambda d: d.precision == "decade",
    "a century": lambda d: d.precision == "century",
    "an unspecified month": lambda d: d.unspecified is cm.Unspecified.MONTH and d.day is None,
    "an unspecified day": lambda d: d.unspecified is cm.Unspecified.DAY,
    "an unspecified month and day": lambda d: d.unspecified is cm.Unspecified.MONTH_AND_DAY,
    "a day of an unspecified month": lambda d: (
        d.unspecified is cm.Unspecified.MONTH and d.day is not None
    ),
    "an inferred year": lambda d: d.year_inferred,
}


def test_every_form_of_a_date_is_drawn_by_default_and_rarely() -> None:
    """Seasons, X digits and inferred years are drawn by default too, each now and then: most
    dates are years, months and days; edge cases draw the rarer forms more often."""
    dates = seeded(draw_date)
    for form, condition in RARE_DATES.items():
        assert any(condition(date) for date in dates), form
    assert all(cm.PartialDate.parse(date.format()) == date for date in dates)

    def rare(date: cm.PartialDate) -> bool:
        return date.precision not in ("year", "month", "day") or date.year_inferred

    share = sum(map(rare, dates)) / len(dates)
    assert 0 < share < 0.25
    assert sum(map(rare, seeded(draw_date, edge_cases=True))) / len(dates) > share
    found = find(strategies.partial_dates(edge_cases=True), rare, settings=FIND)
    assert rare(found)  # drawn through hypothesis too (more often at the edges)


def test_whens_reach_unknown_ends_and_minutes() -> None:
    """``2021/`` (an end that is unknown, rarely) and moments known to the minute, read back
    exactly; ``allow_open=False`` leaves out both kinds of missing end."""
    times = seeded(lambda c: strategy_values.when(c, WINDOW))
    for condition in (
        lambda w: w.end_unknown,
        lambda w: w.start_unknown,
        lambda w: isinstance(w.start, cm.Minute),
        lambda w: isinstance(w.end, cm.Minute),
    ):
        assert any(condition(time) for time in times)
    assert sum(w.start_unknown or w.end_unknown for w in times) < len(times) / 20
    assert all(When.parse(time.format()) == time for time in times)
    closed = seeded(lambda c: strategy_values.when(c, WINDOW, allow_open=False))
    assert all(w.start is not None and w.end is not None for w in closed if w.interval)


@given(
    strategies.minutes(
        min_value=dt.datetime(1986, 5, 3, 12, 0, 30), max_value=dt.datetime(1986, 9, 14, 12)
    )
)
def test_minutes_are_whole_minutes_that_exist(minute: cm.Minute) -> None:
    """Within the bounds, no seconds, never in the spring gap of summer time."""
    assert (minute.at.second, minute.at.microsecond) == (0, 0)
    naive = minute.at.replace(tzinfo=None)
    assert dt.datetime(1986, 5, 3, 12, 1) <= naive <= dt.datetime(1986, 9, 14, 12)
    assert minute.at.astimezone(dt.UTC).astimezone(BEIJING).replace(tzinfo=None) == naive
    assert cm.Minute.parse(minute.format()) == minute


def test_schedules_are_worded_as_reports_word_them() -> None:
    """每周六 (the simplest), 每月第一个周六, 定期 (no rule) and the other wordings are drawn,
    each with the rule its words give; edge cases reach odd rules of many parts, which dateutil
    reads."""
    simplest = find(strategies.schedules(), lambda _: True, settings=FIND)
    assert simplest == cm.Schedule.from_words("每周六")
    early = find(strategies.schedules(), lambda s: s.part_of_day is not None, settings=FIND)
    assert early == cm.Schedule.from_words("每周六凌晨")  # shrinks to its simplest
    wordings = {
        schedule.wording
        for schedule in seeded(lambda c: strategy_values.schedule(c, WINDOW))
        if schedule.part_of_day is None
    }
    assert {
        "每周六",
        "每月第一个周六",
        "定期",
        "每周一至五",
        "每两周六",
        "每周末",
        "每天",
    } <= wordings
    odd = find(
        strategies.schedules(edge_cases=True),
        lambda s: s.rule is not None and s.rule.count(";") >= 4,
        settings=FIND,
    )
    assert odd.rule is not None
    assert odd.occurrences(dt.date(2023, 1, 1), dt.date(2023, 12, 31)) is not None


@given(strategies.schedules())
def test_default_schedules_agree_with_their_words(schedule: cm.Schedule) -> None:
    assert schedule == cm.Schedule.from_words(
        schedule.wording, first=schedule.first, last=schedule.last
    )


def test_unknowns_are_drawn_where_fields_allow_them_and_rarely() -> None:
    """An activity's time, a Party organisation's host unit, a party of an agreement: now and
    then ``Unknown`` by default (reports mostly give facts), more often with edge cases."""
    activities = seeded(draw_activity)
    share = sum(isinstance(a.when, cm.Unknown) for a in activities) / len(activities)
    assert 0 < share < 0.1
    edges = seeded(draw_activity, edge_cases=True)
    assert sum(isinstance(a.when, cm.Unknown) for a in edges) / len(edges) > share
    branches = seeded(
        lambda c: strategy_entities.party_branch(c, "branch:a", cm.BranchLevel.BRANCH, dates=WINDOW)
    )
    assert any(isinstance(branch.host, cm.Unknown) for branch in branches)
    agreements = seeded(lambda c: strategy_entities.partnership(c, "partnership:a", dates=WINDOW))
    assert any(isinstance(party, cm.Unknown) for p in agreements for party in p.parties)
    activity = find(
        strategies.activities(edge_cases=True),
        lambda a: isinstance(a.when, cm.Unknown),
        settings=FIND,
    )
    assert activity.when.unknown
    reason = find(strategies.unknowns(), lambda u: u.reason is not None, settings=FIND)
    assert reason.reason


@given(
    strategies.party_branches(
        organisation=Organisation(
            id="org:a", name="漕湖人民医院", kind=cm.OrganisationKind.HOSPITAL
        )
    )
)
def test_a_given_host_is_never_unknown(branch: PartyBranch) -> None:
    assert branch.host_organisation_id == "org:a"


@given(strategies.sources())
def test_sources_are_retrieved_and_updated_after_they_are_published(source: cm.Source) -> None:
    for later in (source.retrieved, source.updated):
        if later is None or source.published is None:
            continue
        assert later.earliest is not None
        assert source.published.latest is not None
        assert later.earliest > source.published.latest


def test_new_fields_of_records_are_drawn() -> None:
    """What issue 11 added to the records is drawn by default."""
    kinds = {"street": cm.StreetKind.SUBDISTRICT, "community": cm.CommunityKind.OTHER}
    builders: dict[str, Callable[[Any], Any]] = {
        "activities": draw_activity,
        "outcomes": strategy_records.outcome,
        "projects": lambda c: strategy_entities.service_project(c, "project:a", dates=WINDOW),
        "organisations": lambda c: strategy_entities.organisation(
            c, "org:a", cm.OrganisationKind.HOSPITAL, dates=WINDOW
        ),
        "streets": lambda c: strategy_entities.street(c, "street:a", kinds["street"], dates=WINDOW),
        "communities": lambda c: strategy_entities.community(
            c, "community:a", kinds["community"], dates=WINDOW
        ),
        "sources": lambda c: strategy_records.source(c, WINDOW),
        "lists": lambda c: strategy_entities.service_list(
            c, "list:a", cm.ListKind.NEEDS, dates=WINDOW
        ),
        "adoptions": lambda c: strategy_entities.adoption(c, "adoption:a", dates=WINDOW),
    }
    wanted: dict[str, tuple[str, Callable[[Any], bool]]] = {
        "beneficiaries": ("activities", lambda a: a.beneficiaries is not None),
        "sessions of a series": ("activities", lambda a: a.sessions is not None and a.series),
        "outcomes of activities": ("activities", lambda a: bool(a.outcomes)),
        "schedules of activities": ("activities", lambda a: a.schedule is not None),
        "parts of the day": ("activities", lambda a: a.part_of_day is not None),
        "counted outcomes": ("outcomes", lambda o: o.count is not None),
        "durations": ("projects", lambda p: p.duration is not None),
        "in use": ("projects", lambda p: p.in_use is not None),
        "unknown status": ("projects", lambda p: p.status is cm.ProjectStatus.UNKNOWN),
        "districts of units": ("organisations", lambda o: o.district is not None),
        "cities of units": ("organisations", lambda o: o.city is not None),
        "housing of streets": ("streets", lambda s: bool(s.housing)),
        "housing of communities": ("communities", lambda c: bool(c.housing)),
        "retrieved": ("sources", lambda s: s.retrieved is not None),
        "updated": ("sources", lambda s: s.updated is not None),
        "list totals": ("lists", lambda s: s.items_adopted is not None),
        "adoption amounts": ("adoptions", lambda a: a.amount is not None),
    }
    drawn = {name: seeded(build, count=300) for name, build in builders.items()}
    for name, (kind, condition) in wanted.items():
        assert any(condition(record) for record in drawn[kind]), name
    in_use = [p for p in drawn["projects"] if p.in_use is not None and p.period is not None]
    assert all(p.in_use.earliest >= p.period.earliest for p in in_use if p.period.earliest)


def test_allow_warnings_draws_records_that_break_conventions() -> None:
    """The knob reaches codes in another kind's range and unusual membership, silently."""
    street = find(
        strategies.streets(allow_warnings=True),
        lambda street: bool(street.warnings()),
        settings=FIND,
    )
    assert street.warnings()[0].code == "kind_mismatch"
    branch = find(
        strategies.party_branches(allow_warnings=True),
        lambda branch: bool(branch.warnings()),
        settings=FIND,
    )
    assert branch.warnings()[0].code == "level_members"


# -- invalid arguments, raised lazily -------------------------------------------------------------

A_BRANCH = PartyBranch(
    id="branch:a", name="新城社区党委", level=cm.BranchLevel.COMMITTEE, host_community_id="c"
)
A_PERSON = Person(id="person:a", name="王海")
A_COMMUNITY = Community(
    id="community:a", name="新城社区", kind=cm.CommunityKind.RESIDENTS_COMMITTEE
)
AN_ORGANISATION = Organisation(id="org:a", name="漕湖人民医院", kind=cm.OrganisationKind.HOSPITAL)

BAD_CALLS: dict[str, Callable[[], st.SearchStrategy[Any]]] = {
    "min above max": lambda: strategies.counts(min_value=5, max_value=1),
    "negative minimum": lambda: strategies.counts(min_value=-1),
    "min_size above max_size": lambda: strategies.datasets(min_streets=3, max_streets=1),
    "negative size": lambda: strategies.datasets(min_activities=-1),
    "float size": lambda: strategies.datasets(max_people=2.5),  # type: ignore[arg-type]
    "communities without streets": lambda: strategies.datasets(min_communities=1, max_streets=0),
    "partnership without two parties": lambda: strategies.datasets(
        min_partnerships=1, max_party_branches=0, max_organisations=1
    ),
    "a value for a strategy": lambda: strategies.streets(
        kinds=StreetKind.TOWN  # type: ignore[arg-type]
    ),
    "min_date after max_date": lambda: strategies.whens(
        min_date=dt.date(2024, 1, 1), max_date=dt.date(2023, 1, 1)
    ),
    "a datetime for a date": lambda: strategies.partial_dates(
        min_date=dt.datetime(2023, 1, 1)  # type: ignore[arg-type]
    ),
    "a non-bool flag": lambda: strategies.whens(allow_open="yes"),  # type: ignore[arg-type]
    "an aware moment bound": lambda: strategies.moments(
        min_value=dt.datetime(2023, 1, 1, tzinfo=dt.UTC)
    ),
    "a moment before 1901": lambda: strategies.moments(min_value=dt.datetime(1900, 1, 1)),
    "moments only in a gap": lambda: strategies.moments(
        min_value=dt.datetime(1986, 5, 4, 2, 10), max_value=dt.datetime(1986, 5, 4, 2, 50)
    ),
    "two hosts": lambda: strategies.party_branches(
        community=A_COMMUNITY, organisation=AN_ORGANISATION
    ),
    "no organisers": lambda: strategies.activities(organisers=[]),
    "a person organising": lambda: strategies.activities(organisers=[A_PERSON]),
    "one party": lambda: strategies.partnerships(parties=[A_BRANCH]),
    "a project with nothing to serve": lambda: strategies.service_projects(communities=[]),
    "a street that is an id": lambda: strategies.communities(
        street="street:a"  # type: ignore[arg-type]
    ),
    "a secretary who is not a person": lambda: strategies.party_branches(
        secretaries=[A_BRANCH]  # type: ignore[list-item]
    ),
    "money finer than a fen": lambda: strategies.money(min_value=Decimal("0.001")),
    "a village parent": lambda: strategies.division_codes(
        parent=DivisionCode(digits="320508024001")
    ),
    "an unknown level": lambda: strategies.division_codes(level="county"),  # type: ignore[arg-type]
    "people born after today": lambda: strategies.resident_ids(min_date=dt.date(2200, 1, 1)),
    "a non-bool edge_cases": lambda: strategies.streets(edge_cases=1),  # type: ignore[arg-type]
    "records dated before 1949 without warnings": lambda: strategies.activities(
        min_date=dt.date(1900, 1, 1)
    ),
    "a dataset dated after 2100 without warnings": lambda: strategies.datasets(
        max_date=dt.date(2150, 1, 1), min_date=dt.date(2140, 1, 1)
    ),
    "items without a list": lambda: strategies.list_items(lists=[]),
    "adoptions without an item": lambda: strategies.adoptions(items=[]),
    "a person adopting": lambda: strategies.adoptions(adopters=[A_PERSON]),
    "a list nobody keeps": lambda: strategies.service_lists(keepers=[]),
    "adoptions into a dataset without adopters": lambda: strategies.datasets(
        min_adoptions=1, max_organisations=0, max_party_branches=0
    ),
    "no whole minute": lambda: strategies.minutes(
        min_value=dt.datetime(2023, 1, 1, 8, 30, 1), max_value=dt.datetime(2023, 1, 1, 8, 30, 59)
    ),
}


@pytest.mark.parametrize("name", sorted(BAD_CALLS))
def test_invalid_arguments_raise_lazily(name: str) -> None:
    """Building the strategy is silent; validating or drawing raises InvalidArgument."""
    strategy = BAD_CALLS[name]()
    with pytest.raises(InvalidArgument):
        strategy.validate()
    with pytest.raises(InvalidArgument):
        find(BAD_CALLS[name](), lambda _: True, settings=FIND)


@pytest.mark.parametrize(
    "strategy",
    [
        strategies.counts(max_value=0, qualifiers=st.just(cm.CountQualifier.LESS_THAN)),
        strategies.counts(units=st.just("人")),  # type: ignore[arg-type]
    ],
    ids=["less than nothing", "a measure word as text"],
)
def test_what_a_given_strategy_draws_is_checked_when_drawn(
    strategy: st.SearchStrategy[Any],
) -> None:
    """A strategy argument that draws what cannot be (不足0, text for a measure word) raises
    InvalidArgument at the draw."""
    with pytest.raises(InvalidArgument):
        find(strategy, lambda _: True, settings=FIND)


def test_repr_shows_the_call() -> None:
    assert repr(strategies.counts(max_value=3)) == "deferred(counts(max_value=3))"
    shown = repr(strategies.streets(edge_cases=True))
    assert shown == "deferred(streets(edge_cases=True))"


def test_dates_outside_plausible_years_are_drawn_with_allow_warnings() -> None:
    """An explicit window before 1949 is honoured when warnings are allowed, and warns."""
    old = strategies.activities(
        min_date=dt.date(1900, 1, 1), max_date=dt.date(1900, 12, 31), allow_warnings=True
    )
    activity = find(old, lambda _: True, settings=FIND)
    assert [problem.code for problem in activity.warnings()] == ["implausible"]


# -- the entry point ------------------------------------------------------------------------------


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter, warnings as errors."""
    env = {k: v for k, v in os.environ.items() if k != "HYPOTHESIS_NO_PLUGINS"}
    return subprocess.run(
        [sys.executable, "-W", "error", "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )


def test_importing_the_model_does_not_import_hypothesis() -> None:
    """hypothesis is an optional dependency."""
    result = run_python(
        """
        import sys
        import community_model
        assert "hypothesis" not in sys.modules, "hypothesis was imported"
        """
    )
    assert result.returncode == 0, result.stderr


#: Examples per type in the entry point's smoke test: a thirtieth of the profile's, as the
#: fresh process draws every public type (each one is drawn in full above).
SMOKE = max(1, settings().max_examples // 30)


def test_from_type_works_through_the_entry_point_alone() -> None:
    """In a fresh process that imports only hypothesis and the model, every public type draws."""
    result = run_python(
        f"""
        import sys
        import attrs
        from hypothesis import given, settings, strategies as st
        import community_model

        @attrs.frozen
        class Mine:
            activity: community_model.Activity
            when: community_model.When
            count: community_model.Count | None

        for name in {PUBLIC_TYPES!r}:
            cls = getattr(community_model, name)

            @settings(max_examples={SMOKE}, database=None, derandomize=True, deadline=None)
            @given(st.from_type(cls))
            def check(value):
                assert isinstance(value, cls), (cls, value)

            check()

        @settings(max_examples={SMOKE}, database=None, derandomize=True, deadline=None)
        @given(st.builds(Mine))
        def check_builds(mine):
            assert isinstance(mine.activity, community_model.Activity)

        check_builds()
        print("ok")
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_importing_the_strategies_first_works() -> None:
    """``import community_model.strategies`` before hypothesis: the entry point must not break it.

    hypothesis runs its entry points while it is being imported, here from inside our module.
    """
    script = "import community_model.strategies as s; import hypothesis; print(len(s.__all__))"
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) == len(strategies.__all__)


# -- the bulk generator ---------------------------------------------------------------------------


def test_bulk_datasets_are_the_same_for_the_same_seed() -> None:
    """Seeded: a fixture file written from a seed is the same file on every machine."""
    first = strategies.bulk_dataset(seed=7, activities=30)
    assert first == strategies.bulk_dataset(seed=7, activities=30)
    assert first != strategies.bulk_dataset(seed=8, activities=30)


def test_bulk_datasets_have_the_sizes_asked_for() -> None:
    """Sizes are exact; a kind another kind needs comes along (activities need an organiser)."""
    dataset = strategies.bulk_dataset(
        seed=1,
        streets=0,
        communities=0,
        party_branches=0,
        organisations=0,
        people=0,
        partnerships=0,
        service_projects=0,
        activities=50,
        service_lists=0,
        list_items=0,
        adoptions=0,
    )
    assert (len(dataset.activities), len(dataset.streets)) == (50, 1)
    assert len(list(dataset.records())) == 51
    big = strategies.bulk_dataset(seed=2, streets=3, communities=30, activities=300)
    assert (len(big.streets), len(big.communities), len(big.activities)) == (3, 30, 300)
    adopted = strategies.bulk_dataset(
        seed=3,
        **dict.fromkeys(("streets", "communities", "party_branches"), 0),
        **dict.fromkeys(("organisations", "people", "partnerships", "service_projects"), 0),
        activities=0,
        service_lists=0,
        list_items=0,
        adoptions=5,
    )
    assert len(adopted.adoptions) == 5
    assert adopted.list_items
    assert adopted.service_lists
    assert reference_problems(adopted) == []


@pytest.mark.parametrize("knobs", [{}, {"edge_cases": True}])
def test_bulk_datasets_are_valid_and_realistic(knobs: dict[str, bool]) -> None:
    """The records of the strategies: every reference resolves, no warning, every field
    within its bounds (and by default within its Plausible range)."""
    dataset = strategies.bulk_dataset(seed=3, **knobs)
    assert reference_problems(dataset) == []
    assert dataset.check() == []
    assert bound_problems(dataset, usual=not knobs) == []
    assert cm.loads(cm.dumps(dataset), Dataset) == dataset


@pytest.mark.parametrize(
    "arguments",
    [{"seed": "1"}, {"seed": 1, "activities": -1}, {"seed": 1, "min_date": dt.date(1800, 1, 1)}],
)
def test_bulk_dataset_refuses_bad_arguments(arguments: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match=r"seed|activities|1949"):
        strategies.bulk_dataset(**arguments)


# -- the way users run it: a fresh process, default settings, no example database -----------------

ROOT = Path(__file__).resolve().parent.parent


def run_fresh(code: str, folder: Path) -> subprocess.CompletedProcess[str]:
    """Run ``code`` as a user would on a clean machine: a new interpreter in an empty folder
    (none of our conftest or profiles), hypothesis' default settings, a new example database
    and cache (``HYPOTHESIS_STORAGE_DIRECTORY``), warnings as errors."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("HYPOTHESIS")}
    env["HYPOTHESIS_STORAGE_DIRECTORY"] = str(folder / ".hypothesis")
    script = folder / "test_user.py"
    script.write_text(code, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-W", "error", str(script)],
        capture_output=True,
        text=True,
        env=env,
        cwd=folder,
        check=False,
        timeout=600,
    )


FIRST_RUN = """
from hypothesis import given
from community_model import Severity
from community_model.strategies import activities, datasets


@given(datasets())
def test_datasets(dataset):
    assert not [p for p in dataset.check() if p.severity is Severity.ERROR]


@given(datasets(edge_cases=True, allow_warnings=True))
def test_datasets_at_the_edges(dataset):
    assert not [p for p in dataset.check() if p.severity is Severity.ERROR]


@given(activities())
def test_activities(activity):
    assert activity.title


test_datasets()
test_datasets_at_the_edges()
test_activities()
print("ok")
"""


def test_datasets_pass_the_default_health_checks_on_a_first_run(tmp_path: Path) -> None:
    """The first run of a new project (no ``.hypothesis/`` folder) under hypothesis' default
    settings: no ``FailedHealthCheck``, no DomainWarning, in a fresh process."""
    result = run_fresh(FIRST_RUN, tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip() == "ok"


def python_blocks(markdown: Path) -> str:
    """The Python code blocks of a Markdown page, in order, as one script."""
    blocks = re.findall(r"^```python\n(.*?)^```", markdown.read_text(encoding="utf-8"), re.M | re.S)
    return "\n\n".join(blocks)


def test_the_fixtures_howto_runs_as_written_on_a_first_run(tmp_path: Path) -> None:
    """docs/howto/fixtures.md copied into a new project and run: it passes."""
    code = python_blocks(ROOT / "docs" / "howto" / "fixtures.md")
    assert "@given" in code
    result = run_fresh(code + "\nprint('ok')\n", tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().endswith("ok")
