"""A whole collection of records: what a street office keeps, and what a data team checks.

A :class:`Dataset` holds every kind of record, each kind in its own tuple. Its indexes
(:mod:`.index`) are built once, on first use, in one pass over the records; every lookup, query
and :meth:`Dataset.check` is then linear in the records or better, so a file of hundreds of
thousands of records is checked in seconds. The collection knows no document format: that sits
above it (:mod:`.._document`).
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import IO, ClassVar, Literal, TypeVar

import attrs

from community_model._dataset.index import COLLECTIONS, Collections
from community_model._dataset.integrity import check
from community_model._dataset.summary import Summary, summarise
from community_model._entities import (
    Activity,
    Adoption,
    Community,
    Entity,
    ListItem,
    PartyBranch,
    Ref,
    ServiceProject,
)
from community_model._errors import Problem, Severity, ValidationError
from community_model._values import When
from community_model._values.unknown import Unknown
from community_model._vocab import ActivityCategory, ItemStatus, ProjectStatus, RecordKind
from community_model._wire.jsonl import read_jsonl

__all__ = ["Dataset"]

E = TypeVar("E", bound=Entity)
Within = Literal["surely", "possibly"]


@attrs.frozen(kw_only=True, slots=True, repr=False)
class Dataset(Collections):
    """Every kind of record, each in its own tuple, in the order given.

    Build one from records of any kinds with :meth:`from_records`, from JSON Lines with
    :meth:`from_jsonl`, or read a document with ``loads(text, Dataset)`` or
    :func:`~community_model.load_dataset`.
    """

    _wire_form: ClassVar[str] = "document"

    # -- building -------------------------------------------------------------------------------

    @classmethod
    def from_records(cls, records: Iterable[Entity]) -> Dataset:
        """Sort records of any kinds into a dataset, keeping their order within each kind."""
        lists: dict[str, list[Entity]] = {name: [] for name in COLLECTIONS.values()}
        for record in records:
            name = COLLECTIONS.get(type(record))
            if name is None:
                raise TypeError(f"not a record: {type(record).__name__}")
            lists[name].append(record)
        return cls(**lists)  # type: ignore[arg-type]

    @classmethod
    def from_jsonl(cls, source: str | IO[str] | IO[bytes], *, strict: bool = True) -> Dataset:
        """Read a JSON Lines stream (a path or an open file); every problem is raised at once."""
        return cls.from_records(read_jsonl(source, strict=strict))

    def __repr__(self) -> str:
        """How many records of each kind it holds: ``Dataset(58 records: streets=5, ...)``."""
        counts = ", ".join(f"{name}={len(records)}" for name, records in self._by_kind() if records)
        total = len(self)
        return (
            f"Dataset({total:,} record{'' if total == 1 else 's'}{': ' if counts else ''}{counts})"
        )

    def _repr_html_(self) -> str:
        """A table of the records of each kind, with its Chinese term, for notebooks."""
        rows = "".join(
            f"<tr><td>{name}</td><td>{html.escape(cls.record_kind.label)}</td>"
            f"<td style='text-align:right'>{len(getattr(self, name)):,}</td></tr>"
            for cls, name in COLLECTIONS.items()
        )
        return (
            f"<table><caption>Dataset: {len(self):,} records</caption>"
            f"<tr><th>records</th><th>记录</th><th>count</th></tr>{rows}</table>"
        )

    # -- queries --------------------------------------------------------------------------------

    def communities_of(self, street_id: str) -> tuple[Community, ...]:
        """The communities of a street, in dataset order."""
        return self._indexes.communities_of(street_id)

    def branches_of(self, community_id: str) -> tuple[PartyBranch, ...]:
        """The Party organisations a community hosts."""
        return self._indexes.branches_of(community_id)

    def organisations_of(self, community_id: str) -> tuple[Entity, ...]:
        """The organisations of a community: its own Party organisations, then its partners."""
        return (*self.branches_of(community_id), *self.partners_of(community_id))

    def activities_of(self, community_id: str) -> tuple[Activity, ...]:
        """Activities held in or for a community, or organised by it or a branch it hosts."""
        return self._indexes.activities_of(community_id)

    def activities_by(self, organiser: Ref) -> tuple[Activity, ...]:
        """Activities that ``organiser`` organised (alone or with others)."""
        return tuple(self._indexes.activities_by_organiser.get(organiser, ()))

    def activities_in(self, category: ActivityCategory) -> tuple[Activity, ...]:
        """Activities of one category."""
        return tuple(self._indexes.activities_by_category.get(category, ()))

    def activities_between(
        self, start: When | None, end: When | None, *, within: Within = "surely"
    ) -> tuple[Activity, ...]:
        """Activities in a time window (``None`` leaves an end open).

        ``surely`` keeps those whose every possible instant lies in the window; ``possibly``
        those that may lie in it at all (近日 in a report of August may be in July). An
        activity whose time is unknown may lie in any window, and surely lies in none.
        """
        surely = within == "surely"
        return tuple(
            activity for activity in self.activities if _in(activity.when, start, end, surely)
        )

    def items_of(self, list_id: str) -> tuple[ListItem, ...]:
        """The items of a list, in dataset order."""
        return tuple(self._indexes.items_by_list.get(list_id, ()))

    def adoptions_of(self, item_id: str) -> tuple[Adoption, ...]:
        """Who adopted an item (认领), in dataset order."""
        return tuple(self._indexes.adoptions_by_item.get(item_id, ()))

    def adopted_by(self, adopter: Ref) -> tuple[ListItem, ...]:
        """The items a unit adopted, in the order of its adoptions (each item once)."""
        index = self._indexes
        items = index.by_id[RecordKind.LIST_ITEM]
        adoptions = index.adoptions_by_adopter.get(adopter, ())
        found = dict.fromkeys(adoption.item_id for adoption in adoptions)
        return tuple(item for ident in found if isinstance(item := items.get(ident), ListItem))

    def unadopted_items(self) -> tuple[ListItem, ...]:
        """Items nobody adopted: no adoption recorded, and open or of unknown status."""
        adopted = self._indexes.adoptions_by_item
        waiting = (ItemStatus.OPEN, ItemStatus.UNKNOWN)
        return tuple(
            item for item in self.list_items if item.id not in adopted and item.status in waiting
        )

    def items_per_community(self) -> dict[str, int]:
        """How many items each community listed: its own, and those of lists it keeps."""
        return self._indexes.items_per_community()

    def projects(
        self, *, year: int | None = None, status: ProjectStatus | None = None
    ) -> tuple[ServiceProject, ...]:
        """Service projects of a programme year and / or a status (``None`` matches all)."""
        return tuple(
            project
            for project in self.service_projects
            if (year is None or project.year == year)
            and (status is None or project.status is status)
        )

    def partners_of(self, community_id: str) -> tuple[Entity, ...]:
        """Partner units (共建单位) of a community: through partnerships, projects, activities.

        The other parties of partnerships its Party organisations signed, the partners of
        projects that serve it and of activities held in it, and the units that adopted items
        it listed, when they are units: organisations, or Party organisations that units host.
        An organiser of an activity is not a partner for organising it (a hospital holding a
        free clinic). Unresolved references are skipped.
        """
        return self._indexes.partners_of(community_id)

    # -- summaries ------------------------------------------------------------------------------

    def summary(self) -> Summary:
        """Figures per street and per community (see :class:`PlaceSummary`).

        A street's figures count each record once, however many of its communities share it
        (a lecture held jointly by four communities is one lecture of the street).
        """
        return summarise(self, self._indexes)

    # -- checks ---------------------------------------------------------------------------------

    def check(self) -> list[Problem]:
        """Every problem of the whole dataset, errors and warnings, each with its JSON path.

        Errors: duplicate ids, references that do not resolve, a community code outside its
        street's code, cycles of Party organisations or of projects and their programmes, an
        activity dated outside its project's life. Warnings: the conventions each record
        reports (a code's range against the record's kind, a level against its members).
        """
        return list(check(self, self._indexes))

    def validate(self) -> None:
        """Raise a :class:`ValidationError` carrying every error :meth:`check` finds."""
        errors = [found for found in self.check() if found.severity is Severity.ERROR]
        if errors:
            raise ValidationError(errors)


def _in(when: When | Unknown, start: When | None, end: When | None, surely: bool) -> bool:
    if isinstance(when, Unknown):
        return not surely
    return when.surely_within(start, end) if surely else when.possibly_within(start, end)
