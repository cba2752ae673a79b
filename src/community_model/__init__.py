"""community_model: typed, validated records of grassroots community governance in China.

Streets (街道 / 镇), communities (社区 / 村), Party organisations (党委 / 党总支 / 党支部), partner
units (共建单位), co-building agreements, service projects (为民服务项目, 微改造) and activities
(义诊, 讲座, 集市, 共建签约). Every class validates on construction; invalid data cannot be built.
"""

import sys as _sys
from typing import TYPE_CHECKING as _TYPE_CHECKING
from typing import Any as _Any

from community_model._arrow import (
    MissingExtraError,
    analysis_views,
    arrow_schema,
    from_arrow,
    read_parquet,
    to_arrow,
    to_pandas,
    to_polars,
    write_parquet,
)
from community_model._dataset.collection import Dataset
from community_model._dataset.summary import PlaceSummary, Summary
from community_model._document import SCHEMA_VERSION
from community_model._entities import (
    ENTITY_TYPES,
    Activity,
    Adoption,
    Community,
    Compound,
    Decision,
    Entity,
    Funding,
    ListItem,
    Organisation,
    Outcome,
    Partnership,
    PartyBranch,
    Person,
    Ref,
    ServiceList,
    ServiceProject,
    Source,
    Street,
    Votes,
    name_key,
    typical_members,
)
from community_model._errors import (
    CommunityModelError,
    ConfigurationError,
    DomainWarning,
    Problem,
    RecordNotFound,
    Severity,
    ValidationError,
)
from community_model._io import dumpb, dumps, from_dict, json_schema, loads, make_converter, to_dict
from community_model._rules import personal_fields
from community_model._scale import (
    FileProblem,
    ShardReport,
    check_export,
    convert_shards,
    summarise_export,
    write_analysis_views,
)
from community_model._values import (
    BEIJING,
    Count,
    CreditCode,
    DivisionCode,
    Measurement,
    Minute,
    Money,
    PartialDate,
    ResidentId,
    Schedule,
    When,
    parse_count,
)
from community_model._values.count import UnitMismatch
from community_model._values.unknown import Unknown
from community_model._version import VERSION as _VERSION
from community_model._vocab import (
    ActivityCategory,
    ActivityStatus,
    AdoptionRole,
    BranchLevel,
    CommunityKind,
    CompoundKind,
    CountQualifier,
    DecisionBody,
    FundingSource,
    ItemStatus,
    ListKind,
    MeasureWord,
    OrganisationKind,
    PartnershipScope,
    PartOfDay,
    ProjectCategory,
    ProjectStatus,
    RecordKind,
    Role,
    Season,
    StreetKind,
    Unit,
    Unspecified,
    Vocabulary,
)
from community_model._wire.jsonl import read_jsonl, write_jsonl
from community_model._wire.limits import Limits

#: The installed package's version (``0.1.0.dev0``), as its metadata gives it.
__version__: str = _VERSION

if _TYPE_CHECKING:  # loaded on first use (see __getattr__ below); typed as if imported here
    from community_model._examples import suzhou_2023
    from community_model._openapi import openapi_components
    from community_model._privacy import (
        MIN_KEY_BYTES,
        Action,
        KeyFileWarning,
        RedactionPolicy,
        Redactor,
        read_key,
        redact,
    )
    from community_model._problems import (
        PROBLEM_CODES,
        json_pointer,
        problem_details,
        problem_type,
    )
    from community_model._storage import load_dataset, save_dataset

__all__ = [
    "BEIJING",
    "ENTITY_TYPES",
    "MIN_KEY_BYTES",
    "PROBLEM_CODES",
    "SCHEMA_VERSION",
    "Action",
    "Activity",
    "ActivityCategory",
    "ActivityStatus",
    "Adoption",
    "AdoptionRole",
    "BranchLevel",
    "Community",
    "CommunityKind",
    "CommunityModelError",
    "Compound",
    "CompoundKind",
    "ConfigurationError",
    "Count",
    "CountQualifier",
    "CreditCode",
    "Dataset",
    "Decision",
    "DecisionBody",
    "DivisionCode",
    "DomainWarning",
    "Entity",
    "FileProblem",
    "Funding",
    "FundingSource",
    "ItemStatus",
    "KeyFileWarning",
    "Limits",
    "ListItem",
    "ListKind",
    "MeasureWord",
    "Measurement",
    "Minute",
    "MissingExtraError",
    "Money",
    "Organisation",
    "OrganisationKind",
    "Outcome",
    "PartOfDay",
    "PartialDate",
    "Partnership",
    "PartnershipScope",
    "PartyBranch",
    "Person",
    "PlaceSummary",
    "Problem",
    "ProjectCategory",
    "ProjectStatus",
    "RecordKind",
    "RecordNotFound",
    "RedactionPolicy",
    "Redactor",
    "Ref",
    "ResidentId",
    "Role",
    "Schedule",
    "Season",
    "ServiceList",
    "ServiceProject",
    "Severity",
    "ShardReport",
    "Source",
    "Street",
    "StreetKind",
    "Summary",
    "Unit",
    "UnitMismatch",
    "Unknown",
    "Unspecified",
    "ValidationError",
    "Vocabulary",
    "Votes",
    "When",
    "analysis_views",
    "arrow_schema",
    "check_export",
    "convert_shards",
    "dumpb",
    "dumps",
    "from_arrow",
    "from_dict",
    "json_pointer",
    "json_schema",
    "load_dataset",
    "loads",
    "make_converter",
    "name_key",
    "openapi_components",
    "parse_count",
    "personal_fields",
    "problem_details",
    "problem_type",
    "read_jsonl",
    "read_key",
    "read_parquet",
    "redact",
    "save_dataset",
    "summarise_export",
    "suzhou_2023",
    "to_arrow",
    "to_dict",
    "to_pandas",
    "to_polars",
    "typical_members",
    "write_analysis_views",
    "write_jsonl",
    "write_parquet",
]

# Errors read as the public names they are caught by: community_model.ValidationError, not the
# private module that defines them (tracebacks, logs, docs).
for _error in (
    CommunityModelError,
    ConfigurationError,
    DomainWarning,
    MissingExtraError,
    RecordNotFound,
    UnitMismatch,
    ValidationError,
):
    _error.__module__ = __name__
del _error


def __getattr__(name: str) -> _Any:
    """Names of services a call may never need, loaded on first use (PEP 562): the bundled
    example's data, redaction, files on disk, problem details and OpenAPI components."""
    # Each import below is lazy by design (tests/test_architecture.py lists them), not to
    # dodge a cycle: these modules sit above the facade's other imports.
    module: _Any
    if name == "suzhou_2023":
        from community_model import _examples as module  # noqa: PLC0415
    elif name in (
        "MIN_KEY_BYTES",
        "Action",
        "KeyFileWarning",
        "RedactionPolicy",
        "Redactor",
        "read_key",
        "redact",
    ):
        from community_model import _privacy as module  # noqa: PLC0415
    elif name in ("load_dataset", "save_dataset"):
        from community_model import _storage as module  # noqa: PLC0415
    elif name in ("PROBLEM_CODES", "json_pointer", "problem_details", "problem_type"):
        from community_model import _problems as module  # noqa: PLC0415
    elif name == "openapi_components":
        from community_model import _openapi as module  # noqa: PLC0415
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    found = getattr(module, name)
    globals()[name] = found
    return found


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


if "hypothesis" in _sys.modules:
    # hypothesis was imported first: its entry point found no library to register, so the
    # library registers its types now (lazily: no strategy is built until one is asked for).
    from community_model._strategies.entry import register as _register

    _register()
    del _register
del _sys
