"""Loaders and dumpers generated as Python source, one function per record class.

Loading is the hot path of bulk work (files of millions of records). A generic loader pays for a
call, a path string and a rule lookup per field; the code generated here checks each field
inline, builds a JSON path only when a problem is found (paths travel as cheap ``(parent, step)``
pairs until then), and sets the finished fields straight into the slots, so ``__init__``'s checks
do not run a second time. What it checks is exactly what the annotations say, the same rules
``Record.__attrs_post_init__`` applies; the tests hold both to the same cases.
"""

from __future__ import annotations

import enum
import linecache
import re
import types
import typing
import unicodedata
from collections.abc import Callable
from decimal import Decimal
from typing import Annotated, Any, Final, Union

import annotated_types as at
import attrs

from community_model._errors import Problem
from community_model._validation import (
    CONTROL_CHARACTERS,
    Matches,
    Normalised,
    Personal,
    Record,
    field_types,
    fmt,
    hidden,
    wire_fields,
)

__all__ = ["BAD", "MISSING", "Generator", "json_type", "render"]


class _Bad:
    """What a loader returns for input it refused (its problems are already recorded)."""

    def __repr__(self) -> str:
        return "BAD"


BAD: Final = _Bad()
MISSING: Final = object()

# A path is "$", a string, or a (parent, step) pair: step ".name", or an int index.
PathLike = Any

_CONTROL: Final = re.compile(f"[{CONTROL_CHARACTERS}]").search
_SIMPLE_KEY: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]*").fullmatch


def render(path: PathLike) -> str:
    """The JSON path text of a lazily built path: ``$.activities[3].title``."""
    steps = []
    while type(path) is tuple:
        path, step = path
        steps.append(f"[{step}]" if type(step) is int else step)
    return str(path) + "".join(reversed(steps))


def json_type(value: object) -> str:
    """How a JSON value is named in messages: ``an array``, ``the string 'x'``, ``null``."""
    if value is None:
        return "null"
    if value is True or value is False:
        return str(value).lower()
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list | tuple):
        return "an array"
    if isinstance(value, str):
        return f"the string {fmt(value)}"
    if isinstance(value, int | float):
        return f"the number {fmt(value)}"
    return fmt(value)


def key_step(key: str) -> str:
    """The step to ``key`` in a path: ``.name``, or ``['odd key']``."""
    return f".{key}" if _SIMPLE_KEY(key) else f"[{key!r}]"


def _name(parent: PathLike, step: Any) -> str:
    """The field a problem is about, quoted: ``'title'``, ``'organisers[2]'``."""
    if step == "":
        return f"'{render(parent).rsplit('.', 1)[-1]}'"
    if type(step) is int:
        return f"'{render(parent).rsplit('.', 1)[-1]}[{step}]'"
    return f"'{step.lstrip('.')}'"


# -- problems, made only when something is wrong ---------------------------------------------


def _problem(parent: PathLike, step: Any, code: str, message: str) -> Problem:
    return Problem(path=render((parent, step)), code=code, message=message)


def e_not_object(path: PathLike, owner: str, value: object) -> Problem:
    return Problem(
        path=render(path),
        code="type",
        message=f"{owner} must be a JSON object (got {json_type(value)})",
    )


def e_missing(parent: PathLike, step: str, owner: str) -> Problem:
    return _problem(parent, step, "missing", f"{_name(parent, step)} is required in {owner}")


def e_null(parent: PathLike, step: str, has_default: bool) -> Problem:
    hint = " (leave it out to take the default)" if has_default else ""
    return _problem(parent, step, "null", f"{_name(parent, step)} must not be null{hint}")


def e_type(parent: PathLike, step: Any, expected: str, value: object) -> Problem:
    return _problem(
        parent, step, "type", f"{_name(parent, step)} must be {expected} (got {json_type(value)})"
    )


def e_enum(parent: PathLike, step: Any, codes: str, value: object) -> Problem:
    return _problem(
        parent,
        step,
        "enum",
        f"{_name(parent, step)} must be one of {codes} (got {json_type(value)})",
    )


