"""One generator: the construction check, the loader and the dumper of each class, as Python source.

Each is written from one description of the class (:func:`._rules.fields_of`) and the rule table
(:data:`._rules.RULES`), so construction and loading apply the same rules with the same problems:
the same path, code and message. The generated code checks each field inline and builds a JSON
path only when a problem is found (paths travel as cheap ``(parent, step)`` pairs until then).

- The **check** runs when a record is built (``Record.__attrs_post_init__``): every field's type
  and rules, normalising text, then the class's cross-field rules.
- The **loader** reads plain JSON data (dicts, lists, str, int, bool): the same checks, plus
  missing and unknown keys, vocabulary codes and value types read from their text; it sets the
  finished fields straight into the slots, so the checks do not run a second time.
- The **dumper** writes a dict of the fields that are set, ``sources`` last.

Like cattrs' ``gen``, the source is registered with :mod:`linecache`, so tracebacks show it.
"""

from __future__ import annotations

import enum
import linecache
import typing
import unicodedata
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Final, Literal

import attrs
import pendulum

from community_model._errors import Problem, Severity
from community_model._rules import (
    ENUM,
    LENIENT_REMEDY,
    MISSING,
    NAIVE,
    NOT_FINITE,
    NOT_OBJECT,
    NULL,
    OFFSET,
    RULES,
    TYPE,
    UNKNOWN_FIELD,
    Field,
    Normalised,
    Rule,
    Shape,
    describe,
    fields_of,
    hidden,
    render,
    show,
)

__all__ = [
    "ABSENT",
    "BAD",
    "Generator",
    "check_function",
    "expected_text",
    "has_text_form",
    "key_step",
    "warning_function",
    "wire_form",
]


class _Bad:
    """What a loader returns for input it refused (its problems are already recorded)."""

    def __repr__(self) -> str:
        return "BAD"


BAD: Final = _Bad()
ABSENT: Final = object()

Mode = Literal["check", "load"]


def has_text_form(tp: Any) -> bool:
    """Whether ``tp`` is a value type whose wire form is its text (``parse`` / ``format``)."""
    return wire_form(tp) == "text"


def wire_form(tp: Any) -> str | None:
    """How a class travels (``record``, ``text``, ``document``), or ``None`` if not ours."""
    return getattr(tp, "_wire_form", None) if isinstance(tp, type) else None


def key_step(key: str) -> str:
    """The step to ``key`` in a path: ``.name``, or ``['odd key']``."""
    return f".{key}" if key.isidentifier() and key.isascii() else f"[{key!r}]"


def _decimal_text(raw: Any) -> Decimal | None:
    """A decimal written as a plain string (``"120.5"``), or ``None``."""
    if raw.__class__ is not str or not _DECIMAL_CHARS.issuperset(raw) or not raw:
        return None
    head, dot, tail = raw.lstrip("-").partition(".")
    if not head or not head.isdigit() or (len(head) > 1 and head[0] == "0"):
        return None
    if dot and (not tail or not tail.isdigit()):
        return None
    if raw.count("-") > (1 if raw.startswith("-") else 0):
        return None
    return Decimal(raw)


_DECIMAL_CHARS: Final = frozenset("0123456789.-")


def expected_text(shape: Shape) -> str:
    """What a type error says a value must be, the same when building and when loading."""
    base = shape.base
    if base is str:
        return "a string"
    if base is int:
        return "an integer"
    if base is bool:
        return "true or false"
    if base is Decimal:
        return 'a decimal number (a string such as "120.5" on the wire)'
    if typing.get_origin(base) is tuple:
        return "an array"
    if shape.members:
        return " or ".join(_class_text(member) for member in shape.members)
    if has_text_form(base):
        return f"a {base.__name__} (its text on the wire, read by {base.__name__}.parse)"
    return _class_text(base)


def _class_text(cls: Any) -> str:
    if cls is pendulum.DateTime:
        return "a pendulum.DateTime"
    return f"a {cls.__name__}"


