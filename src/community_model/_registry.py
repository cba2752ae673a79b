"""Every type the library reads and writes, listed once: its class, its wire name and its tag.

The converter reads records structurally and needs no list; everything that enumerates types
reads this one: the hypothesis entry point (``st.from_type``), the command line's ``schema``,
the fuzzers and the tests. The facade exports the classes themselves.
"""

from __future__ import annotations

import re
from typing import Any, Final

import attrs

from community_model._dataset.collection import Dataset
from community_model._entities import ENTITY_TYPES, PART_TYPES, Entity
from community_model._values import VALUE_TYPES

__all__ = ["LOADABLE_TYPES", "TYPES", "WireType", "by_name"]


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


@attrs.frozen
class WireType:
    """One loadable type: ``name`` as the command line and docs call it; ``tag`` the ``type``
    of its JSON Lines lines (entities only); ``group`` how help texts list it."""

    cls: Any
    name: str
    group: str
    tag: str | None = None


#: Every loadable type: whole files, records (in document order), then values and parts.
TYPES: Final[tuple[WireType, ...]] = (
    WireType(Dataset, "document", "file"),
    WireType(Entity, "line", "file"),
    *(
        WireType(cls, cls.record_kind.value, "record", tag=cls.record_kind.value)
        for cls in ENTITY_TYPES
    ),
    *(WireType(cls, _snake(cls.__name__), "value") for cls in (*VALUE_TYPES, *PART_TYPES)),
)

#: The classes of :data:`TYPES`, for ``st.register_type_strategy`` and the fuzzers.
LOADABLE_TYPES: Final[tuple[Any, ...]] = tuple(entry.cls for entry in TYPES)


def by_name(name: str) -> WireType | None:
    """The type a name stands for (``document``, ``street``, ``when`` ...), or ``None``."""
    return next((entry for entry in TYPES if entry.name == name), None)
