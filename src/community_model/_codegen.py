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
import re
import typing
import unicodedata
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Final, Literal

import annotated_types as at
import attrs
import pendulum

from community_model._errors import Problem, Severity, ValidationError
from community_model._messages import (
    ENUM,
    ENUM_TEXT,
    MISSING,
    NAIVE,
    NOT_FINITE,
    NOT_OBJECT,
    NULL,
    OFFSET,
    TYPE,
    TYPE_REMEDY,
    UNKNOWN_FIELD,
)
from community_model._rules import (
    LENIENT_REMEDY,
    RULES,
    Field,
    Normalised,
    Rule,
    Shape,
    describe,
    fields_of,
    hidden,
    member_params,
    render,
    show,
)
from community_model._runtime import Kept

__all__ = [
    "ABSENT",
    "BAD",
    "Generator",
    "check_function",
    "expected_text",
    "has_text_form",
    "hides",
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


def hides(shape: Shape) -> bool:
    """Whether messages hide a value of this shape: a personal field, or a value written as
    text that is all personal (a ResidentId: its text is its personal number)."""
    if shape.personal:
        return True
    base = shape.base
    return has_text_form(base) and any(field.shape.personal for field in fields_of(base))


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
        self,
        shape: Shape,
        x: str,
        path: str,
        target: str,
        indent: int,
        depth: int = 0,
        *,
        unique: bool = False,
    ) -> None:
        """Lines that check ``x`` (at ``path``, a source expression) and set ``target``.

        ``target`` is left unset when a problem is found (the caller checks the problem count).
        An explicit unknown, where the field takes one, is taken as it is: rules apply to values.
        ``unique``: texts of this field do not repeat (a record's own id): no memo of them.
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
        got = "hidden" if hides(shape) else "describe"
        if base is str or base is int or base is bool:
            self.type_test(f"{x}.__class__ is not {base.__name__}", shape, x, path, got, indent)
            memo = self.text_memo(shape, x, indent + 4) if base is str and not unique else None
            self.rules(shape, x, path, indent + 4 + 4 * (memo is not None), base, memo)
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

    def text_memo(self, shape: Shape, x: str, indent: int) -> str | None:
        """When loading text that rules apply to: lines that take the text an equal input gave
        before from a memo (then the rules are not run again), and the memo's name; ``None``
        where there is nothing to save, or the text is personal (kept in no memo).

        The checks are a function of the text alone, real data repeats its texts (services,
        venues, ids of the records referred to), and only a text that passed every rule is
        kept, with the text it became (stripped, in NFC). Long texts (descriptions) rarely
        repeat: fields that allow more than :data:`TEXT_MEMO_FIELD_LENGTH` characters have no
        memo, and only texts of at most :data:`TEXT_MEMO_LENGTH` are kept, at most
        :data:`TEXT_MEMO_SIZE` per field (the memo is emptied when full).
        """
        longest = shape.marker(at.MaxLen)
        if (
            self.mode != "load"
            or hides(shape)
            or longest is None
            or longest.max_length > TEXT_MEMO_FIELD_LENGTH
        ):
            return None
        memo = self.bind(Memo(), "TEXT")
        self.add(
            indent,
            f"k = {memo}.get({x})",
            "if k is not None:",
            f"    {x} = k",
            "else:",
            f"    k = {x}",
        )
        return memo

    def rules(
        self, shape: Shape, x: str, path: str, indent: int, base: Any, memo: str | None = None
    ) -> None:
        """The rule table's tests on a value of the right type: the first broken one reports.

        ``memo``: the text passed every test; keep it under the input ``k`` (see ``text_memo``).
        """
        show_name = "hidden" if hides(shape) else "show"
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
        if memo is not None:
            self.add(indent, *(["else:"] if branches else []))
            inner = indent + 4 if branches else indent
            self.add(
                inner,
                f"if len(k) <= {TEXT_MEMO_LENGTH}:",
                f"    if len({memo}) >= {TEXT_MEMO_SIZE}:",
                f"        {memo}.clear()",
                f"    {memo}[k] = {x}",
            )
        elif not branches:
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
        got = "hidden" if hides(shape) else "describe"
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
            f"{result} = BAD",
            f"for {index}, {item} in enumerate({x}):",
        )
        # Every item is kept, a refused one as the item before it (or BAD): with a problem
        # among them the record is refused and the list never used; no test per item.
        self.value(shape.item, item, f"({where}, {index})", result, inner + 4, depth + 1)
        self.add(inner + 4, f"{items}.append({result})")
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
            hint = self.bind(ENUM_TEXT, "ENUM_TEXT")
            params = f"**{self.bind(member_params)}({self.bind(cls)}, {x})"
            self.add(
                indent + 4,
                f"if {x}.__class__ is str:",
                f"    errors.append({hint}.at(render({path}), got={got}({x}), {params}))",
                "else:",
            )
            indent += 4
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
        parse = getattr(self.loader_of(base), "parse_text", None)
        if parse is not None:  # a value's text, read here (cached) rather than by a call
            refuse = self.bind(self.loader_of(base).refuse, "REFUSE")
            self.add(
                indent + 4,
                "try:",
                f"    {target} = {self.bind(parse, 'PARSE')}({x})",
                f"except {self.bind(ValidationError, 'INVALID')} as error:",
                f"    {target} = {refuse}(error, {path}, errors)",
            )
        else:
            self.add(indent + 4, f"{target} = {loader}({x}, {path}, errors)")
        self.after_value(shape, target, path, indent + 4)

    def check_instance(
        self, shape: Shape, x: str, path: str, target: str, got: str, indent: int
    ) -> None:
        classes = shape.members or (shape.base,)
        remedy = getattr(shape.base, "_remedy", None) if not shape.members else None
        if remedy is not None:  # a plain value where a value type is needed: say how to make it
            hint = f"{self.bind(remedy)}({x})"
            message = self.bind(TYPE_REMEDY, "TYPE_REMEDY")
            expected = _class_text(shape.base)
            self.add(
                indent,
                f"if not isinstance({x}, {self.bind(classes)}) and {hint} is not None:",
                f"    errors.append({message}.at(render({path}), expected={expected!r}, "
                f"got={got}({x}), remedy={hint}))",
                "else:",
            )
            indent += 4
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


#: Whether each class may warn, worked out once (a ``Kept``: ``forget_worked_out`` empties it).
_MAY_WARN: Final[Kept[Any, bool]] = Kept()


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
        dumper_of: Callable[..., Callable[[Any], Any]],
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
        memo = self._memo(cls, code) if not ignore else None
        for number, field in enumerate(fields):
            name = field.name
            default = code.bind(field.default if not field.required else None, f"D_{name}")
            step = repr("." + name)
            # the memo's lines have read every field already (m0, m1 ...)
            read = f"m{number}" if memo is not None else f"get({name!r}, ABSENT)"
            code.add(4, f"x = {read}", "if x is ABSENT:")
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
            # a record of a kind (an entity) is the only one with its id
            own_id = name == "id" and getattr(cls, "record_kind", None) is not None
            code.value(field.shape, "x", f"(path, {step})", f"v_{name}", 8, unique=own_id)
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
                "for found in obj._rules():",
                "    errors.append(found.under(render(path)))",
                "if len(errors) != before:",
                "    return BAD",
            )
        if memo is not None:
            code.add(
                4,
                "if key is not None:",
                f"    if len({memo}) >= {MEMO_SIZE}:",
                f"        {memo}.clear()",
                f"    {memo}[key] = obj",
            )
        code.add(4, "return obj")
        return _define(f"load_{cls.__name__}", code.lines, code.names)

    def _memo(self, cls: type, code: _Source) -> str | None:
        """For a record whose every field is a string, a number or true/false on the wire (a
        reference, a count, a source): lines that give back the record an equal input made
        before, and the name of the memo; ``None`` for other records.

        Records are immutable, real data repeats them (the same organiser, the same count of
        people) and the loader is a function of its input alone, so an input of the same keys
        with values of the same types gives the same record (types are compared too: ``1`` and
        ``true`` are equal keys of a dict, not equal inputs). Inputs with a null, a key that is
        not a field or any other type are read in full. The memo holds at most
        :data:`MEMO_SIZE` records and is emptied when full.
        """
        kinds = []
        for field in fields_of(cls):
            kind = _scalar_on_the_wire(field.shape)
            if kind is None:
                return None
            kinds.append((field, kind))
        memo = code.bind(Memo(), "MEMO")
        tests = []
        count = [str(sum(1 for field, _ in kinds if field.required))]
        for number, (field, kind) in enumerate(kinds):
            m = f"m{number}"
            code.add(4, f"{m} = get({field.name!r}, ABSENT)")
            if field.required:
                tests.append(f"{m}.__class__ is {kind}")
            else:
                tests.append(f"({m}.__class__ is {kind} or {m} is ABSENT)")
                count.append(f"({m} is not ABSENT)")
        values = ", ".join(f"m{number}" for number in range(len(kinds)))
        code.add(
            4,
            f"if {' and '.join(tests)} and len(raw) == {' + '.join(count)}:",
            f"    key = ({values},)",
            f"    found = {memo}.get(key)",
            "    if found is not None:",
            "        return found",
            "else:",
            "    key = None",
        )
        return memo

    # Dumping ----------------------------------------------------------------------------------

    def dumper(
        self, cls: type, *, wire: bool = False, tag: str | None = None
    ) -> Callable[[Any], dict[str, Any]]:
        """The dumper of ``cls``: a dict of the set fields, ``sources`` last.

        Plain (``wire=False``): JSON-ready Python data, lists and strings only (``to_dict``).
        ``wire=True``: data for orjson alone, which writes the same bytes from less work:
        vocabulary members (``StrEnum``: orjson writes their code) and tuples are handed over as
        they are. ``tag`` opens the dict with ``"type": tag`` (a line of JSON Lines).
        """
        writer = _DumpWriter(self, wire)
        body = writer.record(cls, "o", "d", 4, tag)
        return _define(
            f"dump_{cls.__name__}", ["def generated(o):", *body, "    return d"], writer.names
        )


class _DumpWriter:
    """The lines of one dumper: small records inlined, value types' text read inline."""

    #: How deep records are inlined into their holder's dumper (deeper ones are called).
    INLINE_DEPTH: Final = 3

    def __init__(self, generator: Generator, wire: bool) -> None:
        self.generator = generator
        self.wire = wire
        self.names: dict[str, Any] = {}
        self._count = 0

    def bind(self, value: Any, hint: str) -> str:
        self._count += 1
        name = f"{hint}_{self._count}"
        self.names[name] = value
        return name

    def local(self, hint: str) -> str:
        self._count += 1
        return f"{hint}{self._count}"

    def called(self, cls: Any) -> Callable[[Any], Any]:
        """The compiled dumper of a type this one calls (plain or wire, as this one is)."""
        return self.generator.dumper_of(cls, wire=self.wire)

    def record(
        self, cls: type, src: str, dst: str, indent: int, tag: str | None = None, depth: int = 0
    ) -> list[str]:
        """Lines that set ``dst`` to the dict of the record in the local ``src``."""
        fields = {field.name: field for field in fields_of(cls)}
        order = list(fields)
        if "sources" in order:
            order.remove("sources")
            order.append("sources")
        pad = " " * indent
        # Fields always present open the dict as one literal; the rest are added when set.
        before: list[str] = []
        literal: list[str] = [f"'type': {tag!r}"] if tag is not None else []
        after: list[str] = []
        opened = False
        for name in order:
            field = fields[name]
            shape = field.shape
            is_list = typing.get_origin(shape.base) is tuple
            present = not shape.nullable and (not is_list or field.required)
            x = self.local("x")
            if present:
                lines, expression = self.value(shape, x, indent, depth)
                target = before if not opened else after
                if lines or len(re.findall(rf"\b{x}\b", expression)) != 1:
                    target += [f"{pad}{x} = {src}.{name}", *lines]
                else:  # the value is read once: read it in place
                    expression = re.sub(rf"\b{x}\b", f"{src}.{name}", expression)
                if not opened:
                    literal.append(f"{name!r}: {expression}")
                else:
                    after.append(f"{pad}{dst}[{name!r}] = {expression}")
                continue
            opened = True
            lines, expression = self.value(shape, x, indent + 4, depth)
            test = f"if {x}:" if is_list else f"if {x} is not None:"
            after += [f"{pad}{x} = {src}.{name}", f"{pad}{test}", *lines]
            after.append(f"{pad}    {dst}[{name!r}] = {expression}")
        return [*before, f"{pad}{dst} = {{{', '.join(literal)}}}", *after]

    def value(self, shape: Shape, x: str, indent: int, depth: int) -> tuple[list[str], str]:
        """Lines to run first (at ``indent``), and the expression of the value in the local
        ``x`` (never None)."""
        pad = " " * indent
        if shape.unknown is not None:
            unknown = self.bind(shape.unknown, "UNKNOWN")
            dump = self.bind(self.called(shape.unknown), "DUMP")
            lines, known = self.value(attrs.evolve(shape, unknown=None), x, indent + 4, depth)
            if not lines:
                return [], f"({dump}({x}) if {x}.__class__ is {unknown} else {known})"
            e = self.local("e")
            return [
                f"{pad}if {x}.__class__ is {unknown}:",
                f"{pad}    {e} = {dump}({x})",
                f"{pad}else:",
                *lines,
                f"{pad}    {e} = {known}",
            ], e
        base = shape.base
        if typing.get_origin(base) is tuple:
            assert shape.item is not None
            return self.items(shape.item, x, indent, depth)
        if base is str or base is int or base is bool:
            return [], x
        if isinstance(base, type) and issubclass(base, enum.Enum):
            # orjson writes a StrEnum member as its code; plain data gets the code itself
            # (a plain attribute: Enum.value is a slow descriptor)
            return [], x if self.wire and issubclass(base, str) else f"{x}._value_"
        if base is Decimal:
            return [], f"format({x}, 'f')"
        if has_text_form(base):
            field = getattr(base, "_text_field", None)
            if field is not None:  # the text is a field of the value (a code as written)
                return [], f"{x}.{field}"
            if _keeps_text(base):  # the text once made is kept: read it inline
                return [], f"({x}._text or {x}.format())"
            return [], f"{x}.format()"
        if attrs.has(base):
            flat = _flat_fields(base)
            if flat is not None:
                return [], self.flat(flat, x)
            if depth < self.INLINE_DEPTH and not _holds_records(base):
                e = self.local("e")
                return self.record(base, x, e, indent, None, depth + 1), e
        return [], f"{self.bind(self.called(base), 'DUMP')}({x})"

    def flat(self, flat: list[tuple[str, bool]], x: str) -> str:
        parts = ", ".join(
            f"{name!r}: {x}.{name}{'._value_' if is_enum and not self.wire else ''}"
            for name, is_enum in flat
        )
        return "{" + parts + "}"

    def items(self, item: Shape, x: str, indent: int, depth: int) -> tuple[list[str], str]:
        """A list's items: the tuple itself where orjson writes it as it is; else a loop (lists
        are short: a loop costs less than a comprehension, a function of its own)."""
        w = self.local("w")
        lines, expression = self.value(item, w, indent + 4, depth + 1)
        if not lines and expression == w:
            return [], x if self.wire else f"list({x})"
        pad = " " * indent
        found = self.local("l")
        return [
            f"{pad}{found} = []",
            f"{pad}for {w} in {x}:",
            *lines,
            f"{pad}    {found}.append({expression})",
        ], found


