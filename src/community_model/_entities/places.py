"""Places: township-level streets (街道 / 镇 / 乡) and village-level communities (社区 / 村)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, ClassVar

import annotated_types as at
import attrs

from community_model._entities.base import Entity, Households, Named, People, StreetId
from community_model._errors import Problem
from community_model._messages import DIVISION_LEVEL, KIND_MISMATCH
from community_model._record import Record
from community_model._rules import CountsOf, LongText, Name, Unique
from community_model._values.count import Count
from community_model._values.division import DivisionCode
from community_model._vocab import CommunityKind, CompoundKind, MeasureWord, RecordKind, StreetKind

__all__ = ["Community", "Compound", "Street"]


class _Division(Named):
    """A place whose division code has its level's length and a range its kind agrees with."""

    __slots__ = ()
    _digits: ClassVar[int]
    _level: ClassVar[str]
    code: DivisionCode | None
    kind: StreetKind | CommunityKind

    def _rules(self) -> Iterator[Problem]:
        code = self.code
        if code is not None and len(code.digits) != self._digits:
            yield DIVISION_LEVEL.at(
                "$.code.digits", digits=self._digits, level=self._level, got=code.digits
            )

    def _warnings(self) -> Iterator[Problem]:
        if self.code is None:
            return
        by_range = self.code.kind_by_range
        if by_range.value != self.kind.value:
            yield KIND_MISMATCH.at(
                "$.kind",
                kind=self.kind.value,
                label=self.kind.label,
                digits=self.code.digits,
                by_range=by_range.value,
                range_label=by_range.label,
            )


@attrs.frozen(kw_only=True, slots=True, repr=False)
class Street(_Division, Entity):
    """A township-level unit: a 街道 (subdistrict), 镇 (town) or 乡 (township).

    ``code`` is its 9-digit division code; ``compound_count`` the residential compounds (小区)
    the street reports, when it gives only their number, and ``housing`` the kinds of housing
    among them (commercial, affordable, resettlement).
    """

    record_kind = RecordKind.STREET
    _digits = 9
    _level = "township"

    name: Name
    kind: StreetKind
    code: DivisionCode | None = None
    district: Name | None = None
    city: Name | None = None
    compound_count: Annotated[Count, CountsOf(MeasureWord.ITEMS)] | None = None
    description: LongText | None = None
    housing: Annotated[tuple[CompoundKind, ...], Unique()] = ()


@attrs.frozen(kw_only=True, slots=True, repr=False)
class Compound(Record):
    """A residential compound (小区) and, where a record names them, its buildings (幢)."""

    name: Name
    kind: CompoundKind | None = None
    buildings: Annotated[tuple[Name, ...], at.MaxLen(1000)] = ()


@attrs.frozen(kw_only=True, slots=True, repr=False)
class Community(_Division, Entity):
    """A village-level unit: a 社区 (urban residents' committee) or 村 (village committee).

    ``street_id`` is the street it belongs to; a source that does not say leaves it unset (and
    may give the ``district``) rather than guess.
    """

    record_kind = RecordKind.COMMUNITY
    _digits = 12
    _level = "village"

    name: Name
    kind: CommunityKind
    street_id: StreetId | None = None
    district: Name | None = None
    code: DivisionCode | None = None
    compounds: tuple[Compound, ...] = ()
    households: Households | None = None
    residents: People | None = None
    description: LongText | None = None
    housing: Annotated[tuple[CompoundKind, ...], Unique()] = ()
