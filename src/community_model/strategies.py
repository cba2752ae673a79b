"""Hypothesis strategies for every record and value of :mod:`community_model`.

One strategy per class, named as a plural noun (``streets()``, ``activities()``), plus
``datasets()`` for whole collections in which every reference resolves, and
``bulk_dataset()``, a seeded generator of the same records for big fixture files. Values are
valid by construction, never filtered through the validators; every bound comes from the
model's rule table. By default they are realistic: names follow real patterns (新城社区,
京师(苏州)律师事务所, 吴门桥街道), codes carry real province prefixes and correct check
characters, times and counts lie within what records of the field plausibly hold. With
``edge_cases=True`` they also reach the edges the rules allow (exact maximum lengths, rare
characters, the first and last valid values), so that code under test meets them on purpose;
values outside the plausible ranges (which give a ``DomainWarning``) need
``allow_warnings=True`` as well. Failures shrink to small, readable examples.

The API follows hypothesis' own: keyword-only arguments, ``min_*`` / ``max_*`` bounds, an
argument that varies given as a strategy, and bad arguments reported as
``hypothesis.errors.InvalidArgument`` when the strategy is first used, not when it is built.

Installing the package registers these strategies with hypothesis through its ``hypothesis``
entry point, so ``st.from_type(community_model.Activity)`` works without importing this module.
This module needs the ``hypothesis`` extra; ``import community_model`` never imports hypothesis.
"""

from __future__ import annotations

from community_model._strategies.datasets import bulk_dataset, datasets
from community_model._strategies.entities import (
    activities,
    adoptions,
    communities,
    list_items,
    organisations,
    partnerships,
    party_branches,
    people,
    service_lists,
    service_projects,
    streets,
)
from community_model._strategies.records import (
    compounds,
    decisions,
    fundings,
    ids,
    outcomes,
    refs,
    sources,
    unknowns,
    votes,
)
from community_model._strategies.values import (
    counts,
    credit_codes,
    division_codes,
    measurements,
    minutes,
    moments,
    money,
    partial_dates,
    resident_ids,
    schedules,
    whens,
)

__all__ = [
    "activities",
    "adoptions",
    "bulk_dataset",
    "communities",
    "compounds",
    "counts",
    "credit_codes",
    "datasets",
    "decisions",
    "division_codes",
    "fundings",
    "ids",
    "list_items",
    "measurements",
    "minutes",
    "moments",
    "money",
    "organisations",
    "outcomes",
    "partial_dates",
    "partnerships",
    "party_branches",
    "people",
    "refs",
    "resident_ids",
    "schedules",
    "service_lists",
    "service_projects",
    "sources",
    "streets",
    "unknowns",
    "votes",
    "whens",
]
