"""Each problem the dataset checks find, worded once for every engine that looks for it.

``Dataset.check()`` in memory (``integrity.py``), DuckDB out of core (``_scale/_duck.py``) and
Dask across machines (``_scale/_frames.py``) find the same problems by different means; each
finding below says where a problem stands (its path in the dataset) and what it shows, so the
three engines report the same path, code and message for the same fact.
"""

from __future__ import annotations

from collections.abc import Sequence

from community_model._errors import Problem
from community_model._messages import (
    CODE_OUTSIDE_STREET,
    DUPLICATE_ID,
    MORE_ITEMS_THAN_REPORTED,
    OPEN_BUT_ADOPTED,
    OUTSIDE_PROJECT,
    PARENT_CYCLE,
    UNRESOLVED,
)
from community_model._values import Count, DivisionCode, When
from community_model._vocab import ItemStatus, RecordKind

__all__ = [
    "activity_outside_project",
    "code_outside_street",
    "duplicate_id",
    "list_holds_more_items",
    "open_item_adopted",
    "parent_cycle",
    "unresolved",
]


def duplicate_id(name: str, row: int, ident: str, first: int) -> Problem:
    """Record ``row`` of collection ``name`` has the id of the earlier record ``first``."""
    return DUPLICATE_ID.at(f"$.{name}[{row}].id", id=ident, first=f"$.{name}[{first}]")


def unresolved(path: str, kind: RecordKind, ident: str) -> Problem:
    """The reference at ``path`` names a record of ``kind`` the dataset does not hold."""
    return UNRESOLVED.at(path, kind=kind.value, label=kind.label, id=ident)


def code_outside_street(
    row: int, code: DivisionCode, street: str, street_code: DivisionCode
) -> Problem:
    """Community ``row``'s division code lies outside the code of its street."""
    return CODE_OUTSIDE_STREET.at(
        f"$.communities[{row}].code",
        code=code.digits,
        street=street,
        street_code=street_code.digits,
    )


def parent_cycle(
    name: str, row: int, field: str, kind: RecordKind, cycle: Sequence[str], back_to: str
) -> Problem:
    """Records of ``kind`` are their own ancestors through ``field``: the members of ``cycle``
    (from where the walk met it, ``row`` being the first in document order), then ``back_to``."""
    return PARENT_CYCLE.at(
        f"$.{name}[{row}].{field}",
        kind=kind.value,
        label=kind.label,
        cycle=" -> ".join([*cycle, back_to]),
    )


def activity_outside_project(row: int, when: When, project: str, period: When) -> Problem:
    """Activity ``row`` lies wholly outside the life (``period``) of its project."""
    return OUTSIDE_PROJECT.at(
        f"$.activities[{row}].when", when=str(when), project=project, period=str(period)
    )


def list_holds_more_items(row: int, found: int, reported: Count | str) -> Problem:
    """Service list ``row`` has more items recorded than the most it reports collected
    (``reported``: the total, or its text where an engine keeps only that)."""
    return MORE_ITEMS_THAN_REPORTED.at(
        f"$.service_lists[{row}].items_collected", found=found, reported=str(reported)
    )


def open_item_adopted(row: int, status: ItemStatus, adoptions: int) -> Problem:
    """List item ``row`` is marked open although adoptions of it are recorded."""
    return OPEN_BUT_ADOPTED.at(
        f"$.list_items[{row}].status", status=status.value, label=status.label, count=adoptions
    )
