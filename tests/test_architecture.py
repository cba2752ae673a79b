"""The layers point one way: no import cycle in ``src/``, and no import hidden to dodge one.

Text and values at the bottom, then the records, the wire (records and plain data), the
collection, the document format above both, and the command line on top (docs/contributing.md).
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = "community_model"

#: Imports of our own modules inside functions, each there for laziness, not to dodge a
#: cycle: the hypothesis entry point must not import the library, and the strategies are built
#: on first use. (Other packages, such as rich, may be imported lazily anywhere.)
LAZY = {
    ("_community_model_hypothesis", "community_model._strategies.entry"),
    ("community_model._strategies.entry", "community_model._strategies.hook"),
    # The facade loads services a call may never need on first use (PEP 562 ``__getattr__``):
    # the example's data, redaction, storage, problem details, OpenAPI components (issue 16:
    # ``import community_model`` imports no more than a call needs).
    *(
        ("community_model", f"community_model.{name}")
        for name in ("_examples", "_privacy", "_storage", "_problems", "_openapi")
    ),
    # The command line loads the example's data for ``demo`` and redaction for ``redact`` only.
    ("community_model._cli.commands", "community_model._examples"),
    # The Arrow functions load their modules (and pyarrow) on first use: an optional extra.
    *(
        ("community_model._arrow", f"community_model._arrow.{name}")
        for name in ("_schema", "_convert", "_parquet", "_frames", "_views")
    ),
    # The scale-out functions load DuckDB, Dask and their modules on first use: optional extras.
    *(
        ("community_model._scale", f"community_model._scale.{name}")
        for name in (
            "_duck",
            "_shards",
            "_dask",
            "_records",
            "_export",
            "_around",
            "_views",
            "_frames",
        )
    ),
}

#: Layers from the bottom; a module may import only from its own layer or those below.
LAYERS = [
    {"_errors", "_runtime", "_vocab", "_files", "_version"},
    {"_messages"},
    {"_rules"},
    {"_codegen"},
    {"_record"},
    {"_values"},
    {"_entities", "_references"},
    {"_wire"},
    {"_dataset"},
    {"_document"},
    {"_io", "_registry"},
    {"_storage", "_privacy", "_examples", "_problems", "_openapi", "_arrow", "_scale"},
    {"_strategies", "strategies"},
    {"_cli", "__main__", "__init__"},
]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@functools.cache
def imports(path: Path) -> tuple[tuple[str, bool], ...]:
    """Each module ``path`` imports, and whether the import is inside a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top_level = {id(node) for node in tree.body} | _in_module_ifs(tree)
    found: list[tuple[str, bool]] = []
    for node in ast.walk(tree):
        inside = id(node) not in top_level
        if isinstance(node, ast.Import):
            found.extend((alias.name, inside) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            base = node.module
            if node.level:
                package = module_name(path).rsplit(".", node.level)[0]
                base = f"{package}.{node.module}"
            for alias in node.names:  # ``from package import module`` imports the module
                module = f"{base}.{alias.name}"
                is_module = (SRC / module.replace(".", "/")).with_suffix(".py").exists()
                found.append((module if is_module else base, inside))
    return tuple(found)


def _in_module_ifs(tree: ast.Module) -> set[int]:
    """Imports under a module-level ``if`` (optional parts) count as top level: their ids."""
    return {id(child) for top in tree.body if isinstance(top, ast.If) for child in ast.walk(top)}


@functools.cache
def graph() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in sorted(SRC.rglob("*.py")):
        name = module_name(path)
        found[name] = {
            target for target, inside in imports(path) if target.startswith(PACKAGE) and not inside
        }
    return found


def layer_of(module: str) -> int:
    parts = module.split(".")
    key = parts[1] if len(parts) > 1 else "__init__"
    for index, layer in enumerate(LAYERS):
        if key in layer:
            return index
    raise AssertionError(f"{module} belongs to no layer: add it to LAYERS")


def test_no_import_cycle() -> None:
    """Walking the imports from any module never comes back to it."""
    edges = graph()
    for start in edges:
        seen: set[str] = set()
        stack = list(edges[start])
        while stack:
            current = stack.pop()
            assert current != start, f"{start} imports itself through {sorted(seen)}"
            if current in seen:
                continue
            seen.add(current)
            stack.extend(edges.get(current, ()))


def test_no_import_inside_a_function_but_lazy_ones() -> None:
    """Every import at function level is a listed lazy one (never one that dodges a cycle)."""
    for path in sorted(SRC.rglob("*.py")):
        name = module_name(path)
        for target, inside in imports(path):
            if inside and target.startswith(PACKAGE):
                assert (name, target) in LAZY, f"{name} imports {target} inside a function"


@pytest.mark.parametrize("module", sorted(graph()))
def test_layers_point_one_way(module: str) -> None:
    """A module imports only from its own layer or from layers below it."""
    if not module.startswith(PACKAGE):
        return
    own = layer_of(module)
    for target in graph()[module]:
        if target == PACKAGE:
            continue
        assert layer_of(target) <= own, f"{module} (layer {own}) imports {target}"
