"""The strategy ``st.from_type`` gives for each loadable type: the registry's, by name.

Each type of the registry (:data:`community_model._registry.TYPES`) has its public strategy in
:mod:`community_model.strategies`, named as the plural of its wire name (``street`` is drawn by
``streets()``); a JSON Lines line (``Entity``) is any record. Nothing here draws or
materialises a strategy: they are all lazy, as hypothesis requires of plugins.
"""

from __future__ import annotations

from typing import Any, Final

from hypothesis import strategies as st

from community_model import strategies
from community_model._entities import Entity
from community_model._registry import TYPES

#: Plurals that are not the name with an "s" (or "y" made "ies"), and the document's strategy.
_IRREGULAR: Final = {
    "person": "people",
    "money": "money",
    "votes": "votes",
    "document": "datasets",
    "party_branch": "party_branches",
}


def strategy_name(name: str) -> str:
    """The name of the public strategy that draws the type called ``name``."""
    if name in _IRREGULAR:
        return _IRREGULAR[name]
    return name[:-1] + "ies" if name.endswith("y") else name + "s"


def strategies_by_type() -> dict[type, st.SearchStrategy[Any]]:
    """The strategy ``st.from_type`` gives for each loadable type."""
    found: dict[type, st.SearchStrategy[Any]] = {
        entry.cls: getattr(strategies, strategy_name(entry.name))()
        for entry in TYPES
        if entry.cls is not Entity
    }
    found[Entity] = st.one_of([found[entry.cls] for entry in TYPES if entry.group == "record"])
    return found
