"""Every type ``loads`` reads, for the tests that throw hostile input at all of them."""

from community_model import (
    ENTITY_TYPES,
    Count,
    CreditCode,
    Dataset,
    DivisionCode,
    Entity,
    Measurement,
    Money,
    PartialDate,
    Ref,
    ResidentId,
    Source,
    When,
)

LOADABLE_TYPES: list[type] = [
    *ENTITY_TYPES,
    Dataset,
    Entity,
    Count,
    CreditCode,
    DivisionCode,
    Measurement,
    Money,
    PartialDate,
    Ref,
    ResidentId,
    Source,
    When,
]
