"""People named in records: secretaries, residents quoted, reporters, volunteers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

import annotated_types as at
import attrs

from community_model._entities.base import CommunityId, Entity
from community_model._errors import Problem, ValidationError
from community_model._rules import Matches, Name, Normalised, Personal, Unique
from community_model._values.identity import (
    MASKED_PHONE_PATTERN,
    PHONE_PATTERN,
    ResidentId,
    mask_id_number,
    mask_phone,
)
from community_model._vocab import RecordKind, Role

__all__ = ["Person"]

PersonName = Annotated[str, Personal(), Normalised(), at.MinLen(1), at.MaxLen(100)]
Phone = Annotated[
    str,
    Personal(),
    Matches(
        f"{PHONE_PATTERN}|{MASKED_PHONE_PATTERN}",
        "a mainland mobile (11 digits from 13-19) or landline (area code, then 7-8 digits), "
        "or one masked as 138****5678",
    ),
]
IdNumber = Annotated[
    str,
    Personal(),
    Matches(
        r"[0-9]{17}[0-9X]|[0-9]{3}\*{11}[0-9]{3}[0-9X]",
        "an 18-character resident identity number, or one masked as 320***********123X",
    ),
]
Address = Annotated[str, Personal(), Normalised(), at.MinLen(1), at.MaxLen(200)]


def _hidden_phone(value: str | None) -> str:
    return "None" if value is None else repr(mask_phone(value))


def _hidden_id_number(value: str | None) -> str:
    return "None" if value is None else repr(mask_id_number(value))


@attrs.frozen(kw_only=True, slots=True, repr=False)
class Person(Entity):
    """A person a record names for a role.

    Fields marked personal (name, phone, resident identity number, household address) are
    personal information under China's PIPL: :func:`community_model.personal_fields` lists
    them, and :func:`community_model.redact` removes, masks or pseudonymises them before a
    record leaves its owner. ``repr`` never shows a phone or identity number whole. A masked
    phone (138****5678) or identity number is a valid value, so redacted files still load.
    ``community_id`` is the community a resident lives in or works for; ``position`` the title
    as written (新城社区党委书记).
    """

    record_kind = RecordKind.PERSON

    name: PersonName
    roles: Annotated[tuple[Role, ...], at.MaxLen(20), Unique()] = ()
    position: Name | None = None
    community_id: CommunityId | None = None
    phone: Phone | None = attrs.field(default=None, repr=_hidden_phone)
    id_number: IdNumber | None = attrs.field(default=None, repr=_hidden_id_number)
    address: Address | None = None

    def _rules(self) -> Iterator[Problem]:
        if self.id_number is not None and "*" not in self.id_number:
            try:
                ResidentId.parse(self.id_number)
            except ValidationError as error:
                for found in error.errors:
                    yield found.moved("$.id_number")
