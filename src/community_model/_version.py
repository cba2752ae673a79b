"""The version of the installed package, as its metadata gives it (pyproject.toml)."""

from importlib import metadata

__all__ = ["VERSION"]

try:
    VERSION: str = metadata.version("community-model")
except metadata.PackageNotFoundError:  # pragma: no cover - run from a bare source tree
    VERSION = "0+unknown"
