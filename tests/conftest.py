"""Test configuration: hypothesis profiles.

``ci`` (the default) is derandomized so that landing never depends on luck; ``deep`` runs many
more examples with fresh randomness, on demand: ``HYPOTHESIS_PROFILE=deep python -m pytest``.
``mutation`` is for mutation runs (tools/mutation.py), where each test runs once per mutant:
few examples, still derandomized so that a mutant's verdict does not depend on luck, no example
database (each mutant starts clean) and no health check for the slowness the mutation tool's
indirection adds.
"""

import os

from hypothesis import HealthCheck, settings

settings.register_profile("ci", derandomize=True, max_examples=100, deadline=None, print_blob=True)
settings.register_profile("dev", max_examples=100, deadline=None)
settings.register_profile(
    "deep",
    max_examples=2000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "mutation",
    derandomize=True,
    max_examples=20,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
