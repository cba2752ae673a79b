"""Validation on construction, driven by the classes' own annotations.

A field's rules live in its type: ``Annotated[str, Normalised(), MinLen(1), MaxLen(100)]``. One
engine reads them to check an instance (here), to write the JSON Schema and to build hypothesis
strategies, so the three can never disagree. attrs validators stop at the first failure; this
engine checks every field and reports every problem in one :class:`ValidationError`, each at its
JSON path. Checkers are compiled once per class, on first use.
"""

from __future__ import annotations

import enum
import re
import types
import typing
import unicodedata
import warnings
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Annotated, Any, Final, Union

import annotated_types as at
import attrs
import pendulum

from community_model._errors import DomainWarning, Problem, Severity, ValidationError

__all__ = [
    "CONTROL_CHARACTERS",
    "Id",
    "LongText",
    "Matches",
    "Name",
    "Normalised",
    "Personal",
    "Record",
    "ShortText",
    "Title",
    "Year",
    "field_types",
    "fmt",
    "has_marker",
    "hidden",
    "personal_fields",
    "problem",
    "wire_fields",
]


@attrs.frozen
class Normalised:
    """Text is stripped and put in Unicode NFC; control characters are refused."""


@attrs.frozen
class Personal:
    """The field holds personal information (PIPL): redact it before a record leaves its owner."""


@attrs.frozen
class Matches:
    """Text must match ``pattern`` (a full match); ``rule`` says the rule in words."""

    pattern: str
    rule: str

    @property
    def regex(self) -> re.Pattern[str]:
        return _compiled(self.pattern)


_REGEX_CACHE: dict[str, re.Pattern[str]] = {}


def _compiled(pattern: str) -> re.Pattern[str]:
    regex = _REGEX_CACHE.get(pattern)
    if regex is None:
        regex = _REGEX_CACHE[pattern] = re.compile(pattern)
    return regex


#: Characters text may not hold: control characters and lone surrogates (which no UTF-8 file can
#: hold). A regex character class body; the JSON Schema uses it too.
CONTROL_CHARACTERS: Final = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff"
_CONTROL: Final = re.compile(f"[{CONTROL_CHARACTERS}]")

Id = Annotated[
    str,
    at.MinLen(1),
    at.MaxLen(128),
    Matches(f"[^\\s{CONTROL_CHARACTERS}]+", "free of whitespace and control characters"),
]
Name = Annotated[str, Normalised(), at.MinLen(1), at.MaxLen(100)]
Title = Annotated[str, Normalised(), at.MinLen(1), at.MaxLen(200)]
ShortText = Annotated[str, Normalised(), at.MinLen(1), at.MaxLen(500)]
LongText = Annotated[str, Normalised(), at.MinLen(1), at.MaxLen(10_000)]
Year = Annotated[int, at.Ge(1949), at.Le(2200)]


def fmt(value: object) -> str:
    """A value as a message shows it: short, and quoted like Python does."""
    text = repr(value.value if isinstance(value, enum.Enum) else value)
    return text if len(text) <= 60 else text[:57] + "..."


def problem(path: str, code: str, message: str) -> Problem:
    """An error at ``path``."""
    return Problem(path=path, code=code, message=message)


def field_name(path: str) -> str:
    """The last name in a path, as messages quote it: ``$.a.b[2]`` gives ``'b[2]'``."""
    return "'" + re.split(r"\.", path)[-1] + "'"


# A checker takes a value and its path, appends what is wrong to ``errors`` and returns the value
# to store (normalised text, a tuple for a list), or the value unchanged.
Checker = Callable[[Any, str, list[Problem]], Any]


def _type_name(tp: Any) -> str:
    if tp is type(None):
        return "null"
    if isinstance(tp, type):
        if tp is pendulum.DateTime:
            return "a pendulum.DateTime"
        return {"str": "a string", "int": "an integer", "bool": "a boolean"}.get(
            tp.__name__, f"a {tp.__name__}"
        )
    return str(tp)


