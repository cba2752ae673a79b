"""Write the snapshot of the public API: tests/api/public_api.txt.

    python tools/snapshot_api.py            # rewrite the snapshot from the installed library
    python tools/snapshot_api.py --check    # exit 1 and show the difference if it is stale

The public API is exactly ``community_model.__all__`` and ``community_model.strategies.__all__``
(docs/compatibility.md). For every public name the snapshot records what a program that uses it
depends on, never the private module it is defined in:

- a function: its signature (parameter names, kinds, defaults, types) and return type;
- a class: its public and builtin bases, how attrs built it (frozen, slots), its constructor,
  its attrs fields with their types and defaults, and its public methods, class methods,
  properties and class attributes with their signatures;
- an enumeration (each vocabulary): every member with its code and, for a vocabulary, its
  Chinese label;
- a constant: its type and value.

Types are written without module paths for our classes (``Activity``), with their package for
other libraries' (``pendulum.DateTime``) and with their module for the standard library's
(``datetime.date``). The output is deterministic: names in order, one line per fact, so that a
review sees each change of the API as a line of the diff. tests/test_api_snapshot.py compares it
with the library.
"""

from __future__ import annotations

import argparse
import difflib
import enum
import inspect
import re
import sys
import types
import typing
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs

# hypothesis first: importing community_model.strategies before hypothesis makes hypothesis run
# its entry point (community_model.strategies:_hypothesis_setup_hook) while that module is only
# half imported.
import hypothesis  # noqa: F401

import community_model
import community_model.strategies

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT = ROOT / "tests" / "api" / "public_api.txt"
MODULES = (community_model, community_model.strategies)
HEADER = """\
# The public API of community_model: community_model.__all__ and
# community_model.strategies.__all__, with signatures, fields, methods and members.
# Written by tools/snapshot_api.py; checked by tests/test_api_snapshot.py. Do not edit by hand:
# change the library, read docs/compatibility.md, then run `python tools/snapshot_api.py`.
"""

#: Special methods that are part of a class's behaviour when the library defines them itself.
PROTOCOL = frozenset(
    {
        "__add__",
        "__bool__",
        "__call__",
        "__contains__",
        "__enter__",
        "__exit__",
        "__ge__",
        "__getitem__",
        "__gt__",
        "__iter__",
        "__le__",
        "__len__",
        "__lt__",
        "__radd__",
        "__str__",
        "__sub__",
    }
)
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


# -- types and values ---------------------------------------------------------------------------


def _ours(obj: object) -> bool:
    module = getattr(obj, "__module__", None) or ""
    return module == "community_model" or module.startswith("community_model.")


def type_name(cls: type) -> str:
    """A class as the snapshot names it: ours bare, stdlib with module, others with package."""
    if cls is type(None):
        return "None"
    module = cls.__module__
    if module == "builtins" or _ours(cls):
        return cls.__qualname__
    top = module.split(".")[0]
    if top in sys.stdlib_module_names:
        return f"{module}.{cls.__qualname__}"
    return f"{top}.{cls.__qualname__}"


def render_type(tp: Any) -> str:
    """An annotation, written the same way whatever the Python version."""
    if tp is None or tp is type(None):
        return "None"
    if isinstance(tp, str):
        return tp
    if isinstance(tp, typing.ForwardRef):
        return tp.__forward_arg__
    if isinstance(tp, typing.TypeVar):
        return tp.__name__
    if tp is Any:
        return "Any"
    if tp is Ellipsis:
        return "..."
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is typing.Annotated:
        metadata = ", ".join(render_value(meta) for meta in tp.__metadata__)
        return f"Annotated[{render_type(tp.__origin__)}, {metadata}]"
    if origin in (typing.Union, types.UnionType):
        return " | ".join(render_type(arg) for arg in args)
    if origin is typing.Literal:
        return f"Literal[{', '.join(render_value(arg) for arg in args)}]"
    if origin is not None:
        name = type_name(origin) if isinstance(origin, type) else render_type(origin)
        if origin is Callable or name == "collections.abc.Callable":
            params, result = args
            shown = "..." if params is Ellipsis else f"[{', '.join(map(render_type, params))}]"
            return f"collections.abc.Callable[{shown}, {render_type(result)}]"
        return f"{name}[{', '.join(render_type(arg) for arg in args)}]" if args else name
    if isinstance(tp, type):
        return type_name(tp)
    return _clean(repr(tp))


def render_value(value: Any) -> str:
    """A default or a constant: enum members by name, classes by name, no memory addresses."""
    if isinstance(value, enum.Enum):
        return f"{type(value).__name__}.{value.name}"
    if isinstance(value, type):
        return type_name(value)
    if isinstance(value, tuple):
        inner = ", ".join(render_value(item) for item in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, list):
        return f"[{', '.join(render_value(item) for item in value)}]"
    if callable(value) and hasattr(value, "__qualname__"):
        return value.__qualname__
    return _clean(repr(value))