def e_control(parent: PathLike, step: Any, text: str) -> Problem:
    bad = _CONTROL(text)
    assert bad is not None
    return _problem(
        parent,
        step,
        "control_character",
        f"{_name(parent, step)} must not contain control characters "
        f"(got {bad.group()!r} at position {bad.start()})",
    )


def e_min_len(parent: PathLike, step: Any, least: int, found: int, word: str) -> Problem:
    code = "empty" if least == 1 else "too_short"
    unit = word if least == 1 else word + "s"
    return _problem(
        parent, step, code, f"{_name(parent, step)} must have at least {least} {unit} (got {found})"
    )


def e_max_len(parent: PathLike, step: Any, most: int, found: int, word: str) -> Problem:
    unit = word if most == 1 else word + "s"
    return _problem(
        parent,
        step,
        "too_long",
        f"{_name(parent, step)} must have at most {most} {unit} (got {found})",
    )


def e_ge(parent: PathLike, step: Any, floor: object, value: object) -> Problem:
    return _problem(
        parent, step, "too_small", f"{_name(parent, step)} must be >= {floor} (got {value})"
    )


def e_le(parent: PathLike, step: Any, ceiling: object, value: object) -> Problem:
    return _problem(
        parent, step, "too_large", f"{_name(parent, step)} must be <= {ceiling} (got {value})"
    )


def e_pattern(
    parent: PathLike, step: Any, rule: str, value: object, personal: bool = False
) -> Problem:
    got = hidden(value) if personal else fmt(value)
    return _problem(parent, step, "pattern", f"{_name(parent, step)} must be {rule} (got {got})")


def e_unknown(
    raw: dict[str, Any], path: PathLike, names: frozenset[str], owner: str
) -> list[Problem]:
    return [
        Problem(
            path=render(path) + key_step(key),
            code="unknown_field",
            message=f"{key!r} is not a field of {owner} (strict=False ignores unknown fields)",
        )
        for key in raw
        if key not in names
    ]


def under(found: Problem, path: PathLike) -> Problem:
    """A problem of a nested object, seen from the top: its path gets the object's path."""
    return attrs.evolve(found, path=render(path) + found.path[1:])


# -- the generator ---------------------------------------------------------------------------


