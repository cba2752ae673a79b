"""The ``hypothesis`` entry point of community_model, outside its package on purpose.

hypothesis runs its entry points on every ``import hypothesis`` in an environment where this
package is installed. Importing anything inside ``community_model`` would import the whole
library (pendulum, cattrs, orjson) into every such test run, so this module imports nothing:
it registers the library's types only when the library is already imported. A library
imported after hypothesis registers them itself, at the end of its own import.
"""

from __future__ import annotations

import sys


def _hypothesis_setup_hook() -> None:
    """Register community_model's types with hypothesis if community_model is imported."""
    if "community_model" in sys.modules:
        from community_model._strategies.entry import register  # noqa: PLC0415 - only if loaded

        register()