def _check_moment(value: Any, path: Any, errors: list[Problem]) -> Any:
    """A moment must be aware, with an offset of whole minutes; it is held at a fixed offset."""
    offset = value.utcoffset() if value.tzinfo is not None else None
    if offset is None:
        errors.append(NAIVE.at(render(path), got=value.isoformat()))
        return value
    seconds = offset.total_seconds()
    if seconds % 60:
        errors.append(OFFSET.at(render(path), got=value.isoformat()))
        return value
    if type(value.tzinfo) is not pendulum.FixedTimezone:
        # A moment travels as its offset; held the same way, it compares equal after a round
        # trip even in the hour that summer time repeated (1986-1991 in Beijing).
        return value.replace(tzinfo=pendulum.FixedTimezone(int(seconds)), fold=0)
    return value


class _Source:
    """The lines of one generated function and the names they use."""

    def __init__(self, mode: Mode, loader_of: Callable[[Any], Any] | None) -> None:
        self.mode = mode
        self.loader_of = loader_of
        self.lines: list[str] = []
        self.sink = "errors"  # the list problems go to
        self.names: dict[str, Any] = {
            "BAD": BAD,
            "ABSENT": ABSENT,
            "render": render,
            "describe": describe,
            "hidden": hidden,
            "show": show,
        }
        self._bound: dict[int, str] = {}

    def bind(self, value: Any, hint: str = "K") -> str:
        """A name for ``value`` in the generated code."""
        key = id(value)
        name = self._bound.get(key)
        if name is None:
            name = f"{hint}_{len(self.names)}"
            self.names[name] = value
            self._bound[key] = name
        return name

    def add(self, indent: int, *lines: str) -> None:
        self.lines.extend(" " * indent + line for line in lines)

    # -- one value ---------------------------------------------------------------------------

    def value(
        self, shape: Shape, x: str, path: str, target: str, indent: int, depth: int = 0
    ) -> None:
        """Lines that check ``x`` (at ``path``, a source expression) and set ``target``.

        ``target`` is left unset when a problem is found (the caller checks the problem count).
        An explicit unknown, where the field takes one, is taken as it is: rules apply to values.
        """
        if shape.unknown is not None:
            unknown = self.bind(shape.unknown, "UNKNOWN")
            if self.mode == "load":
                assert self.loader_of is not None
                loader = self.bind(self.loader_of(shape.unknown), "LOAD")
                self.add(
                    indent,
                    f"if {x}.__class__ is dict and 'unknown' in {x}:",
                    f"    {target} = {loader}({x}, {path}, errors)",
                    "else:",
                )
            else:
                self.add(indent, f"if {x}.__class__ is {unknown}:", f"    {target} = {x}", "else:")
            self.value(attrs.evolve(shape, unknown=None), x, path, target, indent + 4, depth)
            return
        base = shape.base
        got = "hidden" if shape.personal else "describe"
        if base is str or base is int or base is bool:
            self.type_test(f"{x}.__class__ is not {base.__name__}", shape, x, path, got, indent)
            self.rules(shape, x, path, indent + 4, base)
            self.add(indent + 4, f"{target} = {x}")
        elif typing.get_origin(base) is tuple:
            self.items(shape, x, path, target, indent, depth)
        elif isinstance(base, type) and issubclass(base, enum.Enum):
            self.vocabulary(base, x, path, target, got, indent)
        elif base is Decimal:
            self.decimal(shape, x, path, target, got, indent)
        elif self.mode == "load":
            self.load_nested(shape, x, path, target, got, indent)
        else:
            self.check_instance(shape, x, path, target, got, indent)

    def type_test(self, test: str, shape: Shape, x: str, path: str, got: str, indent: int) -> None:
        message = self.bind(TYPE, "TYPE")
        expected = expected_text(shape)
        self.add(
            indent,
            f"if {test}:",
            f"    errors.append({message}.at(render({path}), expected={expected!r}, "
            f"got={got}({x})))",
            "else:",
        )

    def rules(self, shape: Shape, x: str, path: str, indent: int, base: Any) -> None:
        """The rule table's tests on a value of the right type: the first broken one reports."""
        show_name = "hidden" if shape.personal else "show"
        if shape.marker(Normalised) is not None:
            self.add(
                indent,
                f"{x} = {x}.strip()",
                f"if not {self.bind(unicodedata.is_normalized)}('NFC', {x}):",
                f"    {x} = {self.bind(unicodedata.normalize)}('NFC', {x})",
            )
        branches = []
        for meta in shape.markers:
            rule = RULES.get(type(meta))
            if rule is None or rule.test is None or rule.after_items or not rule.applies(base):
                continue
            if rule.severity is not Severity.ERROR:
                continue
            branches.append((rule, meta))
        # Normalised text is tested first (a control character makes lengths meaningless).
        branches.sort(key=lambda pair: not isinstance(pair[1], Normalised))
        for number, (rule, meta) in enumerate(branches):
            keyword = "if" if number == 0 else "elif"
            self.add(indent, f"{keyword} {self.test(rule, meta, x)}:")
            self.report(rule, meta, x, path, base, show_name, indent + 4)
        if not branches:
            self.add(indent, "pass")

    def test(self, rule: Rule, meta: Any, x: str) -> str:
        assert rule.test is not None
        return rule.test(meta, x, self.bind)

    def report(
        self, rule: Rule, meta: Any, x: str, path: str, base: Any, show_name: str, indent: int
    ) -> None:
        if rule.report is not None:
            self.add(indent, f"{self.bind(rule.report)}({x}, {path}, {self.sink})")
            return
        assert rule.message is not None
        message = self.bind(rule.message(meta), "MSG")
        params = rule.params(meta, x, base, self.bind)
        if rule.shows is not None:
            params = f"{params}, 'got': {show_name}({rule.shows.format(x=x)})".lstrip(", ")
        where = f"({path}, {rule.step!r})" if rule.step else path
        self.add(indent, f"{self.sink}.append({message}.at(render({where}), **{{{params}}}))")

    def items(self, shape: Shape, x: str, path: str, target: str, indent: int, depth: int) -> None:
        assert shape.item is not None
        got = "hidden" if shape.personal else "describe"
        self.type_test(
            f"{x}.__class__ is not list and {x}.__class__ is not tuple", shape, x, path, got, indent
        )
        inner = indent + 4
        items, item, index, where, result, count = (
            f"{name}{depth}" for name in ("items", "y", "i", "p", "z", "n")
        )
        self.add(
            inner,
            f"{count} = len(errors)",
            f"{where} = {path}",
            f"{items} = []",
            f"for {index}, {item} in enumerate({x}):",
        )
        self.value(shape.item, item, f"({where}, {index})", result, inner + 4, depth + 1)
        self.add(inner + 4, f"if len(errors) == {count}:", f"    {items}.append({result})")
        self.add(inner, f"{target} = tuple({items})")
        after = _errors_of(shape)  # lengths, then uniqueness (the order of the markers)
        if after:  # lengths and uniqueness once every item is sound
            self.add(inner, f"if len(errors) == {count}:")
            for number, (rule, meta) in enumerate(after):
                keyword = "if" if number == 0 else "elif"
                self.add(inner + 4, f"{keyword} {self.test(rule, meta, target)}:")
                self.report(rule, meta, target, path, shape.base, "show", inner + 8)

    def vocabulary(
        self, cls: type[enum.Enum], x: str, path: str, target: str, got: str, indent: int
    ) -> None:
        message = self.bind(ENUM, "ENUM")
        codes = ", ".join(repr(member.value) for member in cls)
        if self.mode == "load":
            members = self.bind({member.value: member for member in cls}, "MEMBERS")
            self.add(
                indent,
                f"{target} = {members}.get({x}) if {x}.__class__ is str else None",
                f"if {target} is None:",
            )
        else:
            self.add(indent, f"{target} = {x}", f"if {x}.__class__ is not {self.bind(cls)}:")
        self.add(
            indent + 4,
            f"errors.append({message}.at(render({path}), codes={codes!r}, got={got}({x})))",
        )

    def decimal(self, shape: Shape, x: str, path: str, target: str, got: str, indent: int) -> None:
        if self.mode == "load":  # a decimal travels as a plain string: "120.5"
            self.add(indent, f"d = {self.bind(_decimal_text)}({x})")
            self.type_test("d is None", shape, x, path, got, indent)
            x = "d"
        else:
            test = f"{x}.__class__ is not {self.bind(Decimal)}"
            self.type_test(test, shape, x, path, got, indent)
        self.add(
            indent + 4,
            f"if not {x}.is_finite():",
            f"    errors.append({self.bind(NOT_FINITE)}.at(render({path}), got={got}({x})))",
            "else:",
        )
        self.rules(shape, x, path, indent + 8, Decimal)
        self.add(indent + 4, f"{target} = {x}")

    def load_nested(
        self, shape: Shape, x: str, path: str, target: str, got: str, indent: int
    ) -> None:
        assert self.loader_of is not None
        base = shape.base
        loader = self.bind(self.loader_of(base), "LOAD")
        if has_text_form(base):
            test = f"{x}.__class__ is not str"
        elif attrs.has(base):
            test = f"{x}.__class__ is not dict"
        else:
            raise TypeError(f"no wire form for {base!r}")  # pragma: no cover - a bug in a class
        self.type_test(test, shape, x, path, got, indent)
        self.add(indent + 4, f"{target} = {loader}({x}, {path}, errors)")
        self.after_value(shape, target, path, indent + 4)

    def check_instance(
        self, shape: Shape, x: str, path: str, target: str, got: str, indent: int
    ) -> None:
        classes = shape.members or (shape.base,)
        self.type_test(f"not isinstance({x}, {self.bind(classes)})", shape, x, path, got, indent)
        if pendulum.DateTime in classes:
            self.add(
                indent + 4,
                f"if isinstance({x}, {self.bind(pendulum.DateTime)}):",
                f"    {x} = {self.bind(_check_moment)}({x}, {path}, errors)",
            )
        self.add(indent + 4, f"{target} = {x}")
        self.after_value(shape, target, path, indent + 4)

    def after_value(self, shape: Shape, x: str, path: str, indent: int) -> None:
        """Rules on a whole record value (the kind of a reference), once it is sound."""
        rules = [
            (rule, meta)
            for rule, meta in _errors_of(shape)
            if not rule.after_items and rule.applies(shape.base)
        ]
        for rule, meta in rules:
            self.add(indent, f"if {x} is not BAD and {self.test(rule, meta, x)}:")
            self.report(rule, meta, x, path, shape.base, "show", indent + 4)


