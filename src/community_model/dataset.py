"""A whole collection of records: what a street office keeps, and what a document holds."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Final

import attrs

from community_model._validation import Record
from community_model.entities import (
    Activity,
    Community,
    Entity,
    Organisation,
    Partnership,
    PartyBranch,
    Person,
    ServiceProject,
    Street,
)

__all__ = ["SCHEMA_VERSION", "Dataset"]

#: The version of the document format this library writes, and the newest it reads.
SCHEMA_VERSION: Final = 1

#: The document's list of each entity class, in document order.
COLLECTIONS: Final[dict[type[Entity], str]] = {
    Street: "streets",
    Community: "communities",
    PartyBranch: "party_branches",
    Organisation: "organisations",
    Person: "people",
    Partnership: "partnerships",
    ServiceProject: "service_projects",
    Activity: "activities",
}


@attrs.frozen(kw_only=True, slots=True)
class Dataset(Record):
    """Every kind of record, each in its own tuple, in the order given.

    A document (``{"schema_version": 1, "streets": [...], ...}``) reads into a ``Dataset`` with
    ``loads(text, Dataset)``.
    """

    streets: tuple[Street, ...] = ()
    communities: tuple[Community, ...] = ()
    party_branches: tuple[PartyBranch, ...] = ()
    organisations: tuple[Organisation, ...] = ()
    people: tuple[Person, ...] = ()
    partnerships: tuple[Partnership, ...] = ()
    service_projects: tuple[ServiceProject, ...] = ()
    activities: tuple[Activity, ...] = ()

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

    def records(self) -> Iterator[Entity]:
        """Every record, kind after kind, in document order."""
        for name in COLLECTIONS.values():
            yield from getattr(self, name)

    def __len__(self) -> int:
        return sum(len(getattr(self, name)) for name in COLLECTIONS.values())
