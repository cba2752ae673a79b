"""Every message is declared once, in ``_messages.py``, and each one is reported somewhere."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from community_model import _messages
from community_model._errors import Message

PACKAGE = Path(_messages.__file__).resolve().parent
#: ``_errors.py`` keeps the two messages of ``Problems`` itself (``_messages.py`` builds on it).
OUTSIDE = {"_errors.py", "_messages.py"}


def _sources() -> dict[str, str]:
    return {
        str(path.relative_to(PACKAGE)): path.read_text(encoding="utf-8")
        for path in sorted(PACKAGE.rglob("*.py"))
    }


def test_no_module_declares_a_message_of_its_own() -> None:
    """A message written beside its check would be a second catalogue: one place per fact."""
    found = [
        f"{name}:{node.lineno}"
        for name, text in _sources().items()
        if name not in OUTSIDE
        for node in ast.parse(text).body
        if isinstance(node, ast.Assign | ast.AnnAssign)
        and isinstance(node.value, ast.Call)
        and isinstance(node.value.func, ast.Name)
        and node.value.func.id == "Message"
    ]
    assert found == []


def test_every_message_is_reported_somewhere() -> None:
    """No message is left in the catalogue after its check is gone."""
    others = "\n".join(text for name, text in _sources().items() if name not in OUTSIDE)
    declared = [name for name, value in vars(_messages).items() if isinstance(value, Message)]
    assert len(declared) >= 100
    unused = [name for name in declared if not re.search(rf"\b{name}\b", others)]
    assert unused == []
