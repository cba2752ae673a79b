"""Optional dependencies: imported on first use, or an error that names the extra to install.

Every public function that needs an extra (the Arrow functions of :mod:`community_model._arrow`,
the scale-out functions of :mod:`community_model._scale`) imports it when it is called, so that
``import community_model`` stays light and works without them. Without the extra a function
needs, it raises :class:`MissingExtraError`, which names the extra.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Final

from community_model._errors import CommunityModelError

__all__ = ["MissingExtraError", "require"]

#: The extra that installs each optional module.
EXTRAS: Final = {
    "pyarrow": "arrow",
    "polars": "polars",
    "pandas": "pandas",
    "duckdb": "duckdb",
    "dask": "dask",
    "distributed": "dask",
}


class MissingExtraError(CommunityModelError, ImportError):
    """A function needs an optional dependency that is not installed; the message says which.

    ``extra`` is the name of the package's extra that installs it:
    ``pip install 'community-model[arrow]'``.
    """

    def __init__(self, what: str, module: str, extra: str) -> None:
        self.extra = extra
        super().__init__(
            f"{what} needs {module}, which is not installed: "
            f"pip install 'community-model[{extra}]'",
            name=module,
        )


def require(module: str, what: str) -> ModuleType:
    """``module``, imported; :class:`MissingExtraError` naming its extra if it is missing.

    A module that is installed but fails to import for another reason raises that error.
    """
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as error:
        if error.name != module:
            raise
        raise MissingExtraError(what, module, EXTRAS[module]) from None
