"""Registration of every loadable type with hypothesis, lazily.

hypothesis may be importing itself when this runs (through its entry point), and one of our
strategy modules may be importing hypothesis at that moment, so nothing here builds a strategy:
each type gets a resolver that builds the strategies on the first ``st.from_type`` that needs
them (:func:`community_model._strategies.hook.strategies_by_type`).
"""

from __future__ import annotations

import functools
from typing import Any

from community_model._registry import LOADABLE_TYPES


@functools.cache
def _strategies() -> dict[type, Any]:
    from community_model._strategies.hook import strategies_by_type  # noqa: PLC0415 - lazily

    return strategies_by_type()


def _resolve(cls: type) -> Any:
    return _strategies()[cls]


def register() -> None:
    """Register a lazy resolver for every loadable type (hypothesis must be importable)."""
    from hypothesis import strategies as st  # noqa: PLC0415 - hypothesis may be importing us

    for cls in LOADABLE_TYPES:
        st.register_type_strategy(cls, _resolve)
