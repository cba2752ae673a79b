"""Value types: each has ``parse(text)`` and ``format()`` / ``str()`` as exact inverses."""

from community_model._values.count import Count, parse_count
from community_model._values.credit import CreditCode
from community_model._values.division import DivisionCode
from community_model._values.identity import ResidentId
from community_model._values.money import Measurement, Money
from community_model._values.schedule import Schedule
from community_model._values.when import BEIJING, Minute, PartialDate, When

__all__ = [
    "BEIJING",
    "Count",
    "CreditCode",
    "DivisionCode",
    "Measurement",
    "Minute",
    "Money",
    "PartialDate",
    "ResidentId",
    "Schedule",
    "When",
    "parse_count",
]