class Generator:
    """Writes loader and dumper functions for record classes.

    ``loader_of`` and ``dumper_of`` give the functions of the types a record holds (other
    records, value types read from their text), so that each type is compiled once.
    """

    def __init__(
        self,
        *,
        strict: bool,
        loader_of: Callable[[Any], Callable[[Any, PathLike, list[Problem]], Any]],
        dumper_of: Callable[[Any], Callable[[Any], Any]],
        text_types: tuple[type, ...],
    ) -> None:
        self.strict = strict
        self.text_types = text_types
        self.loader_of = loader_of
        self.dumper_of = dumper_of
        self._count = 0

    # Loading ----------------------------------------------------------------------------------

    def loader(self, cls: type[Record], ignore: str = "") -> Callable[..., Any]:
        """The loader of ``cls``; ``ignore`` names one key that is not a field (a tag)."""
        names: dict[str, Any] = {
            "BAD": BAD,
            "MISSING": MISSING,
            "CLS": cls,
            "NEW": object.__new__,
            "e_not_object": e_not_object,
            "e_missing": e_missing,
            "e_null": e_null,
            "e_type": e_type,
            "e_enum": e_enum,
            "e_control": e_control,
            "e_min_len": e_min_len,
            "e_max_len": e_max_len,
            "e_ge": e_ge,
            "e_le": e_le,
            "e_pattern": e_pattern,
            "e_unknown": e_unknown,
            "under": under,
            "CONTROL": _CONTROL,
            "IS_NFC": unicodedata.is_normalized,
            "NFC": unicodedata.normalize,
            "OWNER": cls.__name__,
            "NAMES": frozenset(f.name for f in wire_fields(cls))
            | ({ignore} if ignore else frozenset()),
        }
        lines = [
            "def load(raw, path, errors):",
            "    if raw.__class__ is not dict:",
            "        errors.append(e_not_object(path, OWNER, raw))",
            "        return BAD",
            "    before = len(errors)",
            "    present = 0",
            "    get = raw.get",
        ]
        hints = field_types(cls)
        fields = wire_fields(cls)
        for field in fields:
            tp = hints[field.name]
            nullable, inner = _optional(tp)
            has_default = field.default is not attrs.NOTHING
            default = f"D_{field.name}"
            names[default] = field.default if has_default else None
            step = repr("." + field.name)
            lines += [
                f"    x = get({field.name!r}, MISSING)",
                "    if x is MISSING:",
            ]
            if not has_default:
                lines.append(f"        errors.append(e_missing(path, {step}, OWNER))")
            lines += [
                f"        v_{field.name} = {default}",
                "    elif x is None:",
                "        present += 1",
            ]
            if not nullable:
                lines.append(f"        errors.append(e_null(path, {step}, {has_default}))")
            lines += [f"        v_{field.name} = {default}", "    else:", "        present += 1"]
            lines += self._value(inner, "x", "path", step, f"v_{field.name}", names, 8)
        if ignore:
            lines.append(f"    if {ignore!r} in raw:")
            lines.append("        present += 1")
        if self.strict:
            lines += [
                "    if present != len(raw):",
                "        errors.extend(e_unknown(raw, path, NAMES, OWNER))",
            ]
        lines += [
            "    if len(errors) != before:",
            "        return BAD",
            "    obj = NEW(CLS)",
        ]
        for field in fields:
            names[f"SET_{field.name}"] = getattr(cls, field.name).__set__
            lines.append(f"    SET_{field.name}(obj, v_{field.name})")
        for field in attrs.fields(typing.cast(Any, cls)):
            if not field.init:  # caches start empty
                names[f"SET_{field.name}"] = getattr(cls, field.name).__set__
                names[f"D_{field.name}"] = field.default
                lines.append(f"    SET_{field.name}(obj, D_{field.name})")
        if cls._rules is not Record._rules:
            lines += [
                "    broken = [under(found, path) for found in obj._rules()]",
                "    if broken:",
                "        errors.extend(broken)",
                "        return BAD",
            ]
        lines.append("    return obj")
        return self._define("load", f"load_{cls.__name__}", lines, names)

    def _value(
        self,
        tp: Any,
        x: str,
        parent: str,
        step: str,
        target: str,
        names: dict[str, Any],
        indent: int,
    ) -> list[str]:
        """Lines that check the JSON value ``x`` against ``tp`` and set ``target``."""
        pad = " " * indent
        base, metadata = _annotated(tp)
        key = f"{len(names)}"
        if base is str or base is int or base is bool:
            return [
                pad + line for line in self._primitive(base, metadata, x, parent, step, names)
            ] + [f"{pad}{target} = {x}"]
        if typing.get_origin(base) is tuple:
            return self._tuple(base, metadata, x, parent, step, target, names, indent)
        if isinstance(base, type) and issubclass(base, enum.Enum):
            members, codes = f"MEMBERS_{key}", f"CODES_{key}"
            names[members] = {member.value: member for member in base}
            names[codes] = ", ".join(repr(member.value) for member in base)
            return [
                f"{pad}{target} = {members}.get({x}) if {x}.__class__ is str else None",
                f"{pad}if {target} is None:",
                f"{pad}    errors.append(e_enum({parent}, {step}, {codes}, {x}))",
            ]
        loader = f"LOAD_{key}"
        names[loader] = self.loader_of(tp)  # records, value types, decimals: their own loaders
        return [f"{pad}{target} = {loader}({x}, ({parent}, {step}), errors)"]

    def _primitive(
        self,
        base: type,
        metadata: list[Any],
        x: str,
        parent: str,
        step: str,
        names: dict[str, Any],
    ) -> list[str]:
        expected = {str: "a string", int: "an integer", bool: "true or false"}[base]
        lines = [
            f"if {x}.__class__ is not {base.__name__}:",
            f"    errors.append(e_type({parent}, {step}, {expected!r}, {x}))",
            "else:",
        ]
        body: list[str] = []
        checks: list[tuple[str, str]] = []
        personal = any(isinstance(meta, Personal) for meta in metadata)
        for meta in metadata:
            if isinstance(meta, Normalised):
                body += [
                    f"{x} = {x}.strip()",
                    f"if not IS_NFC('NFC', {x}):",
                    f"    {x} = NFC('NFC', {x})",
                ]
                checks.append((f"CONTROL({x}) is not None", f"e_control({parent}, {step}, {x})"))
            elif isinstance(meta, at.MinLen | at.MaxLen):
                checks.append(_length_check(meta, x, parent, step, "character"))
            elif isinstance(meta, at.Ge):
                checks.append((f"{x} < {meta.ge!r}", f"e_ge({parent}, {step}, {meta.ge!r}, {x})"))
            elif isinstance(meta, at.Le):
                checks.append((f"{x} > {meta.le!r}", f"e_le({parent}, {step}, {meta.le!r}, {x})"))
            elif isinstance(meta, Matches):
                regex = f"RE_{len(names)}"
                names[regex] = meta.regex.fullmatch
                names[regex + "_RULE"] = meta.rule
                checks.append(
                    (
                        f"{regex}({x}) is None",
                        f"e_pattern({parent}, {step}, {regex}_RULE, {x}, {personal})",
                    )
                )
        for index, (condition, error) in enumerate(checks):
            keyword = "if" if index == 0 else "elif"
            body += [f"{keyword} {condition}:", f"    errors.append({error})"]
        return lines + ["    " + line for line in (body or ["pass"])]

    def _tuple(
        self,
        base: Any,
        metadata: list[Any],
        x: str,
        parent: str,
        step: str,
        target: str,
        names: dict[str, Any],
        indent: int,
    ) -> list[str]:
        pad = " " * indent
        depth = indent // 4
        item_tp = typing.get_args(base)[0]
        items, value, index, where = f"items{depth}", f"y{depth}", f"i{depth}", f"p{depth}"
        result = f"z{depth}"
        lines = [
            f"{pad}if {x}.__class__ is not list:",
            f"{pad}    errors.append(e_type({parent}, {step}, 'a JSON array', {x}))",
            f"{pad}    {target} = ()",
            f"{pad}else:",
        ]
        checks = [
            _length_check(meta, x, parent, step, "item")
            for meta in metadata
            if isinstance(meta, at.MinLen | at.MaxLen)
        ]
        counted = f"n{depth}"
        lines += [
            f"{pad}    {counted} = len(errors)",
            f"{pad}    {where} = ({parent}, {step})",
            f"{pad}    {items} = []",
            f"{pad}    for {index}, {value} in enumerate({x}):",
        ]
        lines += self._value(item_tp, value, where, index, result, names, indent + 8)
        lines += [
            f"{pad}        {items}.append({result})",
            f"{pad}    {target} = tuple({items})",
        ]
        if checks:  # as on construction: length rules only once every item is sound
            lines.append(f"{pad}    if len(errors) == {counted}:")
            for number, (condition, error) in enumerate(checks):
                keyword = "if" if number == 0 else "elif"
                lines += [
                    f"{pad}        {keyword} {condition}:",
                    f"{pad}            errors.append({error})",
                ]
        return lines

    # Dumping ----------------------------------------------------------------------------------

    def dumper(self, cls: type[Record]) -> Callable[[Any], dict[str, Any]]:
        """The dumper of ``cls``: a dict of the set fields, ``sources`` last."""
        names: dict[str, Any] = {}
        hints = field_types(cls)
        order = [f.name for f in wire_fields(cls)]
        if "sources" in order:
            order.remove("sources")
            order.append("sources")
        # Fields always present open the dict as one literal; the rest are added when set.
        always: list[str] = []
        rest: list[tuple[str, bool, Any]] = []
        for name in order:
            nullable, inner = _optional(hints[name])
            base, _ = _annotated(inner)
            field = attrs.fields_dict(typing.cast(Any, cls))[name]
            required = field.default is attrs.NOTHING
            present = not nullable and (typing.get_origin(base) is not tuple or required)
            if present and not rest:
                always.append(name)
            else:
                rest.append((name, nullable, base))
        lines = ["def dump(o):"]
        literal = ", ".join(
            f"{name!r}: {self._dump_expression(hints[name], f'o.{name}', names)}" for name in always
        )
        lines.append(f"    d = {{{literal}}}")
        for name, nullable, base in rest:
            expression = self._dump_expression(base, "v", names)
            lines.append(f"    v = o.{name}")
            if typing.get_origin(base) is tuple:
                lines += ["    if v:", f"        d[{name!r}] = {expression}"]
            elif nullable:
                lines += ["    if v is not None:", f"        d[{name!r}] = {expression}"]
            else:
                lines.append(f"    d[{name!r}] = {expression}")
        lines.append("    return d")
        return self._define("dump", f"dump_{cls.__name__}", lines, names)

    def _dump_expression(self, tp: Any, v: str, names: dict[str, Any]) -> str:
        base, _ = _annotated(tp)
        if typing.get_origin(base) is tuple:
            item = self._dump_expression(typing.get_args(base)[0], "w", names)
            return f"list({v})" if item == "w" else f"[{item} for w in {v}]"
        if base is str or base is int or base is bool:
            return v
        if isinstance(base, type) and issubclass(base, enum.Enum):
            return f"{v}._value_"  # a plain attribute: Enum.value is a slow descriptor
        if base is Decimal:
            return f"format({v}, 'f')"
        if isinstance(base, type) and issubclass(base, self.text_types):
            return f"{v}.format()"  # a value type written as its text
        if isinstance(base, type) and issubclass(base, Record):
            flat = _flat_fields(base)
            if flat is not None:
                parts = ", ".join(
                    f"{name!r}: {v}.{name}{'._value_' if is_enum else ''}" for name, is_enum in flat
                )
                return "{" + parts + "}"
        key = f"DUMP_{len(names)}"
        names[key] = self.dumper_of(base)
        return f"{key}({v})"

    def _define(
        self, function: str, name: str, lines: list[str], names: dict[str, Any]
    ) -> Callable[..., Any]:
        self._count += 1
        source = "\n".join(lines) + "\n"
        filename = f"<community_model generated {name} {self._count}>"
        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
        namespace = dict(names)
        exec(compile(source, filename, "exec"), namespace)
        made: Callable[..., Any] = namespace[function]
        made.__name__ = made.__qualname__ = name
        return made