def _errors_of(shape: Shape) -> list[tuple[Rule, Any]]:
    """The rules of a shape that refuse a value, with their markers."""
    found = []
    for meta in shape.markers:
        rule = RULES.get(type(meta))
        if rule is not None and rule.test is not None and rule.severity is Severity.ERROR:
            found.append((rule, meta))
    return found


def _define(name: str, lines: list[str], names: dict[str, Any]) -> Callable[..., Any]:
    _COUNTER[0] += 1
    source = "\n".join(lines) + "\n"
    filename = f"<community_model generated {name} {_COUNTER[0]}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    namespace = dict(names)
    exec(compile(source, filename, "exec"), namespace)
    made: Callable[..., Any] = namespace["generated"]
    made.__name__ = made.__qualname__ = name
    return made


_COUNTER: Final = [0]


def _null_test(field: Field, code: _Source, target: str, indent: int) -> None:
    """The lines for a null value: allowed for an optional field, else a problem."""
    if field.shape.nullable:
        code.add(indent, f"{target} = None")
        return
    hint = " (leave it out to take the default)" if not field.required else ""
    step = repr("." + field.name)
    code.add(
        indent,
        f"errors.append({code.bind(NULL)}.at(render((path, {step})), hint={hint!r}))",
        f"{target} = None",
    )


