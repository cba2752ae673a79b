"""The ``hypothesis`` entry point: registers our types with hypothesis, lazily.

hypothesis runs its entry points while it is being imported, which may be while one of our
strategy modules is itself being imported (``import community_model.strategies`` imports
hypothesis). So this hook imports nothing of ours but the public classes, and registers a
resolver per type: the strategies are built on the first ``st.from_type`` that needs them.
"""

from __future__ import annotations

import functools
from typing import Any


@functools.cache
def _strategies() -> dict[type, Any]:
    from community_model._strategies.hook import strategies_by_type  # noqa: PLC0415 - lazily

    return strategies_by_type()


def _resolve(cls: type) -> Any:
    return _strategies()[cls]


def _hypothesis_setup_hook() -> None:
    """Register a lazy resolver for every public type (run by hypothesis' entry point)."""
    from hypothesis import strategies as st  # noqa: PLC0415 - hypothesis is importing us

    from community_model._converter import LOADABLE_TYPES  # noqa: PLC0415 - no hypothesis there

    for cls in LOADABLE_TYPES:
        st.register_type_strategy(cls, _resolve)
