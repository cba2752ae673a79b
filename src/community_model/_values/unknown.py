"""What a source leaves out, said explicitly: ``Unknown`` instead of a guess or an accidental null.

A report may not say a project's status, an activity's date, which unit hosts a Party
organisation or who the other party of an agreement is. A field that may be unknown takes an
:class:`Unknown` besides its own type (``when: Time | Unknown``); ``None`` stays "not given".
On the wire an unknown is an object tagged ``"unknown": true``, with the reason when known.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

import attrs

from community_model._errors import Problem
from community_model._messages import ALWAYS_TRUE
from community_model._record import Record
from community_model._rules import ShortText

__all__ = ["Unknown"]


@attrs.frozen(kw_only=True, slots=True)
class Unknown(Record):
    """A fact the source does not give: the record knows that it does not know.

    >>> Unknown(reason="报道未说明日期")
    Unknown(unknown=True, reason='报道未说明日期')
    """

    _wire_tag: ClassVar[str] = "unknown"

    unknown: bool = True
    reason: ShortText | None = None

    def _rules(self) -> Iterator[Problem]:
        if self.unknown is not True:
            yield ALWAYS_TRUE.at("$.unknown")

    def __str__(self) -> str:
        return "unknown" if self.reason is None else f"unknown ({self.reason})"
