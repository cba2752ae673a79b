"""What every record shares: a stable id, provenance, typed references and name matching."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Annotated, ClassVar, Final

import annotated_types as at
import attrs

from community_model._errors import Problem, ValidationError
from community_model._validation import (
    Id,
    LongText,
    Matches,
    Name,
    Record,
    Title,
    fmt,
    problem,
)
from community_model._values.when import When
from community_model._vocab import RecordKind

__all__ = ["Entity", "Ref", "Source", "check_refs", "check_unique", "name_key"]

_SPACES: Final = re.compile(r"\s+")


def name_key(name: str) -> str:
    """A key under which two spellings of one name match.

    Full-width and half-width forms fold together (NFKC), case folds, white space goes:
    ``name_key("京师（苏州）律师事务所") == name_key("京师(苏州)律师事务所")``.
    """
    return _SPACES.sub("", unicodedata.normalize("NFKC", name).casefold())


Url = Annotated[str, at.MaxLen(2000), Matches(r"https?://\S+", "an http(s) URL")]


@attrs.frozen(kw_only=True, slots=True)
class Source(Record):
    """Where a fact comes from: an article, its publisher, date and byline (provenance)."""

    title: Title
    publisher: Name | None = None
    published: When | None = None
    byline: Name | None = None
    url: Url | None = None
    note: LongText | None = None


@attrs.frozen(kw_only=True, slots=True)
class Ref(Record):
    """A typed reference to another record, by kind and id.

    >>> str(Ref.parse("party_branch:lvse-shiguang-dzz"))
    'party_branch:lvse-shiguang-dzz'
    """

    kind: RecordKind
    id: Id

    @classmethod
    def parse(cls, text: str) -> Ref:
        """Read ``kind:id``; the exact inverse of :meth:`format`."""
        kind, colon, ident = text.partition(":") if isinstance(text, str) else ("", "", "")
        if not colon or kind not in RecordKind.codes():
            raise ValidationError(
                [
                    problem(
                        "$",
                        "pattern",
                        f"a reference must be KIND:ID with KIND one of "
                        f"{', '.join(RecordKind.codes())} (got {fmt(text)})",
                    )
                ]
            )
        return cls(kind=RecordKind.from_code(kind), id=ident)

    def format(self) -> str:
        """``kind:id``."""
        return f"{self.kind.value}:{self.id}"

    def __str__(self) -> str:
        return self.format()


def check_refs(refs: Iterable[Ref], path: str, allowed: frozenset[RecordKind]) -> Iterator[Problem]:
    """Each reference is of an allowed kind, and none is given twice."""
    refs = tuple(refs)
    if all(ref.kind in allowed for ref in refs) and (
        len(refs) < 2 or len({(ref.kind, ref.id) for ref in refs}) == len(refs)
    ):
        return  # the common case, checked without building problems
    seen: set[Ref] = set()
    for index, ref in enumerate(refs):
        if ref.kind not in allowed:
            kinds = ", ".join(sorted(kind.value for kind in allowed))
            yield problem(
                f"{path}[{index}].kind",
                "reference_kind",
                f"'kind' must be one of {kinds} here (got {ref.kind.value!r})",
            )
        if ref in seen:
            yield problem(
                f"{path}[{index}]", "duplicate", f"{ref.format()!r} is listed more than once"
            )
        seen.add(ref)


def check_unique(items: Iterable[object], path: str) -> Iterator[Problem]:
    """No item of a list is given twice."""
    items = tuple(items)
    if len(items) < 2 or len(set(items)) == len(items):
        return
    seen: set[object] = set()
    for index, item in enumerate(items):
        if item in seen:
            yield problem(f"{path}[{index}]", "duplicate", f"{fmt(item)} is listed more than once")
        seen.add(item)


@attrs.frozen(kw_only=True, slots=True)
class Entity(Record):
    """A record with an identity: a stable ``id`` and the ``sources`` its facts come from."""

    record_kind: ClassVar[RecordKind]

    id: Id
    sources: tuple[Source, ...] = ()

    @property
    def display_name(self) -> str:
        """What to call the record in a listing: its name or title, else its id."""
        for attribute in ("name", "title"):
            value = getattr(self, attribute, None)
            if isinstance(value, str):
                return value
        return self.id

    @property
    def ref(self) -> Ref:
        """A reference to this record."""
        return Ref(kind=self.record_kind, id=self.id)