def check_function(cls: type) -> Callable[[Any], list[Problem]]:
    """The construction check of ``cls``: every field, then the cross-field rules.

    It returns the problems found (none for a valid record) and sets normalised values into the
    record's slots.
    """
    code = _Source("check", None)
    code.add(0, "def generated(o):", "    errors = []", "    path = '$'")
    for field in fields_of(cls):
        name = field.name
        setter = code.bind(getattr(cls, name).__set__, f"SET_{name}")
        step = repr("." + name)
        code.add(4, f"x = w = o.{name}", "if x is None:")
        _null_test(field, code, "v", 8)
        code.add(4, "else:")
        code.value(field.shape, "w", f"(path, {step})", "v", 8)
        if _may_change(field.shape):
            code.add(8, "if not errors and v is not x:", f"    {setter}(o, v)")
    if hasattr(cls, "_rules"):
        code.add(4, "if not errors:", "    errors.extend(o._rules())")
    code.add(4, "return errors")
    return _define(f"check_{cls.__name__}", code.lines, code.names)


def _may_change(shape: Shape) -> bool:
    """Whether checking can replace a value (normalised text, a list made a tuple, a moment)."""
    return (
        shape.marker(Normalised) is not None
        or shape.item is not None
        or pendulum.DateTime in (shape.members or (shape.base,))
    )


