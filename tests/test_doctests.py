"""Every example in the package's docstrings runs."""

import doctest
import importlib
import pkgutil

import pytest

import community_model

MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages(community_model.__path__, prefix="community_model.")
    if info.name != "community_model.__main__"
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    """The module's doctests pass."""
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
