"""The records: places, organisations, people, projects and activities."""

from community_model._entities.activities import Activity
from community_model._entities.base import Entity, Ref, Source, name_key
from community_model._entities.lists import Adoption, ListItem, ServiceList
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
    ServiceList,
    ListItem,
    Adoption,
)
#: The parts records are made of, loadable on their own.
PART_TYPES: tuple[type, ...] = (Compound, Decision, Funding, Outcome, Ref, Source, Votes)

__all__ = [
    "ENTITY_TYPES",
    "PART_TYPES",
    "Activity",
    "Adoption",
    "Community",
    "Compound",
    "Decision",
    "Entity",
    "Funding",
    "ListItem",
    "Organisation",
    "Outcome",
    "Partnership",
    "PartyBranch",
    "Person",
    "Ref",
    "ServiceList",
    "ServiceProject",
    "Source",
    "Street",
    "Votes",
    "name_key",
    "typical_members",
]
