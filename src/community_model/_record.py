"""The base of every validated class: built records are valid records.

``Record.__attrs_post_init__`` runs the check generated for the class (:mod:`._codegen`): every
field's type and rules, then the class's cross-field rules (``_rules``), reporting every problem
in one :class:`ValidationError`; conventions a record breaks (``_warnings``) are issued as
:class:`DomainWarning`. A :class:`TextValue` is a value type whose wire form is its text; a
:class:`FieldText` one whose text is one of its fields, as written.
"""

from __future__ import annotations

import enum
import typing
import warnings
from collections.abc import Callable, Iterator
from typing import Any, ClassVar, Final

import attrs

from community_model._codegen import check_function, warning_function
from community_model._errors import DomainWarning, Problem, ValidationError
from community_model._messages import TYPE
from community_model._rules import describe, hidden, personal_fields, show
from community_model._runtime import Kept

__all__ = ["FieldText", "Record", "TextValue"]

_CHECKS: Final[Kept[type, Callable[[Any], list[Problem]]]] = Kept()
_WARNINGS: Final[Kept[type, Callable[[Any], list[Problem]] | None]] = Kept()


def _rule_warnings(record: Any) -> list[Problem]:
    """The warnings the rule table gives a record (values outside plausible bounds)."""
    cls = type(record)
    if cls not in _WARNINGS:
        _WARNINGS[cls] = warning_function(cls)
    found = _WARNINGS[cls]
    return [] if found is None else found(record)


def _unset(field: attrs.Attribute[Any], value: Any) -> bool:
    """Whether a field holds nothing worth showing: ``None``, an empty list, its default."""
    if value is None or value == ():
        return True
    default = field.default
    if default is attrs.NOTHING or isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        return False
    return bool(value == default)


def _short_repr(value: Any) -> str:
    """A field's value in a record's repr: members as ``Kind.NAME``, value types as text."""
    if isinstance(value, enum.Enum):
        return f"{type(value).__name__}.{value.name}"
    if isinstance(value, TextValue):
        text: str = getattr(value, "format")()  # noqa: B009 - every text value has format
        return f"{type(value).__name__}.parse({text!r})"
    if isinstance(value, tuple):
        items = ", ".join(_short_repr(item) for item in value)
        return f"({items},)" if len(value) == 1 else f"({items})"
    return repr(value)


class Record:
    """Base of every validated class: checks all fields, then the cross-field rules.

    Subclasses put their cross-field rules in a ``_rules`` method (errors) and ``_warnings``
    (data that breaks a convention, allowed but reported); both yield :class:`Problem` items and
    run only once every field is sound.
    """

    __slots__ = ()

    #: How the class travels: ``record`` (an object of its fields), ``text`` (a value type
    #: written as its text) or ``document`` (a collection, written by the document format).
    _wire_form: ClassVar[str] = "record"

    def __attrs_post_init__(self) -> None:
        cls = type(self)
        check = _CHECKS.get(cls)
        if check is None:
            check = _CHECKS[cls] = check_function(cls)
        errors = check(self)
        if errors:
            raise ValidationError(errors)
        for problem in self.warnings():
            # stacklevel 3: this method, attrs' __init__, then the code that built it.
            warnings.warn(f"{cls.__name__} {problem}", DomainWarning, stacklevel=3)

    def __repr__(self) -> str:
        """The class and the fields that are set (not ``None``, empty or their default), value
        types as their text: ``Street(id='street:a', name='吴门桥街道',
        kind=StreetKind.SUBDISTRICT)``. A field with a repr of its own (a phone, hidden) keeps it.
        """
        parts = []
        for field in attrs.fields(typing.cast(Any, type(self))):
            if not field.repr:
                continue
            value = getattr(self, field.name)
            if _unset(field, value):
                continue
            text = field.repr(value) if callable(field.repr) else _short_repr(value)
            parts.append(f"{field.name}={text}")
        return f"{type(self).__name__}({', '.join(parts)})"

    def warnings(self) -> list[Problem]:
        """Conventions this record breaks (real data may): each a warning with its path.

        Values outside what records of a field plausibly hold (the rule table's ``Plausible``
        bounds), then the class's own conventions (``_warnings``).
        """
        found: Callable[[], Iterator[Problem]] | None = getattr(self, "_warnings", None)
        own = [] if found is None else list(found())
        return [*_rule_warnings(self), *own]


class TextValue(Record):
    """A value type written as its text on the wire: ``parse`` and ``format`` are inverses."""

    __slots__ = ()

    _wire_form: ClassVar[str] = "text"

    @classmethod
    def _remedy(cls, value: object) -> str | None:
        """How to make this type of a plain ``value`` given in its place (a message says it):
        ``When.parse('2024-03-05')`` for a string; ``None`` if there is no such way."""
        if isinstance(value, str):
            return f"{cls.__name__}.parse({show(value)})"
        return None


class FieldText(TextValue):
    """A value type whose text is one field (``_text_field``) kept as written: ``format`` and
    ``str`` give it back, and ``parse`` reads it through :meth:`_written`."""

    __slots__ = ()

    #: The field that is the text form (dumpers read it inline).
    _text_field: ClassVar[str]

    @classmethod
    def _written(cls, text: object) -> str:
        """``text`` if it is a string; else a ``type`` problem that shows what was given only
        when the field is not marked personal."""
        if not isinstance(text, str):
            personal = cls._text_field in personal_fields(cls)
            raise TYPE.error(expected="a string", got=hidden(text) if personal else describe(text))
        return text

    def format(self) -> str:
        """The text as written: the exact inverse of ``parse``."""
        text: str = getattr(self, self._text_field)
        return text

    def __str__(self) -> str:
        return self.format()
