"""The records: places, organisations, people, projects and activities."""

from community_model.entities.activities import Activity
from community_model.entities.base import Entity, Ref, Source, name_key
from community_model.entities.organisations import (
    Organisation,
    Partnership,
    PartyBranch,
    typical_members,
)
from community_model.entities.people import Person
from community_model.entities.places import Community, Compound, Street
from community_model.entities.projects import Decision, Funding, Outcome, ServiceProject, Votes

__all__ = [
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
