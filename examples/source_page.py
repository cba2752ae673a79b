"""Print the example dataset: every record of the source page, grouped by kind, one per line.

Run it with ``python examples/source_page.py``.
"""

from __future__ import annotations

from community_model import (
    Activity,
    Community,
    Entity,
    Organisation,
    Partnership,
    PartyBranch,
    Person,
    RecordKind,
    ServiceProject,
    Street,
    suzhou_2023,
)


def describe(record: Entity, names: dict[str, str]) -> str:
    """One line for a record: its Chinese name and the facts that place it."""
    match record:
        case Street():
            code = f" {record.code}" if record.code else ""
            return f"{record.name} ({record.kind.label}, {record.district}){code}"
        case Community():
            where = names.get(record.street_id or "") or record.district or "街道未载明"
            return f"{record.name} ({where})"
        case PartyBranch():
            secretary = names.get(record.secretary_id or "")
            return f"{record.name} ({record.level.label})" + (
                f" 书记 {secretary}" if secretary else ""
            )
        case Organisation():
            return f"{record.name} ({record.kind.label})"
        case Person():
            roles = "、".join(role.label for role in record.roles)
            return f"{record.name} ({record.position or roles})"
        case Partnership():
            parties = " + ".join(names[ref.id] for ref in record.parties)
            return f"{record.name or parties} ({record.signed})"
        case ServiceProject():
            scope = [names[i] for i in record.community_ids] or [names[record.street_id or ""]]
            return f"{record.name} ({'、'.join(scope)}; {record.status.label})"
        case Activity():
            return f"{record.title} ({record.category.label}; {record.when})"
    return record.id  # pragma: no cover - every kind is matched above


def main() -> None:
    records = tuple(suzhou_2023().records())
    names = {
        record.id: name
        for record in records
        if isinstance(name := getattr(record, "name", None) or getattr(record, "title", None), str)
    }
    for kind in RecordKind:
        group = [record for record in records if record.record_kind is kind]
        if not group:
            continue
        print(f"{kind.label} ({len(group)})")
        for record in group:
            print(f"  {record.id:<40} {describe(record, names)}")


if __name__ == "__main__":
    main()
