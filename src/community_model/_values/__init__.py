"""Value types: each has ``parse(text)`` and ``format()`` / ``str()`` as exact inverses."""

from community_model._values.count import Count, parse_count
from community_model._values.credit import CreditCode
from community_model._values.division import DivisionCode
from community_model._values.identity import ResidentId
from community_model._values.money import Measurement, Money
from community_model._values.schedule import Schedule
from community_model._values.unknown import Unknown
from community_model._values.when import BEIJING, Minute, PartialDate, When

#: Every value type, read and written as text or as a small object (the registry lists them).
VALUE_TYPES: tuple[type, ...] = (
    Count,
    CreditCode,
    DivisionCode,
    Measurement,
    Minute,
    Money,
    PartialDate,
    ResidentId,
    Schedule,
    When,
    Unknown,
)

__all__ = [
    "BEIJING",
    "VALUE_TYPES",
    "Count",
    "CreditCode",
    "DivisionCode",
    "Measurement",
    "Minute",
    "Money",
    "PartialDate",
    "ResidentId",
    "Schedule",
    "Unknown",
    "When",
    "parse_count",
]
