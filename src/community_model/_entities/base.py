"""What every record shares: a stable id, provenance, typed references and name matching."""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated, ClassVar, Final

import annotated_types as at
import attrs

from community_model._messages import REFERENCE_TEXT
from community_model._record import Record
from community_model._rules import (
    MOST_PEOPLE,
    RECORDED_YEARS,
    CountsOf,
    Id,
    LongText,
    Matches,
    Name,
    Plausible,
    RefersTo,
    Title,
    show,
)
from community_model._values.count import Count
from community_model._values.when import When
from community_model._vocab import MeasureWord, RecordKind

__all__ = [
    "URL",
    "CommunityId",
    "Entity",
    "Households",
    "ListId",
    "ListItemId",
    "OrganisationId",
    "Participants",
    "PartnershipId",
    "PartyBranchId",
    "People",
    "PersonId",
    "ProjectId",
    "Ref",
    "Sessions",
    "Source",
    "StreetId",
    "Time",
    "name_key",
]

_SPACES: Final = re.compile(r"\s+")

#: Ids that refer to a record of one kind; the integrity check, redaction and the dataset
#: strategy read the declaration.
StreetId = Annotated[Id, RefersTo(RecordKind.STREET)]
CommunityId = Annotated[Id, RefersTo(RecordKind.COMMUNITY)]
PartyBranchId = Annotated[Id, RefersTo(RecordKind.PARTY_BRANCH)]
OrganisationId = Annotated[Id, RefersTo(RecordKind.ORGANISATION)]
PersonId = Annotated[Id, RefersTo(RecordKind.PERSON)]
PartnershipId = Annotated[Id, RefersTo(RecordKind.PARTNERSHIP)]
ProjectId = Annotated[Id, RefersTo(RecordKind.SERVICE_PROJECT)]

#: The time of a record: any EDTF time, plausibly within the years records of this field hold.
Time = Annotated[When, RECORDED_YEARS]
_COUNTRY: Final = Plausible(0, MOST_PEOPLE, "no more than the country has")
#: A count of people (members, residents, volunteers): never more than the country holds.
People = Annotated[Count, CountsOf(MeasureWord.PEOPLE), _COUNTRY]
#: Who took part or benefited: people, participations (人次) or households.
Participants = Annotated[
    Count,
    CountsOf(MeasureWord.PEOPLE, MeasureWord.PERSON_TIMES, MeasureWord.HOUSEHOLDS),
    _COUNTRY,
]
#: A count of households.
Households = Annotated[Count, CountsOf(MeasureWord.HOUSEHOLDS), _COUNTRY]
#: Sessions held: the 20余场 of a series.
Sessions = Annotated[Count, CountsOf(MeasureWord.SESSIONS)]
#: An id of a list of the three lists, and of one of its items.
ListId = Annotated[Id, RefersTo(RecordKind.SERVICE_LIST)]
ListItemId = Annotated[Id, RefersTo(RecordKind.LIST_ITEM)]


def name_key(name: str) -> str:
    """A key under which two spellings of one name match.

    Full-width and half-width forms fold together (NFKC), case folds, white space goes:
    ``name_key("京师（苏州）律师事务所") == name_key("京师(苏州)律师事务所")``.
    """
    return _SPACES.sub("", unicodedata.normalize("NFKC", name).casefold())


class Named:
    """A record known by its ``name``, with the key under which spellings of it match."""

    __slots__ = ()
    name: str

    @property
    def name_key(self) -> str:
        """The name folded for matching (see :func:`community_model.name_key`)."""
        return name_key(self.name)


#: The rule of a URL; redaction scans the fields that carry it, as it scans free text.
URL: Final = Matches(r"https?://\S+", "an http(s) URL")
Url = Annotated[str, at.MaxLen(2000), URL]


@attrs.frozen(kw_only=True, slots=True, repr=False)
class Source(Record):
    """Where a fact comes from: an article, its publisher, date and byline (provenance).

    ``published`` is the date the source gives itself; ``retrieved`` when it was read or
    collected, ``updated`` when it was last changed (a page edited after publication).
    """

    title: Title
    publisher: Name | None = None
    published: Time | None = None
    byline: Name | None = None
    url: Url | None = None
    note: LongText | None = None
    retrieved: Time | None = None
    updated: Time | None = None


@attrs.frozen(kw_only=True, slots=True, repr=False)
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
            raise REFERENCE_TEXT.error(kinds=", ".join(RecordKind.codes()), got=show(text))
        return cls(kind=RecordKind.from_code(kind), id=ident)

    def format(self) -> str:
        """``kind:id``."""
        return f"{self.kind.value}:{self.id}"

    def __str__(self) -> str:
        return self.format()


#: Who runs something (organises an activity, leads or provides a project): a community, a
#: street, a Party organisation or an outside unit.
Organiser = Annotated[
    Ref,
    RefersTo(
        RecordKind.COMMUNITY, RecordKind.STREET, RecordKind.PARTY_BRANCH, RecordKind.ORGANISATION
    ),
]
#: A partner of an activity or a project: a Party organisation or an outside unit.
Partner = Annotated[Ref, RefersTo(RecordKind.PARTY_BRANCH, RecordKind.ORGANISATION)]


@attrs.frozen(kw_only=True, slots=True, repr=False)
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