def _length_check(
    meta: at.MinLen | at.MaxLen, x: str, parent: str, step: str, word: str
) -> tuple[str, str]:
    """(condition, problem) source of a length rule on ``x``; ``word`` is what is counted."""
    if isinstance(meta, at.MinLen):
        least = meta.min_length
        return f"len({x}) < {least}", f"e_min_len({parent}, {step}, {least}, len({x}), {word!r})"
    most = meta.max_length
    return f"len({x}) > {most}", f"e_max_len({parent}, {step}, {most}, len({x}), {word!r})"


def _optional(tp: Any) -> tuple[bool, Any]:
    if typing.get_origin(tp) in (Union, types.UnionType):
        members = [m for m in typing.get_args(tp) if m is not type(None)]
        if len(members) == 1:
            return len(members) < len(typing.get_args(tp)), members[0]
    return False, tp


def _annotated(tp: Any) -> tuple[Any, list[Any]]:
    if typing.get_origin(tp) is Annotated:
        base, *metadata = typing.get_args(tp)
        return base, metadata
    return tp, []


def _flat_fields(cls: type[Record]) -> list[tuple[str, bool]] | None:
    """Fields of a small class whose dump is a plain dict literal: required scalars and codes."""
    found = []
    hints = field_types(cls)
    for field in wire_fields(cls):
        nullable, inner = _optional(hints[field.name])
        base, _ = _annotated(inner)
        is_enum = isinstance(base, type) and issubclass(base, enum.Enum)
        if nullable or not (is_enum or base in (str, int, bool)):
            return None
        found.append((field.name, is_enum))
    return found if len(found) <= 4 else None
