"""The project's example dataset: the source page as a document shipped inside the package.

The page (seven 2023 reports of Suzhou local news) is described in docs/domain.md; its records are
built in code, with a comment for every fact the page leaves open, in ``examples/page_records.py``
of the repository, which ``tools/regenerate_example_data.py`` writes into this document. The
package reads the document: the records are data, not code it runs.
"""

from __future__ import annotations

import functools
from importlib import resources
from typing import Final

from community_model._dataset.collection import Dataset
from community_model._entities import Entity
from community_model._io import loads

__all__ = ["EXAMPLE_DATA", "suzhou_2023", "suzhou_2023_records"]

#: The package data file that holds the example dataset as a document.
EXAMPLE_DATA: Final = "data/suzhou_2023.json"


@functools.cache
def suzhou_2023() -> Dataset:
    """The source page as a dataset, read from the document shipped inside the package.

    >>> data = suzhou_2023()
    >>> len(data), data.streets[0].name
    (58, '吴门桥街道')
    """
    data = resources.files("community_model").joinpath(EXAMPLE_DATA).read_bytes()
    return loads(data, Dataset)


@functools.cache
def suzhou_2023_records() -> tuple[Entity, ...]:
    """Every record of the example, kind after kind in document order, read once."""
    return tuple(suzhou_2023().records())
