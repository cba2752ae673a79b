"""Sphinx configuration: the documentation site of community_model (Sphinx + MyST-Parser).

Build it with warnings as errors, as .ci/run does::

    python -m sphinx -W --keep-going -b html docs /tmp/community-model-docs
"""

from __future__ import annotations

import sys
from importlib import metadata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

# hypothesis first: importing community_model.strategies before hypothesis makes hypothesis run
# its entry point (community_model.strategies:_hypothesis_setup_hook) while that module is only
# half imported, and the import fails.
import hypothesis  # noqa: F401

project = "community_model"
author = "community_model developers"
copyright = "community_model developers, MIT licence"
language = "en"
release = metadata.version("community-model")
version = release

extensions = [
    "myst_parser",
    "community_docs",
    "community_http_docs",
    "sphinx.ext.autodoc",
]

source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build"]

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_default_options = {"members": True}
python_use_unqualified_type_names = True

html_theme = "furo"
html_title = "community_model"
