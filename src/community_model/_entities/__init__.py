"""The records: places, organisations, people, projects and activities."""

from community_model._entities.activities import Activity
from community_model._entities.base import Entity, Ref, Source, name_key
from community_model._entities.organisations import (
    Organisation,
    Partnership,
    PartyBranch,
    typical_members,
)
from community_model._entities.people import Person
from community_model._entities.places import Community, Compound, Street
from community_model._entities.projects import Decision, Funding, Outcome, ServiceProject, Votes

#: Every entity class, in the order a document lists them.
ENTITY_TYPES: tuple[type[Entity], ...] = (
    Street,
    Community,
    PartyBranch,
    Organisation,
    Person,
    Partnership,
    ServiceProject,
    Activity,
)

__all__ = [
    "ENTITY_TYPES",
    "Activity",
    "Community",
    "Compound",
    "Decision",
    "Entity",
    "Funding",
    "Organisation",
    "Outcome",
    "Partnership",
    "PartyBranch",
    "Person",
    "Ref",
    "ServiceProject",
    "Source",
    "Street",
    "Votes",
    "name_key",
    "typical_members",
]