def _check_str(value: Any, path: str, errors: list[Problem]) -> Any:
    if type(value) is not str:
        errors.append(
            problem(path, "type", f"{field_name(path)} must be a string (got {fmt(value)})")
        )
    return value


def _check_int(value: Any, path: str, errors: list[Problem]) -> Any:
    if type(value) is not int:
        errors.append(
            problem(path, "type", f"{field_name(path)} must be an integer (got {fmt(value)})")
        )
    return value


def _check_bool(value: Any, path: str, errors: list[Problem]) -> Any:
    if type(value) is not bool:
        errors.append(
            problem(path, "type", f"{field_name(path)} must be true or false (got {fmt(value)})")
        )
    return value


def _check_decimal(value: Any, path: str, errors: list[Problem]) -> Any:
    if type(value) is not Decimal:
        errors.append(
            problem(path, "type", f"{field_name(path)} must be a Decimal (got {fmt(value)})")
        )
    elif not value.is_finite():
        errors.append(
            problem(path, "not_finite", f"{field_name(path)} must be finite (got {fmt(value)})")
        )
    return value


def _check_datetime(value: Any, path: str, errors: list[Problem]) -> Any:
    if not isinstance(value, pendulum.DateTime):
        errors.append(
            problem(
                path,
                "type",
                f"{field_name(path)} must be a pendulum.DateTime (got {fmt(value)})",
            )
        )
    elif value.tzinfo is None or value.utcoffset() is None:
        errors.append(
            problem(
                path,
                "naive_datetime",
                f"{field_name(path)} must carry a time zone (got naive {value.isoformat()})",
            )
        )
    else:
        seconds = value.utcoffset().total_seconds()  # type: ignore[union-attr]
        if seconds % 60:
            errors.append(
                problem(
                    path,
                    "offset",
                    f"{field_name(path)} must have a UTC offset of whole minutes, as ISO 8601 "
                    f"writes it (got {value.isoformat()}, a local mean time)",
                )
            )
        elif type(value.tzinfo) is not pendulum.FixedTimezone:
            # A moment travels as its offset; held the same way, it compares equal after a
            # round trip even in the hour that summer time repeated (1986-1991 in Beijing).
            value = value.replace(tzinfo=pendulum.FixedTimezone(int(seconds)), fold=0)
    return value


def _enum_checker(cls: type[enum.Enum]) -> Checker:
    codes = ", ".join(repr(member.value) for member in cls)

    def check(value: Any, path: str, errors: list[Problem]) -> Any:
        if type(value) is not cls:
            errors.append(
                problem(
                    path,
                    "enum",
                    f"{field_name(path)} must be one of {codes} (got {fmt(value)})",
                )
            )
        return value

    return check


def _instance_checker(classes: tuple[type, ...]) -> Checker:
    names = " or ".join(_type_name(cls) for cls in classes)

    def check(value: Any, path: str, errors: list[Problem]) -> Any:
        if not isinstance(value, classes):
            errors.append(
                problem(path, "type", f"{field_name(path)} must be {names} (got {fmt(value)})")
            )
        return value

    return check


def _union_checker(members: tuple[Any, ...]) -> Checker:
    """One of several classes: the value's own class picks the checker that applies."""
    choices = tuple((member, compile_checker(member)) for member in members)
    fallback = _instance_checker(members)

    def check(value: Any, path: str, errors: list[Problem]) -> Any:
        for member, member_check in choices:
            if isinstance(value, member):
                return member_check(value, path, errors)
        return fallback(value, path, errors)

    return check


def _optional_checker(inner: Checker) -> Checker:
    def check(value: Any, path: str, errors: list[Problem]) -> Any:
        return value if value is None else inner(value, path, errors)

    return check


