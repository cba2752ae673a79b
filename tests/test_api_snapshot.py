"""The public API is pinned: tests/api/public_api.txt records every public name and signature.

Any change to ``community_model.__all__`` or ``community_model.strategies.__all__``, or to a
public name's signature, fields, methods or members, fails here until the snapshot is
regenerated (``python tools/snapshot_api.py``), so that it is a deliberate, reviewed change
(docs/compatibility.md).
"""

from __future__ import annotations

import difflib
import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

import community_model
import community_model.strategies

ROOT = Path(__file__).resolve().parent.parent
POLICY = "docs/compatibility.md"


def _tool() -> ModuleType:
    path = ROOT / "tools" / "snapshot_api.py"
    spec = importlib.util.spec_from_file_location("snapshot_api", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("snapshot_api", module)
    spec.loader.exec_module(module)
    return module


snapshot_api = _tool()


def compare(stored: str, current: str) -> str | None:
    """None when the two snapshots agree; else a message that says what changed, and why care."""
    if stored == current:
        return None
    old = snapshot_api.blocks_by_name(stored)
    new = snapshot_api.blocks_by_name(current)
    added = sorted(new.keys() - old.keys())
    removed = sorted(old.keys() - new.keys())
    changed = sorted(name for name in old.keys() & new.keys() if old[name] != new[name])
    diff = "".join(
        difflib.unified_diff(
            stored.splitlines(keepends=True),
            current.splitlines(keepends=True),
            "tests/api/public_api.txt (stored)",
            "the library now",
            n=2,
        )
    )
    lines = ["The public API changed."]
    for title, names in (("Added", added), ("Removed", removed), ("Changed", changed)):
        if names:
            lines.append(f"{title}: {', '.join(names)}")
    if not (added or removed or changed):
        lines.append("Changed: the snapshot's header or layout")
    lines += [
        "",
        f"The public API is pinned (see {POLICY}). If this change is deliberate:",
        "  - removing or changing a name incompatibly needs a deprecation first: the old form "
        "keeps working and warns (DeprecationWarning) for at least one minor release;",
        "  - regenerate the snapshot with `python tools/snapshot_api.py` and commit it with the "
        "change;",
        "  - add a CHANGELOG.md entry.",
        "",
        diff,
    ]
    return "\n".join(lines)


def test_public_api_matches_the_snapshot() -> None:
    """The library's public names and signatures are exactly those of the snapshot."""
    stored = snapshot_api.SNAPSHOT.read_text(encoding="utf-8")
    message = compare(stored, snapshot_api.snapshot())
    if message is not None:
        pytest.fail(message, pytrace=False)


def test_snapshot_covers_exactly_the_public_names() -> None:
    """One block per name of the two ``__all__`` lists, and no other."""
    names = set(snapshot_api.blocks_by_name(snapshot_api.snapshot()))
    expected = {f"community_model.{name}" for name in community_model.__all__} | {
        f"community_model.strategies.{name}" for name in community_model.strategies.__all__
    }
    assert names == expected


def test_snapshot_is_deterministic() -> None:
    """Two runs write the same text, with no memory address or private module path in it."""
    first = snapshot_api.snapshot()
    assert snapshot_api.snapshot() == first
    assert " at 0x" not in first
    assert not re.search(r"community_model\._[a-z]", first)


def test_removing_a_name_fails_with_a_message_that_says_so() -> None:
    """A removed public name is reported by name, with the policy to follow."""
    current = snapshot_api.snapshot()
    blocks = current.split("\n\n")
    gone = next(block for block in blocks if block.startswith("class community_model.Activity\n"))
    without = "\n\n".join(block for block in blocks if block is not gone)
    message = compare(current, without)
    assert message is not None
    assert "Removed: community_model.Activity" in message
    assert POLICY in message
    assert "-class community_model.Activity" in message


def test_changing_a_signature_fails_with_a_message_that_says_so() -> None:
    """A changed default shows as a changed name and a one-line diff."""
    current = snapshot_api.snapshot()
    changed = current.replace(
        "function community_model.dumps(obj: Any, *, indent: bool = False) -> str",
        "function community_model.dumps(obj: Any, *, indent: bool = True) -> str",
    )
    assert changed != current
    message = compare(current, changed)
    assert message is not None
    assert "Changed: community_model.dumps" in message
    assert "+function community_model.dumps(obj: Any, *, indent: bool = True) -> str" in message
