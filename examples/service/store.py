"""The service's records: one dataset in memory, checked as a whole before every change.

A :class:`Snapshot` is immutable: the full dataset and its redacted copy, made together. Readers
take the current snapshot and never wait; writers take a lock, build the next dataset, run every
integrity check on it (``Dataset.check``) in a worker thread, and swap the snapshot in one
assignment. A refused change leaves the store as it was.
"""

from __future__ import annotations

import asyncio
import typing
from collections.abc import Iterable, Sequence
from typing import Final

import anyio.to_thread
import attrs

from community_model import (
    Dataset,
    Entity,
    Person,
    Problem,
    RedactionPolicy,
    Severity,
    ValidationError,
    redact,
)

#: The URL name of each kind of record: the name of its list in a document, read off the
#: fields of a Dataset (each a tuple of one kind of record).
COLLECTIONS: Final[dict[str, type[Entity]]] = {
    field.name: typing.get_args(typing.get_type_hints(Dataset)[field.name])[0]
    for field in attrs.fields(Dataset)
    if field.init
}
COLLECTION_OF: Final[dict[type[Entity], str]] = {cls: name for name, cls in COLLECTIONS.items()}


class Conflict(Exception):
    """A record with the same kind and id is already stored."""

    def __init__(self, record: Entity) -> None:
        self.record = record
        kind = record.record_kind
        super().__init__(f"a {kind.value} ({kind.label}) with the id {record.id!r} already exists")


@attrs.frozen
class Snapshot:
    """What readers see: the dataset, its redacted copy, and a version that counts changes."""

    dataset: Dataset
    public: Dataset
    version: int


def _errors(problems: Iterable[Problem]) -> list[Problem]:
    return [problem for problem in problems if problem.severity is Severity.ERROR]


class Store:
    """The records a service holds, with every integrity check applied to every change."""

    def __init__(self, dataset: Dataset, policy: RedactionPolicy | None = None) -> None:
        errors = _errors(dataset.check())
        if errors:
            raise ValidationError(errors)
        self.policy = policy or RedactionPolicy()
        self.snapshot = Snapshot(dataset=dataset, public=redact(dataset, self.policy), version=0)
        self._lock = asyncio.Lock()

    def view(self, *, full: bool) -> Dataset:
        """The dataset as a caller may see it: whole with the key, else redacted."""
        snapshot = self.snapshot
        return snapshot.dataset if full else snapshot.public

    async def add(self, record: Entity) -> Entity:
        """Store one new record; :class:`Conflict` if its id is taken, else every check."""
        async with self._lock:
            current = self.snapshot.dataset
            if record.ref in current:
                raise Conflict(record)
            name = COLLECTION_OF[type(record)]
            position = len(getattr(current, name))
            candidate = attrs.evolve(current, **{name: (*getattr(current, name), record)})
            try:
                await anyio.to_thread.run_sync(self._commit, candidate, (record,))
            except ValidationError as error:
                prefix = f"$.{name}[{position}]"
                raise ValidationError(
                    [
                        attrs.evolve(p, path="$" + p.path[len(prefix) :])
                        if p.path.startswith(prefix)
                        else p
                        for p in error.errors
                    ]
                ) from None
        return record

    async def add_many(self, records: Sequence[Entity], lines: Sequence[int]) -> None:
        """Store records read from JSON Lines, all or none; problems name their lines."""
        async with self._lock:
            current = self.snapshot.dataset
            base = {name: len(getattr(current, name)) for name in COLLECTIONS}
            line_of: dict[str, list[int]] = {name: [] for name in COLLECTIONS}
            for record, line in zip(records, lines, strict=True):
                line_of[COLLECTION_OF[type(record)]].append(line)
            candidate = Dataset.from_records([*current.records(), *records])
            try:
                await anyio.to_thread.run_sync(self._commit, candidate, records)
            except ValidationError as error:
                raise ValidationError([_on_line(p, base, line_of) for p in error.errors]) from None

    def _commit(self, candidate: Dataset, added: Sequence[Entity]) -> None:
        """Check the whole candidate; swap it in with its redacted copy, or raise its errors.

        ``candidate`` is the stored dataset with ``added`` after the records of each kind.
        """
        errors = _errors(candidate.check())
        if errors:
            raise ValidationError(errors)
        self.snapshot = Snapshot(
            dataset=candidate,
            public=self._redacted(candidate, added),
            version=self.snapshot.version + 1,
        )

    def _redacted(self, candidate: Dataset, added: Sequence[Entity]) -> Dataset:
        """The redacted copy of ``candidate``: the stored copy and the new records redacted.

        Redaction treats each record alone, but for the names of the dataset's people, which it
        replaces in free text: the new records are redacted with the people beside them, and
        the rest is the redacted copy already made. New people change the names to look for,
        so the whole dataset is redacted again.
        """
        if any(isinstance(record, Person) for record in added):
            return redact(candidate, self.policy)
        beside = redact(Dataset.from_records([*candidate.people, *added]), self.policy)
        new = [record for record in beside.records() if not isinstance(record, Person)]
        return Dataset.from_records([*self.snapshot.public.records(), *new])


def _on_line(problem: Problem, base: dict[str, int], line_of: dict[str, list[int]]) -> Problem:
    """A problem of the merged dataset, told as a problem of the imported line it is about."""
    for name, lines in line_of.items():
        prefix = f"$.{name}["
        if not problem.path.startswith(prefix):
            continue
        index, _, rest = problem.path[len(prefix) :].partition("]")
        position = int(index) - base[name]
        if 0 <= position < len(lines):
            return attrs.evolve(problem, path="$" + rest, line=lines[position])
    return problem