def _clean(text: str) -> str:
    return _ADDRESS.sub("", text)


# -- signatures ---------------------------------------------------------------------------------


def _hints(func: Any) -> dict[str, Any]:
    try:
        return typing.get_type_hints(func, include_extras=True)
    except Exception:
        return {}


def render_signature(func: Any, *, skip_first: bool = False) -> str:
    """``(a: int, *, b: str = 'x') -> bool``, with types resolved where they can be."""
    signature = inspect.signature(func)
    hints = _hints(func)
    parts: list[str] = []
    star_done = False
    parameters = list(signature.parameters.values())
    if skip_first and parameters:
        parameters = parameters[1:]
    previous_kind = None
    for parameter in parameters:
        kind = parameter.kind
        if (
            previous_kind == inspect.Parameter.POSITIONAL_ONLY
            and kind != inspect.Parameter.POSITIONAL_ONLY
        ):
            parts.append("/")
        if kind == inspect.Parameter.KEYWORD_ONLY and not star_done:
            parts.append("*")
            star_done = True
        if kind == inspect.Parameter.VAR_POSITIONAL:
            star_done = True
        prefix = {inspect.Parameter.VAR_POSITIONAL: "*", inspect.Parameter.VAR_KEYWORD: "**"}
        text = prefix.get(kind, "") + parameter.name
        annotation = hints.get(parameter.name, parameter.annotation)
        if annotation is not inspect.Parameter.empty:
            text += f": {render_type(annotation)}"
        if parameter.default is not inspect.Parameter.empty:
            text += f" = {render_value(parameter.default)}"
        parts.append(text)
        previous_kind = kind
    if previous_kind == inspect.Parameter.POSITIONAL_ONLY:
        parts.append("/")
    result = hints.get("return", signature.return_annotation)
    returns = "" if result is inspect.Signature.empty else f" -> {render_type(result)}"
    return f"({', '.join(parts)}){returns}"


# -- classes ------------------------------------------------------------------------------------


def _public_names() -> set[str]:
    return {f"{module.__name__}.{name}" for module in MODULES for name in module.__all__}


def _is_public_class(cls: type) -> bool:
    return any(getattr(module, cls.__name__, None) is cls for module in MODULES) and (
        cls.__name__ in community_model.__all__
    )


def bases(cls: type) -> list[str]:
    """The classes a user may rely on ``cls`` being: public ones of ours, and the standard's."""
    shown = []
    for base in cls.__mro__[1:]:
        if base is object or base is typing.Generic:
            continue
        if _ours(base):
            if _is_public_class(base):
                shown.append(type_name(base))
        else:
            shown.append(type_name(base))
    return shown


def _attrs_generated(member: Any) -> bool:
    code = getattr(getattr(member, "__func__", member), "__code__", None)
    return code is not None and code.co_filename.startswith("<attrs generated")


def _defined_here(member: Any) -> bool:
    """Whether a method was written in this library (not inherited from ``str``, not attrs')."""
    function = getattr(member, "__func__", getattr(member, "fget", member))
    return _ours(function) and not _attrs_generated(function)


def _own_members(cls: type) -> Iterator[tuple[str, Any, type]]:
    """Public members of ``cls`` and of the private classes of ours it inherits from."""
    seen: set[str] = set()
    for klass in cls.__mro__:
        if klass is not cls and (not _ours(klass) or _is_public_class(klass)):
            continue
        for name, member in vars(klass).items():
            if name in seen:
                continue
            if name.startswith("_") and (name not in PROTOCOL or not _defined_here(member)):
                continue
            seen.add(name)
            yield name, member, klass


def class_lines(cls: type) -> list[str]:
    lines = []
    shown_bases = bases(cls)
    if shown_bases:
        lines.append(f"bases: {', '.join(shown_bases)}")
    if isinstance(cls, enum.EnumMeta):
        lines.extend(_enum_lines(cls))
    elif attrs.has(cls):
        lines.extend(_attrs_lines(cls))
    else:
        init = cls.__init__
        if init is not object.__init__ and _ours(init):
            lines.append(f"init{render_signature(init, skip_first=True)}")
    lines.extend(_member_lines(cls))
    return lines


def _enum_lines(cls: type[enum.Enum]) -> list[str]:
    lines = []
    for member in cls:
        label = getattr(member, "label", None)
        shown = f"member {member.name} = {member.value!r}"
        lines.append(f"{shown}  # {label}" if label is not None else shown)
    return lines


