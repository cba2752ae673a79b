"""Summaries as people read them: an overview of the records, then a table per level of place.

The same rendering serves ``demo`` and ``summary``, so the README's output shows what users get
from their own files.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Final

from community_model._dataset.collection import Dataset
from community_model._dataset.index import COLLECTIONS
from community_model._dataset.summary import PEOPLE, PlaceSummary, Summary, total
from community_model._entities import Ref
from community_model._errors import Problem, Severity
from community_model._values import Count
from community_model._vocab import ActivityCategory, ProjectStatus, RecordKind
from community_model._wire.converter import to_dict

from .output import escaped

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

#: Kinds a summary's partner ids may be of, in the order they are looked up.
_PARTNER_KINDS = (RecordKind.ORGANISATION, RecordKind.PARTY_BRANCH)


#: English names of the kinds of records, plural, for the overview.
#: How the overview names the lists whose names say it less well than a person would.
_SHOWN: Final = {"party_branches": "Party organisations", "organisations": "partner units"}


def overview(dataset: Dataset) -> list[str]:
    """How many records of each kind, with the Chinese term, three kinds to a line."""
    parts = [
        f"{_SHOWN.get(name, name.replace('_', ' '))} ({cls.record_kind.label}) "
        f"{len(getattr(dataset, name))}"
        for cls, name in COLLECTIONS.items()
    ]
    return ["  " + ", ".join(parts[start : start + 3]) for start in range(0, len(parts), 3)]


def total_participants(dataset: Dataset) -> Count | None:
    """All activities' participants who are people, added honestly; None if none."""
    return total(dataset.activities, PEOPLE)


def check_line(problems: Iterable[Problem]) -> str:
    """``Check: no errors, 2 warnings.``"""
    found = list(problems)
    errors = sum(1 for problem in found if problem.severity is Severity.ERROR)
    return f"Check: {_counted(errors, 'error')}, {_counted(len(found) - errors, 'warning')}."


def _counted(count: int, noun: str) -> str:
    if count == 0:
        return f"no {noun}s"
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def _partner_name(dataset: Dataset, ident: str) -> str:
    for kind in _PARTNER_KINDS:
        ref = Ref(kind=kind, id=ident)
        if ref in dataset:
            return escaped(dataset.resolve(ref).display_name)
    return ident


def _street_name(dataset: Dataset, community_id: str) -> str:
    ref = Ref(kind=RecordKind.COMMUNITY, id=community_id)
    street_id = dataset.community(community_id).street_id if ref in dataset else None
    if street_id is None:
        return "-"
    street = Ref(kind=RecordKind.STREET, id=street_id)
    return escaped(dataset.resolve(street).display_name) if street in dataset else street_id


def _lines(counts: dict[str, int], labels: dict[str, str] | None = None) -> str:
    labels = labels or {}
    return "\n".join(f"{labels.get(key, key)} {count}" for key, count in counts.items()) or "-"


_STATUS: Final = {status.value: status.label for status in ProjectStatus}
_CATEGORY: Final = {category.value: category.label for category in ActivityCategory}


def _table(*headers: str) -> Table:
    from rich import box  # noqa: PLC0415 - rich is only needed for tables
    from rich.table import Table  # noqa: PLC0415

    table = Table(box=box.SQUARE, show_lines=True)
    for header in headers:
        numeric = header.startswith(("communities", "Party", "participants"))
        table.add_column(header, justify="right" if numeric else "left", overflow="fold")
    return table


def figures_table(places: Iterable[PlaceSummary], dataset: Dataset, *, streets: bool) -> Table:
    """One row per place: communities or street, Party organisations, projects, activities."""
    second = "communities\n社区" if streets else "street\n街道/镇"
    table = _table(
        "street\n街道/镇" if streets else "community\n社区/村",
        second,
        "Party orgs\n党组织",
        "projects\n项目",
        "activities\n活动",
        "by month\n月份",
        "participants\n参与人数",
    )
    for place in places:
        table.add_row(
            escaped(place.name),
            str(place.communities) if streets else _street_name(dataset, place.id),
            str(place.branches),
            _lines(place.projects_by_status, _STATUS),
            _lines(place.activities_by_category, _CATEGORY),
            _lines(place.activities_by_month),
            "-" if place.participants is None else str(place.participants),
        )
    return table


def partners_table(places: Iterable[PlaceSummary], dataset: Dataset, *, streets: bool) -> Table:
    """The partner units (共建单位) of each place that has any."""
    table = _table(
        "street\n街道/镇" if streets else "community\n社区/村", "partner units\n共建单位"
    )
    for place in places:
        if place.partners:
            names = (_partner_name(dataset, ident) for ident in place.partners)
            table.add_row(escaped(place.name), "\n".join(names))
    return table


def print_summary(console: Console, dataset: Dataset, summary: Summary) -> None:
    """Per level of place (streets, then communities): its figures, then its partner units."""
    levels = (
        ("Streets (街道/镇)", summary.streets, True),
        ("Communities (社区/村)", summary.communities, False),
    )
    for title, places, streets in levels:
        console.print()
        console.print(f"{title}: {len(places)}")
        if places:
            console.print(figures_table(places, dataset, streets=streets))
        if any(place.partners for place in places):
            console.print(f"Partner units (共建单位) of the {title.split()[0].lower()}")
            console.print(partners_table(places, dataset, streets=streets))


def summary_data(dataset: Dataset, summary: Summary) -> dict[str, Any]:
    """``Summary.as_dict()`` with the records' counts and the total of participants."""
    people = total_participants(dataset)
    return {
        "records": {name: len(getattr(dataset, name)) for name in COLLECTIONS.values()},
        "participants": None if people is None else to_dict(people),
        **summary.as_dict(),
    }
