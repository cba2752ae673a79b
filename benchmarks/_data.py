"""Deterministic, realistic records for benchmarks: the library's own bulk generator, seeded.

``community_model.strategies.bulk_dataset`` builds the records the hypothesis strategies draw
(valid by construction, every reference resolved) from a seed; these helpers pick the sizes
the benchmarks use.
"""

from __future__ import annotations

from community_model import Activity, Dataset
from community_model.strategies import bulk_dataset

#: Activities per community when only activities are asked for: the records they refer to are
#: built too, so a small pool of them keeps big benchmark files quick to generate.
ACTIVITIES_PER_COMMUNITY = 100
#: Communities per street.
COMMUNITIES_PER_STREET = 10


def activities(count: int, *, seed: int = 2023) -> list[Activity]:
    """``count`` activities, the same ones for the same seed (their organisers, partners and
    communities exist in the dataset they were drawn in; no lists are built, which come after
    the activities and do not change them)."""
    communities = max(1, count // ACTIVITIES_PER_COMMUNITY)
    return list(_dataset(seed, communities, count, lists=False).activities)


def dataset(total: int, *, seed: int = 2023) -> Dataset:
    """A consistent dataset of about ``total`` records (every reference resolves).

    Per street: 10 communities and a list (清单); per community: a Party
    organisation, a partner unit, two people, a partnership, a project, two items of a list and
    an adoption, and the rest of the records as activities.
    """
    streets = max(1, total // 200)
    communities = streets * COMMUNITIES_PER_STREET
    activities = max(communities, total - 10 * communities - 2 * streets)
    return _dataset(seed, communities, activities, streets=streets)


def _dataset(
    seed: int, communities: int, activities: int, *, streets: int = 0, lists: bool = True
) -> Dataset:
    streets = streets or max(1, communities // COMMUNITIES_PER_STREET)
    return bulk_dataset(
        seed=seed,
        streets=streets,
        communities=communities,
        party_branches=communities,
        organisations=communities,
        people=2 * communities,
        partnerships=communities,
        service_projects=communities,
        activities=activities,
        service_lists=streets if lists else 0,
        list_items=2 * communities if lists else 0,
        adoptions=communities if lists else 0,
    )