def _attrs_lines(cls: type) -> list[str]:
    frozen = getattr(cls.__setattr__, "__name__", "") == "_frozen_setattrs"
    flags = [
        "frozen" if frozen else "mutable",
        "slots" if "__slots__" in vars(cls) else "dict",
        "hashable" if cls.__hash__ is not None else "unhashable",
    ]
    lines = [f"attrs: {', '.join(flags)}"]
    hints = _hints(cls)
    init_parts: list[str] = []
    star = False
    for field in attrs.fields(cls):
        if field.name.startswith("_") and not field.init:
            continue
        annotation = render_type(hints.get(field.name, field.type))
        default = ""
        if field.default is not attrs.NOTHING:
            default_value = field.default
            if isinstance(default_value, attrs.Factory):  # type: ignore[arg-type]
                default = f" = {render_value(default_value.factory)}()"
            else:
                default = f" = {render_value(default_value)}"
        extra = "" if field.init else "  # not in init"
        lines.append(f"field {field.name}: {annotation}{default}{extra}")
        if field.init:
            if field.kw_only and not star:
                init_parts.append("*")
                star = True
            init_parts.append(f"{field.alias or field.name}{'=...' if default else ''}")
    lines.insert(1, f"init({', '.join(init_parts)})")
    return lines


def _member_lines(cls: type) -> list[str]:
    lines = []
    is_enum = isinstance(cls, enum.EnumMeta)
    attrs_fields = {field.name for field in attrs.fields(cls)} if attrs.has(cls) else set()
    for name, member, _owner in sorted(_own_members(cls), key=lambda item: item[0]):
        if name in attrs_fields or (is_enum and isinstance(member, cls)):
            continue
        if isinstance(member, property):
            getter = member.fget
            result = _hints(getter).get("return") if getter else None
            shown = f" -> {render_type(result)}" if result is not None else ""
            lines.append(f"property {name}{shown}")
        elif isinstance(member, classmethod):
            lines.append(f"classmethod {name}{render_signature(member.__func__, skip_first=True)}")
        elif isinstance(member, staticmethod):
            lines.append(f"staticmethod {name}{render_signature(member.__func__)}")
        elif inspect.isfunction(member):
            if _attrs_generated(member):
                continue
            lines.append(f"method {name}{render_signature(member, skip_first=True)}")
        elif isinstance(member, types.MemberDescriptorType):
            continue  # a slot: fields are listed above, other slots are private state
        else:
            lines.append(f"attribute {name} = {render_value(member)}")
    annotations = {
        name: value
        for name, value in _hints(cls).items()
        if not name.startswith("_") and name not in attrs_fields
    }
    for name, value in sorted(annotations.items()):
        if name not in vars(cls) and not any(line.split()[1] == name for line in lines):
            lines.append(f"annotation {name}: {render_type(value)}")
    return lines


# -- the snapshot -------------------------------------------------------------------------------


def describe(module: Any, name: str) -> list[str]:
    """The block of one public name: a heading line, then its facts indented."""
    obj = getattr(module, name)
    qualified = f"{module.__name__}.{name}"
    if isinstance(obj, type):
        kind = "enum" if isinstance(obj, enum.EnumMeta) else "class"
        if issubclass(obj, BaseException):
            kind = "exception"
        return [f"{kind} {qualified}", *(f"    {line}" for line in class_lines(obj))]
    if callable(obj):
        return [f"function {qualified}{render_signature(obj)}"]
    return [f"data {qualified}: {type_name(type(obj))} = {render_value(obj)}"]


def snapshot() -> str:
    """The whole snapshot text."""
    blocks = [HEADER.rstrip("\n")]
    for module in MODULES:
        for name in sorted(module.__all__):
            blocks.append("\n".join(describe(module, name)))
    return "\n\n".join(blocks) + "\n"


def blocks_by_name(text: str) -> dict[str, str]:
    """The snapshot's blocks, keyed by the public name each describes."""
    found = {}
    for block in text.strip().split("\n\n"):
        first = block.splitlines()[0]
        if first.startswith("#"):
            continue
        name = first.split()[1].split("(")[0].split(":")[0]
        found[name] = block
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    arguments = parser.parse_args(argv)
    text = snapshot()
    if arguments.check:
        old = SNAPSHOT.read_text(encoding="utf-8") if SNAPSHOT.exists() else ""
        if old == text:
            return 0
        sys.stdout.writelines(
            difflib.unified_diff(
                old.splitlines(keepends=True),
                text.splitlines(keepends=True),
                "tests/api/public_api.txt (stored)",
                "the library now",
            )
        )
        return 1
    SNAPSHOT.parent.mkdir(parents=True, exist_ok=True)
    SNAPSHOT.write_text(text, encoding="utf-8", newline="\n")
    print(f"wrote {SNAPSHOT.relative_to(ROOT)}: {len(blocks_by_name(text))} public names")
    return 0


if __name__ == "__main__":
    sys.exit(main())