def may_warn(cls: Any) -> bool:
    """Whether a record of ``cls`` can have warnings: its own, its fields', or its parts'."""
    if not attrs.has(cls):
        return False
    if cls not in _MAY_WARN:
        _MAY_WARN[cls] = False  # a class that holds itself warns only if it warns otherwise
        _MAY_WARN[cls] = hasattr(cls, "_warnings") or any(
            _warning_rules(field.shape) or may_warn(_part(field.shape)) for field in fields_of(cls)
        )
    return _MAY_WARN[cls]


_MAY_WARN: Final[dict[Any, bool]] = {}


def _warning_rules(shape: Shape) -> list[tuple[Rule, Any]]:
    found = []
    for meta in shape.markers:
        rule = RULES.get(type(meta))
        if rule is not None and rule.test is not None and rule.severity is not Severity.ERROR:
            found.append((rule, meta))
    return found


def _part(shape: Shape) -> Any:
    """The record class a field holds (alone or in a list), or ``None``.

    Whole records (a dataset's streets, anything with a ``record_kind``) are not parts: each
    warned when it was built, and ``Dataset.check`` lists their warnings under their paths.
    """
    inner = shape.item if shape.item is not None else shape
    base = inner.base
    if wire_form(base) not in ("record", "text") or hasattr(base, "record_kind"):
        return None
    return base


def warning_function(cls: type) -> Callable[[Any], list[Problem]] | None:
    """The warnings of a valid record of ``cls`` from the rule table (``Plausible`` bounds),
    then those of the records it holds (a division code's), each under its path.

    ``None`` when no field of the class can warn.
    """
    code = _Source("check", None)
    code.sink = "found"
    code.add(0, "def generated(o):", "    found = []", "    path = '$'")
    count = 0
    for field in fields_of(cls):
        step = repr("." + field.name)
        for rule, meta in _warning_rules(field.shape):
            count += 1
            code.add(
                4, f"x = o.{field.name}", f"if x is not None and {code.test(rule, meta, 'x')}:"
            )
            code.report(rule, meta, "x", f"(path, {step})", field.shape.base, "show", 8)
        part = _part(field.shape)
        if part is None or not may_warn(part):
            continue
        count += 1
        where = f"$.{field.name}"
        if field.shape.item is not None:
            code.add(
                4,
                f"for i, x in enumerate(o.{field.name}):",
                f"    found.extend(w.under({where + '['!r} + str(i) + ']') for w in x.warnings())",
            )
        else:
            code.add(
                4,
                f"x = o.{field.name}",
                "if x is not None:",
                f"    found.extend(w.under({where!r}) for w in x.warnings())",
            )
    if not count:
        return None
    code.add(4, "return found")
    return _define(f"warnings_{cls.__name__}", code.lines, code.names)


