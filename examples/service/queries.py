"""Query parameters of the list endpoints: read strictly, answered from the dataset's indexes.

Every parameter is checked, and every problem is reported at once as a ``ValidationError`` whose
paths are ``$.<parameter>`` (the query string seen as an object), like the problems of a body.
A filter that does not apply to a kind of record, or a parameter the service does not know, is
refused rather than ignored.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Final, Literal, TypeVar

import attrs

from community_model import (
    Activity,
    ActivityCategory,
    Community,
    Dataset,
    Entity,
    PartyBranch,
    Person,
    Problem,
    ProjectCategory,
    RecordKind,
    Ref,
    ServiceProject,
    ValidationError,
    When,
)

#: The page size when none is asked for, and the largest one may ask for.
DEFAULT_LIMIT: Final = 100
MAX_LIMIT: Final = 1000

Within = Literal["surely", "possibly"]
E = TypeVar("E", bound=Entity)


class BadQuery(ValidationError):
    """Problems of a query string: the request is malformed (400), whatever its body."""


@attrs.frozen(kw_only=True)
class Query:
    """The filters and the page of one list request."""

    street: str | None = None
    community: str | None = None
    category: str | None = None
    start: When | None = None
    end: When | None = None
    within: Within = "surely"
    offset: int = 0
    limit: int = DEFAULT_LIMIT

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None


#: The filters each kind of record accepts (besides offset and limit).
FILTERS: Final[dict[str, tuple[str, ...]]] = {
    "streets": (),
    "communities": ("street",),
    "party_branches": ("street", "community"),
    "organisations": (),
    "people": ("street", "community"),
    "partnerships": (),
    "service_projects": ("street", "community", "category"),
    "activities": ("street", "community", "category", "start", "end", "within"),
}

#: What each query parameter means, for the OpenAPI document. Kinds not listed in FILTERS
#: (the three lists) are listed whole.
DESCRIPTIONS: Final[dict[str, str]] = {
    "street": "Only records of this street (its id): held in, serving or hosted by it or one "
    "of its communities.",
    "community": "Only records of this community (its id).",
    "category": "Only records of this category (a code of the kind's category vocabulary).",
    "start": "Only activities from this time on (EDTF: 2023, 2023-07, 2023-08-19 ...).",
    "end": "Only activities up to this time (EDTF); a time is taken whole: 2023-08 is all "
    "of August.",
    "within": "surely (the default): activities whose every possible time lies in the "
    "window; possibly: those that may lie in it (近日 in an August report may be July).",
    "offset": "How many matching records to skip.",
    "limit": f"How many records to return at most (1 to {MAX_LIMIT}; {DEFAULT_LIMIT} if not "
    "given).",
}


def flag(parameters: Iterable[tuple[str, str]], name: str) -> bool:
    """A query string of one boolean parameter: absent or false is False, true is True."""
    problems: list[Problem] = []
    values: list[str] = []
    for key, value in parameters:
        if key != name:
            problems.append(_problem(key, "unknown_field", f"'{key}' is not a parameter here"))
        elif values:
            problems.append(_problem(name, "duplicate", f"'{name}' is given more than once"))
        elif value not in ("true", "false"):
            problems.append(
                _problem(name, "type", f"'{name}' must be true or false (got {value!r})")
            )
        values.append(value)
    if problems:
        raise BadQuery(problems)
    return values == ["true"]


def _problem(name: str, code: str, message: str) -> Problem:
    return Problem(path=f"$.{name}", code=code, message=message)


def _whole(name: str, text: str, least: int, most: int, problems: list[Problem]) -> int:
    if not text.isascii() or not text.isdigit():
        problems.append(_problem(name, "type", f"'{name}' must be a whole number (got {text!r})"))
        return least
    value = int(text)
    if value < least:
        problems.append(_problem(name, "too_small", f"'{name}' must be >= {least} (got {value})"))
    elif value > most:
        problems.append(_problem(name, "too_large", f"'{name}' must be <= {most} (got {value})"))
    return value


def _when(name: str, text: str, problems: list[Problem]) -> When | None:
    try:
        return When.parse(text)
    except ValidationError as error:
        problems.extend(problem.under(f"$.{name}") for problem in error.errors)
        return None


def parse_query(collection: str, parameters: Iterable[tuple[str, str]]) -> Query:
    """The query of a list request, or a ``ValidationError`` with every problem in it."""
    allowed = (*FILTERS.get(collection, ()), "offset", "limit")
    problems: list[Problem] = []
    given: dict[str, str] = {}
    for name, value in parameters:
        if name not in allowed:
            applies = ", ".join(allowed)
            problems.append(
                _problem(
                    name,
                    "unknown_field",
                    f"'{name}' is not a filter of {collection} (they have: {applies})",
                )
            )
        elif name in given:
            problems.append(_problem(name, "duplicate", f"'{name}' is given more than once"))
        else:
            given[name] = value
    fields: dict[str, object] = {}
    for name in ("street", "community"):
        if name in given:
            fields[name] = given[name]
    if "category" in given:
        fields["category"] = given["category"]
        vocabulary = ActivityCategory if collection == "activities" else ProjectCategory
        if given["category"] not in vocabulary.codes():
            codes = ", ".join(vocabulary.codes())
            problems.append(_problem("category", "enum", f"'category' must be one of {codes}"))
    for name in ("start", "end"):
        if name in given:
            fields[name] = _when(name, given[name], problems)
    if "within" in given:
        if given["within"] not in ("surely", "possibly"):
            problems.append(
                _problem(
                    "within",
                    "enum",
                    f"'within' must be surely or possibly (got {given['within']!r})",
                )
            )
        else:
            fields["within"] = given["within"]
    if "offset" in given:
        fields["offset"] = _whole("offset", given["offset"], 0, 1 << 62, problems)
    if "limit" in given:
        fields["limit"] = _whole("limit", given["limit"], 1, MAX_LIMIT, problems)
    if problems:
        raise BadQuery(problems)
    return Query(**fields)  # type: ignore[arg-type]


# -- answering -------------------------------------------------------------------------------------


def _keep(records: Iterable[E], wanted: Iterable[Entity]) -> tuple[E, ...]:
    """``records`` (in their order) that are also in ``wanted``."""
    ids = {id(record) for record in wanted}
    return tuple(record for record in records if id(record) in ids)


def _street_communities(dataset: Dataset, street: str) -> tuple[Community, ...]:
    return dataset.communities_of(street)


def _activities(dataset: Dataset, query: Query) -> tuple[Activity, ...]:
    found = dataset.activities
    if query.category is not None:
        found = dataset.activities_in(ActivityCategory.from_code(query.category))
    if query.community is not None:
        found = _keep(found, dataset.activities_of(query.community))
    if query.street is not None:
        of_street: list[Activity] = list(
            dataset.activities_by(Ref(kind=RecordKind.STREET, id=query.street))
        )
        for community in _street_communities(dataset, query.street):
            of_street.extend(dataset.activities_of(community.id))
        found = _keep(found, of_street)
    if query.dated:
        if found is dataset.activities:  # nothing narrower: the dataset's own time query
            return dataset.activities_between(query.start, query.end, within=query.within)
        # The same test activities_between applies, on the few records the indexes left.
        test = When.surely_within if query.within == "surely" else When.possibly_within
        found = tuple(a for a in found if test(a.when, query.start, query.end))
    return found


def _projects(dataset: Dataset, query: Query) -> tuple[Entity, ...]:
    def matches(project: ServiceProject) -> bool:
        if query.category is not None and project.category.value != query.category:
            return False
        if query.community is not None and query.community not in project.community_ids:
            return False
        if query.street is not None:
            members = {c.id for c in _street_communities(dataset, query.street)}
            if project.street_id != query.street and not members & set(project.community_ids):
                return False
        return True

    return tuple(project for project in dataset.service_projects if matches(project))


def _branches(dataset: Dataset, query: Query) -> tuple[Entity, ...]:
    found: tuple[Entity, ...] = dataset.party_branches
    if query.community is not None:
        found = _keep(found, dataset.branches_of(query.community))
    if query.street is not None:
        hosted: list[PartyBranch] = []
        for community in _street_communities(dataset, query.street):
            hosted.extend(dataset.branches_of(community.id))
        found = _keep(found, hosted)
    return found


def _people(dataset: Dataset, query: Query) -> tuple[Entity, ...]:
    members = (
        {c.id for c in _street_communities(dataset, query.street)}
        if query.street is not None
        else None
    )

    def matches(person: Person) -> bool:
        if query.community is not None and person.community_id != query.community:
            return False
        return members is None or person.community_id in members

    return tuple(person for person in dataset.people if matches(person))


def _communities(dataset: Dataset, query: Query) -> tuple[Entity, ...]:
    if query.street is not None:
        return dataset.communities_of(query.street)
    return dataset.communities


_ANSWER: Final[Mapping[str, Callable[[Dataset, Query], tuple[Entity, ...]]]] = {
    "activities": _activities,
    "service_projects": _projects,
    "party_branches": _branches,
    "people": _people,
    "communities": _communities,
}


def select(dataset: Dataset, collection: str, query: Query) -> tuple[Entity, ...]:
    """Every record of ``collection`` that the query's filters match, in dataset order."""
    answer = _ANSWER.get(collection)
    if answer is None:
        found: tuple[Entity, ...] = getattr(dataset, collection)
        return found
    return answer(dataset, query)