def _tuple_checker(inner: Checker) -> Checker:
    def check(value: Any, path: str, errors: list[Problem]) -> Any:
        if type(value) is list:
            value = tuple(value)
        elif type(value) is not tuple:
            errors.append(
                problem(
                    path,
                    "type",
                    f"{field_name(path)} must be a tuple or list (got {fmt(value)})",
                )
            )
            return value
        items = [inner(item, f"{path}[{index}]", errors) for index, item in enumerate(value)]
        if any(new is not old for new, old in zip(items, value, strict=True)):
            return tuple(items)
        return value

    return check


def _normalise_text(value: Any, path: str, errors: list[Problem]) -> Any:
    if type(value) is not str:
        return value
    text = value.strip()
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    bad = _CONTROL.search(text)
    if bad:
        errors.append(
            problem(
                path,
                "control_character",
                f"{field_name(path)} must not contain control characters or lone surrogates "
                f"(got {bad.group()!r} at position {bad.start()})",
            )
        )
    return text if text != value else value


def _unit_word(value: object, count: int) -> str:
    word = "character" if isinstance(value, str) else "item"
    return word if count == 1 else word + "s"


def hidden(value: object) -> str:
    """A personal value as messages show it: its length, never its content."""
    size = len(value) if isinstance(value, str) else 0
    return f"{size} characters, not shown: personal data"


def _constraint_checker(meta: object, personal: bool = False) -> Checker | None:
    if isinstance(meta, Normalised):
        return _normalise_text
    if isinstance(meta, Personal):
        return None
    if isinstance(meta, at.MinLen):
        least = meta.min_length

        def min_len(value: Any, path: str, errors: list[Problem]) -> Any:
            if len(value) < least:
                what = _unit_word(value, least)
                code = "empty" if least == 1 else "too_short"
                errors.append(
                    problem(
                        path,
                        code,
                        f"{field_name(path)} must have at least {least} {what} (got {len(value)})",
                    )
                )
            return value

        return min_len
    if isinstance(meta, at.MaxLen):
        most = meta.max_length

        def max_len(value: Any, path: str, errors: list[Problem]) -> Any:
            if len(value) > most:
                what = _unit_word(value, most)
                errors.append(
                    problem(
                        path,
                        "too_long",
                        f"{field_name(path)} must have at most {most} {what} (got {len(value)})",
                    )
                )
            return value

        return max_len
    if isinstance(meta, at.Ge):
        floor: Any = meta.ge

        def ge(value: Any, path: str, errors: list[Problem]) -> Any:
            if value < floor:
                errors.append(
                    problem(
                        path, "too_small", f"{field_name(path)} must be >= {floor} (got {value})"
                    )
                )
            return value

        return ge
    if isinstance(meta, at.Le):
        ceiling: Any = meta.le

        def le(value: Any, path: str, errors: list[Problem]) -> Any:
            if value > ceiling:
                errors.append(
                    problem(
                        path, "too_large", f"{field_name(path)} must be <= {ceiling} (got {value})"
                    )
                )
            return value

        return le
    if isinstance(meta, Matches):
        regex, rule = meta.regex, meta.rule

        def matches(value: Any, path: str, errors: list[Problem]) -> Any:
            if regex.fullmatch(value) is None:
                got = hidden(value) if personal else fmt(value)
                errors.append(
                    problem(path, "pattern", f"{field_name(path)} must be {rule} (got {got})")
                )
            return value

        return matches
    return None