class Generator:
    """Writes loader and dumper functions for record classes.

    ``loader_of`` and ``dumper_of`` give the functions of the types a record holds (other
    records, value types read from their text), so that each type is compiled once.
    """

    def __init__(
        self,
        *,
        strict: bool,
        loader_of: Callable[[Any], Callable[[Any, Any, list[Problem]], Any]],
        dumper_of: Callable[[Any], Callable[[Any], Any]],
    ) -> None:
        self.strict = strict
        self.loader_of = loader_of
        self.dumper_of = dumper_of

    # Loading ----------------------------------------------------------------------------------

    def loader(self, cls: type, ignore: str = "") -> Callable[..., Any]:
        """The loader of ``cls``; ``ignore`` names one key that is not a field (a tag)."""
        code = _Source("load", self.loader_of)
        fields = fields_of(cls)
        owner = cls.__name__
        known = frozenset(f.name for f in fields) | ({ignore} if ignore else frozenset())
        code.add(
            0,
            "def generated(raw, path, errors):",
            "    if raw.__class__ is not dict:",
            f"        errors.append({code.bind(NOT_OBJECT)}.at(render(path), owner={owner!r}, "
            "got=describe(raw)))",
            "        return BAD",
            "    before = len(errors)",
            "    present = 0",
            "    get = raw.get",
        )
        for field in fields:
            name = field.name
            default = code.bind(field.default if not field.required else None, f"D_{name}")
            step = repr("." + name)
            code.add(4, f"x = get({name!r}, ABSENT)", "if x is ABSENT:")
            # a tag (``"unknown": true``) is what tells the record on the wire: never implied
            if field.required or name == getattr(cls, "_wire_tag", None):
                code.add(
                    8,
                    f"errors.append({code.bind(MISSING)}.at(render((path, {step})), "
                    f"owner={owner!r}))",
                )
            code.add(8, f"v_{name} = {default}")
            code.add(4, "elif x is None:", "    present += 1")
            _null_test(field, code, f"v_{name}", 8)
            code.add(4, "else:", "    present += 1")
            code.value(field.shape, "x", f"(path, {step})", f"v_{name}", 8)
        if ignore:
            code.add(4, f"if {ignore!r} in raw:", "    present += 1")
        if self.strict:
            unknown = code.bind(_unknown_keys)
            code.add(
                4,
                "if present != len(raw):",
                f"    {unknown}(raw, path, {code.bind(known)}, {owner!r}, errors)",
            )
        code.add(
            4,
            "if len(errors) != before:",
            "    return BAD",
            f"obj = {code.bind(object.__new__)}({code.bind(cls)})",
        )
        for field in attrs.fields(typing.cast(Any, cls)):
            setter = code.bind(getattr(cls, field.name).__set__, f"SET_{field.name}")
            if field.init:
                code.add(4, f"{setter}(obj, v_{field.name})")
            else:  # caches start empty
                code.add(4, f"{setter}(obj, {code.bind(field.default)})")
        if hasattr(cls, "_rules"):
            code.add(
                4,
                "broken = [found.under(render(path)) for found in obj._rules()]",
                "if broken:",
                "    errors.extend(broken)",
                "    return BAD",
            )
        code.add(4, "return obj")
        return _define(f"load_{cls.__name__}", code.lines, code.names)

    # Dumping ----------------------------------------------------------------------------------

    def dumper(self, cls: type) -> Callable[[Any], dict[str, Any]]:
        """The dumper of ``cls``: a dict of the set fields, ``sources`` last."""
        names: dict[str, Any] = {}
        fields = {field.name: field for field in fields_of(cls)}
        order = list(fields)
        if "sources" in order:
            order.remove("sources")
            order.append("sources")
        # Fields always present open the dict as one literal; the rest are added when set.
        always: list[str] = []
        rest: list[str] = []
        for name in order:
            shape = fields[name].shape
            is_list = typing.get_origin(shape.base) is tuple
            present = not shape.nullable and (not is_list or fields[name].required)
            if present and not rest:
                always.append(name)
            else:
                rest.append(name)
        lines = ["def generated(o):"]
        literal = ", ".join(
            f"{name!r}: {self._dump_expression(fields[name].shape, f'o.{name}', names)}"
            for name in always
        )
        lines.append(f"    d = {{{literal}}}")
        for name in rest:
            shape = fields[name].shape
            expression = self._dump_expression(shape, "v", names)
            lines.append(f"    v = o.{name}")
            if typing.get_origin(shape.base) is tuple:
                lines += ["    if v:", f"        d[{name!r}] = {expression}"]
            elif shape.nullable:
                lines += ["    if v is not None:", f"        d[{name!r}] = {expression}"]
            else:
                lines.append(f"    d[{name!r}] = {expression}")
        lines.append("    return d")
        return _define(f"dump_{cls.__name__}", lines, names)

    def _dump_expression(self, shape: Shape, v: str, names: dict[str, Any]) -> str:
        if shape.unknown is not None:
            unknown, dump = f"UNKNOWN_{len(names)}", f"DUMP_{len(names)}"
            names[unknown], names[dump] = shape.unknown, self.dumper_of(shape.unknown)
            known = self._dump_expression(attrs.evolve(shape, unknown=None), v, names)
            return f"({dump}({v}) if {v}.__class__ is {unknown} else {known})"
        base = shape.base
        if typing.get_origin(base) is tuple:
            assert shape.item is not None
            item = self._dump_expression(shape.item, "w", names)
            return f"list({v})" if item == "w" else f"[{item} for w in {v}]"
        if base is str or base is int or base is bool:
            return v
        if isinstance(base, type) and issubclass(base, enum.Enum):
            return f"{v}._value_"  # a plain attribute: Enum.value is a slow descriptor
        if base is Decimal:
            return f"format({v}, 'f')"
        if has_text_form(base):
            return f"{v}.format()"  # a value type written as its text
        if attrs.has(base):
            flat = _flat_fields(base)
            if flat is not None:
                parts = ", ".join(
                    f"{name!r}: {v}.{name}{'._value_' if is_enum else ''}" for name, is_enum in flat
                )
                return "{" + parts + "}"
        key = f"DUMP_{len(names)}"
        names[key] = self.dumper_of(base)
        return f"{key}({v})"


def _unknown_keys(
    raw: dict[str, Any], path: Any, names: frozenset[str], owner: str, errors: list[Problem]
) -> None:
    where = render(path)
    for key in raw:
        if key not in names:
            errors.append(
                UNKNOWN_FIELD.at(where + key_step(key), key=key, owner=owner, remedy=LENIENT_REMEDY)
            )


def _flat_fields(cls: type) -> list[tuple[str, bool]] | None:
    """Fields of a small class whose dump is a plain dict literal: required scalars and codes."""
    found = []
    for field in fields_of(cls):
        base = field.shape.base
        is_enum = isinstance(base, type) and issubclass(base, enum.Enum)
        if field.shape.nullable or not (is_enum or base in (str, int, bool)):
            return None
        found.append((field.name, is_enum))
    return found if len(found) <= 4 else None
