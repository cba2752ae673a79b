"""Problems, messages and the exceptions that carry them."""

import pytest
from support import activity

from community_model import Severity, ValidationError


def test_messages_name_field_rule_and_value() -> None:
    """Messages say the field, the rule and what was found."""
    with pytest.raises(ValidationError) as caught:
        activity(title="")
    (problem,) = caught.value.errors
    assert problem.message == "'title' must have at least 1 character (got 0)"
    assert problem.severity is Severity.ERROR
    assert isinstance(caught.value, ValueError)