def compile_checker(tp: Any) -> Checker:
    """The checker of a field annotated ``tp``."""
    origin = typing.get_origin(tp)
    if origin is Annotated:
        base, *metadata = typing.get_args(tp)
        base_check = compile_checker(base)
        personal = any(isinstance(meta, Personal) for meta in metadata)
        steps = [
            check
            for check in (_constraint_checker(meta, personal) for meta in metadata)
            if check is not None
        ]
        normalise = [s for s in steps if s is _normalise_text]
        rules = [s for s in steps if s is not _normalise_text]

        def annotated(value: Any, path: str, errors: list[Problem]) -> Any:
            before = len(errors)
            for step in normalise:
                value = step(value, path, errors)
            value = base_check(value, path, errors)
            for rule in rules:  # after the first broken rule, the rest would only repeat it
                if len(errors) != before:
                    break
                rule(value, path, errors)
            return value

        return annotated
    if origin in (Union, types.UnionType):
        members = typing.get_args(tp)
        rest = tuple(m for m in members if m is not type(None))
        inner = compile_checker(rest[0]) if len(rest) == 1 else _union_checker(rest)
        return _optional_checker(inner) if len(rest) < len(members) else inner
    if origin is tuple:
        item, _ellipsis = typing.get_args(tp)
        return _tuple_checker(compile_checker(item))
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return _enum_checker(tp)
    simple: dict[Any, Checker] = {
        str: _check_str,
        int: _check_int,
        bool: _check_bool,
        Decimal: _check_decimal,
        pendulum.DateTime: _check_datetime,
    }
    if tp in simple:
        return simple[tp]
    if isinstance(tp, type):
        return _instance_checker((tp,))
    raise TypeError(f"no checker for annotation {tp!r}")  # pragma: no cover - a bug in a class


_COMPILED: dict[type, tuple[tuple[str, str, Checker], ...]] = {}


def field_types(cls: type) -> dict[str, Any]:
    """The resolved annotation of every attrs field of ``cls``, rules included."""
    hints = typing.get_type_hints(cls, include_extras=True)
    return {field.name: hints[field.name] for field in attrs.fields(cls)}


def wire_fields(cls: type) -> tuple[attrs.Attribute[Any], ...]:
    """The fields of ``cls`` that travel on the wire: those ``__init__`` takes (not caches)."""
    return tuple(field for field in attrs.fields(typing.cast(Any, cls)) if field.init)


def has_marker(tp: Any, marker: type) -> bool:
    """Whether an annotation (or a member of its union) carries a ``marker`` in Annotated."""
    annotated = [arg for arg in (tp, *typing.get_args(tp)) if typing.get_origin(arg) is Annotated]
    return any(isinstance(meta, marker) for arg in annotated for meta in arg.__metadata__)


def personal_fields(cls: type) -> tuple[str, ...]:
    """Names of the fields of ``cls`` that hold personal information (marked ``Personal()``)."""
    return tuple(name for name, tp in field_types(cls).items() if has_marker(tp, Personal))


def _compiled_fields(cls: type) -> tuple[tuple[str, str, Checker], ...]:
    spec = _COMPILED.get(cls)
    if spec is None:
        hints = field_types(cls)
        spec = tuple(
            (field.name, f"$.{field.name}", compile_checker(hints[field.name]))
            for field in wire_fields(cls)
        )
        _COMPILED[cls] = spec
    return spec


class Record:
    """Base of every validated class: checks all fields, then the cross-field rules.

    Subclasses put their cross-field rules in ``_rules`` (errors) and ``_warnings`` (data that
    breaks a convention, allowed but reported). Both yield :class:`Problem` items.
    """

    __slots__ = ()

    def __attrs_post_init__(self) -> None:
        errors: list[Problem] = []
        for name, path, check in _compiled_fields(type(self)):
            value = getattr(self, name)
            checked = check(value, path, errors)
            if checked is not value:
                object.__setattr__(self, name, checked)
        if not errors:
            errors.extend(self._rules())
        if errors:
            raise ValidationError(errors)
        for found in self._warnings():
            # stacklevel 3: this method, attrs' __init__, then the code that built the record.
            warnings.warn(f"{type(self).__name__} {found}", DomainWarning, stacklevel=3)

    def _rules(self) -> Iterator[Problem]:
        return iter(())

    def _warnings(self) -> Iterator[Problem]:
        return iter(())

    def warnings(self) -> list[Problem]:
        """Conventions this record breaks (real data may): each a warning with its path."""
        return list(self._warnings())


def warning(path: str, code: str, message: str) -> Problem:
    """A warning at ``path``."""
    return Problem(path=path, code=code, message=message, severity=Severity.WARNING)
