"""Summaries of a dataset: per street and per community, honest sums, months."""

from community_model import When
from community_model._dataset.summary import month_of


def test_the_month_of_the_end_of_time_does_not_overflow() -> None:
    """Moments at the edges of what Python holds: no OverflowError (a summary's month)."""
    assert month_of(When.parse("9999-12-31T23:00:00-10:00")) == "undated"
