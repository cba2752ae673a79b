"""The base of every validated class: built records are valid records.

``Record.__attrs_post_init__`` runs the check generated for the class (:mod:`._codegen`): every
field's type and rules, then the class's cross-field rules (``_rules``), reporting every problem
in one :class:`ValidationError`; conventions a record breaks (``_warnings``) are issued as
:class:`DomainWarning`. A :class:`TextValue` is a value type whose wire form is its text.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from typing import Any, ClassVar, Final

from community_model._codegen import check_function, warning_function
from community_model._errors import DomainWarning, Problem, ValidationError

__all__ = ["Record", "TextValue"]

_CHECKS: Final[dict[type, Callable[[Any], list[Problem]]]] = {}
_WARNINGS: Final[dict[type, Callable[[Any], list[Problem]] | None]] = {}


def _rule_warnings(record: Any) -> list[Problem]:
    """The warnings the rule table gives a record (values outside plausible bounds)."""
    cls = type(record)
    if cls not in _WARNINGS:
        _WARNINGS[cls] = warning_function(cls)
    found = _WARNINGS[cls]
    return [] if found is None else found(record)


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
