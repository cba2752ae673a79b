"""The mutation runner (tools/mutation.py): its table follows the modules, its report finds lines.

The runner itself needs the ``mutation`` extra; these tests only read its table and its helpers.
"""

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent


def _tool() -> ModuleType:
    path = ROOT / "tools" / "mutation.py"
    spec = importlib.util.spec_from_file_location("mutation_tool", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("mutation_tool", module)
    spec.loader.exec_module(module)
    return module


mutation = _tool()


def test_every_path_in_the_table_exists() -> None:
    """When modules move or tests are reorganised, the table of modules and their tests must
    follow (update MODULES in tools/mutation.py; docs/mutation.md)."""
    assert mutation.check_table() == []


SOURCE = """\
def township_kind_of(segment):
    return segment


class DivisionCode:
    @classmethod
    def parse(cls, text):
        return text

    def contains(self, other):
        return len(other) > len(self)
"""


def test_mutant_names_lead_to_their_functions() -> None:
    """A mutant's name gives the lines of the function it changed: module functions, and
    methods with their decorators."""
    lines = SOURCE.splitlines()
    span = mutation.function_span
    assert span(lines, "community_model.m.x_township_kind_of__mutmut_1") == (0, 2)
    assert span(lines, "community_model.m.xǁDivisionCodeǁparse__mutmut_12") == (5, 8)
    assert span(lines, "community_model.m.xǁDivisionCodeǁcontains__mutmut_3") == (9, 11)
    assert span(lines, "community_model.m.x_gone__mutmut_1") == (0, len(lines))
