"""Registration of every public type with hypothesis, run through the ``hypothesis`` entry point.

Hypothesis calls the hook when it is imported, so ``st.from_type(Activity)`` and ``st.builds``
of a user's class with our types as fields work with no import of ours. Nothing here draws
or materialises a strategy: they are all lazy, as hypothesis requires of plugins.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from community_model._dataset import Dataset
from community_model._entities import (
    Activity,
    Community,
    Compound,
    Decision,
    Entity,
    Funding,
    Organisation,
    Outcome,
    Partnership,
    PartyBranch,
    Person,
    Ref,
    ServiceProject,
    Source,
    Street,
    Votes,
)
from community_model._strategies import datasets, entities, records, values
from community_model._values import (
    Count,
    CreditCode,
    DivisionCode,
    Measurement,
    Money,
    PartialDate,
    ResidentId,
    When,
)


def strategies_by_type() -> dict[type, st.SearchStrategy[Any]]:
    """The strategy ``st.from_type`` gives for each public type."""
    by_entity: dict[type, st.SearchStrategy[Any]] = {
        Street: entities.streets(),
        Community: entities.communities(),
        PartyBranch: entities.party_branches(),
        Organisation: entities.organisations(),
        Person: entities.people(),
        Partnership: entities.partnerships(),
        ServiceProject: entities.service_projects(),
        Activity: entities.activities(),
    }
    return {
        **by_entity,
        Entity: st.one_of(list(by_entity.values())),
        Compound: records.compounds(),
        Count: values.counts(),
        CreditCode: values.credit_codes(),
        Decision: records.decisions(),
        DivisionCode: values.division_codes(),
        Funding: records.fundings(),
        Measurement: values.measurements(),
        Money: values.money(),
        Outcome: records.outcomes(),
        PartialDate: values.partial_dates(),
        ResidentId: values.resident_ids(),
        Ref: records.refs(),
        Source: records.sources(),
        Votes: records.votes(),
        When: values.whens(),
        Dataset: datasets.datasets(),
    }


def register() -> None:
    """Register every public type with ``st.register_type_strategy``."""
    for cls, strategy in strategies_by_type().items():
        st.register_type_strategy(cls, strategy)