def _keeps_text(cls: type) -> bool:
    """Whether a value type keeps its text once made (a ``_text`` field that ``format`` fills)."""
    return attrs.has(cls) and any(field.name == "_text" for field in attrs.fields(cls))


def _holds_records(cls: type) -> bool:
    """Whether a record holds other records or lists (then it is not inlined in its holder)."""
    for field in fields_of(cls):
        base = field.shape.base
        if typing.get_origin(base) is tuple or field.shape.unknown is not None:
            return True
        if attrs.has(base) and not has_text_form(base):
            return True
    return False


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


class Memo(Kept[Any, Any]):
    """Records already loaded, by their input's values (see ``Generator._memo``); elsewhere,
    what is already worked out, by its input (the Arrow columns of a time, by its text).

    ``cache_clear`` empties it, as it empties ``functools.lru_cache`` parse caches: benchmarks
    of cold loading (and of a first conversion to Arrow) empty every cache of the library
    before each run.
    """


#: The most records one memo holds.
MEMO_SIZE: Final = 4096
#: The most texts the memo of one field holds; the longest text kept; the longest a field may
#: allow for it to have a memo (see ``_Source.text_memo``).
TEXT_MEMO_SIZE: Final = 1024
TEXT_MEMO_LENGTH: Final = 64
TEXT_MEMO_FIELD_LENGTH: Final = 500


def _scalar_on_the_wire(shape: Shape) -> str | None:
    """The class of a field's value on the wire when it is a string, an integer or a boolean
    (text, codes, value types written as text, decimals written as strings); else ``None``."""
    if shape.unknown is not None or shape.item is not None or shape.members:
        return None
    base = shape.base
    if base is int or base is bool:
        return base.__name__
    if base is str or base is Decimal or has_text_form(base):
        return "str"
    if isinstance(base, type) and issubclass(base, enum.Enum) and issubclass(base, str):
        return "str"
    return None
