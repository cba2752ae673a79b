"""The names ``community-model schema TYPE`` knows, and the class each one describes."""

from __future__ import annotations

import re
import textwrap
from typing import Any, Final

from community_model._converter import RECORD_TYPES
from community_model._dataset import Dataset
from community_model._entities import (
    Compound,
    Decision,
    Entity,
    Funding,
    Outcome,
    Ref,
    Source,
    Votes,
)
from community_model._values import (
    Count,
    CreditCode,
    DivisionCode,
    Measurement,
    Money,
    PartialDate,
    When,
)

#: Whole files: a document, or one line of a JSON Lines file.
FILES: Final[dict[str, Any]] = {"document": Dataset, "line": Entity}

#: The value types and parts of records, by their snake_case names.
VALUES: Final[dict[str, Any]] = {
    re.sub(r"(?<!^)(?=[A-Z])", "_", cls.__name__).lower(): cls
    for cls in (
        Count,
        CreditCode,
        DivisionCode,
        Measurement,
        Money,
        PartialDate,
        When,
        Compound,
        Decision,
        Funding,
        Outcome,
        Ref,
        Source,
        Votes,
    )
}

#: Every name: the files, the record type tags (as in JSON Lines), the values.
TYPES: Final[dict[str, Any]] = {**FILES, **RECORD_TYPES, **VALUES}


def _wrapped(title: str, names: list[str]) -> str:
    body = textwrap.fill(", ".join(names), width=76, initial_indent="  ", subsequent_indent="  ")
    return f"{title}\n{body}"


def schema_help() -> str:
    """The list of TYPE names, grouped, for ``schema --help`` and unknown names."""
    return "\n".join(
        [
            "whole files:\n  document (the default), line (one line of a JSON Lines file)",
            _wrapped(
                "records (街道/镇, 社区/村, 党组织, 共建单位, 人员, 结对共建, 为民服务项目, 活动):",
                list(RECORD_TYPES),
            ),
            _wrapped("values and parts of records:", sorted(VALUES)),
        ]
    )
