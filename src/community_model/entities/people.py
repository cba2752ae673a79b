"""People named in records: secretaries, residents quoted, reporters, volunteers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

import annotated_types as at
import attrs

from community_model._validation import Id, Matches, Name, Normalised, Personal
from community_model.entities.base import Entity, check_unique
from community_model.errors import Problem
from community_model.vocab import RecordKind, Role

__all__ = ["Person"]

PersonName = Annotated[str, Personal(), Normalised(), at.MinLen(1), at.MaxLen(100)]
Phone = Annotated[
    str,
    Personal(),
    Matches(
        r"1[3-9][0-9]{9}|0[1-9][0-9]{1,2}-?[1-9][0-9]{6,7}",
        "a mainland mobile (11 digits from 13-19) or landline (area code, then 7-8 digits)",
    ),
]
Address = Annotated[str, Personal(), Normalised(), at.MinLen(1), at.MaxLen(200)]


@attrs.frozen(kw_only=True, slots=True)
class Person(Entity):
    """A person a record names for a role.

    Fields marked personal (name, phone, address) are personal information under China's PIPL:
    :func:`community_model.personal_fields` lists them for redaction before export.
    ``community_id`` is the community a resident lives in or works for; ``position`` the title
    as written (新城社区党委书记).
    """

    record_kind = RecordKind.PERSON

    name: PersonName
    roles: Annotated[tuple[Role, ...], at.MaxLen(20)] = ()
    position: Name | None = None
    community_id: Id | None = None
    phone: Phone | None = None
    address: Address | None = None

    def _rules(self) -> Iterator[Problem]:
        yield from check_unique(self.roles, "$.roles")
